/*
 * secret.c - secret candidates by file name and the bounded content scanner.
 * See secret.h. Everything here works on a byte window that may hold NUL
 * bytes and is not NUL-terminated.
 */
#include "secret.h"
#include "image_secret.h"
#include "facts.h"

#include <ctype.h>
#include <string.h>

static const char *secret_base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int secret_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

static int secret_ends_with_path(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	if (n < m || strcmp(path + n - m, suffix))
		return 0;
	return n == m || path[n - m - 1] == '/';
}

int secret_name_is_candidate(const char *path)
{
	static const char *const names[] = {
		".env",	  "credentials", "config.json", ".npmrc", ".pypirc", ".git-credentials",
		".netrc", ".dockercfg",	 ".pgpass",	".s3cfg",
	};
	static const char *const exts[] = {
		".pem", ".key", ".p12", ".pfx", ".keystore", ".jks", ".env", ".ppk",
	};
	const char *b = secret_base(path);

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(b, names[i]))
			return 1;
	for (size_t i = 0; i < ARRAY_SIZE(exts); i++)
		if (secret_ends_with(b, exts[i]))
			return 1;
	if (!strncmp(b, "id_", 3) && b[3] && !secret_ends_with(b, ".pub"))
		return 1;
	if (!strncmp(b, ".env.", 5))
		return 1;
	return secret_ends_with_path(path, ".aws/credentials");
}

int secret_is_candidate(const char *path, long long size, long long max_small)
{
	static const char *const dirs[] = {
		"etc/", "root/", "home/", "app/", "srv/", "opt/", "usr/src/", "var/www/",
	};

	if (secret_name_is_candidate(path))
		return 1;
	if (size > max_small)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (!strncmp(path, dirs[i], strlen(dirs[i])))
			return 1;
	return 0;
}

/* The scan window with a cursor; rules look at it one position at a time. */
struct scan {
	const char *p;
	size_t n;
};

static int secret_at(const struct scan *s, size_t i, const char *lit)
{
	size_t m = strlen(lit);

	return i + m <= s->n && !memcmp(s->p + i, lit, m);
}

static int secret_word_char(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Count chars from i on that satisfy the class (up to max). */
static size_t secret_span(const struct scan *s, size_t i, const char *extra, int upper_digit_only,
			  size_t max)
{
	size_t k = 0;

	while (i + k < s->n && k < max) {
		unsigned char c = (unsigned char)s->p[i + k];

		if (upper_digit_only ? (isupper(c) || isdigit(c))
				     : (isalnum(c) || (c && extra && strchr(extra, c))))
			k++;
		else
			break;
	}
	return k;
}

static int secret_pem(const struct scan *s, size_t i)
{
	if (!secret_at(s, i, "-----BEGIN "))
		return 0;
	for (size_t k = i + 11; k < s->n && k < i + 80 && s->p[k] != '\n'; k++)
		if (secret_at(s, k, "PRIVATE KEY-----"))
			return 1;
	return 0;
}

static int secret_aws_key(const struct scan *s, size_t i)
{
	if (!secret_at(s, i, "AKIA") && !secret_at(s, i, "ASIA"))
		return 0;
	if (i > 0 && isalnum((unsigned char)s->p[i - 1]))
		return 0;
	if (secret_span(s, i + 4, NULL, 1, 17) != 16)
		return 0;
	return i + 20 >= s->n || !isalnum((unsigned char)s->p[i + 20]);
}

static int secret_github(const struct scan *s, size_t i)
{
	static const char *const pre[] = { "ghp_", "gho_", "ghs_", "ghu_", "ghr_" };

	if (i > 0 && secret_word_char(s->p[i - 1]))
		return 0;
	for (size_t k = 0; k < ARRAY_SIZE(pre); k++)
		if (secret_at(s, i, pre[k]) && secret_span(s, i + 4, NULL, 0, 255) >= 36)
			return 1;
	return secret_at(s, i, "github_pat_") && secret_span(s, i + 11, "_", 0, 255) >= 22;
}

static int secret_gitlab(const struct scan *s, size_t i)
{
	return secret_at(s, i, "glpat-") && (i == 0 || !secret_word_char(s->p[i - 1])) &&
	       secret_span(s, i + 6, "_-", 0, 255) >= 20;
}

static int secret_slack(const struct scan *s, size_t i)
{
	return secret_at(s, i, "xox") && i + 4 < s->n && strchr("abprs", s->p[i + 3]) &&
	       s->p[i + 3] && s->p[i + 4] == '-' && (i == 0 || !secret_word_char(s->p[i - 1])) &&
	       secret_span(s, i + 5, "-", 0, 255) >= 10;
}

static size_t secret_skip_blanks(const struct scan *s, size_t i)
{
	while (i < s->n && (s->p[i] == ' ' || s->p[i] == '\t'))
		i++;
	return i;
}

/* A value after "=" that is present and not a ${VAR} reference. */
static int secret_real_value(const struct scan *s, size_t i, size_t min)
{
	size_t k = 0;

	i = secret_skip_blanks(s, i);
	if (i < s->n && (s->p[i] == '"' || s->p[i] == '\''))
		i++;
	if (i < s->n && s->p[i] == '$')
		return 0;
	while (i + k < s->n && !isspace((unsigned char)s->p[i + k]) && s->p[i + k] != '"' &&
	       s->p[i + k] != '\'')
		k++;
	return k >= min;
}

/* key, blanks, one of the separators, then a real value. */
static int secret_assignment(const struct scan *s, size_t i, const char *key, const char *seps,
			     size_t min)
{
	size_t m = strlen(key);

	if (i + m > s->n || strncasecmp(s->p + i, key, m))
		return 0;
	if (i > 0 && secret_word_char(s->p[i - 1]))
		return 0;
	i = secret_skip_blanks(s, i + m);
	if (i < s->n && (s->p[i] == '"' || s->p[i] == '\''))
		i = secret_skip_blanks(s, i + 1);
	if (i >= s->n || !strchr(seps, s->p[i]) || !s->p[i])
		return 0;
	return secret_real_value(s, i + 1, min);
}

static int secret_npm(const struct scan *s, size_t i)
{
	return secret_assignment(s, i, "_authToken", "=", 1) ||
	       secret_assignment(s, i, "_auth", "=", 1) ||
	       secret_assignment(s, i, "_password", "=", 1);
}

/* scheme://user:password@host with neither part a variable. */
static int secret_url_credentials(const struct scan *s, size_t i)
{
	size_t u, p, j;

	if (!secret_at(s, i, "://") || i < 2 || !isalpha((unsigned char)s->p[i - 1]))
		return 0;
	j = i + 3;
	for (u = 0; j + u < s->n && !strchr(":/@ \t\r\n\"'$%{<", s->p[j + u]) && s->p[j + u]; u++)
		;
	if (!u || j + u >= s->n || s->p[j + u] != ':')
		return 0;
	j += u + 1;
	for (p = 0; j + p < s->n && !strchr("@/ \t\r\n\"'", s->p[j + p]) && s->p[j + p]; p++)
		;
	if (!p || j + p + 1 >= s->n || s->p[j + p] != '@' || strchr("$%{<*", s->p[j]))
		return 0;
	return isalnum((unsigned char)s->p[j + p + 1]) || s->p[j + p + 1] == '[';
}

static int secret_docker_auth(const struct scan *s)
{
	int auths = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (secret_at(s, i, "\"auths\""))
			auths = 1;
		else if (auths &&
			 (secret_at(s, i, "\"auth\"") || secret_at(s, i, "\"identitytoken\""))) {
			size_t j = i + (s->p[i + 2] == 'u' ? 6 : 15);

			while (j < s->n && isspace((unsigned char)s->p[j]))
				j++;
			if (j < s->n && s->p[j] == ':') {
				j++;
				while (j < s->n && isspace((unsigned char)s->p[j]))
					j++;
				if (j + 1 < s->n && s->p[j] == '"' && s->p[j + 1] != '"')
					return 1;
			}
		}
	}
	return 0;
}

