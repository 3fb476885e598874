/*
 * source_host_internal.h - what source_host.c (root-confined path
 * resolution, reading, accounts, daemon.json, the dockerd process) and
 * host_files.c (units, binaries, certificates, sockets, audit rules, mounts)
 * share. Not an API for other modules: they use source.h and facts_host.h.
 */
#ifndef SOURCE_HOST_INTERNAL_H
#define SOURCE_HOST_INTERNAL_H

#include "facts_host.h"

#include <stddef.h>

struct buf;

#define MAX_CONFIG_BYTES (1024 * 1024)
#define MAX_ACCOUNT_BYTES (8 * 1024 * 1024)
#define MAX_MOUNTINFO_BYTES (4 * 1024 * 1024)
#define MAX_CMDLINE_BYTES (256 * 1024)
#define MAX_RULES_BYTES (4 * 1024 * 1024)
#define MAX_RULE_FILES 256
#define MAX_PROC_ENTRIES 200000
#define MAX_DIR_ENTRIES 4096
#define MAX_CERT_DEPTH 4
#define MAX_SYMLINKS 40

/* One account of the host's /etc/passwd or /etc/group. */
struct account {
	char *name;
	long long id;
	long long gid; /* passwd: primary group */
	char *home;    /* passwd only */
	char *members; /* group only: "a,b" */
};

struct accounts {
	struct account *v;
	size_t n, alloc;
};

/* State of one read: the facts being filled and the host's accounts. */
struct host_ctx {
	struct host_facts *h;
	const char *root; /* without trailing "/"; "" for "/" */
	struct accounts users, groups;
};

/* source_host.c */

/* Real filesystem path of a normalized host path. */
char *host_real(const struct host_ctx *c, const char *hpath);

/* Append component comp to the normalized host path in b. */
void host_path_push(struct buf *b, const char *comp, size_t len);

/*
 * Resolve host path hpath inside the root, like a chroot would: absolute
 * symlink targets restart at the root, ".." never leaves it. With
 * follow_last a symlink in the last component is resolved too. The result
 * (a host path) goes to out. Returns 0, or an errno value (ENOENT, ENOTDIR,
 * EACCES, ELOOP...).
 */
int host_resolve(const struct host_ctx *c, const char *hpath, int follow_last, struct buf *out);

/* Human reason for an errno from host I/O. */
const char *host_errstr(int e);

/*
 * Fill f for host path hpath: resolve it inside the root, lstat the result
 * and name its owner and group from the host's accounts.
 */
void host_stat(struct host_ctx *c, struct host_file *f, const char *hpath, const char *origin);

/*
 * Read at most max bytes of host file hpath into out. Returns 0, ENOENT
 * when absent, or another errno value (EFBIG when larger than max).
 */
int host_read(struct host_ctx *c, const char *hpath, size_t max, struct buf *out);

/* Error text for host_read() failures. */
char *host_read_error(const char *hpath, int e, size_t max);

/* Split s at sep into up to max fields (in place); returns the count. */
size_t host_split_fields(char *s, char sep, char **fields, size_t max);

/* Find the home directory of uid in the host's passwd, or NULL. */
const char *host_home_of(const struct host_ctx *c, long long uid);

/* host_files.c */

/* The first unit file named name in systemd's search order. */
void host_files_find_unit(struct host_ctx *c, struct host_file *f, const char *name);

/* Drop-ins NAME.d/ *.conf in every unit directory; the first of a name wins. */
void host_files_find_dropins(struct host_ctx *c, struct host_file_list *l, const char *unit);

/* Registry certificates: *.crt under /etc/docker/certs.d, bounded depth. */
void host_files_walk_certs(struct host_ctx *c, struct host_file_list *l, const char *hdir,
			   int depth);

/* A binary: the first of bin_dirs holding it; absent names /usr/bin/NAME. */
void host_files_find_binary(struct host_ctx *c, struct host_file *f, const char *name);

/* The dockerd binary: the running process's, else the usual places. */
void host_files_find_dockerd_bin(struct host_ctx *c);

/* TLS file for key: configured path, or dockerd's default with --tls(verify). */
void host_files_find_tls_file(struct host_ctx *c, enum host_file_id id, const char *key,
			      const char *def);

/* The daemon's unix sockets: from "hosts", else the default path. */
void host_files_find_sockets(struct host_ctx *c, int rootless);

/* audit.rules and rules.d/ *.rules (as augenrules reads them, sorted). */
void host_files_read_audit_rules(struct host_ctx *c);

/* The host's mounts (/proc/1/mountinfo) into h->mounts. */
void host_files_read_mounts(struct host_ctx *c);

#endif
