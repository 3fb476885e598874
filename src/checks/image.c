/*
 * checks/image.c - CIS section 4 (container images and build file). All
 * checks judge the merged filesystem and the config, not only the history
 * text. The image best practices beyond CIS (DG-IMG-NNN) are in
 * checks/image_practices.c; what both share is in image_check.h.
 *
 * Evidence keys are stable and never carry a secret value: "Config.User",
 * "history:<step>", "env:NAME", "arg:NAME", a normalized path ("usr/bin/x",
 * no leading "/"), "layer:<index>:<path>", "port:22/tcp", "volume:/etc",
 * "user:<name>", "uid:<n>", "gid:<n>", "tag". Messages show paths with a
 * leading "/" and redact values ("ENV GITHUB_TOKEN=****").
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

static void check_non_root_user(const struct facts *, const struct target *, struct findings *);
static void check_healthcheck(const struct facts *, const struct target *, struct findings *);
static void check_update_instructions_alone(const struct facts *, const struct target *,
					    struct findings *);
static void check_setuid_setgid_files(const struct facts *, const struct target *,
				      struct findings *);
static void check_copy_not_add(const struct facts *, const struct target *, struct findings *);
static void check_secrets_in_image(const struct facts *, const struct target *, struct findings *);

const struct check checks_image[] = {
	{
		.id = "CIS-4.1",
		.name = "non-root-user",
		.cis = "4.1",
		.section = 4,
		.title = "Ensure that a user for the container has been created",
		.scope = SCOPE_IMAGE,
		.severity = SEV_HIGH,
		.level = 1,
		.rationale =
			"Containers run as root unless the image sets a non-root USER; a root process that escapes the container, or writes to a mounted volume, acts as root on the host. A USER name that the image's /etc/passwd maps to uid 0 is root too.",
		.remediation =
			"Create an unprivileged user in the Dockerfile (RUN groupadd -r app && useradd -r -g app -u 10001 app) and end with USER 10001: a numeric uid lets runtimes verify non-root without reading /etc/passwd. Never give that user uid 0.",
		.fn = check_non_root_user,
	},
	{
		.id = "CIS-4.2",
		.name = "trusted-base-images",
		.cis = "4.2",
		.section = 4,
		.title = "Ensure that containers use only trusted base images",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"Base images from unknown publishers may carry malware or unpatched software; whether a base is trusted is an organisational decision.",
		.remediation =
			"Build from base images your organisation approves (official or internal images), pinned by digest.",
		.fn = NULL,
	},
	{
		.id = "CIS-4.3",
		.name = "unnecessary-packages",
		.cis = "4.3",
		.section = 4,
		.title = "Ensure that unnecessary packages are not installed in the container",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"Every extra package widens the attack surface and the patching burden; which packages an application needs cannot be decided from the image alone.",
		.remediation =
			"Start from a minimal base (distroless, alpine, debian slim, scratch), install with apt-get install --no-install-recommends or apk add --no-cache, and use a multi-stage build so compilers and build tools stay in the build stage (COPY --from=build /out /app).",
		.fn = NULL,
	},
	{
		.id = "CIS-4.4",
		.name = "image-security-patches",
		.cis = "4.4",
		.section = 4,
		.title = "Ensure images are scanned and rebuilt to include security patches",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"An image freezes its packages at build time, so known vulnerabilities accumulate until it is rebuilt. Judging them needs a vulnerability database, which dockgate does not ship.",
		.remediation =
			"Scan every image in CI with a vulnerability scanner (Trivy, Grype, Docker Scout), rebuild on a schedule with docker build --pull --no-cache so base layers and packages are current, and redeploy the rebuilt image.",
		.fn = NULL,
	},
	{
		.id = "CIS-4.5",
		.name = "content-trust",
		.cis = "4.5",
		.section = 4,
		.title = "Ensure Content trust for Docker is Enabled",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.level = 2,
		.rationale =
			"Content trust makes the Docker client verify image signatures when it pulls, pushes, builds and runs. It is a client/pull-side setting (DOCKER_CONTENT_TRUST=1 in the environment of whoever pulls), not a property of an image tarball, so an image audit cannot see it; and dockgate does not judge the environment of the auditing machine, which is rarely the one that pulls in production.",
		.remediation =
			"Set DOCKER_CONTENT_TRUST=1 for every host and CI job that pulls or runs images (e.g. in /etc/environment or the pipeline's environment), or verify signatures with cosign or notation in the deploy or admission step.",
		.fn = NULL,
	},
	{
		.id = "CIS-4.6",
		.name = "healthcheck",
		.cis = "4.6",
		.section = 4,
		.title = "Ensure that HEALTHCHECK instructions have been added to container images",
		.scope = SCOPE_IMAGE,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"Without a HEALTHCHECK the engine cannot tell a hung service from a healthy one, so it cannot restart or replace it.",
		.remediation =
			"Add a HEALTHCHECK instruction that exercises the service, e.g. HEALTHCHECK CMD curl -f http://localhost/ || exit 1.",
		.fn = check_healthcheck,
	},
	{
		.id = "CIS-4.7",
		.name = "update-instructions-alone",
		.cis = "4.7",
		.section = 4,
		.title = "Ensure update instructions are not used alone in Dockerfiles",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.rationale =
			"A RUN step that only refreshes the package index (apt-get update, apk update, yum update) is cached as a layer of its own: later builds reuse the stale index and install outdated packages, or fail once the mirrors have moved on.",
		.remediation =
			"Refresh and install in the same RUN instruction and clean up there too: RUN apt-get update && apt-get install -y --no-install-recommends pkg && rm -rf /var/lib/apt/lists/* (Alpine: RUN apk add --no-cache pkg; Fedora/RHEL: RUN dnf install -y pkg && dnf clean all).",
		.fn = check_update_instructions_alone,
	},
	{
		.id = "CIS-4.8",
		.name = "setuid-setgid-files",
		.cis = "4.8",
		.section = 4,
		.title = "Ensure setuid and setgid permissions are removed",
		.scope = SCOPE_IMAGE,
		.needs = NEED_IMAGE_FILES,
		.severity = SEV_MEDIUM,
		.level = 2,
		.rationale =
			"Setuid and setgid programs run with their owner's or group's privileges; a flaw in any of them lets a process in the container escalate to root. Containers rarely need them beyond a few account tools.",
		.remediation =
			"Strip the bits in the Dockerfile (RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +), or remove the packages that ship the programs; run containers with --security-opt no-new-privileges. List vetted paths in the policy's setuid_allow.",
		.fn = check_setuid_setgid_files,
	},
	{
		.id = "CIS-4.9",
		.name = "copy-not-add",
		.cis = "4.9",
		.section = 4,
		.title = "Ensure that COPY is used instead of ADD in Dockerfiles",
		.scope = SCOPE_IMAGE,
		.severity = SEV_LOW,
		.level = 1,
		.rationale =
			"ADD fetches remote URLs and unpacks local archives implicitly: it can pull unverified content from the network, or drop unexpected files from a hostile archive into the image. COPY only copies.",
		.remediation =
			"Use COPY for local files. Download with RUN curl -fsSLo app.tgz URL && echo 'SHA256  app.tgz' | sha256sum -c - (or ADD --checksum=sha256:...) and unpack archives explicitly with RUN tar -xzf.",
		.fn = check_copy_not_add,
	},
	{
		.id = "CIS-4.10",
		.name = "secrets-in-image",
		.cis = "4.10",
		.section = 4,
		.title = "Ensure secrets are not stored in Dockerfiles",
		.scope = SCOPE_IMAGE,
		.severity = SEV_CRITICAL,
		.level = 1,
		.rationale =
			"Everyone who can pull an image can read it: ENV values and build arguments stay in the image config and history (docker inspect, docker history), and files stay in the layers. Leaked keys and tokens give access to whatever they protect.",
		.remediation =
			"Pass build-time secrets with BuildKit secret mounts (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci) or SSH forwarding (RUN --mount=type=ssh git clone ...), never with ARG, ENV or COPY; give runtime secrets to the container at run time (Docker or Kubernetes secrets mounted as files, *_FILE variables); rotate every secret that was shipped.",
		.fn = check_secrets_in_image,
	},
	{
		.id = "CIS-4.11",
		.name = "verified-packages",
		.cis = "4.11",
		.section = 4,
		.title = "Ensure only verified packages are installed",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.level = 2,
		.rationale =
			"Packages installed without signature verification (curl | sh, apt [trusted=yes] or --allow-unauthenticated, yum --nogpgcheck) can be tampered with in transit or at the source; whether a build verified them is not recorded in the image.",
		.remediation =
			"Install only from repositories with signature checking (apt keys in /etc/apt/keyrings referenced by signed-by=, rpm gpgcheck=1, apk trusted keys) and verify downloaded artifacts with a checksum or signature (sha256sum -c, gpg --verify) before using them.",
		.fn = NULL,
	},
	{
		.id = "CIS-4.12",
		.name = "signed-artifacts",
		.cis = "4.12",
		.section = 4,
		.title = "Ensure all signed artifacts are validated",
		.scope = SCOPE_IMAGE,
		.severity = SEV_MEDIUM,
		.level = 2,
		.rationale =
			"Binaries, archives and charts added to an image should have their signatures checked before use; whether a build did so is not recorded in the image.",
		.remediation =
			"Verify signatures in the build (gpg --verify, cosign verify-blob) and fail it on a mismatch; sign the resulting image (cosign sign, notation sign) and verify it before deployment.",
		.fn = NULL,
	},
};
const size_t checks_image_count = ARRAY_SIZE(checks_image);

static const struct strlist *policy_setuid_allow(const struct facts *facts)
{
	return facts && facts->policy ? &facts->policy->setuid_allow : NULL;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void check_non_root_user(const struct facts *facts, const struct target *t,
				struct findings *out)
{
	const struct image *img = t->image;
	const char *u = img->config.user ? img->config.user : "";
	char *name = xstrndup(u, strcspn(u, ":"));
	struct accounts pw = { 0 };
	const struct account *a;
	struct finding *f;

	(void)facts;
	if (!*name) {
		check_fail(out, "Config.User", "image runs as root (no USER instruction)");
	} else if (!strcmp(name, "root") ||
		   (all_digits(name) && strspn(name, "0") == strlen(name))) {
		f = check_fail(out, "Config.User", "image runs as root (Config.User is '%.*s')",
			       IMAGE_CHECK_SHOW_MAX, u);
		f->history = image_check_step_of(img, "USER", NULL);
	} else if (!all_digits(name)) {
		accounts_parse(&pw, img->etc_passwd);
		if ((a = accounts_find(&pw, name)) && a->id == 0) {
			f = check_fail(
				out, "Config.User",
				"image runs as root: USER %.*s has uid 0 in /etc/passwd (line %u)",
				IMAGE_CHECK_SHOW_MAX, name, a->line);
			f->history = image_check_step_of(img, "USER", NULL);
		}
		accounts_release(&pw);
	}
	free(name);
}

static void check_healthcheck(const struct facts *facts, const struct target *t,
			      struct findings *out)
{
	const struct image_config *c = &t->image->config;
	struct finding *f;

	(void)facts;
	if (!c->has_healthcheck) {
		check_fail(out, "Config.Healthcheck", "no HEALTHCHECK instruction in the image");
	} else if (c->healthcheck.n && !strcmp(c->healthcheck.v[0], "NONE")) {
		f = check_fail(out, "Config.Healthcheck",
			       "HEALTHCHECK NONE disables the health check");
		f->history = image_check_step_of(t->image, "HEALTHCHECK", NULL);
	}
}

static void check_update_instructions_alone(const struct facts *facts, const struct target *t,
					    struct findings *out)
{
	const struct image *img = t->image;

	(void)facts;
	for (size_t i = 0; i < img->nhistory; i++) {
		struct history_instr h;
		struct shell_cmds cmds = { 0 };
		const char *tool = NULL, *verb = NULL, *tl, *vb;
		int install = 0;

		history_parse(img->history[i].created_by, &h);
		if (h.kind == HISTORY_RUN)
			shell_split(h.body, &cmds);
		for (size_t j = 0; j < cmds.n; j++) {
			enum pkg_action a = shell_cmd_package_action(&cmds.v[j], &tl, &vb);

			if (a == PKG_UPDATE && !tool) {
				tool = tl;
				verb = vb;
			}
			install |= a == PKG_INSTALL;
		}
		if (tool && !install)
			image_check_fail_step(
				img, i, out,
				"history step %zu runs '%s %s' without installing packages in the same step",
				i, tool, verb);
		shell_cmds_release(&cmds);
		history_instr_release(&h);
	}
}

/* Setuid/setgid programs a base system needs (account and ping tools). */
static const char *const setuid_allowed[] = {
	"bin/su",
	"usr/bin/su",
	"usr/bin/passwd",
	"usr/bin/chsh",
	"usr/bin/chfn",
	"usr/bin/gpasswd",
	"usr/bin/newgrp",
	"bin/mount",
	"bin/umount",
	"usr/bin/mount",
	"usr/bin/umount",
	"usr/bin/chage",
	"usr/bin/expiry",
	"sbin/unix_chkpwd",
	"usr/sbin/unix_chkpwd",
	"usr/bin/wall",
	"usr/bin/ssh-agent",
	"usr/lib/openssh/ssh-keysign",
	"usr/lib/dbus-1.0/dbus-daemon-launch-helper",
	"bin/ping",
	"usr/bin/ping",
	"bin/bbsuid", /* Alpine's busybox su/passwd helper */
};

