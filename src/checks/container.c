/*
 * checks/container.c - CIS section 5 (container runtime), one result per
 * container from its inspection (GET /containers/{id}/json). Each finding
 * names the container (name and short id), its image and the exact field;
 * the evidence key is that field, with the mount path, port or capability
 * when a container can fail the check several times.
 */
#include "checks.h"
#include "facts_daemon.h"
#include "facts_host.h"
#include "buf.h"

#include <ctype.h>
#include <string.h>

static void check_swarm_mode_disabled(const struct facts *, const struct target *,
				      struct findings *);
static void check_apparmor_profile(const struct facts *, const struct target *, struct findings *);
static void check_selinux_options(const struct facts *, const struct target *, struct findings *);
static void check_capabilities_restricted(const struct facts *, const struct target *,
					  struct findings *);
static void check_privileged_container(const struct facts *, const struct target *,
				       struct findings *);
static void check_sensitive_host_mounts(const struct facts *, const struct target *,
					struct findings *);
static void check_no_sshd(const struct facts *, const struct target *, struct findings *);
static void check_privileged_ports(const struct facts *, const struct target *, struct findings *);
static void check_needed_ports_only(const struct facts *, const struct target *, struct findings *);
static void check_host_network_mode(const struct facts *, const struct target *, struct findings *);
static void check_memory_limit(const struct facts *, const struct target *, struct findings *);
static void check_cpu_priority(const struct facts *, const struct target *, struct findings *);
static void check_read_only_rootfs(const struct facts *, const struct target *, struct findings *);
static void check_bind_host_interface(const struct facts *, const struct target *,
				      struct findings *);
static void check_restart_policy(const struct facts *, const struct target *, struct findings *);
static void check_host_pid_namespace(const struct facts *, const struct target *,
				     struct findings *);
static void check_host_ipc_namespace(const struct facts *, const struct target *,
				     struct findings *);
static void check_host_devices(const struct facts *, const struct target *, struct findings *);
static void check_ulimit_override(const struct facts *, const struct target *, struct findings *);
static void check_mount_propagation_shared(const struct facts *, const struct target *,
					   struct findings *);
static void check_host_uts_namespace(const struct facts *, const struct target *,
				     struct findings *);
static void check_seccomp_unconfined(const struct facts *, const struct target *,
				     struct findings *);
static void check_exec_privileged(const struct facts *, const struct target *, struct findings *);
static void check_exec_user_root(const struct facts *, const struct target *, struct findings *);
static void check_container_cgroup_parent(const struct facts *, const struct target *,
					  struct findings *);
static void check_container_no_new_privileges(const struct facts *, const struct target *,
					      struct findings *);
static void check_health_check_runtime(const struct facts *, const struct target *,
				       struct findings *);
static void check_pids_limit(const struct facts *, const struct target *, struct findings *);
static void check_default_bridge(const struct facts *, const struct target *, struct findings *);
static void check_host_user_namespace(const struct facts *, const struct target *,
				      struct findings *);
static void check_docker_socket_mounted(const struct facts *, const struct target *,
					struct findings *);

#define ROW5(num, nm, ttl, sev, lvl, rat, rem, f) \
	{ \
		.id = "CIS-5." #num, .name = nm, .cis = "5." #num, .section = 5, .title = ttl, \
		.scope = SCOPE_CONTAINER, .needs = NEED_DAEMON | NEED_CONTAINERS, .severity = sev, \
		.level = lvl, .rationale = rat, .remediation = rem, .fn = f \
	}

