/*
 * tarball_layout.c - turning what the outer tarball kept into images, after
 * its last entry: docker save's manifest.json (legacy and Docker 25+), else
 * the OCI index.json and its nested indexes and manifests; the image configs
 * (config, history); the lookups of layer summaries and JSON blobs by path,
 * following outer links. Each image's layers are merged by tarball_merge.c.
 */
#include "source.h"
#include "buf.h"
#include "json.h"
#include "secret.h"
#include "tarball.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <string.h>
#include <sys/stat.h>

static int tarball_layer_cmp(const void *a, const void *b)
{
	return strcmp((*(struct layer_summary *const *)a)->key,
		      (*(struct layer_summary *const *)b)->key);
}

static int tarball_blob_cmp(const void *a, const void *b)
{
	return strcmp(((const struct blob *)a)->key, ((const struct blob *)b)->key);
}

/* Lookups by key: linear while streaming (bounded counts), binary once sorted. */
static int tarball_alias_cmp(const void *a, const void *b)
{
	return strcmp(((const struct alias *)a)->key, ((const struct alias *)b)->key);
}

/* Follow outer links from key (a few hops at most: loops end there). */
static const char *tarball_alias(const struct treader *t, const char *key, int hops)
{
	struct alias probe = { 0 }, *hit;

	if (!t->sorted || !t->naliases || hops > 8)
		return NULL;
	probe.key = (char *)(uintptr_t)key;
	hit = bsearch(&probe, t->aliases, t->naliases, sizeof(*t->aliases), tarball_alias_cmp);
	return hit ? hit->target : NULL;
}

static struct layer_summary *tarball_find_layer_direct(const struct treader *t, const char *key);

struct layer_summary *tarball_layout_find_layer(const struct treader *t, const char *key)
{
	struct layer_summary *L = tarball_find_layer_direct(t, key);

	for (int hops = 0; !L && (key = tarball_alias(t, key, hops)); hops++)
		L = tarball_find_layer_direct(t, key);
	return L;
}

static struct blob *tarball_find_blob_direct(const struct treader *t, const char *key);

static struct blob *tarball_find_blob(const struct treader *t, const char *key)
{
	struct blob *b = tarball_find_blob_direct(t, key);

	for (int hops = 0; !b && (key = tarball_alias(t, key, hops)); hops++)
		b = tarball_find_blob_direct(t, key);
	return b;
}

static struct layer_summary *tarball_find_layer_direct(const struct treader *t, const char *key)
{
	struct layer_summary probe = { 0 }, *pp = &probe, **hit;

	if (!t->sorted) {
		for (size_t i = 0; i < t->nlayers; i++)
			if (!strcmp(t->layers[i]->key, key))
				return t->layers[i];
		return NULL;
	}
	probe.key = (char *)(uintptr_t)key;
	hit = t->nlayers
		      ? bsearch(&pp, t->layers, t->nlayers, sizeof(*t->layers), tarball_layer_cmp)
		      : NULL;
	return hit ? *hit : NULL;
}

static struct blob *tarball_find_blob_direct(const struct treader *t, const char *key)
{
	struct blob probe = { 0 };

	probe.key = (char *)(uintptr_t)key;
	return t->nblobs ? bsearch(&probe, t->blobs, t->nblobs, sizeof(*t->blobs), tarball_blob_cmp)
			 : NULL;
}

static void tarball_strlist_from_array(struct strlist *l, struct json_object *arr)
{
	size_t n;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return;
	n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);

		if (v && json_object_is_type(v, json_type_string))
			strlist_push(l, json_object_get_string(v));
	}
}

static void tarball_strlist_from_keys(struct strlist *l, struct json_object *obj)
{
	if (!obj || !json_object_is_type(obj, json_type_object))
		return;
	json_object_object_foreach(obj, key, val)
	{
		(void)val;
		strlist_push(l, key);
	}
}

static char *tarball_json_strdup(struct json_object *o, const char *key)
{
	const char *s = json_get_str(o, key);

	return s ? xstrdup(s) : NULL;
}

