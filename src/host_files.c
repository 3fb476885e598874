/*
 * host_files.c - finding the host's files under --host-root for
 * source_host.c: systemd units and drop-ins, binaries, TLS files and
 * registry certificates, the docker sockets, the audit rules that watch
 * them, and the mounts. Like source_host.c it reads only inside the root,
 * through host_stat() and host_read(), and bounds what it reads.
 */
#include "facts_host.h"
#include "engine.h"
#include "json.h"
#include "buf.h"
#include "source_host_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const unit_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/lib/systemd/system",
	"/usr/lib/systemd/system",
};

static const char *const bin_dirs[] = {
	"/usr/bin", "/usr/local/bin", "/usr/sbin", "/usr/local/sbin", "/bin", "/sbin",
};

/* --- units, files, lists ------------------------------------------------ */

/* The first unit file named name in systemd's search order. */
void host_files_find_unit(struct host_ctx *c, struct host_file *f, const char *name)
{
	struct host_file first_error = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs); i++) {
		char *p = xstrfmt("%s/%s", unit_dirs[i], name);

		host_stat(c, f, p, "systemd unit");
		free(p);
		if (f->state == HOST_FILE_PRESENT)
			goto out;
		if (f->state == HOST_FILE_ERROR && !first_error.path) {
			first_error = *f;
			memset(f, 0, sizeof(*f));
		}
	}
	if (first_error.path) {
		host_file_release(f);
		*f = first_error;
		return;
	}
	host_file_release(f);
	f->path = xstrfmt("/lib/systemd/system/%s", name);
	f->state = HOST_FILE_ABSENT;
out:
	host_file_release(&first_error);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Names in host directory hdir matching glob pattern, sorted. Returns 0,
 * ENOENT, or an errno; *truncated when the bound stopped the listing.
 */
static int list_dir(struct host_ctx *c, const char *hdir, const char *pattern, struct strlist *out,
		    int *truncated)
{
	struct buf res = BUF_INIT;
	char *real = NULL;
	DIR *d = NULL;
	struct dirent *de;
	size_t seen = 0;
	int e = host_resolve(c, hdir, 1, &res);

	if (e)
		goto out;
	real = host_real(c, res.s);
	if (!(d = opendir(real))) {
		e = errno;
		goto out;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] || !strcmp(de->d_name, "..")))
			continue;
		if (++seen > MAX_DIR_ENTRIES) {
			if (truncated)
				*truncated = 1;
			break;
		}
		if (!pattern || glob_match(pattern, de->d_name))
			strlist_push(out, de->d_name);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
out:
	if (d)
		closedir(d);
	if (e == ENOTDIR)
		e = ENOENT;
	free(real);
	buf_release(&res);
	return e;
}

/* Drop-ins NAME.d/ *.conf in every unit directory; the first of a name wins. */
void host_files_find_dropins(struct host_ctx *c, struct host_file_list *l, const char *unit)
{
	struct strlist names = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs); i++) {
		char *dir = xstrfmt("%s/%s.d", unit_dirs[i], unit);
		struct strlist found = { 0 };
		int e = list_dir(c, dir, "*.conf", &found, &l->truncated);

		if (e && e != ENOENT && !l->error)
			l->error = xstrfmt("cannot list '%s': %s", dir, host_errstr(e));
		for (size_t j = 0; j < found.n; j++) {
			char *p;

			if (strlist_has(&names, found.v[j]))
				continue;
			strlist_push(&names, found.v[j]);
			p = xstrfmt("%s/%s", dir, found.v[j]);
			host_stat(c, host_file_list_add(l), p, "systemd drop-in");
			free(p);
		}
		strlist_clear(&found);
		free(dir);
	}
	strlist_clear(&names);
}

/* Registry certificates: *.crt under /etc/docker/certs.d, bounded depth. */
void host_files_walk_certs(struct host_ctx *c, struct host_file_list *l, const char *hdir,
			   int depth)
{
	struct strlist names = { 0 };
	int e = list_dir(c, hdir, NULL, &names, &l->truncated);

	if (e && e != ENOENT && !l->error)
		l->error = xstrfmt("cannot list '%s': %s", hdir, host_errstr(e));
	for (size_t i = 0; i < names.n; i++) {
		char *p = xstrfmt("%s/%s", hdir, names.v[i]);
		char *real = host_real(c, p);
		struct stat st;
		size_t len = strlen(names.v[i]);

		if (lstat(real, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < MAX_CERT_DEPTH)
				host_files_walk_certs(c, l, p, depth + 1);
			else
				l->truncated = 1;
		} else if (len > 4 && !strcmp(names.v[i] + len - 4, ".crt")) {
			host_stat(c, host_file_list_add(l), p, "registry certificate");
		}
		free(real);
		free(p);
	}
	strlist_clear(&names);
}

