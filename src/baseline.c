/*
 * baseline.c - earlier dockgate results (SARIF or JSON, detected) as
 * baselines for a run, and the release diff between two results.
 *
 * Both formats carry the same facts per finding (RESULT_JSON.md): rule,
 * status, severity, target, evidence, message and the fingerprint. Results
 * from other tools, other JSON documents and unknown schema versions are
 * refused: a baseline that silently matches nothing would make every
 * finding "new", or worse, hide regressions with --new-only.
 */
#include "baseline.h"
#include "json.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Results of thousands of images stay far below this. */
#define BASELINE_MAX_BYTES (256u * 1024 * 1024)
#define JSON_SCHEMA "dockgate/result/v1"

static void entry_release(struct baseline_entry *e)
{
	free(e->fingerprint);
	free(e->rule_id);
	free(e->target);
	free(e->display);
	free(e->evidence);
	free(e->message);
}

void baseline_release(struct baseline *b)
{
	for (size_t i = 0; i < b->n; i++)
		entry_release(&b->v[i]);
	free(b->v);
	free(b->file);
	free(b->format);
	memset(b, 0, sizeof(*b));
}

int baseline_parse_target(const char *ref, enum target_kind *kind, const char **name)
{
	static const struct {
		const char *prefix;
		enum target_kind kind;
	} kinds[] = { { "image:", TARGET_IMAGE }, { "container:", TARGET_CONTAINER } };

	if (!strcmp(ref, "daemon") || !strcmp(ref, "host")) {
		*kind = ref[0] == 'd' ? TARGET_DAEMON : TARGET_HOST;
		*name = ref;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		size_t n = strlen(kinds[i].prefix);

		if (!strncmp(ref, kinds[i].prefix, n) && ref[n]) {
			*kind = kinds[i].kind;
			*name = ref + n;
			return 0;
		}
	}
	return -1;
}

static int status_parse(const char *s, enum status *out)
{
	static const char *const names[] = { "pass", "fail", "manual", "skip", "error" };

	for (size_t i = 0; s && i < ARRAY_SIZE(names); i++) {
		if (!strcmp(s, names[i])) {
			*out = (enum status)i;
			return 0;
		}
	}
	return -1;
}

static int is_fingerprint(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return i == 16;
}

/*
 * Fill and append one entry from the fields both formats share. A missing
 * fingerprint is recomputed from rule, target and evidence as the engine
 * does; what = "finding 3" names the item in errors.
 */
static int add_entry(struct baseline *b, const char *what, const char *rule, const char *status,
		     const char *severity, const char *target, const char *display,
		     const char *evidence, const char *message, const char *fingerprint, int waived,
		     struct errbuf *err)
{
	struct baseline_entry e = { 0 };
	enum target_kind kind;
	const char *name;
	char fp[17];

