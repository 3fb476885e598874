/*
 * report_markdown.c - the Markdown summary for $GITHUB_STEP_SUMMARY and
 * merge-request comments: verdict, counts by severity, failing findings
 * (most severe first) with how to fix them, the rest in <details>, audit
 * errors and waivers that need attention. At most 1 MiB (GitHub's step
 * summary limit): past that, rows are left out with a note. Every string
 * goes through report_md_escape(), so names, paths and messages from the
 * audited system cannot break a table or inject HTML.
 */
#include "report.h"
#include "report_util.h"
#include "policy.h"
#include "buf.h"

#include <string.h>

#define MD_LIMIT (1024 * 1024)
/* Room kept for the closing parts (waivers, notes) once rows stop. */
#define MD_RESERVE (128 * 1024)
#define MD_MAX_TARGETS_LISTED 20

struct md {
	struct buf b;
	const struct run *r;
	struct report_counts counts;
	size_t omitted; /* rows left out for size */
	const struct check **rules;
	size_t nrules;
	unsigned char *fix; /* per rule: has a "How to fix" entry */
};

static void esc(struct md *m, const char *s)
{
	report_md_escape(&m->b, s);
}

/*
 * Table cell content: escaped, without surrounding blanks (markdownlint
 * wants exactly one space of padding), and never empty.
 */
static void cell(struct md *m, const char *s)
{
	size_t start = m->b.len;

	while (s && (*s == ' ' || *s == '\t'))
		s++;
	report_md_escape(&m->b, s);
	while (m->b.len > start && m->b.s[m->b.len - 1] == ' ')
		m->b.len--;
	m->b.s[m->b.len] = '\0';
	if (m->b.len == start)
		buf_adds(&m->b, "\xe2\x80\x94"); /* em dash */
}

/* Would adding a row of about this size pass the budget? Counts it when so. */
static int md_full(struct md *m)
{
	if (m->b.len < MD_LIMIT - MD_RESERVE)
		return 0;
	m->omitted++;
	return 1;
}

/* GitHub's heading anchor: lower case, punctuation dropped, spaces to '-'. */
static void anchor(struct buf *b, const struct check *c)
{
	char *s = xstrfmt("%s %s", c->id, c->name);

	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')
			buf_addc(b, (char)ch);
		else if (ch >= 'A' && ch <= 'Z')
			buf_addc(b, (char)(ch - 'A' + 'a'));
		else if (ch == ' ')
			buf_addc(b, '-');
	}
	free(s);
}

static size_t gating_budget_over(const struct run *r, enum severity s, size_t *count)
{
	const struct policy *p = r->policy;
	size_t n = 0;

	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];

		if (f->status == STATUS_FAIL && !f->waiver && f->severity == s &&
		    f->baseline != BASELINE_ABSENT &&
		    !(p->new_only && f->baseline == BASELINE_UNCHANGED))
			n++;
	}
	*count = n;
	return p->max[s] >= 0 && (long long)n > p->max[s];
}

