/*
 * cmd_merge.c - "dockgate merge" (not built yet).
 */
#include "cli.h"

enum outcome cmd_merge(struct options *o)
{
	(void)o;
	fprintf(stderr, "dockgate: merge: not available in this build\n");
	return OUTCOME_USAGE;
}
