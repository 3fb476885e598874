/*
 * image_check.h - helpers the image check files share: checks/image.c (CIS
 * section 4) and checks/image_practices.c (DG-IMG-NNN). They add findings
 * through check_fail() and read the image facts; nothing here does I/O.
 */
#ifndef IMAGE_CHECK_H
#define IMAGE_CHECK_H

#include "dockgate.h"
#include "facts.h"
#include "check.h"

/* Names and paths from the image are shown at most this long in messages. */
#define IMAGE_CHECK_SHOW_MAX 128

/*
 * Fail with a file as evidence (key, or the file's path when key is NULL),
 * annotated with the layer and the history step that wrote it.
 */
__attribute__((format(printf, 5, 6))) void image_check_fail_file(const struct image *,
								 const struct image_file *,
								 struct findings *, const char *key,
								 const char *fmt, ...);

/* Fail with "history:<step>" as evidence, annotated with the step and its layer. */
__attribute__((format(printf, 4, 5))) void image_check_fail_step(const struct image *, size_t step,
								 struct findings *, const char *fmt,
								 ...);

/* The policy's extra secret file globs, or NULL without a policy. */
const struct strlist *image_check_policy_secret_files(const struct facts *);

/*
 * The last history step running instruction instr (USER, EXPOSE...) whose
 * arguments mention needle as a whole token (NULL: any), or -1.
 */
int image_check_step_of(const struct image *, const char *instr, const char *needle);

#endif