const struct check checks_container[] = {
	{
		.id = "CIS-5.1",
		.name = "swarm-mode-disabled",
		.cis = "5.1",
		.section = 5,
		.title = "Ensure swarm mode is not Enabled, if not needed",
		.scope = SCOPE_DAEMON,
		.needs = NEED_DAEMON,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Swarm mode opens management ports (2377, 7946, 4789) and runs a manager that accepts cluster commands; a daemon that does not need it should not expose them.",
		.remediation =
			"If the node does not take part in a swarm, leave it: docker swarm leave (on a manager: docker swarm leave --force).",
		.fn = check_swarm_mode_disabled,
	},
	ROW5(2, "apparmor-profile", "Ensure that, if applicable, an AppArmor Profile is enabled",
	     SEV_MEDIUM, 1,
	     "An AppArmor profile confines what the container's processes may touch on the host even when they run as root.",
	     "Run containers with the default docker-default profile or a custom one: docker run --security-opt apparmor=PROFILE; never apparmor=unconfined.",
	     check_apparmor_profile),
	ROW5(3, "selinux-options", "Ensure that, if applicable, SELinux security options are set",
	     SEV_MEDIUM, 2,
	     "On SELinux hosts a label confines the container's processes and files; without one the container relies on the default policy only.",
	     "Start dockerd with --selinux-enabled and give containers a label: docker run --security-opt label=level:s0:c100,c200.",
	     check_selinux_options),
	ROW5(4, "capabilities-restricted",
	     "Ensure that Linux kernel capabilities are restricted within containers", SEV_HIGH, 1,
	     "Each capability beyond Docker's default set widens what root in the container can do to the kernel; ALL gives nearly full host root.",
	     "Remove --cap-add options that are not strictly needed; start from --cap-drop ALL and add back only what the process needs.",
	     check_capabilities_restricted),
	ROW5(5, "privileged-container", "Ensure that privileged containers are not used",
	     SEV_CRITICAL, 1,
	     "--privileged gives all capabilities, all host devices and disables seccomp, AppArmor and cgroup device limits: root in the container is root on the host.",
	     "Do not run containers with --privileged; grant the specific capabilities or devices the workload needs instead.",
	     check_privileged_container),
	ROW5(6, "sensitive-host-mounts",
	     "Ensure sensitive host system directories are not mounted on containers", SEV_HIGH, 1,
	     "Mounting /, /boot, /dev, /etc, /lib, /proc, /sys or /usr from the host lets the container read or change the host's system files.",
	     "Do not bind-mount host system directories; mount only the application's data directories, read-only where possible.",
	     check_sensitive_host_mounts),
	ROW5(7, "no-sshd", "Ensure sshd is not run within containers", SEV_MEDIUM, 1,
	     "An SSH server inside a container adds credentials, keys and a network service to manage; docker exec already gives shell access.",
	     "Remove the SSH server from the image and use docker exec for interactive access.",
	     check_no_sshd),
	ROW5(8, "privileged-ports", "Ensure privileged ports are not mapped within containers",
	     SEV_MEDIUM, 1,
	     "Host ports below 1024 are reserved for privileged services; mapping them lets a container pose as a system service.",
	     "Publish container ports on host ports 1024 and above: docker run -p 8080:80.",
	     check_privileged_ports),
	ROW5(9, "needed-ports-only", "Ensure that only needed ports are open on the container",
	     SEV_LOW, 1,
	     "Every published port is an entry point into the container from the network.",
	     "Publish only the ports the service needs (list them in the policy's allowed_ports) and avoid -P.",
	     check_needed_ports_only),
	ROW5(10, "host-network-mode", "Ensure that the host's network namespace is not shared",
	     SEV_HIGH, 1,
	     "With --network host the container sees and can bind every host interface and reach services listening on localhost.",
	     "Do not use --network host; publish the needed ports on a bridge or user-defined network.",
	     check_host_network_mode),
	ROW5(11, "memory-limit", "Ensure that the memory usage for containers is limited",
	     SEV_MEDIUM, 1,
	     "A container without a memory limit can exhaust the host's memory and take other containers and the daemon down.",
	     "Set a memory limit: docker run --memory 512m.", check_memory_limit),
	ROW5(12, "cpu-priority", "Ensure that CPU priority is set appropriately on containers",
	     SEV_LOW, 1,
	     "Without CPU shares or a CPU limit every container competes equally, so one busy container can starve the others.",
	     "Set --cpu-shares or --cpus for each container according to its priority.",
	     check_cpu_priority),
	ROW5(13, "read-only-rootfs",
	     "Ensure that the container's root filesystem is mounted as read only", SEV_MEDIUM, 1,
	     "A writable root filesystem lets an attacker modify binaries and configuration inside the running container.",
	     "Run with --read-only and mount writable volumes or tmpfs only where the application writes.",
	     check_read_only_rootfs),
	ROW5(14, "bind-host-interface",
	     "Ensure that incoming container traffic is bound to a specific host interface",
	     SEV_MEDIUM, 1,
	     "Ports published without a host address listen on every interface, including public ones.",
	     "Publish ports on a specific address: docker run -p 10.0.0.5:8080:80.",
	     check_bind_host_interface),
	ROW5(15, "restart-policy",
	     "Ensure that the 'on-failure' container restart policy is set to '5'", SEV_LOW, 1,
	     "Unbounded restarts (always, unless-stopped, on-failure without a limit) can hide a crashing container and turn it into a denial of service of the host.",
	     "Use --restart on-failure:5 (or no restart policy and an orchestrator's health management).",
	     check_restart_policy),
	ROW5(16, "host-pid-namespace", "Ensure that the host's process namespace is not shared",
	     SEV_HIGH, 1,
	     "With --pid host the container sees every host process and, with enough privilege, can signal or trace them.",
	     "Do not run containers with --pid host.", check_host_pid_namespace),
	ROW5(17, "host-ipc-namespace", "Ensure that the host's IPC namespace is not shared",
	     SEV_HIGH, 1,
	     "With --ipc host the container shares the host's shared memory and semaphores and can read or corrupt other processes' data.",
	     "Do not run containers with --ipc host.", check_host_ipc_namespace),
	ROW5(18, "host-devices", "Ensure that host devices are not directly exposed to containers",
	     SEV_MEDIUM, 1,
	     "A host device passed with --device can be read, written or used to reach the kernel directly from the container.",
	     "Do not pass host devices; when one is needed, give only the needed permissions: --device /dev/xyz:/dev/xyz:r.",
	     check_host_devices),
	ROW5(19, "ulimit-override",
	     "Ensure that the default ulimit is overwritten at runtime if needed", SEV_INFO, 1,
	     "The daemon's default ulimits may not suit every container; resource limits per container contain misbehaving processes.",
	     "Set per-container limits where the default does not fit: docker run --ulimit nofile=1024:2048.",
	     check_ulimit_override),
	ROW5(20, "mount-propagation-shared", "Ensure mount propagation mode is not set to shared",
	     SEV_MEDIUM, 1,
	     "A shared mount propagates mounts made inside the container back to the host and to other containers.",
	     "Do not mount volumes with shared or rshared propagation; use the default private propagation.",
	     check_mount_propagation_shared),
	ROW5(21, "host-uts-namespace", "Ensure that the host's UTS namespace is not shared",
	     SEV_MEDIUM, 1,
	     "With --uts host the container can change the host's hostname and domain name.",
	     "Do not run containers with --uts host.", check_host_uts_namespace),
	ROW5(22, "seccomp-unconfined", "Ensure the default seccomp profile is not Disabled",
	     SEV_HIGH, 1,
	     "The default seccomp profile blocks dozens of dangerous system calls; seccomp=unconfined exposes the whole kernel interface.",
	     "Do not pass --security-opt seccomp=unconfined; use the default profile or a custom stricter one.",
	     check_seccomp_unconfined),
	ROW5(23, "exec-privileged",
	     "Ensure that docker exec commands are not used with the privileged option", SEV_HIGH,
	     2,
	     "docker exec --privileged gives the exec'd process all capabilities inside an otherwise restricted container.",
	     "Do not use docker exec --privileged; audit past use through the daemon's logs.",
	     check_exec_privileged),
	ROW5(24, "exec-user-root",
	     "Ensure that docker exec commands are not used with the user=root option", SEV_MEDIUM,
	     2,
	     "docker exec --user root runs commands as root inside a container designed to run as another user.",
	     "Do not use docker exec --user root; audit past use through the daemon's logs.",
	     check_exec_user_root),
	ROW5(25, "container-cgroup-parent", "Ensure that cgroup usage is confirmed", SEV_LOW, 2,
	     "A custom cgroup parent moves the container out of the daemon's resource accounting and limits.",
	     "Do not use --cgroup-parent unless the cgroup is managed and limited on purpose.",
	     check_container_cgroup_parent),
	ROW5(26, "container-no-new-privileges",
	     "Ensure that the container is restricted from acquiring additional privileges",
	     SEV_MEDIUM, 1,
	     "Without no-new-privileges a process can gain privileges through setuid or setgid binaries inside the container.",
	     "Run containers with --security-opt no-new-privileges (or set \"no-new-privileges\": true in daemon.json).",
	     check_container_no_new_privileges),
	ROW5(27, "health-check-runtime", "Ensure that container health is checked at runtime",
	     SEV_LOW, 1,
	     "Without a health check the engine cannot tell a hung container from a working one.",
	     "Give the image a HEALTHCHECK or run the container with --health-cmd.",
	     check_health_check_runtime),
	{
		.id = "CIS-5.28",
		.name = "latest-image-version",
		.cis = "5.28",
		.section = 5,
		.title =
			"Ensure that Docker commands always make use of the latest version of their image",
		.scope = SCOPE_CONTAINER,
		.needs = NEED_DAEMON | NEED_CONTAINERS,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"A cached older image keeps running old, possibly vulnerable, software after the image was rebuilt.",
		.remediation =
			"Pull images by digest or pull before each run (docker run --pull always) and rebuild regularly.",
		.fn = NULL,
	},
	ROW5(29, "pids-limit", "Ensure that the PIDs cgroup limit is used", SEV_MEDIUM, 1,
	     "Without a PIDs limit a fork bomb in one container exhausts the host's process table.",
	     "Set a PIDs limit: docker run --pids-limit 100.", check_pids_limit),
	ROW5(30, "default-bridge", "Ensure that Docker's default bridge 'docker0' is not used",
	     SEV_LOW, 1,
	     "Containers on the default bridge can all reach each other (ARP spoofing, MAC flooding); user-defined networks isolate them.",
	     "Attach containers to user-defined networks instead of the default bridge.",
	     check_default_bridge),
	ROW5(31, "host-user-namespace", "Ensure that the host's user namespaces are not shared",
	     SEV_MEDIUM, 1,
	     "--userns host turns off the daemon's user namespace remapping for the container, so its root is the host's root.",
	     "Do not run containers with --userns host.", check_host_user_namespace),
	ROW5(32, "docker-socket-mounted",
	     "Ensure that the Docker socket is not mounted inside any containers", SEV_CRITICAL, 1,
	     "Whoever reaches the Docker socket controls the daemon and so the host (start a privileged container mounting /).",
	     "Do not mount /var/run/docker.sock into containers; use a restricted proxy or the orchestrator's API.",
	     check_docker_socket_mounted),
};
const size_t checks_container_count = ARRAY_SIZE(checks_container);

