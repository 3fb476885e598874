/*
 * cmd_daemon.c - "dockgate daemon" (not built yet).
 */
#include "cli.h"

enum outcome cmd_daemon(struct options *o)
{
	(void)o;
	fprintf(stderr, "dockgate: daemon: not available in this build\n");
	return OUTCOME_USAGE;
}
