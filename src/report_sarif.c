/*
 * report_sarif.c - SARIF 2.1.0 for GitHub code scanning (one run).
 *
 * tool.driver.rules holds every evaluated check; results are the failing
 * findings (and manual rows with --sarif-manual, and baseline-absent ones);
 * each carries the stable fingerprint in partialFingerprints and a first
 * location with a repository-relative URI (the Dockerfile line, or a
 * stable pseudo-path) so GitHub accepts it. See RESULT_JSON.md for the
 * result properties other commands read back.
 */
#include "report.h"
#include "report_util.h"
#include "policy.h"
#include "json.h"
#include "buf.h"

#include <string.h>

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define FULL_DESCRIPTION_MAX 1024

/* GitHub code scanning rejects a run with more results than this. */
#define SARIF_MAX_RESULTS 25000
/* result_rank(): five severities, five for fixed findings, one for manual rows */
#define SARIF_RANKS 11

static void put_clean(struct json_object *o, const char *key, const char *s)
{
	char *c = report_clean(s, 0);

	json_object_object_add(o, key, json_object_new_string(c));
	free(c);
}

/* {"text": s} */
static struct json_object *message(const char *s)
{
	struct json_object *m = json_object_new_object();

	put_clean(m, "text", s);
	return m;
}

/* critical/high -> error, medium -> warning, low/info -> note (DESIGN.md). */
static const char *sarif_level(enum severity s)
{
	if (s >= SEV_HIGH)
		return "error";
	return s == SEV_MEDIUM ? "warning" : "note";
}

/*
 * Cut s to at most max bytes on a UTF-8 boundary, ending with "..." when
 * cut. Returns an owned string.
 */
static char *truncate_utf8(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return xstrdup(s);
	n = max - 3;
	while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return xstrfmt("%.*s...", (int)n, s);
}

/* The most severe effective severity among a check's findings (policy overrides). */
static enum severity rule_severity(const struct run *r, const struct check *c)
{
	enum severity s = c->severity;
	int seen = 0;

	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];

		if (f->check != c)
			continue;
		if (!seen || f->severity > s)
			s = f->severity;
		seen = 1;
	}
	return s;
}

static void reference_text(struct buf *b, const struct check *c)
{
	if (c->cis)
		buf_addf(b,
			 "CIS Docker Benchmark v1.6.0, recommendation %s (%s, Level %d, %s scope)",
			 c->cis, section_title(c->section), c->level ? c->level : 1,
			 scope_name(c->scope));
	else
		buf_addf(b, "dockgate check beyond CIS, section %d (%s), %s scope", c->section,
			 section_title(c->section), scope_name(c->scope));
}

static struct json_object *rule_object(const struct run *r, const struct check *c)
{
	struct json_object *rule = json_object_new_object(), *help = json_object_new_object();
	struct json_object *cfg = json_object_new_object(), *props = json_object_new_object();
	struct json_object *tags = json_object_new_array();
	struct buf b = BUF_INIT;
	enum severity sev = rule_severity(r, c);
	const char *sec = report_security_severity(sev);
	char *s;

	json_put_str(rule, "id", c->id);
	json_put_str(rule, "name", c->name);
	json_object_object_add(rule, "shortDescription", message(c->title));
	buf_addf(&b, "%s. %s", c->title, c->rationale);
	s = truncate_utf8(buf_str(&b), FULL_DESCRIPTION_MAX);
	json_object_object_add(rule, "fullDescription", message(s));
	free(s);

	buf_reset(&b);
	buf_addf(&b, "%s\n\nRationale: %s\n\nRemediation: %s\n\nReference: ", c->title,
		 c->rationale, c->remediation);
	reference_text(&b, c);
	put_clean(help, "text", buf_str(&b));
	buf_reset(&b);
	buf_adds(&b, "**");
	report_md_escape(&b, c->title);
	buf_adds(&b, "**\n\n**Rationale:** ");
	report_md_escape(&b, c->rationale);
	buf_adds(&b, "\n\n**Remediation:** ");
	report_md_escape(&b, c->remediation);
	buf_adds(&b, "\n\n**Reference:** ");
	{
		struct buf ref = BUF_INIT;

		reference_text(&ref, c);
		report_md_escape(&b, buf_str(&ref));
		buf_release(&ref);
	}
	put_clean(help, "markdown", buf_str(&b));
	json_object_object_add(rule, "help", help);

	json_put_str(cfg, "level", sarif_level(sev));
	json_object_object_add(rule, "defaultConfiguration", cfg);

