/*
 * t_image_checks.c - CIS section 4 and DG-IMG checks on hand-built images,
 * and the parsers behind them (accounts, history, shell, secret names).
 */
#include "test.h"
#include "check.h"
#include "image_util.h"
#include "image_secret.h"
#include "buf.h"

/* Append a history step; a non-empty step also gets a layer. Returns the step index. */
static size_t add_step(struct image *img, const char *created_by, int empty)
{
	struct history_step *h;

	img->history = xrealloc(img->history, (img->nhistory + 1) * sizeof(*img->history));
	h = &img->history[img->nhistory];
	memset(h, 0, sizeof(*h));
	h->created_by = xstrdup(created_by);
	h->empty_layer = empty;
	h->layer = -1;
	if (!empty) {
		struct image_layer *l;

		img->layers = xrealloc(img->layers, (img->nlayers + 1) * sizeof(*img->layers));
		l = &img->layers[img->nlayers];
		memset(l, 0, sizeof(*l));
		l->digest = xstrfmt("sha256:%064zu", img->nlayers);
		l->history = (int)img->nhistory;
		h->layer = (int)img->nlayers++;
	}
	return img->nhistory++;
}

/* A regular file with a size (name-based secret rules ignore empty files). */
static struct image_file *add_reg(struct image *img, const char *path, unsigned mode,
				  long long size)
{
	struct image_file *f = trun_file(img, path, FILE_REG, mode, 0);

	f->size = size;
	return f;
}

static struct image_file *add_removed(struct image *img, const char *path, int layer, unsigned hits)
{
	struct image_file *f;

	img->removed = xrealloc(img->removed, (img->nremoved + 1) * sizeof(*img->removed));
	f = &img->removed[img->nremoved++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->type = FILE_REG;
	f->mode = 0600;
	f->size = 1679;
	f->layer = layer;
	f->hits = hits;
	return f;
}

static const struct finding *find_fail(const struct trun *t, const char *id, const char *evidence)
{
	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];

		if (!strcmp(f->check->id, id) && f->status == STATUS_FAIL &&
		    !strcmp(f->evidence, evidence))
			return f;
	}
	return NULL;
}

/* The single status of a check that did not fail (pass/skip/manual), or -1. */
static int status_of(const struct trun *t, const char *id)
{
	int st = -1;

	for (size_t i = 0; i < t->run.findings.n; i++)
		if (!strcmp(t->run.findings.v[i].check->id, id))
			st = (int)t->run.findings.v[i].status;
	return st;
}

/* One image with a given history, checked by one pattern; the caller releases. */
static struct image *one_image(struct trun *t, const char *ref)
{
	trun_init(t);
	return trun_image(t, ref);
}

/* ----- the table ----- */

/* Position of c in catalog order (the section tables one after another). */
static size_t catalog_pos(const struct check *c)
{
	size_t i, n = catalog_count();

	for (i = 0; i < n && catalog_at(i) != c; i++)
		;
	return i;
}

TEST(table_order_and_levels)
{
	static const struct {
		const char *id, *name;
		enum severity sev;
		int level, manual;
	} want[] = {
		{ "CIS-4.1", "non-root-user", SEV_HIGH, 1, 0 },
		{ "CIS-4.2", "trusted-base-images", SEV_MEDIUM, 1, 1 },
		{ "CIS-4.3", "unnecessary-packages", SEV_MEDIUM, 1, 1 },
		{ "CIS-4.4", "image-security-patches", SEV_MEDIUM, 1, 1 },
		{ "CIS-4.5", "content-trust", SEV_MEDIUM, 2, 1 },
		{ "CIS-4.6", "healthcheck", SEV_LOW, 1, 0 },
		{ "CIS-4.7", "update-instructions-alone", SEV_MEDIUM, 1, 0 },
		{ "CIS-4.8", "setuid-setgid-files", SEV_MEDIUM, 2, 0 },
		{ "CIS-4.9", "copy-not-add", SEV_LOW, 1, 0 },
		{ "CIS-4.10", "secrets-in-image", SEV_CRITICAL, 1, 0 },
		{ "CIS-4.11", "verified-packages", SEV_MEDIUM, 2, 1 },
		{ "CIS-4.12", "signed-artifacts", SEV_MEDIUM, 2, 1 },
		{ "DG-IMG-001", "secret-left-in-layer", SEV_CRITICAL, 0, 0 },
		{ "DG-IMG-002", "latest-tag", SEV_LOW, 0, 0 },
		{ "DG-IMG-003", "sudo-in-commands", SEV_MEDIUM, 0, 0 },
		{ "DG-IMG-004", "package-cache", SEV_LOW, 0, 0 },
		{ "DG-IMG-005", "world-writable", SEV_MEDIUM, 0, 0 },
		{ "DG-IMG-006", "sensitive-ports", SEV_HIGH, 0, 0 },
		{ "DG-IMG-007", "sensitive-volumes", SEV_HIGH, 0, 0 },
		{ "DG-IMG-008", "empty-password", SEV_CRITICAL, 0, 0 },
		{ "DG-IMG-009", "duplicate-ids", SEV_MEDIUM, 0, 0 },
		{ "DG-IMG-010", "unneeded-files", SEV_LOW, 0, 0 },
	};
	const struct check *c;

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		c = catalog_find(want[i].id);
		CHECK(c != NULL);
		if (!c)
			continue;
		CHECK_STR(c->name, want[i].name);
		CHECK_INT(c->severity, want[i].sev);
		CHECK_INT(c->level, want[i].level);
		CHECK_INT(c->fn == NULL, want[i].manual);
		CHECK_INT(c->scope, SCOPE_IMAGE);
		CHECK_INT(c->section, 4);
		CHECK(c->title && c->rationale && c->remediation);
		if (i)
			CHECK(catalog_pos(catalog_find(want[i - 1].id)) + 1 == catalog_pos(c));
	}
	c = catalog_find("CIS-4.5");
	CHECK(strstr(c->rationale, "DOCKER_CONTENT_TRUST") != NULL);
	CHECK(strstr(c->rationale, "tarball") != NULL);
	CHECK_STR(catalog_find("CIS-4.10")->title, "Ensure secrets are not stored in Dockerfiles");
	CHECK_STR(catalog_find("CIS-4.9")->title,
		  "Ensure that COPY is used instead of ADD in Dockerfiles");
	CHECK(strstr(catalog_find("CIS-4.10")->remediation, "--mount=type=secret") != NULL);
	CHECK(strstr(catalog_find("DG-IMG-001")->remediation, "multi-stage") != NULL);
}