/* A failure naming the container, its short id, its image and the field. */
static void cfail(struct findings *out, const struct container *c, const char *key, const char *fmt,
		  ...) __attribute__((format(printf, 4, 5)));

static void cfail(struct findings *out, const struct container *c, const char *key, const char *fmt,
		  ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_addf(&b, "container '%s' (%s, image '%s'): ", c->name, c->short_id,
		 c->image ? c->image : "?");
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	check_fail(out, key, "%s", b.s);
	buf_release(&b);
}

static int str_is(const char *s, const char *want)
{
	return s && !strcmp(s, want);
}

static void check_swarm_mode_disabled(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	const char *st = facts->daemon->swarm_state;

	(void)t;
	if (facts->daemon->swarm_active || str_is(st, "pending") || str_is(st, "locked"))
		check_fail(out, "Swarm.LocalNodeState",
			   "Swarm.LocalNodeState=%s: swarm mode is enabled", st ? st : "active");
}

static void check_apparmor_profile(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	const struct container *c = t->container;
	const char *p = c->apparmor_profile;

	if (!daemon_facts_security_option(facts->daemon, "apparmor")) {
		check_skip(out, "AppArmor is not enabled on the daemon's host");
		return;
	}
	if (!p || !*p || !strcmp(p, "unconfined"))
		cfail(out, c, "AppArmorProfile", "AppArmorProfile=%s", p && *p ? p : "\"\"");
}

