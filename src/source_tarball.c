/*
 * source_tarball.c - image tarballs: legacy docker save, Docker 25+ docker
 * save (OCI layout plus manifest.json), OCI archives (index.json), several
 * images per tarball, layers plain/gzip/zstd, the whole file compressed or
 * on stdin.
 *
 * The tarball is read once, front to back, never extracted. Small JSON files
 * (manifests, configs) are kept; every layer blob is read through a nested
 * libarchive reader fed from the outer entry's data and reduced to a compact
 * summary (struct layer_summary: paths, modes, links, whiteouts, content hits,
 * account files). Because manifest.json may come after the layers, images
 * are only assembled at the end: manifests are resolved, layer summaries
 * looked up by blob path (a layer shared by two images is read once) and
 * merged (tarball_merge.c).
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

/* Names from the tarball reach terminals: control characters become '?'. */
static void tarball_sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* An image or layer problem: a run error (the audit is incomplete). */
static void tarball_error(struct treader *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void tarball_error(struct treader *t, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	tarball_sanitize(b.s);
	run_add_error(t->run, t->label, "%s", b.s);
	buf_release(&b);
}

/*
 * Normalize a path from a tar header: no leading "/" or "./", no "." or
 * empty components, no trailing "/". Returns 0, -1 when too long, -2 for a
 * ".." component. out holds at least TB_PATH_MAX + 1 bytes.
 */
static int tarball_normalize(const char *in, char *out)
{
	size_t n = 0;

	while (*in) {
		const char *end;
		size_t len;

		while (*in == '/')
			in++;
		end = strchr(in, '/');
		len = end ? (size_t)(end - in) : strlen(in);
		if (!len)
			break;
		if (len == 1 && in[0] == '.') {
			in += len;
			continue;
		}
		if (len == 2 && in[0] == '.' && in[1] == '.')
			return -2;
		if (n + len + 1 > TB_PATH_MAX)
			return -1;
		if (n)
			out[n++] = '/';
		memcpy(out + n, in, len);
		n += len;
		in += len;
	}
	out[n] = '\0';
	return 0;
}

/*
 * Resolve a link target against the directory of the link (or the root for
 * absolute targets and hardlinks), ".." allowed but never above the root.
 * Returns 0, or -1 when the result is empty, too long or escapes.
 */
static int tarball_resolve_link(const char *link_path, const char *target, int relative, char *out)
{
	char joined[2 * TB_PATH_MAX + 2];
	const char *slash = strrchr(link_path, '/');
	size_t n = 0;
	char *p, *end;

	if (relative && target[0] != '/' && slash)
		snprintf(joined, sizeof(joined), "%.*s/%s", (int)(slash - link_path), link_path,
			 target);
	else
		snprintf(joined, sizeof(joined), "%s", target);
	for (p = joined; *p; p = end) {
		size_t len;

		while (*p == '/')
			p++;
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		len = (size_t)(end - p);
		if (!len || (len == 1 && p[0] == '.'))
			continue;
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (!n)
				return -1;
			while (n && out[n - 1] != '/')
				n--;
			if (n)
				n--;
			continue;
		}
		if (n + len + 1 > TB_PATH_MAX)
			return -1;
		if (n)
			out[n++] = '/';
		memcpy(out + n, p, len);
		n += len;
	}
	out[n] = '\0';
	return n ? 0 : -1;
}

/*
 * "blobs/sha256/<hex>" -> "sha256:<hex>", a legacy config "<hex>.json" ->
 * "sha256:<hex>", anything else -> itself.
 */
static char *tarball_digest_of(const char *key)
{
	size_t n = strlen(key);

	if (n == 69 && !strcmp(key + 64, ".json") && strspn(key, "0123456789abcdef") == 64)
		return xstrfmt("sha256:%.64s", key);
	if (!strncmp(key, "blobs/", 6)) {
		const char *alg = key + 6, *slash = strchr(alg, '/');

		if (slash && !strchr(slash + 1, '/'))
			return xstrfmt("%.*s:%s", (int)(slash - alg), alg, slash + 1);
	}
	return xstrdup(key);
}

/* A lowercased libarchive message with its trailing period dropped. */
static char *tarball_archive_msg(struct archive *a, const char *fallback)
{
	const char *m = archive_error_string(a);
	char *s = xstrdup(m && *m ? m : fallback);
	size_t n = strlen(s);

	while (n && (s[n - 1] == '.' || s[n - 1] == '\n'))
		s[--n] = '\0';
	if (s[0] && isupper((unsigned char)s[0]) && !(s[1] && isupper((unsigned char)s[1])))
		s[0] = (char)tolower((unsigned char)s[0]);
	return s;
}