TEST(manual_rows)
{
	static const char *const ids[] = { "CIS-4.2", "CIS-4.3",  "CIS-4.4",
					   "CIS-4.5", "CIS-4.11", "CIS-4.12" };

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		struct trun t;

		one_image(&t, "app:1");
		trun_exec(&t, ids[i]);
		CHECK_INT(trun_count(&t, ids[i], STATUS_MANUAL), 1);
		CHECK_INT(t.run.findings.n, 1);
		trun_release(&t);
	}
}

/* ----- CIS-4.1 ----- */

TEST(non_root_user_passwd)
{
	static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
				     "# comment\n"
				     "app:x:0:0::/app:/bin/sh\n"
				     "web:x:1000:1000::/home/web:/bin/sh\n";
	static const struct {
		const char *user;
		int fail;
	} cases[] = {
		{ "app", 1 },	    { "app:app", 1 },	{ "web", 0 },	{ "1000", 0 },
		{ "1000:1000", 0 }, { "root:root", 1 }, { "0:0", 1 },	{ "00", 1 },
		{ "", 1 },	    { NULL, 1 },	{ "ghost", 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct trun t;
		struct image *img = one_image(&t, "app:1");

		img->etc_passwd = xstrdup(passwd);
		img->config.user = cases[i].user ? xstrdup(cases[i].user) : NULL;
		add_step(img, "ADD file:1 in /", 0);
		add_step(img, "USER app # buildkit", 1);
		trun_exec(&t, "CIS-4.1");
		if (cases[i].fail) {
			CHECK_INT(trun_count(&t, "CIS-4.1", STATUS_FAIL), 1);
			CHECK(trun_has(&t, "CIS-4.1", "Config.User"));
		} else {
			CHECK_INT(trun_count(&t, "CIS-4.1", STATUS_PASS), 1);
		}
		trun_release(&t);
	}
}

TEST(non_root_user_maps_to_step)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	img->etc_passwd = xstrdup("app:x:0:0::/:/bin/sh\n");
	img->config.user = xstrdup("app");
	add_step(img, "/bin/sh -c #(nop) ADD file:1 in / ", 0);
	add_step(img, "/bin/sh -c #(nop)  USER app", 1);
	add_step(img, "/bin/sh -c #(nop)  CMD [\"sh\"]", 1);
	trun_exec(&t, "non-root-user");
	f = find_fail(&t, "CIS-4.1", "Config.User");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->history, 1);
		CHECK(strstr(f->message, "uid 0") != NULL);
	}
	trun_release(&t);
}

/* ----- CIS-4.6 ----- */

