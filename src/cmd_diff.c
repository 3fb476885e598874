/*
 * cmd_diff.c - "dockgate diff BASE HEAD": the failures that are new, fixed
 * and unchanged between two results (SARIF or JSON, any mix), by severity,
 * as text, Markdown and JSON. Exit 1 when an unwaived new finding reaches
 * --fail-on (default high).
 */
#include "cli.h"
#include "baseline.h"
#include "json.h"
#include "report.h"

#include <string.h>

/* Markdown tables stop here so a summary stays far below GitHub's 1 MiB. */
#define DIFF_MD_MAX_ROWS 500

struct diff_ctx {
	struct baseline base, head;
	struct baseline_diff d;
	int fail_none;
	enum severity fail_on;
	size_t gating; /* unwaived new findings at or above fail_on */
	int color, quiet;
};

static const char *const kind_titles[] = { "new", "fixed", "unchanged" };

static int diff_gates(const struct diff_ctx *c, const struct baseline_entry *e)
{
	return !c->fail_none && !e->waived && e->severity >= c->fail_on;
}

/* Text from results is untrusted: no control characters on a terminal. */
static void put_safe(FILE *fp, const char *s)
{
	report_term_escape(fp, s);
}

static void text_entries(const struct diff_ctx *c, FILE *fp, const char *title,
			 const struct baseline_entry *const *v, size_t n)
{
	fprintf(fp, "%s (%zu):\n", title, n);
	for (size_t i = 0; i < n; i++) {
		const struct baseline_entry *e = v[i];

		fprintf(fp, "  [%s] %s ", severity_name(e->severity), e->rule_id);
		put_safe(fp, e->target);
		if (*e->evidence) {
			fputs(" ", fp);
			put_safe(fp, e->evidence);
		}
		if (*e->message) {
			fputs(": ", fp);
			put_safe(fp, e->message);
		}
		if (e->waived)
			fputs(" (waived)", fp);
		else if (v == c->d.added && diff_gates(c, e))
			fputs(" (gating)", fp);
		fputc('\n', fp);
	}
}

static void text_counts(const struct diff_ctx *c, FILE *fp)
{
	static const enum severity order[] = { SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW,
					       SEV_INFO };
	const size_t totals[] = { c->d.nadded, c->d.nfixed, c->d.nunchanged };

	fprintf(fp, "\n%-10s", "");
	for (size_t s = 0; s < ARRAY_SIZE(order); s++)
		fprintf(fp, " %9s", severity_name(order[s]));
	fprintf(fp, " %9s\n", "total");
	for (size_t k = 0; k < 3; k++) {
		fprintf(fp, "%-10s", kind_titles[k]);
		for (size_t s = 0; s < ARRAY_SIZE(order); s++)
			fprintf(fp, " %9zu", c->d.counts[k][order[s]]);
		fprintf(fp, " %9zu\n", totals[k]);
	}
}

static const char *verdict_line(const struct diff_ctx *c, char *buf, size_t len)
{
	if (c->fail_none)
		snprintf(buf, len, "(%zu new finding(s); --fail-on none)", c->d.nadded);
	else
		snprintf(buf, len, "(%zu new finding(s) at or above %s)", c->gating,
			 severity_name(c->fail_on));
	return buf;
}

static void write_text(const struct diff_ctx *c, FILE *fp)
{
	char line[128];

	fputs("dockgate diff: ", fp);
	put_safe(fp, c->base.file);
	fprintf(fp, " (%s) -> ", c->base.format);
	put_safe(fp, c->head.file);
	fprintf(fp, " (%s)\n", c->head.format);
	if (!c->quiet) {
		fputc('\n', fp);
		text_entries(c, fp, "New findings", c->d.added, c->d.nadded);
		text_entries(c, fp, "Fixed findings", c->d.fixed, c->d.nfixed);
		fprintf(fp, "Unchanged findings: %zu\n", c->d.nunchanged);
	}
	text_counts(c, fp);
	fputs("\nVerdict: ", fp);
	if (c->gating)
		fputs(c->color ? "\033[1;31mFAILED\033[0m " : "FAILED ", fp);
	else
		fputs(c->color ? "\033[1;32mPASSED\033[0m " : "PASSED ", fp);
	fprintf(fp, "%s\n", verdict_line(c, line, sizeof(line)));
}

/*
 * Markdown-escape a table cell: untrusted text must not become markup,
 * links, mentions or autolinks, nor reorder the line (bidi controls).
 */
