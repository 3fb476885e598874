/*
 * host_dockerd.c - dockerd's effective configuration: its command line
 * parsed the way dockerd's flag parser does and its daemon.json merged in,
 * each option with where it came from. No I/O: source_host.c reads the
 * process and the file and hands them over.
 */
#include "facts_host.h"
#include "json.h"
#include "buf.h"

#include <string.h>

#define MAX_SHOWN 160 /* characters of a value shown in a provenance string */

enum flag_kind { FLAG_BOOL, FLAG_VALUE, FLAG_LIST };

/* dockerd flags whose daemon.json key or kind differs from the default. */
static const struct flag_map {
	const char *name;
	char shorthand;
	const char *key;
	enum flag_kind kind;
} flag_map[] = {
	{ "authorization-plugin", 0, "authorization-plugins", FLAG_LIST },
	{ "bridge", 'b', "bridge", FLAG_VALUE },
	{ "config-file", 0, "config-file", FLAG_VALUE },
	{ "cri-containerd", 0, "cri-containerd", FLAG_BOOL },
	{ "data-root", 0, "data-root", FLAG_VALUE },
	{ "debug", 'D', "debug", FLAG_BOOL },
	{ "default-ulimit", 0, "default-ulimits", FLAG_LIST },
	{ "dns", 0, "dns", FLAG_LIST },
	{ "dns-opt", 0, "dns-opts", FLAG_LIST },
	{ "dns-search", 0, "dns-search", FLAG_LIST },
	{ "exec-opt", 0, "exec-opts", FLAG_LIST },
	{ "experimental", 0, "experimental", FLAG_BOOL },
	{ "graph", 'g', "data-root", FLAG_VALUE },
	{ "group", 'G', "group", FLAG_VALUE },
	{ "help", 'h', "help", FLAG_BOOL },
	{ "host", 'H', "hosts", FLAG_LIST },
	{ "icc", 0, "icc", FLAG_BOOL },
	{ "init", 0, "init", FLAG_BOOL },
	{ "insecure-registry", 0, "insecure-registries", FLAG_LIST },
	{ "ip-forward", 0, "ip-forward", FLAG_BOOL },
	{ "ip-masq", 0, "ip-masq", FLAG_BOOL },
	{ "ip6tables", 0, "ip6tables", FLAG_BOOL },
	{ "iptables", 0, "iptables", FLAG_BOOL },
	{ "ipv6", 0, "ipv6", FLAG_BOOL },
	{ "label", 0, "labels", FLAG_LIST },
	{ "live-restore", 0, "live-restore", FLAG_BOOL },
	{ "log-level", 'l', "log-level", FLAG_VALUE },
	{ "log-opt", 0, "log-opts", FLAG_LIST },
	{ "no-new-privileges", 0, "no-new-privileges", FLAG_BOOL },
	{ "pidfile", 'p', "pidfile", FLAG_VALUE },
	{ "raw-logs", 0, "raw-logs", FLAG_BOOL },
	{ "registry-mirror", 0, "registry-mirrors", FLAG_LIST },
	{ "rootless", 0, "rootless", FLAG_BOOL },
	{ "selinux-enabled", 0, "selinux-enabled", FLAG_BOOL },
	{ "storage-driver", 's', "storage-driver", FLAG_VALUE },
	{ "storage-opt", 0, "storage-opts", FLAG_LIST },
	{ "tls", 0, "tls", FLAG_BOOL },
	{ "tlsverify", 0, "tlsverify", FLAG_BOOL },
	{ "userland-proxy", 0, "userland-proxy", FLAG_BOOL },
	{ "validate", 0, "validate", FLAG_BOOL },
	{ "version", 'v', "version", FLAG_BOOL },
};

static const struct flag_map *flag_find(const char *name, size_t len, char shorthand)
{
	for (size_t i = 0; i < ARRAY_SIZE(flag_map); i++) {
		const struct flag_map *m = &flag_map[i];

		if (shorthand ? m->shorthand == shorthand
			      : strlen(m->name) == len && !strncmp(m->name, name, len))
			return m;
	}
	return NULL;
}

/* Go's strconv.ParseBool, as dockerd's flag parser uses it; -1 when invalid. */
static int parse_go_bool(const char *s)
{
	static const char *const t[] = { "1", "t", "T", "true", "TRUE", "True" };
	static const char *const f[] = { "0", "f", "F", "false", "FALSE", "False" };

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		if (!strcmp(s, t[i]))
			return 1;
		if (!strcmp(s, f[i]))
			return 0;
	}
	return -1;
}

/* A flag occurrence collected before merging: key, value, the tokens shown. */
struct flag_value {
	char *key;
	enum flag_kind kind;
	char *value;
	char *shown;
};

