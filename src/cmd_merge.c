/*
 * cmd_merge.c - "dockgate merge RESULT...": combine dockgate JSON results
 * (nodes of a fleet, images of a matrix build) into one run, then gate and
 * report it like an audit. The gate is recomputed from the merged findings
 * with --policy / --fail-on; a target present in two inputs is an error
 * unless --latest keeps the newest result for it.
 */
#include "audit.h"
#include "json.h"
#include "report.h"

#include <string.h>

#define MERGE_MAX_BYTES (256u << 20)

struct merge_input {
	const char *path;
	struct json_object *doc;
	const char *generated;
};

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

static const char *const status_words[] = { "pass", "fail", "manual", "skip", "error" };

static int parse_status(const char *s, enum status *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(status_words); i++) {
		if (!strcmp(s, status_words[i])) {
			*out = (enum status)i;
			return 0;
		}
	}
	return -1;
}

static int parse_kind(const char *s, enum target_kind *out)
{
	static const enum target_kind kinds[] = { TARGET_IMAGE, TARGET_CONTAINER, TARGET_DAEMON,
						  TARGET_HOST };

	for (size_t i = 0; s && i < ARRAY_SIZE(kinds); i++) {
		if (!strcmp(s, target_kind_name(kinds[i]))) {
			*out = kinds[i];
			return 0;
		}
	}
	return -1;
}

/* Load one result file and check that it is a dockgate JSON result. */
static int merge_load(struct merge_input *in, struct errbuf *err)
{
	const char *schema;

	in->doc = json_parse_file(in->path, MERGE_MAX_BYTES, err);
	if (!in->doc)
		return -1;
	schema = json_get_str(in->doc, "schema");
	if (!schema || strcmp(schema, "dockgate/result/v1"))
		return err_set(
			err,
			"cannot merge '%s': not a dockgate JSON result (schema \"dockgate/result/v1\")",
			in->path);
	if (!json_get_array(in->doc, "targets") || !json_get_array(in->doc, "findings"))
		return err_set(err, "cannot merge '%s': missing \"targets\" or \"findings\"",
			       in->path);
	in->generated = json_get_str(in->doc, "generated");
	if (!in->generated)
		in->generated = "";
	return 0;
}

/*
 * The node an input describes: its file name without directory and ".json"
 * (the fleet templates write results/<node>.json).
 */
static char *input_node(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 5 && !strcmp(base + len - 5, ".json"))
		len -= 5;
	return xstrndup(base, len);
}

/*
 * The merged name of a target: images keep their name (the same image in
 * two inputs is a duplicate); a node's daemon, host and containers are
 * qualified with the node so that a fleet's results do not collide.
 */
static char *target_obj_name(struct json_object *t, const char *node)
{
	const char *kind = json_get_str(t, "kind"), *name = json_get_str(t, "name");

	if (!kind || !name)
		return NULL;
	if (!strcmp(kind, "daemon") || !strcmp(kind, "host"))
		return xstrdup(node);
	if (!strcmp(kind, "container"))
		return xstrfmt("%s/%s", node, name);
	return xstrdup(name);
}

/* The merged "kind:name" reference of a target object. */
static char *target_obj_ref(struct json_object *t, const char *path)
{
	char *node = input_node(path), *name = target_obj_name(t, node), *ref = NULL;

	if (name)
		ref = xstrfmt("%s:%s", json_get_str(t, "kind"), name);
	free(node);
	free(name);
	return ref;
}

/* The reference a finding of this input uses for a target object. */
static char *target_obj_orig_ref(struct json_object *t)
{
	const char *kind = json_get_str(t, "kind"), *name = json_get_str(t, "name");

	if (!strcmp(kind, "daemon") || !strcmp(kind, "host"))
		return !strcmp(name, kind) ? xstrdup(kind) : xstrfmt("%s:%s", kind, name);
	return xstrfmt("%s:%s", kind, name);
}

/*
 * Which input owns each target: the only one that has it, or with --latest
 * the newest ("generated" is RFC 3339 UTC, so strings compare as times).
 */
static int merge_owner(struct merge_input *in, size_t n, size_t i, const char *ref, int latest,
		       size_t *owner, struct errbuf *err)
{
	*owner = i;
	for (size_t j = 0; j < n; j++) {
		struct json_object *targets = json_get_array(in[j].doc, "targets");

		if (j == i)
			continue;
		for (size_t k = 0; k < json_object_array_length(targets); k++) {
			char *other = target_obj_ref(json_object_array_get_idx(targets, k),
						     in[j].path);
			int same = other && !strcmp(other, ref);

			free(other);
			if (!same)
				continue;
			if (!latest)
				return err_set(
					err,
					"target '%s' is in both '%s' and '%s' (use --latest to keep the newest)",
					ref, in[i].path, in[j].path);
			if (strcmp(in[j].generated, in[*owner].generated) > 0 ||
			    (!strcmp(in[j].generated, in[*owner].generated) && j > *owner))
				*owner = j;
		}
	}
	return 0;
}

static int merge_finding(struct run *r, struct json_object *f, size_t ti, const char *path,
			 struct errbuf *err)
{
	const char *rule = json_get_str(f, "rule"), *st = json_get_str(f, "status");
	const char *base = json_get_str(f, "baseline"), *fp = json_get_str(f, "fingerprint");
	const struct check *c = rule ? catalog_find(rule) : NULL;
	struct findings *fs = &r->findings;
	struct finding *out;
	enum status status;

