/*
 * tarball.h - internals shared by the tarball source: source_tarball.c reads
 * the outer archive once, tarball_layer.c reduces each layer blob to a
 * summary, tarball_layout.c turns manifest.json / index.json and the image
 * configs into images, tarball_merge.c applies layers and whiteouts. Not an
 * API for other modules: they use source.h.
 */
#ifndef TARBALL_H
#define TARBALL_H

#include "facts.h"

#include <archive.h>

struct run;
struct tarball_options;

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

/* ---- the reader, shared by source_tarball.c, tarball_layer.c, tarball_layout.c ---- */

#define TB_JSON_MAX (16LL << 20)       /* one manifest, index or config */
#define TB_JSON_TOTAL_MAX (64LL << 20) /* all of them together */
#define TB_PATH_MAX 4096
#define TB_ACCOUNT_MAX (64 * 1024)  /* etc/passwd, etc/group, etc/shadow */
#define TB_RATIO_FLOOR (10LL << 20) /* ratio cap applies past this many bytes */
#define TB_PEEK 512
#define TB_INDEX_DEPTH 4
#define TB_MAX_LAYERS 10000	 /* layer blobs per tarball (an image has at most 127) */
#define TB_MAX_BLOBS 100000	 /* JSON files per tarball */
#define TB_MAX_IMAGE_LAYERS 1000 /* layer references of one image */
/*
 * Merged file entries of all images of one tarball: a manifest that names
 * one big layer thousands of times would otherwise cost gigabytes.
 */
#define TB_MAX_MERGED (8LL * 1000 * 1000)

/* A small JSON file of the outer tarball. */
struct blob {
	char *key;
	char *data; /* NUL-terminated; NULL when too large */
	size_t len;
};

/*
 * A link in the outer tarball: legacy docker save writes a layer that two
 * images share once and links the other "<id>/layer.tar" to it.
 */
struct alias {
	char *key;
	char *target; /* normalized, relative to the tarball root */
};

/* Reads the current outer entry's data, the first bytes peeked ahead. */
struct treader;
struct outer_data {
	struct treader *t;
	struct archive *a;
	char peek[TB_PEEK];
	size_t npeek, peek_off;
	const char *blk;
	size_t blen;
	int eof;
	char *error; /* outer read error (truncated tarball), owned */
};

struct treader {
	struct run *run;
	const char *label;
	const struct tarball_options *o;
	struct archive *outer;
	long long file_size; /* of a regular input file, else -1 */
	struct layer_summary **layers;
	size_t nlayers, lalloc;
	struct blob *blobs;
	size_t nblobs, balloc;
	struct alias *aliases;
	size_t naliases, aalloc;
	long long json_total;
	long long merged; /* file entries of the images merged so far */
	char *scan;	  /* scan window */
	size_t scan_size;
	int sorted; /* layers and blobs sorted by key (assembly) */
};

/* An image or layer problem: a run error (the audit is incomplete). */
void tarball_error(struct treader *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Normalize a path from a tar header: no leading "/" or "./", no "." or
 * empty components, no trailing "/". Returns 0, -1 when too long, -2 for a
 * ".." component. out holds at least TB_PATH_MAX + 1 bytes.
 */
int tarball_normalize(const char *in, char *out);

/*
 * "blobs/sha256/<hex>" -> "sha256:<hex>", a legacy config "<hex>.json" ->
 * "sha256:<hex>", anything else -> itself (a new string).
 */
char *tarball_digest_of(const char *key);

/* A lowercased libarchive message with its trailing period dropped (a new string). */
char *tarball_archive_msg(struct archive *a, const char *fallback);

/* libarchive read callback over the current outer entry's data (ctx: struct outer_data). */
la_ssize_t tarball_outer_read_cb(struct archive *a, void *ctx, const void **buf);

/* tarball_layer.c: read one layer blob from the outer entry's data into a summary. */
void tarball_layer_read(struct treader *t, struct layer_summary *L, struct outer_data *d);

/*
 * tarball_layout.c: the layer summary stored under key, following outer
 * links; linear while streaming, binary search once assembled.
 */
struct layer_summary *tarball_layout_find_layer(const struct treader *t, const char *key);

/*
 * tarball_layout.c: after the last entry, sort for lookups, then build the
 * images named by manifest.json or else index.json. 0, or -1 with err set.
 */
int tarball_layout_assemble(struct treader *t, struct errbuf *err);

#endif