/* Fill config and history from a parsed image config. */
static void tarball_parse_config(struct image *img, struct json_object *root)
{
	struct json_object *c = json_get_object(root, "config");
	struct json_object *hc, *labels, *hist;
	struct image_config *ic = &img->config;

	if (c) {
		ic->user = tarball_json_strdup(c, "User");
		tarball_strlist_from_array(&ic->env, json_get_array(c, "Env"));
		tarball_strlist_from_keys(&ic->exposed_ports, json_get_object(c, "ExposedPorts"));
		tarball_strlist_from_keys(&ic->volumes, json_get_object(c, "Volumes"));
		hc = json_get_object(c, "Healthcheck");
		if (hc) {
			ic->has_healthcheck = 1;
			tarball_strlist_from_array(&ic->healthcheck, json_get_array(hc, "Test"));
		}
		labels = json_get_object(c, "Labels");
		if (labels) {
			json_object_object_foreach(labels, key, val)
			{
				if (!val || !json_object_is_type(val, json_type_string))
					continue;
				ic->labels = xrealloc(ic->labels,
						      (ic->nlabels + 1) * sizeof(*ic->labels));
				ic->labels[ic->nlabels].key = xstrdup(key);
				ic->labels[ic->nlabels].value = xstrdup(
					json_object_get_string(val));
				ic->nlabels++;
			}
		}
		tarball_strlist_from_array(&ic->entrypoint, json_get_array(c, "Entrypoint"));
		tarball_strlist_from_array(&ic->cmd, json_get_array(c, "Cmd"));
		ic->workdir = tarball_json_strdup(c, "WorkingDir");
	}
	ic->os = tarball_json_strdup(root, "os");
	ic->architecture = tarball_json_strdup(root, "architecture");
	hist = json_get_array(root, "history");
	if (hist) {
		size_t n = json_object_array_length(hist);

		img->history = n ? xcalloc(n, sizeof(*img->history)) : NULL;
		for (size_t i = 0; i < n; i++) {
			struct json_object *h = json_object_array_get_idx(hist, i);
			struct history_step *s = &img->history[img->nhistory++];

			s->created_by = tarball_json_strdup(h, "created_by");
			s->created = tarball_json_strdup(h, "created");
			s->empty_layer = json_get_bool(h, "empty_layer", 0);
			s->layer = -1;
		}
	}
}

/* Map non-empty history steps to layers in order, both ways. */
static void tarball_map_history(struct image *img)
{
	size_t li = 0;

	for (size_t i = 0; i < img->nhistory && li < img->nlayers; i++) {
		if (img->history[i].empty_layer)
			continue;
		img->history[i].layer = (int)li;
		img->layers[li++].history = (int)i;
	}
}

/* The wanted image: config blob key, layer keys, repo tags. */
struct image_desc {
	char *config;
	struct strlist layers;
	struct strlist tags;
};

static void tarball_desc_clear(struct image_desc *d)
{
	free(d->config);
	strlist_clear(&d->layers);
	strlist_clear(&d->tags);
	memset(d, 0, sizeof(*d));
}

/* A manifest reference as a normalized key, NULL when it cannot name an entry. */
static char *tarball_key(const char *ref)
{
	char path[TB_PATH_MAX + 1];

	if (!ref || tarball_normalize(ref, path) < 0)
		return NULL;
	return xstrdup(path);
}

/* "sha256:<hex>" -> "blobs/sha256/<hex>", NULL for anything that is not a digest. */
static char *tarball_blob_key(const char *digest)
{
	const char *colon = digest ? strchr(digest, ':') : NULL;

	if (!colon || strchr(digest, '/') || strstr(digest, ".."))
		return NULL;
	return xstrfmt("blobs/%.*s/%s", (int)(colon - digest), digest, colon + 1);
}

/* ref, name and repo tags, as DESIGN.md "Check identity" wants them. */
static void tarball_set_identity(struct image *img, const struct image_desc *d,
				 const struct tarball_options *o)
{
	for (size_t i = 0; i < d->tags.n; i++)
		strlist_push(&img->repo_tags, d->tags.v[i]);
	if (d->tags.n)
		img->ref = xstrdup(d->tags.v[0]);
	else if (o->name)
		img->ref = xstrdup(o->name);
	else {
		const char *hex = strchr(img->id, ':');

		img->ref = xstrndup(hex ? hex + 1 : img->id, 12);
	}
	if (o->name)
		img->name = xstrdup(o->name);
	else if (d->tags.n)
		img->name = image_name_from_ref(d->tags.v[0]);
	else
		img->name = xstrdup(img->ref);
}

/* Report a layer's problem once, for the first image that uses it. */
static void tarball_layer_error(struct treader *t, struct image *img, struct layer_summary *L)
{
	char *digest = tarball_digest_of(L->key);

	if (!L->error_reported)
		tarball_error(t, "cannot read '%s' image '%s' layer '%s': %s", t->label, img->ref,
			      digest, L->error);
	L->error_reported = 1;
	strlist_push_owned(&img->errors, xstrfmt("layer '%s': %s", digest, L->error));
	free(digest);
}

/*
 * Build one image from its description. Without a readable config there is
 * nothing to audit: the problem goes to the run errors and no image is
 * added. A layer problem keeps the image (its config can be judged) with
 * files_known = 0, so file checks are skipped rather than wrong.
 */
