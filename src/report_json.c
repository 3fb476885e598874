/*
 * report_json.c - dockgate's own result format, "dockgate/result/v1"
 * (documented in the README; the contract is RESULT_JSON.md). Baselines and
 * "dockgate diff" read it back, so keys keep this order and every string
 * from the audited system is valid UTF-8.
 */
#include "report.h"
#include "report_util.h"
#include "policy.h"
#include "json.h"

#include <string.h>

/* A string member, made valid UTF-8; NULL stays JSON null. */
static void put_clean(struct json_object *o, const char *key, const char *s)
{
	char *c;

	if (!s) {
		json_object_object_add(o, key, NULL);
		return;
	}
	c = report_clean(s, 0);
	json_object_object_add(o, key, json_object_new_string(c));
	free(c);
}

static struct json_object *gate_object(const struct run *r)
{
	const struct policy *p = r->policy;
	struct json_object *g = json_object_new_object(), *budgets = json_object_new_object();

	if (!p || !p->fail_on_none)
		json_put_str(g, "fail_on", severity_name(p ? p->fail_on : SEV_HIGH));
	else
		json_put_str(g, "fail_on", "none");
	json_put_bool(g, "new_only", p ? p->new_only : 0);
	/* Most severe first, as a user writes them. */
	for (int s = SEV_CRITICAL; p && s >= SEV_INFO; s--)
		if (p->max[s] >= 0)
			json_put_int(budgets, severity_name((enum severity)s), p->max[s]);
	json_object_object_add(g, "budgets", budgets);
	return g;
}

static struct json_object *summary_object(const struct run *r)
{
	struct report_counts c;
	struct json_object *s = json_object_new_object(), *by = json_object_new_object();

	report_count(r, &c);
	json_put_int(s, "targets", (long long)r->ntargets);
	json_put_int(
		s, "results",
		(long long)(c.status[0] + c.status[1] + c.status[2] + c.status[3] + c.status[4]));
	for (int st = STATUS_PASS; st <= STATUS_ERROR; st++)
		json_put_int(s, status_name((enum status)st), (long long)c.status[st]);
	json_put_int(s, "waived", (long long)c.waived);
	json_put_int(s, "gating", (long long)c.gating);
	for (int sev = SEV_CRITICAL; sev >= SEV_INFO; sev--)
		json_put_int(by, severity_name((enum severity)sev), (long long)c.fails_by_sev[sev]);
	json_object_object_add(s, "failures_by_severity", by);
	if (c.has_baseline) {
		struct json_object *b = json_object_new_object();

		json_put_int(b, "new", (long long)c.base_new);
		json_put_int(b, "unchanged", (long long)c.base_unchanged);
		json_put_int(b, "absent", (long long)c.base_absent);
		json_object_object_add(s, "baseline", b);
	} else {
		json_object_object_add(s, "baseline", NULL);
	}
	return s;
}

static struct json_object *finding_object(const struct run *r, const struct finding *f)
{
	const struct target *t = &r->targets[f->target];
	struct json_object *o = json_object_new_object();
	char *ref = target_ref(t);

	json_put_str(o, "rule", f->check->id);
	json_put_str(o, "name", f->check->name);
	json_put_str(o, "title", f->check->title);
	json_put_int(o, "section", f->check->section);
	json_put_str(o, "status", status_name(f->status));
	json_put_str(o, "severity", severity_name(f->severity));
	put_clean(o, "target", ref);
	put_clean(o, "target_display", t->display);
	put_clean(o, "evidence", f->evidence);
	put_clean(o, "message", f->message);
	json_put_str(o, "fingerprint", f->fingerprint);
	if (t->image && f->layer >= 0 && (size_t)f->layer < t->image->nlayers)
		put_clean(o, "layer", t->image->layers[f->layer].digest);
	else
		json_object_object_add(o, "layer", NULL);
	if (f->history >= 0)
		json_put_int(o, "history", f->history);
	else
		json_object_object_add(o, "history", NULL);
	json_put_str(o, "baseline",
		     f->baseline == BASELINE_NONE ? NULL : baseline_state_name(f->baseline));
	if (f->waiver) {
		struct json_object *w = json_object_new_object();

		put_clean(w, "check", f->waiver->check);
		put_clean(w, "reason", f->waiver->reason);
		put_clean(w, "expires", f->waiver->expires);
		put_clean(w, "ticket", f->waiver->ticket);
		json_put_str(w, "state",
			     f->waiver->state == WAIVER_EXPIRING ? "expiring" : "applied");
		json_object_object_add(o, "waiver", w);
	} else {
		json_object_object_add(o, "waiver", NULL);
	}
	json_put_bool(o, "gating", f->gating);
	free(ref);
	return o;
}

static struct json_object *waivers_array(const struct run *r)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; r->policy && i < r->policy->nwaivers; i++) {
		const struct waiver *w = &r->policy->waivers[i];
		struct json_object *o = json_object_new_object();

		put_clean(o, "check", w->check);
		put_clean(o, "target", w->target);
		put_clean(o, "evidence", w->evidence);
		put_clean(o, "reason", w->reason);
		put_clean(o, "expires", w->expires);
		put_clean(o, "ticket", w->ticket);
		json_put_str(o, "state", policy_waiver_state_name(w->state));
		json_put_int(o, "matched", (long long)w->matched);
		json_object_array_add(a, o);
	}
	return a;
}

int report_json(const struct run *r, const struct report_options *o, FILE *fp, struct errbuf *err)
{
	struct json_object *root = json_object_new_object(), *tool = json_object_new_object();
	struct json_object *targets = json_object_new_array(), *findings = json_object_new_array();
	struct json_object *errors = json_object_new_array();
	char when[32];
	int ret = 0;

	json_put_str(root, "schema", "dockgate/result/v1");
	json_put_str(tool, "name", "dockgate");
	json_put_str(tool, "version", o && o->tool_version ? o->tool_version : DOCKGATE_VERSION);
	json_object_object_add(root, "tool", tool);
	json_put_str(root, "command", r->command ? r->command : "");
	report_time(when, r->started ? r->started : dg_now());
	json_put_str(root, "generated", when);
	json_put_bool(root, "complete", report_run_complete(r));
	json_put_str(root, "verdict", run_verdict(r));
	json_put_int(root, "exit_code", r->exit_code);
	json_object_object_add(root, "gate", gate_object(r));
	for (size_t i = 0; i < r->ntargets; i++) {
		const struct target *t = &r->targets[i];
		struct json_object *to = json_object_new_object();

		json_put_str(to, "kind", target_kind_name(t->kind));
		put_clean(to, "name", t->name);
		put_clean(to, "display", t->display);
		put_clean(to, "digest", t->digest);
		json_object_array_add(targets, to);
	}
	json_object_object_add(root, "targets", targets);
	json_object_object_add(root, "summary", summary_object(r));
	for (size_t i = 0; i < r->findings.n; i++)
		json_object_array_add(findings, finding_object(r, &r->findings.v[i]));
	json_object_object_add(root, "findings", findings);
	json_object_object_add(root, "waivers", waivers_array(r));
	for (size_t i = 0; i < r->nerrors; i++) {
		struct json_object *e = json_object_new_object();

		put_clean(e, "where", r->errors[i].where);
		put_clean(e, "message", r->errors[i].message);
		json_object_array_add(errors, e);
	}
	json_object_object_add(root, "errors", errors);
	if (json_write(fp, root) < 0)
		ret = err_set(err, "write error");
	json_object_put(root);
	return ret;
}