	if (!rule || !*rule)
		return err_set(err, "cannot read baseline '%s': %s has no rule id", b->file, what);
	if (!target || baseline_parse_target(target, &kind, &name) < 0)
		return err_set(
			err,
			"cannot read baseline '%s': %s (%s) has no dockgate target ('image:NAME', 'container:NAME', 'daemon' or 'host')",
			b->file, what, rule);
	if (status_parse(status, &e.status) < 0)
		return err_set(
			err,
			"cannot read baseline '%s': %s (%s) has no status (pass, fail, manual, skip, error)",
			b->file, what, rule);
	if (!severity || severity_parse(severity, &e.severity) < 0)
		return err_set(err, "cannot read baseline '%s': %s (%s) has no severity", b->file,
			       what, rule);
	if (fingerprint && !is_fingerprint(fingerprint))
		return err_set(
			err,
			"cannot read baseline '%s': %s (%s) has a malformed fingerprint '%.40s'",
			b->file, what, rule, fingerprint);
	if (!fingerprint) {
		finding_fingerprint(rule, target_kind_name(kind), name, evidence ? evidence : "",
				    fp);
		fingerprint = fp;
	}
	e.fingerprint = xstrdup(fingerprint);
	for (char *p = e.fingerprint; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	e.rule_id = xstrdup(rule);
	e.target = xstrdup(target);
	e.display = xstrdup(display && *display ? display : name);
	e.evidence = xstrdup(evidence ? evidence : "");
	e.message = xstrdup(message ? message : "");
	e.waived = waived;
	ALLOC_GROW(b->v, b->n + 1, b->alloc);
	b->v[b->n++] = e;
	return 0;
}

/* A dockgate JSON result: findings[] per RESULT_JSON.md. */
static int load_json_result(struct baseline *b, struct json_object *root, struct errbuf *err)
{
	struct json_object *findings = json_get_array(root, "findings");
	size_t n;

	if (!findings)
		return err_set(
			err,
			"cannot read baseline '%s': dockgate JSON result without a 'findings' list",
			b->file);
	n = json_object_array_length(findings);
	for (size_t i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(findings, i);
		const char *state = json_get_str(f, "baseline");
		struct json_object *waiver = json_get_object(f, "waiver");
		const char *wstate = json_get_str(waiver, "state");
		char what[48];

		if (!json_object_is_type(f, json_type_object))
			return err_set(err,
				       "cannot read baseline '%s': finding %zu is not an object",
				       b->file, i + 1);
		/* Already fixed in that run: not one of its findings. */
		if (state && !strcmp(state, "absent"))
			continue;
		snprintf(what, sizeof(what), "finding %zu", i + 1);
		if (add_entry(b, what, json_get_str(f, "rule"), json_get_str(f, "status"),
			      json_get_str(f, "severity"), json_get_str(f, "target"),
			      json_get_str(f, "target_display"), json_get_str(f, "evidence"),
			      json_get_str(f, "message"), json_get_str(f, "fingerprint"),
			      waiver && (!wstate || strcmp(wstate, "expired")), err) < 0)
			return -1;
	}
	return 0;
}

/* Severity of a SARIF result without dockgate properties: from its level. */
static const char *sarif_level_severity(const char *level)
{
	if (level && !strcmp(level, "error"))
		return "high";
	if (level && !strcmp(level, "note"))
		return "low";
	return "medium";
}

/* Status of a SARIF result without properties.status: from kind. */
static const char *sarif_kind_status(const char *kind)
{
	if (!kind || !strcmp(kind, "fail"))
		return "fail";
	if (!strcmp(kind, "pass"))
		return "pass";
	if (!strcmp(kind, "notApplicable"))
		return "skip";
	return "manual";
}

/* A suppression that is in force (not rejected or under review). */
static int sarif_suppressed(struct json_object *res)
{
	struct json_object *sup = json_get_array(res, "suppressions");
	size_t n = sup ? json_object_array_length(sup) : 0;

	for (size_t i = 0; i < n; i++) {
		const char *st = json_get_str(json_object_array_get_idx(sup, i), "status");

		if (!st || !strcmp(st, "accepted"))
			return 1;
	}
	return 0;
}

static int load_sarif_run(struct baseline *b, struct json_object *run, size_t runi,
			  struct errbuf *err)
{
	struct json_object *results = json_get_array(run, "results");
	size_t n = results ? json_object_array_length(results) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *res = json_object_array_get_idx(results, i);
		struct json_object *props = json_get_object(res, "properties");
		const char *state = json_get_str(res, "baselineState");
		const char *status = json_get_str(props, "status");
		const char *sev = json_get_str(props, "severity");
		char what[64];

		if (!json_object_is_type(res, json_type_object))
			return err_set(
				err,
				"cannot read baseline '%s': run %zu result %zu is not an object",
				b->file, runi + 1, i + 1);
		if (state && !strcmp(state, "absent"))
			continue;
		snprintf(what, sizeof(what), "run %zu result %zu", runi + 1, i + 1);
		if (add_entry(b, what, json_get_str(res, "ruleId"),
			      status ? status : sarif_kind_status(json_get_str(res, "kind")),
			      sev ? sev : sarif_level_severity(json_get_str(res, "level")),
			      json_get_str(props, "target"), json_get_str(props, "targetDisplay"),
			      json_get_str(props, "evidence"),
			      json_get_str(json_get_object(res, "message"), "text"),
			      json_get_str(json_get_object(res, "partialFingerprints"),
					   "dockgate/v1"),
			      sarif_suppressed(res), err) < 0)
			return -1;
	}
	return 0;
}