static void check_selinux_options(const struct facts *facts, const struct target *t,
				  struct findings *out)
{
	const struct container *c = t->container;

	if (!daemon_facts_security_option(facts->daemon, "selinux")) {
		check_skip(out, "SELinux is not enabled on the daemon");
		return;
	}
	for (size_t i = 0; i < c->security_opt.n; i++)
		if (!strncmp(c->security_opt.v[i], "label", 5) &&
		    (c->security_opt.v[i][5] == '=' || c->security_opt.v[i][5] == ':') &&
		    strcmp(c->security_opt.v[i] + 6, "disable"))
			return;
	cfail(out, c, "HostConfig.SecurityOpt",
	      "HostConfig.SecurityOpt has no SELinux label option");
}

/* Docker's default capability set (moby oci/caps/defaults.go). */
static const char *const default_caps[] = {
	"AUDIT_WRITE",	    "CHOWN",   "DAC_OVERRIDE", "FOWNER", "FSETID",  "KILL",   "MKNOD",
	"NET_BIND_SERVICE", "NET_RAW", "SETFCAP",      "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
};

/* "cap_net_admin" -> "NET_ADMIN" into out. */
static void cap_normalize(const char *cap, char *out, size_t n)
{
	size_t j = 0;

	if (!strncasecmp(cap, "CAP_", 4))
		cap += 4;
	for (; *cap && j + 1 < n; cap++)
		out[j++] = (char)toupper((unsigned char)*cap);
	out[j] = '\0';
}

