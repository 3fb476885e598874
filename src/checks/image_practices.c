/*
 * checks/image_practices.c - image best practices beyond CIS (DG-IMG-NNN):
 * secrets left in lower layers, latest tags, sudo, package caches,
 * permissions, exposed ports, volumes, accounts and files that should not
 * ship. Like section 4 (checks/image.c) they judge the merged filesystem and
 * the config, and their evidence keys follow the rules written there.
 */
#include "checks.h"
#include "engine.h"
#include "policy.h"
#include "image_check.h"
#include "image_util.h"
#include "image_secret.h"
#include "secret.h"
#include "buf.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

static void check_secret_left_in_layer(const struct facts *, const struct target *,
				       struct findings *);
static void check_latest_tag(const struct facts *, const struct target *, struct findings *);
static void check_sudo_in_commands(const struct facts *, const struct target *, struct findings *);
static void check_package_cache(const struct facts *, const struct target *, struct findings *);
static void check_world_writable(const struct facts *, const struct target *, struct findings *);
static void check_sensitive_ports(const struct facts *, const struct target *, struct findings *);
static void check_sensitive_volumes(const struct facts *, const struct target *, struct findings *);
static void check_empty_password(const struct facts *, const struct target *, struct findings *);
static void check_duplicate_ids(const struct facts *, const struct target *, struct findings *);
static void check_unneeded_files(const struct facts *, const struct target *, struct findings *);

