/*
 * t_host_checks.c - the host audit on fake host roots: source_host_read()
 * over trees built by tests/fakehost/mkhost.sh, dockerd's effective options
 * with provenance and conflicts, and every row of CIS sections 1 and 3
 * passing and failing (or skipping). No root needed; as root, the
 * permission-denied case runs in a child that drops to nobody.
 */
#include "test.h"
#include "check.h"
#include "facts_host.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Statuses seen per row over the whole run, to prove every row's coverage. */
struct seen_row {
	const char *id;
	unsigned statuses; /* 1 << enum status */
};
static struct seen_row seen[64];
static size_t nseen;

static void note_seen(const struct trun *t)
{
	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];
		size_t j;

		for (j = 0; j < nseen; j++)
			if (!strcmp(seen[j].id, f->check->id))
				break;
		if (j == nseen) {
			if (nseen == ARRAY_SIZE(seen))
				continue;
			seen[nseen++].id = f->check->id;
		}
		seen[j].statuses |= 1u << f->status;
	}
}

/* Run a shell command; CHECK it succeeds. */
static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	CHECK(rc == 0);
}

static void mk_socket(const char *root, const char *path, unsigned mode)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s%s", root, path);
	unlink(sa.sun_path);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	close(fd);
	CHECK(chmod(sa.sun_path, mode) == 0);
}

static void host_rm(char *dir);
static char *template_root; /* the default host, built once and copied */

static char *tmp_dir(void)
{
	char *dir = xstrdup("/tmp/dg-host.XXXXXX");

	if (!mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	chmod(dir, 0755);
	return dir;
}

/* A fresh fake host root built with mkhost.sh OPTS. Free with host_rm(). */
static char *host_make(const char *opts)
{
	char *dir = tmp_dir();

	if (opts) {
		sh("sh tests/fakehost/mkhost.sh --no-sockets %s %s", opts, dir);
	} else {
		if (!template_root) {
			template_root = tmp_dir();
			sh("sh tests/fakehost/mkhost.sh --no-sockets %s", template_root);
		}
		sh("cp -a %s/. %s/", template_root, dir);
	}
	mk_socket(dir, "/run/docker.sock", 0660);
	mk_socket(dir, "/run/containerd/containerd.sock", 0660);
	return dir;
}

static void host_rm(char *dir)
{
	sh("chmod -R u+rwX %s && rm -rf %s", dir, dir);
	free(dir);
}

static void put(const char *root, const char *path, const char *content, unsigned mode)
{
	char *p = xstrfmt("%s%s", root, path);
	FILE *fp;

	unlink(p); /* the file may be read-only to a non-root runner */
	fp = fopen(p, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs(content, fp);
		fclose(fp);
	}
	CHECK(chmod(p, mode) == 0);
	free(p);
}

static void mode(const char *root, const char *path, unsigned m)
{
	char *p = xstrfmt("%s%s", root, path);

	CHECK(chmod(p, m) == 0);
	free(p);
}

static void rm(const char *root, const char *path)
{
	sh("rm -rf '%s%s'", root, path);
}

/* dockerd's command line under proc/<pid>/cmdline (words separated by spaces). */
static void cmdline(const char *root, long pid, const char *words)
{
	char *dir = xstrfmt("%s/proc/%ld", root, pid);
	char *p = xstrfmt("%s/cmdline", dir);
	FILE *fp;

	sh("mkdir -p %s", dir);
	unlink(p);
	fp = fopen(p, "w");
	CHECK(fp != NULL);
	if (fp) {
		for (const char *w = words; *w; w++)
			fputc(*w == ' ' ? '\0' : *w, fp);
		fputc('\0', fp);
		fclose(fp);
	}
	free(p);
	free(dir);
}

static struct host_facts *host_read(const char *root, const struct host_options *o)
{
	struct host_facts *h = NULL;
	struct errbuf err;

	err.msg[0] = '\0';
	if (source_host_read(&h, root, o, &err) < 0)
		fprintf(stderr, "source_host_read: %s\n", err.msg);
	CHECK(h != NULL);
	return h;
}

/* Run the checks matching pattern on host facts h (the run takes h). */
static void trun_host(struct trun *t, struct host_facts *h, const char *pattern)
{
	trun_init(t);
	t->run.facts.host = h;
	run_add_target(&t->run, TARGET_HOST, "host", NULL, NULL);
	trun_exec(t, pattern);
	note_seen(t);
}

/* The row's overall status: error > fail > manual > skip > pass. */
static int row(const struct trun *t, const char *id)
{
	static const enum status order[] = { STATUS_ERROR, STATUS_FAIL, STATUS_MANUAL, STATUS_SKIP,
					     STATUS_PASS };

	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (trun_count(t, id, order[i]))
			return (int)order[i];
	return -1;
}

/* Message of the first finding of a row with this status. */
static const char *row_msg(const struct trun *t, const char *id, enum status st)
{
	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];

		if (!strcmp(f->check->id, id) && f->status == st)
			return f->message;
	}
	return "";
}

#define CHECK_ROW(t, id, st) \
	do { \
		int got_ = row((t), (id)); \
		if (got_ != (int)(st)) { \
			test_failed++; \
			fprintf(stderr, "FAIL %s:%d [%s]: %s is %s, expected %s (%s)\n", __FILE__, \
				__LINE__, test_current, (id), \
				got_ < 0 ? "absent" : status_name((enum status)got_), \
				status_name(st), \
				row_msg((t), (id), (enum status)(got_ < 0 ? 0 : got_))); \
		} \
	} while (0)

static const char *const section1_auto[] = {
	"CIS-1.1.1",  "CIS-1.1.3",  "CIS-1.1.4",  "CIS-1.1.5",	"CIS-1.1.6",  "CIS-1.1.7",
	"CIS-1.1.8",  "CIS-1.1.9",  "CIS-1.1.10", "CIS-1.1.11", "CIS-1.1.12", "CIS-1.1.13",
	"CIS-1.1.14", "CIS-1.1.15", "CIS-1.1.16", "CIS-1.1.17", "CIS-1.1.18",
};

static const char *const ownership_rows[] = {
	"CIS-3.1",  "CIS-3.3",	"CIS-3.5",  "CIS-3.7",	"CIS-3.9",  "CIS-3.11",
	"CIS-3.13", "CIS-3.17", "CIS-3.19", "CIS-3.22", "CIS-3.23",
};

static const char *const mode_rows[] = {
	"CIS-3.2",  "CIS-3.4",	"CIS-3.6",  "CIS-3.8",	"CIS-3.10", "CIS-3.12",
	"CIS-3.14", "CIS-3.16", "CIS-3.18", "CIS-3.20", "CIS-3.21", "CIS-3.24",
};

