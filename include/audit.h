/*
 * audit.h - the part of an audit every command shares: building the
 * effective policy from the policy file and the command line, and finishing
 * a run (baseline, policy, reports, terminal output, step summary).
 */
#ifndef AUDIT_H
#define AUDIT_H

#include "cli.h"
#include "engine.h"
#include "policy.h"

/*
 * Load --policy (or .dockgate.yml when present) and merge the command line
 * over it. Returns 0, or -1 with a one-line message (exit 2).
 */
int audit_policy_setup(struct policy *, const struct options *, struct errbuf *err);

/*
 * Apply baseline and policy to a run whose findings are final, write every
 * requested report and the terminal report. Returns the outcome.
 */
enum outcome audit_finish(struct run *, struct policy *, const struct options *);

#endif