TEST(healthcheck_pass_fail)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");

	img = trun_image(&t, "app:2");
	img->config.has_healthcheck = 1;
	strlist_push(&img->config.healthcheck, "CMD-SHELL");
	strlist_push(&img->config.healthcheck, "true");
	trun_exec(&t, "CIS-4.6");
	CHECK_INT(trun_count(&t, "CIS-4.6", STATUS_FAIL), 1);
	CHECK(trun_has(&t, "CIS-4.6", "Config.Healthcheck"));
	CHECK_INT(trun_count(&t, "CIS-4.6", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- CIS-4.7 ----- */

TEST(update_alone)
{
	static const struct {
		const char *created_by;
		int fail;
	} cases[] = {
		{ "/bin/sh -c apt-get update", 1 },
		{ "RUN /bin/sh -c apt-get update # buildkit", 1 },
		{ "/bin/sh -c apt-get update && apt-get install -y x", 0 },
		{ "RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends x && rm -rf /var/lib/apt/lists/* # buildkit",
		  0 },
		{ "/bin/sh -c set -eux; apt-get update; apt-get install -y curl", 0 },
		{ "/bin/sh -c DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 -qq update",
		  1 },
		{ "/bin/sh -c apk update", 1 },
		{ "/bin/sh -c apk update && apk add curl", 0 },
		{ "/bin/sh -c apk add --no-cache --update curl", 0 },
		{ "/bin/sh -c yum -y update", 1 },
		{ "/bin/sh -c dnf update -y && dnf install -y git && dnf clean all", 0 },
		{ "/bin/sh -c zypper refresh", 1 },
		{ "/bin/sh -c echo apt-get update", 0 },
		{ "/bin/sh -c echo 'apt-get update' > /notes", 0 },
		{ "/bin/sh -c bash -c \"apt-get update\"", 1 },
		{ "/bin/bash -o pipefail -c sudo apt-get update", 1 },
		{ "|1 TOKEN=x /bin/sh -c apt-get update", 1 },
		{ "/bin/sh -c #(nop)  ENV UPDATE=apt-get update", 0 },
		{ "/bin/sh -c /usr/bin/apt-get update >/dev/null 2>&1", 1 },
		{ "/bin/sh -c if true; then apt-get update; fi", 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct trun t;
		struct image *img = one_image(&t, "app:1");
		const struct finding *f;

		add_step(img, "ADD file:1 in /", 0);
		add_step(img, cases[i].created_by, 0);
		trun_exec(&t, "CIS-4.7");
		f = find_fail(&t, "CIS-4.7", "history:1");
		if (cases[i].fail) {
			CHECK(f != NULL);
			CHECK_INT(trun_count(&t, "CIS-4.7", STATUS_FAIL), 1);
			if (f) {
				CHECK_INT(f->history, 1);
				CHECK_INT(f->layer, 1);
			}
		} else {
			CHECK_INT(trun_count(&t, "CIS-4.7", STATUS_PASS), 1);
		}
		if (!!f != cases[i].fail)
			fprintf(stderr, "  case: %s\n", cases[i].created_by);
		trun_release(&t);
	}
}

/* ----- CIS-4.8 ----- */

TEST(setuid_files)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	add_step(img, "ADD file:1 in /", 0);
	add_step(img, "/bin/sh -c chmod u+s /usr/local/bin/x", 0);
	add_reg(img, "usr/bin/passwd", 04755, 100);
	add_reg(img, "bin/su", 04755, 100);
	add_reg(img, "usr/local/bin/x", 04755, 100)->layer = 1;
	add_reg(img, "usr/bin/wall", 02755, 100);
	add_reg(img, "usr/bin/crontab", 02755, 100);
	add_reg(img, "opt/tool/helper", 04711, 100);
	add_reg(img, "usr/bin/ls", 0755, 100);
	add_reg(img, "bin/bbsuid", 04111, 100);
	trun_file(img, "var/mail", FILE_DIR, 02775, 0);
	strlist_push(&t.policy.setuid_allow, "/opt/tool/*");
	trun_exec(&t, "CIS-4.8");
	CHECK_INT(trun_count(&t, "CIS-4.8", STATUS_FAIL), 2);
	f = find_fail(&t, "CIS-4.8", "usr/local/bin/x");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->layer, 1);
		CHECK_INT(f->history, 1);
		CHECK(strstr(f->message, "04755") != NULL);
	}
	CHECK(trun_has(&t, "CIS-4.8", "usr/bin/crontab"));
	CHECK(!trun_has(&t, "CIS-4.8", "usr/bin/passwd"));
	CHECK(!trun_has(&t, "CIS-4.8", "opt/tool/helper"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	add_reg(img, "usr/bin/passwd", 04755, 100);
	add_reg(img, "usr/bin/ls", 0755, 100);
	trun_exec(&t, "CIS-4.8");
	CHECK_INT(trun_count(&t, "CIS-4.8", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- CIS-4.9 ----- */

TEST(copy_not_add)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	add_step(img, "/bin/sh -c #(nop)  ARG RELEASE", 1);
	add_step(img, "/bin/sh -c #(nop) ADD file:4b03 in / ", 0);
	add_step(img, "COPY . /app # buildkit", 0);
	add_step(img, "ADD https://user:hunter2@example.com/dl/tool.tgz?sig=abc /opt/ # buildkit",
		 0);
	add_step(img, "ADD --chown=app app.tar.gz /app/ # buildkit", 0);
	add_step(img, "ADD config.yml /etc/app/ # buildkit", 0);
	trun_exec(&t, "CIS-4.9");
	CHECK_INT(trun_count(&t, "CIS-4.9", STATUS_FAIL), 3);
	CHECK(!trun_has(&t, "CIS-4.9", "history:1"));
	f = find_fail(&t, "CIS-4.9", "history:3");
	CHECK(f != NULL);
	if (f) {
		CHECK(strstr(f->message, "https://example.com/dl/tool.tgz") != NULL);
		CHECK(strstr(f->message, "hunter2") == NULL);
		CHECK(strstr(f->message, "sig=") == NULL);
		CHECK_INT(f->history, 3);
	}
	f = find_fail(&t, "CIS-4.9", "history:4");
	CHECK(f && strstr(f->message, "app.tar.gz"));
	CHECK(trun_has(&t, "CIS-4.9", "history:5"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	add_step(img, "ADD file:4b03 in / ", 0);
	add_step(img, "COPY . /app # buildkit", 0);
	trun_exec(&t, "CIS-4.9");
	CHECK_INT(trun_count(&t, "CIS-4.9", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- CIS-4.10 ----- */

TEST(secrets_env)
{
	static const struct {
		const char *env;
		const char *key; /* NULL: passes */
	} cases[] = {
		{ "DB_PASSWORD=", NULL },
		{ "DB_PASSWORD_FILE=/run/secrets/x", NULL },
		{ "GITHUB_TOKEN=abc", "env:GITHUB_TOKEN" },
		{ "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI", "env:AWS_SECRET_ACCESS_KEY" },
		{ "PGPASSWORD=pw0rd", "env:PGPASSWORD" },
		{ "api-key=kv9x", "env:api-key" },
		{ "DATABASE_URL=postgres://app:pw@db/app", "env:DATABASE_URL" },
		{ "DATABASE_URL=postgres://db/app", NULL },
		{ "AUTH_URL=https://auth.example.com", NULL },
		{ "MYSQL_ALLOW_EMPTY_PASSWORD=yes", NULL },
		{ "TOKENIZERS_PARALLELISM=false", NULL },
		{ "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D", NULL },
		{ "PWD=/app", NULL },
		{ "PATH=/usr/bin", NULL },
		{ "AUTHOR=me", NULL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct trun t;
		struct image *img = one_image(&t, "app:1");

		strlist_push(&img->config.env, cases[i].env);
		trun_exec(&t, "CIS-4.10");
		if (cases[i].key) {
			const struct finding *f = find_fail(&t, "CIS-4.10", cases[i].key);
			const char *value = strchr(cases[i].env, '=') + 1;

			CHECK(f != NULL);
			CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_FAIL), 1);
			if (f) {
				CHECK(strstr(f->message, value) == NULL);
				CHECK(strstr(f->message, "****") != NULL);
			}
		} else {
			CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_PASS), 1);
		}
		if (!cases[i].key != (trun_count(&t, "CIS-4.10", STATUS_PASS) == 1))
			fprintf(stderr, "  case: %s\n", cases[i].env);
		trun_release(&t);
	}
}

TEST(secrets_history)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	add_step(img, "ADD file:1 in /", 0);
	add_step(img, "/bin/sh -c #(nop)  ENV GITHUB_TOKEN=abc", 1);
	add_step(img, "ARG NPM_TOKEN=npm_0123 # buildkit", 1);
	add_step(
		img,
		"RUN |2 NPM_TOKEN=npm_0123 SENTRY_AUTH_TOKEN=sntrys_x /bin/sh -c npm ci # buildkit",
		0);
	add_step(img, "ENV APP_SECRET=\"two words\" MODE=prod # buildkit", 1);
	add_step(img, "ARG DEPLOY_KEY # buildkit", 1);
	strlist_push(&img->config.env, "GITHUB_TOKEN=abc");
	strlist_push(&img->config.env, "APP_SECRET=two words");
	trun_exec(&t, "CIS-4.10");
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_FAIL), 4);
	f = find_fail(&t, "CIS-4.10", "env:GITHUB_TOKEN");
	CHECK(f && f->history == 1);
	CHECK(f && !strstr(f->message, "abc"));
	CHECK(f && strstr(f->message, "ENV GITHUB_TOKEN=****"));
	f = find_fail(&t, "CIS-4.10", "arg:NPM_TOKEN");
	CHECK(f && f->history == 2 && !strstr(f->message, "npm_0123"));
	f = find_fail(&t, "CIS-4.10", "arg:SENTRY_AUTH_TOKEN");
	CHECK(f && f->history == 3 && f->layer == 1 && !strstr(f->message, "sntrys_x"));
	f = find_fail(&t, "CIS-4.10", "env:APP_SECRET");
	CHECK(f && !strstr(f->message, "two"));
	CHECK(!trun_has(&t, "CIS-4.10", "arg:DEPLOY_KEY"));
	trun_release(&t);
}

/* Tokens and credential URLs in RUN and ADD lines, Cmd, Entrypoint and labels. */
TEST(secrets_run_line)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	add_step(img, "ADD file:1 in /", 0);
	add_step(img,
		 "RUN /bin/sh -c git clone https://ci:s3cretpw@git.example.com/app.git # buildkit",
		 0);
	add_step(
		img,
		"RUN /bin/sh -c curl -H 'Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ012345' x",
		0);
	add_step(img, "RUN /bin/sh -c git clone https://git.example.com/app.git", 0);
	trun_exec(&t, "CIS-4.10");
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_FAIL), 2);
	f = find_fail(&t, "CIS-4.10", "run:URL with credentials");
	CHECK(f && f->history == 1 && !strstr(f->message, "s3cretpw"));
	f = find_fail(&t, "CIS-4.10", "run:GitHub token");
	CHECK(f && f->history == 2 && !strstr(f->message, "ghp_"));
	trun_release(&t);

	/* ADD sources, the config's Cmd, Entrypoint and labels */
	img = one_image(&t, "app:1");
	add_step(img, "ADD https://ci:s3cretpw@files.example.com/app.tgz /app # buildkit", 0);
	strlist_push(&img->config.cmd, "app");
	strlist_push(&img->config.cmd, "--token=xoxb-1234567890-abcdefghijkl");
	strlist_push(&img->config.entrypoint, "/bin/sh");
	img->config.labels = xcalloc(1, sizeof(*img->config.labels));
	img->config.labels[0].key = xstrdup("ci.token");
	img->config.labels[0].value = xstrdup("ghp_0123456789abcdefghijABCDEFGHIJ012345");
	img->config.nlabels = 1;
	trun_exec(&t, "CIS-4.10");
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_FAIL), 3);
	f = find_fail(&t, "CIS-4.10", "add:URL with credentials");
	CHECK(f && f->history == 0 && !strstr(f->message, "s3cretpw"));
	f = find_fail(&t, "CIS-4.10", "cmd:Slack token");
	CHECK(f && !strstr(f->message, "xoxb"));
	f = find_fail(&t, "CIS-4.10", "label:GitHub token");
	CHECK(f && !strstr(f->message, "ghp_"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	add_step(img, "RUN /bin/sh -c git clone https://git.example.com/app.git", 0);
	add_step(img,
		 "RUN /bin/sh -c echo '-----BEGIN OPENSSH PRIVATE KEY-----' >/root/.ssh/id_rsa", 0);
	trun_exec(&t, "CIS-4.10");
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_FAIL), 0);
	trun_release(&t);
}

