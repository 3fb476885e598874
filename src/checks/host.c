/*
 * checks/host.c - CIS section 1 (host configuration): the data root on its
 * own partition, the docker group, audit rules for Docker's files and
 * binaries, the engine version. Facts come from source_host.c.
 */
#include "checks.h"
#include "facts_daemon.h"
#include "facts_host.h"
#include "buf.h"

#include <stdio.h>
#include <string.h>

static void check_separate_partition(const struct facts *, const struct target *,
				     struct findings *);
static void check_docker_group_trusted(const struct facts *, const struct target *,
				       struct findings *);
static void check_audit_dockerd(const struct facts *, const struct target *, struct findings *);
static void check_audit_run_containerd(const struct facts *, const struct target *,
				       struct findings *);
static void check_audit_var_lib_docker(const struct facts *, const struct target *,
				       struct findings *);
static void check_audit_etc_docker(const struct facts *, const struct target *, struct findings *);
static void check_audit_docker_service(const struct facts *, const struct target *,
				       struct findings *);
static void check_audit_containerd_sock(const struct facts *, const struct target *,
					struct findings *);
static void check_audit_docker_socket(const struct facts *, const struct target *,
				      struct findings *);
static void check_audit_etc_default_docker(const struct facts *, const struct target *,
					   struct findings *);
static void check_audit_daemon_json(const struct facts *, const struct target *, struct findings *);
static void check_audit_containerd_config(const struct facts *, const struct target *,
					  struct findings *);
static void check_audit_etc_sysconfig_docker(const struct facts *, const struct target *,
					     struct findings *);
static void check_audit_containerd_bin(const struct facts *, const struct target *,
				       struct findings *);
static void check_audit_containerd_shim(const struct facts *, const struct target *,
					struct findings *);
static void check_audit_containerd_shim_runc_v1(const struct facts *, const struct target *,
						struct findings *);
static void check_audit_containerd_shim_runc_v2(const struct facts *, const struct target *,
						struct findings *);
static void check_audit_runc(const struct facts *, const struct target *, struct findings *);
static void check_docker_version_current(const struct facts *, const struct target *,
					 struct findings *);

