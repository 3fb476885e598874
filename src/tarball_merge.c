/*
 * tarball_merge.c - the merged filesystem of an image: layers applied in
 * order with OCI whiteouts (".wh.NAME" deletes NAME, ".wh..wh..opq" empties
 * a directory of what lower layers put there).
 *
 * The view is a tree of nodes (parent, doubly linked children) indexed by a
 * hash of the full path, so deleting a directory costs the size of what it
 * deletes, never a scan of the whole table. Nodes point at the layer
 * summaries' entries; nothing is copied until the final file table.
 */
#include "tarball.h"

#include <stdint.h>
#include <string.h>

struct node {
	const char *path;	/* the entry's path, or an owned one for implicit dirs */
	const struct lentry *e; /* NULL: directory implied by a deeper path */
	int layer;
	int parent, child, next, prev; /* -1 for none */
	int hnext;		       /* hash chain */
	uint32_t hash;
	unsigned char live;
};

struct tree {
	struct node *v;
	size_t n, alloc;
	int *bucket;
	size_t nbucket; /* power of two */
	struct image *img;
	size_t ralloc; /* capacity of img->removed */
};

static uint32_t tarball_merge_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int tarball_merge_lookup(const struct tree *t, const char *path, size_t len, uint32_t h)
{
	for (int i = t->bucket[h & (t->nbucket - 1)]; i >= 0; i = t->v[i].hnext)
		if (t->v[i].hash == h && !strncmp(t->v[i].path, path, len) && !t->v[i].path[len])
			return i;
	return -1;
}

static void tarball_merge_unhash(struct tree *t, int idx)
{
	int *p = &t->bucket[t->v[idx].hash & (t->nbucket - 1)];

	while (*p != idx)
		p = &t->v[*p].hnext;
	*p = t->v[idx].hnext;
}

static void tarball_merge_push_removed(struct tree *t, const struct node *nd)
{
	struct image *img = t->img;
	struct image_file *f;

	ALLOC_GROW(img->removed, img->nremoved + 1, t->ralloc);
	f = &img->removed[img->nremoved++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(nd->e->path);
	f->type = FILE_REG;
	f->mode = nd->e->mode;
	f->uid = nd->e->uid;
	f->gid = nd->e->gid;
	f->size = nd->e->size;
	f->layer = nd->layer;
	f->hits = nd->e->hits;
}

static void tarball_merge_unlink(struct tree *t, int idx)
{
	struct node *nd = &t->v[idx];

	if (nd->prev >= 0)
		t->v[nd->prev].next = nd->next;
	else if (nd->parent >= 0)
		t->v[nd->parent].child = nd->next;
	if (nd->next >= 0)
		t->v[nd->next].prev = nd->prev;
	nd->prev = nd->next = nd->parent = -1;
}

/*
 * Delete a node and everything below it; regular files that a layer
 * shipped go to img->removed. Iterative so deep trees cannot exhaust the
 * stack.
 */
static void tarball_merge_delete(struct tree *t, int root)
{
	int cur;

	tarball_merge_unlink(t, root);
	cur = root;
	while (cur >= 0) {
		struct node *nd = &t->v[cur];

		if (nd->child >= 0) {
			cur = nd->child;
			continue;
		}
		/* A leaf now: record, drop, go to the sibling or back up. */
		if (nd->e && nd->e->type == FILE_REG)
			tarball_merge_push_removed(t, nd);
		tarball_merge_unhash(t, cur);
		nd->live = 0;
		if (cur == root)
			break;
		{
			int parent = nd->parent;

			tarball_merge_unlink(t, cur);
			cur = parent;
		}
	}
}

static int tarball_merge_new_node(struct tree *t, const char *path, const struct lentry *e,
				  int layer, int parent, uint32_t h)
{
	struct node *nd;
	int idx;

	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	idx = (int)t->n++;
	nd = &t->v[idx];
	nd->path = path;
	nd->e = e;
	nd->layer = layer;
	nd->parent = parent;
	nd->child = nd->prev = -1;
	nd->next = -1;
	nd->hash = h;
	nd->live = 1;
	if (parent >= 0) {
		nd->next = t->v[parent].child;
		if (nd->next >= 0)
			t->v[nd->next].prev = idx;
		t->v[parent].child = idx;
	}
	nd->hnext = t->bucket[h & (t->nbucket - 1)];
	t->bucket[h & (t->nbucket - 1)] = idx;
	return idx;
}

/* The node of directory path[0..len), created (implicit) when missing. */
static int tarball_merge_dir(struct tree *t, const char *path, size_t len, struct strlist *owned)
{
	uint32_t h;
	int idx, parent = -1;
	const char *slash;
	char *copy;

	if (!len)
		return -1;
	h = tarball_merge_hash(path, len);
	idx = tarball_merge_lookup(t, path, len, h);
	if (idx >= 0)
		return idx;
	for (slash = path + len; slash > path && slash[-1] != '/'; slash--)
		;
	if (slash > path)
		parent = tarball_merge_dir(t, path, (size_t)(slash - 1 - path), owned);
	copy = xstrndup(path, len);
	strlist_push_owned(owned, copy);
	return tarball_merge_new_node(t, copy, NULL, -1, parent, h);
}

static size_t tarball_merge_parent_len(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? (size_t)(s - path) : 0;
}

static void tarball_merge_add(struct tree *t, const struct lentry *e, int layer,
			      struct strlist *owned)
{
	size_t len = strlen(e->path);
	uint32_t h = tarball_merge_hash(e->path, len);
	int idx = tarball_merge_lookup(t, e->path, len, h);
	int parent;

	if (idx >= 0) {
		struct node *nd = &t->v[idx];

		/* A directory over a directory only changes its metadata. */
		if (e->type == FILE_DIR && (!nd->e || nd->e->type == FILE_DIR)) {
			nd->e = e;
			nd->layer = layer;
			return;
		}
		tarball_merge_delete(t, idx);
	}
	parent = tarball_merge_dir(t, e->path, tarball_merge_parent_len(e->path), owned);
	tarball_merge_new_node(t, e->path, e, layer, parent, h);
}

static void tarball_merge_whiteout(struct tree *t, const struct lentry *e)
{
	size_t len = strlen(e->path);
	int idx;

	if (!len)
		return;
	idx = tarball_merge_lookup(t, e->path, len, tarball_merge_hash(e->path, len));
	if (idx < 0)
		return;
	if (e->flags & LENTRY_OPAQUE) {
		while (t->v[idx].child >= 0)
			tarball_merge_delete(t, t->v[idx].child);
	} else {
		tarball_merge_delete(t, idx);
	}
}

static void tarball_merge_root_whiteout(struct tree *t, const struct lentry *e)
{
	/* An opaque marker at the root empties everything below. */
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].live && t->v[i].parent < 0)
			tarball_merge_delete(t, (int)i);
	(void)e;
}

