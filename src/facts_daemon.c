/*
 * facts_daemon.c - lifecycle of daemon and container facts.
 */
#include "facts_daemon.h"

#include <stdlib.h>

void daemon_facts_free(struct daemon_facts *d)
{
	if (!d)
		return;
	free(d->version);
	free(d->api_version);
	free(d);
}

void containers_free(struct container *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].id);
		free(c[i].name);
	}
	free(c);
}

int daemon_facts_swarm_active(const struct daemon_facts *d)
{
	return d && d->swarm_active;
}