/* SARIF: every run must come from dockgate. */
static int load_sarif(struct baseline *b, struct json_object *root, struct errbuf *err)
{
	struct json_object *runs = json_get_array(root, "runs");
	size_t n = runs ? json_object_array_length(runs) : 0;

	if (!runs)
		return err_set(err, "cannot read baseline '%s': SARIF without 'runs'", b->file);
	for (size_t i = 0; i < n; i++) {
		struct json_object *run = json_object_array_get_idx(runs, i);
		const char *tool = json_get_str(
			json_get_object(json_get_object(run, "tool"), "driver"), "name");

		if (!tool || strcasecmp(tool, "dockgate"))
			return err_set(
				err,
				"cannot read baseline '%s': SARIF run %zu comes from '%.60s', not dockgate",
				b->file, i + 1, tool ? tool : "an unnamed tool");
		if (load_sarif_run(b, run, i, err) < 0)
			return -1;
	}
	return 0;
}

int baseline_load(struct baseline *b, const char *path, struct errbuf *err)
{
	struct json_object *root;
	const char *schema, *version;
	int ret = -1;

	memset(b, 0, sizeof(*b));
	b->file = xstrdup(path);
	root = json_parse_file(path, BASELINE_MAX_BYTES, err);
	if (!root) {
		err_prefix(err, "cannot read baseline");
		goto out;
	}
	if (!json_object_is_type(root, json_type_object)) {
		err_set(err, "cannot read baseline '%s': not a dockgate SARIF or JSON result",
			path);
		goto out;
	}
	schema = json_get_str(root, "schema");
	version = json_get_str(root, "version");
	if (schema && !strncmp(schema, "dockgate/result/", 16)) {
		if (strcmp(schema, JSON_SCHEMA)) {
			err_set(err,
				"cannot read baseline '%s': unsupported schema '%.60s' (this dockgate reads %s)",
				path, schema, JSON_SCHEMA);
			goto out;
		}
		b->format = xstrdup("json");
		ret = load_json_result(b, root, err);
	} else if (json_get_array(root, "runs") && version) {
		if (strcmp(version, "2.1.0")) {
			err_set(err,
				"cannot read baseline '%s': SARIF version '%.20s', expected 2.1.0",
				path, version);
			goto out;
		}
		b->format = xstrdup("sarif");
		ret = load_sarif(b, root, err);
	} else {
		err_set(err,
			"cannot read baseline '%s': not a dockgate SARIF or JSON result (no 'schema: %s', no SARIF 'runs')",
			path, JSON_SCHEMA);
	}
out:
	json_object_put(root);
	if (ret < 0) {
		baseline_release(b);
		memset(b, 0, sizeof(*b));
	}
	return ret;
}

/* Order for matching: fingerprint, then status. */
static int entry_key_cmp(const char *fp, enum status st, const struct baseline_entry *e)
{
	int c = strcmp(fp, e->fingerprint);

	if (c)
		return c;
	return st == e->status ? 0 : st < e->status ? -1 : 1;
}

static int entry_ptr_cmp(const void *pa, const void *pb)
{
	const struct baseline_entry *a = *(const struct baseline_entry *const *)pa;
	const struct baseline_entry *b = *(const struct baseline_entry *const *)pb;

	return entry_key_cmp(a->fingerprint, a->status, b);
}

/* Entries sorted by key, for binary search; caller frees. */
static struct baseline_entry **sorted_index(struct baseline *b)
{
	struct baseline_entry **idx = xcalloc(b->n ? b->n : 1, sizeof(*idx));

	for (size_t i = 0; i < b->n; i++) {
		b->v[i].matched = 0;
		idx[i] = &b->v[i];
	}
	if (b->n > 1)
		qsort(idx, b->n, sizeof(*idx), entry_ptr_cmp);
	return idx;
}

/*
 * Claim the first unmatched entry with this key. Each entry matches once,
 * so two equal findings now against one then leave one of them new.
 */
