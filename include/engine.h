/*
 * engine.h - runs the catalog over targets and holds the findings.
 *
 * A finding is the result of one check on one target: a failure with its
 * evidence, or the single pass/manual/skip/error row of a check that did not
 * fail. The engine stamps id, severity and fingerprint; policy.c later fills
 * the policy fields (effective severity, waiver, baseline state, gating).
 */
#ifndef ENGINE_H
#define ENGINE_H

#include "dockgate.h"
#include "check.h"
#include "facts.h"

struct waiver;

enum baseline_state {
	BASELINE_NONE, /* no baseline given */
	BASELINE_NEW,
	BASELINE_UNCHANGED,
	BASELINE_ABSENT, /* in the baseline, not seen now (fixed) */
};

struct finding {
	const struct check *check;
	size_t target; /* index in run.targets */
	enum status status;
	enum severity severity; /* effective (after policy overrides) */
	char *evidence;		/* stable evidence key, "" when none */
	char *message;		/* human text, secrets already redacted */
	int layer;		/* image layer index or -1 */
	int history;		/* image history step index or -1 */
	char fingerprint[17];	/* 16 hex digits, see finding_fingerprint() */

	/* Filled by policy.c */
	const struct waiver *waiver; /* applied waiver, NULL if none */
	enum baseline_state baseline;
	int gating; /* counts against the gate */
};

struct findings {
	struct finding *v;
	size_t n, alloc;
	/* Context for check_*() calls, set by the engine. */
	const struct check *cur_check;
	size_t cur_target;
};

/* An audit problem that makes the result incomplete (exit 3). */
struct run_error {
	char *where; /* "image 'app.tar' layer 'sha256:...'" */
	char *message;
};

struct policy;

/* One audit: facts, targets, findings, verdict. */
struct run {
	const char *command; /* "image", "daemon" */
	struct facts facts;
	struct target *targets;
	size_t ntargets, talloc;
	struct findings findings;
	struct run_error *errors;
	size_t nerrors, ealloc;
	struct policy *policy; /* borrowed */
	long long started;     /* dg_now() at start */
	double duration;       /* seconds */

	/* Verdict, filled by policy_gate(). */
	int gate_failed;
	int exit_code;
	size_t counts[5][5]; /* [status][severity] after policy */
};

void run_init(struct run *, const char *command);
void run_release(struct run *);
size_t run_add_target(struct run *, enum target_kind, const char *name, const char *display,
		      const char *digest);
void run_add_error(struct run *, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add one target per image in run->facts (and later containers, daemon, host). */
void run_add_fact_targets(struct run *);

/*
 * Evaluate every selected check on every target of its scope. A check is
 * selected when policy_check_selected() says so. Findings end up sorted
 * (target, section, check order, evidence).
 */
void engine_run(struct run *);

/* Hash of (rule id, stable target identity, evidence key): 16 hex digits. */
void finding_fingerprint(const char *rule_id, const char *target_kind_name, const char *target_name,
			 const char *evidence, char out[17]);
const char *target_kind_name(enum target_kind);
/* "image:myapp", "container:web", "daemon", "host" */
char *target_ref(const struct target *);

void findings_release(struct findings *);
/* Sort findings in report order: target, catalog order, status, evidence. */
void engine_sort(struct findings *);

#endif
