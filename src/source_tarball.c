/*
 * source_tarball.c - image tarballs (not built yet).
 */
#include "source.h"

void tarball_options_init(struct tarball_options *o)
{
	o->name = NULL;
	o->max_ratio = 200;
	o->max_bytes = 8LL << 30;
	o->max_entries = 2000000;
	o->scan_bytes = 64 * 1024;
	o->progress = 0;
}

int source_tarball_read(struct run *r, const char *path, const struct tarball_options *o,
			struct errbuf *err)
{
	(void)r;
	(void)o;
	return err_set(err, "cannot read '%s': tarball reading is not available in this build", path);
}

int source_tarball_read_stream(struct run *r, const char *label, tarball_reader_fn fn, void *ctx,
			       const struct tarball_options *o, struct errbuf *err)
{
	(void)r;
	(void)fn;
	(void)ctx;
	(void)o;
	return err_set(err, "cannot read '%s': tarball reading is not available in this build", label);
}
