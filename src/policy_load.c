/*
 * policy_load.c - the policy file: YAML (JSON is YAML too) read with libyaml
 * into struct policy. The only libyaml user.
 *
 * The file is small and hand-written, so it is loaded whole (bounded), as a
 * libyaml document, and walked with a fixed schema. Every error names the
 * file, line and column of the offending node; nothing is silently ignored:
 * unknown keys, wrong types, bad dates, waivers without reasons, patterns
 * that match no known check and waivers running past max_waiver_days all
 * fail the load.
 */
#include "policy.h"
#include "buf.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

/* A policy is a short hand-written file; anything bigger is a mistake. */
#define POLICY_MAX_BYTES (1024 * 1024)
/* Deeper than any real policy (the schema nests four levels). */
#define POLICY_MAX_DEPTH 32
/* Keeps day arithmetic far from overflow; ten years is already generous. */
#define POLICY_MAX_WAIVER_DAYS 36500

struct loader {
	const char *path;
	yaml_document_t doc;
	struct policy *p;
	struct errbuf *err;
};

/* Set "FILE:LINE:COLUMN: message" for a node (or for 1:1 without one). */
__attribute__((format(printf, 3, 4))) static int load_error(struct loader *l, const yaml_node_t *n,
							    const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(l->err, "%s:%zu:%zu: %s", l->path, n ? n->start_mark.line + 1 : 1,
		       n ? n->start_mark.column + 1 : 1, msg);
}

static yaml_node_t *load_node(struct loader *l, int index)
{
	return yaml_document_get_node(&l->doc, index);
}

static const char *node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_NO_NODE:
		break;
	}
	return "nothing";
}

static const char *scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static int is_plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* A YAML null: an empty plain scalar, "~" or "null". */
static int is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (!is_plain(n))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(nulls); i++)
		if (!strcmp(scalar(n), nulls[i]))
			return 1;
	return 0;
}

/* A string value: any non-null scalar (so "ticket: 123" and "check: 4.1" work). */
static int get_string(struct loader *l, const yaml_node_t *n, const char *what, const char **out)
{
	if (n->type != YAML_SCALAR_NODE || is_null(n))
		return load_error(l, n, "'%s' must be a string, not %s", what,
				  n->type == YAML_SCALAR_NODE ? "null" : node_kind(n));
	if (strlen(scalar(n)) != n->data.scalar.length)
		return load_error(l, n, "'%s' contains a NUL character", what);
	*out = scalar(n);
	return 0;
}

static int get_bool(struct loader *l, const yaml_node_t *n, const char *what, int *out)
{
	static const char *const yes[] = { "true", "True", "TRUE" };
	static const char *const no[] = { "false", "False", "FALSE" };

	if (is_plain(n)) {
		for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
			if (!strcmp(scalar(n), yes[i])) {
				*out = 1;
				return 0;
			}
			if (!strcmp(scalar(n), no[i])) {
				*out = 0;
				return 0;
			}
		}
	}
	return load_error(l, n, "'%s' must be true or false, not %s", what,
			  n->type == YAML_SCALAR_NODE ? "a string" : node_kind(n));
}

/* A non-negative integer no larger than max, written as plain digits. */
static int get_count(struct loader *l, const yaml_node_t *n, const char *what, long long max,
		     long long *out)
{
	const char *s;
	char *end;
	long long v;

	if (!is_plain(n) || !*scalar(n))
		return load_error(l, n, "'%s' must be a whole number, not %s", what,
				  n->type == YAML_SCALAR_NODE ? "a string" : node_kind(n));
	s = scalar(n);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno || s[0] == '-' || s[0] == '+' || v < 0)
		return load_error(l, n, "'%s' must be a whole number >= 0, not '%s'", what, s);
	if (v > max)
		return load_error(l, n, "'%s' must be at most %lld, not %lld", what, max, v);
	*out = v;
	return 0;
}

/* "critical".."info", or "none" when none_ok. */
static int get_severity(struct loader *l, const yaml_node_t *n, const char *what, int none_ok,
			enum severity *out, int *none)
{
	const char *s;

	if (get_string(l, n, what, &s) < 0)
		return -1;
	if (none_ok && !strcasecmp(s, "none")) {
		*none = 1;
		return 0;
	}
	if (severity_parse(s, out) < 0)
		return load_error(
			l, n, "'%s': '%s' is not a severity (critical, high, medium, low, info%s)",
			what, s, none_ok ? " or none" : "");
	if (none)
		*none = 0;
	return 0;
}