TEST(secrets_files)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	add_step(img, "ADD file:1 in /", 0);
	add_step(img, "COPY . / # buildkit", 0);
	add_reg(img, "root/.ssh/id_rsa", 0600, 1679)->layer = 1;
	add_reg(img, "root/.ssh/id_rsa.pub", 0644, 400);
	add_reg(img, "etc/ssl/certs/ca.pem", 0644, 2000);
	add_reg(img, "app/server.key", 0600, 1700)->hits = HIT_PEM_PRIVATE_KEY;
	add_reg(img, "root/.aws/credentials", 0600, 100);
	add_reg(img, "root/.docker/config.json", 0600, 100)->hits = HIT_DOCKER_AUTH;
	add_reg(img, "root/.npmrc", 0600, 100);
	add_reg(img, "app/.env", 0644, 50);
	add_reg(img, "app/.env.example", 0644, 50);
	add_reg(img, "app/empty/.env", 0644, 0);
	add_reg(img, "app/keys/store.JKS", 0644, 50);
	add_reg(img, "app/conf/vault.secret", 0600, 10);
	add_reg(img, "usr/local/lib/python3.12/site-packages/tornado/test/test.key", 0644, 900)
		->hits = HIT_PEM_PRIVATE_KEY;
	add_reg(img, "app/node_modules/x/fixtures/id_rsa", 0644, 900);
	add_reg(img, "app/node_modules/x/fixtures/my.secret", 0644, 900);
	strlist_push(&t.policy.secret_files, "*.secret");
	trun_exec(&t, "CIS-4.10");
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_FAIL), 8);
	CHECK(trun_has(&t, "CIS-4.10", "app/node_modules/x/fixtures/my.secret"));
	f = find_fail(&t, "CIS-4.10", "root/.ssh/id_rsa");
	CHECK(f && f->layer == 1 && f->history == 1);
	f = find_fail(&t, "CIS-4.10", "app/server.key");
	CHECK(f && !strcmp(f->message, "PEM private key in /app/server.key"));
	CHECK(trun_has(&t, "CIS-4.10", "root/.aws/credentials"));
	CHECK(trun_has(&t, "CIS-4.10", "root/.docker/config.json"));
	CHECK(trun_has(&t, "CIS-4.10", "app/.env"));
	CHECK(trun_has(&t, "CIS-4.10", "app/keys/store.JKS"));
	CHECK(trun_has(&t, "CIS-4.10", "app/conf/vault.secret"));
	CHECK(!trun_has(&t, "CIS-4.10", "root/.npmrc"));
	CHECK(!trun_has(&t, "CIS-4.10", "etc/ssl/certs/ca.pem"));
	trun_release(&t);
}

TEST(secrets_without_files)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");

	img->files_known = 0;
	trun_exec(&t, "CIS-4.10");
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_SKIP), 1);
	trun_release(&t);

	img = one_image(&t, "app:1");
	img->files_known = 0;
	strlist_push(&img->config.env, "SLACK_TOKEN=xoxb-1");
	trun_exec(&t, "CIS-4.10");
	CHECK(trun_has(&t, "CIS-4.10", "env:SLACK_TOKEN"));
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_SKIP), 0);
	trun_release(&t);
}

/* ----- DG-IMG-001 ----- */