TEST(compliant_host_passes)
{
	char *root = host_make(NULL);
	struct trun t;

	trun_host(&t, host_read(root, NULL), "CIS-1.*");
	for (size_t i = 0; i < ARRAY_SIZE(section1_auto); i++)
		CHECK_ROW(&t, section1_auto[i], STATUS_PASS);
	CHECK_ROW(&t, "CIS-1.1.2", STATUS_PASS);
	CHECK_ROW(&t, "CIS-1.2.1", STATUS_MANUAL);
	CHECK_ROW(&t, "CIS-1.2.2", STATUS_MANUAL);
	CHECK_INT(t.run.exit_code, EXIT_PASS);
	trun_release(&t);

	trun_host(&t, host_read(root, NULL), "CIS-3.*");
	for (size_t i = 0; i < ARRAY_SIZE(ownership_rows); i++)
		CHECK_ROW(&t, ownership_rows[i], STATUS_PASS);
	for (size_t i = 0; i < ARRAY_SIZE(mode_rows); i++)
		CHECK_ROW(&t, mode_rows[i], STATUS_PASS);
	/* The socket's group is the invoking user's, named "root" here. */
	CHECK_ROW(&t, "CIS-3.15", STATUS_FAIL);
	CHECK(strstr(row_msg(&t, "CIS-3.15", STATUS_FAIL), ", expected root:docker") != NULL);
	trun_release(&t);
	host_rm(root);
}

TEST(docker_socket_group_docker)
{
	/* The invoking gid is "docker": 3.15 passes, root:root rows fail. */
	char *root = host_make("--group docker");
	struct trun t;

	trun_host(&t, host_read(root, NULL), "CIS-3.*");
	CHECK_ROW(&t, "CIS-3.15", STATUS_PASS);
	CHECK_ROW(&t, "CIS-3.23", STATUS_FAIL);
	CHECK(trun_has(&t, "CIS-3.23", "/run/containerd/containerd.sock"));
	CHECK_ROW(&t, "CIS-3.17", STATUS_FAIL);
	CHECK_STR(row_msg(&t, "CIS-3.17", STATUS_FAIL),
		  "/etc/docker/daemon.json is 0644 root:docker, expected root:root");
	trun_release(&t);
	host_rm(root);
}

TEST(wrong_owner_fails_every_ownership_row)
{
	char *root = host_make("--owner alice --group alice");
	struct trun t;

	trun_host(&t, host_read(root, NULL), "CIS-3.*");
	for (size_t i = 0; i < ARRAY_SIZE(ownership_rows); i++)
		CHECK_ROW(&t, ownership_rows[i], STATUS_FAIL);
	CHECK_ROW(&t, "CIS-3.15", STATUS_FAIL);
	for (size_t i = 0; i < ARRAY_SIZE(mode_rows); i++)
		CHECK_ROW(&t, mode_rows[i], STATUS_PASS);
	CHECK(trun_has(&t, "CIS-3.1", "/lib/systemd/system/docker.service"));
	CHECK(trun_has(&t, "CIS-3.1", "/etc/systemd/system/docker.service.d/override.conf"));
	CHECK(trun_has(&t, "CIS-3.7", "/etc/docker/certs.d/registry.example:5000/ca.crt"));
	CHECK(trun_has(&t, "CIS-3.13", "/etc/docker/tls/server-key.pem"));
	CHECK(trun_has(&t, "CIS-3.15",
		       "/run/docker.sock")); /* docker.socket's ListenStream for -H fd:// */
	CHECK_INT(t.run.exit_code, EXIT_GATE);
	trun_release(&t);
	host_rm(root);
}

TEST(loose_modes_fail_every_permission_row)
{
	char *root = host_make(NULL);
	struct trun t;

	mode(root, "/lib/systemd/system/docker.service", 0664);
	mode(root, "/lib/systemd/system/docker.socket", 0646);
	mode(root, "/etc/docker", 0775);
	mode(root, "/etc/docker/certs.d/registry.example:5000/ca.crt", 0644);
	mode(root, "/etc/docker/tls/ca.pem", 0644);
	mode(root, "/etc/docker/tls/server.pem", 0664);
	mode(root, "/etc/docker/tls/server-key.pem", 0440);
	mode(root, "/run/docker.sock", 0666);
	/* 0622 passes docker-bench-security's decimal "<= 644" but is group and world writable. */
	mode(root, "/etc/docker/daemon.json", 0622);
	mode(root, "/etc/default/docker", 0177); /* 177 <= 644 as decimals */
	mode(root, "/etc/sysconfig/docker", 0645);
	mode(root, "/run/containerd/containerd.sock", 0777);
	trun_host(&t, host_read(root, NULL), "CIS-3.*");
	for (size_t i = 0; i < ARRAY_SIZE(mode_rows); i++)
		CHECK_ROW(&t, mode_rows[i], STATUS_FAIL);
	for (size_t i = 0; i < ARRAY_SIZE(ownership_rows); i++)
		CHECK_ROW(&t, ownership_rows[i], STATUS_PASS);
	CHECK_STR(row_msg(&t, "CIS-3.18", STATUS_FAIL),
		  "/etc/docker/daemon.json is 0622 root:root, expected 0644 or stricter");
	CHECK_STR(row_msg(&t, "CIS-3.16", STATUS_FAIL),
		  "/run/docker.sock is 0666 root:root, expected 0660 or stricter");
	CHECK_STR(row_msg(&t, "CIS-3.20", STATUS_FAIL),
		  "/etc/default/docker is 0177 root:root, expected 0644 or stricter");
	CHECK_STR(row_msg(&t, "CIS-3.14", STATUS_FAIL),
		  "/etc/docker/tls/server-key.pem is 0440 root:root, expected 0400 or stricter");
	trun_release(&t);
	host_rm(root);
}

TEST(stricter_modes_pass)
{
	char *root = host_make(NULL);
	struct trun t;

	mode(root, "/etc/docker/daemon.json", 0600);
	mode(root, "/etc/docker", 0700);
	mode(root, "/etc/docker/tls/server-key.pem", 0000);
	mode(root, "/run/docker.sock", 0600);
	trun_host(&t, host_read(root, NULL), "CIS-3.*");
	CHECK_ROW(&t, "CIS-3.18", STATUS_PASS);
	CHECK_ROW(&t, "CIS-3.6", STATUS_PASS);
	CHECK_ROW(&t, "CIS-3.14", STATUS_PASS);
	CHECK_ROW(&t, "CIS-3.16", STATUS_PASS);
	trun_release(&t);
	host_rm(root);
}