	json_object_array_add(tags, json_object_new_string("security"));
	json_object_array_add(tags, json_object_new_string(c->cis ? "cis-docker" : "dockgate"));
	buf_reset(&b);
	buf_addf(&b, "cis-section-%d", c->section);
	json_object_array_add(tags, json_object_new_string(buf_str(&b)));
	json_object_array_add(tags, json_object_new_string(scope_name(c->scope)));
	if (c->level) {
		buf_reset(&b);
		buf_addf(&b, "level-%d", c->level);
		json_object_array_add(tags, json_object_new_string(buf_str(&b)));
	}
	if (!c->fn)
		json_object_array_add(tags, json_object_new_string("manual"));
	json_object_object_add(props, "tags", tags);
	if (sec)
		json_put_str(props, "security-severity", sec);
	json_put_str(props, "precision", "high");
	json_object_object_add(rule, "properties", props);
	buf_release(&b);
	return rule;
}

static struct json_object *logical_location(const char *name, const char *fqn, const char *kind)
{
	struct json_object *l = json_object_new_object();

	put_clean(l, "name", name);
	put_clean(l, "fullyQualifiedName", fqn);
	json_put_str(l, "kind", kind);
	return l;
}

/* The real target: image reference and digest, layer digest, path inside. */
static struct json_object *logical_locations(const struct run *r, const struct finding *f)
{
	const struct target *t = &r->targets[f->target];
	struct json_object *a = json_object_new_array();
	char *ref = target_ref(t), *fqn;

	fqn = t->digest ? xstrfmt("%s@%s", ref, t->digest) : xstrdup(ref);
	json_object_array_add(a, logical_location(t->display, fqn, "module"));
	free(fqn);
	if (t->image && f->layer >= 0 && (size_t)f->layer < t->image->nlayers) {
		const char *digest = t->image->layers[f->layer].digest;

		fqn = xstrfmt("%s/layers/%s", ref, digest ? digest : "?");
		json_object_array_add(a, logical_location(digest ? digest : "?", fqn, "namespace"));
		free(fqn);
	}
	if (report_evidence_is_path(t, f->evidence)) {
		fqn = xstrfmt("%s:%s%s", ref, f->evidence[0] == '/' ? "" : "/", f->evidence);
		json_object_array_add(a, logical_location(f->evidence, fqn, "resource"));
		free(fqn);
	}
	free(ref);
	return a;
}

static struct json_object *location_object(struct report_locator *L, const struct finding *f)
{
	struct json_object *loc = json_object_new_object(), *phys = json_object_new_object();
	struct json_object *art = json_object_new_object(), *region = json_object_new_object();
	struct report_location rl;

	report_locate(L, f, &rl);
	json_put_str(art, "uri", rl.uri);
	json_object_object_add(phys, "artifactLocation", art);
	json_put_int(region, "startLine", rl.start_line);
	json_put_int(region, "endLine", rl.end_line);
	json_object_object_add(phys, "region", region);
	json_object_object_add(loc, "physicalLocation", phys);
	json_object_object_add(loc, "logicalLocations", logical_locations(L->run, f));
	report_location_release(&rl);
	return loc;
}

/* "myapp:1.4: image runs as root (Config.User is ''). Evidence: Config.User." */
static char *result_text(const struct run *r, const struct finding *f)
{
	const struct target *t = &r->targets[f->target];
	struct buf b = BUF_INIT;
	size_t n;

	buf_addf(&b, "%s%s: %s", report_target_kind_prefix(t), t->display,
		 f->message[0] ? f->message : f->check->title);
	n = b.len;
	while (n && (b.s[n - 1] == '.' || b.s[n - 1] == ' '))
		n--;
	b.len = n;
	b.s[n] = '\0';
	if (f->evidence[0])
		buf_addf(&b, ". Evidence: %s", f->evidence);
	if (f->status == STATUS_MANUAL)
		buf_adds(&b, ". Needs manual review");
	buf_addc(&b, '.');
	return buf_detach(&b);
}

