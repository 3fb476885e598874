/*
 * cmd_policy.c - "dockgate policy validate FILE": load a policy file and
 * print what it means: the effective gate, which checks the patterns
 * select, severity overrides, scoped targets, per-check parameters and
 * every waiver with its state as of today (SOURCE_DATE_EPOCH when set).
 * Exit 0 when valid, 2 with FILE:LINE:COLUMN when not.
 */
#include "cli.h"
#include "policy.h"
#include "buf.h"
#include "report.h"

#include <limits.h>
#include <string.h>

/* Shown ids per pattern; the rest is a count. */
#define SHOW_IDS 6

/* A quoted YAML string may hold control characters: keep them off the terminal. */
static void put_safe(FILE *fp, const char *s)
{
	report_term_escape(fp, s);
}

/* "'4.*' (3 checks: CIS-4.1, CIS-4.2, CIS-4.6)" */
static void print_pattern(FILE *fp, const char *pattern)
{
	size_t n = catalog_count(), hits = 0;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const struct check *c = catalog_at(i);

		if (!check_matches(c, pattern))
			continue;
		if (hits < SHOW_IDS)
			buf_addf(&b, "%s%s", hits ? ", " : "", c->id);
		hits++;
	}
	if (hits > SHOW_IDS)
		buf_addf(&b, ", ... %zu more", hits - SHOW_IDS);
	fputc('\'', fp);
	put_safe(fp, pattern);
	fprintf(fp, "' (%zu check%s: %s)", hits, hits == 1 ? "" : "s", buf_str(&b));
	buf_release(&b);
}

static void print_list(FILE *fp, const char *indent, const char *label, const struct strlist *l)
{
	if (!l->n)
		return;
	fprintf(fp, "%s%s:\n", indent, label);
	for (size_t i = 0; i < l->n; i++) {
		fprintf(fp, "%s  ", indent);
		print_pattern(fp, l->v[i]);
		fputc('\n', fp);
	}
}

static void print_overrides(FILE *fp, const char *indent, const struct severity_override *o,
			    size_t n)
{
	if (!n)
		return;
	fprintf(fp, "%sseverity overrides (the last matching entry wins):\n", indent);
	for (size_t i = 0; i < n; i++) {
		fprintf(fp, "%s  ", indent);
		print_pattern(fp, o[i].pattern);
		fprintf(fp, " -> %s\n", severity_name(o[i].severity));
	}
}

static void print_strings(FILE *fp, const char *label, const struct strlist *l)
{
	if (!l->n)
		return;
	fprintf(fp, "  %s:", label);
	for (size_t i = 0; i < l->n; i++) {
		fputs(i ? ", " : " ", fp);
		put_safe(fp, l->v[i]);
	}
	fputc('\n', fp);
}

static void print_gate(FILE *fp, const struct policy *p)
{
	int budgets = 0;

	fputs("gate:\n", fp);
	if (p->fail_on_none)
		fputs("  fail on: none (severity alone never fails the gate)\n", fp);
	else
		fprintf(fp, "  fail on: %s and above\n", severity_name(p->fail_on));
	fputs("  budgets:", fp);
	for (int s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		if (p->max[s] < 0)
			continue;
		fprintf(fp, "%s at most %lld %s", budgets++ ? "," : "", p->max[s],
			severity_name((enum severity)s));
	}
	fputs(budgets ? " unwaived finding(s)\n" : " none\n", fp);
	fprintf(fp, "  new findings only: %s\n",
		p->new_only ? "yes (with a baseline, unchanged findings do not gate)" : "no");
	fprintf(fp, "  unused waivers: %s\n",
		p->strict_waivers ? "fail the gate (strict)" : "warning");
	if (p->waivers_may_not_expire)
		fputs("  waivers must expire: no\n", fp);
	else
		fputs("  waivers must expire: yes\n", fp);
	if (p->max_waiver_days)
		fprintf(fp, "  max waiver days: %ld\n", p->max_waiver_days);
}

static void print_checks(FILE *fp, const struct policy *p)
{
	size_t n = catalog_count(), selected = 0;

	for (size_t i = 0; i < n; i++)
		selected += policy_check_selected(p, catalog_at(i), NULL);
	fprintf(fp, "checks: %zu of %zu selected%s\n", selected, n,
		p->include.n || p->exclude.n ? "" : " (all)");
	print_list(fp, "  ", "include", &p->include);
	print_list(fp, "  ", "exclude", &p->exclude);
	print_overrides(fp, "  ", p->severities, p->nseverities);
	if (p->setuid_allow.n || p->secret_files.n || p->allowed_ports.n || p->max_images ||
	    p->max_containers) {
		fputs("parameters:\n", fp);
		print_strings(fp, "setuid_allow (allowed setuid/setgid paths)", &p->setuid_allow);
		print_strings(fp, "secret_files (extra secret file globs)", &p->secret_files);
		print_strings(fp, "allowed_ports (exposed ports not reported)", &p->allowed_ports);
		if (p->max_images)
			fprintf(fp, "  max_images: %ld\n", p->max_images);
		if (p->max_containers)
			fprintf(fp, "  max_containers: %ld\n", p->max_containers);
	}
}

