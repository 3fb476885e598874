/*
 * checks/daemon_files.c - section table (not yet populated).
 */
#include "checks.h"

const struct check checks_daemon_files[] = {
	{ .id = NULL },
};
const size_t checks_daemon_files_count = 0;