TEST(dropin_and_nested_certificate)
{
	char *root = host_make(NULL);
	struct trun t;

	mode(root, "/etc/systemd/system/docker.service.d/override.conf", 0666);
	sh("mkdir -p %s/etc/docker/certs.d/a/b && printf x > %s/etc/docker/certs.d/a/b/client.crt && chmod 0644 %s/etc/docker/certs.d/a/b/client.crt",
	   root, root, root);
	trun_host(&t, host_read(root, NULL), "CIS-3.*");
	CHECK_ROW(&t, "CIS-3.2", STATUS_FAIL);
	CHECK(trun_has(&t, "CIS-3.2", "/etc/systemd/system/docker.service.d/override.conf"));
	CHECK(!trun_has(&t, "CIS-3.2", "/lib/systemd/system/docker.service"));
	CHECK_ROW(&t, "CIS-3.8", STATUS_FAIL);
	CHECK(trun_has(&t, "CIS-3.8", "/etc/docker/certs.d/a/b/client.crt"));
	CHECK(!trun_has(&t, "CIS-3.8", "/etc/docker/certs.d/registry.example:5000/ca.crt"));
	trun_release(&t);
	host_rm(root);
}

TEST(absent_files_skip)
{
	char *root = host_make(NULL);
	struct trun t;

	rm(root, "/etc/sysconfig");
	rm(root, "/etc/default/docker");
	rm(root, "/etc/docker/certs.d");
	rm(root, "/lib/systemd/system/docker.socket");
	rm(root, "/lib/systemd/system/docker.service");
	rm(root, "/etc/systemd/system/docker.service.d");
	rm(root, "/run/containerd");
	rm(root, "/run/docker.sock");
	rm(root, "/etc/containerd");
	rm(root, "/var/lib/docker");
	rm(root, "/usr/bin");
	rm(root, "/etc/docker");
	trun_host(&t, host_read(root, NULL), "CIS-*");
	for (size_t i = 0; i < ARRAY_SIZE(section1_auto); i++)
		CHECK_ROW(&t, section1_auto[i], STATUS_SKIP);
	for (size_t i = 0; i < ARRAY_SIZE(ownership_rows); i++)
		CHECK_ROW(&t, ownership_rows[i], STATUS_SKIP);
	for (size_t i = 0; i < ARRAY_SIZE(mode_rows); i++)
		CHECK_ROW(&t, mode_rows[i], STATUS_SKIP);
	CHECK_ROW(&t, "CIS-3.15", STATUS_SKIP);
	CHECK_STR(row_msg(&t, "CIS-3.21", STATUS_SKIP),
		  "/etc/sysconfig/docker does not exist on this host");
	CHECK_STR(row_msg(&t, "CIS-3.9", STATUS_SKIP),
		  "no tlscacert configured: the daemon does not use TLS");
	CHECK_INT(t.run.exit_code, EXIT_PASS);
	trun_release(&t);
	host_rm(root);
}

TEST(no_audit_rules_fail)
{
	char *root = host_make(NULL);
	struct trun t;

	rm(root, "/etc/audit");
	trun_host(&t, host_read(root, NULL), "CIS-1.1.*");
	for (size_t i = 1; i < ARRAY_SIZE(section1_auto); i++) {
		CHECK_ROW(&t, section1_auto[i], STATUS_FAIL);
		CHECK(strstr(row_msg(&t, section1_auto[i], STATUS_FAIL),
			     "auditing is not configured") != NULL);
	}
	CHECK_ROW(&t, "CIS-1.1.1", STATUS_PASS);
	trun_release(&t);
	host_rm(root);
}

TEST(audit_rules_matched_as_paths)
{
	char *root = host_make(NULL);
	struct trun t;
	struct host_facts *h;

	/*
	 * A rule on daemon.json does not audit /etc/docker (docker-bench-security's
	 * substring match says it does); a directory watch covers the files in it.
	 */
	put(root, "/etc/audit/audit.rules",
	    "-w /etc/docker/daemon.json -k docker\n"
	    "-w /etc/default -k docker\n-w /usr/bin/containerd-shim-runc-v2 -k docker\n"
	    "-a always,exit -F dir=/var/lib/docker/ -k docker\n"
	    "-w /lib/systemd/system/docker.service\n-W /lib/systemd/system/docker.service\n"
	    "# -w /usr/bin/runc\n",
	    0640);
	rm(root, "/etc/audit/rules.d");
	h = host_read(root, NULL);
	CHECK(host_audit_find(h, "/etc/default/docker") != NULL);
	CHECK(host_audit_find(h, "/etc/docker") == NULL);
	trun_host(&t, h, "CIS-1.1.*");
	CHECK_ROW(&t, "CIS-1.1.6", STATUS_FAIL);
	CHECK_ROW(&t, "CIS-1.1.11", STATUS_PASS);
	CHECK_ROW(&t, "CIS-1.1.10", STATUS_PASS);
	CHECK(strstr(row_msg(&t, "CIS-1.1.10", STATUS_PASS), "directory rule on /etc/default") !=
	      NULL);
	CHECK_ROW(&t, "CIS-1.1.5", STATUS_PASS);
	/* The containerd-shim-runc-v2 rule does not audit containerd-shim or containerd. */
	CHECK_ROW(&t, "CIS-1.1.17", STATUS_PASS);
	CHECK_ROW(&t, "CIS-1.1.15", STATUS_FAIL);
	CHECK_ROW(&t, "CIS-1.1.14", STATUS_FAIL);
	CHECK_ROW(&t, "CIS-1.1.7", STATUS_FAIL);
	CHECK_ROW(&t, "CIS-1.1.18", STATUS_FAIL);
	CHECK(trun_has(&t, "CIS-1.1.18", "/usr/bin/runc"));
	trun_release(&t);
	host_rm(root);
}

TEST(containerd_sock_row_uses_unit_or_socket)
{
	char *root = host_make(NULL);
	struct trun t;

	sh("mkdir -p %s/usr/lib/systemd/system", root);
	put(root, "/usr/lib/systemd/system/containerd.socket", "[Socket]\n", 0644);
	trun_host(&t, host_read(root, NULL), "CIS-1.1.8");
	CHECK_ROW(&t, "CIS-1.1.8", STATUS_FAIL);
	CHECK(trun_has(&t, "CIS-1.1.8", "/usr/lib/systemd/system/containerd.socket"));
	trun_release(&t);
	host_rm(root);
}