static void check_capabilities_restricted(const struct facts *facts, const struct target *t,
					  struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	for (size_t i = 0; i < c->cap_add.n; i++) {
		char cap[64], key[96];
		int dflt = 0;

		cap_normalize(c->cap_add.v[i], cap, sizeof(cap));
		for (size_t k = 0; k < ARRAY_SIZE(default_caps); k++)
			dflt |= !strcmp(cap, default_caps[k]);
		if (dflt)
			continue;
		snprintf(key, sizeof(key), "HostConfig.CapAdd:%s", cap);
		cfail(out, c, key, "HostConfig.CapAdd contains %s%s", cap,
		      !strcmp(cap, "ALL") ? " (every capability)" : "");
	}
}

static void check_privileged_container(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	(void)facts;
	if (t->container->privileged)
		cfail(out, t->container, "HostConfig.Privileged", "HostConfig.Privileged=true");
}

static const char *const sensitive_dirs[] = {
	"/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr",
};

/* "/etc/" and "/etc//" name /etc; returns the canonical entry or NULL. */
static const char *sensitive_dir(const char *src)
{
	size_t len;

	if (!src || src[0] != '/')
		return NULL;
	len = strlen(src);
	while (len > 1 && src[len - 1] == '/')
		len--;
	for (size_t i = 0; i < ARRAY_SIZE(sensitive_dirs); i++)
		if (strlen(sensitive_dirs[i]) == len && !strncmp(src, sensitive_dirs[i], len))
			return sensitive_dirs[i];
	return NULL;
}

static void check_sensitive_host_mounts(const struct facts *facts, const struct target *t,
					struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	for (size_t i = 0; i < c->nmounts; i++) {
		const struct container_mount *m = &c->mounts[i];
		const char *dir = sensitive_dir(m->source);
		char key[512];

		if (!dir || (m->type && strcmp(m->type, "bind")))
			continue;
		snprintf(key, sizeof(key), "Mounts:%s", dir);
		cfail(out, c, key, "Mounts: host %s mounted at %s (%s)", dir,
		      m->destination ? m->destination : "?", m->rw ? "read-write" : "read-only");
	}
}

/* Is the first word of a command line sshd (or "sshd: ..." as sshd retitles itself)? */
static int is_sshd(const char *cmd)
{
	size_t len = strcspn(cmd, " \t:");
	const char *base = cmd;

	for (size_t i = 0; i < len; i++)
		if (cmd[i] == '/')
			base = cmd + i + 1;
	return (size_t)(cmd + len - base) == 4 && !strncmp(base, "sshd", 4);
}

static void check_no_sshd(const struct facts *facts, const struct target *t, struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	if (!c->running) {
		check_skip(out, "container is not running");
		return;
	}
	if (!c->processes_known) {
		check_manual(out, "needs the container's process list: run with --exec-checks");
		return;
	}
	for (size_t i = 0; i < c->processes.n; i++) {
		if (is_sshd(c->processes.v[i])) {
			cfail(out, c, "Processes:sshd", "an sshd process runs in the container");
			return;
		}
	}
}