static void tarball_build_image(struct treader *t, const struct image_desc *d)
{
	struct blob *cb = d->config ? tarball_find_blob(t, d->config) : NULL;
	struct layer_summary **ls = NULL;
	struct json_object *root = NULL;
	struct json_object *diff_ids;
	struct errbuf err = { "" };
	struct image img = { 0 };
	int complete = 1;

	img.source = xstrdup(t->label);
	img.id = d->config ? tarball_digest_of(d->config) : xstrdup("unknown");
	tarball_set_identity(&img, d, t->o);
	if (!cb || !cb->data) {
		tarball_error(t, "cannot read '%s' image '%s': config '%s' %s", t->label, img.ref,
			      d->config ? d->config : "(none)",
			      !cb ? "is not in the tarball" : "is larger than 16 MiB");
		goto fail;
	}
	root = json_parse_buf(cb->data, cb->len, d->config, &err);
	if (!root || !json_object_is_type(root, json_type_object)) {
		tarball_error(t, "cannot read '%s' image '%s': invalid config %s", t->label,
			      img.ref, root ? "(not a JSON object)" : err.msg);
		goto fail;
	}
	tarball_parse_config(&img, root);
	if (d->layers.n > TB_MAX_IMAGE_LAYERS) {
		tarball_error(t, "cannot read '%s' image '%s': %zu layers (more than %d)", t->label,
			      img.ref, d->layers.n, TB_MAX_IMAGE_LAYERS);
		goto fail;
	}
	diff_ids = json_get_array(json_get_object(root, "rootfs"), "diff_ids");
	img.layers = d->layers.n ? xcalloc(d->layers.n, sizeof(*img.layers)) : NULL;
	ls = xcalloc(d->layers.n + 1, sizeof(*ls));
	for (size_t i = 0; i < d->layers.n; i++) {
		struct image_layer *il = &img.layers[img.nlayers++];
		struct layer_summary *L = tarball_layout_find_layer(t, d->layers.v[i]);
		struct json_object *di = diff_ids ? json_object_array_get_idx(diff_ids, i) : NULL;

		/* Through outer links: a shared layer has one digest in every image. */
		il->digest = tarball_digest_of(L ? L->key : d->layers.v[i]);
		il->diff_id = di && json_object_is_type(di, json_type_string)
				      ? xstrdup(json_object_get_string(di))
				      : NULL;
		il->history = -1;
		il->compression = xstrdup(L ? L->compression : "none");
		if (!L) {
			if (complete)
				run_add_error(
					t->run, t->label,
					"cannot read '%s' image '%s': layer '%s' is not in the tarball",
					t->label, img.ref, d->layers.v[i]);
			strlist_push_owned(&img.errors,
					   xstrfmt("layer '%s' is missing", d->layers.v[i]));
			complete = 0;
			continue;
		}
		il->size = L->size;
		il->entries = L->n;
		if (L->error) {
			if (complete)
				tarball_layer_error(t, &img, L);
			complete = 0;
		}
		ls[i] = L;
	}
	tarball_map_history(&img);
	for (size_t i = 0; complete && i < d->layers.n; i++)
		t->merged += (long long)ls[i]->n;
	if (complete && t->merged > TB_MAX_MERGED) {
		tarball_error(
			t,
			"cannot read '%s' image '%s': its images hold more than %lld file entries together (cap)",
			t->label, img.ref, TB_MAX_MERGED);
		strlist_push_owned(&img.errors,
				   xstrfmt("more than %lld file entries in the tarball's images",
					   TB_MAX_MERGED));
		complete = 0;
	}
	if (complete)
		tarball_merge(&img, ls, d->layers.n);
	*facts_add_image(&t->run->facts) = img;
	goto out;
fail:
	image_release(&img);
out:
	free(ls);
	if (root)
		json_object_put(root);
}

/* Images named by docker save's manifest.json. */
static int tarball_from_manifest(struct treader *t, struct json_object *m, struct errbuf *err)
{
	size_t n;

	if (!json_object_is_type(m, json_type_array))
		return err_set(err, "cannot read '%s': manifest.json is not a JSON array",
			       t->label);
	n = json_object_array_length(m);
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(m, i);
		struct json_object *layers = json_get_array(e, "Layers");
		struct image_desc d = { 0 };

		d.config = tarball_key(json_get_str(e, "Config"));
		tarball_strlist_from_array(&d.tags, json_get_array(e, "RepoTags"));
		for (size_t j = 0; layers && j < json_object_array_length(layers); j++) {
			struct json_object *l = json_object_array_get_idx(layers, j);
			char *key = json_object_is_type(l, json_type_string)
					    ? tarball_key(json_object_get_string(l))
					    : NULL;

			strlist_push_owned(&d.layers, key ? key : xstrdup("(invalid)"));
		}
		tarball_build_image(t, &d);
		tarball_desc_clear(&d);
	}
	return 0;
}

