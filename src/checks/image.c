/*
 * checks/image.c - CIS section 4 (container images and build file) and the
 * image best practices beyond CIS (DG-IMG-NNN). All checks judge the merged
 * filesystem and the config, not only the history text.
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

const struct
	check
		checks_image
			[] = {
				{
					.id = "CIS-4.1",
					.name = "non-root-user",
					.cis = "4.1",
					.section = 4,
					.title =
						"Ensure that a user for the container has been created",
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
					.title =
						"Ensure that containers use only trusted base images",
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
					.title =
						"Ensure that unnecessary packages are not installed in the container",
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
					.title =
						"Ensure images are scanned and rebuilt to include security patches",
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
					.title =
						"Ensure that HEALTHCHECK instructions have been added to container images",
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
					.title =
						"Ensure update instructions are not used alone in Dockerfiles",
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
					.title =
						"Ensure that COPY is used instead of ADD in Dockerfiles",
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
					.title =
						"Ensure images are tagged with a version, not latest",
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
					.title =
						"Ensure package manager caches are removed from the image",
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
					.title =
						"Ensure images do not expose remote administration ports",
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
					.title =
						"Ensure images do not declare volumes on sensitive paths",
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
					.remediation = "Give every account its own uid and every group its own gid (useradd -u, groupadd -g) and remove duplicate lines from /etc/passwd and /etc/group.",
					.fn = check_duplicate_ids,
				},
				{
					.id = "DG-IMG-010",
					.name = "unneeded-files",
					.section = 4,
					.title =
						"Ensure build and editor files are not shipped in the image",
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
const size_t checks_image_count = ARRAY_SIZE(checks_image);

/* Names and paths from the image are shown at most this long in messages. */
#define SHOW_MAX 128

/* Fail with a file as evidence, annotated with the layer and step that wrote it. */
__attribute__((format(printf, 5, 6))) static void fail_file(const struct image *img,
							    const struct image_file *file,
							    struct findings *out, const char *key,
							    const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f = check_fail(out, key ? key : file->path, "%s", buf_str(&b));
	f->layer = file->layer;
	f->history = image_layer_step(img, file->layer);
	buf_release(&b);
}

/* Fail with "history:<step>" as evidence, annotated with the step and its layer. */
__attribute__((format(printf, 4, 5))) static void fail_step(const struct image *img, size_t step,
							    struct findings *out, const char *fmt,
							    ...)
{
	struct buf b = BUF_INIT;
	struct finding *f;
	char key[32];
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	snprintf(key, sizeof(key), "history:%zu", step);
	f = check_fail(out, key, "%s", buf_str(&b));
	f->history = (int)step;
	f->layer = img->history[step].layer;
	buf_release(&b);
}

static const struct strlist *policy_setuid_allow(const struct facts *facts)
{
	return facts && facts->policy ? &facts->policy->setuid_allow : NULL;
}

static const struct strlist *policy_secret_files(const struct facts *facts)
{
	return facts && facts->policy ? &facts->policy->secret_files : NULL;
}

static const struct strlist *policy_allowed_ports(const struct facts *facts)
{
	return facts && facts->policy ? &facts->policy->allowed_ports : NULL;
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

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("/._-", c));
}

/* Does s contain needle as a whole token ("22/tcp" in "map[22/tcp:{}]", not in "122/tcp")? */
static int has_token(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		if ((p == s || !is_word_char(p[-1])) && !is_word_char(p[n]))
			return 1;
	return 0;
}

/*
 * The last history step running instruction instr (USER, EXPOSE...) whose
 * arguments mention needle (NULL: any), or -1: where the Dockerfile set it.
 */
static int step_of(const struct image *img, const char *instr, const char *needle)
{
	size_t n = strlen(instr);

	for (size_t i = img->nhistory; i-- > 0;) {
		const char *s = img->history[i].created_by, *nop;

		if (!s)
			continue;
		if ((nop = strstr(s, "#(nop)")))
			s = nop + 6;
		s += strspn(s, " \t");
		if (!strncmp(s, instr, n) && s[n] == ' ' && (!needle || has_token(s + n, needle)))
			return (int)i;
	}
	return -1;
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
			       SHOW_MAX, u);
		f->history = step_of(img, "USER", NULL);
	} else if (!all_digits(name)) {
		accounts_parse(&pw, img->etc_passwd);
		if ((a = accounts_find(&pw, name)) && a->id == 0) {
			f = check_fail(
				out, "Config.User",
				"image runs as root: USER %.*s has uid 0 in /etc/passwd (line %u)",
				SHOW_MAX, name, a->line);
			f->history = step_of(img, "USER", NULL);
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
		f->history = step_of(t->image, "HEALTHCHECK", NULL);
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
			fail_step(
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
		fail_file(img, f, out, NULL, "%s file /%s (mode %#o, owner uid %lld)", kind,
			  f->path, f->mode & 07777, f->uid);
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
			fail_step(img, i, out, "history step %zu uses ADD, which %s", i,
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
	int show = n > SHOW_MAX ? SHOW_MAX : (int)n;
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
	const struct strlist *globs = policy_secret_files(facts);
	struct strset seen = { 0 };

	secrets_in_metadata(img, &seen, out);
	for (size_t i = 0; img->files_known && i < img->nfiles; i++) {
		char *what = secret_file_describe(&img->files[i], globs);

		if (what)
			fail_file(img, &img->files[i], out, NULL, "%s", what);
		free(what);
	}
	/* Without the file table only half of the check ran: say so unless it failed. */
	if (!img->files_known && !seen.keys.n)
		check_skip(out,
			   "image files were not read: only ENV and build arguments were checked");
	strset_clear(&seen);
}

static void check_secret_left_in_layer(const struct facts *facts, const struct target *t,
				       struct findings *out)
{
	const struct image *img = t->image;
	const struct strlist *globs = policy_secret_files(facts);

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
		fail_file(
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
				   "image is tagged '%.*s', which names no fixed version", SHOW_MAX,
				   img->repo_tags.v[i]);
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
			fail_step(img, i, out, "history step %zu runs a command with sudo", i);
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
		fail_file(img, hits[i].last, out, dirs.keys.v[i],
			  "package cache left in /%s (%zu files, %lld KiB)", dirs.keys.v[i],
			  hits[i].files, (hits[i].bytes + 1023) / 1024);
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
			fail_file(img, f, out, NULL,
				  "world-writable directory /%s without the sticky bit (mode %#o)",
				  f->path, f->mode & 07777);
		else if (f->type == FILE_REG)
			fail_file(img, f, out, NULL, "world-writable file /%s (mode %#o)", f->path,
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
			f->history = step_of(img, "EXPOSE", key + 5);
			if (f->history < 0) {
				snprintf(key, sizeof(key), "%lu", port); /* "EXPOSE 22" */
				f->history = step_of(img, "EXPOSE", key);
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
			f->history = step_of(img, "VOLUME", norm.s);
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
					   SHOW_MAX, a->v[i].name,
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
			buf_addf(&names, "%s'%.*s'", k > i ? ", " : "", SHOW_MAX, v[k]->name);
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
				fail_file(img, f, out, dir, "/%s should not be in the image", dir);
			free(dir);
		} else if (f->type == FILE_REG && unneeded_file_name(path_basename(f->path))) {
			fail_file(img, f, out, NULL, "/%s should not be in the image", f->path);
		}
		prev = f->path;
	}
}