/* A binary: the first of bin_dirs holding it; absent names /usr/bin/NAME. */
void host_files_find_binary(struct host_ctx *c, struct host_file *f, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(bin_dirs); i++) {
		char *p = xstrfmt("%s/%s", bin_dirs[i], name);

		host_stat(c, f, p, NULL);
		free(p);
		if (f->state != HOST_FILE_ABSENT)
			return;
	}
	host_file_release(f);
	f->path = xstrfmt("/usr/bin/%s", name);
	f->state = HOST_FILE_ABSENT;
}

/* The dockerd binary: the running process's, else the usual places. */
void host_files_find_dockerd_bin(struct host_ctx *c)
{
	struct host_facts *h = c->h;
	struct host_file *f = &h->files[HF_DOCKERD_BIN];

	if (h->dockerd_pid) {
		char link[64], target[PATH_MAX];
		char *real;
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/%ld/exe", h->dockerd_pid);
		real = host_real(c, link);
		n = readlink(real, target, sizeof(target) - 1);
		free(real);
		if (n > 0 && target[0] == '/') {
			target[n] = '\0';
			if (n > 10 && !strcmp(target + n - 10, " (deleted)"))
				target[n - 10] = '\0';
			host_stat(c, f, target, "dockerd process");
			if (f->state == HOST_FILE_PRESENT)
				return;
		}
		if (h->dockerd_argv.v[0][0] == '/') {
			host_stat(c, f, h->dockerd_argv.v[0], "dockerd process");
			if (f->state == HOST_FILE_PRESENT)
				return;
		}
	}
	host_files_find_binary(c, f, "dockerd");
}

/* TLS file for key: configured path, or dockerd's default with --tls(verify). */
void host_files_find_tls_file(struct host_ctx *c, enum host_file_id id, const char *key,
			      const char *def)
{
	struct host_facts *h = c->h;
	const char *path, *source;

	if (host_dockerd_option(h, key, &path, &source)) {
		char *p = path[0] == '/' ? xstrdup(path) : xstrfmt("/%s", path);

		host_stat(c, &h->files[id], p, source);
		free(p);
	} else if (host_dockerd_bool(h, "tlsverify", 0) || host_dockerd_bool(h, "tls", 0)) {
		const char *home = h->dockerd_uid > 0 ? host_home_of(c, h->dockerd_uid) : "/root";
		char *p = xstrfmt("%s/.docker/%s", home ? home : "/root", def);

		host_stat(c, &h->files[id], p, "dockerd default for --tlsverify");
		free(p);
	} else {
		h->files[id].state = HOST_FILE_ABSENT;
	}
}

/* The ListenStream= socket path of the docker.socket unit, or NULL. */
static char *socket_unit_path(struct host_ctx *c)
{
	const struct host_file *u = &c->h->files[HF_DOCKER_SOCKET_UNIT];
	struct buf b = BUF_INIT;
	char *ret = NULL;

	if (u->state != HOST_FILE_PRESENT || host_read(c, u->path, MAX_CONFIG_BYTES, &b))
		goto out;
	for (char *line = b.s; line && *line;) {
		char *next = strchr(line, '\n');

		if (next)
			*next++ = '\0';
		if (!strncmp(line, "ListenStream=/", 14)) {
			free(ret);
			ret = xstrdup(line + 13);
		}
		line = next;
	}
out:
	buf_release(&b);
	return ret;
}

/* The daemon's unix sockets: from "hosts", else the default path. */
void host_files_find_sockets(struct host_ctx *c, int rootless)
{
	struct host_facts *h = c->h;
	const char *hosts, *source;

	if (host_dockerd_option(h, "hosts", &hosts, &source)) {
		char *copy = xstrdup(hosts), *p = copy;

		while (p) {
			char *comma = strchr(p, ',');

			if (comma)
				*comma = '\0';
			if (!strncmp(p, "unix://", 7) && p[7] == '/') {
				host_stat(c, host_file_list_add(&h->docker_sockets), p + 7, source);
			} else if (!strncmp(p, "fd://", 5)) {
				char *s = socket_unit_path(c);

				host_stat(c, host_file_list_add(&h->docker_sockets),
					  s ? s : "/var/run/docker.sock", "docker.socket (fd://)");
				free(s);
			}
			p = comma ? comma + 1 : NULL;
		}
		free(copy);
		return;
	}
	if (rootless && h->dockerd_uid > 0) {
		char *p = xstrfmt("/run/user/%lld/docker.sock", h->dockerd_uid);

		host_stat(c, host_file_list_add(&h->docker_sockets), p, "rootless default");
		free(p);
		return;
	}
	host_stat(c, host_file_list_add(&h->docker_sockets), "/var/run/docker.sock", "default");
}

/* --- audit rules -------------------------------------------------------- */

static void add_watch(struct host_ctx *c, const char *path, int dir, const char *where)
{
	struct host_facts *h = c->h;
	struct audit_watch *w;
	struct buf norm = BUF_INIT;
	const char *p = path;

	/* Normalize: one "/" between components, none at the end. */
	buf_addc(&norm, '/');
	while (*p) {
		size_t len;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len)
			host_path_push(&norm, p, len);
		p += len;
	}
	ALLOC_GROW(h->watches, h->nwatches + 1, h->walloc);
	w = &h->watches[h->nwatches++];
	w->path = buf_detach(&norm);
	w->dir = dir;
	w->where = xstrdup(where);
}

