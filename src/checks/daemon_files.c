/*
 * checks/daemon_files.c - CIS section 3 (Docker daemon configuration
 * files): owner and mode of the unit files, /etc/docker, certificates and
 * keys, sockets and daemon.json. Ownership is judged by the names in the
 * host's /etc/passwd and /etc/group (uid/gid 0 count as root when unlisted);
 * "0644 or stricter" means no permission bit outside 0644, so 0622 fails
 * and 0600 passes.
 */
#include "checks.h"
#include "facts_host.h"
#include "buf.h"

#include <string.h>

static void check_docker_service_ownership(const struct facts *, const struct target *,
					   struct findings *);
static void check_docker_service_permissions(const struct facts *, const struct target *,
					     struct findings *);
static void check_docker_socket_unit_ownership(const struct facts *, const struct target *,
					       struct findings *);
static void check_docker_socket_unit_permissions(const struct facts *, const struct target *,
						 struct findings *);
static void check_etc_docker_ownership(const struct facts *, const struct target *,
				       struct findings *);
static void check_etc_docker_permissions(const struct facts *, const struct target *,
					 struct findings *);
static void check_registry_cert_ownership(const struct facts *, const struct target *,
					  struct findings *);
static void check_registry_cert_permissions(const struct facts *, const struct target *,
					    struct findings *);
static void check_tls_ca_ownership(const struct facts *, const struct target *, struct findings *);
static void check_tls_ca_permissions(const struct facts *, const struct target *,
				     struct findings *);
static void check_tls_cert_ownership(const struct facts *, const struct target *,
				     struct findings *);
static void check_tls_cert_permissions(const struct facts *, const struct target *,
				       struct findings *);
static void check_tls_key_ownership(const struct facts *, const struct target *, struct findings *);
static void check_tls_key_permissions(const struct facts *, const struct target *,
				      struct findings *);
static void check_docker_sock_ownership(const struct facts *, const struct target *,
					struct findings *);
static void check_docker_sock_permissions(const struct facts *, const struct target *,
					  struct findings *);
static void check_daemon_json_ownership(const struct facts *, const struct target *,
					struct findings *);
static void check_daemon_json_permissions(const struct facts *, const struct target *,
					  struct findings *);
static void check_etc_default_docker_ownership(const struct facts *, const struct target *,
					       struct findings *);
static void check_etc_default_docker_permissions(const struct facts *, const struct target *,
						 struct findings *);
static void check_etc_sysconfig_docker_permissions(const struct facts *, const struct target *,
						   struct findings *);
static void check_etc_sysconfig_docker_ownership(const struct facts *, const struct target *,
						 struct findings *);
static void check_containerd_sock_ownership(const struct facts *, const struct target *,
					    struct findings *);
static void check_containerd_sock_permissions(const struct facts *, const struct target *,
					      struct findings *);

