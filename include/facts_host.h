/*
 * facts_host.h - what the host's files say (under --host-root): dockerd's
 * effective configuration with provenance, unit files, file modes, audit
 * rules, mounts. Filled by source_host.c; read by section 1, 2, 3 checks.
 */
#ifndef FACTS_HOST_H
#define FACTS_HOST_H

#include "facts.h"

struct host_facts {
	char *root;		/* --host-root */
};

void host_facts_free(struct host_facts *);

#endif