/*
 * Check that a mapping has only allowed keys, each once, all strings.
 * allowed is NULL-terminated; where names the mapping in messages.
 */
static int check_keys(struct loader *l, const yaml_node_t *map, const char *where,
		      const char *const *allowed)
{
	for (yaml_node_pair_t *a = map->data.mapping.pairs.start; a < map->data.mapping.pairs.top;
	     a++) {
		const yaml_node_t *k = load_node(l, a->key);
		size_t i;

		if (k->type != YAML_SCALAR_NODE)
			return load_error(l, k, "keys in '%s' must be strings, not %s", where,
					  node_kind(k));
		for (i = 0; allowed[i]; i++)
			if (!strcmp(allowed[i], scalar(k)))
				break;
		if (!allowed[i]) {
			struct buf b = BUF_INIT;

			for (i = 0; allowed[i]; i++)
				buf_addf(&b, "%s%s", i ? ", " : "", allowed[i]);
			load_error(l, k, "unknown key '%s' in '%s' (expected %s)", scalar(k), where,
				   b.s);
			buf_release(&b);
			return -1;
		}
		for (yaml_node_pair_t *b = map->data.mapping.pairs.start; b < a; b++)
			if (!strcmp(scalar(load_node(l, b->key)), scalar(k)))
				return load_error(l, k, "duplicate key '%s' in '%s'", scalar(k),
						  where);
	}
	return 0;
}

/* The value of key in a (checked) mapping, or NULL. */
static yaml_node_t *lookup(struct loader *l, const yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *a = map->data.mapping.pairs.start; a < map->data.mapping.pairs.top;
	     a++)
		if (!strcmp(scalar(load_node(l, a->key)), key))
			return load_node(l, a->value);
	return NULL;
}

static int want_mapping(struct loader *l, const yaml_node_t *n, const char *what)
{
	if (n->type != YAML_MAPPING_NODE)
		return load_error(l, n, "'%s' must be a mapping, not %s", what,
				  is_null(n) ? "null" : node_kind(n));
	return 0;
}

static int check_pattern(struct loader *l, const yaml_node_t *n, const char *what, const char *s)
{
	if (!catalog_pattern_known(s))
		return load_error(l, n, "'%s': '%s' matches no known check (see 'dockgate checks')",
				  what, s);
	return 0;
}

typedef int (*item_fn)(struct loader *, const yaml_node_t *, const char *what, const char *value);

/* A string or a list of strings; each item validated by fn (may be NULL). */
static int get_list(struct loader *l, const yaml_node_t *n, const char *what, item_fn fn,
		    struct strlist *out)
{
	const char *s;

	if (n->type == YAML_SCALAR_NODE) {
		if (get_string(l, n, what, &s) < 0 || (fn && fn(l, n, what, s) < 0))
			return -1;
		strlist_push(out, s);
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return load_error(l, n, "'%s' must be a string or a list of strings, not %s", what,
				  node_kind(n));
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	     i++) {
		const yaml_node_t *item = load_node(l, *i);

		if (get_string(l, item, what, &s) < 0 || (fn && fn(l, item, what, s) < 0))
			return -1;
		strlist_push(out, s);
	}
	return 0;
}

/* "8080", "8080/tcp", "53/udp", "9/sctp". */
static int check_port(struct loader *l, const yaml_node_t *n, const char *what, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno || v < 1 || v > 65535 || s[0] == '+' || s[0] == '-' ||
	    (*end && strcmp(end, "/tcp") && strcmp(end, "/udp") && strcmp(end, "/sctp")))
		return load_error(l, n, "'%s': '%s' is not a port (8080, 8080/tcp, 53/udp)", what,
				  s);
	return 0;
}

static int check_nonempty(struct loader *l, const yaml_node_t *n, const char *what, const char *s)
{
	if (!*s)
		return load_error(l, n, "'%s' must not be empty", what);
	return 0;
}

/* checks.severity / targets.X.checks.severity: { pattern: severity }. */
static int load_severities(struct loader *l, const yaml_node_t *n, const char *what,
			   struct severity_override **out, size_t *nout)
{
	size_t alloc = 0;