const struct check checks_daemon_files[] = {
	{
		.id = "CIS-3.1",
		.name = "docker-service-ownership",
		.cis = "3.1",
		.section = 3,
		.title = "Ensure that the docker.service file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"The docker.service unit decides how dockerd starts; whoever can change it can run the daemon with any options.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_docker_service_ownership,
	},
	{
		.id = "CIS-3.2",
		.name = "docker-service-permissions",
		.cis = "3.2",
		.section = 3,
		.title = "Ensure that docker.service file permissions are appropriately set",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"The docker.service unit decides how dockerd starts; it must not be writable by anyone but root.",
		.remediation = "chmod 644 (or stricter) on the file named in the finding.",
		.fn = check_docker_service_permissions,
	},
	{
		.id = "CIS-3.3",
		.name = "docker-socket-unit-ownership",
		.cis = "3.3",
		.section = 3,
		.title = "Ensure that docker.socket file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"The docker.socket unit sets the owner and mode of the daemon's socket; whoever can change it can open the socket to everyone.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_docker_socket_unit_ownership,
	},
	{
		.id = "CIS-3.4",
		.name = "docker-socket-unit-permissions",
		.cis = "3.4",
		.section = 3,
		.title =
			"Ensure that docker.socket file permissions are set to 644 or more restrictive",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"The docker.socket unit sets the owner and mode of the daemon's socket; it must not be writable by anyone but root.",
		.remediation = "chmod 644 (or stricter) on the file named in the finding.",
		.fn = check_docker_socket_unit_permissions,
	},
	{
		.id = "CIS-3.5",
		.name = "etc-docker-ownership",
		.cis = "3.5",
		.section = 3,
		.title = "Ensure that the /etc/docker directory ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"/etc/docker holds the daemon's configuration, TLS keys and registry certificates.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_etc_docker_ownership,
	},
	{
		.id = "CIS-3.6",
		.name = "etc-docker-permissions",
		.cis = "3.6",
		.section = 3,
		.title =
			"Ensure that /etc/docker directory permissions are set to 755 or more restrictively",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"/etc/docker holds the daemon's configuration, TLS keys and registry certificates; others must not add or replace files in it.",
		.remediation = "chmod 755 (or stricter) on the file named in the finding.",
		.fn = check_etc_docker_permissions,
	},
	{
		.id = "CIS-3.7",
		.name = "registry-cert-ownership",
		.cis = "3.7",
		.section = 3,
		.title = "Ensure that registry certificate file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"Registry certificates under /etc/docker/certs.d decide which registries the daemon trusts.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_registry_cert_ownership,
	},
	{
		.id = "CIS-3.8",
		.name = "registry-cert-permissions",
		.cis = "3.8",
		.section = 3,
		.title =
			"Ensure that registry certificate file permissions are set to 444 or more restrictively",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"Registry certificates under /etc/docker/certs.d decide which registries the daemon trusts; nobody should be able to modify them.",
		.remediation = "chmod 444 (or stricter) on the file named in the finding.",
		.fn = check_registry_cert_permissions,
	},
	{
		.id = "CIS-3.9",
		.name = "tls-ca-ownership",
		.cis = "3.9",
		.section = 3,
		.title = "Ensure that TLS CA certificate file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"The TLS CA certificate decides which clients the daemon accepts on its TCP socket.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_tls_ca_ownership,
	},
	{
		.id = "CIS-3.10",
		.name = "tls-ca-permissions",
		.cis = "3.10",
		.section = 3,
		.title =
			"Ensure that TLS CA certificate file permissions are set to 444 or more restrictively",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"The TLS CA certificate decides which clients the daemon accepts; replacing it lets anyone with a matching certificate in.",
		.remediation = "chmod 444 (or stricter) on the file named in the finding.",
		.fn = check_tls_ca_permissions,
	},
	{
		.id = "CIS-3.11",
		.name = "tls-cert-ownership",
		.cis = "3.11",
		.section = 3,
		.title = "Ensure that Docker server certificate file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale = "The server certificate identifies the daemon to its TLS clients.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_tls_cert_ownership,
	},
	{
		.id = "CIS-3.12",
		.name = "tls-cert-permissions",
		.cis = "3.12",
		.section = 3,
		.title =
			"Ensure that the Docker server certificate file permissions are set to 444 or more restrictively",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"The server certificate identifies the daemon to its TLS clients; nobody should be able to modify it.",
		.remediation = "chmod 444 (or stricter) on the file named in the finding.",
		.fn = check_tls_cert_permissions,
	},
	{
		.id = "CIS-3.13",
		.name = "tls-key-ownership",
		.cis = "3.13",
		.section = 3,
		.title =
			"Ensure that the Docker server certificate key file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale = "The server's private key lets its holder impersonate the daemon.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_tls_key_ownership,
	},
	{
		.id = "CIS-3.14",
		.name = "tls-key-permissions",
		.cis = "3.14",
		.section = 3,
		.title =
			"Ensure that the Docker server certificate key file permissions are set to 400",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale =
			"The server's private key lets its holder impersonate the daemon; only root may read it.",
		.remediation = "chmod 400 (or stricter) on the file named in the finding.",
		.fn = check_tls_key_permissions,
	},
	{
		.id = "CIS-3.15",
		.name = "docker-sock-ownership",
		.cis = "3.15",
		.section = 3,
		.title = "Ensure that the Docker socket file ownership is set to root:docker",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale =
			"The daemon's socket is root-equivalent; only root and the docker group may own it.",
		.remediation = "chown root:docker on the file named in the finding.",
		.fn = check_docker_sock_ownership,
	},
	{
		.id = "CIS-3.16",
		.name = "docker-sock-permissions",
		.cis = "3.16",
		.section = 3,
		.title =
			"Ensure that the Docker socket file permissions are set to 660 or more restrictively",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale =
			"The daemon's socket is root-equivalent; if others can write to it, every local user is root.",
		.remediation = "chmod 660 (or stricter) on the file named in the finding.",
		.fn = check_docker_sock_permissions,
	},
	{
		.id = "CIS-3.17",
		.name = "daemon-json-ownership",
		.cis = "3.17",
		.section = 3,
		.title = "Ensure that the daemon.json file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"daemon.json configures the daemon; whoever can change it controls the daemon at its next start or reload.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_daemon_json_ownership,
	},
	{
		.id = "CIS-3.18",
		.name = "daemon-json-permissions",
		.cis = "3.18",
		.section = 3,
		.title =
			"Ensure that daemon.json file permissions are set to 644 or more restrictive",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"daemon.json configures the daemon; it must not be writable by anyone but root.",
		.remediation = "chmod 644 (or stricter) on the file named in the finding.",
		.fn = check_daemon_json_permissions,
	},
	{
		.id = "CIS-3.19",
		.name = "etc-default-docker-ownership",
		.cis = "3.19",
		.section = 3,
		.title = "Ensure that the /etc/default/docker file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale = "/etc/default/docker can set dockerd's options through DOCKER_OPTS.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_etc_default_docker_ownership,
	},
	{
		.id = "CIS-3.20",
		.name = "etc-default-docker-permissions",
		.cis = "3.20",
		.section = 3,
		.title =
			"Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"/etc/default/docker can set dockerd's options through DOCKER_OPTS; it must not be writable by anyone but root.",
		.remediation = "chmod 644 (or stricter) on the file named in the finding.",
		.fn = check_etc_default_docker_permissions,
	},
	{
		.id = "CIS-3.21",
		.name = "etc-sysconfig-docker-permissions",
		.cis = "3.21",
		.section = 3,
		.title =
			"Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"/etc/sysconfig/docker can set dockerd's options; it must not be writable by anyone but root.",
		.remediation = "chmod 644 (or stricter) on the file named in the finding.",
		.fn = check_etc_sysconfig_docker_permissions,
	},
	{
		.id = "CIS-3.22",
		.name = "etc-sysconfig-docker-ownership",
		.cis = "3.22",
		.section = 3,
		.title = "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale = "/etc/sysconfig/docker can set dockerd's options.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_etc_sysconfig_docker_ownership,
	},
	{
		.id = "CIS-3.23",
		.name = "containerd-sock-ownership",
		.cis = "3.23",
		.section = 3,
		.title = "Ensure that the Containerd socket file ownership is set to root:root",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale =
			"containerd's socket controls every container on the host without Docker's checks.",
		.remediation = "chown root:root on the file named in the finding.",
		.fn = check_containerd_sock_ownership,
	},
	{
		.id = "CIS-3.24",
		.name = "containerd-sock-permissions",
		.cis = "3.24",
		.section = 3,
		.title =
			"Ensure that the Containerd socket file permissions are set to 660 or more restrictively",
		.scope = SCOPE_HOST,
		.needs = NEED_HOST,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale =
			"containerd's socket controls every container on the host; if others can write to it, every local user is root.",
		.remediation = "chmod 660 (or stricter) on the file named in the finding.",
		.fn = check_containerd_sock_permissions,
	},
};
const size_t checks_daemon_files_count = ARRAY_SIZE(checks_daemon_files);