const struct check checks_image_practices[] = {
	{
		.id = "DG-IMG-001",
		.name = "secret-left-in-layer",
		.section = 4,
		.title = "Ensure no secret is left in a lower image layer",
		.scope = SCOPE_IMAGE,
		.needs = NEED_IMAGE_FILES,
		.severity = SEV_CRITICAL,
		.rationale =
			"Deleting or overwriting a file in a later Dockerfile step only hides it: the layer that added it is still in the image, and anyone who has the image can extract the secret with tar. The secret must be treated as leaked.",
		.remediation =
			"Rotate the secret. Keep secrets out of every layer: use BuildKit secret mounts (RUN --mount=type=secret,id=key,target=/root/.ssh/id_rsa ...) or SSH forwarding (RUN --mount=type=ssh), or a multi-stage build that copies only the build output into the final stage (COPY --from=build /out /app). Squashing hides the layer but does not undo the leak.",
		.fn = check_secret_left_in_layer,
	},
	{
		.id = "DG-IMG-002",
		.name = "latest-tag",
		.section = 4,
		.title = "Ensure images are tagged with a version, not latest",
		.scope = SCOPE_IMAGE,
		.severity = SEV_LOW,
		.rationale =
			"latest, or no tag at all, names whatever was built last: deployments are not reproducible, rollbacks are guesswork, and findings of different builds share one name.",
		.remediation =
			"Tag every build with a version or commit (myapp:1.4.2, myapp:git-3f2a1b9) and deploy by that tag or by digest (myapp@sha256:...).",
		.fn = check_latest_tag,
	},
	{
		.id = "DG-IMG-003",
		.name = "sudo-in-commands",
		.section = 4,
		.title = "Ensure sudo is not used in build commands",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.rationale =
			"Build steps already run as the user USER selects; sudo in them means the image ships sudo and a sudoers policy, an easy escalation for anything that compromises the container's user.",
		.remediation =
			"Run privileged steps as root before switching users (USER root ... USER app) and remove sudo from the image; entrypoints that must drop privileges can use gosu or su-exec.",
		.fn = check_sudo_in_commands,
	},
	{
		.id = "DG-IMG-004",
		.name = "package-cache",
		.section = 4,
		.title = "Ensure package manager caches are removed from the image",
		.scope = SCOPE_IMAGE,
		.needs = NEED_IMAGE_FILES,
		.severity = SEV_LOW,
		.rationale =
			"Package indexes and downloaded packages left in a layer make the image bigger and slower to pull and scan, and carry stale metadata.",
		.remediation =
			"Clean up in the RUN step that installs: apt-get install ... && rm -rf /var/lib/apt/lists/*; apk add --no-cache; dnf install ... && dnf clean all; pip install --no-cache-dir; npm ci && npm cache clean --force; or keep caches out of the image with RUN --mount=type=cache,target=/root/.cache/pip.",
		.fn = check_package_cache,
	},
	{
		.id = "DG-IMG-005",
		.name = "world-writable",
		.section = 4,
		.title =
			"Ensure no files are world-writable and world-writable directories are sticky",
		.scope = SCOPE_IMAGE,
		.needs = NEED_IMAGE_FILES,
		.severity = SEV_MEDIUM,
		.rationale =
			"Any process in the container, whatever its user, can change a world-writable file (a binary, a script, a configuration) or replace files in a world-writable directory without the sticky bit, turning a low-privilege foothold into code running as another user.",
		.remediation =
			"Fix permissions in the Dockerfile (COPY --chmod=0644, RUN chmod o-w PATH), give directories the application writes to its own user (COPY --chown=app:app, RUN install -d -o app /data), and use mode 1777 only for shared temporary directories.",
		.fn = check_world_writable,
	},
	{
		.id = "DG-IMG-006",
		.name = "sensitive-ports",
		.section = 4,
		.title = "Ensure images do not expose remote administration ports",
		.scope = SCOPE_IMAGE,
		.severity = SEV_HIGH,
		.rationale =
			"Exposing SSH (22), telnet (23) or the Docker API (2375, 2376) invites remote shells into the container or full control of a Docker daemon; containers are managed through docker exec and the orchestrator.",
		.remediation =
			"Remove the EXPOSE instruction and the service behind it (sshd, telnetd, dockerd) from the image and use docker exec or kubectl exec for access. List deliberate exceptions in the policy's allowed_ports.",
		.fn = check_sensitive_ports,
	},
	{
		.id = "DG-IMG-007",
		.name = "sensitive-volumes",
		.section = 4,
		.title = "Ensure images do not declare volumes on sensitive paths",
		.scope = SCOPE_IMAGE,
		.severity = SEV_HIGH,
		.rationale =
			"A VOLUME on /, /etc, /proc, /sys, /dev, /boot or the Docker socket shows the image expects host system paths or the Docker API mounted into it, which hands the container control of the host.",
		.remediation =
			"Declare volumes only for application data (VOLUME /var/lib/app); do not build images that need the Docker socket or host system directories mounted.",
		.fn = check_sensitive_volumes,
	},
	{
		.id = "DG-IMG-008",
		.name = "empty-password",
		.section = 4,
		.title = "Ensure no account has an empty password",
		.scope = SCOPE_IMAGE,
		.needs = NEED_IMAGE_FILES,
		.severity = SEV_CRITICAL,
		.rationale =
			"An account whose password field is empty logs in, or is switched to with su, without any password.",
		.remediation =
			"Lock the account in the Dockerfile (RUN passwd -l NAME, or usermod -p '!' NAME) or remove it (RUN userdel NAME).",
		.fn = check_empty_password,
	},
	{
		.id = "DG-IMG-009",
		.name = "duplicate-ids",
		.section = 4,
		.title = "Ensure user and group ids are unique",
		.scope = SCOPE_IMAGE,
		.needs = NEED_IMAGE_FILES,
		.severity = SEV_MEDIUM,
		.rationale =
			"Accounts that share a uid, or groups that share a gid, are one identity to the kernel: file ownership and audit records cannot tell them apart, and a second uid 0 account is a hidden root.",
		.remediation =
			"Give every account its own uid and every group its own gid (useradd -u, groupadd -g) and remove duplicate lines from /etc/passwd and /etc/group.",
		.fn = check_duplicate_ids,
	},
	{
		.id = "DG-IMG-010",
		.name = "unneeded-files",
		.section = 4,
		.title = "Ensure build and editor files are not shipped in the image",
		.scope = SCOPE_IMAGE,
		.needs = NEED_IMAGE_FILES,
		.severity = SEV_LOW,
		.rationale =
			"VCS directories (.git), Dockerfiles, compose files and editor settings copied into an image reveal source history, internal hosts and sometimes credentials, and add size for nothing.",
		.remediation =
			"List them in .dockerignore (.git, Dockerfile*, docker-compose*.yml, .vscode, .idea, .DS_Store), copy only what the application needs (COPY src/ /app/src/), or build in a multi-stage Dockerfile.",
		.fn = check_unneeded_files,
	},
};
const size_t checks_image_practices_count = ARRAY_SIZE(checks_image_practices);