static int setuid_is_allowed(const char *path, const struct strlist *extra)
{
	for (size_t i = 0; i < ARRAY_SIZE(setuid_allowed); i++)
		if (!strcmp(path, setuid_allowed[i]))
			return 1;
	for (size_t i = 0; extra && i < extra->n; i++) {
		const char *g = extra->v[i];

		while (*g == '/')
			g++;
		if (glob_match(g, path))
			return 1;
	}
	return 0;
}

static void check_setuid_setgid_files(const struct facts *facts, const struct target *t,
				      struct findings *out)
{
	const struct image *img = t->image;
	const struct strlist *allow = policy_setuid_allow(facts);

	for (size_t i = 0; i < img->nfiles; i++) {
		const struct image_file *f = &img->files[i];
		const char *kind;

		if ((f->type != FILE_REG && f->type != FILE_HARDLINK) || !(f->mode & 06000))
			continue;
		if (setuid_is_allowed(f->path, allow))
			continue;
		kind = (f->mode & 06000) == 06000 ? "setuid and setgid"
		       : (f->mode & 04000)	  ? "setuid"
						  : "setgid";
		image_check_fail_file(img, f, out, NULL, "%s file /%s (mode %#o, owner uid %lld)",
				      kind, f->path, f->mode & 07777, f->uid);
	}
}

