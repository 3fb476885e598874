/*
 * cmd_diff.c - "dockgate diff" (not built yet).
 */
#include "cli.h"

enum outcome cmd_diff(struct options *o)
{
	(void)o;
	fprintf(stderr, "dockgate: diff: not available in this build\n");
	return OUTCOME_USAGE;
}
