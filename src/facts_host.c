/*
 * facts_host.c - lifecycle of host facts.
 */
#include "facts_host.h"

#include <stdlib.h>

void host_facts_free(struct host_facts *h)
{
	if (!h)
		return;
	free(h->root);
	free(h);
}