static void check_copy_not_add(const struct facts *facts, const struct target *t,
			       struct findings *out)
{
	const struct image *img = t->image;
	int seen_layer = 0;

	(void)facts;
	for (size_t i = 0; i < img->nhistory; i++) {
		struct history_instr h;

		history_parse(img->history[i].created_by, &h);
		if (h.kind == HISTORY_ADD && seen_layer) {
			struct buf b = BUF_INIT;

			history_add_describe(h.body, &b);
			image_check_fail_step(img, i, out, "history step %zu uses ADD, which %s", i,
					      buf_str(&b));
			buf_release(&b);
		}
		if (!img->history[i].empty_layer)
			seen_layer = 1;
		history_instr_release(&h);
	}
}

/* Values that switch a feature rather than hold a secret (MYSQL_ALLOW_EMPTY_PASSWORD=yes). */
static int is_flag_value(const char *v)
{
	static const char *const flags[] = { "true", "false", "yes", "no", "on", "off", "0", "1" };

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (!strcasecmp(v, flags[i]))
			return 1;
	return 0;
}

/*
 * Fail once per "env:NAME"/"arg:NAME" when a NAME=value item holds a secret.
 * what is "ENV" or "ARG"; step is the history step or -1 for the config.
 */
static void secret_assignment(const struct image *img, const char *item, const char *what, int step,
			      struct strset *seen, struct findings *out)
{
	const char *eq = strchr(item, '=');
	size_t n = eq ? (size_t)(eq - item) : 0;
	int show = n > IMAGE_CHECK_SHOW_MAX ? IMAGE_CHECK_SHOW_MAX : (int)n;
	struct finding *f;
	char *key;
	int added;

