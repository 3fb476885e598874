/*
 * facts_daemon.h - what the Engine API says about the daemon and its
 * containers. Filled by source_daemon.c; read by the section 2, 5, 6 and 7
 * checks. Plain structs, no I/O; every string is owned and may be NULL
 * when the daemon did not report the field.
 */
#ifndef FACTS_DAEMON_H
#define FACTS_DAEMON_H

#include "facts.h"

/* One network from GET /networks. */
struct daemon_network {
	char *id;
	char *name;
	char *driver;	       /* "bridge", "overlay", "host", "null" ... */
	char *scope;	       /* "local", "swarm" */
	char *bridge_name;     /* Options["com.docker.network.bridge.name"] */
	char *enable_icc;      /* Options["com.docker.network.bridge.enable_icc"] */
	int encrypted;	       /* Options["encrypted"] present */
	int is_default_bridge; /* the daemon's default "bridge" network */
};

/* Swarm state from GET /swarm, /nodes, /services, /secrets, /configs. */
struct swarm_facts {
	int known;		       /* the swarm endpoints were read (manager node) */
	char *node_addr;	       /* /info Swarm.NodeAddr */
	int control_available;	       /* /info Swarm.ControlAvailable (manager) */
	long long node_cert_expiry_ns; /* Spec.CAConfig.NodeCertExpiry, 0 = unknown */
	int autolock;		       /* Spec.EncryptionConfig.AutoLockManagers */
	size_t managers;	       /* nodes with Spec.Role "manager" */
	size_t leaders;		       /* nodes with ManagerStatus.Leader */
	size_t nodes, services, secrets, configs;
};

struct daemon_facts {
	char *endpoint;	   /* "unix:///var/run/docker.sock", "tcp://h:2376" */
	int tcp;	   /* connected over TCP */
	int tls;	   /* ... with TLS */
	int tls_verify;	   /* ... verifying the daemon's certificate */
	char *display;	   /* "Docker 24.0.7 (API 1.43) at unix://..." */
	char *product;	   /* "Docker" or "Podman" */
	int podman;	   /* /version Components names Podman */
	char *version;	   /* /version Version */
	char *api_version; /* the API version used for requests, "1.43" */
	int api_minor;	   /* 43 for "1.43" */
	char *os, *kernel_version;
	int experimental; /* /version Experimental or /info ExperimentalBuild */

	/* /info */
	char *storage_driver; /* Driver */
	char *logging_driver;
	char *cgroup_driver;
	int live_restore;
	int debug;
	struct strlist security_options;    /* "name=seccomp,profile=default" */
	struct strlist insecure_registries; /* non-default CIDRs, index names with Secure false */
	struct strlist authz_plugins;	    /* Plugins.Authorization */
	long long containers_total, containers_running;
	char *swarm_state; /* Swarm.LocalNodeState: "inactive", "active", ... */
	int swarm_active;  /* Swarm.LocalNodeState == "active" */
	struct swarm_facts swarm;

	struct daemon_network *networks;
	size_t nnetworks;
	size_t plugins; /* managed plugins, GET /plugins */

	/* Images on the daemon (GET /images/json) and the ones containers use. */
	size_t images_total;
	size_t images_in_use; /* listed images used by at least one container */

	/* Policy parameters the section 5/6 checks read (copied by cmd_daemon.c). */
	long max_unused_images;		     /* CIS 6.1 threshold, 0 = default */
	long max_stopped_containers;	     /* CIS 6.2 threshold, 0 = default */
	const struct strlist *allowed_ports; /* CIS 5.9, borrowed; NULL = none */
	int exec_checks;		     /* --exec-checks: container processes were listed */
};

/* A mount from Mounts[] of GET /containers/{id}/json. */
struct container_mount {
	char *type;   /* "bind", "volume", "tmpfs", "npipe" */
	char *source; /* host path for binds */
	char *destination;
	char *propagation; /* "", "rprivate", "shared", "rshared" ... */
	int rw;
};

/* A published port from HostConfig.PortBindings. */
struct container_port {
	char *container_port; /* "80/tcp" */
	char *host_ip;	      /* "" means all interfaces */
	char *host_port;      /* "8080", may be "" (random) */
};

/* A live exec instance (GET /exec/{id}/json). */
struct container_exec {
	char *id;
	int privileged;
	char *user;
};

struct container {
	char *id;	/* full id */
	char *short_id; /* 12 hex digits */
	char *name;	/* without the leading "/" */
	char *image;	/* Config.Image as the user wrote it */
	char *image_id; /* Image "sha256:..." */
	char *state;	/* State.Status: "running", "created", "exited" ... */
	int running;
	char *apparmor_profile; /* AppArmorProfile */
	int has_health;		/* State.Health present */
	char *health_status;	/* State.Health.Status */
	char *user;		/* Config.User */

	/* HostConfig */
	int privileged;
	int readonly_rootfs;
	struct strlist cap_add, cap_drop;
	struct strlist security_opt;
	struct strlist devices; /* "PathOnHost:PathInContainer" */
	struct strlist ulimits; /* "nofile=1024:2048" */
	char *network_mode, *pid_mode, *ipc_mode, *uts_mode, *userns_mode;
	char *cgroup_parent;
	long long memory;
	long long cpu_shares;
	long long nano_cpus;
	long long pids_limit;  /* 0 or -1 = unlimited */
	char *restart_policy;  /* RestartPolicy.Name, "" = no */
	long long restart_max; /* RestartPolicy.MaximumRetryCount */

	struct container_mount *mounts;
	size_t nmounts;
	struct container_port *ports;
	size_t nports;
	struct strlist networks; /* NetworkSettings.Networks keys */

	struct container_exec *execs; /* live exec instances */
	size_t nexecs;
	int processes_known;	  /* --exec-checks: GET /containers/{id}/top was read */
	struct strlist processes; /* command lines of the processes */
};

/* Is Swarm mode active on this daemon? 0 for NULL. */
int daemon_facts_swarm_active(const struct daemon_facts *);
/* Is "name=NAME" (or "name=NAME,...") among /info SecurityOptions? */
int daemon_facts_security_option(const struct daemon_facts *, const char *name);
/* Does the daemon API in use have at least version 1.minor? */
int daemon_facts_api_at_least(const struct daemon_facts *, int minor);
void daemon_facts_free(struct daemon_facts *);
void container_release(struct container *);
void containers_free(struct container *, size_t n);

#endif
