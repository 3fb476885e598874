/*
 * source_host.c - the only code that reads the host's files: dockerd's
 * command line under proc, the daemon.json it uses, systemd units, file
 * owners and modes, audit rules, mounts, accounts. Everything is relative to
 * the host root and bounded; symlinks are resolved inside the root. Units,
 * binaries, certificates, sockets, audit rules and mounts are found by
 * host_files.c (source_host_internal.h).
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

/* Real filesystem path of a normalized host path. */
char *host_real(const struct host_ctx *c, const char *hpath)
{
	return xstrfmt("%s%s", c->root, hpath);
}

/* Append component comp to the normalized host path in b. */
void host_path_push(struct buf *b, const char *comp, size_t len)
{
	if (b->len != 1 || b->s[0] != '/')
		buf_addc(b, '/');
	buf_add(b, comp, len);
}

static void path_pop(struct buf *b)
{
	char *slash = strrchr(b->s, '/');

	if (!slash || slash == b->s) {
		buf_reset(b);
		buf_addc(b, '/');
		return;
	}
	b->len = (size_t)(slash - b->s);
	b->s[b->len] = '\0';
}

/*
 * Resolve host path hpath inside the root, like a chroot would: absolute
 * symlink targets restart at the root, ".." never leaves it. With
 * follow_last a symlink in the last component is resolved too. The result
 * (a host path) goes to out. Returns 0, or an errno value (ENOENT, ENOTDIR,
 * EACCES, ELOOP...).
 */
int host_resolve(const struct host_ctx *c, const char *hpath, int follow_last, struct buf *out)
{
	struct buf rest = BUF_INIT, real = BUF_INIT;
	const char *p;
	int hops = 0, ret = 0;

	buf_reset(out);
	buf_addc(out, '/');
	buf_adds(&rest, hpath);
	p = rest.s;
	for (;;) {
		const char *after;
		size_t len, mark;
		struct stat st;
		int last;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (!len)
			break;
		after = p + len;
		last = !after[strspn(after, "/")];
		if (len == 1 && p[0] == '.') {
			p = after;
			continue;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			path_pop(out);
			p = after;
			continue;
		}
		mark = out->len;
		host_path_push(out, p, len);
		buf_reset(&real);
		buf_adds(&real, c->root);
		buf_adds(&real, out->s);
		if (lstat(real.s, &st) < 0) {
			ret = errno;
			break;
		}
		if (S_ISLNK(st.st_mode) && (!last || follow_last)) {
			char target[PATH_MAX];
			ssize_t n = readlink(real.s, target, sizeof(target) - 1);
			struct buf next = BUF_INIT;

			if (n < 0) {
				ret = errno;
				break;
			}
			if (++hops > MAX_SYMLINKS) {
				ret = ELOOP;
				break;
			}
			target[n] = '\0';
			out->len = mark;
			out->s[mark] = '\0';
			if (target[0] == '/') {
				buf_reset(out);
				buf_addc(out, '/');
			}
			buf_adds(&next, target);
			buf_addc(&next, '/');
			buf_adds(&next, after);
			buf_release(&rest);
			rest = next;
			p = rest.s;
			continue;
		}
		if (!last && !S_ISDIR(st.st_mode)) {
			ret = ENOTDIR;
			break;
		}
		p = after;
	}
	buf_release(&rest);
	buf_release(&real);
	return ret;
}

/* Human reason for an errno from host I/O. */
const char *host_errstr(int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
		return "permission denied";
	case ELOOP:
		return "too many levels of symbolic links";
	default:
		return strerror(e);
	}
}

static const struct account *account_by_id(const struct accounts *a, long long id)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].id == id)
			return &a->v[i];
	return NULL;
}

static const struct account *account_by_name(const struct accounts *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].name, name))
			return &a->v[i];
	return NULL;
}

static void accounts_release(struct accounts *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].home);
		free(a->v[i].members);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static enum file_type type_of(mode_t m)
{
	if (S_ISREG(m))
		return FILE_REG;
	if (S_ISDIR(m))
		return FILE_DIR;
	if (S_ISLNK(m))
		return FILE_SYMLINK;
	if (S_ISCHR(m))
		return FILE_CHAR;
	if (S_ISBLK(m))
		return FILE_BLOCK;
	if (S_ISFIFO(m))
		return FILE_FIFO;
	return FILE_OTHER;
}