/* One progress line on stderr, only with --progress. */
static void tarball_progress(const struct treader *t, const char *fmt, const char *arg)
{
	if (!t->o->progress)
		return;
	fprintf(stderr, "dockgate: %s: ", t->label);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
}

static int tarball_outer_ratio(struct treader *t, long long next);

/* Next block of the outer entry into d->blk; 0 at the end, -1 on error. */
static int tarball_outer_next(struct outer_data *d)
{
	const void *buf;
	size_t size;
	la_int64_t off;
	int r;

	if (d->eof)
		return 0;
	r = archive_read_data_block(d->a, &buf, &size, &off);
	if (r == ARCHIVE_EOF) {
		d->eof = 1;
		return 0;
	}
	if (r < ARCHIVE_WARN) {
		if (!d->error)
			d->error = tarball_archive_msg(d->a, "read error");
		d->eof = 1;
		return -1;
	}
	d->blk = buf;
	d->blen = size;
	if (tarball_outer_ratio(d->t, 0) < 0) {
		if (!d->error)
			d->error = xstrdup(
				"decompression ratio of the tarball too high (decompression bomb?)");
		d->eof = 1;
		return -1;
	}
	return 1;
}

/* Fill d->peek with up to TB_PEEK bytes; -1 on a read error. */
static int tarball_outer_peek(struct outer_data *d)
{
	while (d->npeek < TB_PEEK) {
		size_t take;

		if (!d->blen) {
			int r = tarball_outer_next(d);

			if (r <= 0)
				return r;
			continue;
		}
		take = TB_PEEK - d->npeek < d->blen ? TB_PEEK - d->npeek : d->blen;
		memcpy(d->peek + d->npeek, d->blk, take);
		d->npeek += take;
		d->blk += take;
		d->blen -= take;
	}
	return 0;
}

/* Hand the next chunk of the entry: peeked bytes first, then blocks. */
static long tarball_outer_read(struct outer_data *d, const void **buf)
{
	long n;

	if (d->peek_off < d->npeek) {
		*buf = d->peek + d->peek_off;
		n = (long)(d->npeek - d->peek_off);
		d->peek_off = d->npeek;
		return n;
	}
	if (!d->blen) {
		int r = tarball_outer_next(d);

		if (r <= 0)
			return r;
	}
	*buf = d->blk;
	n = (long)d->blen;
	d->blen = 0;
	return n;
}

static la_ssize_t tarball_outer_read_cb(struct archive *a, void *ctx, const void **buf)
{
	long n = tarball_outer_read(ctx, buf);

	if (n < 0)
		archive_set_error(a, EIO, "%s", ((struct outer_data *)ctx)->error);
	return n;
}

enum blob_kind {
	KIND_OTHER,
	KIND_JSON,
	KIND_LAYER,
};

/* Decide from the first bytes what an outer entry holds. */
static enum blob_kind tarball_classify(const struct outer_data *d, const char **compression)
{
	const unsigned char *p = (const unsigned char *)d->peek;
	size_t n = d->npeek, i;

	*compression = "none";
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		*compression = "gzip";
	else if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		*compression = "zstd";
	else if (n >= 6 && !memcmp(p,
				   "\xfd"
				   "7zXZ\0",
				   6))
		*compression = "xz";
	else if (n >= 3 && !memcmp(p, "BZh", 3))
		*compression = "bzip2";
	if (strcmp(*compression, "none"))
		return KIND_LAYER;
	if (n >= 262 && !memcmp(p + 257, "ustar", 5))
		return KIND_LAYER;
	for (i = 0; i < n && !p[i]; i++)
		;
	if (n == TB_PEEK && i == n)
		return KIND_LAYER; /* an empty tar: end-of-archive blocks only */
	for (i = 0; i < n && isspace(p[i]); i++)
		;
	if (i < n && (p[i] == '{' || p[i] == '['))
		return KIND_JSON;
	return KIND_OTHER;
}

/*
 * Keep a small JSON file (manifest, index, config, OCI manifest) whole.
 * Too large ones are kept as a name only: an error if an image uses them.
 */
