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
 * account files; tarball_layer.c). Because manifest.json may come after the
 * layers, images are only assembled at the end (tarball_layout.c): manifests
 * are resolved, layer summaries looked up by blob path (a layer shared by two
 * images is read once) and merged (tarball_merge.c).
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

/* Names from the tarball reach terminals: control characters become '?'. */
static void tarball_sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* An image or layer problem: a run error (the audit is incomplete). */
void tarball_error(struct treader *t, const char *fmt, ...)
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
int tarball_normalize(const char *in, char *out)
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
char *tarball_digest_of(const char *key)
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
char *tarball_archive_msg(struct archive *a, const char *fallback)
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

la_ssize_t tarball_outer_read_cb(struct archive *a, void *ctx, const void **buf)
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
		if (tarball_layout_find_layer(t, path))
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
			tarball_layer_read(t, L, &d);
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
	ret = tarball_layout_assemble(t, err);
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