/*
 * Fill f for host path hpath: resolve it inside the root, lstat the result
 * and name its owner and group from the host's accounts.
 */
void host_stat(struct host_ctx *c, struct host_file *f, const char *hpath, const char *origin)
{
	struct buf res = BUF_INIT;
	struct stat st;
	char *real = NULL;
	const struct account *a;
	int e;

	host_file_release(f);
	f->path = xstrdup(hpath);
	f->origin = origin ? xstrdup(origin) : NULL;
	e = host_resolve(c, hpath, 1, &res);
	if (!e) {
		real = host_real(c, res.s);
		if (lstat(real, &st) < 0)
			e = errno;
	}
	if (e == ENOENT || e == ENOTDIR) {
		f->state = HOST_FILE_ABSENT;
		goto out;
	}
	if (e) {
		f->state = HOST_FILE_ERROR;
		f->error = xstrdup(host_errstr(e));
		goto out;
	}
	f->state = HOST_FILE_PRESENT;
	if (strcmp(res.s, hpath))
		f->link = xstrdup(res.s);
	f->type = type_of(st.st_mode);
	f->mode = st.st_mode & 07777;
	f->uid = st.st_uid;
	f->gid = st.st_gid;
	if ((a = account_by_id(&c->users, f->uid)))
		f->owner = xstrdup(a->name);
	if ((a = account_by_id(&c->groups, f->gid)))
		f->group = xstrdup(a->name);
out:
	free(real);
	buf_release(&res);
}

/*
 * Read at most max bytes of host file hpath into out. Returns 0, ENOENT
 * when absent, or another errno value (EFBIG when larger than max).
 */
int host_read(struct host_ctx *c, const char *hpath, size_t max, struct buf *out)
{
	struct buf res = BUF_INIT;
	char *real = NULL;
	char chunk[65536];
	struct stat st;
	int fd = -1, e;
	ssize_t n;

	buf_reset(out);
	e = host_resolve(c, hpath, 1, &res);
	if (e)
		goto out;
	real = host_real(c, res.s);
	fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			goto out;
		}
		if (out->len + (size_t)n > max) {
			e = EFBIG;
			goto out;
		}
		buf_add(out, chunk, (size_t)n);
	}
	if (!out->s)
		buf_adds(out, "");
out:
	if (e == ENOTDIR)
		e = ENOENT;
	if (fd >= 0)
		close(fd);
	free(real);
	buf_release(&res);
	return e;
}

/* Error text for host_read() failures. */
char *host_read_error(const char *hpath, int e, size_t max)
{
	if (e == EFBIG)
		return xstrfmt("cannot read '%s': larger than %zu bytes", hpath, max);
	if (e == EINVAL)
		return xstrfmt("cannot read '%s': not a regular file", hpath);
	return xstrfmt("cannot read '%s': %s", hpath, host_errstr(e));
}

/* Split s at sep into up to max fields (in place); returns the count. */
size_t host_split_fields(char *s, char sep, char **fields, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *p = strchr(s, sep);

		fields[n++] = s;
		if (!p)
			break;
		*p = '\0';
		s = p + 1;
	}
	return n;
}

