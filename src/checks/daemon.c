/*
 * checks/daemon.c - CIS section 2 (Docker daemon configuration) as far as
 * the Engine API shows it (/info, /version, /networks). Settings that only
 * dockerd's arguments or daemon.json hold come from host_dockerd_option()
 * (facts_host.h); without host facts those rows are skipped with
 * "needs host access".
 */
#include "checks.h"
#include "facts_daemon.h"
#include "facts_host.h"

#include <string.h>

static void check_rootless_daemon(const struct facts *, const struct target *, struct findings *);
static void check_restrict_icc(const struct facts *, const struct target *, struct findings *);
static void check_log_level_info(const struct facts *, const struct target *, struct findings *);
static void check_iptables_allowed(const struct facts *, const struct target *, struct findings *);
static void check_insecure_registries(const struct facts *, const struct target *,
				      struct findings *);
static void check_aufs_storage_driver(const struct facts *, const struct target *,
				      struct findings *);
static void check_daemon_tls_auth(const struct facts *, const struct target *, struct findings *);
static void check_default_ulimit(const struct facts *, const struct target *, struct findings *);
static void check_userns_remap(const struct facts *, const struct target *, struct findings *);
static void check_daemon_cgroup_parent(const struct facts *, const struct target *,
				       struct findings *);
static void check_base_device_size(const struct facts *, const struct target *, struct findings *);
static void check_authz_plugin(const struct facts *, const struct target *, struct findings *);
static void check_remote_logging(const struct facts *, const struct target *, struct findings *);
static void check_daemon_no_new_privileges(const struct facts *, const struct target *,
					   struct findings *);
static void check_live_restore(const struct facts *, const struct target *, struct findings *);
static void check_userland_proxy(const struct facts *, const struct target *, struct findings *);
static void check_daemon_seccomp_profile(const struct facts *, const struct target *,
					 struct findings *);
static void check_experimental_features(const struct facts *, const struct target *,
					struct findings *);

#define ROW2(num, nm, ttl, sev, lvl, rat, rem, f) \
	{ \
		.id = "CIS-2." #num, .name = nm, .cis = "2." #num, .section = 2, .title = ttl, \
		.scope = SCOPE_DAEMON, .needs = NEED_DAEMON, .severity = sev, .level = lvl, \
		.rationale = rat, .remediation = rem, .fn = f \
	}

