/*
 * facts_host.h - what the host's files say (under --host-root): dockerd's
 * effective configuration with provenance, unit files, file modes, audit
 * rules, mounts. Filled by source_host.c; read by section 1, 2, 3 checks.
 *
 * Every path here is a host path ("/etc/docker/daemon.json"), as seen on the
 * host, never prefixed with the root. The facts own all their strings.
 */
#ifndef FACTS_HOST_H
#define FACTS_HOST_H

#include "facts.h"

enum host_file_state {
	HOST_FILE_ABSENT, /* does not exist on this host: rows skip */
	HOST_FILE_PRESENT,
	HOST_FILE_ERROR, /* could not be examined: rows error with .error */
};

/*
 * One file's metadata. Symlinks are resolved inside the host root (an
 * absolute target restarts at the root, ".." stops at it), so the mode and
 * owner are those of the file itself; .link is the resolved path when the
 * named path went through a symlink.
 */
struct host_file {
	char *path;   /* host path as named: "/var/run/docker.sock" */
	char *link;   /* resolved host path when different, else NULL */
	char *origin; /* why this path: "default", "dockerd --tlscert", ... */
	enum host_file_state state;
	char *error; /* HOST_FILE_ERROR: "permission denied" */
	enum file_type type;
	unsigned mode; /* permission bits including 07000 */
	long long uid, gid;
	char *owner,
		*group; /* names from the host's /etc/passwd and /etc/group, NULL if unlisted */
};

/* Files with a fixed role; host_facts.files[] is indexed by these. */
enum host_file_id {
	HF_DOCKER_SERVICE,	   /* docker.service unit, first in systemd's search order */
	HF_DOCKER_SOCKET_UNIT,	   /* docker.socket unit */
	HF_CONTAINERD_SOCKET_UNIT, /* containerd.socket unit */
	HF_ETC_DOCKER,		   /* /etc/docker */
	HF_DAEMON_JSON,		   /* the daemon.json dockerd uses */
	HF_ETC_DEFAULT_DOCKER,	   /* /etc/default/docker */
	HF_ETC_SYSCONFIG_DOCKER,   /* /etc/sysconfig/docker */
	HF_CONTAINERD_SOCK,	   /* /run/containerd/containerd.sock */
	HF_CONTAINERD_CONFIG,	   /* /etc/containerd/config.toml */
	HF_DATA_ROOT,		   /* the daemon's data root, /var/lib/docker by default */
	HF_RUN_CONTAINERD,	   /* /run/containerd */
	HF_DOCKERD_BIN,	   /* the dockerd binary (from the process, else /usr/bin/dockerd) */
	HF_CONTAINERD_BIN, /* containerd */
	HF_SHIM_BIN,	   /* containerd-shim */
	HF_SHIM_V1_BIN,	   /* containerd-shim-runc-v1 */
	HF_SHIM_V2_BIN,	   /* containerd-shim-runc-v2 */
	HF_RUNC_BIN,	   /* runc */
	HF_TLSCACERT,	   /* from the daemon configuration; ABSENT with origin NULL when unset */
	HF_TLSCERT,
	HF_TLSKEY,
	HF_COUNT
};

/* A list of files found by a search (drop-ins, registry certificates, sockets). */
struct host_file_list {
	struct host_file *v;
	size_t n, alloc;
	char *error;   /* the search itself failed (directory unreadable), else NULL */
	int truncated; /* the walk stopped at its bound */
};

/* One setting of dockerd's effective configuration. */
struct dockerd_option {
	char *key;	/* daemon.json key: "icc", "hosts" */
	char *value;	/* effective value; arrays joined with "," */
	char *source;	/* "dockerd --icc=false" or "daemon.json: \"icc\": true" */
	char *conflict; /* set by both: "dockerd --icc=false conflicts with daemon.json: ..." */
};

/* One audit rule path: -w PATH, or -a ... -F path=PATH / -F dir=PATH. */
struct audit_watch {
	char *path;
	int dir;     /* -F dir= or -w on a directory: covers the subtree */
	char *where; /* "/etc/audit/rules.d/docker.rules:3" */
};

struct host_facts {
	char *root; /* --host-root */

	/* dockerd */
	long dockerd_pid;      /* 0 when no dockerd process was found under proc */
	long long dockerd_uid; /* from proc/<pid>/status, -1 unknown */
	struct strlist dockerd_argv;
	char *dockerd_note;  /* "3 dockerd processes; chose pid 812 (newest)" or NULL */
	char *config_path;   /* daemon.json in use (host path), NULL when none applies */
	char *config_origin; /* "dockerd --config-file", "default", "rootless default" */
	char *config_error;  /* malformed or unreadable daemon.json: "...:3:7: invalid JSON: ..." */
	struct dockerd_option *opts;
	size_t nopts, optalloc;

	struct host_file files[HF_COUNT];
	struct host_file_list service_dropins; /* docker.service.d/ *.conf */
	struct host_file_list socket_dropins;  /* docker.socket.d/ *.conf */
	struct host_file_list registry_certs;  /* /etc/docker/certs.d/ ** / *.crt */
	struct host_file_list
		docker_sockets; /* unix sockets from "hosts", else /var/run/docker.sock */

