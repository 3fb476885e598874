/*
 * dockgate.h - the first include of every source file.
 *
 * Exit codes, the shared enums (status, severity, scope), allocation helpers
 * that abort on failure, and the caller-owned error buffer every fallible
 * function fills. Only main.c turns outcomes into exit codes.
 */
#ifndef DOCKGATE_H
#define DOCKGATE_H

#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <errno.h>

#define DOCKGATE_VERSION "0.1.0"
#define DOCKGATE_URI "https://github.com/dockgate/dockgate"

/* Process exit codes (DESIGN.md, "Exit codes"). */
enum exit_code {
	EXIT_PASS = 0,	     /* audit complete, gate passed */
	EXIT_GATE = 1,	     /* audit complete, gate failed */
	EXIT_USAGE = 2,	     /* usage error, invalid policy or baseline */
	EXIT_INCOMPLETE = 3, /* input unreadable, daemon unreachable, timeout */
};

/* Outcome of one check on one target. */
enum status {
	STATUS_PASS,
	STATUS_FAIL,
	STATUS_MANUAL, /* needs a human */
	STATUS_SKIP,   /* not applicable */
	STATUS_ERROR,  /* could not be evaluated */
};

/* Ordered: a larger value is more severe. */
enum severity {
	SEV_INFO,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
};

/* What kind of thing a check looks at. */
enum scope {
	SCOPE_HOST,
	SCOPE_DAEMON,
	SCOPE_CONTAINER,
	SCOPE_IMAGE,
};

const char *status_name(enum status);
const char *severity_name(enum severity);
const char *scope_name(enum scope);
/* Parse "high", "HIGH"...; returns 0 or -1. */
int severity_parse(const char *, enum severity *);

/* Allocation never fails: these abort with a message instead. */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define ALLOC_GROW(p, n, alloc) \
	do { \
		if ((n) >= (alloc)) { \
			(alloc) = (alloc) ? (alloc)*2 : 8; \
			if ((alloc) <= (n)) \
				(alloc) = (n) + 1; \
			(p) = xrealloc((p), (alloc) * sizeof(*(p))); \
		} \
	} while (0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A caller-owned error message. Message style: lowercase, failure first,
 * subject in quotes: "cannot read layer 'sha256:1f3a' entry 'etc/shadow': truncated".
 */
struct errbuf {
	char msg[1024];
};
/* Sets the message (printf-style); returns -1 so callers can "return err_set(...)". */
int err_set(struct errbuf *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefixes an existing message: "PREFIX: old message". Returns -1. */
int err_prefix(struct errbuf *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Fatal internal error: prints "dockgate: BUG: ..." and aborts. */
void BUG(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Fatal error (allocation): prints "dockgate: fatal: ..." and exits 3. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A growable NULL-free list of owned strings. */
struct strlist {
	char **v;
	size_t n, alloc;
};
void strlist_push(struct strlist *, const char *);
void strlist_push_owned(struct strlist *, char *);
int strlist_has(const struct strlist *, const char *);
void strlist_clear(struct strlist *);

/* Shell-style glob on whole strings (fnmatch without flags). */
int glob_match(const char *pattern, const char *s);

/* Current time for waivers and reports: SOURCE_DATE_EPOCH when set. */
long long dg_now(void);

#include "banned.h"

#endif
