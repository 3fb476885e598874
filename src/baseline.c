/*
 * baseline.c - baselines from earlier results (not built yet).
 */
#include "baseline.h"

#include <stdlib.h>

int baseline_load(struct baseline *b, const char *path, struct errbuf *err)
{
	(void)b;
	return err_set(err, "cannot read baseline '%s': baselines are not available in this build", path);
}

void baseline_apply(const struct baseline *b, struct run *r)
{
	(void)b;
	(void)r;
}

void baseline_release(struct baseline *b)
{
	(void)b;
}