enum judge_kind { JUDGE_OWNER, JUDGE_MODE };

/* What a row expects of a file. */
struct judge {
	enum judge_kind kind;
	const char *owner, *group; /* JUDGE_OWNER */
	unsigned max_mode;	   /* JUDGE_MODE: no bit outside these */
};

/* "PATH (-> RESOLVED) is 0644 root:root" */
static void describe(struct buf *b, const struct host_file *f)
{
	buf_adds(b, f->path);
	if (f->link)
		buf_addf(b, " (-> %s)", f->link);
	buf_addf(b, " is %04o ", f->mode);
	if (f->owner)
		buf_adds(b, f->owner);
	else
		buf_addf(b, "%lld", f->uid);
	buf_addc(b, ':');
	if (f->group)
		buf_adds(b, f->group);
	else
		buf_addf(b, "%lld", f->gid);
}

/* Is the file owned by name (by the host's accounts; id 0 is root when unlisted)? */
static int owned_by(const char *have, long long id, const char *want)
{
	if (have)
		return !strcmp(have, want);
	return id == 0 && !strcmp(want, "root");
}

/*
 * Judge one present file; returns STATUS_PASS or STATUS_FAIL with the
 * message (actual and expected) in msg.
 */
static enum status judge_file(const struct judge *j, const struct host_file *f, struct buf *msg)
{
	describe(msg, f);
	if (j->kind == JUDGE_OWNER) {
		if (owned_by(f->owner, f->uid, j->owner) && owned_by(f->group, f->gid, j->group))
			return STATUS_PASS;
		buf_addf(msg, ", expected %s:%s", j->owner, j->group);
		return STATUS_FAIL;
	}
	if (!(f->mode & ~j->max_mode))
		return STATUS_PASS;
	buf_addf(msg, ", expected %04o or stricter", j->max_mode);
	return STATUS_FAIL;
}

