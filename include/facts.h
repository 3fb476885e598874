/*
 * facts.h - what the sources found, as plain structs. No I/O happens here.
 *
 * Sources (source_tarball.c, source_daemon.c, source_host.c) fill a struct
 * facts; checks read it and never modify it; facts_release() frees it all.
 * Every string is owned by the struct that holds it.
 *
 * Image paths are normalized: no leading "/" or "./", no "." or ".."
 * components, no trailing "/": "etc/passwd", "root/.ssh/id_rsa".
 */
#ifndef FACTS_H
#define FACTS_H

#include "dockgate.h"

struct daemon_facts; /* facts_daemon.h */
struct container;    /* facts_daemon.h */
struct host_facts;   /* facts_host.h */
struct policy;	     /* policy.h */

enum file_type {
	FILE_REG,
	FILE_DIR,
	FILE_SYMLINK,
	FILE_HARDLINK,
	FILE_CHAR,
	FILE_BLOCK,
	FILE_FIFO,
	FILE_OTHER,
};

/*
 * Content hits: what the bounded content scan (secret.h) found in a file.
 * Set by the source for regular files that are secret candidates.
 */
enum content_hit {
	HIT_PEM_PRIVATE_KEY = 1u << 0, /* -----BEGIN ... PRIVATE KEY----- */
	HIT_AWS_ACCESS_KEY = 1u << 1,  /* AKIA/ASIA + 16 */
	HIT_GITHUB_TOKEN = 1u << 2,    /* ghp_, gho_, ghs_, github_pat_ */
	HIT_GITLAB_TOKEN = 1u << 3,    /* glpat- */
	HIT_SLACK_TOKEN = 1u << 4,     /* xoxb-, xoxp- ... */
	HIT_DOCKER_AUTH = 1u << 5,     /* config.json with "auths": { "...": { "auth": "..." } } */
	HIT_NPM_TOKEN = 1u << 6,       /* _authToken= / _auth= */
	HIT_PYPI_PASSWORD = 1u << 7,   /* password = in .pypirc */
	HIT_URL_CREDENTIALS = 1u << 8, /* scheme://user:pass@host (.git-credentials) */
	HIT_AWS_SECRET = 1u << 9,      /* aws_secret_access_key = ... */
	HIT_ENV_SECRET = 1u << 10,     /* KEY=value lines with secret-looking KEY (.env) */
};

/* One file of an image's merged filesystem (or a removed one, see below). */
struct image_file {
	char *path; /* normalized, see above */
	enum file_type type;
	unsigned mode; /* permission bits including 07000 */
	long long uid, gid;
	long long size;
	char *link;    /* symlink or hardlink target, else NULL */
	int layer;     /* index in image.layers of the layer that wrote it */
	unsigned hits; /* enum content_hit bits */
};

struct image_layer {
	char *digest;	   /* "sha256:..." of the blob as stored, or the layer path */
	char *diff_id;	   /* from config rootfs.diff_ids, may be NULL */
	char *compression; /* "none", "gzip", "zstd", ... */
	long long size;	   /* bytes stored in the tarball */
	size_t entries;	   /* tar entries read */
	int history;	   /* index of the history step that made it, -1 if unknown */
};

struct history_step {
	char *created_by; /* "/bin/sh -c #(nop) USER app" ... */
	char *created;	  /* RFC 3339 time or NULL */
	int empty_layer;
	int layer; /* index in image.layers, -1 for empty layers */
};

struct kv {
	char *key;
	char *value;
};

struct image_config {
	char *user;		      /* Config.User, NULL when absent */
	struct strlist env;	      /* "KEY=value" as in the config */
	struct strlist exposed_ports; /* "22/tcp" */
	struct strlist volumes;	      /* "/data" */
	int has_healthcheck;	      /* Config.Healthcheck present */
	struct strlist healthcheck;   /* Config.Healthcheck.Test, e.g. ["NONE"] */
	struct kv *labels;
	size_t nlabels;
	struct strlist entrypoint;
	struct strlist cmd;
	char *workdir;
	char *os, *architecture;
};

/*
 * One image. When files_known is 0 (daemon audit without streaming the
 * image), files/removed/passwd... are empty and file checks are skipped.
 */
struct image {
	char *ref;		  /* what the user calls it: first repo tag, --name, or short id */
	char *name;		  /* stable identity: repository without tag/digest, or --name */
	char *id;		  /* config digest "sha256:..." */
	char *source;		  /* tarball path or "-" or "daemon" */
	struct strlist repo_tags; /* "myapp:1.4" */
	struct image_config config;
	struct history_step *history;
	size_t nhistory;
	struct image_layer *layers;
	size_t nlayers;

	int files_known;
	struct image_file *files; /* merged view, sorted by path */
	size_t nfiles;
	/*
	 * Files that a layer added and a later layer deleted (whiteout) or
	 * overwrote: still shipped in the tarball. Only regular files.
	 */
	struct image_file *removed;
	size_t nremoved;

	/* Content of account files in the merged view (bounded), NULL if absent. */
	char *etc_passwd;
	char *etc_group;
	char *etc_shadow;

	/* Problems reading this image that made the audit incomplete. */
	struct strlist errors;
};

/* Everything one run knows. Absent parts are NULL / zero. */
struct facts {
	struct image *images;
	size_t nimages;
	struct daemon_facts *daemon;
	struct container *containers;
	size_t ncontainers;
	struct host_facts *host;
	/*
	 * Borrowed, may be NULL: the run's policy, for the per-check parameters
	 * (setuid_allow, secret_files, allowed_ports...). engine_run() sets it.
	 */
	const struct policy *policy;
};

struct image *facts_add_image(struct facts *);
void facts_release(struct facts *);
void image_release(struct image *);

/* Binary search in image->files; NULL if absent. Path is normalized, no "/". */
const struct image_file *image_find_file(const struct image *, const char *path);
/* Value of "KEY=value" in env for KEY, or NULL. */
const char *image_env_get(const struct image *, const char *key);
/* Stable image name from a "repo:tag" or "repo@digest" reference (owned). */
char *image_name_from_ref(const char *ref);
/* Sort files by path; sources call this once after building the table. */
void image_sort_files(struct image *);

#endif
