/*
 * baseline.h - earlier results (dockgate SARIF or JSON) as baselines, and
 * the release diff.
 *
 * baseline_load() reads either format (it detects which) into a flat list
 * of entries; the run's findings are matched to entries by fingerprint
 * (rule id, stable target identity, evidence key) and status, so
 * "myapp:1.4" and "myapp:1.5" line up. Entries the earlier run itself
 * reported as absent are not read: they were already fixed then.
 */
#ifndef BASELINE_H
#define BASELINE_H

#include "engine.h"

struct baseline_entry {
	char *fingerprint; /* 16 hex digits */
	char *rule_id;
	char *target;  /* "kind:name", "daemon", "host" */
	char *display; /* "myapp:1.4", or a copy of target */
	char *evidence;
	char *message;
	enum status status;
	enum severity severity; /* as the earlier run reported it (after its policy) */
	int waived;		/* a waiver applied to it then */
	int matched;		/* scratch for baseline_apply() and the diff */
};

struct baseline {
	char *file;
	char *format; /* "sarif" or "json" */
	struct baseline_entry *v;
	size_t n, alloc;
};

/* Read a SARIF or JSON result; -1 with "FILE: message" when unreadable or foreign. */
int baseline_load(struct baseline *, const char *path, struct errbuf *err);
/*
 * Mark every finding of the run new or unchanged (same fingerprint and
 * status in the baseline), and append a BASELINE_ABSENT fail finding for
 * every baseline failure not seen now. Absent findings of rules this build
 * does not know are left out (there is no check to report them under).
 */
void baseline_apply(struct baseline *, struct run *);
void baseline_release(struct baseline *);

/* Split "image:myapp" into kind and name; -1 for an unknown kind. */
int baseline_parse_target(const char *ref, enum target_kind *kind, const char **name);

/* A release diff: which failures are new, fixed or unchanged in head. */
struct baseline_diff {
	const struct baseline_entry **added, **fixed, **unchanged;
	size_t nadded, nfixed, nunchanged;
	size_t counts[3][5]; /* [added, fixed, unchanged][severity] */
};

/*
 * Compare the failures of two results. Entries are sorted most severe
 * first, then by rule, target and evidence. The diff points into base and
 * head, which must outlive it.
 */
void baseline_diff(struct baseline *base, struct baseline *head, struct baseline_diff *);
void baseline_diff_release(struct baseline_diff *);

#endif