const struct check checks_host[] = {
	{
		.id = "CIS-1.1.1",
		.name = "separate-partition",
		.cis = "1.1.1",
		.section = 1,
		.title = "Ensure a separate partition for containers has been created",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"Containers and images fill the daemon's data root; on the root filesystem they can exhaust the space the host needs to run.",
		.remediation =
			"Mount a dedicated filesystem (partition or logical volume) on the daemon's data root, /var/lib/docker by default, or on a separate /var.",
		.fn = check_separate_partition,
	},
	{
		.id = "CIS-1.1.2",
		.name = "docker-group-trusted",
		.cis = "1.1.2",
		.section = 1,
		.title = "Ensure only trusted users are allowed to control Docker daemon",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale =
			"Members of the docker group can use the daemon's socket, which is equivalent to root on the host.",
		.remediation =
			"Remove users who are not trusted administrators from the docker group: gpasswd -d USER docker.",
		.fn = check_docker_group_trusted,
	},
	{
		.id = "CIS-1.1.3",
		.name = "audit-dockerd",
		.cis = "1.1.3",
		.section = 1,
		.title = "Ensure auditing is configured for the Docker daemon",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the dockerd binary records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_dockerd,
	},
	{
		.id = "CIS-1.1.4",
		.name = "audit-run-containerd",
		.cis = "1.1.4",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /run/containerd",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing /run/containerd records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_run_containerd,
	},
	{
		.id = "CIS-1.1.5",
		.name = "audit-var-lib-docker",
		.cis = "1.1.5",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /var/lib/docker",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the daemon's data root records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_var_lib_docker,
	},
	{
		.id = "CIS-1.1.6",
		.name = "audit-etc-docker",
		.cis = "1.1.6",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /etc/docker",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing /etc/docker records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_etc_docker,
	},
	{
		.id = "CIS-1.1.7",
		.name = "audit-docker-service",
		.cis = "1.1.7",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - docker.service",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the docker.service unit records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_docker_service,
	},
	{
		.id = "CIS-1.1.8",
		.name = "audit-containerd-sock",
		.cis = "1.1.8",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - containerd.sock",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the containerd.socket unit, else /run/containerd/containerd.sock records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_containerd_sock,
	},
	{
		.id = "CIS-1.1.9",
		.name = "audit-docker-socket",
		.cis = "1.1.9",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - docker.socket",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the docker.socket unit records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_docker_socket,
	},
	{
		.id = "CIS-1.1.10",
		.name = "audit-etc-default-docker",
		.cis = "1.1.10",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /etc/default/docker",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing /etc/default/docker records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_etc_default_docker,
	},
	{
		.id = "CIS-1.1.11",
		.name = "audit-daemon-json",
		.cis = "1.1.11",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the daemon.json dockerd uses records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_daemon_json,
	},
	{
		.id = "CIS-1.1.12",
		.name = "audit-containerd-config",
		.cis = "1.1.12",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing /etc/containerd/config.toml records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_containerd_config,
	},
	{
		.id = "CIS-1.1.13",
		.name = "audit-etc-sysconfig-docker",
		.cis = "1.1.13",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing /etc/sysconfig/docker records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_etc_sysconfig_docker,
	},
	{
		.id = "CIS-1.1.14",
		.name = "audit-containerd-bin",
		.cis = "1.1.14",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /usr/bin/containerd",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the containerd binary records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_containerd_bin,
	},
	{
		.id = "CIS-1.1.15",
		.name = "audit-containerd-shim",
		.cis = "1.1.15",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the containerd-shim binary records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_containerd_shim,
	},
	{
		.id = "CIS-1.1.16",
		.name = "audit-containerd-shim-runc-v1",
		.cis = "1.1.16",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the containerd-shim-runc-v1 binary records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_containerd_shim_runc_v1,
	},
	{
		.id = "CIS-1.1.17",
		.name = "audit-containerd-shim-runc-v2",
		.cis = "1.1.17",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the containerd-shim-runc-v2 binary records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_containerd_shim_runc_v2,
	},
	{
		.id = "CIS-1.1.18",
		.name = "audit-runc",
		.cis = "1.1.18",
		.section = 1,
		.title =
			"Ensure auditing is configured for Docker files and directories - /usr/bin/runc",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Auditing the runc binary records who changed it and when; without a rule, tampering with Docker's configuration or binaries leaves no trace.",
		.remediation =
			"Add a watch such as '-w PATH -k docker' to a file in /etc/audit/rules.d/ (PATH as named in the finding) and load it with 'augenrules --load'.",
		.fn = check_audit_runc,
	},
	{
		.id = "CIS-1.2.1",
		.name = "host-hardened",
		.cis = "1.2.1",
		.section = 1,
		.title = "Ensure the container host has been Hardened",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"Containers share the host's kernel; a weak host undermines every container on it.",
		.remediation =
			"Harden the host following your operating system's CIS benchmark or a comparable baseline, or use a minimal container OS.",
		.fn = NULL,
	},
	{
		.id = "CIS-1.2.2",
		.name = "docker-version-current",
		.cis = "1.2.2",
		.section = 1,
		.title = "Ensure that the version of Docker is up to date",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"Older Docker releases carry known vulnerabilities that later releases fix.",
		.remediation =
			"Upgrade Docker Engine to a current release line and keep it patched.",
		.fn = check_docker_version_current,
	},
};
const size_t checks_host_count = ARRAY_SIZE(checks_host);

/*
 * Docker Engine release lines (major.minor) and the date of their first
 * release, newest last. A running version is current when it belongs to
 * the newest line, or the next line is younger than RELEASE_GRACE_DAYS.
 */
