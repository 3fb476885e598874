/*
 * cmd_checks.c - "dockgate checks": print the catalog as text, Markdown
 * (the README's check table) or JSON.
 */
#include "cli.h"
#include "check.h"
#include "json.h"

#include <string.h>

static void md_cell(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\n')
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
}

static void print_markdown(FILE *fp)
{
	size_t n = catalog_count();

	fputs("| Id | Name | Title | Scope | Severity | Level | Test |\n", fp);
	fputs("|---|---|---|---|---|---|---|\n", fp);
	for (size_t i = 0; i < n; i++) {
		const struct check *c = catalog_at(i);

		fprintf(fp, "| %s | `%s` | ", c->id, c->name);
		md_cell(fp, c->title);
		fprintf(fp, " | %s | %s | %s | %s |\n", scope_name(c->scope),
			severity_name(c->severity), c->level ? (c->level == 1 ? "1" : "2") : "-",
			c->fn ? "automated" : "manual");
	}
}

static void print_text(FILE *fp)
{
	size_t n = catalog_count();
	int section = 0;

	for (size_t i = 0; i < n; i++) {
		const struct check *c = catalog_at(i);

		if (c->section != section) {
			section = c->section;
			fprintf(fp, "%s%d - %s\n", i ? "\n" : "", section, section_title(section));
		}
		fprintf(fp, "  %-12s %-9s %-7s %-40s %s%s\n", c->id, scope_name(c->scope),
			severity_name(c->severity), c->name, c->title, c->fn ? "" : " (manual)");
	}
	fprintf(fp, "\n%zu checks\n", n);
}

static int print_json(FILE *fp)
{
	struct json_object *root = json_object_new_object();
	struct json_object *arr = json_object_new_array();
	size_t n = catalog_count();
	int ret;

	json_put_str(root, "tool", "dockgate");
	json_put_str(root, "version", DOCKGATE_VERSION);
	for (size_t i = 0; i < n; i++) {
		const struct check *c = catalog_at(i);
		struct json_object *o = json_object_new_object();

		json_put_str(o, "id", c->id);
		json_put_str(o, "name", c->name);
		json_put_str(o, "cis", c->cis);
		json_put_int(o, "section", c->section);
		json_put_str(o, "title", c->title);
		json_put_str(o, "scope", scope_name(c->scope));
		json_put_str(o, "severity", severity_name(c->severity));
		json_put_int(o, "level", c->level);
		json_put_bool(o, "automated", c->fn != NULL);
		json_put_str(o, "rationale", c->rationale);
		json_put_str(o, "remediation", c->remediation);
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "checks", arr);
	ret = json_write(fp, root);
	json_object_put(root);
	return ret;
}

enum outcome cmd_checks(struct options *o)
{
	const char *fmt = o->format ? o->format : "text";

	if (o->args.n) {
		fprintf(stderr, "dockgate: checks: unexpected argument '%s'\n", o->args.v[0]);
		return OUTCOME_USAGE;
	}
	if (!strcmp(fmt, "text"))
		print_text(stdout);
	else if (!strcmp(fmt, "markdown"))
		print_markdown(stdout);
	else if (!strcmp(fmt, "json"))
		print_json(stdout);
	else {
		fprintf(stderr, "dockgate: checks: unknown format '%s' (text, markdown, json)\n",
			fmt);
		return OUTCOME_USAGE;
	}
	return fflush(stdout) ? OUTCOME_INCOMPLETE : OUTCOME_PASS;
}
