/*
 * checks/operations.c - section table (not yet populated).
 */
#include "checks.h"

const struct check checks_operations[] = {
	{ .id = NULL },
};
const size_t checks_operations_count = 0;
