/*
 * image_secret.c - what makes an env/arg name, a value or an image file a
 * secret, and how to name a secret without showing it.
 */
#include "image_secret.h"
#include "image_util.h"
#include "buf.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Env/arg names longer than this are judged on their first part only. */
#define SECRET_NAME_MAX 256

/* Upper-case words of a name split at non-alphanumerics: "db-Password" -> DB, PASSWORD. */
static size_t name_words(const char *name, size_t len, char words[][SECRET_NAME_MAX + 1],
			 size_t max)
{
	size_t nw = 0, wl = 0;

	if (len > SECRET_NAME_MAX)
		len = SECRET_NAME_MAX;
	for (size_t i = 0; i <= len; i++) {
		int alnum = i < len && isalnum((unsigned char)name[i]);

		if (alnum) {
			words[nw][wl++] = (char)toupper((unsigned char)name[i]);
			continue;
		}
		if (wl) {
			words[nw][wl] = '\0';
			wl = 0;
			if (++nw == max)
				break;
		}
	}
	return nw;
}

static int in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int secret_name(const char *name, size_t len)
{
	static const char *const secret_words[] = {
		"PASSWORD", "PASSWD", "PASS",	    "PASSPHRASE", "PWD",	 "SECRET",
		"SECRETS",  "TOKEN",  "TOKENS",	    "APIKEY",	  "CREDENTIALS", "CREDENTIAL",
		"CREDS",    "AUTH",   "PRIVATEKEY", "ACCESSKEY",  "SECRETKEY",
	};
	/* Compounds such as PGPASSWORD, GHTOKEN, CLIENTSECRET. */
	static const char *const secret_suffixes[] = { "PASSWORD", "PASSWD", "SECRET", "TOKEN",
						       "APIKEY" };
	/* X followed by KEY: API_KEY, ACCESS_KEY, PRIVATE_KEY... (not GPG_KEY, a fingerprint). */
	static const char *const key_prefixes[] = {
		"API",	   "ACCESS", "PRIVATE", "SECRET", "AUTH",   "ENCRYPTION",
		"SIGNING", "MASTER", "LICENSE", "SSH",	  "CLIENT",
	};
	/* Names about a secret rather than holding one: DB_PASSWORD_FILE, AUTH_URL. */
	static const char *const benign_last[] = {
		"FILE",	   "FILES",    "PATH",	   "DIR",      "URL",	  "URI",
		"HOST",	   "PORT",     "ENDPOINT", "TYPE",     "METHOD",  "MODE",
		"ENABLED", "DISABLED", "USER",	   "USERNAME", "NAME",	  "LENGTH",
		"POLICY",  "TTL",      "TIMEOUT",  "HEADER",   "VERSION", "PROVIDER",
	};
	char words[16][SECRET_NAME_MAX + 1];
	size_t nw = name_words(name, len, words, ARRAY_SIZE(words));

	if (!nw || in_list(words[nw - 1], benign_last, ARRAY_SIZE(benign_last)))
		return 0;
	for (size_t i = 0; i < nw; i++) {
		if (in_list(words[i], secret_words, ARRAY_SIZE(secret_words)))
			return strcmp(words[i], "PWD") || nw > 1; /* PWD alone is the shell's */
		for (size_t j = 0; j < ARRAY_SIZE(secret_suffixes); j++)
			if (ends_with(words[i], secret_suffixes[j]))
				return 1;
		if (i + 1 < nw && !strcmp(words[i + 1], "KEY") &&
		    in_list(words[i], key_prefixes, ARRAY_SIZE(key_prefixes)))
			return 1;
	}
	return 0;
}

int url_has_credentials(const char *value)
{
	for (const char *p = strstr(value, "://"); p; p = strstr(p, "://")) {
		const char *host = p + 3, *end = host, *at = NULL, *colon;

		while (*end && !strchr("/?# \t\"'", *end))
			end++;
		for (const char *q = host; q < end; q++)
			if (*q == '@')
				at = q;
		p = end;
		if (!at)
			continue;
		colon = memchr(host, ':', (size_t)(at - host));
		if (colon && colon > host && colon + 1 < at)
			return 1;
	}
	return 0;
}