static struct json_object *result_object(struct report_locator *L, const struct finding *f,
					 size_t rule_index, int has_baseline)
{
	const struct run *r = L->run;
	const struct target *t = &r->targets[f->target];
	struct json_object *res = json_object_new_object(), *locs = json_object_new_array();
	struct json_object *fps = json_object_new_object(), *props = json_object_new_object();
	char *text = result_text(r, f), *ref = target_ref(t), line_hash[32];

	json_put_str(res, "ruleId", f->check->id);
	json_put_int(res, "ruleIndex", (long long)rule_index);
	if (f->status == STATUS_MANUAL) {
		json_put_str(res, "kind", "review");
		json_put_str(res, "level", "none");
	} else {
		json_put_str(res, "kind", "fail");
		json_put_str(res, "level", sarif_level(f->severity));
	}
	json_object_object_add(res, "message", message(text));
	json_object_array_add(locs, location_object(L, f));
	json_object_object_add(res, "locations", locs);
	snprintf(line_hash, sizeof(line_hash), "%s:1", f->fingerprint);
	json_put_str(fps, "primaryLocationLineHash", line_hash);
	json_put_str(fps, "dockgate/v1", f->fingerprint);
	json_object_object_add(res, "partialFingerprints", fps);
	if (f->baseline != BASELINE_NONE)
		json_put_str(res, "baselineState", baseline_state_name(f->baseline));
	else if (has_baseline)
		json_put_str(res, "baselineState",
			     f->status == STATUS_MANUAL ? "unchanged" : "new");
	if (f->waiver) {
		struct json_object *sups = json_object_new_array(), *sup = json_object_new_object();

		json_put_str(sup, "kind", "external");
		json_put_str(sup, "status", "accepted");
		put_clean(sup, "justification", f->waiver->reason);
		json_object_array_add(sups, sup);
		json_object_object_add(res, "suppressions", sups);
	}
	put_clean(props, "target", ref);
	put_clean(props, "targetDisplay", t->display);
	put_clean(props, "evidence", f->evidence);
	json_put_str(props, "status", status_name(f->status));
	json_put_str(props, "severity", severity_name(f->severity));
	json_put_bool(props, "gating", f->gating);
	if (f->waiver) {
		put_clean(props, "waiverExpires",
			  f->waiver->expires ? f->waiver->expires : "never");
		if (f->waiver->ticket)
			put_clean(props, "waiverTicket", f->waiver->ticket);
	}
	json_object_object_add(res, "properties", props);
	free(text);
	free(ref);
	return res;
}

static struct json_object *notification(const char *text, const char *rule_id, size_t rule_index)
{
	struct json_object *n = json_object_new_object();

	json_put_str(n, "level", "error");
	json_object_object_add(n, "message", message(text));
	if (rule_id) {
		struct json_object *ar = json_object_new_object();

		json_put_str(ar, "id", rule_id);
		json_put_int(ar, "index", (long long)rule_index);
		json_object_object_add(n, "associatedRule", ar);
	}
	return n;
}

static struct json_object *invocation_object(const struct run *r, const struct check *const *rules,
					     size_t nrules, size_t left_out)
{
	struct json_object *inv = json_object_new_object(), *notes = json_object_new_array();
	char when[32];

	json_put_bool(inv, "executionSuccessful", report_run_complete(r));
	json_put_int(inv, "exitCode", r->exit_code);
	report_time(when, r->started ? r->started : dg_now());
	json_put_str(inv, "startTimeUtc", when);
	for (size_t i = 0; i < r->nerrors; i++) {
		char *s = xstrfmt("%s: %s", r->errors[i].where, r->errors[i].message);

		json_object_array_add(notes, notification(s, NULL, 0));
		free(s);
	}
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];
		char *ref, *s;

		if (f->status != STATUS_ERROR || f->baseline == BASELINE_ABSENT)
			continue;
		ref = target_ref(&r->targets[f->target]);
		s = xstrfmt("%s on %s could not be evaluated: %s", f->check->id, ref, f->message);
		json_object_array_add(
			notes,
			notification(s, f->check->id, report_rule_index(rules, nrules, f->check)));
		free(s);
		free(ref);
	}
	/* Expired and unused waivers are listed in every report. */
	for (size_t i = 0; r->policy && i < r->policy->nwaivers; i++) {
		const struct waiver *w = &r->policy->waivers[i];
		struct json_object *n;
		char *s;

		if (w->state == WAIVER_EXPIRED)
			s = xstrfmt(
				"waiver for '%s' (target %s) expired on %s: its findings count again",
				w->check, w->target ? w->target : "any",
				w->expires ? w->expires : "?");
		else if (w->state == WAIVER_UNUSED)
			s = xstrfmt("waiver for '%s' (target %s) matched nothing", w->check,
				    w->target ? w->target : "any");
		else
			continue;
		n = notification(s, NULL, 0);
		json_put_str(n, "level", "warning");
		json_object_array_add(notes, n);
		free(s);
	}
	if (left_out) {
		char *t = xstrfmt(
			"%zu result(s) left out: GitHub code scanning rejects runs with more than %d; the most severe are kept",
			left_out, SARIF_MAX_RESULTS);
		struct json_object *n = notification(t, NULL, 0);

		json_put_str(n, "level", "warning");
		json_object_array_add(notes, n);
		free(t);
	}
	json_object_object_add(inv, "toolExecutionNotifications", notes);
	return inv;
}

