/*
 * checks/swarm.c - section table (not yet populated).
 */
#include "checks.h"

const struct check checks_swarm[] = {
	{ .id = NULL },
};
const size_t checks_swarm_count = 0;
