/*
 * policy.h - turns findings into a verdict.
 *
 * A policy comes from the command line (--fail-on, --include, --exclude,
 * --new-only) merged over the policy file (policy_load.c, libyaml). It
 * selects checks, overrides severities, applies waivers (with expiry) and
 * baseline states, and decides the gate. The run owns nothing here.
 */
#ifndef POLICY_H
#define POLICY_H

#include "dockgate.h"
#include "engine.h"

enum waiver_state {
	WAIVER_UNUSED, /* matched nothing this run */
	WAIVER_APPLIED,
	WAIVER_EXPIRING, /* applied, expires within 14 days */
	WAIVER_EXPIRED,	 /* past its date: the finding counts again */
};

struct waiver {
	char *check;	      /* id, name or glob */
	char *target;	      /* glob on "kind:name", NULL = any */
	char *evidence;	      /* glob on the evidence key, NULL = any */
	char *reason;	      /* required */
	char *expires;	      /* "YYYY-MM-DD", NULL only if allowed to not expire */
	long long expires_at; /* end of that day, UTC epoch seconds; 0 = never */
	char *ticket;
	int line, column; /* position in the policy file, 0 for none */
	/* per run */
	enum waiver_state state;
	size_t matched;
};

struct severity_override {
	char *pattern; /* id, name or glob */
	enum severity severity;
};

/* Overrides for targets whose "kind:name" matches a glob. */
struct policy_scope {
	char *pattern;
	int has_fail_on;
	enum severity fail_on;
	int fail_on_none; /* "none": never gate on severity for these targets */
	struct strlist include, exclude;
	struct severity_override *severities;
	size_t nseverities;
};

struct policy {
	char *file;	       /* policy file path or NULL */
	enum severity fail_on; /* default SEV_HIGH */
	int fail_on_none;      /* "none": never gate on severity */
	long long max[5];      /* budget per severity, -1 = unlimited */
	int new_only;
	int strict_waivers;
	/*
	 * A check that could not be evaluated (STATUS_ERROR, e.g. a host file
	 * not readable) does not make the audit incomplete; the daemon command
	 * sets this unless --strict. Source errors (run->errors) always do.
	 */
	int lenient_errors;
	int waivers_may_not_expire;
	long max_waiver_days; /* 0 = no limit */
	struct strlist include, exclude;
	struct severity_override *severities;
	size_t nseverities;
	struct policy_scope *scopes;
	size_t nscopes;
	struct waiver *waivers;
	size_t nwaivers;
	/* per-check parameters */
	struct strlist
		setuid_allow; /* checks.params.setuid_allow: extra allowed setuid paths (globs) */
	struct strlist secret_files;  /* checks.params.secret_files: extra secret file globs */
	struct strlist allowed_ports; /* checks.params.allowed_ports: "8080/tcp" or "8080" */
	long max_images,
		max_containers; /* checks.params.max_images/max_containers (CIS 6.1/6.2), 0 = default */
	long long now;		/* dg_now() unless a test sets it */
};

void policy_init(struct policy *);
void policy_release(struct policy *);

/* Is this check selected for this target (include/exclude, scopes)? NULL target: policy-wide only. */
int policy_check_selected(const struct policy *, const struct check *, const struct target *);
/* Effective severity of a check on a target. */
enum severity policy_severity(const struct policy *, const struct check *, const struct target *);

/*
 * Apply severities, waivers and the gate to run->findings; fills
 * run->counts, run->gate_failed and run->exit_code (0, 1, or 3 when
 * run->nerrors > 0 or any finding has STATUS_ERROR).
 */
void policy_apply(struct policy *, struct run *);

/*
 * Load a YAML/JSON policy file over the defaults in *p. On error returns -1
 * with "FILE:LINE:COLUMN: message" in err.
 */
int policy_load(struct policy *, const char *path, struct errbuf *err);

/* Parse "YYYY-MM-DD" into the end of that day (UTC); -1 when invalid. */
int policy_parse_date(const char *, long long *end_of_day);

/* Waivers that expire within this many days are reported as expiring soon. */
#define POLICY_EXPIRING_SOON_DAYS 14

/*
 * Whole UTC calendar days from p->now to a waiver's expiry day: 0 when it
 * expires today, -1 when it expired yesterday. LLONG_MAX when it never expires.
 */
long long policy_waiver_days_left(const struct policy *, const struct waiver *);
/*
 * What the calendar alone says about a waiver: WAIVER_EXPIRED past its day,
 * WAIVER_EXPIRING within POLICY_EXPIRING_SOON_DAYS days (today included),
 * else WAIVER_APPLIED. Whether it matched anything is policy_apply()'s job.
 */
enum waiver_state policy_waiver_date_state(const struct policy *, const struct waiver *);
/* "unused", "applied", "expiring", "expired" (the JSON result's spelling). */
const char *policy_waiver_state_name(enum waiver_state);

#endif
