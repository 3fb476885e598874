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

/*
 * dockerd's effective setting for a daemon.json key ("icc", "userns-remap",
 * "log-driver", "live-restore", "userland-proxy", "authorization-plugins",
 * "tlsverify", "no-new-privileges", "default-ulimits", "insecure-registries",
 * "storage-driver", "cgroup-parent", "log-level", "iptables", "hosts",
 * "seccomp-profile", "experimental", ...), merged from dockerd's command line
 * and daemon.json. Arrays are joined with ",". *source says where it came
 * from: "dockerd --icc=false" or "daemon.json: \"icc\": true".
 * Returns 1 when set, 0 when unset or h is NULL.
 */
int host_dockerd_option(const struct host_facts *h, const char *key, const char **value,
			const char **source);

void host_facts_free(struct host_facts *);

#endif
