/*
 * checks/container.c - section table (not yet populated).
 */
#include "checks.h"

const struct check checks_container[] = {
	{ .id = NULL },
};
const size_t checks_container_count = 0;