static void remove_watch(struct host_facts *h, const char *path)
{
	for (size_t i = 0; i < h->nwatches;) {
		if (!strcmp(h->watches[i].path, path)) {
			free(h->watches[i].path);
			free(h->watches[i].where);
			h->watches[i] = h->watches[--h->nwatches];
		} else {
			i++;
		}
	}
}

/* Is host path a directory (for -w, which watches a directory's subtree)? */
static int host_is_dir(struct host_ctx *c, const char *hpath)
{
	struct host_file f = { 0 };
	int dir;

	host_stat(c, &f, hpath, NULL);
	dir = f.state == HOST_FILE_PRESENT && f.type == FILE_DIR;
	host_file_release(&f);
	return dir;
}

/* Parse one rules file: -w PATH, -W PATH, -a/-A ... -F path=|dir=. */
static void parse_rules(struct host_ctx *c, const char *hpath, char *text)
{
	int lineno = 0;

	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n'), *tok[64];
		size_t n = 0;
		char where[PATH_MAX + 32];

		if (next)
			*next++ = '\0';
		lineno++;
		for (char *p = line; *p && n < ARRAY_SIZE(tok);) {
			while (*p == ' ' || *p == '\t' || *p == '\r')
				*p++ = '\0';
			if (!*p || *p == '#')
				break;
			tok[n++] = p;
			p += strcspn(p, " \t\r");
		}
		snprintf(where, sizeof(where), "%s:%d", hpath, lineno);
		if (n >= 2 && !strcmp(tok[0], "-w") && tok[1][0] == '/') {
			add_watch(c, tok[1], host_is_dir(c, tok[1]), where);
		} else if (n >= 2 && !strcmp(tok[0], "-W")) {
			remove_watch(c->h, tok[1]);
		} else if (n >= 2 && (!strcmp(tok[0], "-a") || !strcmp(tok[0], "-A"))) {
			for (size_t i = 1; i + 1 < n; i++) {
				if (strcmp(tok[i], "-F"))
					continue;
				if (!strncmp(tok[i + 1], "path=/", 6))
					add_watch(c, tok[i + 1] + 5, 0, where);
				else if (!strncmp(tok[i + 1], "dir=/", 5))
					add_watch(c, tok[i + 1] + 4, 1, where);
			}
		}
		line = next;
	}
}

static void read_one_rules(struct host_ctx *c, const char *hpath)
{
	struct host_facts *h = c->h;
	struct buf b = BUF_INIT;
	int e = host_read(c, hpath, MAX_RULES_BYTES, &b);

	if (e == ENOENT)
		goto out;
	h->audit_configured = 1;
	if (e) {
		if (!h->audit_error)
			h->audit_error = host_read_error(hpath, e, MAX_RULES_BYTES);
		goto out;
	}
	strlist_push(&h->audit_files, hpath);
	parse_rules(c, hpath, b.s);
out:
	buf_release(&b);
}

/* audit.rules and rules.d/ *.rules (as augenrules reads them, sorted). */
void host_files_read_audit_rules(struct host_ctx *c)
{
	struct strlist names = { 0 };
	int truncated = 0;
	int e;

	read_one_rules(c, "/etc/audit/audit.rules");
	e = list_dir(c, "/etc/audit/rules.d", "*.rules", &names, &truncated);
	if (e && e != ENOENT && !c->h->audit_error)
		c->h->audit_error = xstrfmt("cannot list '/etc/audit/rules.d': %s", host_errstr(e));
	for (size_t i = 0; i < names.n && i < MAX_RULE_FILES; i++) {
		char *p = xstrfmt("/etc/audit/rules.d/%s", names.v[i]);

		read_one_rules(c, p);
		free(p);
	}
	strlist_clear(&names);
}

/* --- mounts ------------------------------------------------------------- */

/* Undo mountinfo's octal escapes (\040 for space) in place. */
static void unescape_octal(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

void host_files_read_mounts(struct host_ctx *c)
{
	struct host_facts *h = c->h;
	struct buf b = BUF_INIT;
	int e = host_read(c, "/proc/1/mountinfo", MAX_MOUNTINFO_BYTES, &b);

	if (e) {
		if (e != ENOENT)
			h->mounts_error = host_read_error("/proc/1/mountinfo", e,
							  MAX_MOUNTINFO_BYTES);
		goto out;
	}
	h->mounts_known = 1;
	for (char *line = b.s; line && *line;) {
		char *next = strchr(line, '\n'), *f[6];

		if (next)
			*next++ = '\0';
		if (host_split_fields(line, ' ', f, ARRAY_SIZE(f)) >= 5 && f[4][0] == '/') {
			unescape_octal(f[4]);
			strlist_push(&h->mounts, f[4]);
			strlist_push(&h->mount_devs, f[2]);
		}
		line = next;
	}
out:
	buf_release(&b);
}
