/*
 * image_secret.h - secret names, values and files of an image (pure).
 * Nothing here returns or prints a secret value: descriptions name the
 * kind of secret and where it is.
 */
#ifndef IMAGE_SECRET_H
#define IMAGE_SECRET_H

#include "dockgate.h"
#include "facts.h"

struct buf;

/* Does an env/arg NAME look like it holds a secret (PASSWORD, TOKEN, API_KEY...)? */
int secret_name(const char *name, size_t len);
/* Does a value carry URL credentials (scheme://user:password@host)? */
int url_has_credentials(const char *value);

/*
 * If a regular file of the image holds or is a secret (content hits, a
 * secret file name, or one of the extra globs), return a description with
 * its path for a message, "PEM private key in /root/.ssh/id_rsa"; else NULL.
 * Test and example fixtures inside third-party package trees
 * (node_modules/x/test/key.pem) only count when an extra glob names them.
 * Never includes content. Caller frees.
 */
char *secret_file_describe(const struct image_file *, const struct strlist *extra_globs);

/* Human names of content hit bits, joined by ", " into out (e.g. "GitHub token"). */
void content_hits_describe(unsigned hits, struct buf *out);

#endif