/* Emit the finding for one file; returns its status. */
static enum status judge_emit(const struct judge *j, const struct host_file *f, int quiet_pass,
			      struct findings *out)
{
	struct buf msg = BUF_INIT;
	enum status st;

	if (f->state == HOST_FILE_ERROR) {
		check_error(out, "cannot examine '%s': %s", f->path, f->error);
		return STATUS_ERROR;
	}
	if (f->state == HOST_FILE_ABSENT)
		return STATUS_SKIP;
	st = judge_file(j, f, &msg);
	if (st == STATUS_FAIL)
		check_fail(out, f->path, "%s", msg.s);
	else if (!quiet_pass)
		check_pass(out, "%s", msg.s);
	buf_release(&msg);
	return st;
}

/* A single file; absent: skip. */
static void judge_one(const struct judge *j, const struct host_file *f, struct findings *out)
{
	if (judge_emit(j, f, 0, out) == STATUS_SKIP)
		check_skip(out, "%s does not exist on this host", f->path);
}

/* Several files: fail or error per file, one pass when all pass, skip when none. */
static void judge_files(const struct judge *j, const struct host_file *const *v, size_t n,
			const char *what, struct findings *out)
{
	size_t passed = 0, bad = 0;

	for (size_t i = 0; i < n; i++) {
		enum status st = judge_emit(j, v[i], 1, out);

		if (st == STATUS_PASS)
			passed++;
		else if (st != STATUS_SKIP)
			bad++;
	}
	if (bad)
		return;
	if (!passed)
		check_skip(out, "no %s on this host", what);
	else if (j->kind == JUDGE_OWNER)
		check_pass(out, "%zu %s file(s) owned by %s:%s", passed, what, j->owner, j->group);
	else
		check_pass(out, "%zu %s file(s) at %04o or stricter", passed, what, j->max_mode);
}