static const struct docker_release {
	int major, minor;
	const char *date;
} docker_releases[] = {
	{ 20, 10, "2020-12-08" }, { 23, 0, "2023-02-01" }, { 24, 0, "2023-05-16" },
	{ 25, 0, "2024-01-19" },  { 26, 0, "2024-03-20" }, { 26, 1, "2024-04-22" },
	{ 27, 0, "2024-06-24" },  { 27, 1, "2024-07-22" }, { 27, 2, "2024-08-27" },
	{ 27, 3, "2024-09-19" },  { 27, 4, "2024-12-09" }, { 27, 5, "2025-01-13" },
	{ 28, 0, "2025-02-19" },  { 28, 1, "2025-04-17" }, { 28, 2, "2025-05-28" },
	{ 28, 3, "2025-06-24" },  { 28, 4, "2025-09-03" }, { 28, 5, "2025-10-02" },
};
#define RELEASE_TABLE_DATE "2025-10-02"
#define RELEASE_GRACE_DAYS 90
#define RELEASE_TABLE_FRESH_DAYS 365

/* "PATH" or "PATH (-> RESOLVED)" for messages. */
static void host_path_desc(struct buf *b, const struct host_file *f)
{
	buf_adds(b, f->path);
	if (f->link)
		buf_addf(b, " (-> %s)", f->link);
}

/*
 * Index in h->mounts of the mount holding path: the longest mount point
 * that is path or an ancestor, the last one when mounted over. -1 if none.
 */
static long mount_of(const struct host_facts *h, const char *path)
{
	long best = -1;
	size_t bestlen = 0;

	for (size_t i = 0; i < h->mounts.n; i++) {
		const char *m = h->mounts.v[i];
		size_t n = strcmp(m, "/") ? strlen(m) : 0;

		if ((!n || (!strncmp(m, path, n) && (path[n] == '/' || !path[n]))) &&
		    n >= bestlen) {
			best = (long)i;
			bestlen = n;
		}
	}
	return best;
}

/*
 * A separate partition is a mount of another device than the root
 * filesystem's. dockerd bind-mounts its data root onto itself to set mount
 * propagation, so "is a mount point" alone would pass on every host.
 */
static void check_separate_partition(const struct facts *facts, const struct target *t,
				     struct findings *out)
{
	const struct host_facts *h = facts->host;
	const struct host_file *f = &h->files[HF_DATA_ROOT];
	const char *dir = f->link ? f->link : f->path;
	long m, r;

	(void)t;
	if (h->config_error && !host_dockerd_option(h, "data-root", NULL, NULL)) {
		check_error(out, "data root unknown: %s", h->config_error);
		return;
	}
	if (f->state == HOST_FILE_ERROR) {
		check_error(out, "cannot examine '%s': %s", f->path, f->error);
		return;
	}
	if (f->state == HOST_FILE_ABSENT) {
		check_skip(out, "data root %s does not exist on this host", f->path);
		return;
	}
	if (h->mounts_error) {
		check_error(out, "%s", h->mounts_error);
		return;
	}
	if (!h->mounts_known) {
		check_skip(out, "no /proc/1/mountinfo under the host root (run with --pid host)");
		return;
	}
	m = mount_of(h, dir);
	r = mount_of(h, "/");
	if (m < 0 || !strcmp(h->mounts.v[m], "/"))
		check_fail(out, f->path,
			   "data root %s is on the root filesystem, not a separate partition", dir);
	else if (r >= 0 && !strcmp(h->mount_devs.v[m], h->mount_devs.v[r]))
		check_fail(
			out, f->path,
			"data root %s is mounted on %s from the root filesystem's device %s, not a separate partition",
			dir, h->mounts.v[m], h->mount_devs.v[m]);
	else if (!strcmp(h->mounts.v[m], dir))
		check_pass(out, "data root %s is a mount point (device %s)", dir,
			   h->mount_devs.v[m]);
	else
		check_pass(out, "data root %s is on the separate mount %s (device %s)", dir,
			   h->mounts.v[m], h->mount_devs.v[m]);
}