	if (want_mapping(l, n, what) < 0)
		return -1;
	for (yaml_node_pair_t *a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top;
	     a++) {
		const yaml_node_t *k = load_node(l, a->key), *v = load_node(l, a->value);
		const char *pattern;
		enum severity sev;

		if (get_string(l, k, what, &pattern) < 0 ||
		    check_pattern(l, k, what, pattern) < 0 ||
		    get_severity(l, v, what, 0, &sev, NULL) < 0)
			return -1;
		ALLOC_GROW(*out, *nout + 1, alloc);
		(*out)[*nout].pattern = xstrdup(pattern);
		(*out)[*nout].severity = sev;
		(*nout)++;
	}
	return 0;
}

/* checks.params */
static int load_params(struct loader *l, const yaml_node_t *n)
{
	static const char *const keys[] = { "setuid_allow", "secret_files",   "allowed_ports",
					    "max_images",   "max_containers", NULL };
	struct policy *p = l->p;
	yaml_node_t *v;
	long long count;

	if (want_mapping(l, n, "checks.params") < 0 || check_keys(l, n, "checks.params", keys) < 0)
		return -1;
	if ((v = lookup(l, n, "setuid_allow")) &&
	    get_list(l, v, "checks.params.setuid_allow", check_nonempty, &p->setuid_allow) < 0)
		return -1;
	if ((v = lookup(l, n, "secret_files")) &&
	    get_list(l, v, "checks.params.secret_files", check_nonempty, &p->secret_files) < 0)
		return -1;
	if ((v = lookup(l, n, "allowed_ports")) &&
	    get_list(l, v, "checks.params.allowed_ports", check_port, &p->allowed_ports) < 0)
		return -1;
	if ((v = lookup(l, n, "max_images"))) {
		if (get_count(l, v, "checks.params.max_images", 1000000, &count) < 0)
			return -1;
		p->max_images = (long)count;
	}
	if ((v = lookup(l, n, "max_containers"))) {
		if (get_count(l, v, "checks.params.max_containers", 1000000, &count) < 0)
			return -1;
		p->max_containers = (long)count;
	}
	return 0;
}

/* checks: include, exclude, severity (and params at the top level only). */
static int load_checks(struct loader *l, const yaml_node_t *n, const char *where, int top,
		       struct strlist *include, struct strlist *exclude,
		       struct severity_override **sev, size_t *nsev)
{
	static const char *const top_keys[] = { "include", "exclude", "severity", "params", NULL };
	static const char *const scope_keys[] = { "include", "exclude", "severity", NULL };
	yaml_node_t *v;
	char *what = xstrfmt("%s", where);
	int ret = -1;

	if (want_mapping(l, n, where) < 0 ||
	    check_keys(l, n, where, top ? top_keys : scope_keys) < 0)
		goto out;
	free(what);
	what = xstrfmt("%s.include", where);
	if ((v = lookup(l, n, "include")) && get_list(l, v, what, check_pattern, include) < 0)
		goto out;
	free(what);
	what = xstrfmt("%s.exclude", where);
	if ((v = lookup(l, n, "exclude")) && get_list(l, v, what, check_pattern, exclude) < 0)
		goto out;
	free(what);
	what = xstrfmt("%s.severity", where);
	if ((v = lookup(l, n, "severity")) && load_severities(l, v, what, sev, nsev) < 0)
		goto out;
	if (top && (v = lookup(l, n, "params")) && load_params(l, v) < 0)
		goto out;
	ret = 0;
out:
	free(what);
	return ret;
}

/* gate: fail_on, max, new_only, waivers_may_not_expire, strict_waivers. */
static int load_gate(struct loader *l, const yaml_node_t *n)
{
	static const char *const keys[] = { "fail_on",	      "max",
					    "new_only",	      "waivers_may_not_expire",
					    "strict_waivers", NULL };
	struct policy *p = l->p;
	yaml_node_t *v;

	if (want_mapping(l, n, "gate") < 0 || check_keys(l, n, "gate", keys) < 0)
		return -1;
	if ((v = lookup(l, n, "fail_on"))) {
		int none = 0;

		if (get_severity(l, v, "gate.fail_on", 1, &p->fail_on, &none) < 0)
			return -1;
		p->fail_on_none = none;
	}
	if ((v = lookup(l, n, "max"))) {
		if (want_mapping(l, v, "gate.max") < 0)
			return -1;
		for (yaml_node_pair_t *a = v->data.mapping.pairs.start;
		     a < v->data.mapping.pairs.top; a++) {
			const yaml_node_t *k = load_node(l, a->key);
			const char *s;
			enum severity sev;
			long long count;

			if (get_string(l, k, "gate.max", &s) < 0)
				return -1;
			if (severity_parse(s, &sev) < 0)
				return load_error(
					l, k,
					"'gate.max': '%s' is not a severity (critical, high, medium, low, info)",
					s);
			if (get_count(l, load_node(l, a->value), "gate.max", 100000000, &count) < 0)
				return -1;
			p->max[sev] = count;
		}
	}
	if ((v = lookup(l, n, "new_only")) && get_bool(l, v, "gate.new_only", &p->new_only) < 0)
		return -1;
	if ((v = lookup(l, n, "waivers_may_not_expire")) &&
	    get_bool(l, v, "gate.waivers_may_not_expire", &p->waivers_may_not_expire) < 0)
		return -1;
	if ((v = lookup(l, n, "strict_waivers")) &&
	    get_bool(l, v, "gate.strict_waivers", &p->strict_waivers) < 0)
		return -1;
	return 0;
}