TEST(secret_left_in_layer)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	add_step(img, "ADD file:1 in /", 0);
	add_step(img, "COPY id_rsa /root/.ssh/id_rsa # buildkit", 0);
	add_step(img, "RUN /bin/sh -c rm /root/.ssh/id_rsa # buildkit", 0);
	add_removed(img, "root/.ssh/id_rsa", 1, HIT_PEM_PRIVATE_KEY);
	add_removed(img, "app/README", 1, 0);
	trun_exec(&t, "*");
	f = find_fail(&t, "DG-IMG-001", "layer:1:root/.ssh/id_rsa");
	CHECK(f != NULL);
	CHECK_INT(trun_count(&t, "DG-IMG-001", STATUS_FAIL), 1);
	if (f) {
		CHECK_INT(f->layer, 1);
		CHECK_INT(f->history, 1);
		CHECK(strstr(f->message, "layer 1") != NULL);
		CHECK(strstr(f->message, "extractable") != NULL);
	}
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_FAIL), 0);
	CHECK_INT(trun_count(&t, "CIS-4.10", STATUS_PASS), 1);
	trun_release(&t);

	img = one_image(&t, "app:1");
	add_removed(img, "app/README", 0, 0);
	trun_exec(&t, "DG-IMG-001");
	CHECK_INT(trun_count(&t, "DG-IMG-001", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- DG-IMG-002 ----- */

TEST(latest_tag)
{
	static const struct {
		const char *tag; /* NULL: no repo tags */
		int fail;
	} cases[] = {
		{ "app:latest", 1 }, { "app", 1 },
		{ NULL, 1 },	     { "registry:5000/team/app", 1 },
		{ "app:1.4", 0 },    { "registry:5000/team/app:1.4", 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct trun t;
		struct image *img = one_image(&t, cases[i].tag ? cases[i].tag : "sha256:abc");

		if (!cases[i].tag)
			strlist_clear(&img->repo_tags);
		trun_exec(&t, "latest-tag");
		if (cases[i].fail)
			CHECK(trun_has(&t, "DG-IMG-002", "tag"));
		else
			CHECK_INT(trun_count(&t, "DG-IMG-002", STATUS_PASS), 1);
		trun_release(&t);
	}
}

/* ----- DG-IMG-003 ----- */

TEST(sudo_in_commands)
{
	static const struct {
		const char *created_by;
		int fail;
	} cases[] = {
		{ "/bin/sh -c sudo apt-get install -y x", 1 },
		{ "RUN /bin/sh -c make && sudo -u app make install # buildkit", 1 },
		{ "/bin/sh -c true || sudo true", 1 },
		{ "/bin/sh -c cat x | sudo tee /etc/y", 1 },
		{ "/bin/sh -c env A=1 sudo ls", 1 },
		{ "/bin/sh -c sh -c 'sudo id'", 1 },
		{ "/bin/sh -c apt-get install -y sudo", 0 },
		{ "/bin/sh -c echo sudo; echo \"x && sudo y\"", 0 },
		{ "/bin/sh -c #(nop)  LABEL sudo=yes", 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct trun t;
		struct image *img = one_image(&t, "app:1");

		add_step(img, "ADD file:1 in /", 0);
		add_step(img, cases[i].created_by, 0);
		trun_exec(&t, "DG-IMG-003");
		if (cases[i].fail)
			CHECK(trun_has(&t, "DG-IMG-003", "history:1"));
		else
			CHECK_INT(trun_count(&t, "DG-IMG-003", STATUS_PASS), 1);
		if (trun_has(&t, "DG-IMG-003", "history:1") != cases[i].fail)
			fprintf(stderr, "  case: %s\n", cases[i].created_by);
		trun_release(&t);
	}
}

/* ----- DG-IMG-004 ----- */

TEST(package_cache)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	trun_file(img, "var/lib/apt/lists", FILE_DIR, 0755, 0);
	add_reg(img, "var/lib/apt/lists/lock", 0640, 0);
	add_reg(img,
		"var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4",
		0644, 4096);
	add_reg(img, "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", 0644,
		2048);
	add_reg(img, "var/cache/apt/archives/curl_7.88_amd64.deb", 0644, 300000);
	add_reg(img, "home/app/.cache/pip/http/a/b", 0644, 10);
	add_reg(img, "root/.npm/_cacache/index-v5/aa", 0644, 10);
	add_reg(img, "root/.npm/_logs/debug.log", 0644, 10);
	trun_exec(&t, "DG-IMG-004");
	CHECK_INT(trun_count(&t, "DG-IMG-004", STATUS_FAIL), 4);
	f = find_fail(&t, "DG-IMG-004", "var/lib/apt/lists");
	CHECK(f && strstr(f->message, "2 files"));
	CHECK(trun_has(&t, "DG-IMG-004", "var/cache/apt/archives"));
	CHECK(trun_has(&t, "DG-IMG-004", "home/app/.cache/pip"));
	CHECK(trun_has(&t, "DG-IMG-004", "root/.npm"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	trun_file(img, "var/lib/apt/lists", FILE_DIR, 0755, 0);
	trun_file(img, "var/lib/apt/lists/partial", FILE_DIR, 0700, 0);
	add_reg(img, "var/lib/apt/lists/lock", 0640, 0);
	add_reg(img, "var/lib/apt/lists/partial/x", 0640, 10);
	add_reg(img, "var/cache/apt/archives/lock", 0640, 0);
	add_reg(img, "var/cache/apk", 0640, 0);
	trun_exec(&t, "DG-IMG-004");
	CHECK_INT(trun_count(&t, "DG-IMG-004", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- DG-IMG-005 ----- */

TEST(world_writable)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");

	trun_file(img, "tmp", FILE_DIR, 01777, 0);
	trun_file(img, "var/tmp", FILE_DIR, 01777, 0);
	trun_file(img, "data", FILE_DIR, 0777, 0);
	add_reg(img, "app/run.sh", 0777, 10);
	add_reg(img, "app/ok.sh", 0755, 10);
	trun_file(img, "usr/bin/vi", FILE_SYMLINK, 0777, 0);
	trun_file(img, "dev/shm", FILE_DIR, 0777, 0);
	add_reg(img, "proc/x", 0666, 0);
	trun_exec(&t, "world-writable");
	CHECK_INT(trun_count(&t, "DG-IMG-005", STATUS_FAIL), 2);
	CHECK(trun_has(&t, "DG-IMG-005", "data"));
	CHECK(trun_has(&t, "DG-IMG-005", "app/run.sh"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	trun_file(img, "tmp", FILE_DIR, 01777, 0);
	trun_exec(&t, "DG-IMG-005");
	CHECK_INT(trun_count(&t, "DG-IMG-005", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- DG-IMG-006 ----- */

TEST(sensitive_ports)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");

	strlist_push(&img->config.exposed_ports, "22/tcp");
	strlist_push(&img->config.exposed_ports, "2375/tcp");
	strlist_push(&img->config.exposed_ports, "2376");
	strlist_push(&img->config.exposed_ports, "8080/tcp");
	strlist_push(&img->config.exposed_ports, "23/tcp");
	strlist_push(&t.policy.allowed_ports, "23");
	add_step(img, "/bin/sh -c #(nop)  EXPOSE 22/tcp", 1);
	add_step(img, "EXPOSE map[2222/tcp:{} 2375/tcp:{}] # buildkit", 1);
	trun_exec(&t, "DG-IMG-006");
	CHECK_INT(trun_count(&t, "DG-IMG-006", STATUS_FAIL), 3);
	CHECK(trun_has(&t, "DG-IMG-006", "port:22/tcp"));
	CHECK_INT(find_fail(&t, "DG-IMG-006", "port:22/tcp")->history, 0);
	CHECK_INT(find_fail(&t, "DG-IMG-006", "port:2375/tcp")->history, 1);
	CHECK_INT(find_fail(&t, "DG-IMG-006", "port:2376/tcp")->history, -1);
	CHECK(trun_has(&t, "DG-IMG-006", "port:2375/tcp"));
	CHECK(trun_has(&t, "DG-IMG-006", "port:2376/tcp"));
	CHECK_INT(t.run.exit_code, EXIT_GATE);
	trun_release(&t);

	img = one_image(&t, "app:1");
	strlist_push(&img->config.exposed_ports, "8080/tcp");
	strlist_push(&img->config.exposed_ports, "22/tcp");
	strlist_push(&t.policy.allowed_ports, "22/tcp");
	trun_exec(&t, "DG-IMG-006");
	CHECK_INT(trun_count(&t, "DG-IMG-006", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- DG-IMG-007 ----- */

TEST(sensitive_volumes)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");

	strlist_push(&img->config.volumes, "/var/run/docker.sock");
	strlist_push(&img->config.volumes, "//etc/");
	strlist_push(&img->config.volumes, "/");
	strlist_push(&img->config.volumes, "/data");
	strlist_push(&img->config.volumes, "/etc/app");
	add_step(img, "/bin/sh -c #(nop)  VOLUME [/var/run/docker.sock]", 1);
	add_step(img, "VOLUME [/etc/app] # buildkit", 1);
	trun_exec(&t, "DG-IMG-007");
	CHECK_INT(trun_count(&t, "DG-IMG-007", STATUS_FAIL), 3);
	CHECK_INT(find_fail(&t, "DG-IMG-007", "volume:/var/run/docker.sock")->history, 0);
	CHECK_INT(find_fail(&t, "DG-IMG-007", "volume:/etc")->history, -1);
	CHECK(trun_has(&t, "DG-IMG-007", "volume:/var/run/docker.sock"));
	CHECK(trun_has(&t, "DG-IMG-007", "volume:/etc"));
	CHECK(trun_has(&t, "DG-IMG-007", "volume:/"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	strlist_push(&img->config.volumes, "/data");
	trun_exec(&t, "DG-IMG-007");
	CHECK_INT(trun_count(&t, "DG-IMG-007", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- DG-IMG-008 ----- */

TEST(empty_password)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");

	img->etc_shadow = xstrdup("root:!:19000:0:99999:7:::\n"
				  "daemon:*:19000:0:99999:7:::\n"
				  "bob::19000:0:99999:7:::\n"
				  "carol:$6$salt$hash:19000::::::\r\n");
	img->etc_passwd = xstrdup("root:x:0:0::/root:/bin/sh\n"
				  "bob:x:1000:1000::/home/bob:/bin/sh\n"
				  "guest::1001:1001::/home/guest:/bin/sh\n");
	trun_exec(&t, "DG-IMG-008");
	CHECK_INT(trun_count(&t, "DG-IMG-008", STATUS_FAIL), 2);
	CHECK(trun_has(&t, "DG-IMG-008", "user:bob"));
	CHECK(trun_has(&t, "DG-IMG-008", "user:guest"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	img->etc_shadow = xstrdup("root:*:19000:0:99999:7:::\nnobody:!:19000::::::\n");
	img->etc_passwd = xstrdup("root:x:0:0::/root:/bin/sh\n");
	trun_exec(&t, "DG-IMG-008");
	CHECK_INT(trun_count(&t, "DG-IMG-008", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- DG-IMG-009 ----- */

TEST(duplicate_ids)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");
	const struct finding *f;

	img->etc_passwd = xstrdup("root:x:0:0::/root:/bin/sh\n"
				  "app:x:1000:1000::/app:/bin/sh\n"
				  "toor:x:0:0::/root:/bin/sh\n"
				  "bad:x:abc:0::/:/bin/sh\n");
	img->etc_group = xstrdup("root:x:0:\nwheel:x:10:\nadmin:x:10:\napp:x:1000:\n");
	trun_exec(&t, "DG-IMG-009");
	CHECK_INT(trun_count(&t, "DG-IMG-009", STATUS_FAIL), 2);
	f = find_fail(&t, "DG-IMG-009", "uid:0");
	CHECK(f && strstr(f->message, "'root', 'toor'"));
	CHECK(trun_has(&t, "DG-IMG-009", "gid:10"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	img->etc_passwd = xstrdup("root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n");
	img->etc_group = xstrdup("root:x:0:\napp:x:1000:\n");
	trun_exec(&t, "DG-IMG-009");
	CHECK_INT(trun_count(&t, "DG-IMG-009", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- DG-IMG-010 ----- */

TEST(unneeded_files)
{
	struct trun t;
	struct image *img = one_image(&t, "app:1");

	add_reg(img, "app/.git/HEAD", 0644, 20);
	add_reg(img, "app/.git/config", 0644, 20);
	add_reg(img, "app/.git-blame-ignore", 0644, 20);
	add_reg(img, "app/.git/objects/ab/cdef", 0644, 20);
	trun_file(img, "src/.idea", FILE_DIR, 0755, 0);
	add_reg(img, "src/.idea/workspace.xml", 0644, 20);
	add_reg(img, "app/Dockerfile", 0644, 20);
	add_reg(img, "app/docker-compose.yml", 0644, 20);
	add_reg(img, "app/.DS_Store", 0644, 20);
	add_reg(img, "app/node_modules/pkg/Dockerfile", 0644, 20);
	add_reg(img, "root/go/pkg/mod/github.com/a/b@v1.0.0/Dockerfile", 0644, 20);
	add_reg(img, "usr/share/doc/x/Dockerfile", 0644, 20);
	add_reg(img, "app/main.py", 0644, 20);
	trun_exec(&t, "DG-IMG-010");
	CHECK_INT(trun_count(&t, "DG-IMG-010", STATUS_FAIL), 5);
	CHECK(trun_has(&t, "DG-IMG-010", "app/.git"));
	CHECK(trun_has(&t, "DG-IMG-010", "src/.idea"));
	CHECK(trun_has(&t, "DG-IMG-010", "app/Dockerfile"));
	CHECK(trun_has(&t, "DG-IMG-010", "app/docker-compose.yml"));
	CHECK(trun_has(&t, "DG-IMG-010", "app/.DS_Store"));
	trun_release(&t);

	img = one_image(&t, "app:1");
	add_reg(img, "app/main.py", 0644, 20);
	add_reg(img, "app/.gitignore", 0644, 20);
	trun_exec(&t, "DG-IMG-010");
	CHECK_INT(trun_count(&t, "DG-IMG-010", STATUS_PASS), 1);
	trun_release(&t);
}

/* ----- shared behaviour ----- */

TEST(file_checks_skip_without_files)
{
	static const char *const ids[] = {
		"CIS-4.8",    "DG-IMG-001", "DG-IMG-004", "DG-IMG-005",
		"DG-IMG-008", "DG-IMG-009", "DG-IMG-010",
	};
	struct trun t;
	struct image *img = one_image(&t, "app:1");

	img->files_known = 0;
	trun_exec(&t, "*");
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		CHECK(catalog_find(ids[i])->needs & NEED_IMAGE_FILES);
		CHECK_INT(status_of(&t, ids[i]), STATUS_SKIP);
	}
	CHECK_INT(status_of(&t, "CIS-4.1"), STATUS_FAIL);
	CHECK_INT(status_of(&t, "DG-IMG-006"), STATUS_PASS);
	trun_release(&t);
}

TEST(no_secret_in_messages)
{
	static const char secret[] = "Zq9secretVALUE42";
	struct trun t;
	struct image *img = one_image(&t, "app:latest");
	char *s;

	add_step(img, "ADD file:1 in /", 0);
	s = xstrfmt("/bin/sh -c #(nop)  ENV DB_PASSWORD=%s", secret);
	add_step(img, s, 1);
	free(s);
	s = xstrfmt("ARG API_KEY=%s # buildkit", secret);
	add_step(img, s, 1);
	free(s);
	s = xstrfmt("RUN |1 GH_TOKEN=%s /bin/sh -c sudo apt-get update # buildkit", secret);
	add_step(img, s, 0);
	free(s);
	s = xstrfmt("ADD https://u:%s@example.com/x.tgz?token=%s /x # buildkit", secret, secret);
	add_step(img, s, 0);
	free(s);
	s = xstrfmt("DB_PASSWORD=%s", secret);
	strlist_push_owned(&img->config.env, s);
	s = xstrfmt("REPO_URL=https://ci:%s@git.example.com/r.git", secret);
	strlist_push_owned(&img->config.env, s);
	add_reg(img, "root/.ssh/id_ed25519", 0600, 400)->hits = HIT_PEM_PRIVATE_KEY;
	add_reg(img, "app/.env", 0644, 40)->hits = HIT_ENV_SECRET | HIT_AWS_SECRET;
	add_removed(img, "root/.git-credentials", 2, HIT_URL_CREDENTIALS);
	trun_exec(&t, "*");
	CHECK(trun_count(&t, "CIS-4.10", STATUS_FAIL) >= 6);
	CHECK(trun_has(&t, "CIS-4.10", "env:REPO_URL"));
	CHECK(trun_has(&t, "DG-IMG-001", "layer:2:root/.git-credentials"));
	CHECK(trun_has(&t, "CIS-4.7", "history:3"));
	CHECK(trun_has(&t, "DG-IMG-003", "history:3"));
	CHECK(trun_has(&t, "CIS-4.9", "history:4"));
	for (size_t i = 0; i < t.run.findings.n; i++) {
		const struct finding *f = &t.run.findings.v[i];

		CHECK(strstr(f->message, secret) == NULL);
		CHECK(strstr(f->evidence, secret) == NULL);
		if (strstr(f->message, secret))
			fprintf(stderr, "  leaked by %s: %s\n", f->check->id, f->message);
	}
	trun_release(&t);
}

/* ----- parsers ----- */

TEST(parse_history)
{
	static const struct {
		const char *created_by;
		enum history_kind kind;
		const char *body;
		size_t nargs;
	} cases[] = {
		{ "/bin/sh -c #(nop)  ENV A=b", HISTORY_ENV, "A=b", 0 },
		{ "/bin/sh -c #(nop) ADD file:ab in / ", HISTORY_ADD, "file:ab in /", 0 },
		{ "/bin/sh -c #(nop)  CMD [\"sh\"]", HISTORY_OTHER, "[\"sh\"]", 0 },
		{ "/bin/sh -c make", HISTORY_RUN, "make", 0 },
		{ "|2 A=1 B=2 /bin/sh -c make all", HISTORY_RUN, "make all", 2 },
		{ "RUN /bin/sh -c make # buildkit", HISTORY_RUN, "make", 0 },
		{ "RUN |1 T=x /bin/bash -eo pipefail -c make # buildkit", HISTORY_RUN, "make", 1 },
		{ "RUN make test # buildkit", HISTORY_RUN, "make test", 0 },
		{ "RUN --mount=type=cache,target=/root/.cache |1 A=b /bin/sh -c go build # buildkit",
		  HISTORY_RUN, "go build", 1 },
		{ "ENV PATH=/usr/bin # buildkit", HISTORY_ENV, "PATH=/usr/bin", 0 },
		{ "ARG X # buildkit", HISTORY_ARG, "X", 0 },
		{ "COPY . /app # buildkit", HISTORY_COPY, ". /app", 0 },
		{ "USER 1000 # buildkit", HISTORY_USER, "1000", 0 },
		{ "LABEL a=b # buildkit", HISTORY_OTHER, "a=b", 0 },
		{ "Imported from -", HISTORY_OTHER, "Imported from -", 0 },
		{ "", HISTORY_OTHER, "", 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct history_instr h;

		history_parse(cases[i].created_by, &h);
		CHECK_INT(h.kind, cases[i].kind);
		CHECK_STR(h.body, cases[i].body);
		CHECK_INT(h.build_args.n, cases[i].nargs);
		history_instr_release(&h);
	}
}

TEST(parse_assignments)
{
	struct strlist l = { 0 };

	history_split_assignments("A=1 B=\"x y\" C='q' D", 1, &l);
	CHECK_INT(l.n, 4);
	if (l.n == 4) {
		CHECK_STR(l.v[1], "B=x y");
		CHECK_STR(l.v[2], "C=q");
		CHECK_STR(l.v[3], "D");
	}
	strlist_clear(&l);
	history_split_assignments("TOKEN some value", 1, &l);
	CHECK_INT(l.n, 1);
	CHECK(l.n && !strcmp(l.v[0], "TOKEN=some value"));
	strlist_clear(&l);
	history_split_assignments("TOKEN OTHER", 0, &l);
	CHECK_INT(l.n, 2);
	strlist_clear(&l);
}

TEST(parse_shell)
{
	struct shell_cmds c = { 0 };
	int sudo = 0;

	shell_split("A=1 apt-get update && echo \"a; b\" | tee x; (cd /; ls) 2>&1 >/dev/null # c",
		    &c);
	CHECK_INT(c.n, 6);
	if (c.n == 6) {
		CHECK_STR(c.v[0].words.v[shell_cmd_program(&c.v[0], NULL)], "apt-get");
		CHECK_STR(c.v[1].words.v[1], "a; b");
		CHECK_STR(c.v[3].words.v[0], "cd");
		CHECK_INT(c.v[5].words.n, 2);
		CHECK_INT(shell_cmd_program(&c.v[5], NULL), 2);
	}
	shell_cmds_release(&c);
	shell_split("sudo -u app -E env X=1 /usr/bin/make", &c);
	CHECK_INT(c.n, 1);
	if (c.n == 1) {
		size_t i = shell_cmd_program(&c.v[0], &sudo);

		CHECK(i < c.v[0].words.n && !strcmp(c.v[0].words.v[i], "/usr/bin/make"));
		CHECK(sudo);
	}
	shell_cmds_release(&c);
	shell_split("bash -ec 'apt-get update; sh -c \"sudo id\"'", &c);
	CHECK_INT(c.n, 4);
	shell_cmds_release(&c);
	shell_split("x=$(echo a; echo b) && ok", &c);
	CHECK_INT(c.n, 2);
	shell_cmds_release(&c);
	shell_split("echo 'unterminated", &c);
	CHECK_INT(c.n, 1);
	shell_cmds_release(&c);
}

TEST(parse_accounts)
{
	struct accounts a = { 0 };
	const struct account *x;

	accounts_parse(
		&a,
		"root:x:0:0:root:/root:/bin/sh\n#c\n+nis\n\nbob::1000\nodd\nnum:x:12a:0\nlast:*:7");
	CHECK_INT(a.n, 4);
	x = accounts_find(&a, "bob");
	CHECK(x && x->id == 1000 && !*x->password && x->line == 5);
	x = accounts_find(&a, "num");
	CHECK(x && x->id == -1);
	x = accounts_find(&a, "last");
	CHECK(x && x->id == 7 && !strcmp(x->password, "*"));
	CHECK(accounts_find(&a, "odd") == NULL);
	accounts_release(&a);
	accounts_parse(&a, NULL);
	CHECK_INT(a.n, 0);
}

TEST(parse_secret_names)
{
	static const char *const yes[] = {
		"PASSWORD",
		"DB_PASSWORD",
		"MYSQL_ROOT_PASSWORD",
		"PGPASSWORD",
		"db-passwd",
		"API_KEY",
		"X_API_KEY",
		"APIKEY",
		"AWS_SECRET_ACCESS_KEY",
		"AWS_ACCESS_KEY_ID",
		"GITHUB_TOKEN",
		"NPM_TOKEN",
		"SECRET_KEY_BASE",
		"CLIENT_SECRET",
		"PRIVATE_KEY",
		"GOOGLE_CREDENTIALS",
		"BASIC_AUTH",
		"DB_PWD",
		"SSH_KEY",
		"passphrase",
	};
	static const char *const no[] = {
		"PATH",
		"HOME",
		"PWD",
		"DB_PASSWORD_FILE",
		"TOKEN_PATH",
		"AUTH_URL",
		"GPG_KEY",
		"TOKENIZERS_PARALLELISM",
		"AUTHOR",
		"KEYCLOAK_VERSION",
		"PASSWORD_MIN_LENGTH",
		"DB_USER",
		"",
		"_",
	};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		CHECK(secret_name(yes[i], strlen(yes[i])));
		if (!secret_name(yes[i], strlen(yes[i])))
			fprintf(stderr, "  expected secret: %s\n", yes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
		CHECK(!secret_name(no[i], strlen(no[i])));
		if (secret_name(no[i], strlen(no[i])))
			fprintf(stderr, "  expected not secret: %s\n", no[i]);
	}
	CHECK(url_has_credentials("postgres://u:p@db/x"));
	CHECK(url_has_credentials("a https://x:y@h b"));
	CHECK(!url_has_credentials("https://u@host/x"));
	CHECK(!url_has_credentials("https://host/a:b@c"));
	CHECK(!url_has_credentials("https://:@host"));
	CHECK(!url_has_credentials("plain"));
}

/* Random and truncated input must not crash the parsers (run under ASan by make check). */
TEST(parsers_hostile_input)
{
	static const char alphabet[] = "ab=:|&;()$\"'`\\\n #-/<>0{}*?[]cENVARGUSER";
	uint32_t seed = 12345;
	struct buf b = BUF_INIT;

	for (int round = 0; round < 3000; round++) {
		struct history_instr h;
		struct shell_cmds cmds = { 0 };
		struct accounts a = { 0 };
		struct strlist l = { 0 };
		size_t len;

		buf_reset(&b);
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % 200;
		if (round % 3 == 0)
			buf_adds(&b,
				 round % 2 ? "RUN |3 A=1 /bin/sh -c " : "/bin/sh -c #(nop)  ENV ");
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_addc(&b, alphabet[(seed >> 16) % (sizeof(alphabet) - 1)]);
		}
		history_parse(b.s, &h);
		shell_split(h.body, &cmds);
		for (size_t i = 0; i < cmds.n; i++) {
			int sudo = 0;
			const char *tool, *verb;

			CHECK(shell_cmd_program(&cmds.v[i], &sudo) <= cmds.v[i].words.n);
			shell_cmd_package_action(&cmds.v[i], &tool, &verb);
		}
		history_split_assignments(h.body, round & 1, &l);
		accounts_parse(&a, b.s);
		secret_name(b.s, b.len);
		url_has_credentials(b.s);
		{
			struct buf d = BUF_INIT;

			history_add_describe(b.s, &d);
			buf_release(&d);
		}
		strlist_clear(&l);
		accounts_release(&a);
		shell_cmds_release(&cmds);
		history_instr_release(&h);
	}
	buf_release(&b);
}

TEST(string_set)
{
	struct strset set = { 0 };
	int added;

	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < 1000; i++) {
			char key[32];

			snprintf(key, sizeof(key), "k%zu", i);
			CHECK_INT(strset_add(&set, key, &added), i);
			CHECK_INT(added, !round);
		}
	}
	CHECK_INT(set.keys.n, 1000);
	CHECK_STR(set.keys.v[999], "k999");
	strset_clear(&set);
	CHECK_INT(strset_add(&set, "", &added), 0);
	CHECK(added);
	strset_clear(&set);
}

int main(void)
{
	RUN(table_order_and_levels);
	RUN(manual_rows);
	RUN(non_root_user_passwd);
	RUN(non_root_user_maps_to_step);
	RUN(healthcheck_pass_fail);
	RUN(update_alone);
	RUN(setuid_files);
	RUN(copy_not_add);
	RUN(secrets_env);
	RUN(secrets_history);
	RUN(secrets_run_line);
	RUN(secrets_files);
	RUN(secrets_without_files);
	RUN(secret_left_in_layer);
	RUN(latest_tag);
	RUN(sudo_in_commands);
	RUN(package_cache);
	RUN(world_writable);
	RUN(sensitive_ports);
	RUN(sensitive_volumes);
	RUN(empty_password);
	RUN(duplicate_ids);
	RUN(unneeded_files);
	RUN(file_checks_skip_without_files);
	RUN(no_secret_in_messages);
	RUN(parse_history);
	RUN(parse_assignments);
	RUN(parse_shell);
	RUN(parse_accounts);
	RUN(parse_secret_names);
	RUN(parsers_hostile_input);
	RUN(string_set);
	return test_done();
}