static void verdict(struct md *m)
{
	const struct run *r = m->r;
	const struct policy *p = r->policy;
	const char *v = run_verdict(r);

	buf_addf(&m->b, "# dockgate %s audit: %s\n\n", r->command ? r->command : "", v);
	buf_addf(&m->b, "**Verdict: %s**", v);
	if (!strcmp(v, "incomplete")) {
		buf_addf(
			&m->b,
			": the audit could not evaluate everything (%zu audit error(s), %zu check(s) "
			"that could not be evaluated), so the gate cannot pass.\n",
			r->nerrors, m->counts.error_findings);
	} else if (!strcmp(v, "failed")) {
		buf_adds(&m->b, ":");
		if (m->counts.gating && p && !p->fail_on_none)
			buf_addf(
				&m->b,
				" %zu unwaived finding(s) at or above **%s** (the `fail_on` threshold)%s.",
				m->counts.gating, severity_name(p->fail_on),
				p->new_only ? ", counting only findings new since the baseline"
					    : "");
		else if (m->counts.gating)
			buf_addf(&m->b, " %zu gating finding(s).", m->counts.gating);
		for (int s = SEV_CRITICAL; p && s >= SEV_INFO; s--) {
			size_t n;

			if (gating_budget_over(r, (enum severity)s, &n))
				buf_addf(&m->b, " %zu %s finding(s) exceed the budget of %lld.", n,
					 severity_name((enum severity)s), p->max[s]);
		}
		if (p && p->strict_waivers) {
			for (size_t i = 0; i < p->nwaivers; i++) {
				if (p->waivers[i].state == WAIVER_UNUSED) {
					buf_adds(
						&m->b,
						" Unused waivers fail the gate (`strict_waivers`).");
					break;
				}
			}
		}
		buf_addc(&m->b, '\n');
	} else if (p && p->fail_on_none) {
		buf_adds(
			&m->b,
			": no severity threshold is set (`fail_on: none`) and no budget was exceeded.\n");
	} else {
		buf_addf(&m->b, ": no unwaived finding at or above **%s**.\n",
			 severity_name(p ? p->fail_on : SEV_HIGH));
	}
	buf_addf(&m->b, "\nAudited %zu target(s):", r->ntargets);
	for (size_t i = 0; i < r->ntargets && i < MD_MAX_TARGETS_LISTED; i++) {
		buf_adds(&m->b, i ? ", " : " ");
		buf_adds(&m->b, report_target_kind_prefix(&r->targets[i]));
		cell(m, r->targets[i].display);
	}
	if (r->ntargets > MD_MAX_TARGETS_LISTED)
		buf_addf(&m->b, " and %zu more", r->ntargets - MD_MAX_TARGETS_LISTED);
	buf_adds(&m->b, ".\n");
}

static void counts_table(struct md *m)
{
	const struct report_counts *c = &m->counts;
	size_t tot[5] = { 0 };

	buf_adds(&m->b, "\n| Severity | Failing | Gating |");
	if (c->has_baseline)
		buf_adds(&m->b, " New | Unchanged |");
	if (c->waived)
		buf_adds(&m->b, " Waived |");
	buf_adds(&m->b, "\n| --- | ---: | ---: |");
	if (c->has_baseline)
		buf_adds(&m->b, " ---: | ---: |");
	if (c->waived)
		buf_adds(&m->b, " ---: |");
	buf_addc(&m->b, '\n');
	for (int s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		buf_addf(&m->b, "| %s | %zu | %zu |", severity_name((enum severity)s),
			 c->fails_by_sev[s], c->gating_by_sev[s]);
		if (c->has_baseline)
			buf_addf(&m->b, " %zu | %zu |", c->new_by_sev[s], c->unchanged_by_sev[s]);
		if (c->waived)
			buf_addf(&m->b, " %zu |", c->waived_by_sev[s]);
		buf_addc(&m->b, '\n');
		tot[0] += c->fails_by_sev[s];
	}
	buf_addf(&m->b, "| **total** | **%zu** | **%zu** |", tot[0], c->gating);
	if (c->has_baseline)
		buf_addf(&m->b, " **%zu** | **%zu** |", c->base_new, c->base_unchanged);
	if (c->waived)
		buf_addf(&m->b, " **%zu** |", c->waived);
	buf_addc(&m->b, '\n');
	buf_addf(&m->b, "\nResults: %zu pass, %zu fail, %zu manual, %zu not applicable, %zu error.",
		 c->status[STATUS_PASS], c->status[STATUS_FAIL], c->status[STATUS_MANUAL],
		 c->status[STATUS_SKIP], c->status[STATUS_ERROR]);
	if (c->has_baseline)
		buf_addf(&m->b, " Fixed since the baseline: %zu.", c->base_absent);
	buf_addc(&m->b, '\n');
}