/* A unit file and its drop-ins. */
static void judge_unit(const struct judge *j, const struct host_file *unit,
		       const struct host_file_list *dropins, struct findings *out)
{
	const struct host_file **v = xcalloc(dropins->n + 1, sizeof(*v));
	size_t n = 0;

	if (dropins->error)
		check_error(out, "%s", dropins->error);
	if (unit->state == HOST_FILE_ABSENT && !dropins->n) {
		check_skip(
			out,
			"%s is not installed on this host (searched /etc/systemd/system, /run/systemd/system, /lib/systemd/system, /usr/lib/systemd/system)",
			strrchr(unit->path, '/') + 1);
		free(v);
		return;
	}
	v[n++] = unit;
	for (size_t i = 0; i < dropins->n; i++)
		v[n++] = &dropins->v[i];
	judge_files(j, v, n, "unit", out);
	free(v);
}

static void judge_list(const struct judge *j, const struct host_file_list *l, const char *what,
		       struct findings *out)
{
	const struct host_file **v = xcalloc(l->n + 1, sizeof(*v));

	if (l->error)
		check_error(out, "%s", l->error);
	for (size_t i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	judge_files(j, v, l->n, what, out);
	free(v);
}

/* A TLS file named by the daemon configuration. */
static void judge_tls(const struct judge *j, const struct host_facts *h, enum host_file_id id,
		      struct findings *out)
{
	const struct host_file *f = &h->files[id];
	static const char *const names[] = { "tlscacert", "tlscert", "tlskey" };
	const char *key = names[id - HF_TLSCACERT];

	if (!f->path) {
		if (h->config_error)
			check_error(out, "TLS configuration unknown: %s", h->config_error);
		else
			check_skip(out, "no %s configured: the daemon does not use TLS", key);
		return;
	}
	if (f->state == HOST_FILE_ABSENT) {
		check_skip(out, "%s %s (from %s) does not exist on this host", key, f->path,
			   f->origin ? f->origin : "the configuration");
		return;
	}
	judge_emit(j, f, 0, out);
}

/* Not a socket: regular files and directories at a socket's path. */
static int not_socket(const struct host_file *f)
{
	return f->state == HOST_FILE_PRESENT && (f->type == FILE_REG || f->type == FILE_DIR);
}

static void judge_socket(const struct judge *j, const struct host_file *f, struct findings *out)
{
	if (not_socket(f)) {
		check_skip(out, "%s is not a socket", f->path);
		return;
	}
	judge_one(j, f, out);
}

/* The daemon's unix sockets (from "hosts", else the default). */
static void judge_sockets(const struct judge *j, const struct host_facts *h, struct findings *out)
{
	const struct host_file **v = xcalloc(h->docker_sockets.n + 1, sizeof(*v));
	size_t n = 0;

	if (h->config_error && !host_dockerd_option(h, "hosts", NULL, NULL)) {
		check_error(out, "daemon sockets unknown: %s", h->config_error);
		free(v);
		return;
	}
	for (size_t i = 0; i < h->docker_sockets.n; i++)
		if (!not_socket(&h->docker_sockets.v[i]))
			v[n++] = &h->docker_sockets.v[i];
	judge_files(j, v, n, "Docker socket", out);
	free(v);
}

static void check_docker_service_ownership(const struct facts *facts, const struct target *t,
					   struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_unit(&j, &facts->host->files[HF_DOCKER_SERVICE], &facts->host->service_dropins, out);
}

static void check_docker_service_permissions(const struct facts *facts, const struct target *t,
					     struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0644 };

	(void)t;
	judge_unit(&j, &facts->host->files[HF_DOCKER_SERVICE], &facts->host->service_dropins, out);
}

static void check_docker_socket_unit_ownership(const struct facts *facts, const struct target *t,
					       struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_unit(&j, &facts->host->files[HF_DOCKER_SOCKET_UNIT], &facts->host->socket_dropins,
		   out);
}

static void check_docker_socket_unit_permissions(const struct facts *facts, const struct target *t,
						 struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0644 };

	(void)t;
	judge_unit(&j, &facts->host->files[HF_DOCKER_SOCKET_UNIT], &facts->host->socket_dropins,
		   out);
}