	if (!eq || !n || !eq[1])
		return;
	if (!url_has_credentials(eq + 1) && (!secret_name(item, n) || is_flag_value(eq + 1)))
		return;
	key = xstrfmt("%s:%.*s", !strcmp(what, "ENV") ? "env" : "arg", (int)n, item);
	strset_add(seen, key, &added);
	if (!added) {
		free(key);
		return;
	}
	if (step < 0)
		f = check_fail(out, key,
			       "ENV %.*s=**** in the image config (docker inspect shows it)", show,
			       item);
	else if (!strcmp(what, "ENV"))
		f = check_fail(out, key, "ENV %.*s=**** set in history step %d", show, item, step);
	else
		f = check_fail(
			out, key,
			"ARG %.*s=**** recorded in history step %d (docker history shows build arguments)",
			show, item, step);
	if (step >= 0) {
		f->history = step;
		f->layer = img->history[step].layer;
	}
	free(key);
}

/*
 * A token or a credential URL written into an instruction ("git clone
 * https://user:ghp_...@github.com/...", "ADD https://u:pw@host/f") stays in
 * the image for anyone who runs docker history or docker inspect. Once per
 * place and kind of hit; step is the history step or -1 for the config.
 */
static void secret_in_text(const struct image *img, const char *text, const char *key_word,
			   const char *what, int step, struct strset *seen, struct findings *out)
{
	/* a PEM header alone is common in commands (grep 'BEGIN PRIVATE KEY', echo > id_rsa) */
	unsigned hits = secret_scan("", text, strlen(text)) &
			~(HIT_ENV_SECRET | HIT_PYPI_PASSWORD | HIT_PEM_PRIVATE_KEY);
	struct buf desc = BUF_INIT;
	struct finding *f;
	char *key;
	int added;

	if (!hits)
		return;
	content_hits_describe(hits, &desc);
	key = xstrfmt("%s:%s", key_word, desc.s);
	strset_add(seen, key, &added);
	if (added && step >= 0) {
		f = check_fail(out, key,
			       "%s in the %s of history step %d (docker history shows it)", desc.s,
			       what, step);
		f->history = step;
		f->layer = img->history[step].layer;
	} else if (added) {
		check_fail(out, key, "%s in the image config's %s (docker inspect shows it)",
			   desc.s, what);
	}
	free(key);
	buf_release(&desc);
}

