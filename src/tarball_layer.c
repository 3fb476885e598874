/*
 * tarball_layer.c - one layer blob of an image tarball, read through a nested
 * libarchive reader fed from the outer entry's data (plain, gzip, zstd...)
 * and reduced to a compact struct layer_summary: normalized paths, modes,
 * links, whiteouts, secret content hits and the account files. Every entry
 * is bounded (count, path length, bytes, compression ratio); nothing is
 * extracted.
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
void tarball_layer_read(struct treader *t, struct layer_summary *L, struct outer_data *d)
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
