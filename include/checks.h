/*
 * checks.h - the section tables, one per file in src/checks/.
 * catalog.c registers them; nothing else should need this header.
 */
#ifndef CHECKS_H
#define CHECKS_H

#include "check.h"

extern const struct check checks_host[]; /* 1 host configuration */
extern const size_t checks_host_count;
extern const struct check checks_daemon[]; /* 2 daemon configuration */
extern const size_t checks_daemon_count;
extern const struct check checks_daemon_files[]; /* 3 daemon configuration files */
extern const size_t checks_daemon_files_count;
extern const struct check checks_image[]; /* 4 images */
extern const size_t checks_image_count;
extern const struct check checks_image_practices[]; /* 4 DG-IMG image practices */
extern const size_t checks_image_practices_count;
extern const struct check checks_container[]; /* 5 container runtime */
extern const size_t checks_container_count;
extern const struct check checks_operations[]; /* 6 security operations */
extern const size_t checks_operations_count;
extern const struct check checks_swarm[]; /* 7 swarm */
extern const size_t checks_swarm_count;

#endif