const struct check checks_daemon[] = {
	ROW2(1, "rootless-daemon", "Run the Docker daemon as a non-root user, if possible", SEV_LOW,
	     2,
	     "A daemon running as root turns any daemon or container escape into host root; rootless mode runs dockerd and its containers in a user namespace.",
	     "Where the workload allows it, run dockerd in rootless mode (dockerd-rootless-setuptool.sh install).",
	     check_rootless_daemon),
	ROW2(2, "restrict-icc",
	     "Ensure network traffic is restricted between containers on the default bridge",
	     SEV_MEDIUM, 1,
	     "On the default bridge every container can reach every other one; a compromised container can attack its neighbours.",
	     "Start dockerd with --icc=false (or \"icc\": false in daemon.json) and link containers through user-defined networks.",
	     check_restrict_icc),
	ROW2(3, "log-level-info", "Ensure the logging level is set to 'info'", SEV_LOW, 1,
	     "The info level records the events an audit needs; debug logs too much (possibly secrets), error too little.",
	     "Run dockerd with --log-level=info or leave log-level unset in daemon.json.",
	     check_log_level_info),
	ROW2(4, "iptables-allowed", "Ensure Docker is allowed to make changes to iptables",
	     SEV_MEDIUM, 1,
	     "When dockerd manages iptables, the firewall follows the containers' network configuration; manual rules drift.",
	     "Do not start dockerd with --iptables=false (or \"iptables\": false in daemon.json).",
	     check_iptables_allowed),
	ROW2(5, "insecure-registries", "Ensure insecure registries are not used", SEV_HIGH, 1,
	     "An insecure registry is reached without TLS verification: images can be tampered with in transit.",
	     "Remove --insecure-registry flags and \"insecure-registries\" entries; give every registry a valid TLS certificate.",
	     check_insecure_registries),
	ROW2(6, "aufs-storage-driver", "Ensure aufs storage driver is not used", SEV_MEDIUM, 1,
	     "aufs is deprecated, unmaintained in current kernels and known to cause kernel crashes.",
	     "Use the overlay2 storage driver (--storage-driver overlay2).",
	     check_aufs_storage_driver),
	ROW2(7, "daemon-tls-auth", "Ensure TLS authentication for Docker daemon is configured",
	     SEV_CRITICAL, 1,
	     "A daemon listening on TCP without TLS client verification gives root on the host to anyone who can reach the port.",
	     "Listen on TCP only with --tlsverify --tlscacert --tlscert --tlskey, or keep dockerd on its unix socket.",
	     check_daemon_tls_auth),
	ROW2(8, "default-ulimit", "Ensure the default ulimit is configured appropriately", SEV_INFO,
	     1,
	     "Default ulimits bound the resources every container's processes may use unless a container overrides them.",
	     "Set --default-ulimit (or \"default-ulimits\" in daemon.json) to values that suit the host.",
	     check_default_ulimit),
	ROW2(9, "userns-remap", "Enable user namespace support", SEV_MEDIUM, 2,
	     "With user namespace remapping, root in a container is an unprivileged user on the host.",
	     "Start dockerd with --userns-remap=default (or \"userns-remap\" in daemon.json), or use rootless mode.",
	     check_userns_remap),
	ROW2(10, "daemon-cgroup-parent", "Ensure the default cgroup usage has been confirmed",
	     SEV_LOW, 2,
	     "A custom default cgroup parent moves every container out of the standard resource accounting.",
	     "Leave --cgroup-parent unset unless the cgroup is managed on purpose.",
	     check_daemon_cgroup_parent),
	ROW2(11, "base-device-size", "Ensure base device size is not changed until needed", SEV_LOW,
	     1, "A larger devicemapper base device lets containers fill the host's storage.",
	     "Do not set dm.basesize in --storage-opt unless needed.", check_base_device_size),
	ROW2(12, "authz-plugin", "Ensure that authorization for Docker client commands is enabled",
	     SEV_MEDIUM, 2,
	     "Without an authorization plugin every client that reaches the socket may run every command.",
	     "Install an authorization plugin and start dockerd with --authorization-plugin=NAME.",
	     check_authz_plugin),
	ROW2(13, "remote-logging", "Ensure centralized and remote logging is configured", SEV_LOW,
	     2, "Logs kept only on the host are lost with it and can be altered by an intruder.",
	     "Use a remote logging driver (syslog, journald forwarded, gelf, fluentd, awslogs, ...): --log-driver.",
	     check_remote_logging),
	ROW2(14, "daemon-no-new-privileges",
	     "Ensure containers are restricted from acquiring new privileges", SEV_MEDIUM, 1,
	     "With no-new-privileges as the daemon default, setuid binaries cannot raise privileges in any container.",
	     "Start dockerd with --no-new-privileges (or \"no-new-privileges\": true in daemon.json).",
	     check_daemon_no_new_privileges),
	ROW2(15, "live-restore", "Ensure live restore is enabled", SEV_LOW, 1,
	     "Live restore keeps containers running while dockerd restarts, so security updates of the daemon need no downtime.",
	     "Start dockerd with --live-restore (or \"live-restore\": true in daemon.json).",
	     check_live_restore),
	ROW2(16, "userland-proxy", "Ensure Userland Proxy is Disabled", SEV_LOW, 1,
	     "The userland proxy is an extra process per published port and a larger attack surface than hairpin NAT.",
	     "Start dockerd with --userland-proxy=false (or \"userland-proxy\": false in daemon.json).",
	     check_userland_proxy),
	ROW2(17, "daemon-seccomp-profile",
	     "Ensure that a daemon-wide custom seccomp profile is applied if appropriate", SEV_LOW,
	     2,
	     "A seccomp profile limits the system calls containers can make; without one the whole kernel interface is exposed.",
	     "Keep seccomp enabled on the daemon and, where appropriate, set a custom profile with --seccomp-profile.",
	     check_daemon_seccomp_profile),
	ROW2(18, "experimental-features",
	     "Ensure that experimental features are not implemented in production", SEV_LOW, 1,
	     "Experimental features are not stable and may carry unreviewed security issues.",
	     "Do not start dockerd with --experimental in production.",
	     check_experimental_features),
};
const size_t checks_daemon_count = ARRAY_SIZE(checks_daemon);