static const struct strlist *policy_allowed_ports(const struct facts *facts)
{
	return facts && facts->policy ? &facts->policy->allowed_ports : NULL;
}

static void check_secret_left_in_layer(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	const struct image *img = t->image;
	const struct strlist *globs = image_check_policy_secret_files(facts);

	for (size_t i = 0; i < img->nremoved; i++) {
		const struct image_file *f = &img->removed[i];
		char *what = secret_file_describe(f, globs);
		char *key;
		const char *digest;

		if (!what)
			continue;
		key = xstrfmt("layer:%d:%s", f->layer, f->path);
		digest = f->layer >= 0 && (size_t)f->layer < img->nlayers &&
					 img->layers[f->layer].digest
				 ? img->layers[f->layer].digest
				 : "unknown digest";
		image_check_fail_file(
			img, f, out, key,
			"%s was shipped in layer %d (%.19s) and deleted or replaced later; it is still extractable from the image tarball",
			what, f->layer, digest);
		free(key);
		free(what);
	}
}

/* Is "repo:tag" tagged latest, explicitly or by having no tag? */
static int tag_is_latest(const char *ref)
{
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(slash ? slash : ref, ':');

	return !colon || !strcmp(colon + 1, "latest");
}

static void check_latest_tag(const struct facts *facts, const struct target *t,
			     struct findings *out)
{
	const struct image *img = t->image;

	(void)facts;
	if (!img->repo_tags.n) {
		check_fail(out, "tag", "image has no repository tag");
		return;
	}
	for (size_t i = 0; i < img->repo_tags.n; i++) {
		if (tag_is_latest(img->repo_tags.v[i])) {
			check_fail(out, "tag",
				   "image is tagged '%.*s', which names no fixed version",
				   IMAGE_CHECK_SHOW_MAX, img->repo_tags.v[i]);
			return;
		}
	}
}

static void check_sudo_in_commands(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	const struct image *img = t->image;

	(void)facts;
	for (size_t i = 0; i < img->nhistory; i++) {
		struct history_instr h;
		struct shell_cmds cmds = { 0 };
		int sudo = 0;

		history_parse(img->history[i].created_by, &h);
		if (h.kind == HISTORY_RUN)
			shell_split(h.body, &cmds);
		for (size_t j = 0; j < cmds.n; j++)
			shell_cmd_program(&cmds.v[j], &sudo);
		if (sudo)
			image_check_fail_step(img, i, out,
					      "history step %zu runs a command with sudo", i);
		shell_cmds_release(&cmds);
		history_instr_release(&h);
	}
}

/* A cache directory (glob on whole components) and which files under it count. */
static const struct cache_rule {
	const char *dir;
	const char *only;    /* glob on the path below dir, NULL = any */
	const char *skip[3]; /* globs on the path below dir that do not count */
} cache_rules[] = {
	{ "var/lib/apt/lists", NULL, { "lock", "partial/*", "auxfiles/*" } },
	{ "var/cache/apt/archives", "*.deb", { "partial/*" } },
	{ "var/cache/apt", "*.bin", { NULL } },
	{ "var/cache/apk", NULL, { NULL } },
	{ "var/cache/yum", NULL, { NULL } },
	{ "var/cache/dnf", NULL, { NULL } },
	{ "var/cache/zypp", NULL, { NULL } },
	{ "root/.cache/pip", NULL, { NULL } },
	{ "home/*/.cache/pip", NULL, { NULL } },
	{ "root/.npm", "_cacache/*", { NULL } },
	{ "home/*/.npm", "_cacache/*", { NULL } },
	{ "root/.cache/yarn", NULL, { NULL } },
	{ "home/*/.cache/yarn", NULL, { NULL } },
	{ "usr/local/share/.cache/yarn", NULL, { NULL } },
	{ "root/.cache/go-build", NULL, { NULL } },
	{ "home/*/.cache/go-build", NULL, { NULL } },
};

struct cache_hit {
	size_t files;
	long long bytes;
	const struct image_file *last; /* file of the highest layer, for annotation */
};