/* targets: { "image:registry/team/PATTERN": { gate: { fail_on }, checks: {...} } } */
static int load_targets(struct loader *l, const yaml_node_t *n)
{
	static const char *const keys[] = { "gate", "checks", NULL };
	static const char *const gate_keys[] = { "fail_on", NULL };
	struct policy *p = l->p;
	size_t alloc = 0;

	if (want_mapping(l, n, "targets") < 0)
		return -1;
	for (yaml_node_pair_t *a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top;
	     a++) {
		const yaml_node_t *k = load_node(l, a->key), *v = load_node(l, a->value);
		struct policy_scope *s;
		const yaml_node_t *g, *c;
		const char *pattern;
		char *where;
		int ret;

		if (get_string(l, k, "targets", &pattern) < 0 ||
		    check_nonempty(l, k, "targets", pattern) < 0)
			return -1;
		for (size_t i = 0; i < p->nscopes; i++)
			if (!strcmp(p->scopes[i].pattern, pattern))
				return load_error(l, k, "duplicate key '%s' in 'targets'", pattern);
		ALLOC_GROW(p->scopes, p->nscopes + 1, alloc);
		s = &p->scopes[p->nscopes++];
		memset(s, 0, sizeof(*s));
		s->pattern = xstrdup(pattern);
		where = xstrfmt("targets.%s", pattern);
		ret = want_mapping(l, v, where) < 0 || check_keys(l, v, where, keys) < 0 ? -1 : 0;
		free(where);
		if (ret < 0)
			return -1;
		if ((g = lookup(l, v, "gate"))) {
			where = xstrfmt("targets.%s.gate", pattern);
			ret = want_mapping(l, g, where) < 0 ||
					      check_keys(l, g, where, gate_keys) < 0
				      ? -1
				      : 0;
			free(where);
			if (ret < 0)
				return -1;
			if ((g = lookup(l, g, "fail_on"))) {
				where = xstrfmt("targets.%s.gate.fail_on", pattern);
				ret = get_severity(l, g, where, 1, &s->fail_on, &s->fail_on_none);
				free(where);
				if (ret < 0)
					return -1;
				s->has_fail_on = 1;
			}
		}
		if ((c = lookup(l, v, "checks"))) {
			where = xstrfmt("targets.%s.checks", pattern);
			ret = load_checks(l, c, where, 0, &s->include, &s->exclude, &s->severities,
					  &s->nseverities);
			free(where);
			if (ret < 0)
				return -1;
		}
	}
	return 0;
}