#define NEEDS_HOST "needs host access (dockerd's arguments or daemon.json)"
#define DEFAULT_SRC "dockerd's default: set neither on its command line nor in daemon.json"

/* dockerd's explicit setting for key, from host facts; NULL when not set. */
static const char *dockerd_option(const struct facts *facts, const char *key, const char **src)
{
	const char *val = NULL;

	*src = NULL;
	if (!host_dockerd_option(facts->host, key, &val, src))
		return NULL;
	if (!*src)
		*src = key;
	return val ? val : "";
}

/*
 * dockerd's effective setting for key: the explicit one, else dockerd's
 * default def when the host shows both its command line and its daemon.json.
 * NULL when unknown; then *why is NULL without host access, or the reason
 * (an unreadable daemon.json makes the row an error). A key set both on the
 * command line and in daemon.json is reported as a failure of its own.
 */
static const char *dockerd_setting(const struct facts *facts, const char *key, const char *def,
				   const char **src, const char **why, struct findings *out)
{
	const struct host_facts *h = facts->host;
	const char *v = dockerd_option(facts, key, src);
	const char *conflict = host_dockerd_conflict(h, key);

	*why = NULL;
	if (conflict) {
		char ek[128];

		snprintf(ek, sizeof(ek), "%s:conflict", key);
		check_fail(out, ek, "%s", conflict);
	}
	if (v || !h)
		return v;
	if (h->config_error) {
		*why = h->config_error;
		return NULL;
	}
	if (!h->dockerd_pid) {
		*why = h->dockerd_note
			       ? h->dockerd_note
			       : "no dockerd process under the host root's /proc: its command line is unknown";
		return NULL;
	}
	*src = DEFAULT_SRC;
	return def;
}

/* A row that cannot be decided: skip without host access, else error or skip with why. */
static void setting_unknown(const struct facts *facts, const char *why, struct findings *out)
{
	if (!why)
		check_skip(out, NEEDS_HOST);
	else if (facts->host->config_error)
		check_error(out, "daemon configuration unknown: %s", why);
	else
		check_skip(out, "%s", why);
}

static int is_false(const char *v)
{
	return v && !strcmp(v, "false");
}

static int is_true(const char *v)
{
	return v && (!strcmp(v, "true") || !*v);
}

static void check_rootless_daemon(const struct facts *facts, const struct target *t,
				  struct findings *out)
{
	(void)t;
	if (!daemon_facts_security_option(facts->daemon, "rootless"))
		check_manual(
			out,
			"dockerd runs as root (no name=rootless in SecurityOptions): consider rootless mode");
}

/* The daemon's default bridge network, NULL when it has none (--bridge=none). */
static const struct daemon_network *default_bridge(const struct daemon_facts *d)
{
	for (size_t i = 0; i < d->nnetworks; i++)
		if (d->networks[i].is_default_bridge)
			return &d->networks[i];
	return NULL;
}

static void check_restrict_icc(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	const struct daemon_network *br = default_bridge(facts->daemon);
	const char *src, *why, *v = dockerd_setting(facts, "icc", "true", &src, &why, out);

	(void)t;
	/* An explicit setting decides; dockerd's default only matters with a default bridge. */
	if (v && (strcmp(src, DEFAULT_SRC) || br)) {
		if (!is_false(v))
			check_fail(out, "icc", "inter-container communication is enabled (%s)",
				   src);
		else
			check_pass(out, "inter-container communication is off (%s)", src);
		return;
	}
	if (!br) {
		check_pass(out, "the daemon has no default bridge network");
		return;
	}
	if (!br->enable_icc) {
		setting_unknown(facts, why, out);
		return;
	}
	if (!is_false(br->enable_icc))
		check_fail(out, "icc",
			   "default bridge '%s' has com.docker.network.bridge.enable_icc=%s",
			   br->name ? br->name : "bridge", br->enable_icc);
}