/* Length of the first n components of path when more follow, else 0. */
static size_t path_prefix_len(const char *path, size_t n)
{
	const char *p = path;

	for (size_t i = 0; i < n; i++) {
		p = strchr(p, '/');
		if (!p)
			return 0;
		p++;
	}
	return *p ? (size_t)(p - path - 1) : 0;
}

/* The cache directory a regular file belongs to, as a new string, or NULL. */
static char *cache_dir_of(const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(cache_rules); i++) {
		const struct cache_rule *r = &cache_rules[i];
		size_t comps = 1, len;
		char *dir;
		const char *rest;
		int ok;

		for (const char *p = r->dir; *p; p++)
			comps += *p == '/';
		if (!(len = path_prefix_len(path, comps)))
			continue;
		dir = xstrndup(path, len);
		rest = path + len + 1;
		ok = fnmatch(r->dir, dir, FNM_PATHNAME) == 0 &&
		     (!r->only || glob_match(r->only, rest));
		for (size_t j = 0; ok && j < ARRAY_SIZE(r->skip) && r->skip[j]; j++)
			ok = !glob_match(r->skip[j], rest);
		if (ok)
			return dir;
		free(dir);
	}
	return NULL;
}

/* Count f under its cache directory dir (set index = hits index). */
static void cache_hit_add(struct strset *dirs, struct cache_hit **v, size_t *alloc, const char *dir,
			  const struct image_file *f)
{
	struct cache_hit *h;
	int added;
	size_t i = strset_add(dirs, dir, &added);

	if (added) {
		ALLOC_GROW(*v, i + 1, *alloc);
		memset(&(*v)[i], 0, sizeof(**v));
	}
	h = &(*v)[i];
	h->files++;
	h->bytes += f->size > 0 ? f->size : 0;
	if (!h->last || f->layer > h->last->layer)
		h->last = f;
}

static void check_package_cache(const struct facts *facts, const struct target *t,
				struct findings *out)
{
	const struct image *img = t->image;
	struct cache_hit *hits = NULL;
	struct strset dirs = { 0 };
	size_t alloc = 0;

	(void)facts;
	for (size_t i = 0; i < img->nfiles; i++) {
		const struct image_file *f = &img->files[i];
		char *dir;

		if (f->type != FILE_REG ||
		    (strncmp(f->path, "var/", 4) && strncmp(f->path, "root/", 5) &&
		     strncmp(f->path, "home/", 5) && strncmp(f->path, "usr/local/", 10)))
			continue;
		if ((dir = cache_dir_of(f->path)))
			cache_hit_add(&dirs, &hits, &alloc, dir, f);
		free(dir);
	}
	for (size_t i = 0; i < dirs.keys.n; i++)
		image_check_fail_file(img, hits[i].last, out, dirs.keys.v[i],
				      "package cache left in /%s (%zu files, %lld KiB)",
				      dirs.keys.v[i], hits[i].files, (hits[i].bytes + 1023) / 1024);
	strset_clear(&dirs);
	free(hits);
}

static int under_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (!path[n] || path[n] == '/');
}

static void check_world_writable(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const struct image *img = t->image;

	(void)facts;
	for (size_t i = 0; i < img->nfiles; i++) {
		const struct image_file *f = &img->files[i];

		if (!(f->mode & 0002) || under_dir(f->path, "proc") || under_dir(f->path, "sys") ||
		    under_dir(f->path, "dev"))
			continue;
		if (f->type == FILE_DIR && !(f->mode & 01000))
			image_check_fail_file(
				img, f, out, NULL,
				"world-writable directory /%s without the sticky bit (mode %#o)",
				f->path, f->mode & 07777);
		else if (f->type == FILE_REG)
			image_check_fail_file(img, f, out, NULL,
					      "world-writable file /%s (mode %#o)", f->path,
					      f->mode & 07777);
	}
}

static const struct {
	unsigned port;
	const char *what;
} sensitive_ports[] = {
	{ 22, "SSH" },
	{ 23, "telnet" },
	{ 2375, "the unencrypted Docker API" },
	{ 2376, "the Docker API" },
};