	/* audit rules */
	int audit_configured;	    /* audit.rules or rules.d/ *.rules exists */
	char *audit_error;	    /* a rules file could not be read */
	struct strlist audit_files; /* rule files read */
	struct audit_watch *watches;
	size_t nwatches, walloc;

	/* mounts of pid 1, from proc/1/mountinfo */
	int mounts_known;
	char *mounts_error;	   /* unreadable; NULL with !mounts_known means absent */
	struct strlist mounts;	   /* mount points, unescaped, in mountinfo order */
	struct strlist mount_devs; /* their devices "major:minor", parallel to mounts */

	/* accounts */
	int group_known; /* /etc/group read */
	char *group_error;
	int docker_group; /* a group named docker exists */
	long long docker_gid;
	struct strlist docker_members; /* listed members and users whose primary group it is */

	char *docker_version; /* engine version when known (host_facts_set_version) */
};

/*
 * dockerd's effective setting for a daemon.json key ("icc", "userns-remap",
 * "log-driver", "live-restore", "userland-proxy", "authorization-plugins",
 * "tlsverify", "tls", "no-new-privileges", "default-ulimits",
 * "insecure-registries", "storage-driver", "storage-opts", "cgroup-parent",
 * "log-level", "iptables", "hosts", "seccomp-profile", "experimental",
 * "tlscacert", "tlscert", "tlskey", "data-root", "debug", ...), merged from
 * dockerd's command line and daemon.json. Booleans are "true"/"false";
 * arrays are joined with ","; objects are "key=value" joined with ","
 * (default-ulimits: "nofile=1024:2048"). Empty strings, arrays and objects
 * count as unset, as dockerd treats them. *source says where it came from:
 * "dockerd --icc=false" or "daemon.json: \"icc\": true" (a daemon.json other
 * than /etc/docker/daemon.json reads "daemon.json (PATH): ..."). When both
 * set a key the command line wins and host_dockerd_conflict() says so.
 * Returns 1 when set, 0 when unset or h is NULL. value/source may be NULL.
 */
int host_dockerd_option(const struct host_facts *h, const char *key, const char **value,
			const char **source);
/* "dockerd --icc=false conflicts with daemon.json: \"icc\": true", or NULL. */
const char *host_dockerd_conflict(const struct host_facts *h, const char *key);
/*
 * Why daemon.json could not be used (malformed with line and column, or
 * unreadable), or NULL. Options from daemon.json are then unknown: a row
 * that needs one reports error with this message.
 */
const char *host_dockerd_config_error(const struct host_facts *h);
/* Is a boolean option effectively true? def when unset. */
int host_dockerd_bool(const struct host_facts *h, const char *key, int def);

struct json_object;
/*
 * Merge dockerd's argv (argv[0] is the program) into h's options the way
 * dockerd's flag parser reads it: --flag=v, --flag v, -Hv, -H v, boolean
 * flags that never take the next word, repeated list flags joined.
 */
void host_dockerd_apply_argv(struct host_facts *h, const struct strlist *argv);
/*
 * Merge a parsed daemon.json (path names it in the provenance) into h's
 * options after the command line: keys already set by a flag keep the
 * flag's value and get a conflict.
 */
void host_dockerd_apply_config(struct host_facts *h, struct json_object *obj, const char *path);

/* The engine version from the daemon facts (for CIS 1.2.2); copied. */
void host_facts_set_version(struct host_facts *h, const char *version);

/*
 * Is a host path covered by an audit rule (exact path, or a directory rule
 * on an ancestor)? Returns the rule or NULL.
 */
const struct audit_watch *host_audit_find(const struct host_facts *h, const char *path);

/* What source_host_read() should know about the audit (all optional). */
struct host_options {
	const char *daemon_socket; /* socket path the audit talks to: picks that dockerd */
	long dockerd_pid;	   /* use this dockerd process (tests, --pid) */
};

/*
 * Read the host's facts under root ("/" or where the host's / is mounted),
 * never following a symlink out of it. Problems with one file are recorded
 * in its struct host_file (the rows that need it report error); -1 only when
 * root is not a readable directory. opts may be NULL.
 */
int source_host_read(struct host_facts **out, const char *root, const struct host_options *opts,
		     struct errbuf *err);

struct run;
/*
 * For "dockgate daemon": read the host under root into r->facts.host and add
 * the "host" target. root "none" adds the target without facts, so every
 * host row skips with "no host access". -1 when root is not a directory
 * (a usage error, exit 2). Call once, after the daemon source.
 */
int source_host_attach(struct run *r, const char *root, const struct host_options *opts,
		       struct errbuf *err);

void host_file_release(struct host_file *);
void host_file_list_release(struct host_file_list *);
struct host_file *host_file_list_add(struct host_file_list *);
/* Set or replace an option (used by the source); takes copies. */
struct dockerd_option *host_dockerd_set(struct host_facts *h, const char *key, const char *value,
					const char *source);
void host_facts_free(struct host_facts *);

#endif