static const struct {
	unsigned bit;
	const char *name;
} hit_names[] = {
	{ HIT_PEM_PRIVATE_KEY, "PEM private key" },
	{ HIT_AWS_ACCESS_KEY, "AWS access key id" },
	{ HIT_AWS_SECRET, "AWS secret access key" },
	{ HIT_GITHUB_TOKEN, "GitHub token" },
	{ HIT_GITLAB_TOKEN, "GitLab token" },
	{ HIT_SLACK_TOKEN, "Slack token" },
	{ HIT_DOCKER_AUTH, "registry credentials" },
	{ HIT_NPM_TOKEN, "npm token" },
	{ HIT_PYPI_PASSWORD, "PyPI password" },
	{ HIT_URL_CREDENTIALS, "URL with credentials" },
	{ HIT_ENV_SECRET, "secret KEY=value setting" },
};

void content_hits_describe(unsigned hits, struct buf *out)
{
	int first = 1;

	for (size_t i = 0; i < ARRAY_SIZE(hit_names); i++) {
		if (!(hits & hit_names[i].bit))
			continue;
		buf_addf(out, "%s%s", first ? "" : ", ", hit_names[i].name);
		first = 0;
	}
	if (first)
		buf_adds(out, "secret content");
}

/* A test or example fixture of a third-party package: keys there are samples. */
static int package_fixture(const char *path)
{
	static const char *const dirs[] = {
		"test", "tests",   "testdata", "testing", "__tests__", "fixtures",
		"spec", "example", "examples", "demo",	  "demos",     "samples",
	};

	if (!path_in_package_tree(path))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (path_has_component(path, dirs[i]))
			return 1;
	return 0;
}

/* What a file name alone says: "SSH private key file", or NULL. */
static const char *secret_file_kind(const char *path)
{
	static const char *const ssh_keys[] = {
		"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk",
	};
	static const char *const env_samples[] = {
		".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults",
	};
	static const char *const keystores[] = { ".p12", ".pfx", ".keystore", ".jks" };
	const char *base = path_basename(path);
	const char *ext = strrchr(base, '.');

	if (in_list(base, ssh_keys, ARRAY_SIZE(ssh_keys)))
		return "SSH private key file";
	if (!strcmp(path, ".aws/credentials") || ends_with(path, "/.aws/credentials"))
		return "AWS credentials file";
	if (!strcmp(base, ".netrc") || !strcmp(base, "_netrc"))
		return ".netrc credentials file";
	if ((!strcmp(base, ".env") || !strncmp(base, ".env.", 5)) &&
	    !in_list(base, env_samples, ARRAY_SIZE(env_samples)))
		return "dotenv file";
	for (size_t i = 0; ext && ext != base && i < ARRAY_SIZE(keystores); i++)
		if (!strcasecmp(ext, keystores[i]))
			return "keystore";
	return NULL;
}

/* The first secret_files glob matching the path ("/x" globs are absolute), or NULL. */
static const char *secret_glob_match(const char *path, const struct strlist *globs)
{
	for (size_t i = 0; globs && i < globs->n; i++) {
		const char *g = globs->v[i];

		while (*g == '/')
			g++;
		if (glob_match(g, strchr(g, '/') ? path : path_basename(path)))
			return globs->v[i];
	}
	return NULL;
}

char *secret_file_describe(const struct image_file *f, const struct strlist *extra_globs)
{
	struct buf b = BUF_INIT;
	const char *kind, *glob;

	int fixture;

	if (f->type != FILE_REG)
		return NULL;
	fixture = package_fixture(f->path);
	if (f->hits && !fixture) {
		content_hits_describe(f->hits, &b);
		buf_addf(&b, " in /%s", f->path);
		return buf_detach(&b);
	}
	if (f->size <= 0)
		return NULL; /* an empty file holds no secret */
	if (!fixture && (kind = secret_file_kind(f->path)))
		return xstrfmt("%s /%s", kind, f->path);
	if ((glob = secret_glob_match(f->path, extra_globs)))
		return xstrfmt("secret file /%s (matches secret_files '%s')", f->path, glob);
	return NULL;
}
