/*
 * checks/image.c - CIS section 4 (container images and build file) and the
 * image best practices beyond CIS (DG-IMG-NNN). All checks judge the merged
 * filesystem and the config, not only the history text.
 */
#include "checks.h"

#include <string.h>

static void check_non_root_user(const struct facts *, const struct target *, struct findings *);
static void check_healthcheck(const struct facts *, const struct target *, struct findings *);

const struct check checks_image[] = {
	{
		.id = "CIS-4.1",
		.name = "non-root-user",
		.cis = "4.1",
		.section = 4,
		.title = "Ensure that a user for the container has been created",
		.scope = SCOPE_IMAGE,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale = "Containers run as root unless the image sets a non-root USER; a root process that escapes the container is root on the host.",
		.remediation = "Create a user in the Dockerfile (RUN useradd ...) and switch to it with USER name or USER uid.",
		.fn = check_non_root_user,
	},
	{
		.id = "CIS-4.2",
		.name = "trusted-base-images",
		.cis = "4.2",
		.section = 4,
		.title = "Ensure that containers use only trusted base images",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale = "Base images from unknown publishers may carry malware or unpatched software; whether a base is trusted is an organisational decision.",
		.remediation = "Build from base images your organisation approves (official or internal images), pinned by digest.",
		.fn = NULL,
	},
	{
		.id = "CIS-4.6",
		.name = "healthcheck",
		.cis = "4.6",
		.section = 4,
		.title = "Ensure that HEALTHCHECK instructions have been added to container images",
		.scope = SCOPE_IMAGE,
		.severity = SEV_LOW,
		.level = 1,
		.rationale = "Without a HEALTHCHECK the engine cannot tell a hung service from a healthy one, so it cannot restart or replace it.",
		.remediation = "Add a HEALTHCHECK instruction that exercises the service, e.g. HEALTHCHECK CMD curl -f http://localhost/ || exit 1.",
		.fn = check_healthcheck,
	},
};
const size_t checks_image_count = ARRAY_SIZE(checks_image);

static void check_non_root_user(const struct facts *facts, const struct target *t, struct findings *out)
{
	const char *u = t->image->config.user;

	(void)facts;
	if (!u || !*u || !strcmp(u, "root") || !strcmp(u, "0") || !strncmp(u, "0:", 2) ||
	    !strncmp(u, "root:", 5))
		check_fail(out, "Config.User", "image runs as root (Config.User is '%s')", u ? u : "");
}

static void check_healthcheck(const struct facts *facts, const struct target *t, struct findings *out)
{
	const struct image_config *c = &t->image->config;

	(void)facts;
	if (!c->has_healthcheck)
		check_fail(out, "Config.Healthcheck", "no HEALTHCHECK instruction in the image");
	else if (c->healthcheck.n && !strcmp(c->healthcheck.v[0], "NONE"))
		check_fail(out, "Config.Healthcheck", "HEALTHCHECK NONE disables the health check");
}
