/*
 * check.h - the check catalog and the API a check uses to report.
 *
 * Adding a check (no new file, no new header):
 *   1. Add a row to the table at the top of the section file in src/checks/
 *      (designated initializers, fields in the order of struct check).
 *   2. Write check_<name>() below the table, in table order, with the name
 *      taken from the rule name (`privileged-container` ->
 *      check_privileged_container). It reads facts, never prints, never does
 *      I/O, and calls check_fail()/check_manual()/check_skip()/check_error().
 *      Emitting nothing means pass.
 *   3. Add a unit test that makes it fail and one that makes it pass
 *      (tests/unit/), and regenerate the README table: make readme-checks.
 * A row with fn == NULL is a manual recommendation: always STATUS_MANUAL.
 */
#ifndef CHECK_H
#define CHECK_H

#include "dockgate.h"
#include "facts.h"

struct findings;

enum target_kind {
	TARGET_IMAGE,
	TARGET_CONTAINER,
	TARGET_DAEMON,
	TARGET_HOST,
};

/* What a run audits: one image, one container, the daemon, the host. */
struct target {
	enum target_kind kind;
	char *name;    /* stable identity: image repository, container name, "daemon", "host" */
	char *display; /* human: "myapp:1.4", "web (3f2a1b9c0d1e)" */
	char *digest;  /* image id / container id, may be NULL */
	const struct image *image;	   /* TARGET_IMAGE */
	const struct container *container; /* TARGET_CONTAINER */
};

/* Facts a check needs; the engine skips a check centrally when absent. */
enum need {
	NEED_IMAGE_FILES = 1u << 0, /* merged file table of the image */
	NEED_DAEMON = 1u << 1,	    /* daemon facts (Engine API) */
	NEED_HOST = 1u << 2,	    /* host facts (--host-root) */
	NEED_SWARM = 1u << 3,	    /* swarm active on the daemon */
	NEED_CONTAINERS = 1u << 4,  /* at least one container inspected */
};

typedef void (*check_fn)(const struct facts *, const struct target *, struct findings *);

struct check {
	const char *id;	  /* "CIS-4.1", "DG-IMG-001" */
	const char *name; /* "non-root-user", kebab-case, unique */
	const char *cis;  /* "4.1", NULL beyond CIS */
	int section;	  /* CIS section 1..7; image best practices use 4 */
	const char *title;
	enum scope scope;
	unsigned needs;		/* enum need bits */
	enum severity severity; /* default, policy may override */
	int level;		/* CIS profile level 1 or 2, 0 beyond CIS */
	const char *rationale;
	const char *remediation;
	check_fn fn; /* NULL: manual recommendation */
};

/*
 * Reporting from a check. The evidence key is the stable part of a finding
 * used in its fingerprint (a path, an env var name, a field name), never a
 * secret value; the message is for humans. Both are copied.
 * The returned finding may be annotated further (layer, history step).
 */
struct finding *check_fail(struct findings *, const char *evidence_key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct finding *check_pass(struct findings *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct finding *check_manual(struct findings *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct finding *check_skip(struct findings *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct finding *check_error(struct findings *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The catalog: every section table, in section order. */
size_t catalog_count(void);
const struct check *catalog_at(size_t i);
const struct check *catalog_find(const char *id_or_name);
/* Does a pattern (id, name, CIS number "5.4", or glob of any) select the check? */
int check_matches(const struct check *, const char *pattern);
/* Does a pattern match at least one check of the catalog? */
int catalog_pattern_known(const char *pattern);

/* Section titles of the CIS Docker Benchmark, 1..7. */
const char *section_title(int section);

#endif