static int secret_is_env_file(const char *b)
{
	return !strcmp(b, ".env") || !strncmp(b, ".env.", 5) || secret_ends_with(b, ".env");
}

/* KEY=value lines (optionally "export KEY=value") with a secret-looking KEY. */
static int secret_env_line(const struct scan *s, size_t i)
{
	size_t k;

	if (i > 0 && s->p[i - 1] != '\n')
		return 0;
	i = secret_skip_blanks(s, i);
	if (secret_at(s, i, "export "))
		i = secret_skip_blanks(s, i + 7);
	for (k = 0; i + k < s->n && secret_word_char(s->p[i + k]); k++)
		;
	if (!k || i + k >= s->n || s->p[i + k] != '=')
		return 0;
	return secret_name(s->p + i, k) && secret_real_value(s, i + k + 1, 1);
}

/* "password = x" at the start of a line (.pypirc). */
static int secret_pypi(const struct scan *s, size_t i)
{
	if (i > 0 && s->p[i - 1] != '\n')
		return 0;
	i = secret_skip_blanks(s, i);
	return secret_assignment(s, i, "password", "=:", 1);
}

unsigned secret_scan(const char *path, const char *buf, size_t len)
{
	struct scan s = { buf, len };
	const char *b = secret_base(path);
	int pypirc = !strcmp(b, ".pypirc"), env = secret_is_env_file(b);
	unsigned hits = 0;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '-' && secret_pem(&s, i))
			hits |= HIT_PEM_PRIVATE_KEY;
		else if (c == 'A' && secret_aws_key(&s, i))
			hits |= HIT_AWS_ACCESS_KEY;
		else if (c == 'g' && (secret_github(&s, i) || secret_gitlab(&s, i)))
			hits |= secret_at(&s, i, "glpat-") ? HIT_GITLAB_TOKEN : HIT_GITHUB_TOKEN;
		else if (c == 'x' && secret_slack(&s, i))
			hits |= HIT_SLACK_TOKEN;
		else if (c == '_' && secret_npm(&s, i))
			hits |= HIT_NPM_TOKEN;
		else if (c == ':' && secret_url_credentials(&s, i))
			hits |= HIT_URL_CREDENTIALS;
		else if ((c == 'a' || c == 'A') &&
			 secret_assignment(&s, i, "aws_secret_access_key", "=:", 16))
			hits |= HIT_AWS_SECRET;
		if (pypirc && secret_pypi(&s, i))
			hits |= HIT_PYPI_PASSWORD;
		if (env && (i == 0 || buf[i - 1] == '\n') && secret_env_line(&s, i))
			hits |= HIT_ENV_SECRET;
	}
	if (memchr(buf, '"', len) && secret_docker_auth(&s))
		hits |= HIT_DOCKER_AUTH;
	return hits;
}
