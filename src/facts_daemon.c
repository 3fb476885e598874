/*
 * facts_daemon.c - lifecycle and lookups of daemon and container facts.
 */
#include "facts_daemon.h"

#include <stdlib.h>
#include <string.h>

void daemon_facts_free(struct daemon_facts *d)
{
	if (!d)
		return;
	free(d->endpoint);
	free(d->display);
	free(d->product);
	free(d->version);
	free(d->api_version);
	free(d->os);
	free(d->kernel_version);
	free(d->storage_driver);
	free(d->logging_driver);
	free(d->cgroup_driver);
	strlist_clear(&d->security_options);
	strlist_clear(&d->insecure_registries);
	strlist_clear(&d->authz_plugins);
	free(d->swarm_state);
	free(d->swarm.node_addr);
	for (size_t i = 0; i < d->nnetworks; i++) {
		struct daemon_network *n = &d->networks[i];

		free(n->id);
		free(n->name);
		free(n->driver);
		free(n->scope);
		free(n->bridge_name);
		free(n->enable_icc);
	}
	free(d->networks);
	free(d);
}

void container_release(struct container *c)
{
	free(c->id);
	free(c->short_id);
	free(c->name);
	free(c->image);
	free(c->image_id);
	free(c->state);
	free(c->apparmor_profile);
	free(c->health_status);
	free(c->user);
	strlist_clear(&c->cap_add);
	strlist_clear(&c->cap_drop);
	strlist_clear(&c->security_opt);
	strlist_clear(&c->devices);
	strlist_clear(&c->ulimits);
	free(c->network_mode);
	free(c->pid_mode);
	free(c->ipc_mode);
	free(c->uts_mode);
	free(c->userns_mode);
	free(c->cgroup_parent);
	free(c->restart_policy);
	for (size_t i = 0; i < c->nmounts; i++) {
		free(c->mounts[i].type);
		free(c->mounts[i].source);
		free(c->mounts[i].destination);
		free(c->mounts[i].propagation);
	}
	free(c->mounts);
	for (size_t i = 0; i < c->nports; i++) {
		free(c->ports[i].container_port);
		free(c->ports[i].host_ip);
		free(c->ports[i].host_port);
	}
	free(c->ports);
	strlist_clear(&c->networks);
	for (size_t i = 0; i < c->nexecs; i++) {
		free(c->execs[i].id);
		free(c->execs[i].user);
	}
	free(c->execs);
	strlist_clear(&c->processes);
	memset(c, 0, sizeof(*c));
}

void containers_free(struct container *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		container_release(&c[i]);
	free(c);
}

int daemon_facts_swarm_active(const struct daemon_facts *d)
{
	return d && d->swarm_active;
}

int daemon_facts_security_option(const struct daemon_facts *d, const char *name)
{
	size_t len = strlen(name);

	if (!d)
		return 0;
	for (size_t i = 0; i < d->security_options.n; i++) {
		const char *s = d->security_options.v[i];

		/* Old daemons list bare names ("apparmor"), new ones "name=apparmor". */
		if (!strncmp(s, "name=", 5))
			s += 5;
		if (!strncmp(s, name, len) && (s[len] == '\0' || s[len] == ','))
			return 1;
	}
	return 0;
}

int daemon_facts_api_at_least(const struct daemon_facts *d, int minor)
{
	return d && d->api_minor >= minor;
}