static void tarball_keep_json(struct treader *t, const char *key, struct outer_data *d,
			      long long size, struct errbuf *err, int *failed)
{
	struct blob *b;
	size_t cap;

	ALLOC_GROW(t->blobs, t->nblobs + 1, t->balloc);
	b = &t->blobs[t->nblobs++];
	memset(b, 0, sizeof(*b));
	b->key = xstrdup(key);
	if (size > TB_JSON_MAX || t->json_total + size > TB_JSON_TOTAL_MAX)
		return; /* kept as "too large": an error only if something uses it */
	cap = (size_t)size;
	b->data = xmalloc(cap + 1);
	memcpy(b->data, d->peek, d->npeek < cap ? d->npeek : cap);
	b->len = d->npeek < cap ? d->npeek : cap;
	while (b->len < cap) {
		size_t take;

		if (!d->blen) {
			int r = tarball_outer_next(d);

			if (r < 0) {
				err_set(err, "cannot read '%s' entry '%s': %s", t->label, key,
					d->error);
				*failed = 1;
				break;
			}
			if (!r)
				break;
			continue;
		}
		take = cap - b->len < d->blen ? cap - b->len : d->blen;
		memcpy(b->data + b->len, d->blk, take);
		b->len += take;
		d->blk += take;
		d->blen -= take;
	}
	b->data[b->len] = '\0';
	t->json_total += (long long)b->len;
}

/* Read up to max bytes of the current layer entry into t->scan. */
static long long tarball_layer_window(struct treader *t, struct archive *a, size_t max)
{
	size_t got = 0;

	if (t->scan_size < max) {
		t->scan = xrealloc(t->scan, max);
		t->scan_size = max;
	}
	while (got < max) {
		la_ssize_t r = archive_read_data(a, t->scan + got, max - got);

		if (r < 0)
			return -1;
		if (!r)
			break;
		got += (size_t)r;
	}
	return (long long)got;
}

static int tarball_is_account_file(const char *path)
{
	return !strcmp(path, "etc/passwd") || !strcmp(path, "etc/group") ||
	       !strcmp(path, "etc/shadow");
}

static enum file_type tarball_layer_type(struct archive_entry *e)
{
	if (archive_entry_hardlink(e))
		return FILE_HARDLINK;
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		return FILE_REG;
	case AE_IFDIR:
		return FILE_DIR;
	case AE_IFLNK:
		return FILE_SYMLINK;
	case AE_IFCHR:
		return FILE_CHAR;
	case AE_IFBLK:
		return FILE_BLOCK;
	case AE_IFIFO:
		return FILE_FIFO;
	default:
		return FILE_OTHER;
	}
}

/*
 * Record one layer entry. Returns 0, or -1 with L->error set. The entry's
 * data is read only for secret candidates and account files, and then only
 * a bounded window.
 */
static int tarball_layer_entry(struct treader *t, struct layer_summary *L, struct archive *a,
			       struct archive_entry *e, char *path)
{
	const char *raw = archive_entry_pathname(e);
	struct lentry *le;
	const char *base;
	int r;