/* The config's Cmd, Entrypoint and label values, each joined into one text. */
static void secrets_in_config_text(const struct image *img, struct strset *seen,
				   struct findings *out)
{
	const struct strlist *lists[] = { &img->config.cmd, &img->config.entrypoint };
	const char *const names[][2] = { { "cmd", "Cmd" }, { "entrypoint", "Entrypoint" } };
	struct buf b = BUF_INIT;

	for (size_t k = 0; k < ARRAY_SIZE(lists); k++) {
		buf_reset(&b);
		for (size_t i = 0; i < lists[k]->n; i++)
			buf_addf(&b, "%s%s", i ? " " : "", lists[k]->v[i]);
		if (b.len)
			secret_in_text(img, b.s, names[k][0], names[k][1], -1, seen, out);
	}
	for (size_t i = 0; i < img->config.nlabels; i++)
		if (img->config.labels[i].value)
			secret_in_text(img, img->config.labels[i].value, "label", "labels", -1,
				       seen, out);
	buf_release(&b);
}

/* 4.10 (a): ENV, build arguments, RUN and ADD lines in the history, then the config. */
static void secrets_in_metadata(const struct image *img, struct strset *seen, struct findings *out)
{
	for (size_t i = 0; i < img->nhistory; i++) {
		struct history_instr h;
		struct strlist items = { 0 };

		history_parse(img->history[i].created_by, &h);
		if (h.kind == HISTORY_RUN && h.body)
			secret_in_text(img, h.body, "run", "RUN command", (int)i, seen, out);
		else if ((h.kind == HISTORY_ADD || h.kind == HISTORY_COPY) && h.body)
			secret_in_text(img, h.body, "add", "ADD/COPY source", (int)i, seen, out);
		if (h.kind == HISTORY_ENV || h.kind == HISTORY_ARG)
			history_split_assignments(h.body, h.kind == HISTORY_ENV, &items);
		for (size_t j = 0; j < items.n; j++)
			secret_assignment(img, items.v[j], h.kind == HISTORY_ENV ? "ENV" : "ARG",
					  (int)i, seen, out);
		for (size_t j = 0; j < h.build_args.n; j++)
			secret_assignment(img, h.build_args.v[j], "ARG", (int)i, seen, out);
		strlist_clear(&items);
		history_instr_release(&h);
	}
	for (size_t i = 0; i < img->config.env.n; i++)
		secret_assignment(img, img->config.env.v[i], "ENV", -1, seen, out);
	secrets_in_config_text(img, seen, out);
}

static void check_secrets_in_image(const struct facts *facts, const struct target *t,
				   struct findings *out)
{
	const struct image *img = t->image;
	const struct strlist *globs = image_check_policy_secret_files(facts);
	struct strset seen = { 0 };

	secrets_in_metadata(img, &seen, out);
	for (size_t i = 0; img->files_known && i < img->nfiles; i++) {
		char *what = secret_file_describe(&img->files[i], globs);

		if (what)
			image_check_fail_file(img, &img->files[i], out, NULL, "%s", what);
		free(what);
	}
	/* Without the file table only half of the check ran: say so unless it failed. */
	if (!img->files_known && !seen.keys.n)
		check_skip(out,
			   "image files were not read: only ENV and build arguments were checked");
	strset_clear(&seen);
}