static void check_etc_docker_ownership(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_one(&j, &facts->host->files[HF_ETC_DOCKER], out);
}

static void check_etc_docker_permissions(const struct facts *facts, const struct target *t,
					 struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0755 };

	(void)t;
	judge_one(&j, &facts->host->files[HF_ETC_DOCKER], out);
}

static void check_registry_cert_ownership(const struct facts *facts, const struct target *t,
					  struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_list(&j, &facts->host->registry_certs, "registry certificate", out);
}

static void check_registry_cert_permissions(const struct facts *facts, const struct target *t,
					    struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0444 };

	(void)t;
	judge_list(&j, &facts->host->registry_certs, "registry certificate", out);
}

static void check_tls_ca_ownership(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_tls(&j, facts->host, HF_TLSCACERT, out);
}

static void check_tls_ca_permissions(const struct facts *facts, const struct target *t,
				     struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0444 };

	(void)t;
	judge_tls(&j, facts->host, HF_TLSCACERT, out);
}

static void check_tls_cert_ownership(const struct facts *facts, const struct target *t,
				     struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_tls(&j, facts->host, HF_TLSCERT, out);
}

static void check_tls_cert_permissions(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0444 };

	(void)t;
	judge_tls(&j, facts->host, HF_TLSCERT, out);
}

static void check_tls_key_ownership(const struct facts *facts, const struct target *t,
				    struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_tls(&j, facts->host, HF_TLSKEY, out);
}

static void check_tls_key_permissions(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0400 };

	(void)t;
	judge_tls(&j, facts->host, HF_TLSKEY, out);
}

static void check_docker_sock_ownership(const struct facts *facts, const struct target *t,
					struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "docker", 0 };

	(void)t;
	judge_sockets(&j, facts->host, out);
}

static void check_docker_sock_permissions(const struct facts *facts, const struct target *t,
					  struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0660 };

	(void)t;
	judge_sockets(&j, facts->host, out);
}

static void check_daemon_json_ownership(const struct facts *facts, const struct target *t,
					struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_one(&j, &facts->host->files[HF_DAEMON_JSON], out);
}

static void check_daemon_json_permissions(const struct facts *facts, const struct target *t,
					  struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0644 };

	(void)t;
	judge_one(&j, &facts->host->files[HF_DAEMON_JSON], out);
}

static void check_etc_default_docker_ownership(const struct facts *facts, const struct target *t,
					       struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_one(&j, &facts->host->files[HF_ETC_DEFAULT_DOCKER], out);
}

static void check_etc_default_docker_permissions(const struct facts *facts, const struct target *t,
						 struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0644 };

	(void)t;
	judge_one(&j, &facts->host->files[HF_ETC_DEFAULT_DOCKER], out);
}

static void check_etc_sysconfig_docker_permissions(const struct facts *facts,
						   const struct target *t, struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0644 };

	(void)t;
	judge_one(&j, &facts->host->files[HF_ETC_SYSCONFIG_DOCKER], out);
}

static void check_etc_sysconfig_docker_ownership(const struct facts *facts, const struct target *t,
						 struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_one(&j, &facts->host->files[HF_ETC_SYSCONFIG_DOCKER], out);
}

static void check_containerd_sock_ownership(const struct facts *facts, const struct target *t,
					    struct findings *out)
{
	static const struct judge j = { JUDGE_OWNER, "root", "root", 0 };

	(void)t;
	judge_socket(&j, &facts->host->files[HF_CONTAINERD_SOCK], out);
}

static void check_containerd_sock_permissions(const struct facts *facts, const struct target *t,
					      struct findings *out)
{
	static const struct judge j = { JUDGE_MODE, NULL, NULL, 0660 };

	(void)t;
	judge_socket(&j, &facts->host->files[HF_CONTAINERD_SOCK], out);
}