/* One waiver: check, target, evidence, reason, expires, ticket. */
static int load_waiver(struct loader *l, const yaml_node_t *n, struct waiver *w)
{
	static const char *const keys[] = { "check",   "target", "evidence", "reason",
					    "expires", "ticket", NULL };
	struct policy *p = l->p;
	const yaml_node_t *v;
	const char *s;

	w->line = (int)n->start_mark.line + 1;
	w->column = (int)n->start_mark.column + 1;
	if (want_mapping(l, n, "waivers[]") < 0 || check_keys(l, n, "waivers[]", keys) < 0)
		return -1;
	if (!(v = lookup(l, n, "check")))
		return load_error(l, n, "waiver has no 'check' (a check id, name or glob)");
	if (get_string(l, v, "waivers[].check", &s) < 0 ||
	    check_pattern(l, v, "waivers[].check", s) < 0)
		return -1;
	w->check = xstrdup(s);
	if ((v = lookup(l, n, "target")) && !is_null(v)) {
		if (get_string(l, v, "waivers[].target", &s) < 0 ||
		    check_nonempty(l, v, "waivers[].target", s) < 0)
			return -1;
		w->target = xstrdup(s);
	}
	if ((v = lookup(l, n, "evidence")) && !is_null(v)) {
		if (get_string(l, v, "waivers[].evidence", &s) < 0 ||
		    check_nonempty(l, v, "waivers[].evidence", s) < 0)
			return -1;
		w->evidence = xstrdup(s);
	}
	if (!(v = lookup(l, n, "reason")))
		return load_error(l, n,
				  "waiver for '%s' has no 'reason' (say why the risk is accepted)",
				  w->check);
	if (get_string(l, v, "waivers[].reason", &s) < 0)
		return -1;
	if (!s[strspn(s, " \t\r\n")])
		return load_error(l, v, "waiver for '%s' has an empty 'reason'", w->check);
	w->reason = xstrdup(s);
	if ((v = lookup(l, n, "ticket")) && !is_null(v)) {
		if (get_string(l, v, "waivers[].ticket", &s) < 0)
			return -1;
		w->ticket = xstrdup(s);
	}
	v = lookup(l, n, "expires");
	if (v && !is_null(v)) {
		if (get_string(l, v, "waivers[].expires", &s) < 0)
			return -1;
		if (policy_parse_date(s, &w->expires_at) < 0)
			return load_error(
				l, v,
				"waiver for '%s': 'expires' must be a date YYYY-MM-DD, not '%s'",
				w->check, s);
		w->expires = xstrdup(s);
		if (p->max_waiver_days && policy_waiver_days_left(p, w) > p->max_waiver_days)
			return load_error(
				l, v,
				"waiver for '%s' expires %s, %lld days from today; max_waiver_days is %ld",
				w->check, s, policy_waiver_days_left(p, w), p->max_waiver_days);
	} else if (!p->waivers_may_not_expire) {
		return load_error(
			l, v ? v : n,
			"waiver for '%s' has no 'expires' date (required unless gate.waivers_may_not_expire is true)",
			w->check);
	} else if (p->max_waiver_days) {
		return load_error(
			l, v ? v : n,
			"waiver for '%s' has no 'expires' date but max_waiver_days is %ld",
			w->check, p->max_waiver_days);
	}
	return 0;
}

static int load_waivers(struct loader *l, const yaml_node_t *n)
{
	struct policy *p = l->p;
	size_t alloc = 0;

	if (n->type != YAML_SEQUENCE_NODE)
		return load_error(l, n, "'waivers' must be a list, not %s",
				  is_null(n) ? "null" : node_kind(n));
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	     i++) {
		struct waiver *w;

		ALLOC_GROW(p->waivers, p->nwaivers + 1, alloc);
		w = &p->waivers[p->nwaivers++];
		memset(w, 0, sizeof(*w));
		if (load_waiver(l, load_node(l, *i), w) < 0)
			return -1;
	}
	return 0;
}

/*
 * The whole document. Keys are handled in a fixed order, not file order,
 * so gate.waivers_may_not_expire and max_waiver_days apply to waivers
 * written above them.
 */
static int load_root(struct loader *l, const yaml_node_t *root)
{
	static const char *const keys[] = { "version", "gate",	  "max_waiver_days",
					    "checks",  "targets", "waivers",
					    NULL };
	struct policy *p = l->p;
	yaml_node_t *v;
	long long count;

	if (root->type != YAML_MAPPING_NODE)
		return load_error(l, root, "a policy must be a mapping with 'version: 1', not %s",
				  node_kind(root));
	if (check_keys(l, root, "policy", keys) < 0)
		return -1;
	if (!(v = lookup(l, root, "version")))
		return load_error(l, root, "missing 'version: 1'");
	if (v->type != YAML_SCALAR_NODE || strcmp(scalar(v), "1"))
		return load_error(l, v,
				  "unsupported 'version' '%s' (this dockgate reads version 1)",
				  v->type == YAML_SCALAR_NODE ? scalar(v) : node_kind(v));
	if ((v = lookup(l, root, "gate")) && load_gate(l, v) < 0)
		return -1;
	if ((v = lookup(l, root, "max_waiver_days"))) {
		if (get_count(l, v, "max_waiver_days", POLICY_MAX_WAIVER_DAYS, &count) < 0)
			return -1;
		p->max_waiver_days = (long)count;
	}
	if ((v = lookup(l, root, "checks")) &&
	    load_checks(l, v, "checks", 1, &p->include, &p->exclude, &p->severities,
			&p->nseverities) < 0)
		return -1;
	if ((v = lookup(l, root, "targets")) && load_targets(l, v) < 0)
		return -1;
	if ((v = lookup(l, root, "waivers")) && load_waivers(l, v) < 0)
		return -1;
	return 0;
}