static void tarball_merge_copy_account(char **dst, const struct tree *t, const char *path)
{
	size_t len = strlen(path);
	int idx = tarball_merge_lookup(t, path, len, tarball_merge_hash(path, len));

	if (idx >= 0 && t->v[idx].e && t->v[idx].e->content)
		*dst = xstrdup(t->v[idx].e->content);
}

static void tarball_merge_emit(struct tree *t)
{
	struct image *img = t->img;
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->v[i].live && t->v[i].e;
	img->files = n ? xcalloc(n, sizeof(*img->files)) : NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct node *nd = &t->v[i];
		struct image_file *f;

		if (!nd->live || !nd->e)
			continue;
		f = &img->files[img->nfiles++];
		f->path = xstrdup(nd->e->path);
		f->type = (enum file_type)nd->e->type;
		f->mode = nd->e->mode;
		f->uid = nd->e->uid;
		f->gid = nd->e->gid;
		f->size = nd->e->size;
		f->link = nd->e->link ? xstrdup(nd->e->link) : NULL;
		f->layer = nd->layer;
		f->hits = nd->e->hits;
	}
	image_sort_files(img);
	tarball_merge_copy_account(&img->etc_passwd, t, "etc/passwd");
	tarball_merge_copy_account(&img->etc_group, t, "etc/group");
	tarball_merge_copy_account(&img->etc_shadow, t, "etc/shadow");
}

void tarball_merge(struct image *img, struct layer_summary *const *layers, size_t n)
{
	struct tree t = { 0 };
	struct strlist owned = { 0 };
	size_t total = 0;

	for (size_t i = 0; i < n; i++)
		total += layers[i]->n;
	t.nbucket = 1024;
	while (t.nbucket < 2 * total)
		t.nbucket *= 2;
	t.bucket = xmalloc(t.nbucket * sizeof(*t.bucket));
	memset(t.bucket, 0xff, t.nbucket * sizeof(*t.bucket));
	t.img = img;
	for (size_t i = 0; i < n; i++) {
		const struct layer_summary *L = layers[i];

		/* Whiteouts only hide what lower layers put there: apply them first. */
		for (size_t j = 0; j < L->n; j++) {
			if (!(L->v[j].flags & (LENTRY_WHITEOUT | LENTRY_OPAQUE)))
				continue;
			if (!*L->v[j].path && (L->v[j].flags & LENTRY_OPAQUE))
				tarball_merge_root_whiteout(&t, &L->v[j]);
			else
				tarball_merge_whiteout(&t, &L->v[j]);
		}
		for (size_t j = 0; j < L->n; j++)
			if (!L->v[j].flags)
				tarball_merge_add(&t, &L->v[j], (int)i, &owned);
	}
	tarball_merge_emit(&t);
	img->files_known = 1;
	free(t.v);
	free(t.bucket);
	strlist_clear(&owned);
}
