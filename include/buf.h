/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 *
 *   struct buf b = BUF_INIT;
 *   buf_addf(&b, "%s:%d", file, line);
 *   use(b.s); buf_release(&b);
 */
#ifndef BUF_H
#define BUF_H

#include "dockgate.h"

struct buf {
	char *s; /* never NULL after the first add; "" when empty */
	size_t len;
	size_t alloc;
};
#define BUF_INIT \
	{ \
		NULL, 0, 0 \
	}

void buf_grow(struct buf *, size_t extra);
void buf_add(struct buf *, const void *, size_t);
void buf_adds(struct buf *, const char *);
void buf_addc(struct buf *, char);
void buf_addf(struct buf *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *, const char *fmt, va_list);
void buf_reset(struct buf *);
/* Returns the string (never NULL) and leaves the buffer empty. */
char *buf_detach(struct buf *);
void buf_release(struct buf *);
/* The current content, "" for an untouched buffer. */
const char *buf_str(const struct buf *);

#endif