static int parse_id(const char *s, long long *out)
{
	char *end;
	long long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

/* Parse the host's /etc/passwd (group=0) or /etc/group (group=1). */
static int accounts_read(struct host_ctx *c, struct accounts *a, int group, char **error)
{
	const char *path = group ? "/etc/group" : "/etc/passwd";
	struct buf b = BUF_INIT;
	char *line, *next;
	int e = host_read(c, path, MAX_ACCOUNT_BYTES, &b);

	if (e) {
		if (e != ENOENT)
			*error = host_read_error(path, e, MAX_ACCOUNT_BYTES);
		buf_release(&b);
		return e == ENOENT ? 0 : -1;
	}
	for (line = b.s; line && *line; line = next) {
		char *f[8];
		size_t n;
		struct account *acc;
		long long id, gid = -1;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		n = host_split_fields(line, ':', f, ARRAY_SIZE(f));
		if (n < (group ? 3u : 6u) || parse_id(f[2], &id) < 0)
			continue;
		if (!group && parse_id(f[3], &gid) < 0)
			continue;
		ALLOC_GROW(a->v, a->n + 1, a->alloc);
		acc = &a->v[a->n++];
		memset(acc, 0, sizeof(*acc));
		acc->name = xstrdup(f[0]);
		acc->id = id;
		acc->gid = gid;
		if (!group)
			acc->home = xstrdup(f[5]);
		else
			acc->members = xstrdup(n > 3 ? f[3] : "");
	}
	buf_release(&b);
	return 1;
}

/* The docker group and its members (listed, or by primary group). */
static void read_docker_group(struct host_ctx *c)
{
	struct host_facts *h = c->h;
	const struct account *g = account_by_name(&c->groups, "docker");

	if (!g)
		return;
	h->docker_group = 1;
	h->docker_gid = g->id;
	if (*g->members) {
		char *m = xstrdup(g->members), *p = m;

		while (p) {
			char *comma = strchr(p, ',');

			if (comma)
				*comma = '\0';
			if (*p && !strlist_has(&h->docker_members, p))
				strlist_push(&h->docker_members, p);
			p = comma ? comma + 1 : NULL;
		}
		free(m);
	}
	for (size_t i = 0; i < c->users.n; i++)
		if (c->users.v[i].gid == g->id &&
		    !strlist_has(&h->docker_members, c->users.v[i].name))
			strlist_push(&h->docker_members, c->users.v[i].name);
}

/* --- daemon.json -------------------------------------------------------- */

/* Find the home directory of uid in the host's passwd, or NULL. */
const char *host_home_of(const struct host_ctx *c, long long uid)
{
	const struct account *a = account_by_id(&c->users, uid);

	return a && a->home && *a->home ? a->home : NULL;
}

/* Choose, read and merge the daemon.json dockerd uses. */
static void read_config(struct host_ctx *c, int rootless)
{
	struct host_facts *h = c->h;
	const char *flag_path = NULL, *flag_source = NULL;
	struct json_object *obj = NULL;
	struct errbuf jerr;
	struct buf b = BUF_INIT;
	int e;

	if (host_dockerd_option(h, "config-file", &flag_path, &flag_source)) {
		h->config_path = flag_path[0] == '/' ? xstrdup(flag_path)
						     : xstrfmt("/%s", flag_path);
		h->config_origin = xstrdup(flag_source);
	} else if (rootless && host_home_of(c, h->dockerd_uid)) {
		h->config_path = xstrfmt("%s/.config/docker/daemon.json",
					 host_home_of(c, h->dockerd_uid));
		h->config_origin = xstrdup("rootless default");
	} else {
		h->config_path = xstrdup("/etc/docker/daemon.json");
		h->config_origin = xstrdup("default");
	}
	host_stat(c, &h->files[HF_DAEMON_JSON], h->config_path, h->config_origin);
	e = host_read(c, h->config_path, MAX_CONFIG_BYTES, &b);
	if (e == ENOENT)
		goto out;
	if (e) {
		h->config_error = host_read_error(h->config_path, e, MAX_CONFIG_BYTES);
		goto out;
	}
	obj = json_parse_buf(b.s, b.len, h->config_path, &jerr);
	if (!obj) {
		h->config_error = xstrdup(jerr.msg);
		goto out;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		h->config_error = xstrfmt("%s: invalid configuration: not a JSON object",
					  h->config_path);
		goto out;
	}
	host_dockerd_apply_config(h, obj, h->config_path);
out:
	json_object_put(obj);
	buf_release(&b);
}

/* --- the dockerd process ------------------------------------------------ */

struct candidate {
	long pid;
	struct strlist argv;
};

static int is_dockerd(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	return !strcmp(base, "dockerd");
}

/* Read proc/<pid>/cmdline into argv; 0 on success. */
static int read_cmdline(struct host_ctx *c, long pid, struct strlist *argv)
{
	struct buf b = BUF_INIT;
	char path[64];
	int e;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	e = host_read(c, path, MAX_CMDLINE_BYTES, &b);
	if (!e) {
		for (size_t off = 0; off < b.len;) {
			size_t n = strnlen(b.s + off, b.len - off);

			strlist_push_owned(argv, xstrndup(b.s + off, n));
			off += n + 1;
		}
	}
	buf_release(&b);
	return e || !argv->n ? -1 : 0;
}

/*
 * Does this dockerd serve the socket the audit talks to? 2 when its command
 * line names it, 1 when it listens on the default socket (no -H, or fd://)
 * and the audited socket is the default one, -1 when it listens only on
 * other sockets it names (-H without fd://), else 0.
 */
static int serves_socket(const struct strlist *argv, const char *sock)
{
	int has_host = 0, fd = 0;

	for (size_t i = 1; i < argv->n; i++) {
		const char *a = argv->v[i];

		if (strstr(a, sock))
			return 2;
		if (!strncmp(a, "-H", 2) || !strcmp(a, "--host") || !strncmp(a, "--host=", 7))
			has_host = 1;
		if (strstr(a, "fd://"))
			fd = 1;
	}
	if (has_host && !fd)
		return -1;
	if (strcmp(sock, "/var/run/docker.sock") && strcmp(sock, "/run/docker.sock"))
		return 0;
	return 1;
}

/* Compare the socket at host path hpath with the audited one: 1 same, -1 other, 0 none there. */
static int socket_cmp(const struct host_ctx *c, const char *hpath, const struct stat *audited)
{
	struct buf res = BUF_INIT;
	struct stat st;
	int ret = 0;

	if (hpath[0] == '/' && !host_resolve(c, hpath, 1, &res)) {
		char *real = host_real(c, res.s);

		if (!stat(real, &st) && S_ISSOCK(st.st_mode))
			ret = st.st_dev == audited->st_dev && st.st_ino == audited->st_ino ? 1 : -1;
		free(real);
	}
	buf_release(&res);
	return ret;
}

/*
 * Are dockerd's unix sockets (-H unix://PATH, else the default socket, seen
 * under the host root) the audited socket itself (same device and inode)?
 * 1 yes, -1 they exist and are other sockets, 0 unknown. This finds the
 * daemon when dockgate runs in a container with the socket mounted at
 * another path, and rules out daemons behind other sockets.
 */
static int socket_match(const struct host_ctx *c, const struct strlist *argv,
			const struct stat *audited)
{
	int ret = 0, has_host = 0, fd = 0;

	for (size_t i = 1; i < argv->n && ret <= 0; i++) {
		const char *a = argv->v[i];
		const char *p = strstr(a, "unix://");

		if (!strncmp(a, "-H", 2) || !strcmp(a, "--host") || !strncmp(a, "--host=", 7))
			has_host = 1;
		if (strstr(a, "fd://"))
			fd = 1;
		while (p && ret <= 0) {
			size_t len;
			char *hpath;
			int r;

			p += 7;
			len = strcspn(p, ",");
			hpath = xstrndup(p, len);
			r = socket_cmp(c, hpath, audited);
			if (r)
				ret = r;
			free(hpath);
			p = strstr(p + len, "unix://");
		}
	}
	if (ret <= 0 && (!has_host || fd)) {
		int r = socket_cmp(c, "/var/run/docker.sock", audited);

		if (r)
			ret = r;
	}
	return ret;
}

/* Find dockerd under proc; choose one when several run. */
static void find_dockerd(struct host_ctx *c, const struct host_options *opts)
{
	struct host_facts *h = c->h;
	struct candidate *cand = NULL;
	size_t n = 0, alloc = 0, chosen = (size_t)-1, entries = 0;
	char *proc = host_real(c, "/proc");
	DIR *d = opendir(proc);
	struct dirent *de;
	const char *why = "newest";

	if (!d)
		goto out;
	while ((de = readdir(d)) && entries++ < MAX_PROC_ENTRIES) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		struct strlist argv = { 0 };

		if (*end || pid <= 0 || (opts && opts->dockerd_pid && pid != opts->dockerd_pid))
			continue;
		if (read_cmdline(c, pid, &argv) < 0 || !is_dockerd(argv.v[0])) {
			strlist_clear(&argv);
			continue;
		}
		ALLOC_GROW(cand, n + 1, alloc);
		cand[n].pid = pid;
		cand[n].argv = argv;
		n++;
	}
	closedir(d);
	{
		int best = -1;
		struct stat audited;
		int have_audited = opts && opts->daemon_socket &&
				   !stat(opts->daemon_socket, &audited) &&
				   S_ISSOCK(audited.st_mode);

		/*
		 * Prefer the dockerd behind the audited socket, then the newest;
		 * never one that is known to serve other sockets only.
		 */
		for (size_t i = 0; i < n; i++) {
			int score = opts && opts->daemon_socket
					    ? serves_socket(&cand[i].argv, opts->daemon_socket)
					    : 0;
			int m = have_audited ? socket_match(c, &cand[i].argv, &audited) : 0;

			if (m > 0)
				score = 3;
			else if (m < 0 && score < 2)
				score = -1;
			if (score < 0)
				continue;
			if (score > best || (score == best && cand[i].pid > cand[chosen].pid)) {
				best = score;
				chosen = i;
			}
		}
		if (best > 0)
			why = "serves the audited socket";
	}
	if (chosen == (size_t)-1 && n)
		h->dockerd_note = xstrfmt(
			"dockerd's command line is unknown: %zu dockerd process(es) under "
			"proc, none serving %s",
			n, opts->daemon_socket);
	if (chosen != (size_t)-1) {
		struct buf b = BUF_INIT;
		char path[64];

		h->dockerd_pid = cand[chosen].pid;
		h->dockerd_argv = cand[chosen].argv;
		memset(&cand[chosen].argv, 0, sizeof(cand[chosen].argv));
		if (n > 1)
			h->dockerd_note = xstrfmt("%zu dockerd processes; chose pid %ld (%s)", n,
						  h->dockerd_pid, why);
		snprintf(path, sizeof(path), "/proc/%ld/status", h->dockerd_pid);
		if (!host_read(c, path, 65536, &b)) {
			const char *u = strstr(b.s, "\nUid:");

			if (u)
				h->dockerd_uid = strtoll(u + 5, NULL, 10);
		}
		buf_release(&b);
	}
out:
	for (size_t i = 0; i < n; i++)
		strlist_clear(&cand[i].argv);
	free(cand);
	free(proc);
}