TEST(separate_partition)
{
	char *root = host_make(NULL);
	struct trun t;

	put(root, "/proc/1/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n", 0444);
	trun_host(&t, host_read(root, NULL), "CIS-1.1.1");
	CHECK_ROW(&t, "CIS-1.1.1", STATUS_FAIL);
	CHECK(trun_has(&t, "CIS-1.1.1", "/var/lib/docker"));
	trun_release(&t);

	/* A separate /var holds the data root too (docker-bench-security #555). */
	put(root, "/proc/1/mountinfo",
	    "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
	    "30 22 8:3 / /var rw - ext4 /dev/sda3 rw\n",
	    0444);
	trun_host(&t, host_read(root, NULL), "CIS-1.1.1");
	CHECK_ROW(&t, "CIS-1.1.1", STATUS_PASS);
	CHECK(strstr(row_msg(&t, "CIS-1.1.1", STATUS_PASS), "separate mount /var") != NULL);
	trun_release(&t);

	/* The data root from the configuration, with an escaped space. */
	sh("mkdir -p '%s/mnt/with space/docker'", root);
	put(root, "/etc/docker/daemon.json", "{\"data-root\": \"/mnt/with space/docker\"}", 0644);
	put(root, "/proc/1/mountinfo",
	    "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
	    "25 22 0:22 / /mnt/with\\040space rw - tmpfs tmpfs rw\n",
	    0444);
	trun_host(&t, host_read(root, NULL), "CIS-1.1.1");
	CHECK_ROW(&t, "CIS-1.1.1", STATUS_PASS);
	trun_release(&t);

	/* dockerd's bind mount of the data root onto itself is not a partition. */
	put(root, "/etc/docker/daemon.json", "{}", 0644);
	put(root, "/proc/1/mountinfo",
	    "27 1 254:0 / / rw - ext4 /dev/vda rw\n"
	    "45 27 254:0 /var/lib/docker /var/lib/docker rw shared:1 - ext4 /dev/vda rw\n"
	    "49 45 0:40 / /var/lib/docker/overlay2/abc/merged rw - overlay overlay rw\n",
	    0444);
	trun_host(&t, host_read(root, NULL), "CIS-1.1.1");
	CHECK_ROW(&t, "CIS-1.1.1", STATUS_FAIL);
	CHECK(strstr(row_msg(&t, "CIS-1.1.1", STATUS_FAIL), "root filesystem's device 254:0") !=
	      NULL);
	trun_release(&t);

	rm(root, "/proc/1/mountinfo");
	trun_host(&t, host_read(root, NULL), "CIS-1.1.1");
	CHECK_ROW(&t, "CIS-1.1.1", STATUS_SKIP);
	trun_release(&t);
	host_rm(root);
}

TEST(docker_group_members)
{
	char *root = host_make("--docker-members alice,bob");
	struct trun t;
	struct host_facts *h;

	/* carol's primary group is docker: a member too (docker-bench-security misses her). */
	sh("echo 'carol:x:60000:54999::/home/carol:/bin/sh' >> %s/etc/passwd", root);
	h = host_read(root, NULL);
	CHECK_INT(h->docker_members.n, 3);
	trun_host(&t, h, "CIS-1.1.2");
	CHECK_ROW(&t, "CIS-1.1.2", STATUS_MANUAL);
	CHECK(strstr(row_msg(&t, "CIS-1.1.2", STATUS_MANUAL), "alice, bob, carol") != NULL);
	trun_release(&t);

	rm(root, "/etc/group");
	trun_host(&t, host_read(root, NULL), "CIS-1.1.2");
	CHECK_ROW(&t, "CIS-1.1.2", STATUS_SKIP);
	trun_release(&t);
	host_rm(root);
}

/* CIS 1.2.2 at a fixed date with a given engine version. */
static int version_row(const char *version, const char *epoch)
{
	struct host_facts *h = xcalloc(1, sizeof(*h));
	struct trun t;
	int st;

	setenv("SOURCE_DATE_EPOCH", epoch, 1);
	host_facts_set_version(h, version);
	trun_host(&t, h, "CIS-1.2.2");
	st = row(&t, "CIS-1.2.2");
	trun_release(&t);
	unsetenv("SOURCE_DATE_EPOCH");
	return st;
}

TEST(docker_version_current)
{
	/* 2025-10-20 */
	CHECK_INT(version_row("28.5.1", "1760918400"), STATUS_PASS);
	CHECK_INT(version_row("28.4.0", "1760918400"), STATUS_PASS); /* 28.5 is 18 days old */
	CHECK_INT(version_row("27.5.1", "1760918400"), STATUS_FAIL);
	CHECK_INT(version_row("20.10.24+dfsg1", "1760918400"), STATUS_FAIL);
	CHECK_INT(version_row("99.0.0", "1760918400"), STATUS_MANUAL);
	CHECK_INT(version_row("garbage", "1760918400"), STATUS_MANUAL);
	CHECK_INT(version_row(NULL, "1760918400"), STATUS_MANUAL);
	/* 2027-01-01: the table is too old to call the newest line current. */
	CHECK_INT(version_row("28.5.1", "1798761600"), STATUS_MANUAL);
}