/* Host port as a number, -1 when empty or not numeric. */
static long host_port_number(const char *s)
{
	long v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s) || v > 65535)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static void check_privileged_ports(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	for (size_t i = 0; i < c->nports; i++) {
		const struct container_port *p = &c->ports[i];
		long hp = host_port_number(p->host_port);
		char key[160];

		if (hp <= 0 || hp >= 1024)
			continue;
		snprintf(key, sizeof(key), "HostConfig.PortBindings:%s", p->container_port);
		cfail(out, c, key, "HostConfig.PortBindings maps %s to privileged host port %ld",
		      p->container_port, hp);
	}
}

/* Is a container port ("80/tcp") in the policy's allowed list ("80/tcp" or "80")? */
static int port_allowed(const struct strlist *allowed, const char *port)
{
	size_t num = strcspn(port, "/");

	for (size_t i = 0; allowed && i < allowed->n; i++) {
		const char *a = allowed->v[i];

		if (!strcmp(a, port) || (strlen(a) == num && !strncmp(a, port, num)))
			return 1;
	}
	return 0;
}

static void check_needed_ports_only(const struct facts *facts, const struct target *t,
				    struct findings *out)
{
	const struct container *c = t->container;
	const struct strlist *allowed = facts->daemon->allowed_ports;
	struct buf list = BUF_INIT;

	for (size_t i = 0; i < c->nports; i++) {
		const struct container_port *p = &c->ports[i];
		char key[160];

		if (allowed) {
			if (port_allowed(allowed, p->container_port))
				continue;
			snprintf(key, sizeof(key), "HostConfig.PortBindings:%s", p->container_port);
			cfail(out, c, key,
			      "HostConfig.PortBindings publishes %s, not in the policy's allowed ports",
			      p->container_port);
		} else {
			buf_addf(&list, "%s%s", list.len ? ", " : "", p->container_port);
		}
	}
	if (list.len)
		check_manual(
			out,
			"container '%s' publishes %s: confirm each is needed (or list them in the policy's allowed_ports)",
			c->name, list.s);
	buf_release(&list);
}

static void check_host_network_mode(const struct facts *facts, const struct target *t,
				    struct findings *out)
{
	(void)facts;
	if (str_is(t->container->network_mode, "host"))
		cfail(out, t->container, "HostConfig.NetworkMode", "HostConfig.NetworkMode=host");
}

static void check_memory_limit(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	(void)facts;
	if (t->container->memory <= 0)
		cfail(out, t->container, "HostConfig.Memory",
		      "HostConfig.Memory=0 (no memory limit)");
}

static void check_cpu_priority(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	if (c->cpu_shares <= 0 && c->nano_cpus <= 0)
		cfail(out, c, "HostConfig.CpuShares",
		      "HostConfig.CpuShares=0 and HostConfig.NanoCpus=0 (no CPU priority or limit)");
}

static void check_read_only_rootfs(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	(void)facts;
	if (!t->container->readonly_rootfs)
		cfail(out, t->container, "HostConfig.ReadonlyRootfs",
		      "HostConfig.ReadonlyRootfs=false");
}

static void check_bind_host_interface(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	for (size_t i = 0; i < c->nports; i++) {
		const struct container_port *p = &c->ports[i];
		char key[160];

		if (*p->host_ip && strcmp(p->host_ip, "0.0.0.0") && strcmp(p->host_ip, "::"))
			continue;
		snprintf(key, sizeof(key), "HostConfig.PortBindings:%s", p->container_port);
		cfail(out, c, key,
		      "HostConfig.PortBindings publishes %s on all host interfaces (HostIp=%s)",
		      p->container_port, *p->host_ip ? p->host_ip : "\"\"");
	}
}

static void check_restart_policy(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const struct container *c = t->container;
	const char *name = c->restart_policy;

	(void)facts;
	if (str_is(name, "always") || str_is(name, "unless-stopped"))
		cfail(out, c, "HostConfig.RestartPolicy",
		      "HostConfig.RestartPolicy.Name=%s (restarts without limit)", name);
	else if (str_is(name, "on-failure") && (c->restart_max <= 0 || c->restart_max > 5))
		cfail(out, c, "HostConfig.RestartPolicy",
		      "HostConfig.RestartPolicy=on-failure with MaximumRetryCount=%lld%s",
		      c->restart_max, c->restart_max <= 0 ? " (unlimited)" : " (more than 5)");
}

