/*
 * fuzz_tarball.c - libFuzzer target for the image tarball reader: the
 * input is one whole tarball, read through the stream API in small chunks
 * so layer and JSON boundaries fall anywhere.
 */
#include "dockgate.h"
#include "engine.h"
#include "source.h"

#include <stdint.h>

struct fuzz_stream {
	const uint8_t *data;
	size_t len, off;
};

static long fuzz_read(void *ctx, const void **buf)
{
	struct fuzz_stream *s = ctx;
	size_t n = s->len - s->off;

	if (n > 4096)
		n = 4096;
	*buf = s->data + s->off;
	s->off += n;
	return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_stream s = { data, len, 0 };
	struct tarball_options o;
	struct errbuf err = { "" };
	struct run r;

	tarball_options_init(&o);
	/* small caps keep one input from running for seconds */
	o.max_bytes = 64 << 20;
	o.max_entries = 100000;
	run_init(&r, "image");
	source_tarball_read_stream(&r, "fuzz", fuzz_read, &s, &o, &err);
	run_release(&r);
	return 0;
}
