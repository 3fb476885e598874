/*
 * facts_host.c - lifecycle and lookups of host facts: dockerd's effective
 * options, audit rule coverage.
 */
#include "facts_host.h"

#include <stdlib.h>
#include <string.h>

void host_file_release(struct host_file *f)
{
	free(f->path);
	free(f->link);
	free(f->origin);
	free(f->error);
	free(f->owner);
	free(f->group);
	memset(f, 0, sizeof(*f));
}

void host_file_list_release(struct host_file_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		host_file_release(&l->v[i]);
	free(l->v);
	free(l->error);
	memset(l, 0, sizeof(*l));
}

struct host_file *host_file_list_add(struct host_file_list *l)
{
	struct host_file *f;

	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	return f;
}

void host_facts_free(struct host_facts *h)
{
	if (!h)
		return;
	free(h->root);
	strlist_clear(&h->dockerd_argv);
	free(h->dockerd_note);
	free(h->config_path);
	free(h->config_origin);
	free(h->config_error);
	for (size_t i = 0; i < h->nopts; i++) {
		free(h->opts[i].key);
		free(h->opts[i].value);
		free(h->opts[i].source);
		free(h->opts[i].conflict);
	}
	free(h->opts);
	for (size_t i = 0; i < HF_COUNT; i++)
		host_file_release(&h->files[i]);
	host_file_list_release(&h->service_dropins);
	host_file_list_release(&h->socket_dropins);
	host_file_list_release(&h->registry_certs);
	host_file_list_release(&h->docker_sockets);
	free(h->audit_error);
	strlist_clear(&h->audit_files);
	for (size_t i = 0; i < h->nwatches; i++) {
		free(h->watches[i].path);
		free(h->watches[i].where);
	}
	free(h->watches);
	free(h->mounts_error);
	strlist_clear(&h->mounts);
	strlist_clear(&h->mount_devs);
	free(h->group_error);
	strlist_clear(&h->docker_members);
	free(h->docker_version);
	free(h);
}

static const struct dockerd_option *host_option_find(const struct host_facts *h, const char *key)
{
	if (!h || !key)
		return NULL;
	for (size_t i = 0; i < h->nopts; i++)
		if (!strcmp(h->opts[i].key, key))
			return &h->opts[i];
	return NULL;
}

struct dockerd_option *host_dockerd_set(struct host_facts *h, const char *key, const char *value,
					const char *source)
{
	struct dockerd_option *o = (struct dockerd_option *)host_option_find(h, key);

	if (!o) {
		ALLOC_GROW(h->opts, h->nopts + 1, h->optalloc);
		o = &h->opts[h->nopts++];
		memset(o, 0, sizeof(*o));
		o->key = xstrdup(key);
	}
	free(o->value);
	free(o->source);
	o->value = xstrdup(value);
	o->source = xstrdup(source);
	return o;
}

int host_dockerd_option(const struct host_facts *h, const char *key, const char **value,
			const char **source)
{
	const struct dockerd_option *o = host_option_find(h, key);

	if (value)
		*value = o ? o->value : NULL;
	if (source)
		*source = o ? o->source : NULL;
	return o != NULL;
}

const char *host_dockerd_conflict(const struct host_facts *h, const char *key)
{
	const struct dockerd_option *o = host_option_find(h, key);

	return o ? o->conflict : NULL;
}

const char *host_dockerd_config_error(const struct host_facts *h)
{
	return h ? h->config_error : NULL;
}

int host_dockerd_bool(const struct host_facts *h, const char *key, int def)
{
	const struct dockerd_option *o = host_option_find(h, key);

	if (!o)
		return def;
	if (!strcmp(o->value, "true") || !strcmp(o->value, "1"))
		return 1;
	if (!strcmp(o->value, "false") || !strcmp(o->value, "0"))
		return 0;
	return def;
}

void host_facts_set_version(struct host_facts *h, const char *version)
{
	if (!h)
		return;
	free(h->docker_version);
	h->docker_version = version ? xstrdup(version) : NULL;
}

/* Is dir an ancestor of (or equal to) path? Both normalized, absolute. */
static int host_path_under(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return 1;
	return !strncmp(dir, path, n) && (path[n] == '/' || !path[n]);
}

const struct audit_watch *host_audit_find(const struct host_facts *h, const char *path)
{
	const struct audit_watch *best = NULL;

	if (!h || !path)
		return NULL;
	for (size_t i = 0; i < h->nwatches; i++) {
		const struct audit_watch *w = &h->watches[i];

		if (!strcmp(w->path, path))
			return w;
		if (w->dir && host_path_under(w->path, path) && !best)
			best = w;
	}
	return best;
}
