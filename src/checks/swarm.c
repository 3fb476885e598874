/*
 * checks/swarm.c - CIS section 7 (Docker Swarm configuration), from /info
 * Swarm, /swarm, /nodes, /secrets and /networks. The engine skips these
 * rows when Swarm mode is not active (NEED_SWARM).
 */
#include "checks.h"
#include "facts_daemon.h"

#include <string.h>

static void check_swarm_manager_count(const struct facts *, const struct target *,
				      struct findings *);
static void check_swarm_listen_interface(const struct facts *, const struct target *,
					 struct findings *);
static void check_overlay_encrypted(const struct facts *, const struct target *, struct findings *);
static void check_swarm_secrets(const struct facts *, const struct target *, struct findings *);
static void check_swarm_autolock(const struct facts *, const struct target *, struct findings *);
static void check_node_cert_rotation(const struct facts *, const struct target *,
				     struct findings *);

/* Docker's default node certificate lifetime: 90 days, in nanoseconds. */
#define NODE_CERT_DEFAULT_NS (90LL * 24 * 3600 * 1000000000LL)

#define ROW7(num, nm, ttl, sev, rat, rem, f) \
	{ \
		.id = "CIS-7." #num, .name = nm, .cis = "7." #num, .section = 7, .title = ttl, \
		.scope = SCOPE_DAEMON, .needs = NEED_DAEMON | NEED_SWARM, .severity = sev, \
		.level = 1, .rationale = rat, .remediation = rem, .fn = f \
	}

const struct check checks_swarm[] = {
	ROW7(1, "swarm-manager-count",
	     "Ensure that the minimum number of manager nodes have been created in a swarm",
	     SEV_MEDIUM,
	     "Managers hold the cluster's state and secrets; more than needed widens the attack surface, an even number adds none of Raft's fault tolerance.",
	     "Keep an odd number of managers (1, 3 or 5) and demote the rest: docker node demote NODE.",
	     check_swarm_manager_count),
	ROW7(2, "swarm-listen-interface",
	     "Ensure that swarm services are bound to a specific host interface", SEV_MEDIUM,
	     "The swarm management port (2377) listening on every interface is reachable from networks that have no business with the cluster.",
	     "Initialise or join the swarm with --listen-addr on a specific management interface.",
	     check_swarm_listen_interface),
	ROW7(3, "overlay-encrypted", "Ensure that all Docker swarm overlay networks are encrypted",
	     SEV_MEDIUM,
	     "Unencrypted overlay traffic between nodes can be read and altered on the wire.",
	     "Create overlay networks with --opt encrypted.", check_overlay_encrypted),
	ROW7(4, "swarm-secrets",
	     "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster",
	     SEV_LOW,
	     "Swarm secrets are encrypted at rest and given only to the services that need them, unlike environment variables and files in images.",
	     "Store credentials with docker secret create and attach them to services with --secret.",
	     check_swarm_secrets),
	ROW7(5, "swarm-autolock", "Ensure that swarm manager is run in auto-lock mode", SEV_MEDIUM,
	     "Without auto-lock, the keys that decrypt the Raft log lie on the manager's disk and a stolen disk reveals the cluster's secrets.",
	     "Enable auto-lock: docker swarm update --autolock=true, and keep the unlock key offline.",
	     check_swarm_autolock),
	ROW7(6, "autolock-key-rotation",
	     "Ensure that the swarm manager auto-lock key is rotated periodically", SEV_LOW,
	     "A leaked unlock key stays valid until it is rotated.",
	     "Rotate the unlock key periodically: docker swarm unlock-key --rotate.", NULL),
	ROW7(7, "node-cert-rotation", "Ensure that node certificates are rotated as appropriate",
	     SEV_LOW,
	     "Short-lived node certificates limit how long a stolen node certificate can be used.",
	     "Set the node certificate expiry to 90 days or less: docker swarm update --cert-expiry 720h.",
	     check_node_cert_rotation),
	ROW7(8, "ca-cert-rotation", "Ensure that CA certificates are rotated as appropriate",
	     SEV_LOW,
	     "A compromised swarm root CA lets an attacker issue node certificates until the CA is rotated.",
	     "Rotate the root CA as your policy requires: docker swarm ca --rotate.", NULL),
	ROW7(9, "management-data-plane-separated",
	     "Ensure that management plane traffic is separated from data plane traffic", SEV_LOW,
	     "Management traffic on the same interface as application traffic can be disrupted or observed by the workloads.",
	     "Join nodes with --advertise-addr on a management interface and --data-path-addr on another.",
	     NULL),
};
const size_t checks_swarm_count = ARRAY_SIZE(checks_swarm);

static void check_swarm_manager_count(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	const struct swarm_facts *s = &facts->daemon->swarm;

	(void)t;
	if (!s->known) {
		check_skip(out, "this node is not a swarm manager (GET /nodes needs one)");
		return;
	}
	if (s->managers % 2 == 0 || s->managers > 7)
		check_fail(out, "managers",
			   "%zu manager node(s) of %zu: use an odd number, at most 7", s->managers,
			   s->nodes);
}

static void check_swarm_listen_interface(const struct facts *facts, const struct target *t,
					 struct findings *out)
{
	(void)facts;
	(void)t;
	check_skip(out, "needs host access (the sockets listening on port 2377)");
}

static void check_overlay_encrypted(const struct facts *facts, const struct target *t,
				    struct findings *out)
{
	const struct daemon_facts *d = facts->daemon;

	(void)t;
	for (size_t i = 0; i < d->nnetworks; i++) {
		const struct daemon_network *n = &d->networks[i];
		char key[300];

		if (!n->driver || strcmp(n->driver, "overlay") || n->encrypted)
			continue;
		snprintf(key, sizeof(key), "network:%s", n->name ? n->name : "?");
		check_fail(out, key, "overlay network '%s' (%s) is not encrypted",
			   n->name ? n->name : "?", n->scope ? n->scope : "swarm");
	}
}

static void check_swarm_secrets(const struct facts *facts, const struct target *t,
				struct findings *out)
{
	const struct swarm_facts *s = &facts->daemon->swarm;

	(void)t;
	if (!s->known)
		check_skip(out, "this node is not a swarm manager (GET /secrets needs one)");
	else if (!s->secrets)
		check_manual(
			out,
			"no swarm secrets exist: confirm services get no credentials by other means");
}

static void check_swarm_autolock(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const struct swarm_facts *s = &facts->daemon->swarm;

	(void)t;
	if (!s->known)
		check_skip(out, "this node is not a swarm manager (GET /swarm needs one)");
	else if (!s->autolock)
		check_fail(out, "Spec.EncryptionConfig.AutoLockManagers",
			   "Spec.EncryptionConfig.AutoLockManagers=false");
}

static void check_node_cert_rotation(const struct facts *facts, const struct target *t,
				     struct findings *out)
{
	const struct swarm_facts *s = &facts->daemon->swarm;

	(void)t;
	if (!s->known)
		check_skip(out, "this node is not a swarm manager (GET /swarm needs one)");
	else if (s->node_cert_expiry_ns > NODE_CERT_DEFAULT_NS)
		check_fail(out, "Spec.CAConfig.NodeCertExpiry",
			   "node certificates live %lld hours (more than 90 days)",
			   s->node_cert_expiry_ns / 3600000000000LL);
}