	if (!raw) {
		L->error = xstrdup("entry with an unreadable name");
		return -1;
	}
	r = tarball_normalize(raw, path);
	if (r == -1) {
		L->error = xstrfmt("entry path longer than %d bytes", TB_PATH_MAX);
		return -1;
	}
	if (r == -2) {
		L->error = xstrfmt("entry '%.200s' escapes the image root ('..')", raw);
		return -1;
	}
	if (!*path)
		return 0; /* the root directory itself */
	ALLOC_GROW(L->v, L->n + 1, L->alloc);
	le = &L->v[L->n++];
	memset(le, 0, sizeof(*le));
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!strncmp(base, ".wh.", 4)) {
		size_t dirlen = (size_t)(base - path);

		if (!strcmp(base, ".wh..wh..opq")) {
			le->flags = LENTRY_OPAQUE;
			le->path = xstrndup(path, dirlen ? dirlen - 1 : 0);
		} else if (!strncmp(base, ".wh..wh.", 8)) {
			L->n--; /* aufs metadata (.wh..wh.plnk...): not a file */
		} else {
			le->flags = LENTRY_WHITEOUT;
			le->path = xstrfmt("%.*s%s", (int)dirlen, path, base + 4);
		}
		return 0;
	}
	le->path = xstrdup(path);
	le->type = (unsigned char)tarball_layer_type(e);
	le->mode = (unsigned)archive_entry_perm(e) & 07777;
	le->uid = archive_entry_uid(e);
	le->gid = archive_entry_gid(e);
	le->size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
	if (le->type == FILE_HARDLINK) {
		char target[TB_PATH_MAX + 1];

		if (tarball_normalize(archive_entry_hardlink(e), target) < 0) {
			L->error = xstrfmt("hardlink '%s' points outside the image", path);
			return -1;
		}
		le->link = xstrdup(target);
		le->size = 0;
	} else if (le->type == FILE_SYMLINK && archive_entry_symlink(e)) {
		le->link = xstrdup(archive_entry_symlink(e));
	}
	if (le->type == FILE_REG) {
		int account = tarball_is_account_file(path);
		int scan = secret_is_candidate(path, le->size, (long long)t->o->scan_bytes);

		if (account || scan) {
			size_t max = t->o->scan_bytes > TB_ACCOUNT_MAX ? t->o->scan_bytes
								       : TB_ACCOUNT_MAX;
			long long got = tarball_layer_window(t, a, max);

			if (got < 0) {
				char *m = tarball_archive_msg(a, "read error");

				L->error = xstrfmt("entry '%s': %s", path, m);
				free(m);
				return -1;
			}
			if (scan)
				le->hits = secret_scan(path, t->scan,
						       (size_t)got < t->o->scan_bytes
							       ? (size_t)got
							       : t->o->scan_bytes);
			if (account)
				le->content = xstrndup(t->scan, (size_t)got);
		}
	}
	return 0;
}

/* Bounds checked at every header; -1 with L->error set when exceeded. */
static int tarball_layer_bounds(struct treader *t, struct layer_summary *L, struct archive *a,
				long long stored, long long next_size, const char *where)
{
	long long out = archive_filter_bytes(a, 0) + next_size;
	long long cap = t->o->max_ratio * (stored > 0 ? stored : 1);

	if ((long long)L->n >= t->o->max_entries) {
		L->error = xstrfmt("more than %lld entries", t->o->max_entries);
		return -1;
	}
	if (out > t->o->max_bytes) {
		L->error = xstrfmt("entry '%s': more than %lld uncompressed bytes", where,
				   t->o->max_bytes);
		return -1;
	}
	if (out > TB_RATIO_FLOOR && out > cap) {
		L->error = xstrfmt("entry '%s': decompression ratio above %lld (%lld bytes stored)",
				   where, t->o->max_ratio, stored);
		return -1;
	}
	return 0;
}

/* Read one layer blob from the outer entry's data into a summary. */
static void tarball_read_layer(struct treader *t, struct layer_summary *L, struct outer_data *d)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *path = xmalloc(TB_PATH_MAX + 1);
	int r;

	if (!a)
		die("out of memory");
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_format_tar(a);
	if (archive_read_open(a, d, NULL, tarball_outer_read_cb, NULL) != ARCHIVE_OK) {
		char *m = tarball_archive_msg(a, "not a tar archive");

		L->error = xstrfmt("%s", m);
		free(m);
		goto out;
	}
	for (;;) {
		const char *name;

		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			char *m = tarball_archive_msg(a, "corrupt tar archive");

			if (L->n)
				L->error = xstrfmt("after entry '%s': %s", L->v[L->n - 1].path, m);
			else
				L->error = xstrdup(m);
			free(m);
			break;
		}
		name = archive_entry_pathname(e);
		if (tarball_layer_bounds(t, L, a, L->size, archive_entry_size(e),
					 name ? name : "?") < 0 ||
		    tarball_layer_entry(t, L, a, e, path) < 0)
			break;
	}
out:
	archive_read_free(a);
	free(path);
}

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

static struct layer_summary *tarball_find_layer(const struct treader *t, const char *key)
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

/*
 * Outer bomb guard: bytes out of the outer filters against bytes read. The
 * size an entry declares (next) only counts when the file size is known:
 * on a stream, the compressed bytes still to come are unknown.
 */
static int tarball_outer_ratio(struct treader *t, long long next)
{
	long long out = archive_filter_bytes(t->outer, 0);
	long long in = archive_filter_bytes(t->outer, -1);

	if (archive_filter_count(t->outer) <= 1)
		return 0;
	if (t->file_size >= 0) {
		out += next;
		if (t->file_size > in)
			in = t->file_size;
	}
	if (out > TB_RATIO_FLOOR && out / (in > 0 ? in : 1) > t->o->max_ratio)
		return -1;
	return 0;
}