TEST(dockerd_options_provenance)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	const char *v, *s;

	put(root, "/etc/docker/daemon.json",
	    "{\"log-driver\": \"journald\", \"userns-remap\": \"\", \"default-ulimits\": "
	    "{\"nofile\": {\"Name\": \"nofile\", \"Hard\": 64000, \"Soft\": 32000}}, "
	    "\"authorization-plugins\": [], \"log-opts\": {\"max-size\": \"10m\"}, "
	    "\"registry-mirrors\": [\"https://m1\", \"\", \"https://m2\"], \"max-concurrent-downloads\": 3}",
	    0644);
	cmdline(root, 812,
		"/usr/bin/dockerd --icc=false -H fd:// --host=tcp://0.0.0.0:2376 "
		"--insecure-registry r1:5000 --insecure-registry=r2:5000 --live-restore "
		"--userland-proxy=false -l debug -D --storage-driver overlay2 --seccomp-profile "
		"/etc/docker/seccomp.json --experimental --no-new-privileges --tlsverify "
		"--cgroup-parent=/docker --iptables=false --authorization-plugin=authz");
	h = host_read(root, NULL);
	CHECK_INT(h->dockerd_pid, 812);
	CHECK(host_dockerd_option(h, "icc", &v, &s) == 1);
	CHECK_STR(v, "false");
	CHECK_STR(s, "dockerd --icc=false");
	CHECK(host_dockerd_option(h, "hosts", &v, &s));
	CHECK_STR(v, "fd://,tcp://0.0.0.0:2376");
	CHECK_STR(s, "dockerd -H fd:// --host=tcp://0.0.0.0:2376");
	CHECK(host_dockerd_option(h, "insecure-registries", &v, &s));
	CHECK_STR(v, "r1:5000,r2:5000");
	CHECK_STR(s, "dockerd --insecure-registry r1:5000 --insecure-registry=r2:5000");
	CHECK(host_dockerd_option(h, "live-restore", &v, &s));
	CHECK_STR(v, "true");
	CHECK(host_dockerd_option(h, "userland-proxy", &v, NULL));
	CHECK_STR(v, "false");
	CHECK(host_dockerd_option(h, "log-level", &v, &s));
	CHECK_STR(v, "debug");
	CHECK_STR(s, "dockerd -l debug");
	CHECK(host_dockerd_bool(h, "debug", 0) == 1);
	CHECK(host_dockerd_option(h, "storage-driver", &v, NULL));
	CHECK_STR(v, "overlay2");
	CHECK(host_dockerd_option(h, "seccomp-profile", &v, NULL));
	CHECK_STR(v, "/etc/docker/seccomp.json");
	CHECK(host_dockerd_bool(h, "experimental", 0) == 1);
	CHECK(host_dockerd_bool(h, "no-new-privileges", 0) == 1);
	CHECK(host_dockerd_bool(h, "tlsverify", 0) == 1);
	CHECK(host_dockerd_bool(h, "iptables", 1) == 0);
	CHECK(host_dockerd_option(h, "cgroup-parent", &v, NULL));
	CHECK_STR(v, "/docker");
	CHECK(host_dockerd_option(h, "authorization-plugins", &v, &s));
	CHECK_STR(v, "authz");
	CHECK_STR(h->files[HF_CONTAINERD_SOCK].path, "/run/containerd/containerd.sock");
	/* from daemon.json */
	CHECK(host_dockerd_option(h, "log-driver", &v, &s));
	CHECK_STR(v, "journald");
	CHECK_STR(s, "daemon.json: \"log-driver\": \"journald\"");
	CHECK(host_dockerd_option(h, "default-ulimits", &v, NULL));
	CHECK_STR(v, "nofile=32000:64000");
	CHECK(host_dockerd_option(h, "log-opts", &v, NULL));
	CHECK_STR(v, "max-size=10m");
	CHECK(host_dockerd_option(h, "registry-mirrors", &v, &s));
	CHECK_STR(v, "https://m1,https://m2");
	CHECK_STR(s, "daemon.json: \"registry-mirrors\": [\"https://m1\",\"\",\"https://m2\"]");
	CHECK(host_dockerd_option(h, "max-concurrent-downloads", &v, NULL));
	CHECK_STR(v, "3");
	/* empty values are unset, as dockerd treats them */
	CHECK(host_dockerd_option(h, "userns-remap", &v, &s) == 0);
	CHECK(v == NULL && s == NULL);
	/* an empty [] in daemon.json is unset: no conflict with --authorization-plugin */
	CHECK(host_dockerd_conflict(h, "authorization-plugins") == NULL);
	CHECK(host_dockerd_option(NULL, "icc", &v, &s) == 0);
	CHECK(host_dockerd_conflict(h, "icc") == NULL);
	CHECK(host_dockerd_config_error(h) == NULL);
	host_facts_free(h);
	host_rm(root);
}

TEST(secrets_never_in_options)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	const char *v, *s;

	put(root, "/etc/docker/daemon.json",
	    "{\"log-opts\": {\"splunk-token\": \"s3cr3t-json\", "
	    "\"splunk-url\": \"https://splunk:8088\"}, \"x-api-token\": \"t0p\"}",
	    0644);
	cmdline(root, 812, "/usr/bin/dockerd --storage-opt=secret-key=cli-s3cr3t --label a=b");
	h = host_read(root, NULL);
	CHECK(host_dockerd_option(h, "log-opts", &v, &s));
	CHECK_STR(v, "splunk-token=<redacted>,splunk-url=https://splunk:8088");
	CHECK(s && !strstr(s, "s3cr3t"));
	CHECK(host_dockerd_option(h, "x-api-token", &v, &s));
	CHECK_STR(v, "<redacted>");
	CHECK(s && !strstr(s, "t0p"));
	CHECK(host_dockerd_option(h, "storage-opts", &v, &s));
	CHECK_STR(v, "secret-key=<redacted>");
	CHECK_STR(s, "dockerd --storage-opt=secret-key=<redacted>");
	CHECK(host_dockerd_option(h, "labels", &v, &s));
	CHECK_STR(v, "a=b");
	host_facts_free(h);
	host_rm(root);
}

TEST(dockerd_flag_conflicts_with_daemon_json)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	const char *v, *s;

	put(root, "/etc/docker/daemon.json", "{\"icc\": true, \"hosts\": [\"unix:///run/x.sock\"]}",
	    0644);
	cmdline(root, 812, "/usr/bin/dockerd --icc=false -H fd://");
	h = host_read(root, NULL);
	CHECK(host_dockerd_option(h, "icc", &v, &s));
	CHECK_STR(v, "false");
	CHECK_STR(s, "dockerd --icc=false");
	CHECK(host_dockerd_conflict(h, "icc") != NULL);
	{
		static const char want[] =
			"dockerd --icc=false conflicts with daemon.json: \"icc\": true";
		const char *c = host_dockerd_conflict(h, "icc");

		CHECK(c && !strncmp(c, want, sizeof(want) - 1));
	}
	CHECK(host_dockerd_conflict(h, "hosts") != NULL);
	CHECK(host_dockerd_conflict(h, "live-restore") == NULL);
	host_facts_free(h);
	host_rm(root);
}

TEST(config_file_flag_names_daemon_json)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	struct trun t;
	const char *v, *s;

	sh("mkdir -p %s/srv/docker", root);
	put(root, "/srv/docker/daemon.json",
	    "{\n  \"icc\": true,\n  \"live-restore\": false,\n  \"userland-proxy\": true\n}\n",
	    0666);
	cmdline(root, 812,
		"/usr/bin/dockerd --config-file /srv/docker/daemon.json -H unix:///run/docker.sock");
	h = host_read(root, NULL);
	CHECK_STR(h->config_path, "/srv/docker/daemon.json");
	CHECK(host_dockerd_option(h, "icc", &v, &s));
	CHECK_STR(v, "true");
	CHECK_STR(s, "daemon.json (/srv/docker/daemon.json): \"icc\": true");
	CHECK(!strncmp(s, "daemon.json", 11));
	CHECK(host_dockerd_option(h, "live-restore", &v, &s));
	CHECK_STR(v, "false");
	CHECK(!strncmp(s, "daemon.json", 11));
	CHECK(host_dockerd_option(h, "userland-proxy", &v, &s));
	CHECK_STR(v, "true");
	CHECK(!strncmp(s, "daemon.json", 11));
	CHECK(!host_dockerd_option(h, "userns-remap", &v, &s));
	CHECK(host_dockerd_option(h, "hosts", &v, &s));
	CHECK_STR(s, "dockerd -H unix:///run/docker.sock");
	/* 3.17/3.18 judge the file dockerd uses, not /etc/docker/daemon.json */
	trun_host(&t, h, "CIS-3.1[78]");
	CHECK_ROW(&t, "CIS-3.18", STATUS_FAIL);
	CHECK(trun_has(&t, "CIS-3.18", "/srv/docker/daemon.json"));
	CHECK_ROW(&t, "CIS-3.17", STATUS_PASS);
	trun_release(&t);
	host_rm(root);
}

