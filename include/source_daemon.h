/*
 * source_daemon.h - the live daemon source: one pass over the Docker Engine
 * API (unix socket, TCP, TCP+TLS) that fills run->facts with the daemon,
 * its containers and its images. source_daemon.c and the client under it
 * (daemon_client.c) are the only files that know HTTP (libcurl).
 */
#ifndef SOURCE_DAEMON_H
#define SOURCE_DAEMON_H

#include "dockgate.h"
#include "engine.h"

struct daemon_options {
	const char *host; /* -H URL; NULL = $DOCKER_HOST, then the default socket */
	int tlsverify;	  /* --tlsverify */
	const char *tlscacert, *tlscert, *tlskey;
	int all_containers;	      /* --containers all */
	double timeout;		      /* seconds per request (connect and total), 0 = 30 */
	const struct strlist *images; /* --images: only these, with their files */
	int image_files;	      /* stream images into the tarball reader */
	int exec_checks;	      /* list container processes (CIS 5.7) */
	size_t max_response;	      /* bytes per response, 0 = 64 MiB */
	int max_connections;	      /* concurrent requests, 0 = 2 per CPU, 4 to 8 */
	struct strlist *notes; /* out: things skipped on purpose ("container x disappeared") */
};

/* The socket or URL that would be used: -H, $DOCKER_HOST, rootless, default. Owned. */
char *source_daemon_endpoint(const char *host);

/*
 * Read the daemon once. Returns -1 with a one-line message in err when the
 * daemon cannot be audited at all (unreachable, timeout, HTTP error or
 * malformed JSON on a daemon-wide endpoint, API too old). Problems with one
 * container or image go to run_add_error() and the read goes on; a
 * container removed between list and inspect is a note, not an error.
 */
int source_daemon_read(struct run *, const struct daemon_options *, struct errbuf *err);

#endif