/* --- entry point -------------------------------------------------------- */

int source_host_read(struct host_facts **out, const char *root, const struct host_options *opts,
		     struct errbuf *err)
{
	struct host_ctx c = { 0 };
	struct host_facts *h;
	struct stat st;
	char *rootcopy;
	size_t len;
	int rootless;
	const char *dr, *src;

	*out = NULL;
	if (!root || !*root)
		return err_set(err, "host root is empty");
	if (stat(root, &st) < 0)
		return err_set(err, "cannot use host root '%s': %s", root, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(err, "cannot use host root '%s': not a directory", root);
	h = xcalloc(1, sizeof(*h));
	h->root = xstrdup(root);
	h->dockerd_uid = -1;
	h->docker_gid = -1;
	rootcopy = xstrdup(root);
	len = strlen(rootcopy);
	while (len && rootcopy[len - 1] == '/')
		rootcopy[--len] = '\0';
	c.h = h;
	c.root = rootcopy;

	{
		/* Both files name owners; a passwd error also spoils 1.1.2's member list. */
		char *perr = NULL;
		int users = accounts_read(&c, &c.users, 0, &perr);

		if (accounts_read(&c, &c.groups, 1, &h->group_error) > 0 && users >= 0) {
			h->group_known = 1;
			read_docker_group(&c);
		}
		if (perr && !h->group_error)
			h->group_error = perr;
		else
			free(perr);
	}

	find_dockerd(&c, opts);
	if (h->dockerd_pid)
		host_dockerd_apply_argv(h, &h->dockerd_argv);
	rootless = host_dockerd_bool(h, "rootless", 0) || h->dockerd_uid > 0;
	read_config(&c, rootless);

	host_files_find_unit(&c, &h->files[HF_DOCKER_SERVICE], "docker.service");
	host_files_find_unit(&c, &h->files[HF_DOCKER_SOCKET_UNIT], "docker.socket");
	host_files_find_unit(&c, &h->files[HF_CONTAINERD_SOCKET_UNIT], "containerd.socket");
	host_files_find_dropins(&c, &h->service_dropins, "docker.service");
	host_files_find_dropins(&c, &h->socket_dropins, "docker.socket");
	host_stat(&c, &h->files[HF_ETC_DOCKER], "/etc/docker", NULL);
	host_stat(&c, &h->files[HF_ETC_DEFAULT_DOCKER], "/etc/default/docker", NULL);
	host_stat(&c, &h->files[HF_ETC_SYSCONFIG_DOCKER], "/etc/sysconfig/docker", NULL);
	if (host_dockerd_option(h, "containerd", &dr, &src) && dr[0] == '/') {
		host_stat(&c, &h->files[HF_CONTAINERD_SOCK], dr, src);
	} else {
		host_stat(&c, &h->files[HF_CONTAINERD_SOCK], "/run/containerd/containerd.sock",
			  NULL);
		/* Without a system containerd, dockerd starts its own under its exec root. */
		if (h->files[HF_CONTAINERD_SOCK].state == HOST_FILE_ABSENT && h->dockerd_pid) {
			const char *er = NULL;
			char *own;

			if (!host_dockerd_option(h, "exec-root", &er, NULL) || er[0] != '/')
				er = "/var/run/docker";
			own = xstrfmt("%s/containerd/containerd.sock", er);
			host_stat(&c, &h->files[HF_CONTAINERD_SOCK], own,
				  "dockerd's own containerd");
			if (h->files[HF_CONTAINERD_SOCK].state == HOST_FILE_ABSENT)
				host_stat(&c, &h->files[HF_CONTAINERD_SOCK],
					  "/run/containerd/containerd.sock", NULL);
			free(own);
		}
	}
	host_stat(&c, &h->files[HF_CONTAINERD_CONFIG], "/etc/containerd/config.toml", NULL);
	host_stat(&c, &h->files[HF_RUN_CONTAINERD], "/run/containerd", NULL);
	if (host_dockerd_option(h, "data-root", &dr, NULL) && dr[0] == '/') {
		host_stat(&c, &h->files[HF_DATA_ROOT], dr, "data-root");
	} else if (rootless && h->dockerd_uid > 0 && host_home_of(&c, h->dockerd_uid)) {
		char *p = xstrfmt("%s/.local/share/docker", host_home_of(&c, h->dockerd_uid));

		host_stat(&c, &h->files[HF_DATA_ROOT], p, "rootless default");
		free(p);
	} else {
		host_stat(&c, &h->files[HF_DATA_ROOT], "/var/lib/docker", "default");
	}
	host_files_find_dockerd_bin(&c);
	host_files_find_binary(&c, &h->files[HF_CONTAINERD_BIN], "containerd");
	host_files_find_binary(&c, &h->files[HF_SHIM_BIN], "containerd-shim");
	host_files_find_binary(&c, &h->files[HF_SHIM_V1_BIN], "containerd-shim-runc-v1");
	host_files_find_binary(&c, &h->files[HF_SHIM_V2_BIN], "containerd-shim-runc-v2");
	host_files_find_binary(&c, &h->files[HF_RUNC_BIN], "runc");
	host_files_find_tls_file(&c, HF_TLSCACERT, "tlscacert", "ca.pem");
	host_files_find_tls_file(&c, HF_TLSCERT, "tlscert", "cert.pem");
	host_files_find_tls_file(&c, HF_TLSKEY, "tlskey", "key.pem");
	host_files_walk_certs(&c, &h->registry_certs, "/etc/docker/certs.d", 0);
	host_files_find_sockets(&c, rootless);
	host_files_read_audit_rules(&c);
	host_files_read_mounts(&c);

	accounts_release(&c.users);
	accounts_release(&c.groups);
	free(rootcopy);
	*out = h;
	return 0;
}

int source_host_attach(struct run *r, const char *root, const struct host_options *opts,
		       struct errbuf *err)
{
	struct host_facts *h = NULL;

	if (root && strcmp(root, "none")) {
		if (source_host_read(&h, root, opts, err) < 0)
			return -1;
		host_facts_free(r->facts.host);
		r->facts.host = h;
	}
	/* The name is the stable identity in fingerprints, wherever the root is mounted. */
	if (h && strcmp(root, "/")) {
		char *display = xstrfmt("host (root %s)", root);

		run_add_target(r, TARGET_HOST, "host", display, NULL);
		free(display);
	} else {
		run_add_target(r, TARGET_HOST, "host", "host", NULL);
	}
	return 0;
}
