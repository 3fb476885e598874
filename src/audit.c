/*
 * audit.c - policy setup and the end of every audit: baseline, gate,
 * reports, terminal output.
 */
#include "audit.h"
#include "baseline.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int validate_patterns(const struct strlist *l, const char *opt, struct errbuf *err)
{
	for (size_t i = 0; i < l->n; i++)
		if (!catalog_pattern_known(l->v[i]))
			return err_set(
				err, "option '--%s': '%s' matches no check (see 'dockgate checks')",
				opt, l->v[i]);
	return 0;
}

int audit_policy_setup(struct policy *p, const struct options *o, struct errbuf *err)
{
	const char *file = o->policy;

	if (!file && !o->no_policy && access(".dockgate.yml", F_OK) == 0)
		file = ".dockgate.yml";
	if (file && policy_load(p, file, err) < 0)
		return -1;
	if (o->fail_on) {
		if (!strcmp(o->fail_on, "none")) {
			p->fail_on_none = 1;
		} else if (severity_parse(o->fail_on, &p->fail_on) < 0) {
			return err_set(
				err,
				"option '--fail-on': '%s' is not critical, high, medium, low, info or none",
				o->fail_on);
		} else {
			p->fail_on_none = 0;
		}
	}
	if (validate_patterns(&o->include, "include", err) < 0 ||
	    validate_patterns(&o->exclude, "exclude", err) < 0)
		return -1;
	for (size_t i = 0; i < o->include.n; i++)
		strlist_push(&p->include, o->include.v[i]);
	for (size_t i = 0; i < o->exclude.n; i++)
		strlist_push(&p->exclude, o->exclude.v[i]);
	if (o->new_only)
		p->new_only = 1;
	if (o->strict_waivers)
		p->strict_waivers = 1;
	/*
	 * A bad baseline is a usage error: say so before a long audit rather
	 * than after it (audit_finish() reads it again to apply it).
	 */
	if (o->baseline) {
		struct baseline b = { 0 };
		int ret = baseline_load(&b, o->baseline, err);

		baseline_release(&b);
		if (ret < 0)
			return -1;
	}
	return 0;
}

struct report_target {
	const char *path;
	report_fn fn;
};

enum outcome audit_finish(struct run *r, struct policy *p, const struct options *o)
{
	struct report_options ro = { 0 };
	struct errbuf err = { "" };
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	const struct report_target reports[] = {
		{ o->sarif, report_sarif },
		{ o->junit, report_junit },
		{ o->markdown, report_markdown },
		{ o->json, report_json },
		{ o->codequality, report_codequality },
	};
	int write_failed = 0;

	r->policy = p;
	if (o->baseline) {
		struct baseline b = { 0 };

		if (baseline_load(&b, o->baseline, &err) < 0) {
			fprintf(stderr, "dockgate: %s\n", err.msg);
			return OUTCOME_USAGE;
		}
		baseline_apply(&b, r);
		baseline_release(&b);
	}
	engine_sort(&r->findings);
	policy_apply(p, r);

	ro.color = cli_use_color(o, stdout);
	ro.quiet = o->quiet;
	ro.sarif_manual = o->sarif_manual;
	ro.tool_version = DOCKGATE_VERSION;
	ro.dockerfile = o->dockerfile;
	if (!ro.dockerfile && access("Dockerfile", R_OK) == 0 && !strcmp(r->command, "image"))
		ro.dockerfile = "Dockerfile";

	for (size_t i = 0; i < ARRAY_SIZE(reports); i++) {
		if (!reports[i].path)
			continue;
		if (report_write_file(reports[i].path, reports[i].fn, r, &ro, &err) < 0) {
			fprintf(stderr, "dockgate: %s\n", err.msg);
			write_failed = 1;
		}
	}
	if (summary && *summary && !o->no_step_summary &&
	    report_append_file(summary, report_markdown, r, &ro, &err) < 0) {
		fprintf(stderr, "dockgate: %s\n", err.msg);
		write_failed = 1;
	}
	/* Reports on stdout replace the terminal report there. */
	if (!(o->sarif && !strcmp(o->sarif, "-")) && !(o->junit && !strcmp(o->junit, "-")) &&
	    !(o->markdown && !strcmp(o->markdown, "-")) && !(o->json && !strcmp(o->json, "-")) &&
	    !(o->codequality && !strcmp(o->codequality, "-")))
		report_text(r, &ro, stdout, &err);
	else
		report_text(r, &(struct report_options){ .quiet = 1 }, stderr, &err);
	fflush(stdout);

	if (write_failed || r->exit_code == EXIT_INCOMPLETE)
		return OUTCOME_INCOMPLETE;
	return r->gate_failed ? OUTCOME_GATE_FAILED : OUTCOME_PASS;
}