static void check_docker_group_trusted(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	const struct host_facts *h = facts->host;
	struct buf b = BUF_INIT;

	(void)t;
	if (h->group_error) {
		check_error(out, "%s", h->group_error);
		return;
	}
	if (!h->group_known) {
		check_skip(out, "no /etc/group under the host root");
		return;
	}
	if (!h->docker_group) {
		check_pass(out, "no docker group: only root can use the daemon's socket");
		return;
	}
	if (!h->docker_members.n) {
		check_pass(out, "the docker group has no members");
		return;
	}
	for (size_t i = 0; i < h->docker_members.n; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", h->docker_members.v[i]);
	check_manual(
		out,
		"docker group members (root-equivalent through the socket): %s; confirm each is a trusted administrator",
		b.s);
	buf_release(&b);
}

/* The audit-rule rows: is this file covered by a rule? */
static void host_audit_check(const struct host_facts *h, const struct host_file *f, int full,
			     struct findings *out)
{
	const struct audit_watch *w;
	struct buf desc = BUF_INIT;

	host_path_desc(&desc, f);
	if (f->state == HOST_FILE_ERROR) {
		check_error(out, "cannot examine '%s': %s", f->path, f->error);
		goto out;
	}
	if (f->state == HOST_FILE_ABSENT) {
		check_skip(out, "%s does not exist on this host", f->path);
		goto out;
	}
	if (h->audit_error) {
		check_error(out, "%s", h->audit_error);
		goto out;
	}
	if (!h->audit_configured) {
		/* Said in full once, on the first audit row; the others refer to it. */
		if (full)
			check_fail(
				out, f->path,
				"auditing is not configured: no /etc/audit/audit.rules or /etc/audit/rules.d/*.rules on this host");
		else
			check_fail(out, f->path, "auditing is not configured (see CIS-1.1.3)");
		goto out;
	}
	w = host_audit_find(h, f->path);
	if (!w && f->link)
		w = host_audit_find(h, f->link);
	if (!w)
		check_fail(out, f->path, "no audit rule watches %s", desc.s);
	else if (strcmp(w->path, f->path) && (!f->link || strcmp(w->path, f->link)))
		check_pass(out, "%s is audited by the directory rule on %s (%s)", desc.s, w->path,
			   w->where);
	else
		check_pass(out, "%s is audited (%s)", desc.s, w->where);
out:
	buf_release(&desc);
}

static void check_audit_dockerd(const struct facts *facts, const struct target *t,
				struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_DOCKERD_BIN], 1, out);
}

static void check_audit_run_containerd(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_RUN_CONTAINERD], 0, out);
}

static void check_audit_var_lib_docker(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_DATA_ROOT], 0, out);
}

static void check_audit_etc_docker(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_ETC_DOCKER], 0, out);
}

static void check_audit_docker_service(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_DOCKER_SERVICE], 0, out);
}

static void check_audit_containerd_sock(const struct facts *facts, const struct target *t,
					struct findings *out)
{
	const struct host_facts *h = facts->host;
	const struct host_file *f = &h->files[HF_CONTAINERD_SOCKET_UNIT];

	(void)t;
	if (f->state == HOST_FILE_ABSENT)
		f = &h->files[HF_CONTAINERD_SOCK];
	host_audit_check(h, f, 0, out);
}

static void check_audit_docker_socket(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_DOCKER_SOCKET_UNIT], 0, out);
}

static void check_audit_etc_default_docker(const struct facts *facts, const struct target *t,
					   struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_ETC_DEFAULT_DOCKER], 0, out);
}

static void check_audit_daemon_json(const struct facts *facts, const struct target *t,
				    struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_DAEMON_JSON], 0, out);
}