/* Remember an outer symlink or hardlink; bad targets are dropped (they name nothing). */
static void tarball_add_alias(struct treader *t, const char *path, struct archive_entry *e)
{
	const char *hard = archive_entry_hardlink(e);
	const char *target = hard ? hard : archive_entry_symlink(e);
	char resolved[TB_PATH_MAX + 1];

	if (!target || t->naliases >= TB_MAX_LAYERS ||
	    tarball_resolve_link(path, target, !hard, resolved) < 0)
		return;
	ALLOC_GROW(t->aliases, t->naliases + 1, t->aalloc);
	t->aliases[t->naliases].key = xstrdup(path);
	t->aliases[t->naliases].target = xstrdup(resolved);
	t->naliases++;
}

/* One entry of the outer tarball; -1 ends the read with err set. */
static int tarball_entry(struct treader *t, struct archive_entry *e, struct errbuf *err)
{
	struct outer_data d = { 0 };
	char path[TB_PATH_MAX + 1];
	const char *compression, *raw = archive_entry_pathname(e);
	long long size = archive_entry_size(e);
	int failed = 0;

	if (!raw || tarball_normalize(raw, path) < 0)
		return 0;
	if (archive_entry_hardlink(e) || archive_entry_filetype(e) == AE_IFLNK) {
		tarball_add_alias(t, path, e);
		return 0;
	}
	if (archive_entry_filetype(e) != AE_IFREG)
		return 0;
	if (tarball_outer_ratio(t, size) < 0)
		return err_set(
			err,
			"cannot read '%s' entry '%s': decompression ratio above %lld (decompression bomb?)",
			t->label, path, t->o->max_ratio);
	d.t = t;
	d.a = t->outer;
	if (tarball_outer_peek(&d) < 0)
		goto read_error;
	switch (tarball_classify(&d, &compression)) {
	case KIND_LAYER:
		if (tarball_find_layer(t, path))
			break; /* the same blob twice: the first one counts */
		if (t->nlayers >= TB_MAX_LAYERS)
			return err_set(err, "cannot read '%s' entry '%s': more than %d layers",
				       t->label, path, TB_MAX_LAYERS);
		{
			struct layer_summary *L = xcalloc(1, sizeof(*L));

			L->key = xstrdup(path);
			L->compression = xstrdup(compression);
			L->size = size;
			ALLOC_GROW(t->layers, t->nlayers + 1, t->lalloc);
			t->layers[t->nlayers++] = L;
			tarball_progress(t, "reading layer '%s'", path);
			tarball_read_layer(t, L, &d);
		}
		break;
	case KIND_JSON:
		if (t->nblobs >= TB_MAX_BLOBS)
			return err_set(err, "cannot read '%s' entry '%s': more than %d JSON files",
				       t->label, path, TB_MAX_BLOBS);
		tarball_keep_json(t, path, &d, size, err, &failed);
		if (failed)
			goto out;
		break;
	case KIND_OTHER:
		break;
	}
	if (d.error)
		goto read_error;
	/* Drain what is left ourselves when compressed so the ratio guard sees it. */
	if (archive_filter_count(t->outer) > 1) {
		while (!d.eof) {
			d.blen = 0;
			if (tarball_outer_next(&d) < 0)
				goto read_error;
		}
	}
	goto out;
read_error:
	err_set(err, "cannot read '%s' entry '%s': %s", t->label, path,
		d.error ? d.error : "read error");
	failed = 1;
out:
	free(d.error);
	return failed ? -1 : 0;
}

/* ---- assembling images at the end ---- */

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
		struct layer_summary *L = tarball_find_layer(t, d->layers.v[i]);
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
static int tarball_assemble(struct treader *t, struct errbuf *err)
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

static void tarball_release(struct treader *t)
{
	for (size_t i = 0; i < t->nlayers; i++) {
		struct layer_summary *L = t->layers[i];

		for (size_t j = 0; j < L->n; j++) {
			free(L->v[j].path);
			free(L->v[j].link);
			free(L->v[j].content);
		}
		free(L->v);
		free(L->key);
		free(L->compression);
		free(L->error);
		free(L);
	}
	free(t->layers);
	for (size_t i = 0; i < t->nblobs; i++) {
		free(t->blobs[i].key);
		free(t->blobs[i].data);
	}
	free(t->blobs);
	for (size_t i = 0; i < t->naliases; i++) {
		free(t->aliases[i].key);
		free(t->aliases[i].target);
	}
	free(t->aliases);
	free(t->scan);
}