static int read_policy_file(const char *path, struct buf *b, struct errbuf *err)
{
	char chunk[8192];
	struct stat st;
	FILE *fp = fopen(path, "rb");
	size_t n;
	int ret = -1;

	if (!fp)
		return err_set(err, "cannot read policy '%s': %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		err_set(err, "cannot read policy '%s': is a directory", path);
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b->len + n > POLICY_MAX_BYTES) {
			err_set(err, "cannot read policy '%s': larger than %d bytes", path,
				POLICY_MAX_BYTES);
			goto out;
		}
		buf_add(b, chunk, n);
	}
	if (ferror(fp)) {
		err_set(err, "cannot read policy '%s': %s", path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	fclose(fp);
	return ret;
}

static int parser_error(const yaml_parser_t *y, const char *path, struct errbuf *err)
{
	return err_set(err, "%s:%zu:%zu: invalid YAML: %s%s%s", path, y->problem_mark.line + 1,
		       y->problem_mark.column + 1, y->problem ? y->problem : "syntax error",
		       y->context ? " " : "", y->context ? y->context : "");
}

/*
 * Aliases would let a small file expand into a huge walk and make one node
 * appear in two places with one position; a policy needs neither. Deep
 * nesting is refused here too, before the document is built: libyaml's
 * scanner slows down quadratically with flow depth ("[[[[..." ran for
 * minutes), and no policy nests deeper than a few levels.
 */
static int reject_aliases(const struct buf *b, const char *path, struct errbuf *err)
{
	yaml_parser_t y;
	yaml_event_t ev;
	int ret = 0, done = 0, depth = 0;

	if (!yaml_parser_initialize(&y))
		die("out of memory");
	yaml_parser_set_input_string(&y, (const unsigned char *)b->s, b->len);
	while (!done) {
		if (!yaml_parser_parse(&y, &ev)) {
			ret = parser_error(&y, path, err);
			break;
		}
		if (ev.type == YAML_ALIAS_EVENT)
			ret = err_set(
				err,
				"%s:%zu:%zu: aliases (*name) are not supported in policy files",
				path, ev.start_mark.line + 1, ev.start_mark.column + 1);
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)
			depth++;
		if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		if (depth > POLICY_MAX_DEPTH)
			ret = err_set(err, "%s:%zu:%zu: nested deeper than %d levels", path,
				      ev.start_mark.line + 1, ev.start_mark.column + 1,
				      POLICY_MAX_DEPTH);
		done = ev.type == YAML_STREAM_END_EVENT || ret < 0;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&y);
	return ret;
}

int policy_load(struct policy *p, const char *path, struct errbuf *err)
{
	struct loader l = { .path = path, .p = p, .err = err };
	struct buf b = BUF_INIT;
	yaml_parser_t y;
	yaml_document_t extra;
	yaml_node_t *root;
	int ret = -1, parser_ready = 0, doc_ready = 0;

	if (read_policy_file(path, &b, err) < 0)
		goto out;
	buf_adds(&b, "");
	if (reject_aliases(&b, path, err) < 0)
		goto out;
	if (!yaml_parser_initialize(&y))
		die("out of memory");
	parser_ready = 1;
	yaml_parser_set_input_string(&y, (const unsigned char *)b.s, b.len);
	if (!yaml_parser_load(&y, &l.doc)) {
		parser_error(&y, path, err);
		goto out;
	}
	doc_ready = 1;
	root = yaml_document_get_root_node(&l.doc);
	if (!root) {
		err_set(err, "%s:1:1: empty policy file (start with 'version: 1')", path);
		goto out;
	}
	if (!yaml_parser_load(&y, &extra)) {
		parser_error(&y, path, err);
		goto out;
	}
	if (yaml_document_get_root_node(&extra)) {
		err_set(err, "%s:%zu:%zu: more than one YAML document in a policy file", path,
			extra.start_mark.line + 1, extra.start_mark.column + 1);
		yaml_document_delete(&extra);
		goto out;
	}
	yaml_document_delete(&extra);
	if (load_root(&l, root) < 0)
		goto out;
	free(p->file);
	p->file = xstrdup(path);
	ret = 0;
out:
	if (doc_ready)
		yaml_document_delete(&l.doc);
	if (parser_ready)
		yaml_parser_delete(&y);
	buf_release(&b);
	return ret;
}
