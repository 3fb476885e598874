/*
 * daemon_client.h - the Engine API client source_daemon.c runs its pass on
 * (daemon_client.c, libcurl): how to reach the daemon, one request and its
 * answer, a queue of requests run concurrently. Not an API for other
 * modules: they use source_daemon.h.
 */
#ifndef DAEMON_CLIENT_H
#define DAEMON_CLIENT_H

#include "dockgate.h"
#include "buf.h"
#include "json.h"

#include <curl/curl.h>

struct daemon_options;
struct daemon_facts;

/* How to reach the daemon. */
struct dclient {
	char *endpoint; /* as shown to users */
	char *socket;	/* unix socket path, or NULL for TCP */
	char *base;	/* "http://localhost" or "https://host:2376" */
	int tcp, tls, verify;
	char *cacert, *cert, *key;
	long timeout_ms;
	size_t max_response;
	int max_connections;
	char prefix[16]; /* "/v1.43" once negotiated */
	CURLM *multi;
};

/* One request and its answer. */
struct dreq {
	char *path; /* with the version prefix, as sent */
	struct buf body;
	long status;
	CURLcode rc;
	long os_errno;
	int too_large;
	char api_header[16]; /* Api-Version response header */
	char errbuf[CURL_ERROR_SIZE];
	struct dclient *client;
	CURL *easy;
	int kind;     /* what the pass asked for (enum req_kind) */
	size_t index; /* which container / image */
};

/*
 * Requests in flight order. A finished request may push more (a container
 * list pushes its inspections), so they start without waiting for slower
 * daemon-wide answers such as /version.
 */
struct dqueue {
	struct dreq **v;
	size_t n, alloc, next;
};

/* Called for each finished request; -1 stops launching new ones. */
typedef int (*dreq_done_fn)(void *ctx, struct dreq *);

/* Parse the endpoint and the TLS settings (flags, then DOCKER_* variables). */
int daemon_client_init(struct dclient *c, const struct daemon_options *o, struct errbuf *err);

/* Free what daemon_client_init() allocated. */
void daemon_client_release(struct dclient *c);

/* GET /_ping (header Api-Version), else /version ApiVersion: choose the prefix. */
int daemon_client_negotiate(struct dclient *c, struct daemon_facts *d, struct errbuf *err);

/* Fail early with a clear message when the socket is missing or not ours. */
int daemon_client_precheck(const struct dclient *c, struct errbuf *err);

/* Run the queue with at most max_connections requests in flight. */
void daemon_client_run(struct dclient *c, struct dqueue *q, dreq_done_fn done, void *ctx);

/* TLS settings of the client on an easy handle. */
void daemon_client_tls(const struct dclient *c, CURL *e);

/* Queue GET fmt... (versioned) for the pass as kind/index; the queue owns it. */
struct dreq *daemon_client_push(struct dqueue *q, struct dclient *c, int kind, size_t index,
				const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Free the queue and every request in it. */
void daemon_client_queue_release(struct dqueue *q);

/* A fetched JSON value of the expected type, or NULL with err set. */
struct json_object *daemon_client_json_type(const struct dreq *r, json_type want,
					    struct errbuf *err);

/* Percent-encode a path segment (image names hold "/" and ":"). */
char *daemon_client_url_segment(const char *s);

#endif