static void check_log_level_info(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const char *src, *why, *v = dockerd_setting(facts, "log-level", "info", &src, &why, out);

	(void)t;
	if (v) {
		if (*v && strcmp(v, "info"))
			check_fail(out, "log-level", "log level is '%s' (%s)", v, src);
		else
			check_pass(out, "log level is info (%s)", src);
		return;
	}
	if (facts->daemon->debug) {
		check_fail(out, "log-level", "/info Debug=true: the daemon logs at debug level");
		return;
	}
	setting_unknown(facts, why, out);
}

static void check_iptables_allowed(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	const char *src, *why, *v = dockerd_setting(facts, "iptables", "true", &src, &why, out);

	(void)t;
	if (!v)
		setting_unknown(facts, why, out);
	else if (is_false(v))
		check_fail(out, "iptables", "dockerd may not change iptables (%s)", src);
	else
		check_pass(out, "dockerd manages iptables (%s)", src);
}

static void check_insecure_registries(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	const struct strlist *l = &facts->daemon->insecure_registries;

	(void)t;
	for (size_t i = 0; i < l->n; i++) {
		char key[300];

		snprintf(key, sizeof(key), "RegistryConfig:%s", l->v[i]);
		check_fail(out, key, "insecure registry '%s' (RegistryConfig)", l->v[i]);
	}
}

static void check_aufs_storage_driver(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	(void)t;
	if (facts->daemon->storage_driver && !strcmp(facts->daemon->storage_driver, "aufs"))
		check_fail(out, "Driver", "/info Driver=aufs");
}

/* Does a "hosts" value (comma-joined) listen on TCP? */
static int hosts_have_tcp(const char *hosts)
{
	return hosts && (strstr(hosts, "tcp://") || strstr(hosts, "http://"));
}

static void check_daemon_tls_auth(const struct facts *facts, const struct target *t,
				  struct findings *out)
{
	const struct daemon_facts *d = facts->daemon;
	const char *src, *why;
	const char *hosts = dockerd_setting(facts, "hosts", "unix:///var/run/docker.sock", &src,
					    &why, out);
	const char *vsrc, *verify = dockerd_option(facts, "tlsverify", &vsrc);

	(void)t;
	if (hosts) {
		if (hosts_have_tcp(hosts) && !is_true(verify))
			check_fail(out, "tlsverify",
				   "dockerd listens on TCP (%s) without --tlsverify", src);
		else if (!hosts_have_tcp(hosts))
			check_pass(out, "dockerd does not listen on TCP (%s)", src);
		return;
	}
	if (d->tcp && !d->tls) {
		check_fail(out, "tlsverify", "the daemon answered plain HTTP at %s (no TLS)",
			   d->endpoint);
		return;
	}
	if (d->tcp && d->tls && d->tls_verify)
		return;
	setting_unknown(facts, why, out);
}

static void check_default_ulimit(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const char *src, *why, *v = dockerd_setting(facts, "default-ulimits", "", &src, &why, out);

	(void)t;
	if (!v)
		setting_unknown(facts, why, out);
	else if (!*v || !strcmp(v, "{}"))
		check_manual(out,
			     "no default ulimits are set (%s): confirm the kernel defaults fit",
			     src);
	else
		check_pass(out, "default ulimits %s (%s)", v, src);
}

static void check_userns_remap(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	const char *src, *why, *v = dockerd_setting(facts, "userns-remap", "", &src, &why, out);

	(void)t;
	if (daemon_facts_security_option(facts->daemon, "userns") ||
	    daemon_facts_security_option(facts->daemon, "rootless") || (v && *v))
		return;
	if (v)
		check_fail(
			out, "userns-remap",
			"user namespace remapping is off (%s; no name=userns in /info SecurityOptions)",
			src);
	else
		check_fail(
			out, "userns-remap",
			"user namespace remapping is off (no name=userns in /info SecurityOptions)");
}

static void check_daemon_cgroup_parent(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	const char *src, *why, *v = dockerd_setting(facts, "cgroup-parent", "", &src, &why, out);

	(void)t;
	if (!v)
		setting_unknown(facts, why, out);
	else if (*v)
		check_fail(out, "cgroup-parent", "default cgroup parent is '%s' (%s): confirm it",
			   v, src);
	else
		check_pass(out, "the default cgroup parent is used (%s)", src);
}

