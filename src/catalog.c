/*
 * catalog.c - the registry of section tables, and matching checks by
 * id, name, CIS number or glob.
 */
#include "check.h"
#include "checks.h"

#include <string.h>
#include <strings.h>

struct section_table {
	const struct check *rows;
	const size_t *count;
};

/* Section order is catalog order: reports and the README follow it. */
static const struct section_table tables[] = {
	{ checks_host, &checks_host_count },
	{ checks_daemon, &checks_daemon_count },
	{ checks_daemon_files, &checks_daemon_files_count },
	{ checks_image, &checks_image_count },
	{ checks_image_practices, &checks_image_practices_count },
	{ checks_container, &checks_container_count },
	{ checks_operations, &checks_operations_count },
	{ checks_swarm, &checks_swarm_count },
};

static const char *const section_titles[] = {
	"",
	"Host Configuration",
	"Docker daemon configuration",
	"Docker daemon configuration files",
	"Container Images and Build File",
	"Container Runtime",
	"Docker Security Operations",
	"Docker Swarm Configuration",
};

const char *section_title(int section)
{
	if (section < 1 || section >= (int)ARRAY_SIZE(section_titles))
		return "Other";
	return section_titles[section];
}

size_t catalog_count(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(tables); i++)
		n += *tables[i].count;
	return n;
}

const struct check *catalog_at(size_t i)
{
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++) {
		if (i < *tables[t].count)
			return &tables[t].rows[i];
		i -= *tables[t].count;
	}
	return NULL;
}

const struct check *catalog_find(const char *s)
{
	size_t n = catalog_count();

	for (size_t i = 0; i < n; i++) {
		const struct check *c = catalog_at(i);

		if (!strcasecmp(c->id, s) || !strcmp(c->name, s) || (c->cis && !strcmp(c->cis, s)))
			return c;
	}
	return NULL;
}

/*
 * A pattern selects a check when it equals (case-insensitively for ids) or
 * globs its id, its name, or its bare CIS number: "CIS-5.4", "5.4",
 * "privileged-container", "5.*", "CIS-1.1.*", "DG-IMG-*".
 */
int check_matches(const struct check *c, const char *pattern)
{
	if (!strcasecmp(c->id, pattern) || !strcmp(c->name, pattern))
		return 1;
	if (c->cis && !strcmp(c->cis, pattern))
		return 1;
	if (!strpbrk(pattern, "*?["))
		return 0;
	if (glob_match(pattern, c->id) || glob_match(pattern, c->name))
		return 1;
	return c->cis && glob_match(pattern, c->cis);
}

int catalog_pattern_known(const char *pattern)
{
	size_t n = catalog_count();

	for (size_t i = 0; i < n; i++)
		if (check_matches(catalog_at(i), pattern))
			return 1;
	return 0;
}