static void md_cell(FILE *fp, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	if (!*p) {
		fputc('-', fp);
		return;
	}
	/* past max, finish a UTF-8 sequence rather than cut it */
	for (; *p && (n < max || (*p & 0xc0) == 0x80); p++, n++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			fputc(' ', fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else if (*p == '<')
			fputs("&lt;", fp);
		else if (*p == '>')
			fputs("&gt;", fp);
		else if (*p == '&')
			fputs("&amp;", fp);
		else if (strchr("\\`*_[]#+!~|@$\"", *p) || (*p == ':' && p[1] == '/') ||
			 ((*p == '-' || *p == '=') && p == (const unsigned char *)s))
			fprintf(fp, "\\%c", *p);
		else if (*p == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) {
			fputc('?', fp); /* U+202A..U+202E */
			p += 2;
		} else if (*p == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) {
			fputc('?', fp); /* U+2066..U+2069 */
			p += 2;
		} else
			fputc(*p, fp);
	}
	if (*p)
		fputs("...", fp);
}

static void md_table(FILE *fp, const char *title, const struct baseline_entry *const *v, size_t n)
{
	fprintf(fp, "\n## %s (%zu)\n\n", title, n);
	if (!n) {
		fputs("None.\n", fp);
		return;
	}
	fputs("| Severity | Rule | Target | Evidence | Message |\n", fp);
	fputs("| --- | --- | --- | --- | --- |\n", fp);
	for (size_t i = 0; i < n && i < DIFF_MD_MAX_ROWS; i++) {
		const struct baseline_entry *e = v[i];

		fprintf(fp, "| %s%s | ", severity_name(e->severity), e->waived ? " (waived)" : "");
		md_cell(fp, e->rule_id, 64);
		fputs(" | ", fp);
		md_cell(fp, e->display, 200);
		fputs(" | ", fp);
		md_cell(fp, e->evidence, 200);
		fputs(" | ", fp);
		md_cell(fp, e->message, 300);
		fputs(" |\n", fp);
	}
	if (n > DIFF_MD_MAX_ROWS)
		fprintf(fp, "\n%zu more not shown; see the JSON diff.\n", n - DIFF_MD_MAX_ROWS);
}

static void write_markdown(const struct diff_ctx *c, FILE *fp)
{
	static const enum severity order[] = { SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW,
					       SEV_INFO };
	const size_t totals[] = { c->d.nadded, c->d.nfixed, c->d.nunchanged };
	char line[128];

	fputs("# dockgate diff\n\n", fp);
	fprintf(fp, "**%s** %s\n\n", c->gating ? "Failed" : "Passed",
		verdict_line(c, line, sizeof(line)));
	fputs("| Findings | critical | high | medium | low | info | total |\n", fp);
	fputs("| --- | --- | --- | --- | --- | --- | --- |\n", fp);
	for (size_t k = 0; k < 3; k++) {
		fprintf(fp, "| %s |", kind_titles[k]);
		for (size_t s = 0; s < ARRAY_SIZE(order); s++)
			fprintf(fp, " %zu |", c->d.counts[k][order[s]]);
		fprintf(fp, " %zu |\n", totals[k]);
	}
	md_table(fp, "New findings", c->d.added, c->d.nadded);
	md_table(fp, "Fixed findings", c->d.fixed, c->d.nfixed);
	if (c->d.nunchanged) {
		fprintf(fp, "\n<details>\n<summary>Unchanged findings (%zu)</summary>\n",
			c->d.nunchanged);
		md_table(fp, "Unchanged findings", c->d.unchanged, c->d.nunchanged);
		fputs("\n</details>\n", fp);
	}
}

static struct json_object *json_entries(const struct diff_ctx *c,
					const struct baseline_entry *const *v, size_t n, int added)
{
	struct json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++) {
		const struct baseline_entry *e = v[i];
		struct json_object *o = json_object_new_object();

		json_put_str(o, "rule", e->rule_id);
		json_put_str(o, "severity", severity_name(e->severity));
		json_put_str(o, "target", e->target);
		json_put_str(o, "target_display", e->display);
		json_put_str(o, "evidence", e->evidence);
		json_put_str(o, "message", e->message);
		json_put_str(o, "fingerprint", e->fingerprint);
		json_put_bool(o, "waived", e->waived);
		json_put_bool(o, "gating", added && diff_gates(c, e));
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *json_side(const struct baseline *b)
{
	struct json_object *o = json_object_new_object();

	json_put_str(o, "file", b->file);
	json_put_str(o, "format", b->format);
	return o;
}

static int write_json(const struct diff_ctx *c, FILE *fp)
{
	static const enum severity order[] = { SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW,
					       SEV_INFO };
	const size_t totals[] = { c->d.nadded, c->d.nfixed, c->d.nunchanged };
	struct json_object *root = json_object_new_object(), *tool = json_object_new_object();
	struct json_object *summary = json_object_new_object();
	int ret;

	json_put_str(root, "schema", "dockgate/diff/v1");
	json_put_str(tool, "name", "dockgate");
	json_put_str(tool, "version", DOCKGATE_VERSION);
	json_object_object_add(root, "tool", tool);
	json_object_object_add(root, "base", json_side(&c->base));
	json_object_object_add(root, "head", json_side(&c->head));
	json_put_str(root, "fail_on", c->fail_none ? "none" : severity_name(c->fail_on));
	json_put_str(root, "verdict", c->gating ? "failed" : "passed");
	json_put_int(root, "exit_code", c->gating ? EXIT_GATE : EXIT_PASS);
	for (size_t k = 0; k < 3; k++) {
		struct json_object *o = json_object_new_object();

		json_put_int(o, "total", (long long)totals[k]);
		for (size_t s = 0; s < ARRAY_SIZE(order); s++)
			json_put_int(o, severity_name(order[s]),
				     (long long)c->d.counts[k][order[s]]);
		json_object_object_add(summary, kind_titles[k], o);
	}
	json_put_int(summary, "gating", (long long)c->gating);
	json_object_object_add(root, "summary", summary);
	json_object_object_add(root, "new", json_entries(c, c->d.added, c->d.nadded, 1));
	json_object_object_add(root, "fixed", json_entries(c, c->d.fixed, c->d.nfixed, 0));
	json_object_object_add(root, "unchanged",
			       json_entries(c, c->d.unchanged, c->d.nunchanged, 0));
	ret = json_write(fp, root);
	json_object_put(root);
	return ret;
}

/*
 * report_write_file() gives atomic files and "-" for stdout, but takes a
 * run writer; the diff rides along in a file-static pointer.
 */
static const struct diff_ctx *current;

static int markdown_writer(const struct run *r, const struct report_options *o, FILE *fp,
			   struct errbuf *err)
{
	(void)r;
	(void)o;
	(void)err;
	write_markdown(current, fp);
	return ferror(fp) ? -1 : 0;
}

static int json_writer(const struct run *r, const struct report_options *o, FILE *fp,
		       struct errbuf *err)
{
	(void)r;
	(void)o;
	(void)err;
	return write_json(current, fp);
}

static int parse_fail_on(const struct options *o, struct diff_ctx *c)
{
	c->fail_on = SEV_HIGH;
	if (!o->fail_on)
		return 0;
	if (!strcmp(o->fail_on, "none")) {
		c->fail_none = 1;
		return 0;
	}
	if (severity_parse(o->fail_on, &c->fail_on) < 0) {
		fprintf(stderr,
			"dockgate: option '--fail-on': '%s' is not critical, high, medium, low, info or none\n",
			o->fail_on);
		return -1;
	}
	return 0;
}

enum outcome cmd_diff(struct options *o)
{
	struct diff_ctx c;
	struct errbuf err = { "" };
	struct report_options ro = { 0 };
	int write_failed = 0, to_stdout;
	enum outcome out = OUTCOME_USAGE;

	memset(&c, 0, sizeof(c));
	if (o->args.n != 2) {
		fprintf(stderr,
			"dockgate: diff: expected BASE and HEAD result files, got %zu argument(s)\n",
			o->args.n);
		return OUTCOME_USAGE;
	}
	if (parse_fail_on(o, &c) < 0)
		return OUTCOME_USAGE;
	if (baseline_load(&c.base, o->args.v[0], &err) < 0 ||
	    baseline_load(&c.head, o->args.v[1], &err) < 0) {
		fprintf(stderr, "dockgate: diff: %s\n", err.msg);
		goto out;
	}
	baseline_diff(&c.base, &c.head, &c.d);
	for (size_t i = 0; i < c.d.nadded; i++)
		c.gating += diff_gates(&c, c.d.added[i]);
	c.color = cli_use_color(o, stdout);
	c.quiet = o->quiet;
	current = &c;
	if (o->markdown && report_write_file(o->markdown, markdown_writer, NULL, &ro, &err) < 0) {
		fprintf(stderr, "dockgate: %s\n", err.msg);
		write_failed = 1;
	}
	if (o->json && report_write_file(o->json, json_writer, NULL, &ro, &err) < 0) {
		fprintf(stderr, "dockgate: %s\n", err.msg);
		write_failed = 1;
	}
	current = NULL;
	to_stdout = (o->markdown && !strcmp(o->markdown, "-")) ||
		    (o->json && !strcmp(o->json, "-"));
	write_text(&c, to_stdout ? stderr : stdout);
	if (fflush(stdout))
		write_failed = 1;
	out = write_failed ? OUTCOME_INCOMPLETE : c.gating ? OUTCOME_GATE_FAILED : OUTCOME_PASS;
out:
	baseline_diff_release(&c.d);
	baseline_release(&c.base);
	baseline_release(&c.head);
	return out;
}
