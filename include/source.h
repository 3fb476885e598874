/*
 * source.h - the sources: the only code that reads the audited system.
 *
 * Each fills struct facts and reports problems that make the audit
 * incomplete through run_add_error(); a return of -1 means the source could
 * not be read at all (err says why: file, image, layer, entry / endpoint).
 */
#ifndef SOURCE_H
#define SOURCE_H

#include "dockgate.h"
#include "engine.h"

struct tarball_options {
	const char *name;      /* --name: stable identity for every image read */
	long long max_ratio;   /* decompression ratio cap per layer (default 200) */
	long long max_bytes;   /* cap on uncompressed bytes per layer */
	long long max_entries; /* cap on entries per layer */
	size_t scan_bytes;     /* bytes of a candidate file scanned for secrets (64 KiB) */
	int progress;	       /* show progress on stderr */
};

void tarball_options_init(struct tarball_options *);

/*
 * Read an image tarball (path or "-" for stdin) once, sequentially, and add
 * one struct image per image it holds to run->facts. Problems with one
 * image/layer go to run_add_error(); -1 when the file cannot be read as an
 * image tarball at all.
 */
int source_tarball_read(struct run *, const char *path, const struct tarball_options *,
			struct errbuf *err);

/*
 * The same from an open archive stream (used by the daemon source for
 * GET /images/{name}/get). The reader is called for more bytes.
 */
typedef long (*tarball_reader_fn)(void *ctx, const void **buf);
int source_tarball_read_stream(struct run *, const char *label, tarball_reader_fn, void *ctx,
			       const struct tarball_options *, struct errbuf *err);

#endif