static void errors_section(struct md *m)
{
	const struct run *r = m->r;

	if (!r->nerrors && !m->counts.error_findings)
		return;
	buf_adds(&m->b, "\n## Errors\n\n");
	for (size_t i = 0; i < r->nerrors; i++) {
		if (md_full(m))
			continue;
		buf_adds(&m->b, "- ");
		cell(m, r->errors[i].where);
		buf_adds(&m->b, ": ");
		cell(m, r->errors[i].message);
		buf_addc(&m->b, '\n');
	}
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];
		char *ref;

		if (f->status != STATUS_ERROR || f->baseline == BASELINE_ABSENT || md_full(m))
			continue;
		ref = target_ref(&r->targets[f->target]);
		buf_addf(&m->b, "- %s on ", f->check->id);
		cell(m, ref);
		buf_adds(&m->b, " could not be evaluated: ");
		cell(m, f->message);
		buf_addc(&m->b, '\n');
		free(ref);
	}
}

/* qsort() takes no context argument: the comparison reads it from here. */
static const struct md *cmp_md;

/* Most severe first; gating before not; then report order. */
static int fail_cmp(const void *pa, const void *pb)
{
	const struct finding *a = &cmp_md->r->findings.v[*(const size_t *)pa];
	const struct finding *b = &cmp_md->r->findings.v[*(const size_t *)pb];

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->gating != b->gating)
		return a->gating ? -1 : 1;
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

static void target_cell(struct md *m, const struct target *t)
{
	buf_adds(&m->b, report_target_kind_prefix(t));
	cell(m, t->display);
}

static void failing_section(struct md *m)
{
	const struct run *r = m->r;
	size_t *idx = xcalloc(r->findings.n ? r->findings.n : 1, sizeof(*idx)), n = 0;

	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];

		if (f->status == STATUS_FAIL && !f->waiver && f->baseline != BASELINE_ABSENT)
			idx[n++] = i;
	}
	buf_adds(&m->b, "\n## Failing findings\n\n");
	if (!n) {
		buf_adds(&m->b, "No unwaived failing findings.\n");
		free(idx);
		return;
	}
	cmp_md = m;
	qsort(idx, n, sizeof(*idx), fail_cmp);
	cmp_md = NULL;
	buf_adds(&m->b, "| Severity | Rule | Target | Evidence | Finding |\n");
	buf_adds(&m->b, "| --- | --- | --- | --- | --- |\n");
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &r->findings.v[idx[i]];
		size_t ri = report_rule_index(m->rules, m->nrules, f->check);

		if (md_full(m))
			continue;
		m->fix[ri] = 1;
		buf_addf(&m->b, "| %s%s | [%s](#", severity_name(f->severity),
			 f->gating ? " (gating)" : "", f->check->id);
		anchor(&m->b, f->check);
		buf_adds(&m->b, ") | ");
		target_cell(m, &r->targets[f->target]);
		buf_adds(&m->b, " | ");
		cell(m, f->evidence);
		buf_adds(&m->b, " | ");
		cell(m, f->message);
		if (f->baseline == BASELINE_NEW)
			buf_adds(&m->b, " **new**");
		buf_adds(&m->b, " |\n");
	}
	free(idx);
	buf_adds(&m->b, "\n## How to fix\n");
	for (size_t i = 0; i < m->nrules; i++) {
		const struct check *c = m->rules[i];

		if (!m->fix[i])
			continue;
		buf_addf(&m->b, "\n### %s %s\n\n", c->id, c->name);
		esc(m, c->title);
		buf_adds(&m->b, ". ");
		esc(m, c->remediation);
		if (c->cis)
			buf_addf(&m->b, " (CIS Docker Benchmark %s)", c->cis);
		buf_addc(&m->b, '\n');
	}
}

static const char *other_status(const struct finding *f)
{
	if (f->baseline == BASELINE_ABSENT)
		return "fixed";
	if (f->status == STATUS_FAIL)
		return "waived";
	if (f->status == STATUS_SKIP)
		return "not applicable";
	return status_name(f->status);
}