static int result_wanted(const struct finding *f, const struct report_options *o)
{
	if (f->status == STATUS_FAIL)
		return 1;
	return f->status == STATUS_MANUAL && o && o->sarif_manual && f->baseline != BASELINE_ABSENT;
}

/* Keep order: current failures by severity, then fixed (absent) ones, then manual rows. */
static int result_rank(const struct finding *f)
{
	if (f->status == STATUS_MANUAL)
		return SARIF_RANKS - 1;
	return (SEV_CRITICAL - (int)f->severity) +
	       (f->baseline == BASELINE_ABSENT ? SEV_CRITICAL + 1 : 0);
}

/*
 * GitHub rejects a run of more than SARIF_MAX_RESULTS results, and an image
 * with a chmod -R 777 has that many: keep the most important ones. Sets the
 * rank cut (results ranked below it are all kept), how many of the cut
 * rank fit, and returns how many are left out.
 */
static size_t results_cut(const struct run *r, const struct report_options *o, int *cut,
			  size_t *room)
{
	size_t per_rank[SARIF_RANKS] = { 0 }, total = 0, kept = 0;

	for (size_t i = 0; i < r->findings.n; i++)
		if (result_wanted(&r->findings.v[i], o)) {
			per_rank[result_rank(&r->findings.v[i])]++;
			total++;
		}
	*cut = SARIF_RANKS;
	*room = 0;
	if (total <= SARIF_MAX_RESULTS)
		return 0;
	for (int k = 0; k < SARIF_RANKS; k++) {
		if (kept + per_rank[k] > SARIF_MAX_RESULTS) {
			*cut = k;
			*room = SARIF_MAX_RESULTS - kept;
			break;
		}
		kept += per_rank[k];
	}
	return total - SARIF_MAX_RESULTS;
}

int report_sarif(const struct run *r, const struct report_options *o, FILE *fp, struct errbuf *err)
{
	struct json_object *root = json_object_new_object(), *runs = json_object_new_array();
	struct json_object *run = json_object_new_object(), *tool = json_object_new_object();
	struct json_object *driver = json_object_new_object(), *rules_a = json_object_new_array();
	struct json_object *results = json_object_new_array(), *invs = json_object_new_array();
	struct json_object *auto_d = json_object_new_object(), *props = json_object_new_object();
	struct report_locator L;
	size_t nrules;
	const struct check **rules = report_rules(r, &nrules);
	int has_baseline = 0, ret = 0, cut;
	size_t room, left_out = results_cut(r, o, &cut, &room);
	char *id;

	for (size_t i = 0; i < r->findings.n; i++)
		has_baseline |= r->findings.v[i].baseline != BASELINE_NONE;
	report_locator_init(&L, r, o);

	json_put_str(root, "$schema", SARIF_SCHEMA);
	json_put_str(root, "version", "2.1.0");
	json_put_str(driver, "name", "dockgate");
	json_put_str(driver, "version", o && o->tool_version ? o->tool_version : DOCKGATE_VERSION);
	json_put_str(driver, "semanticVersion",
		     o && o->tool_version ? o->tool_version : DOCKGATE_VERSION);
	json_put_str(driver, "informationUri", DOCKGATE_URI);
	for (size_t i = 0; i < nrules; i++)
		json_object_array_add(rules_a, rule_object(r, rules[i]));
	json_object_object_add(driver, "rules", rules_a);
	json_object_object_add(tool, "driver", driver);
	json_object_object_add(run, "tool", tool);
	/* GitHub's category: image and daemon audits of one repository do not replace each other. */
	id = xstrfmt("dockgate/%s/", r->command ? r->command : "audit");
	json_put_str(auto_d, "id", id);
	free(id);
	json_object_object_add(run, "automationDetails", auto_d);
	json_object_array_add(invs, invocation_object(r, rules, nrules, left_out));
	json_object_object_add(run, "invocations", invs);
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];

		if (!result_wanted(f, o) || result_rank(f) > cut ||
		    (result_rank(f) == cut && !room))
			continue;
		if (result_rank(f) == cut)
			room--;
		json_object_array_add(
			results, result_object(&L, f, report_rule_index(rules, nrules, f->check),
					       has_baseline));
	}
	json_object_object_add(run, "results", results);
	json_put_str(props, "verdict", run_verdict(r));
	json_put_bool(props, "complete", report_run_complete(r));
	json_object_object_add(run, "properties", props);
	json_object_array_add(runs, run);
	json_object_object_add(root, "runs", runs);
	if (json_write(fp, root) < 0)
		ret = err_set(err, "write error");
	json_object_put(root);
	report_locator_release(&L);
	free(rules);
	return ret;
}