static void check_base_device_size(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	const struct daemon_facts *d = facts->daemon;
	const char *src, *why, *v = dockerd_setting(facts, "storage-opts", "", &src, &why, out);

	(void)t;
	if (v) {
		if (strstr(v, "dm.basesize"))
			check_fail(out, "storage-opts", "dm.basesize is set (%s)", src);
		return;
	}
	/* dm.basesize only means something to the devicemapper driver. */
	if (d->storage_driver && strcmp(d->storage_driver, "devicemapper"))
		return;
	setting_unknown(facts, why, out);
}

static void check_authz_plugin(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	const char *src, *why,
		*v = dockerd_setting(facts, "authorization-plugins", "", &src, &why, out);

	(void)t;
	if (facts->daemon->authz_plugins.n || (v && *v && strcmp(v, "[]")))
		return;
	if (v)
		check_fail(
			out, "authorization-plugins",
			"no authorization plugin is configured (%s; /info Plugins.Authorization is empty)",
			src);
	else
		check_fail(
			out, "authorization-plugins",
			"no authorization plugin is configured (/info Plugins.Authorization is empty)");
}

static void check_remote_logging(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const char *drv = facts->daemon->logging_driver;

	(void)t;
	if (!drv) {
		check_skip(out, "the daemon does not report its LoggingDriver");
		return;
	}
	if (!strcmp(drv, "json-file") || !strcmp(drv, "local") || !strcmp(drv, "none"))
		check_fail(out, "LoggingDriver",
			   "/info LoggingDriver=%s keeps logs only on the host", drv);
}

static void check_daemon_no_new_privileges(const struct facts *facts, const struct target *t,
					   struct findings *out)
{
	const char *src, *why,
		*v = dockerd_setting(facts, "no-new-privileges", "false", &src, &why, out);

	(void)t;
	if (daemon_facts_security_option(facts->daemon, "no-new-privileges"))
		return;
	if (!v)
		setting_unknown(facts, why, out);
	else if (!is_true(v))
		check_fail(out, "no-new-privileges",
			   "no-new-privileges is not the daemon default (%s)", src);
	else
		check_pass(out, "no-new-privileges is the daemon default (%s)", src);
}

static void check_live_restore(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	const struct daemon_facts *d = facts->daemon;
	const char *src, *why,
		*v = dockerd_setting(facts, "live-restore", "false", &src, &why, out);

	(void)t;
	if (d->live_restore)
		return;
	if (d->swarm_active) {
		check_pass(out, "live restore is incompatible with swarm mode");
		return;
	}
	if (v)
		check_fail(out, "LiveRestoreEnabled", "/info LiveRestoreEnabled=false (%s)", src);
	else
		check_fail(out, "LiveRestoreEnabled", "/info LiveRestoreEnabled=false");
}

static void check_userland_proxy(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const char *src, *why,
		*v = dockerd_setting(facts, "userland-proxy", "true", &src, &why, out);

	(void)t;
	if (!v)
		setting_unknown(facts, why, out);
	else if (!is_false(v))
		check_fail(out, "userland-proxy", "the userland proxy is enabled (%s)", src);
	else
		check_pass(out, "the userland proxy is off (%s)", src);
}

static void check_daemon_seccomp_profile(const struct facts *facts, const struct target *t,
					 struct findings *out)
{
	const struct strlist *so = &facts->daemon->security_options;

	(void)t;
	for (size_t i = 0; i < so->n; i++) {
		const char *s = so->v[i];

		if (!strncmp(s, "name=", 5))
			s += 5;
		if (strncmp(s, "seccomp", 7) || (s[7] && s[7] != ','))
			continue;
		if (strstr(s, "profile=unconfined"))
			check_fail(out, "SecurityOptions:seccomp",
				   "the daemon's seccomp profile is unconfined");
		return;
	}
	check_fail(out, "SecurityOptions:seccomp",
		   "seccomp is not enabled on the daemon (not in /info SecurityOptions)");
}

static void check_experimental_features(const struct facts *facts, const struct target *t,
					struct findings *out)
{
	(void)t;
	if (facts->daemon->experimental)
		check_fail(out, "Experimental",
			   "experimental features are enabled (/version Experimental=true)");
}
