/*
 * facts_daemon.h - what the Engine API says about the daemon and its
 * containers. Filled by source_daemon.c; read by the section 2, 5, 6 and 7
 * checks.
 */
#ifndef FACTS_DAEMON_H
#define FACTS_DAEMON_H

#include "facts.h"

struct daemon_facts {
	char *version;		/* /version Version */
	char *api_version;
	int swarm_active;	/* /info Swarm.LocalNodeState == "active" */
};

struct container {
	char *id;
	char *name;
};

/* Is Swarm mode active on this daemon? 0 for NULL. */
int daemon_facts_swarm_active(const struct daemon_facts *);
void daemon_facts_free(struct daemon_facts *);
void containers_free(struct container *, size_t n);

#endif