TEST(malformed_daemon_json_errors)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	struct trun t;

	put(root, "/etc/docker/daemon.json", "{\n  \"icc\": false,\n  \"tlsverify\": tru\n}\n",
	    0644);
	cmdline(root, 812, "/usr/bin/dockerd");
	h = host_read(root, NULL);
	CHECK(host_dockerd_config_error(h) != NULL);
	CHECK(host_dockerd_config_error(h) &&
	      strstr(host_dockerd_config_error(h), "/etc/docker/daemon.json:3:"));
	trun_host(&t, h, "CIS-*");
	CHECK_ROW(&t, "CIS-3.9", STATUS_ERROR);
	CHECK_ROW(&t, "CIS-3.14", STATUS_ERROR);
	CHECK_ROW(&t, "CIS-3.15", STATUS_ERROR);
	CHECK_ROW(&t, "CIS-1.1.1", STATUS_ERROR);
	CHECK(strstr(row_msg(&t, "CIS-3.9", STATUS_ERROR), "daemon.json:3:") != NULL);
	/* rows that only stat the file still work */
	CHECK_ROW(&t, "CIS-3.18", STATUS_PASS);
	CHECK_ROW(&t, "CIS-1.1.11", STATUS_PASS);
	CHECK_INT(t.run.exit_code, EXIT_INCOMPLETE);
	trun_release(&t);

	put(root, "/etc/docker/daemon.json", "[1, 2]", 0644);
	h = host_read(root, NULL);
	CHECK(host_dockerd_config_error(h) != NULL);
	host_facts_free(h);
	host_rm(root);
}

TEST(tls_defaults_with_tlsverify)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	struct trun t;

	put(root, "/etc/docker/daemon.json", "{}", 0644);
	cmdline(root, 812, "/usr/bin/dockerd --tlsverify -H tcp://0.0.0.0:2376");
	sh("mkdir -p %s/root/.docker && printf k > %s/root/.docker/key.pem && chmod 0644 %s/root/.docker/key.pem",
	   root, root, root);
	h = host_read(root, NULL);
	CHECK_STR(h->files[HF_TLSKEY].path, "/root/.docker/key.pem");
	trun_host(&t, h, "CIS-3.1[0-4]");
	CHECK_ROW(&t, "CIS-3.14", STATUS_FAIL);
	CHECK_ROW(&t, "CIS-3.10", STATUS_SKIP); /* /root/.docker/ca.pem absent */
	trun_release(&t);
	host_rm(root);
}

TEST(symlinks_stay_inside_root)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	char *p = xstrfmt("%s/etc/default/docker", root);

	/* Up and out, then absolute: both resolve inside the fake root. */
	unlink(p);
	CHECK(symlink("../../../../../../../../etc/hostname", p) == 0);
	free(p);
	p = xstrfmt("%s/etc/sysconfig/docker", root);
	unlink(p);
	CHECK(symlink("/etc/docker/daemon.json", p) == 0);
	free(p);
	p = xstrfmt("%s/etc/containerd/config.toml", root);
	CHECK(unlink(p) == 0);
	CHECK(symlink("config.toml", p) == 0); /* a loop */
	free(p);
	cmdline(root, 812, "/usr/bin/dockerd -H unix:///var/run/docker.sock");
	h = host_read(root, NULL);
	CHECK_INT(h->files[HF_ETC_DEFAULT_DOCKER].state, HOST_FILE_ABSENT);
	CHECK_INT(h->files[HF_ETC_SYSCONFIG_DOCKER].state, HOST_FILE_PRESENT);
	CHECK_STR(h->files[HF_ETC_SYSCONFIG_DOCKER].link, "/etc/docker/daemon.json");
	CHECK_INT(h->files[HF_CONTAINERD_CONFIG].state, HOST_FILE_ERROR);
	CHECK_STR(h->docker_sockets.v[0].path, "/var/run/docker.sock");
	CHECK_STR(h->docker_sockets.v[0].link, "/run/docker.sock");
	host_facts_free(h);
	host_rm(root);
}

TEST(several_dockerd_processes)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	struct host_options o = { 0 };
	const char *v;

	cmdline(root, 900,
		"/usr/bin/dockerd --data-root /tmp/x/data -H unix:///tmp/x/docker.sock --icc=false "
		"--containerd /tmp/x/containerd.sock");
	cmdline(root, 950, "containerd --config /etc/containerd/config.toml");
	h = host_read(root, NULL);
	CHECK_INT(h->dockerd_pid, 900);
	CHECK(h->dockerd_note != NULL);
	host_facts_free(h);
	/* The default socket: the systemd dockerd (-H fd://), not the newer private one. */
	o.daemon_socket = "/var/run/docker.sock";
	h = host_read(root, &o);
	CHECK_INT(h->dockerd_pid, 812);
	CHECK(h->dockerd_note && strstr(h->dockerd_note, "serves the audited socket"));
	CHECK(!host_dockerd_option(h, "data-root", &v, NULL));
	host_facts_free(h);
	o.daemon_socket = "/tmp/x/docker.sock";
	h = host_read(root, &o);
	CHECK_INT(h->dockerd_pid, 900);
	host_facts_free(h);
	o.daemon_socket = "/var/run/docker.sock";
	cmdline(root, 812, "/usr/bin/dockerd -H unix:///var/run/docker.sock");
	h = host_read(root, &o);
	CHECK_INT(h->dockerd_pid, 812);
	host_facts_free(h);
	o.daemon_socket = NULL;
	o.dockerd_pid = 900;
	h = host_read(root, &o);
	CHECK_INT(h->dockerd_pid, 900);
	CHECK(host_dockerd_option(h, "data-root", &v, NULL));
	CHECK_STR(v, "/tmp/x/data");
	CHECK_STR(h->files[HF_CONTAINERD_SOCK].path, "/tmp/x/containerd.sock");
	CHECK_STR(h->files[HF_CONTAINERD_SOCK].origin,
		  "dockerd --containerd /tmp/x/containerd.sock");
	host_facts_free(h);
	host_rm(root);
}