static struct baseline_entry *claim(struct baseline_entry **idx, size_t n, const char *fp,
				    enum status st)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (entry_key_cmp(fp, st, idx[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && !entry_key_cmp(fp, st, idx[lo]); lo++) {
		if (!idx[lo]->matched) {
			idx[lo]->matched = 1;
			return idx[lo];
		}
	}
	return NULL;
}

static size_t target_for(struct run *r, const struct baseline_entry *e, enum target_kind kind,
			 const char *name)
{
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].kind == kind && !strcmp(r->targets[i].name, name))
			return i;
	return run_add_target(r, kind, name, e->display, NULL);
}

/* A fixed finding: the baseline's failure, reported under this run. */
static void add_absent(struct run *r, const struct baseline_entry *e)
{
	const struct check *c = catalog_find(e->rule_id);
	struct finding *f;
	enum target_kind kind;
	const char *name;
	size_t t;

	if (!c || baseline_parse_target(e->target, &kind, &name) < 0)
		return;
	t = target_for(r, e, kind, name);
	ALLOC_GROW(r->findings.v, r->findings.n + 1, r->findings.alloc);
	f = &r->findings.v[r->findings.n++];
	memset(f, 0, sizeof(*f));
	f->check = c;
	f->target = t;
	f->status = STATUS_FAIL;
	f->severity = e->severity;
	f->evidence = xstrdup(e->evidence);
	f->message = xstrdup(e->message);
	f->layer = -1;
	f->history = -1;
	snprintf(f->fingerprint, sizeof(f->fingerprint), "%s", e->fingerprint);
	f->baseline = BASELINE_ABSENT;
}

void baseline_apply(struct baseline *b, struct run *r)
{
	struct baseline_entry **idx = sorted_index(b);
	size_t n = r->findings.n;

	for (size_t i = 0; i < n; i++) {
		struct finding *f = &r->findings.v[i];

		if (f->baseline == BASELINE_ABSENT)
			continue;
		f->baseline = claim(idx, b->n, f->fingerprint, f->status) ? BASELINE_UNCHANGED
									  : BASELINE_NEW;
	}
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].status == STATUS_FAIL && !b->v[i].matched)
			add_absent(r, &b->v[i]);
	free(idx);
}

/* Report order: most severe first, then rule, target, evidence. */
static int diff_cmp(const void *pa, const void *pb)
{
	const struct baseline_entry *a = *(const struct baseline_entry *const *)pa;
	const struct baseline_entry *b = *(const struct baseline_entry *const *)pb;
	int c;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp(a->rule_id, b->rule_id)))
		return c;
	if ((c = strcmp(a->target, b->target)))
		return c;
	return strcmp(a->evidence, b->evidence);
}

static void diff_push(const struct baseline_entry ***v, size_t *n, const struct baseline_entry *e)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = e;
}

void baseline_diff(struct baseline *base, struct baseline *head, struct baseline_diff *d)
{
	struct baseline_entry **idx = sorted_index(base);

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < head->n; i++) {
		const struct baseline_entry *e = &head->v[i];

		if (e->status != STATUS_FAIL)
			continue;
		if (claim(idx, base->n, e->fingerprint, STATUS_FAIL)) {
			diff_push(&d->unchanged, &d->nunchanged, e);
			d->counts[2][e->severity]++;
		} else {
			diff_push(&d->added, &d->nadded, e);
			d->counts[0][e->severity]++;
		}
	}
	for (size_t i = 0; i < base->n; i++) {
		const struct baseline_entry *e = &base->v[i];

		if (e->status == STATUS_FAIL && !e->matched) {
			diff_push(&d->fixed, &d->nfixed, e);
			d->counts[1][e->severity]++;
		}
	}
	free(idx);
	if (d->nadded > 1)
		qsort(d->added, d->nadded, sizeof(*d->added), diff_cmp);
	if (d->nfixed > 1)
		qsort(d->fixed, d->nfixed, sizeof(*d->fixed), diff_cmp);
	if (d->nunchanged > 1)
		qsort(d->unchanged, d->nunchanged, sizeof(*d->unchanged), diff_cmp);
}

void baseline_diff_release(struct baseline_diff *d)
{
	free(d->added);
	free(d->fixed);
	free(d->unchanged);
	memset(d, 0, sizeof(*d));
}
