/*
 * secret.h - which image files are worth scanning for secrets, and the
 * bounded content scanner that sets enum content_hit bits (facts.h).
 *
 * Pure functions on a path and a byte window: no I/O, no allocation, so the
 * tarball source calls them on every entry and unit tests call them on
 * literals. The scanner never copies or returns the secret itself.
 */
#ifndef SECRET_H
#define SECRET_H

#include "dockgate.h"

/*
 * Is the file named like a secret (id_rsa, *.pem, .env, .npmrc,
 * .aws/credentials...)? Such files are scanned whatever their size
 * (the first scan window). path is normalized ("root/.ssh/id_rsa").
 */
int secret_name_is_candidate(const char *path);

/*
 * Should a regular file of this size be scanned? True for candidate names
 * and for files of at most max_small bytes under etc/, root/, home/, app/,
 * srv/, opt/, usr/src/, var/www/.
 */
int secret_is_candidate(const char *path, long long size, long long max_small);

/*
 * Scan len bytes of the file at path (its first scan window) and return
 * enum content_hit bits. Some rules depend on the file name (.pypirc,
 * .env files, Docker config.json).
 */
unsigned secret_scan(const char *path, const char *buf, size_t len);

#endif