/*
 * In a container the daemon's socket is mounted at another path (here a hard
 * link outside the root): the dockerd whose -H socket under the root is that
 * very socket (same inode) is chosen over a newer one.
 */
TEST(dockerd_found_by_socket_inode)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	struct host_options o = { 0 };
	char *mounted = xstrfmt("%s.sock", root);

	sh("mkdir -p %s/tmp/p", root);
	mk_socket(root, "/tmp/p/docker.sock", 0660);
	sh("ln '%s/tmp/p/docker.sock' '%s'", root, mounted);
	cmdline(root, 700, "/usr/bin/dockerd --host unix:///tmp/p/docker.sock --iptables=false");
	cmdline(root, 900, "/usr/bin/dockerd -H unix:///tmp/other.sock");
	o.daemon_socket = mounted;
	h = host_read(root, &o);
	CHECK_INT(h->dockerd_pid, 700);
	host_facts_free(h);
	/* Another socket: neither dockerd serves it (one's socket differs, the other names only its own). */
	unlink(mounted);
	mk_socket("", mounted, 0660);
	h = host_read(root, &o);
	CHECK_INT(h->dockerd_pid, 0);
	CHECK(h->dockerd_note && strstr(h->dockerd_note, "none serving"));
	host_facts_free(h);
	unlink(mounted);
	free(mounted);
	host_rm(root);
}

/* No --containerd and no system containerd: dockerd's own, under its exec root. */
TEST(managed_containerd_socket)
{
	char *root = host_make(NULL);
	struct host_facts *h;

	rm(root, "/run/containerd/containerd.sock");
	sh("mkdir -p %s/x/exec/containerd", root);
	mk_socket(root, "/x/exec/containerd/containerd.sock", 0660);
	cmdline(root, 812, "/usr/bin/dockerd --exec-root /x/exec -H unix:///run/docker.sock");
	h = host_read(root, NULL);
	CHECK_STR(h->files[HF_CONTAINERD_SOCK].path, "/x/exec/containerd/containerd.sock");
	CHECK_STR(h->files[HF_CONTAINERD_SOCK].origin, "dockerd's own containerd");
	CHECK_INT(h->files[HF_CONTAINERD_SOCK].state, HOST_FILE_PRESENT);
	host_facts_free(h);
	/* A system containerd wins, as dockerd prefers it. */
	mk_socket(root, "/run/containerd/containerd.sock", 0660);
	h = host_read(root, NULL);
	CHECK_STR(h->files[HF_CONTAINERD_SOCK].path, "/run/containerd/containerd.sock");
	host_facts_free(h);
	host_rm(root);
}

TEST(rootless_daemon_json)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	const char *v, *s;

	sh("mkdir -p %s/home/alice/.config/docker", root);
	put(root, "/home/alice/.config/docker/daemon.json", "{\"icc\": false}", 0644);
	put(root, "/proc/812/status", "Name:\tdockerd\nUid:\t54321\t54321\t54321\t54321\n", 0444);
	cmdline(root, 812, "/usr/bin/dockerd");
	h = host_read(root, NULL);
	CHECK_INT(h->dockerd_uid, 54321);
	CHECK_STR(h->config_path, "/home/alice/.config/docker/daemon.json");
	CHECK(host_dockerd_option(h, "icc", &v, &s));
	CHECK_STR(s, "daemon.json (/home/alice/.config/docker/daemon.json): \"icc\": false");
	CHECK_STR(h->docker_sockets.v[0].path, "/run/user/54321/docker.sock");
	host_facts_free(h);
	host_rm(root);
}

TEST(no_dockerd_process)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	const char *v, *s;

	rm(root, "/proc/812");
	h = host_read(root, NULL);
	CHECK_INT(h->dockerd_pid, 0);
	CHECK(host_dockerd_option(h, "icc", &v, &s));
	CHECK_STR(s, "daemon.json: \"icc\": false");
	CHECK_STR(h->files[HF_DOCKERD_BIN].path, "/usr/bin/dockerd");
	host_facts_free(h);
	host_rm(root);
}

TEST(hostile_files)
{
	char *root = host_make(NULL);
	struct host_facts *h;
	struct trun t;
	char *p;
	FILE *fp;

	/* A FIFO where daemon.json should be must not block the read. */
	p = xstrfmt("%s/etc/docker/daemon.json", root);
	CHECK(unlink(p) == 0 && mkfifo(p, 0644) == 0);
	h = host_read(root, NULL);
	CHECK(h->config_error && strstr(h->config_error, "not a regular file"));
	trun_host(&t, h, "CIS-3.1[78]");
	CHECK_ROW(&t, "CIS-3.18", STATUS_PASS); /* the FIFO's own mode is fine */
	trun_release(&t);
	unlink(p);

	/* Over the 1 MiB bound. */
	fp = fopen(p, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputc('{', fp);
		for (int i = 0; i < 150000; i++)
			fprintf(fp, "\"k%d\": 1, ", i);
		fputs("\"x\": 1}", fp);
		fclose(fp);
	}
	h = host_read(root, NULL);
	CHECK(h->config_error && strstr(h->config_error, "larger than"));
	host_facts_free(h);

	/* Nesting deeper than the parser allows. */
	fp = fopen(p, "w");
	if (fp) {
		fputs("{\"a\": ", fp);
		for (int i = 0; i < 5000; i++)
			fputc('[', fp);
		fclose(fp);
	}
	h = host_read(root, NULL);
	CHECK(h->config_error != NULL);
	host_facts_free(h);
	free(p);

	/* Garbage in mountinfo, accounts, rules and cmdline is ignored, not fatal. */
	put(root, "/proc/1/mountinfo", "garbage\n\n1 2\n27 1 8:1 / / rw - ext4 /dev/sda rw\n",
	    0444);
	put(root, "/etc/passwd", "::::\nroot:x:notanumber:0::/:/bin/sh\n#comment\n", 0644);
	put(root, "/etc/audit/audit.rules",
	    "-w\n-a always,exit -F\n-F path=relative\n-w relative\n\t\t\n", 0640);
	put(root, "/proc/812/cmdline", "", 0444);
	h = host_read(root, NULL);
	CHECK(h != NULL);
	CHECK_INT(h->dockerd_pid, 0);
	CHECK_INT(h->mounts.n, 1);
	CHECK(host_audit_find(h, "/etc/docker/daemon.json") != NULL); /* from rules.d */
	host_facts_free(h);
	host_rm(root);
}

