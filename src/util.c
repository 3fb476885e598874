/*
 * util.c - allocation, error buffers, string lists, enum names, the clock.
 */
#include "dockgate.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const status_names[] = { "pass", "fail", "manual", "skip", "error" };
static const char *const severity_names[] = { "info", "low", "medium", "high", "critical" };
static const char *const scope_names[] = { "host", "daemon", "container", "image" };

const char *status_name(enum status s)
{
	return (unsigned)s < ARRAY_SIZE(status_names) ? status_names[s] : "?";
}

const char *severity_name(enum severity s)
{
	return (unsigned)s < ARRAY_SIZE(severity_names) ? severity_names[s] : "?";
}

const char *scope_name(enum scope s)
{
	return (unsigned)s < ARRAY_SIZE(scope_names) ? scope_names[s] : "?";
}

int severity_parse(const char *s, enum severity *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(severity_names); i++) {
		if (!strcasecmp(s, severity_names[i])) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

static void *check_alloc(void *p, size_t n)
{
	if (!p && n)
		die("out of memory allocating %zu bytes", n);
	return p;
}

void *xmalloc(size_t n)
{
	return check_alloc(malloc(n ? n : 1), n ? n : 1);
}

void *xcalloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		die("allocation overflow");
	return check_alloc(calloc(n ? n : 1, size ? size : 1), 1);
}

void *xrealloc(void *p, size_t n)
{
	return check_alloc(realloc(p, n ? n : 1), 1);
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s ? s : ""), 1);
}

char *xstrndup(const char *s, size_t n)
{
	return check_alloc(strndup(s, n), 1);
}

char *xstrfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("bad format '%s'", fmt);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

int err_set(struct errbuf *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int err_prefix(struct errbuf *err, const char *fmt, ...)
{
	char prefix[512], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is acceptable: an error message only needs its start. */
	size_t plen = strlen(prefix);
	if (plen + 2 >= sizeof(err->msg))
		plen = sizeof(err->msg) - 3;
	memcpy(err->msg, prefix, plen);
	memcpy(err->msg + plen, ": ", 2);
	size_t rest = sizeof(err->msg) - plen - 3;
	size_t olen = strnlen(old, rest);
	memcpy(err->msg + plen + 2, old, olen);
	err->msg[plen + 2 + olen] = '\0';
	return -1;
}

void BUG(const char *fmt, ...)
{
	va_list ap;

	fputs("dockgate: BUG: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("dockgate: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(3);
}

void strlist_push_owned(struct strlist *l, char *s)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = s;
}

void strlist_push(struct strlist *l, const char *s)
{
	strlist_push_owned(l, xstrdup(s));
}

int strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

int glob_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, 0) == 0;
}

long long dg_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");

	if (e && *e) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(e, &end, 10);
		/* past 9999-12-31 time stamps would stop being RFC 3339 (five-digit years) */
		if (!errno && !*end && v >= 0 && v <= 253402300799LL)
			return v;
	}
	return (long long)time(NULL);
}