static int port_allowed(const struct strlist *allowed, unsigned port, const char *proto)
{
	char full[48], bare[16];

	snprintf(full, sizeof(full), "%u/%.16s", port, proto);
	snprintf(bare, sizeof(bare), "%u", port);
	for (size_t i = 0; allowed && i < allowed->n; i++)
		if (!strcasecmp(allowed->v[i], full) || !strcmp(allowed->v[i], bare))
			return 1;
	return 0;
}

static void check_sensitive_ports(const struct facts *facts, const struct target *t,
				  struct findings *out)
{
	const struct image *img = t->image;
	const struct strlist *allowed = policy_allowed_ports(facts);

	for (size_t i = 0; i < img->config.exposed_ports.n; i++) {
		const char *e = img->config.exposed_ports.v[i];
		size_t digits = strspn(e, "0123456789");
		const char *proto = e[digits] == '/' ? e + digits + 1 : "tcp";
		unsigned long port;
		struct finding *f;
		char key[48];

		if (!digits || digits > 5 || (e[digits] && e[digits] != '/'))
			continue;
		port = strtoul(e, NULL, 10);
		for (size_t j = 0; j < ARRAY_SIZE(sensitive_ports); j++) {
			if (port != sensitive_ports[j].port ||
			    port_allowed(allowed, (unsigned)port, proto))
				continue;
			snprintf(key, sizeof(key), "port:%lu/%.16s", port, proto);
			f = check_fail(out, key, "image exposes port %lu/%.16s (%s)", port, proto,
				       sensitive_ports[j].what);
			f->history = image_check_step_of(img, "EXPOSE", key + 5);
			if (f->history < 0) {
				snprintf(key, sizeof(key), "%lu", port); /* "EXPOSE 22" */
				f->history = image_check_step_of(img, "EXPOSE", key);
			}
		}
	}
}

static void check_sensitive_volumes(const struct facts *facts, const struct target *t,
				    struct findings *out)
{
	static const char *const sensitive[] = {
		"/",
		"/proc",
		"/sys",
		"/dev",
		"/etc",
		"/boot",
		"/var/run/docker.sock",
		"/run/docker.sock",
	};
	const struct image *img = t->image;

	(void)facts;
	for (size_t i = 0; i < img->config.volumes.n; i++) {
		struct buf norm = BUF_INIT;
		const char *v = img->config.volumes.v[i];
		struct finding *f;
		char *key;

		/* "//etc/" -> "/etc": collapse slashes, drop a trailing one. */
		buf_addc(&norm, '/');
		for (const char *p = v; *p; p++)
			if (*p != '/' || (norm.s[norm.len - 1] != '/'))
				buf_addc(&norm, *p);
		if (norm.len > 1 && norm.s[norm.len - 1] == '/')
			norm.s[--norm.len] = '\0';
		for (size_t j = 0; j < ARRAY_SIZE(sensitive); j++) {
			if (strcmp(norm.s, sensitive[j]))
				continue;
			key = xstrfmt("volume:%s", norm.s);
			f = check_fail(out, key, "image declares VOLUME %s", norm.s);
			f->history = image_check_step_of(img, "VOLUME", norm.s);
			free(key);
		}
		buf_release(&norm);
	}
}

static void check_empty_password(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const struct image *img = t->image;
	struct accounts shadow = { 0 }, passwd = { 0 };
	struct strset seen = { 0 };

	(void)facts;
	accounts_parse(&shadow, img->etc_shadow);
	accounts_parse(&passwd, img->etc_passwd);
	for (int pass = 0; pass < 2; pass++) {
		const struct accounts *a = pass ? &passwd : &shadow;

		for (size_t i = 0; i < a->n; i++) {
			char *key;
			int added;

			if (*a->v[i].password)
				continue;
			key = xstrfmt("user:%s", a->v[i].name);
			strset_add(&seen, key, &added);
			if (added)
				check_fail(out, key,
					   "account '%.*s' has an empty password in %s (line %u)",
					   IMAGE_CHECK_SHOW_MAX, a->v[i].name,
					   pass ? "/etc/passwd" : "/etc/shadow", a->v[i].line);
			free(key);
		}
	}
	strset_clear(&seen);
	accounts_release(&shadow);
	accounts_release(&passwd);
}