static void others_section(struct md *m)
{
	const struct run *r = m->r;
	/* Rows in this order: waived, fixed, error, manual, not applicable, pass. */
	static const char *const order[] = { "waived", "fixed",		 "error",
					     "manual", "not applicable", "pass" };
	size_t n = 0;

	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];

		if (!(f->status == STATUS_FAIL && !f->waiver && f->baseline != BASELINE_ABSENT))
			n++;
	}
	if (!n)
		return;
	buf_addf(
		&m->b,
		"\n<details>\n<summary>Other results (%zu): waived, fixed, manual, not applicable, "
		"passed</summary>\n\n",
		n);
	buf_adds(&m->b, "| Status | Rule | Target | Note |\n| --- | --- | --- | --- |\n");
	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		for (size_t i = 0; i < r->findings.n; i++) {
			const struct finding *f = &r->findings.v[i];

			if (f->status == STATUS_FAIL && !f->waiver &&
			    f->baseline != BASELINE_ABSENT)
				continue;
			if (strcmp(other_status(f), order[k]) || md_full(m))
				continue;
			buf_addf(&m->b, "| %s | %s ", order[k], f->check->id);
			cell(m, f->check->title);
			buf_adds(&m->b, " | ");
			target_cell(m, &r->targets[f->target]);
			buf_adds(&m->b, " | ");
			if (f->waiver) {
				cell(m, f->message);
				buf_adds(&m->b, " (waived: ");
				esc(m, f->waiver->reason);
				buf_addf(&m->b, "; expires %s)",
					 f->waiver->expires ? f->waiver->expires : "never");
			} else {
				cell(m, f->message);
			}
			buf_adds(&m->b, " |\n");
		}
	}
	buf_adds(&m->b, "\n</details>\n");
}

static void waivers_section(struct md *m)
{
	const struct policy *p = m->r->policy;
	size_t n = 0;

	for (size_t i = 0; p && i < p->nwaivers; i++)
		n += p->waivers[i].state == WAIVER_EXPIRED ||
		     p->waivers[i].state == WAIVER_UNUSED || p->waivers[i].state == WAIVER_EXPIRING;
	if (!n)
		return;
	buf_adds(&m->b, "\n## Waivers that need attention\n\n");
	buf_adds(&m->b, "| State | Check | Target | Reason | Expires | Matched |\n");
	buf_adds(&m->b, "| --- | --- | --- | --- | --- | ---: |\n");
	for (size_t i = 0; i < p->nwaivers; i++) {
		const struct waiver *w = &p->waivers[i];
		const char *state = w->state == WAIVER_EXPIRED ? "expired: its findings count again"
				    : w->state == WAIVER_UNUSED	  ? "unused: matched nothing"
				    : w->state == WAIVER_EXPIRING ? "expiring soon"
								  : NULL;

		if (!state || md_full(m))
			continue;
		buf_addf(&m->b, "| %s | ", state);
		cell(m, w->check);
		buf_adds(&m->b, " | ");
		cell(m, w->target ? w->target : "any");
		buf_adds(&m->b, " | ");
		cell(m, w->reason);
		buf_adds(&m->b, " | ");
		cell(m, w->expires ? w->expires : "never");
		buf_addf(&m->b, " | %zu |\n", w->matched);
	}
}

int report_markdown(const struct run *r, const struct report_options *o, FILE *fp,
		    struct errbuf *err)
{
	struct md m;
	int ret = 0;

	(void)o;
	memset(&m, 0, sizeof(m));
	m.r = r;
	report_count(r, &m.counts);
	m.rules = report_rules(r, &m.nrules);
	m.fix = xcalloc(m.nrules ? m.nrules : 1, 1);
	verdict(&m);
	counts_table(&m);
	errors_section(&m);
	failing_section(&m);
	others_section(&m);
	waivers_section(&m);
	if (m.omitted)
		buf_addf(&m.b,
			 "\n%zu row(s) were left out to keep this summary under 1 MiB; the SARIF, "
			 "JSON and JUnit reports have every finding.\n",
			 m.omitted);
	if (fwrite(m.b.s, 1, m.b.len, fp) != m.b.len)
		ret = err_set(err, "write error");
	buf_release(&m.b);
	free(m.fix);
	free(m.rules);
	return ret;
}