/* Does an option name look like it holds a secret (splunk-token, ...password)? */
static int secret_name(const char *k, size_t n)
{
	static const char *const words[] = { "token",	"password",   "passwd",
					     "secret",	"credential", "apikey",
					     "api-key", "access-key", "private-key" };

	for (size_t w = 0; w < ARRAY_SIZE(words); w++) {
		size_t wl = strlen(words[w]);

		for (size_t i = 0; i + wl <= n; i++)
			if (!strncasecmp(k + i, words[w], wl))
				return 1;
	}
	return 0;
}

/* A copy of "k=v" with v replaced when k names a secret (--log-opt splunk-token=...). */
static char *redact_kv(const char *s)
{
	const char *eq = strchr(s, '=');

	if (eq && secret_name(s, (size_t)(eq - s)))
		return xstrfmt("%.*s=<redacted>", (int)(eq - s), s);
	return xstrdup(s);
}

/* Does a daemon.json value hold a secret-looking key anywhere? */
static int json_has_secret(struct json_object *v)
{
	if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++)
			if (json_has_secret(json_object_array_get_idx(v, i)))
				return 1;
	} else if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, k, val)
		{
			if (secret_name(k, strlen(k)) || json_has_secret(val))
				return 1;
		}
	}
	return 0;
}

/* Shorten a value for display in a provenance string. */
static void add_shown(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	if (n > MAX_SHOWN) {
		buf_add(b, s, MAX_SHOWN);
		buf_adds(b, "...");
	} else {
		buf_adds(b, s);
	}
}

/*
 * Parse dockerd's argv into (key, value) occurrences the way its flag
 * parser does: --flag=v, --flag v, -Hv, -H v, boolean flags that never take
 * the next word, repeated flags. dockerd takes no positional arguments, so
 * a word after an unknown non-boolean flag is its value.
 */
static size_t parse_dockerd_argv(const struct strlist *argv, struct flag_value **out)
{
	struct flag_value *v = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 1; i < argv->n; i++) {
		const char *a = argv->v[i], *name, *eq, *val = NULL;
		const struct flag_map *m;
		struct buf shown = BUF_INIT;
		enum flag_kind kind;
		char keybuf[128];
		const char *key;
		char *safe = NULL;
		size_t len;

		if (a[0] != '-' || !a[1])
			continue;
		if (a[1] == '-') {
			if (!a[2])
				break;
			name = a + 2;
			eq = strchr(name, '=');
			len = eq ? (size_t)(eq - name) : strlen(name);
			m = flag_find(name, len, 0);
			if (eq)
				val = eq + 1;
		} else {
			name = a + 1;
			len = 1;
			m = flag_find(NULL, 0, a[1]);
			if (!m)
				continue;
			if (a[2])
				val = a[2] == '=' ? a + 3 : a + 2;
		}
		if (len >= sizeof(keybuf))
			continue;
		if (m) {
			key = m->key;
			kind = m->kind;
		} else {
			memcpy(keybuf, name, len);
			keybuf[len] = '\0';
			key = keybuf;
			kind = FLAG_VALUE;
			if (!val && (i + 1 >= argv->n || argv->v[i + 1][0] == '-'))
				kind = FLAG_BOOL;
		}
		buf_adds(&shown, "dockerd ");
		if (kind == FLAG_BOOL) {
			int bv = val ? parse_go_bool(val) : 1;

			if (bv < 0)
				goto next;
			val = bv ? "true" : "false";
			add_shown(&shown, a);
		} else if (!val) {
			if (i + 1 >= argv->n)
				goto next;
			val = argv->v[++i];
			safe = redact_kv(val);
			add_shown(&shown, a);
			buf_addc(&shown, ' ');
			add_shown(&shown, safe);
		} else {
			safe = redact_kv(val);
			buf_add(&shown, a, (size_t)(val - a));
			add_shown(&shown, safe);
		}
		ALLOC_GROW(v, n + 1, alloc);
		v[n].key = xstrdup(key);
		v[n].kind = kind;
		v[n].value = safe ? safe : xstrdup(val);
		v[n].shown = buf_detach(&shown);
		n++;
		continue;
	next:
		buf_release(&shown);
	}
	*out = v;
	return n;
}

