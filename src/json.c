/*
 * json.c - json-c behind a small API: bounded parse with positions,
 * tolerant getters, deterministic writer.
 */
#include "json.h"
#include "buf.h"

#include <errno.h>
#include <string.h>

/* Line and column (1-based) of byte offset off in buf. */
static void offset_position(const char *buf, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

struct json_object *json_parse_buf(const char *buf, size_t len, const char *label,
				   struct errbuf *err)
{
	struct json_tokener *tok;
	struct json_object *obj;
	enum json_tokener_error jerr;
	int line, col;

	if (len > INT32_MAX) {
		err_set(err, "%s: JSON document too large", label);
		return NULL;
	}
	tok = json_tokener_new_ex(64);
	if (!tok)
		die("out of memory");
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_continue) {
		offset_position(buf, len, &line, &col);
		err_set(err, "%s:%d:%d: invalid JSON: unexpected end of input", label, line, col);
		json_object_put(obj);
		obj = NULL;
	} else if (jerr != json_tokener_success) {
		size_t off = json_tokener_get_parse_end(tok);

		offset_position(buf, off, &line, &col);
		err_set(err, "%s:%d:%d: invalid JSON: %s", label, line, col,
			json_tokener_error_desc(jerr));
		obj = NULL;
	} else {
		/* Trailing garbage after the document: only whitespace allowed. */
		size_t off = json_tokener_get_parse_end(tok);

		while (off < len && strchr(" \t\r\n", buf[off]) && buf[off])
			off++;
		if (off < len) {
			offset_position(buf, off, &line, &col);
			err_set(err, "%s:%d:%d: invalid JSON: trailing data", label, line, col);
			json_object_put(obj);
			obj = NULL;
		}
	}
	json_tokener_free(tok);
	return obj;
}

struct json_object *json_parse_file(const char *path, size_t max_bytes, struct errbuf *err)
{
	struct buf b = BUF_INIT;
	struct json_object *obj = NULL;
	char chunk[65536];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp) {
		err_set(err, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b.len + n > max_bytes) {
			err_set(err, "cannot read '%s': larger than %zu bytes", path, max_bytes);
			goto out;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(fp)) {
		err_set(err, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	obj = json_parse_buf(buf_str(&b), b.len, path, err);
out:
	fclose(fp);
	buf_release(&b);
	return obj;
}

struct json_object *json_get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

const char *json_get_str(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

long long json_get_int(struct json_object *o, const char *key, long long def)
{
	struct json_object *v = json_get(o, key);

	if (!v ||
	    !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
		return def;
	return (long long)json_object_get_int64(v);
}

int json_get_bool(struct json_object *o, const char *key, int def)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : def;
}

struct json_object *json_get_array(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_array) ? v : NULL;
}

struct json_object *json_get_object(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_object) ? v : NULL;
}

void json_put_str(struct json_object *o, const char *key, const char *value)
{
	json_object_object_add(o, key, value ? json_object_new_string(value) : NULL);
}

void json_put_int(struct json_object *o, const char *key, long long value)
{
	json_object_object_add(o, key, json_object_new_int64(value));
}

void json_put_bool(struct json_object *o, const char *key, int value)
{
	json_object_object_add(o, key, json_object_new_boolean(value));
}

int json_write(FILE *fp, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_SPACED |
								  JSON_C_TO_STRING_NOSLASHESCAPE);

	if (fputs(s, fp) < 0 || fputc('\n', fp) < 0)
		return -1;
	return 0;
}