TEST(host_root_must_exist)
{
	struct host_facts *h = NULL;
	struct errbuf err;

	CHECK(source_host_read(&h, "/nonexistent/host/root", NULL, &err) == -1);
	CHECK(h == NULL);
	CHECK(strstr(err.msg, "/nonexistent/host/root") != NULL);
	CHECK(source_host_read(&h, "/etc/passwd", NULL, &err) == -1);
	CHECK(strstr(err.msg, "not a directory") != NULL);
}

TEST(attach_to_run)
{
	char *root = host_make(NULL);
	struct trun t;
	struct errbuf err;

	trun_init(&t);
	CHECK(source_host_attach(&t.run, "none", NULL, &err) == 0);
	CHECK(t.run.facts.host == NULL);
	CHECK_INT(t.run.ntargets, 1);
	trun_exec(&t, "CIS-1.1.1");
	CHECK_ROW(&t, "CIS-1.1.1", STATUS_SKIP);
	trun_release(&t);

	trun_init(&t);
	CHECK(source_host_attach(&t.run, root, NULL, &err) == 0);
	CHECK(t.run.facts.host != NULL);
	CHECK_STR(t.run.targets[0].name, "host");
	CHECK(!strncmp(t.run.targets[0].display, "host (root /tmp/", 16));
	trun_exec(&t, "CIS-3.6");
	CHECK_ROW(&t, "CIS-3.6", STATUS_PASS);
	trun_release(&t);

	trun_init(&t);
	CHECK(source_host_attach(&t.run, "/nonexistent/root", NULL, &err) == -1);
	CHECK_INT(t.run.ntargets, 0);
	trun_release(&t);
	host_rm(root);
}

TEST(no_host_facts_skip)
{
	struct trun t;

	trun_init(&t);
	run_add_target(&t.run, TARGET_HOST, "host", NULL, NULL);
	trun_exec(&t, "CIS-3.*");
	CHECK_ROW(&t, "CIS-3.1", STATUS_SKIP);
	CHECK(strstr(row_msg(&t, "CIS-3.1", STATUS_SKIP), "no host access") != NULL);
	trun_release(&t);
}

/* The permission-denied part, as whoever runs it (not root). */
static void unreadable_rows(const char *root)
{
	struct trun t;
	struct host_facts *h = host_read(root, NULL);

	CHECK(h->config_error != NULL && strstr(h->config_error, "permission denied"));
	trun_host(&t, h, "CIS-*");
	CHECK_ROW(&t, "CIS-3.17", STATUS_ERROR);
	CHECK_ROW(&t, "CIS-3.18", STATUS_ERROR);
	CHECK(strstr(row_msg(&t, "CIS-3.18", STATUS_ERROR), "permission denied") != NULL);
	CHECK_ROW(&t, "CIS-3.9", STATUS_ERROR);
	CHECK_ROW(&t, "CIS-3.7", STATUS_ERROR);
	CHECK_ROW(&t, "CIS-1.1.11", STATUS_ERROR);
	CHECK_ROW(&t, "CIS-3.6", STATUS_PASS);	/* /etc/docker itself can be examined */
	CHECK_ROW(&t, "CIS-3.19", STATUS_PASS); /* the audit continues */
	CHECK_INT(t.run.exit_code, EXIT_INCOMPLETE);
	trun_release(&t);
}

TEST(unreadable_files_error)
{
	char *root = host_make(NULL);

	mode(root, "/etc/docker", 0700);
	if (geteuid() != 0) {
		mode(root, "/etc/docker", 0000);
		unreadable_rows(root);
	} else {
		int before = test_failed, status = 0;
		pid_t pid = fork();

		if (pid == 0) {
			if (setgid(65534) < 0 || setuid(65534) < 0) {
				perror("setuid");
				_exit(2);
			}
			unreadable_rows(root);
			_exit(test_failed > before ? 1 : 0);
		}
		CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		/* The child's findings are not in this process: note the rows by hand. */
		for (size_t i = 0; i < nseen; i++)
			if (!strcmp(seen[i].id, "CIS-3.17") || !strcmp(seen[i].id, "CIS-3.18"))
				seen[i].statuses |= 1u << STATUS_ERROR;
	}
	host_rm(root);
}

TEST(every_row_covered)
{
	size_t n = catalog_count(), rows = 0;

	for (size_t i = 0; i < n; i++) {
		const struct check *c = catalog_at(i);
		unsigned s = 0;

		if (c->section != 1 && c->section != 3)
			continue;
		rows++;
		for (size_t j = 0; j < nseen; j++)
			if (!strcmp(seen[j].id, c->id))
				s = seen[j].statuses;
		CHECK(c->scope == SCOPE_HOST && (c->needs & NEED_HOST));
		if (!c->fn) {
			CHECK(s & (1u << STATUS_MANUAL));
			continue;
		}
		if (!(s & (1u << STATUS_PASS)) ||
		    !(s & ((1u << STATUS_FAIL) | (1u << STATUS_SKIP) | (1u << STATUS_MANUAL)))) {
			test_failed++;
			fprintf(stderr, "FAIL: %s lacks a pass or a fail/skip case (seen 0x%x)\n",
				c->id, s);
		}
	}
	CHECK_INT(rows, 44);
}

int main(void)
{
	RUN(compliant_host_passes);
	RUN(docker_socket_group_docker);
	RUN(wrong_owner_fails_every_ownership_row);
	RUN(loose_modes_fail_every_permission_row);
	RUN(stricter_modes_pass);
	RUN(dropin_and_nested_certificate);
	RUN(absent_files_skip);
	RUN(no_audit_rules_fail);
	RUN(audit_rules_matched_as_paths);
	RUN(containerd_sock_row_uses_unit_or_socket);
	RUN(separate_partition);
	RUN(docker_group_members);
	RUN(docker_version_current);
	RUN(dockerd_options_provenance);
	RUN(secrets_never_in_options);
	RUN(dockerd_flag_conflicts_with_daemon_json);
	RUN(config_file_flag_names_daemon_json);
	RUN(malformed_daemon_json_errors);
	RUN(tls_defaults_with_tlsverify);
	RUN(symlinks_stay_inside_root);
	RUN(several_dockerd_processes);
	RUN(dockerd_found_by_socket_inode);
	RUN(managed_containerd_socket);
	RUN(rootless_daemon_json);
	RUN(no_dockerd_process);
	RUN(hostile_files);
	RUN(host_root_must_exist);
	RUN(attach_to_run);
	RUN(no_host_facts_skip);
	RUN(unreadable_files_error);
	RUN(every_row_covered);
	if (template_root)
		host_rm(template_root);
	return test_done();
}
