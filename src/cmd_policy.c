/*
 * cmd_policy.c - "dockgate policy" (not built yet).
 */
#include "cli.h"

enum outcome cmd_policy(struct options *o)
{
	(void)o;
	fprintf(stderr, "dockgate: policy: not available in this build\n");
	return OUTCOME_USAGE;
}
