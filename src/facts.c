/*
 * facts.c - lifecycle and lookups of the facts structs.
 */
#include "facts.h"
#include "facts_daemon.h"
#include "facts_host.h"

#include <stdlib.h>
#include <string.h>

struct image *facts_add_image(struct facts *f)
{
	f->images = xrealloc(f->images, (f->nimages + 1) * sizeof(*f->images));
	memset(&f->images[f->nimages], 0, sizeof(*f->images));
	return &f->images[f->nimages++];
}

static void image_file_release(struct image_file *file)
{
	free(file->path);
	free(file->link);
}

static void image_config_release(struct image_config *c)
{
	free(c->user);
	strlist_clear(&c->env);
	strlist_clear(&c->exposed_ports);
	strlist_clear(&c->volumes);
	strlist_clear(&c->healthcheck);
	for (size_t i = 0; i < c->nlabels; i++) {
		free(c->labels[i].key);
		free(c->labels[i].value);
	}
	free(c->labels);
	strlist_clear(&c->entrypoint);
	strlist_clear(&c->cmd);
	free(c->workdir);
	free(c->os);
	free(c->architecture);
}

void image_release(struct image *img)
{
	free(img->ref);
	free(img->name);
	free(img->id);
	free(img->source);
	strlist_clear(&img->repo_tags);
	image_config_release(&img->config);
	for (size_t i = 0; i < img->nhistory; i++) {
		free(img->history[i].created_by);
		free(img->history[i].created);
	}
	free(img->history);
	for (size_t i = 0; i < img->nlayers; i++) {
		free(img->layers[i].digest);
		free(img->layers[i].diff_id);
		free(img->layers[i].compression);
	}
	free(img->layers);
	for (size_t i = 0; i < img->nfiles; i++)
		image_file_release(&img->files[i]);
	free(img->files);
	for (size_t i = 0; i < img->nremoved; i++)
		image_file_release(&img->removed[i]);
	free(img->removed);
	free(img->etc_passwd);
	free(img->etc_group);
	free(img->etc_shadow);
	strlist_clear(&img->errors);
	memset(img, 0, sizeof(*img));
}

void facts_release(struct facts *f)
{
	for (size_t i = 0; i < f->nimages; i++)
		image_release(&f->images[i]);
	free(f->images);
	daemon_facts_free(f->daemon);
	containers_free(f->containers, f->ncontainers);
	host_facts_free(f->host);
	memset(f, 0, sizeof(*f));
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct image_file *)a)->path, ((const struct image_file *)b)->path);
}

void image_sort_files(struct image *img)
{
	if (img->nfiles > 1)
		qsort(img->files, img->nfiles, sizeof(*img->files), file_cmp);
}

const struct image_file *image_find_file(const struct image *img, const char *path)
{
	size_t lo = 0, hi = img->nfiles;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, img->files[mid].path);

		if (!c)
			return &img->files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *image_env_get(const struct image *img, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < img->config.env.n; i++) {
		const char *e = img->config.env.v[i];

		if (!strncmp(e, key, klen) && e[klen] == '=')
			return e + klen + 1;
	}
	return NULL;
}

/*
 * "registry:5000/team/app:1.4" -> "registry:5000/team/app";
 * "app@sha256:..." -> "app". A colon before the last "/" is a port.
 */
char *image_name_from_ref(const char *ref)
{
	const char *at = strchr(ref, '@');
	size_t len = at ? (size_t)(at - ref) : strlen(ref);
	const char *slash = NULL, *colon = NULL;

	for (size_t i = 0; i < len; i++) {
		if (ref[i] == '/')
			slash = ref + i;
		else if (ref[i] == ':')
			colon = ref + i;
	}
	if (colon && (!slash || colon > slash))
		len = (size_t)(colon - ref);
	return xstrndup(ref, len);
}
