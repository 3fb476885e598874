/*
 * baseline.h - earlier results (dockgate SARIF or JSON) as baselines, and
 * the release diff.
 */
#ifndef BASELINE_H
#define BASELINE_H

#include "engine.h"

struct baseline_entry {
	char *fingerprint;
	char *rule_id;
	char *target;		/* "kind:name" */
	char *evidence;
	char *message;
	enum severity severity;
};

struct baseline {
	char *file;
	char *format;		/* "sarif" or "json" */
	struct baseline_entry *v;
	size_t n, alloc;
};

/* Read a SARIF or JSON result; -1 with "FILE: message" when unreadable or foreign. */
int baseline_load(struct baseline *, const char *path, struct errbuf *err);
/*
 * Mark every fail finding of the run new/unchanged, and append an
 * BASELINE_ABSENT finding for every baseline entry not seen now.
 */
void baseline_apply(const struct baseline *, struct run *);
void baseline_release(struct baseline *);

#endif
