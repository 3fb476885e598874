/*
 * report_text.c - the terminal report, in docker-bench-security's shape:
 * [PASS]/[WARN]/[INFO]/[NOTE] lines grouped by target and CIS section,
 * then a summary and the verdict.
 */
#include "report.h"
#include "policy.h"

#include <string.h>

#define C_RESET "\033[0m"
#define C_GREEN "\033[1;32m"
#define C_RED "\033[1;31m"
#define C_BLUE "\033[1;34m"
#define C_YELLOW "\033[1;33m"

struct text_ctx {
	FILE *fp;
	int color;
};

/* Strings from the audited system may hold escape sequences: neutralize. */
static void put_safe(FILE *fp, const char *s)
{
	report_term_escape(fp, s);
}

static void tag(struct text_ctx *t, const char *word, const char *color)
{
	if (t->color)
		fprintf(t->fp, "%s[%s]%s ", color, word, C_RESET);
	else
		fprintf(t->fp, "[%s] ", word);
}

static const char *status_tag(enum status s, const char **color)
{
	switch (s) {
	case STATUS_PASS:
		*color = C_GREEN;
		return "PASS";
	case STATUS_FAIL:
		*color = C_RED;
		return "WARN";
	case STATUS_MANUAL:
		*color = C_YELLOW;
		return "NOTE";
	case STATUS_SKIP:
		*color = C_BLUE;
		return "INFO";
	case STATUS_ERROR:
		break;
	}
	*color = C_RED;
	return "ERROR";
}

/* One check on one target: findings v[0..n) share check and target. */
static void print_group(struct text_ctx *t, const struct run *r, const struct finding *v, size_t n)
{
	const struct check *c = v[0].check;
	const char *color, *word = status_tag(v[0].status, &color);
	size_t waived = 0;

	for (size_t i = 0; i < n; i++)
		waived += v[i].waiver != NULL;
	tag(t, word, color);
	fprintf(t->fp, "%s - %s", c->id, c->title);
	if (v[0].status == STATUS_FAIL) {
		fprintf(t->fp, " [%s]", severity_name(v[0].severity));
		if (waived == n)
			fputs(" (waived)", t->fp);
	}
	if (v[0].status != STATUS_FAIL && v[0].message[0]) {
		fputs(": ", t->fp);
		put_safe(t->fp, v[0].message);
	}
	fputc('\n', t->fp);
	if (v[0].status != STATUS_FAIL)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &v[i];

		tag(t, word, color);
		fputs("     * ", t->fp);
		put_safe(t->fp, f->message);
		if (f->waiver)
			fprintf(t->fp, " (waived until %s: ",
				f->waiver->expires ? f->waiver->expires : "never");
		if (f->waiver) {
			put_safe(t->fp, f->waiver->reason);
			fputc(')', t->fp);
		}
		if (f->baseline == BASELINE_NEW)
			fputs(" (new)", t->fp);
		fputc('\n', t->fp);
	}
	(void)r;
}

static void print_summary(struct text_ctx *t, const struct run *r)
{
	size_t st[5] = { 0 }, fails[5] = { 0 }, waived = 0, gating = 0;

	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];

		if (f->baseline == BASELINE_ABSENT)
			continue;
		st[f->status]++;
		if (f->status == STATUS_FAIL) {
			fails[f->severity]++;
			waived += f->waiver != NULL;
		}
		gating += f->gating;
	}
	fprintf(t->fp,
		"\nSummary: %zu target(s), %zu result(s): pass %zu, fail %zu, manual %zu, skip %zu, error %zu\n",
		r->ntargets, r->findings.n, st[STATUS_PASS], st[STATUS_FAIL], st[STATUS_MANUAL],
		st[STATUS_SKIP], st[STATUS_ERROR]);
	fprintf(t->fp,
		"Failures by severity: critical %zu, high %zu, medium %zu, low %zu, info %zu; waived %zu\n",
		fails[SEV_CRITICAL], fails[SEV_HIGH], fails[SEV_MEDIUM], fails[SEV_LOW],
		fails[SEV_INFO], waived);
	for (size_t i = 0; i < r->nerrors; i++) {
		tag(t, "ERROR", C_RED);
		put_safe(t->fp, r->errors[i].where);
		fputs(": ", t->fp);
		put_safe(t->fp, r->errors[i].message);
		fputc('\n', t->fp);
	}
	if (r->policy) {
		for (size_t i = 0; i < r->policy->nwaivers; i++) {
			const struct waiver *w = &r->policy->waivers[i];

			if (w->state == WAIVER_EXPIRED)
				fprintf(t->fp,
					"Waiver for '%s' expired on %s: its findings count again\n",
					w->check, w->expires);
			else if (w->state == WAIVER_EXPIRING)
				fprintf(t->fp, "Waiver for '%s' expires soon (%s)\n", w->check,
					w->expires);
			else if (w->state == WAIVER_UNUSED)
				fprintf(t->fp, "Waiver for '%s' matched nothing (unused)\n",
					w->check);
		}
	}
	fputs("Verdict: ", t->fp);
	if (r->exit_code == EXIT_INCOMPLETE)
		fputs(t->color ? C_RED "INCOMPLETE" C_RESET : "INCOMPLETE", t->fp);
	else if (r->gate_failed)
		fputs(t->color ? C_RED "FAILED" C_RESET : "FAILED", t->fp);
	else
		fputs(t->color ? C_GREEN "PASSED" C_RESET : "PASSED", t->fp);
	if (r->policy && !r->policy->fail_on_none)
		fprintf(t->fp, " (%zu gating finding(s), fail on %s and above)\n", gating,
			severity_name(r->policy->fail_on));
	else
		fprintf(t->fp, " (%zu gating finding(s))\n", gating);
}

/*
 * The findings of one CIS section, target by target: sections come in
 * order (1 host, 2 daemon, 3 host files…) as docker-bench-security prints them.
 */
static void print_section(struct text_ctx *t, const struct run *r, int section)
{
	size_t i = 0, cur_target = (size_t)-1;

	while (i < r->findings.n) {
		const struct finding *f = &r->findings.v[i];
		size_t j = i + 1;

		if (f->baseline == BASELINE_ABSENT || f->check->section != section) {
			i++;
			continue;
		}
		while (j < r->findings.n && r->findings.v[j].check == f->check &&
		       r->findings.v[j].target == f->target &&
		       r->findings.v[j].status == f->status &&
		       r->findings.v[j].baseline != BASELINE_ABSENT)
			j++;
		if (f->target != cur_target) {
			const struct target *tg = &r->targets[f->target];

			cur_target = f->target;
			fputc('\n', t->fp);
			tag(t, "INFO", C_BLUE);
			fprintf(t->fp, "%d - %s: ", section, section_title(section));
			fputs(report_target_kind_prefix(tg), t->fp);
			put_safe(t->fp, tg->display);
			fputc('\n', t->fp);
		}
		print_group(t, r, f, j - i);
		i = j;
	}
}

int report_text(const struct run *r, const struct report_options *o, FILE *fp, struct errbuf *err)
{
	struct text_ctx t = { fp, o->color };
	int lo = 0, hi = -1;

	(void)err;
	if (o->quiet) {
		print_summary(&t, r);
		return 0;
	}
	for (size_t i = 0; i < r->findings.n; i++) {
		int s = r->findings.v[i].check->section;

		if (hi < lo) {
			lo = hi = s;
		} else {
			lo = s < lo ? s : lo;
			hi = s > hi ? s : hi;
		}
	}
	for (int s = lo; s <= hi; s++)
		print_section(&t, r, s);
	print_summary(&t, r);
	return 0;
}