/* Merge parsed flags into h's options: lists join, the last single value wins. */
static void apply_flags(struct host_facts *h, struct flag_value *fv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct buf value = BUF_INIT, source = BUF_INIT;
		int seen = 0;

		for (size_t j = 0; j < i; j++)
			if (!strcmp(fv[j].key, fv[i].key))
				seen = 1;
		if (seen)
			continue;
		buf_adds(&source, fv[i].shown);
		buf_adds(&value, fv[i].value);
		for (size_t j = i + 1; j < n; j++) {
			if (strcmp(fv[j].key, fv[i].key))
				continue;
			if (fv[i].kind == FLAG_LIST) {
				if (value.len && fv[j].value[0])
					buf_addc(&value, ',');
				buf_adds(&value, fv[j].value);
			} else {
				buf_reset(&value);
				buf_adds(&value, fv[j].value);
			}
			buf_adds(&source, fv[j].shown + strlen("dockerd"));
		}
		if (value.len)
			host_dockerd_set(h, fv[i].key, value.s, source.s);
		buf_release(&value);
		buf_release(&source);
	}
}

/* Render a daemon.json value as host_dockerd_option() documents it. */
static void render_json_value(struct buf *b, struct json_object *v, int depth)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		break;
	case json_type_boolean:
		buf_adds(b, json_object_get_boolean(v) ? "true" : "false");
		break;
	case json_type_string:
		buf_adds(b, json_object_get_string(v));
		break;
	case json_type_array: {
		size_t n = json_object_array_length(v);

		for (size_t i = 0; i < n; i++) {
			struct buf item = BUF_INIT;

			render_json_value(&item, json_object_array_get_idx(v, i), depth + 1);
			if (item.len) {
				if (b->len)
					buf_addc(b, ',');
				buf_add(b, item.s, item.len);
			}
			buf_release(&item);
		}
		break;
	}
	case json_type_object: {
		struct json_object *soft, *hard;
		int first = 1;

		if (depth > 0 && json_object_object_get_ex(v, "Soft", &soft) &&
		    json_object_object_get_ex(v, "Hard", &hard)) {
			buf_addf(b, "%lld:%lld", (long long)json_object_get_int64(soft),
				 (long long)json_object_get_int64(hard));
			break;
		}
		json_object_object_foreach(v, k, val)
		{
			if (!first)
				buf_addc(b, ',');
			first = 0;
			buf_addf(b, "%s=", k);
			if (secret_name(k, strlen(k)))
				buf_adds(b, "<redacted>");
			else if (json_object_is_type(val, json_type_object) ||
				 json_object_is_type(val, json_type_array))
				render_json_value(b, val, depth + 1);
			else if (json_object_is_type(val, json_type_string))
				buf_adds(b, json_object_get_string(val));
			else
				buf_adds(b, json_object_to_json_string_ext(val,
									   JSON_C_TO_STRING_PLAIN));
		}
		break;
	}
	default:
		buf_adds(b, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		break;
	}
}

void host_dockerd_apply_config(struct host_facts *h, struct json_object *obj, const char *path)
{
	const char *label = strcmp(path, "/etc/docker/daemon.json") ? path : NULL;

	json_object_object_foreach(obj, k, v)
	{
		struct buf value = BUF_INIT, source = BUF_INIT;
		const char *key = strcmp(k, "graph") ? k : "data-root";
		const char *flag_source = NULL;

		render_json_value(&value, v, 0);
		if (!value.len)
			goto next;
		if (secret_name(k, strlen(k))) {
			buf_reset(&value);
			buf_adds(&value, "<redacted>");
		}
		if (label)
			buf_addf(&source, "daemon.json (%s): \"%s\": ", label, k);
		else
			buf_addf(&source, "daemon.json: \"%s\": ", k);
		/* Secrets are never shown: then the redacted rendering stands in for the JSON. */
		if (secret_name(k, strlen(k)) || json_has_secret(v))
			add_shown(&source, value.s);
		else
			add_shown(&source, json_object_to_json_string_ext(
						   v, JSON_C_TO_STRING_PLAIN |
							      JSON_C_TO_STRING_NOSLASHESCAPE));
		if (host_dockerd_option(h, key, NULL, &flag_source)) {
			struct dockerd_option *o = NULL;

			for (size_t i = 0; i < h->nopts; i++)
				if (!strcmp(h->opts[i].key, key))
					o = &h->opts[i];
			free(o->conflict);
			o->conflict = xstrfmt("%s conflicts with %s (dockerd refuses to start with "
					      "a setting in both; the command line is what runs)",
					      flag_source, source.s);
		} else {
			host_dockerd_set(h, key, value.s, source.s);
		}
	next:
		buf_release(&value);
		buf_release(&source);
	}
}

void host_dockerd_apply_argv(struct host_facts *h, const struct strlist *argv)
{
	struct flag_value *fv = NULL;
	size_t n = parse_dockerd_argv(argv, &fv);

	apply_flags(h, fv, n);
	for (size_t i = 0; i < n; i++) {
		free(fv[i].key);
		free(fv[i].value);
		free(fv[i].shown);
	}
	free(fv);
}
