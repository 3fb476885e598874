/*
 * checks/operations.c - CIS section 6 (Docker security operations): image
 * and container sprawl, judged against thresholds from the policy
 * (max_images, max_containers; cmd_daemon.c copies them into the facts).
 */
#include "checks.h"
#include "facts_daemon.h"

static void check_image_sprawl(const struct facts *, const struct target *, struct findings *);
static void check_container_sprawl(const struct facts *, const struct target *, struct findings *);

/* Defaults when the policy sets no threshold. */
#define DEFAULT_MAX_UNUSED_IMAGES 50
#define DEFAULT_MAX_STOPPED_CONTAINERS 50

const struct check checks_operations[] = {
	{
		.id = "CIS-6.1",
		.name = "image-sprawl",
		.cis = "6.1",
		.section = 6,
		.title = "Ensure that image sprawl is avoided",
		.scope = SCOPE_DAEMON,
		.needs = NEED_DAEMON,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Images no container uses still hold old, possibly vulnerable software and make it hard to tell what is deployed.",
		.remediation =
			"Remove unused images regularly (docker image prune -a) and keep only the tags in use; tune the threshold with max_images in the policy.",
		.fn = check_image_sprawl,
	},
	{
		.id = "CIS-6.2",
		.name = "container-sprawl",
		.cis = "6.2",
		.section = 6,
		.title = "Ensure that container sprawl is avoided",
		.scope = SCOPE_DAEMON,
		.needs = NEED_DAEMON,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Stopped containers keep their filesystems, configuration and possibly secrets on the host and can be restarted by mistake.",
		.remediation =
			"Remove containers that are no longer needed (docker container prune) and use --rm for short-lived ones; tune the threshold with max_containers in the policy.",
		.fn = check_container_sprawl,
	},
};
const size_t checks_operations_count = ARRAY_SIZE(checks_operations);

static void check_image_sprawl(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	const struct daemon_facts *d = facts->daemon;
	long max = d->max_unused_images > 0 ? d->max_unused_images : DEFAULT_MAX_UNUSED_IMAGES;
	size_t unused = d->images_total - d->images_in_use;

	(void)t;
	if (unused > (size_t)max)
		check_fail(
			out, "images",
			"%zu images, %zu in use by containers: %zu unused exceed the threshold of %ld",
			d->images_total, d->images_in_use, unused, max);
	else
		check_pass(out, "%zu images, %zu in use by containers", d->images_total,
			   d->images_in_use);
}

static void check_container_sprawl(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	const struct daemon_facts *d = facts->daemon;
	long max = d->max_stopped_containers > 0 ? d->max_stopped_containers
						 : DEFAULT_MAX_STOPPED_CONTAINERS;
	long long stopped = d->containers_total - d->containers_running;

	(void)t;
	if (stopped > max)
		check_fail(
			out, "containers",
			"%lld containers, %lld running: %lld not running exceed the threshold of %ld",
			d->containers_total, d->containers_running, stopped, max);
	else
		check_pass(out, "%lld containers, %lld running", d->containers_total,
			   d->containers_running);
}