/* One image from an OCI manifest blob named by an index descriptor. */
static void tarball_from_oci_manifest(struct treader *t, const char *key, struct json_object *desc)
{
	struct blob *b = tarball_find_blob(t, key);
	struct json_object *ann = json_get_object(desc, "annotations");
	const char *name = ann ? json_get_str(ann, "io.containerd.image.name") : NULL;
	struct json_object *m = NULL, *layers;
	struct image_desc d = { 0 };
	struct errbuf err = { "" };

	if (!name && ann) {
		name = json_get_str(ann, "org.opencontainers.image.ref.name");
		/* A bare tag ("1.0") is not a reference. */
		if (name && !strchr(name, ':') && !strchr(name, '/'))
			name = NULL;
	}
	if (name)
		strlist_push(&d.tags, name);
	if (!b || !b->data) {
		tarball_error(t, "cannot read '%s' image manifest '%s': %s", t->label, key,
			      b ? "larger than 16 MiB" : "not in the tarball");
		goto out;
	}
	m = json_parse_buf(b->data, b->len, key, &err);
	if (!m) {
		tarball_error(t, "cannot read '%s' image manifest: %s", t->label, err.msg);
		goto out;
	}
	d.config = tarball_blob_key(json_get_str(json_get_object(m, "config"), "digest"));
	layers = json_get_array(m, "layers");
	for (size_t j = 0; layers && j < json_object_array_length(layers); j++) {
		char *k = tarball_blob_key(
			json_get_str(json_object_array_get_idx(layers, j), "digest"));

		strlist_push_owned(&d.layers, k ? k : xstrdup("(invalid)"));
	}
	tarball_build_image(t, &d);
out:
	tarball_desc_clear(&d);
	if (m)
		json_object_put(m);
}

/* Walk an OCI index (index.json or a nested image index). */
static void tarball_from_index(struct treader *t, struct json_object *idx, int depth)
{
	struct json_object *ms = json_get_array(idx, "manifests");

	for (size_t i = 0; ms && i < json_object_array_length(ms); i++) {
		struct json_object *desc = json_object_array_get_idx(ms, i);
		const char *mt = json_get_str(desc, "mediaType");
		struct json_object *plat = json_get_object(desc, "platform");
		char *key = tarball_blob_key(json_get_str(desc, "digest"));

		/* Build attestations (platform unknown/unknown) are not images. */
		if (plat && json_get_str(plat, "os") &&
		    !strcmp(json_get_str(plat, "os"), "unknown")) {
			free(key);
			continue;
		}
		if (!key) {
			tarball_error(t,
				      "cannot read '%s' index.json: a manifest has no valid digest",
				      t->label);
		} else if (mt && strstr(mt, "index") && depth < TB_INDEX_DEPTH) {
			struct blob *b = tarball_find_blob(t, key);
			struct errbuf err = { "" };
			struct json_object *sub = b && b->data ? json_parse_buf(b->data, b->len,
										key, &err)
							       : NULL;

			if (sub) {
				tarball_from_index(t, sub, depth + 1);
				json_object_put(sub);
			} else {
				tarball_error(t, "cannot read '%s' image index '%s'", t->label,
					      key);
			}
		} else {
			tarball_from_oci_manifest(t, key, desc);
		}
		free(key);
	}
}

/* After the last entry: sort for lookups, then manifest.json or else index.json. */
int tarball_layout_assemble(struct treader *t, struct errbuf *err)
{
	struct blob *b;
	const char *which = "manifest.json";
	struct json_object *root;
	int ret = 0;

	if (t->nlayers > 1)
		qsort(t->layers, t->nlayers, sizeof(*t->layers), tarball_layer_cmp);
	if (t->nblobs > 1)
		qsort(t->blobs, t->nblobs, sizeof(*t->blobs), tarball_blob_cmp);
	if (t->naliases > 1)
		qsort(t->aliases, t->naliases, sizeof(*t->aliases), tarball_alias_cmp);
	t->sorted = 1;
	b = tarball_find_blob(t, "manifest.json");

	if (!b) {
		b = tarball_find_blob(t, "index.json");
		which = "index.json";
	}
	if (!b)
		return err_set(
			err,
			"cannot read '%s': not an image tarball (no manifest.json or index.json)",
			t->label);
	if (!b->data)
		return err_set(err, "cannot read '%s': %s is larger than 16 MiB", t->label, which);
	root = json_parse_buf(b->data, b->len, which, err);
	if (!root)
		return err_prefix(err, "cannot read '%s'", t->label);
	if (!strcmp(which, "manifest.json"))
		ret = tarball_from_manifest(t, root, err);
	else
		tarball_from_index(t, root, 0);
	json_object_put(root);
	return ret;
}