static void check_host_pid_namespace(const struct facts *facts, const struct target *t,
				     struct findings *out)
{
	(void)facts;
	if (str_is(t->container->pid_mode, "host"))
		cfail(out, t->container, "HostConfig.PidMode", "HostConfig.PidMode=host");
}

static void check_host_ipc_namespace(const struct facts *facts, const struct target *t,
				     struct findings *out)
{
	(void)facts;
	if (str_is(t->container->ipc_mode, "host"))
		cfail(out, t->container, "HostConfig.IpcMode", "HostConfig.IpcMode=host");
}

static void check_host_devices(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	for (size_t i = 0; i < c->devices.n; i++) {
		char key[512];
		size_t hl = strcspn(c->devices.v[i], ":");

		snprintf(key, sizeof(key), "HostConfig.Devices:%.*s", (int)hl, c->devices.v[i]);
		cfail(out, c, key, "HostConfig.Devices passes host device %.*s", (int)hl,
		      c->devices.v[i]);
	}
}

static void check_ulimit_override(const struct facts *facts, const struct target *t,
				  struct findings *out)
{
	(void)facts;
	if (!t->container->ulimits.n)
		check_manual(
			out,
			"container '%s' uses the daemon's default ulimits (HostConfig.Ulimits is empty): confirm they fit",
			t->container->name);
}

static void check_mount_propagation_shared(const struct facts *facts, const struct target *t,
					   struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	for (size_t i = 0; i < c->nmounts; i++) {
		const struct container_mount *m = &c->mounts[i];
		char key[512];

		if (!str_is(m->propagation, "shared") && !str_is(m->propagation, "rshared"))
			continue;
		snprintf(key, sizeof(key), "Mounts:%s", m->destination ? m->destination : "?");
		cfail(out, c, key, "Mounts: %s has Propagation=%s",
		      m->destination ? m->destination : "?", m->propagation);
	}
}

static void check_host_uts_namespace(const struct facts *facts, const struct target *t,
				     struct findings *out)
{
	(void)facts;
	if (str_is(t->container->uts_mode, "host"))
		cfail(out, t->container, "HostConfig.UTSMode", "HostConfig.UTSMode=host");
}

static void check_seccomp_unconfined(const struct facts *facts, const struct target *t,
				     struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	for (size_t i = 0; i < c->security_opt.n; i++) {
		const char *o = c->security_opt.v[i];

		if (!strcmp(o, "seccomp=unconfined") || !strcmp(o, "seccomp:unconfined")) {
			cfail(out, c, "HostConfig.SecurityOpt:seccomp",
			      "HostConfig.SecurityOpt contains %s", o);
			return;
		}
	}
}

static void check_exec_privileged(const struct facts *facts, const struct target *t,
				  struct findings *out)
{
	const struct container *c = t->container;
	int found = 0;

	(void)facts;
	for (size_t i = 0; i < c->nexecs; i++) {
		if (c->execs[i].privileged) {
			cfail(out, c, "ExecIDs.ProcessConfig.privileged",
			      "a live exec session (%.12s) runs with ProcessConfig.privileged=true",
			      c->execs[i].id);
			found = 1;
		}
	}
	if (!found)
		check_manual(
			out,
			"no privileged exec session is running now; past ones show only in the daemon's logs");
}

static int is_root_user(const char *u)
{
	return u && (!strcmp(u, "root") || !strcmp(u, "0") || !strncmp(u, "root:", 5) ||
		     !strncmp(u, "0:", 2));
}

static void check_exec_user_root(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const struct container *c = t->container;
	int found = 0;

	(void)facts;
	for (size_t i = 0; i < c->nexecs; i++) {
		if (is_root_user(c->execs[i].user)) {
			cfail(out, c, "ExecIDs.ProcessConfig.user",
			      "a live exec session (%.12s) runs with ProcessConfig.user=%s",
			      c->execs[i].id, c->execs[i].user);
			found = 1;
		}
	}
	if (!found)
		check_manual(
			out,
			"no exec session as root is running now; past ones show only in the daemon's logs");
}