static int account_id_cmp(const void *pa, const void *pb)
{
	const struct account *a = *(const struct account *const *)pa,
			     *b = *(const struct account *const *)pb;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* One failure per id that several lines of an account file share. */
static void duplicate_ids(const char *text, const char *what, const char *file,
			  struct findings *out)
{
	struct accounts a = { 0 };
	const struct account **v;
	size_t n = 0;

	accounts_parse(&a, text);
	v = xcalloc(a.n ? a.n : 1, sizeof(*v));
	for (size_t i = 0; i < a.n; i++)
		if (a.v[i].id >= 0)
			v[n++] = &a.v[i];
	qsort(v, n, sizeof(*v), account_id_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		struct buf names = BUF_INIT;
		char key[32];

		for (j = i + 1; j < n && v[j]->id == v[i]->id; j++)
			;
		if (j - i < 2)
			continue;
		for (size_t k = i; k < j && k < i + 5; k++)
			buf_addf(&names, "%s'%.*s'", k > i ? ", " : "", IMAGE_CHECK_SHOW_MAX,
				 v[k]->name);
		if (j - i > 5)
			buf_addf(&names, " and %zu more", j - i - 5);
		snprintf(key, sizeof(key), "%s:%lld", what, v[i]->id);
		check_fail(out, key, "%s %lld is shared by %s in %s", what, v[i]->id, names.s,
			   file);
		buf_release(&names);
	}
	free(v);
	accounts_release(&a);
}

static void check_duplicate_ids(const struct facts *facts, const struct target *t,
				struct findings *out)
{
	(void)facts;
	duplicate_ids(t->image->etc_passwd, "uid", "/etc/passwd", out);
	duplicate_ids(t->image->etc_group, "gid", "/etc/group", out);
}

/* Vendored dependency trees ship such files as part of packages: not the image author's. */
static int in_vendored_tree(const char *path)
{
	return !strncmp(path, "usr/share/", 10) || !strncmp(path, "usr/lib/", 8) ||
	       path_in_package_tree(path);
}

/* Length of the path up to and including its first VCS/editor directory component, or 0. */
static size_t unneeded_dir_len(const char *path)
{
	static const char *const dirs[] = { ".git", ".svn", ".hg", ".vscode", ".idea" };

	for (const char *c = path; c; c = strchr(c, '/') ? strchr(c, '/') + 1 : NULL) {
		size_t n = strcspn(c, "/");

		for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
			if (strlen(dirs[i]) == n && !strncmp(c, dirs[i], n))
				return (size_t)(c - path) + n;
	}
	return 0;
}

static int unneeded_file_name(const char *base)
{
	static const char *const names[] = {
		"Dockerfile",	"docker-compose.yml", "docker-compose.yaml", "compose.yml",
		"compose.yaml", ".DS_Store",	      ".dockerignore",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(base, names[i]))
			return 1;
	return !strncmp(base, "Dockerfile.", 11) ||
	       (strlen(base) > 11 && !strcasecmp(base + strlen(base) - 11, ".dockerfile"));
}

static void check_unneeded_files(const struct facts *facts, const struct target *t,
				 struct findings *out)
{
	const struct image *img = t->image;
	const char *prev = "";

	(void)facts;
	for (size_t i = 0; i < img->nfiles; i++) {
		const struct image_file *f = &img->files[i];
		size_t dl;

		if (in_vendored_tree(f->path))
			continue;
		if ((dl = unneeded_dir_len(f->path))) {
			char *dir = xstrndup(f->path, dl);

			/*
			 * Report the directory once: at its own entry, or (when the
			 * tarball has none) at the first file below it; files below
			 * one directory are contiguous in sorted order.
			 */
			if (!f->path[dl] || (!image_find_file(img, dir) &&
					     !(!strncmp(prev, dir, dl) && prev[dl] == '/')))
				image_check_fail_file(img, f, out, dir,
						      "/%s should not be in the image", dir);
			free(dir);
		} else if (f->type == FILE_REG && unneeded_file_name(path_basename(f->path))) {
			image_check_fail_file(img, f, out, NULL, "/%s should not be in the image",
					      f->path);
		}
		prev = f->path;
	}
}
