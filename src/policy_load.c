/*
 * policy_load.c - the policy file (not built yet).
 */
#include "policy.h"

int policy_load(struct policy *p, const char *path, struct errbuf *err)
{
	(void)p;
	return err_set(err, "%s:1:1: policy files are not available in this build", path);
}
