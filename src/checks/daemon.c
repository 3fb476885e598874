/*
 * checks/daemon.c - section table (not yet populated).
 */
#include "checks.h"

const struct check checks_daemon[] = {
	{ .id = NULL },
};
const size_t checks_daemon_count = 0;