static void print_targets(FILE *fp, const struct policy *p)
{
	if (!p->nscopes)
		return;
	fputs("targets (later entries override earlier ones):\n", fp);
	for (size_t i = 0; i < p->nscopes; i++) {
		const struct policy_scope *s = &p->scopes[i];

		fputs("  ", fp);
		put_safe(fp, s->pattern);
		fputs(":\n", fp);
		if (s->has_fail_on && s->fail_on_none)
			fputs("    fail on: none\n", fp);
		else if (s->has_fail_on)
			fprintf(fp, "    fail on: %s and above\n", severity_name(s->fail_on));
		print_list(fp, "    ", "include (replaces the policy-wide selection)", &s->include);
		print_list(fp, "    ", "exclude", &s->exclude);
		print_overrides(fp, "    ", s->severities, s->nseverities);
	}
}

static void print_waiver(FILE *fp, const struct policy *p, const struct waiver *w, size_t i)
{
	long long left = policy_waiver_days_left(p, w);

	fprintf(fp, "  %zu. ", i + 1);
	print_pattern(fp, w->check);
	fprintf(fp, " (line %d)\n", w->line);
	fputs("     target: ", fp);
	put_safe(fp, w->target ? w->target : "any");
	fputs("\n     evidence: ", fp);
	put_safe(fp, w->evidence ? w->evidence : "any");
	fputs("\n     reason: ", fp);
	put_safe(fp, w->reason);
	fputc('\n', fp);
	if (w->ticket) {
		fputs("     ticket: ", fp);
		put_safe(fp, w->ticket);
		fputc('\n', fp);
	}
	switch (policy_waiver_date_state(p, w)) {
	case WAIVER_EXPIRED:
		fprintf(fp,
			"     state: EXPIRED on %s (%lld day(s) ago): its findings count again\n",
			w->expires, -left);
		break;
	case WAIVER_EXPIRING:
		fprintf(fp, "     state: expiring soon: %s (%lld day(s) left)\n", w->expires, left);
		break;
	default:
		if (left == LLONG_MAX)
			fputs("     state: active, never expires\n", fp);
		else
			fprintf(fp, "     state: active until %s (%lld days left)\n", w->expires,
				left);
		break;
	}
}

static void print_policy(FILE *fp, const struct policy *p)
{
	time_t now = (time_t)p->now;
	struct tm tm;
	char today[16] = "?";
	size_t expired = 0;

	if (gmtime_r(&now, &tm))
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	fputs("policy ", fp);
	put_safe(fp, p->file);
	fprintf(fp, ": valid (version 1), as of %s UTC\n\n", today);
	print_gate(fp, p);
	fputc('\n', fp);
	print_checks(fp, p);
	if (p->nscopes)
		fputc('\n', fp);
	print_targets(fp, p);
	fprintf(fp, "\nwaivers: %zu\n", p->nwaivers);
	for (size_t i = 0; i < p->nwaivers; i++) {
		print_waiver(fp, p, &p->waivers[i], i);
		expired += policy_waiver_date_state(p, &p->waivers[i]) == WAIVER_EXPIRED;
	}
	if (expired)
		fprintf(fp,
			"\nwarning: %zu waiver(s) expired: remove them or renew them with a new date\n",
			expired);
}

enum outcome cmd_policy(struct options *o)
{
	struct policy p;
	struct errbuf err = { "" };
	enum outcome out;

	if (!o->args.n || strcmp(o->args.v[0], "validate")) {
		fprintf(stderr, "dockgate: policy: expected 'validate FILE'%s%s%s\n",
			o->args.n ? " (unknown subcommand '" : "", o->args.n ? o->args.v[0] : "",
			o->args.n ? "')" : "");
		return OUTCOME_USAGE;
	}
	if (o->args.n != 2) {
		fprintf(stderr, "dockgate: policy validate: expected exactly one FILE\n");
		return OUTCOME_USAGE;
	}
	policy_init(&p);
	if (policy_load(&p, o->args.v[1], &err) < 0) {
		fprintf(stderr, "dockgate: %s\n", err.msg);
		out = OUTCOME_USAGE;
		goto out;
	}
	if (o->strict_waivers)
		p.strict_waivers = 1;
	print_policy(stdout, &p);
	out = fflush(stdout) ? OUTCOME_INCOMPLETE : OUTCOME_PASS;
out:
	policy_release(&p);
	return out;
}