static void check_audit_containerd_config(const struct facts *facts, const struct target *t,
					  struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_CONTAINERD_CONFIG], 0, out);
}

static void check_audit_etc_sysconfig_docker(const struct facts *facts, const struct target *t,
					     struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_ETC_SYSCONFIG_DOCKER], 0, out);
}

static void check_audit_containerd_bin(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_CONTAINERD_BIN], 0, out);
}

static void check_audit_containerd_shim(const struct facts *facts, const struct target *t,
					struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_SHIM_BIN], 0, out);
}

static void check_audit_containerd_shim_runc_v1(const struct facts *facts, const struct target *t,
						struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_SHIM_V1_BIN], 0, out);
}

static void check_audit_containerd_shim_runc_v2(const struct facts *facts, const struct target *t,
						struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_SHIM_V2_BIN], 0, out);
}

static void check_audit_runc(const struct facts *facts, const struct target *t,
			     struct findings *out)
{
	(void)t;
	host_audit_check(facts->host, &facts->host->files[HF_RUNC_BIN], 0, out);
}

/* Days since 1970-01-01 of "YYYY-MM-DD" (proleptic Gregorian). */
static long long release_days(const char *date)
{
	long long y = strtoll(date, NULL, 10);
	unsigned m = (unsigned)strtoul(date + 5, NULL, 10),
		 d = (unsigned)strtoul(date + 8, NULL, 10);
	long long era;
	unsigned yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + (long long)(yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
}

static void check_docker_version_current(const struct facts *facts, const struct target *t,
					 struct findings *out)
{
	const char *v = facts->daemon && facts->daemon->version ? facts->daemon->version
								: facts->host->docker_version;
	const struct docker_release *newest = &docker_releases[ARRAY_SIZE(docker_releases) - 1];
	long long today = dg_now() / 86400;
	int major, minor;
	size_t i;

	(void)t;
	if (!v || sscanf(v, "%d.%d", &major, &minor) != 2) {
		check_manual(out, "Docker version %s: compare it with the current release by hand",
			     v ? v : "unknown (no daemon facts)");
		return;
	}
	if (major > newest->major || (major == newest->major && minor > newest->minor)) {
		check_manual(
			out,
			"Docker %s is newer than this build's release table (%s); confirm it is current",
			v, RELEASE_TABLE_DATE);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(docker_releases); i++)
		if (docker_releases[i].major > major ||
		    (docker_releases[i].major == major && docker_releases[i].minor > minor))
			break;
	if (i == ARRAY_SIZE(docker_releases)) {
		if (today - release_days(RELEASE_TABLE_DATE) > RELEASE_TABLE_FRESH_DAYS)
			check_manual(
				out,
				"Docker %s is the newest line in this build's release table (%s), which is over a year old; confirm it is current",
				v, RELEASE_TABLE_DATE);
		else
			check_pass(out,
				   "Docker %s is the newest release line (release table of %s)", v,
				   RELEASE_TABLE_DATE);
		return;
	}
	if (today - release_days(docker_releases[i].date) <= RELEASE_GRACE_DAYS) {
		check_pass(out,
			   "Docker %s: %d.%d was released on %s, within the %d-day upgrade window",
			   v, docker_releases[i].major, docker_releases[i].minor,
			   docker_releases[i].date, RELEASE_GRACE_DAYS);
		return;
	}
	{
		struct buf b = BUF_INIT;

		buf_addf(&b, "Docker %s is out of date: %d.%d was released on %s", v,
			 docker_releases[i].major, docker_releases[i].minor,
			 docker_releases[i].date);
		if (&docker_releases[i] != newest)
			buf_addf(&b, ", and %d.%d on %s", newest->major, newest->minor,
				 newest->date);
		if (strpbrk(v, "+~"))
			buf_adds(&b, " (a distribution build: its vendor may backport fixes)");
		check_fail(out, "version", "%s", b.s);
		buf_release(&b);
	}
}
