/*
 * json.h - the small layer over json-c that the rest of dockgate uses:
 * bounded parsing with positions in errors, typed getters that tolerate
 * missing keys, and deterministic pretty writing.
 */
#ifndef DG_JSON_H
#define DG_JSON_H

#include "dockgate.h"

#include <json-c/json.h>

/*
 * Parse len bytes. On error returns NULL with "LABEL:LINE:COLUMN: message"
 * in err (label names the file or endpoint).
 */
struct json_object *json_parse_buf(const char *buf, size_t len, const char *label,
				   struct errbuf *err);
/* Read and parse a file of at most max_bytes. */
struct json_object *json_parse_file(const char *path, size_t max_bytes, struct errbuf *err);

/* Getters: NULL / 0 / def when the key is missing or of another type. */
struct json_object *json_get(struct json_object *, const char *key);
const char *json_get_str(struct json_object *, const char *key);
long long json_get_int(struct json_object *, const char *key, long long def);
int json_get_bool(struct json_object *, const char *key, int def);
struct json_object *json_get_array(struct json_object *, const char *key);
struct json_object *json_get_object(struct json_object *, const char *key);

/* Builders that take C strings (NULL becomes JSON null). */
void json_put_str(struct json_object *, const char *key, const char *value);
void json_put_int(struct json_object *, const char *key, long long value);
void json_put_bool(struct json_object *, const char *key, int value);

/* Write pretty JSON with a trailing newline; -1 on stream error. */
int json_write(FILE *, struct json_object *);

#endif
