/*
 * tarball.h - internals shared by the tarball source (source_tarball.c reads
 * the archive, tarball_merge.c applies layers and whiteouts). Not an API for
 * other modules: they use source.h.
 */
#ifndef TARBALL_H
#define TARBALL_H

#include "facts.h"

enum lentry_flag {
	LENTRY_WHITEOUT = 1u << 0, /* path names what a ".wh." entry deletes */
	LENTRY_OPAQUE = 1u << 1,   /* path names the directory ".wh..wh..opq" empties */
};

/* One tar entry of a layer, as much as the merge and the checks need. */
struct lentry {
	char *path;    /* normalized */
	char *link;    /* symlink or hardlink target, else NULL */
	char *content; /* etc/passwd, etc/group, etc/shadow only (bounded), else NULL */
	long long uid, gid, size;
	unsigned mode;
	unsigned hits;	     /* enum content_hit */
	unsigned char type;  /* enum file_type */
	unsigned char flags; /* enum lentry_flag */
};

/* The summary of one layer blob, kept until every image is built. */
struct layer_summary {
	char *key;	   /* normalized path of the blob in the tarball */
	char *compression; /* "none", "gzip", "zstd", ... */
	long long size;	   /* bytes stored */
	struct lentry *v;
	size_t n, alloc;
	char *error; /* why it could not be read, NULL when fine */
	int error_reported;
};

/*
 * Apply layers[0..n) in order to an empty filesystem and fill img->files
 * (sorted), img->removed and the account files. Layer i of the list is
 * img->layers[i].
 */
void tarball_merge(struct image *img, struct layer_summary *const *layers, size_t n);

#endif