static int tarball_open_error(const char *label, const char *msg, struct errbuf *err);

/* Read every entry of an opened outer archive, then assemble the images. */
static int tarball_read_archive(struct treader *t, struct errbuf *err)
{
	struct archive_entry *e;
	struct buf last = BUF_INIT;
	size_t entries = 0;
	int r, ret = -1;

	for (;;) {
		r = archive_read_next_header(t->outer, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			char *m = tarball_archive_msg(t->outer, "read error");

			if (!entries)
				tarball_open_error(t->label, m, err);
			else
				err_set(err, "cannot read '%s' after entry '%s': %s", t->label,
					last.s, m);
			free(m);
			goto out;
		}
		entries++;
		buf_reset(&last);
		buf_adds(&last, archive_entry_pathname(e) ? archive_entry_pathname(e) : "?");
		if (tarball_entry(t, e, err) < 0)
			goto out;
	}
	if (!entries) {
		err_set(err, "cannot read '%s': empty archive", t->label);
		goto out;
	}
	ret = tarball_assemble(t, err);
out:
	buf_release(&last);
	tarball_release(t);
	return ret;
}

/* The error for an archive that fails before its first entry. */
static int tarball_open_error(const char *label, const char *msg, struct errbuf *err)
{
	if (strstr(msg, "nrecognized") || strstr(msg, "format"))
		return err_set(err, "cannot read '%s': not a tar archive (%s)", label, msg);
	return err_set(err, "cannot read '%s': %s", label, msg);
}

static struct archive *tarball_outer_new(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		die("out of memory");
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_format_tar(a);
	return a;
}

void tarball_options_init(struct tarball_options *o)
{
	o->name = NULL;
	o->max_ratio = 200;
	o->max_bytes = 8LL << 30;
	o->max_entries = 2000000;
	o->scan_bytes = 64 * 1024;
	o->progress = 0;
}

/* Read an opened outer archive (file, stdin or stream) and free it. */
static int tarball_run(struct run *r, const char *label, struct archive *a, long long size,
		       const struct tarball_options *o, struct errbuf *err)
{
	struct treader t = { 0 };
	int ret;

	t.run = r;
	t.label = label;
	t.o = o;
	t.outer = a;
	t.file_size = size;
	ret = tarball_read_archive(&t, err);
	archive_read_free(a);
	if (ret < 0)
		tarball_sanitize(err->msg);
	return ret;
}

int source_tarball_read(struct run *r, const char *path, const struct tarball_options *o,
			struct errbuf *err)
{
	struct archive *a = tarball_outer_new();
	const char *label = strcmp(path, "-") ? path : "stdin";
	struct stat st;
	long long size = -1;
	int rc;

	if (!strcmp(path, "-")) {
		rc = archive_read_open_fd(a, 0, 1 << 16);
	} else {
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			size = st.st_size;
		rc = archive_read_open_filename(a, path, 1 << 16);
	}
	if (rc != ARCHIVE_OK) {
		char *m = tarball_archive_msg(a, "damaged or truncated input");

		tarball_open_error(label, m, err);
		free(m);
		archive_read_free(a);
		tarball_sanitize(err->msg);
		return -1;
	}
	return tarball_run(r, label, a, size, o, err);
}

struct stream_ctx {
	tarball_reader_fn fn;
	void *ctx;
};

/* libarchive read callback over a tarball_reader_fn. */
static la_ssize_t tarball_stream_cb(struct archive *a, void *ctx, const void **buf)
{
	struct stream_ctx *s = ctx;
	long n = s->fn(s->ctx, buf);

	if (n < 0)
		archive_set_error(a, EIO, "stream read error");
	return n;
}

int source_tarball_read_stream(struct run *r, const char *label, tarball_reader_fn fn, void *ctx,
			       const struct tarball_options *o, struct errbuf *err)
{
	struct archive *a = tarball_outer_new();
	struct stream_ctx s = { fn, ctx };

	if (archive_read_open(a, &s, NULL, tarball_stream_cb, NULL) != ARCHIVE_OK) {
		char *m = tarball_archive_msg(a, "damaged or truncated input");

		tarball_open_error(label, m, err);
		free(m);
		archive_read_free(a);
		tarball_sanitize(err->msg);
		return -1;
	}
	return tarball_run(r, label, a, -1, o, err);
}