	if (base && !strcmp(base, "absent"))
		return 0; /* fixed findings of an earlier baseline are not merged */
	if (!c)
		return err_set(
			err,
			"cannot merge '%s': unknown rule '%s' (a result from another dockgate version?)",
			path, rule ? rule : "(none)");
	if (parse_status(st, &status) < 0)
		return err_set(err, "cannot merge '%s': finding of '%s' has no valid \"status\"",
			       path, rule);
	fs->cur_check = c;
	fs->cur_target = ti;
	switch (status) {
	case STATUS_FAIL:
		out = check_fail(fs, json_get_str(f, "evidence"), "%s",
				 str_or_empty(json_get_str(f, "message")));
		break;
	case STATUS_PASS:
		out = check_pass(fs, "%s", str_or_empty(json_get_str(f, "message")));
		break;
	case STATUS_MANUAL:
		out = check_manual(fs, "%s", str_or_empty(json_get_str(f, "message")));
		break;
	case STATUS_SKIP:
		out = check_skip(fs, "%s", str_or_empty(json_get_str(f, "message")));
		break;
	default:
		out = check_error(fs, "%s", str_or_empty(json_get_str(f, "message")));
		break;
	}
	fs->cur_check = NULL;
	out->history = (int)json_get_int(f, "history", -1);
	if (fp && strlen(fp) == 16)
		memcpy(out->fingerprint, fp, 17);
	else
		finding_fingerprint(c->id, target_kind_name(r->targets[ti].kind),
				    r->targets[ti].name, out->evidence, out->fingerprint);
	return 0;
}

/* Add the targets input i owns, their findings, and its errors. */
static int merge_input_into(struct run *r, struct merge_input *in, size_t n, size_t i, int latest,
			    struct errbuf *err)
{
	struct json_object *targets = json_get_array(in[i].doc, "targets");
	struct json_object *findings = json_get_array(in[i].doc, "findings");
	struct json_object *errors = json_get_array(in[i].doc, "errors");

	for (size_t k = 0; k < json_object_array_length(targets); k++) {
		struct json_object *t = json_object_array_get_idx(targets, k);
		char *ref = target_obj_ref(t, in[i].path);
		char *node, *name, *orig, *display;
		enum target_kind kind;
		size_t owner, ti;
		int ret = 0;

		if (!ref || parse_kind(json_get_str(t, "kind"), &kind) < 0) {
			free(ref);
			return err_set(
				err,
				"cannot merge '%s': target %zu has no valid \"kind\" and \"name\"",
				in[i].path, k);
		}
		if (merge_owner(in, n, i, ref, latest, &owner, err) < 0) {
			free(ref);
			return -1;
		}
		if (owner != i) {
			free(ref);
			continue;
		}
		node = input_node(in[i].path);
		name = target_obj_name(t, node);
		orig = target_obj_orig_ref(t);
		display = kind == TARGET_IMAGE
				  ? xstrdup(str_or_empty(json_get_str(t, "display")))
				  : xstrfmt("%s (%s)", str_or_empty(json_get_str(t, "display")),
					    node);
		ti = run_add_target(r, kind, name, display, json_get_str(t, "digest"));
		for (size_t m = 0; !ret && m < json_object_array_length(findings); m++) {
			struct json_object *f = json_object_array_get_idx(findings, m);
			const char *fref = json_get_str(f, "target");

			if (fref && !strcmp(fref, orig))
				ret = merge_finding(r, f, ti, in[i].path, err);
		}
		free(node);
		free(name);
		free(orig);
		free(display);
		free(ref);
		if (ret)
			return -1;
	}
	for (size_t k = 0; errors && k < json_object_array_length(errors); k++) {
		struct json_object *e = json_object_array_get_idx(errors, k);
		char *where = xstrfmt("%s: %s", in[i].path, str_or_empty(json_get_str(e, "where")));

		run_add_error(r, where, "%s", str_or_empty(json_get_str(e, "message")));
		free(where);
	}
	/* An input that says it is incomplete never merges into a pass. */
	if (!json_get_bool(in[i].doc, "complete", 1) && !json_object_array_length(errors))
		run_add_error(r, in[i].path, "the audit that wrote this result was incomplete");
	return 0;
}

enum outcome cmd_merge(struct options *o)
{
	struct merge_input *in;
	struct policy policy;
	struct run run;
	struct errbuf err = { "" };
	enum outcome out = OUTCOME_USAGE;
	size_t n = o->args.n;

	if (!n) {
		fprintf(stderr, "dockgate: merge: missing RESULT files (dockgate JSON)\n");
		return OUTCOME_USAGE;
	}
	in = xcalloc(n, sizeof(*in));
	policy_init(&policy);
	run_init(&run, "merge");
	for (size_t i = 0; i < n; i++) {
		in[i].path = o->args.v[i];
		if (merge_load(&in[i], &err) < 0)
			goto fail;
	}
	if (audit_policy_setup(&policy, o, &err) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (merge_input_into(&run, in, n, i, o->latest, &err) < 0)
			goto fail;
	/* The inputs' audit errors: one line each on stderr, as an audit prints them. */
	for (size_t k = 0; k < run.nerrors; k++) {
		fputs("dockgate: ", stderr);
		report_term_escape(stderr, run.errors[k].where);
		fputs(": ", stderr);
		report_term_escape(stderr, run.errors[k].message);
		fputc('\n', stderr);
	}
	out = audit_finish(&run, &policy, o);
	goto out;
fail:
	fprintf(stderr, "dockgate: %s\n", err.msg);
out:
	for (size_t i = 0; i < n; i++)
		json_object_put(in[i].doc);
	free(in);
	run_release(&run);
	policy_release(&policy);
	return out;
}