static void check_container_cgroup_parent(const struct facts *facts, const struct target *t,
					  struct findings *out)
{
	(void)facts;
	if (t->container->cgroup_parent && *t->container->cgroup_parent)
		cfail(out, t->container, "HostConfig.CgroupParent",
		      "HostConfig.CgroupParent=%s: confirm this cgroup is managed",
		      t->container->cgroup_parent);
}

static void check_container_no_new_privileges(const struct facts *facts, const struct target *t,
					      struct findings *out)
{
	const struct container *c = t->container;
	const char *val, *src;

	/* A daemon-wide default covers every container. */
	if (daemon_facts_security_option(facts->daemon, "no-new-privileges"))
		return;
	if (host_dockerd_option(facts->host, "no-new-privileges", &val, &src) && val &&
	    !strcmp(val, "true"))
		return;
	for (size_t i = 0; i < c->security_opt.n; i++) {
		const char *o = c->security_opt.v[i];

		if (!strcmp(o, "no-new-privileges") || !strcmp(o, "no-new-privileges=true") ||
		    !strcmp(o, "no-new-privileges:true"))
			return;
	}
	cfail(out, c, "HostConfig.SecurityOpt:no-new-privileges",
	      "HostConfig.SecurityOpt lacks no-new-privileges (and the daemon does not set it by default)");
}

static void check_health_check_runtime(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	const struct container *c = t->container;

	if (!daemon_facts_api_at_least(facts->daemon, 24)) {
		check_skip(out, "daemon API %s is older than 1.24 (no State.Health)",
			   facts->daemon->api_version);
		return;
	}
	if (!c->has_health)
		cfail(out, c, "State.Health",
		      "State.Health is absent (no health check configured)");
}

static void check_pids_limit(const struct facts *facts, const struct target *t,
			     struct findings *out)
{
	if (!daemon_facts_api_at_least(facts->daemon, 23)) {
		check_skip(out, "daemon API %s is older than 1.23 (no HostConfig.PidsLimit)",
			   facts->daemon->api_version);
		return;
	}
	if (t->container->pids_limit <= 0)
		cfail(out, t->container, "HostConfig.PidsLimit",
		      "HostConfig.PidsLimit=%lld (no PIDs limit)", t->container->pids_limit);
}

static void check_default_bridge(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const struct container *c = t->container;
	const struct daemon_facts *d = facts->daemon;
	const char *bridge = "bridge";

	for (size_t i = 0; i < d->nnetworks; i++)
		if (d->networks[i].is_default_bridge && d->networks[i].name)
			bridge = d->networks[i].name;
	if (strlist_has(&c->networks, bridge))
		cfail(out, c, "NetworkSettings.Networks:bridge",
		      "NetworkSettings.Networks includes the default bridge '%s'", bridge);
}

static void check_host_user_namespace(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	const char *m = t->container->userns_mode;

	if (!daemon_facts_api_at_least(facts->daemon, 23)) {
		check_skip(out, "daemon API %s is older than 1.23 (no HostConfig.UsernsMode)",
			   facts->daemon->api_version);
		return;
	}
	if (m && !strcasecmp(m, "host"))
		cfail(out, t->container, "HostConfig.UsernsMode", "HostConfig.UsernsMode=host");
}

/* Does a path name a daemon socket (docker.sock, podman.sock)? */
static int is_daemon_socket(const char *p)
{
	const char *base;

	if (!p)
		return 0;
	base = strrchr(p, '/');
	base = base ? base + 1 : p;
	return !strcmp(base, "docker.sock") || !strcmp(base, "podman.sock");
}

static void check_docker_socket_mounted(const struct facts *facts, const struct target *t,
					struct findings *out)
{
	const struct container *c = t->container;

	(void)facts;
	for (size_t i = 0; i < c->nmounts; i++) {
		const struct container_mount *m = &c->mounts[i];
		const char *path = is_daemon_socket(m->source) ? m->source : m->destination;
		char key[512];

		if (!is_daemon_socket(m->source) && !is_daemon_socket(m->destination))
			continue;
		snprintf(key, sizeof(key), "Mounts:%s", path);
		cfail(out, c, key, "Mounts: daemon socket %s mounted at %s (%s)",
		      m->source ? m->source : "?", m->destination ? m->destination : "?",
		      m->rw ? "read-write" : "read-only");
	}
}
