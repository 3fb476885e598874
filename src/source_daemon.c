/*
 * source_daemon.c - the Docker Engine API client (libcurl) and the one pass
 * that turns its answers into daemon, container and image facts.
 *
 * The pass: GET /_ping (API version), then concurrently /version, /info,
 * /containers/json, /images/json, /networks, /plugins; then concurrently
 * every container and image inspection (and the Swarm endpoints when Swarm
 * is active); then live exec instances and, with --exec-checks, container
 * process lists. Every response is capped in size and time.
 */
#include "source_daemon.h"
#include "source_daemon_json.h"
#include "source.h"
#include "facts_daemon.h"
#include "json.h"
#include "buf.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_SOCKET "/var/run/docker.sock"
#define DEFAULT_TIMEOUT 30.0
#define DEFAULT_MAX_RESPONSE ((size_t)64 << 20)
/* API versions: paths use min(daemon, API_MAX); below API_MIN we give up. */
#define API_MAX_MINOR 45
#define API_MIN_MINOR 22

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

static int curl_ready;

char *source_daemon_endpoint(const char *host)
{
	const char *env = getenv("DOCKER_HOST");
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	struct stat st;

	if (host && *host)
		return xstrdup(host);
	if (env && *env)
		return xstrdup(env);
	/* Rootless dockerd listens in the user's runtime dir. */
	if (stat(DEFAULT_SOCKET, &st) < 0 && xdg && *xdg) {
		char *p = xstrfmt("%s/docker.sock", xdg);

		if (stat(p, &st) == 0) {
			char *url = xstrfmt("unix://%s", p);

			free(p);
			return url;
		}
		free(p);
	}
	return xstrdup("unix://" DEFAULT_SOCKET);
}

/*
 * Concurrent requests: the daemon answers inspections on its own cores, so
 * two per CPU, between 4 and 8 (more only queue up inside dockerd).
 */
static int default_connections(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 2)
		return 4;
	return n > 4 ? 8 : (int)(2 * n);
}

/* First readable file of dir/name, or NULL (owned). */
static char *cert_file(const char *given, const char *dir, const char *name)
{
	if (given)
		return xstrdup(given);
	if (dir && *dir) {
		char *p = xstrfmt("%s/%s", dir, name);

		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

static void dclient_release(struct dclient *c)
{
	free(c->endpoint);
	free(c->socket);
	free(c->base);
	free(c->cacert);
	free(c->cert);
	free(c->key);
	if (c->multi)
		curl_multi_cleanup(c->multi);
}

/* Parse the endpoint and the TLS settings (flags, then DOCKER_* variables). */
static int dclient_init(struct dclient *c, const struct daemon_options *o, struct errbuf *err)
{
	const char *env_verify = getenv("DOCKER_TLS_VERIFY");
	const char *cert_path = getenv("DOCKER_CERT_PATH");
	const char *home = getenv("HOME");
	char *home_certs = NULL;
	const char *url;

	memset(c, 0, sizeof(*c));
	c->endpoint = source_daemon_endpoint(o->host);
	c->timeout_ms = (long)((o->timeout > 0 ? o->timeout : DEFAULT_TIMEOUT) * 1000);
	c->max_response = o->max_response ? o->max_response : DEFAULT_MAX_RESPONSE;
	c->max_connections = o->max_connections > 0 ? o->max_connections : default_connections();
	url = c->endpoint;
	if (!strncmp(url, "unix://", 7)) {
		if (!url[7])
			return err_set(err, "daemon address '%s' has no socket path", url);
		c->socket = xstrdup(url + 7);
		c->base = xstrdup("http://localhost");
		return 0;
	}
	if (!strncmp(url, "tcp://", 6) || !strncmp(url, "http://", 7) ||
	    !strncmp(url, "https://", 8)) {
		const char *hostport = strstr(url, "://") + 3;
		size_t len = strcspn(hostport, "/");

		if (!len)
			return err_set(err, "daemon address '%s' has no host", url);
		c->tcp = 1;
		c->verify = o->tlsverify || (env_verify && *env_verify) || o->tlscacert;
		c->tls = c->verify || o->tlscert || o->tlskey || !strncmp(url, "https://", 8);
		if (!cert_path || !*cert_path) {
			if (home && *home)
				home_certs = xstrfmt("%s/.docker", home);
			cert_path = home_certs;
		}
		if (c->tls) {
			c->cacert = cert_file(o->tlscacert, cert_path, "ca.pem");
			c->cert = cert_file(o->tlscert, cert_path, "cert.pem");
			c->key = cert_file(o->tlskey, cert_path, "key.pem");
		}
		free(home_certs);
		/* Docker's defaults: 2376 with TLS, 2375 without. */
		if (memchr(hostport, ':', len) || (len && hostport[0] == '['))
			c->base = xstrfmt("%s://%.*s", c->tls ? "https" : "http", (int)len,
					  hostport);
		else
			c->base = xstrfmt("%s://%.*s:%d", c->tls ? "https" : "http", (int)len,
					  hostport, c->tls ? 2376 : 2375);
		return 0;
	}
	return err_set(err, "daemon address '%s' is not unix://PATH or tcp://HOST:PORT", url);
}

static size_t dreq_write(char *p, size_t size, size_t n, void *ud)
{
	struct dreq *r = ud;
	size_t len = size * n;

	if (r->body.len + len > r->client->max_response) {
		r->too_large = 1;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	buf_add(&r->body, p, len);
	return len;
}

static size_t dreq_header(char *p, size_t size, size_t n, void *ud)
{
	struct dreq *r = ud;
	size_t len = size * n;

	if (len > 12 && !strncasecmp(p, "Api-Version:", 12)) {
		size_t i = 12, j = 0;

		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		while (i < len && j + 1 < sizeof(r->api_header) && p[i] != '\r' && p[i] != '\n')
			r->api_header[j++] = p[i++];
		r->api_header[j] = '\0';
	}
	return len;
}

/* TLS settings of the client on an easy handle. */
static void dclient_tls(const struct dclient *c, CURL *e)
{
	if (!c->tls)
		return;
	if (c->cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->cacert);
	if (c->cert)
		curl_easy_setopt(e, CURLOPT_SSLCERT, c->cert);
	if (c->key)
		curl_easy_setopt(e, CURLOPT_SSLKEY, c->key);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, c->verify ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, c->verify ? 2L : 0L);
}

/* A configured easy handle for path (relative to the versioned base). */
static CURL *dreq_easy(struct dclient *c, struct dreq *r)
{
	CURL *e = curl_easy_init();
	char *url;

	if (!e)
		die("out of memory");
	url = xstrfmt("%s%s", c->base, r->path);
	curl_easy_setopt(e, CURLOPT_URL, url);
	free(url);
	if (c->socket)
		curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, c->socket);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, dreq_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, dreq_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "dockgate/" DOCKGATE_VERSION);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_response);
	dclient_tls(c, e);
	r->client = c;
	r->easy = e;
	return e;
}

static void dreq_init(struct dreq *r, struct dclient *c, int versioned, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void dreq_init(struct dreq *r, struct dclient *c, int versioned, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	memset(r, 0, sizeof(*r));
	if (versioned)
		buf_adds(&b, c->prefix);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->path = buf_detach(&b);
	r->client = c;
}

static void dreq_release(struct dreq *r)
{
	free(r->path);
	buf_release(&r->body);
	memset(r, 0, sizeof(*r));
}

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

static struct dreq *dqueue_push(struct dqueue *q, struct dclient *c, int kind, size_t index,
				const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static struct dreq *dqueue_push(struct dqueue *q, struct dclient *c, int kind, size_t index,
				const char *fmt, ...)
{
	struct dreq *r = xcalloc(1, sizeof(*r));
	struct buf b = BUF_INIT;
	va_list ap;

	buf_adds(&b, c->prefix);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->path = buf_detach(&b);
	r->client = c;
	r->kind = kind;
	r->index = index;
	ALLOC_GROW(q->v, q->n + 1, q->alloc);
	q->v[q->n++] = r;
	return r;
}

static void dqueue_release(struct dqueue *q)
{
	for (size_t i = 0; i < q->n; i++) {
		dreq_release(q->v[i]);
		free(q->v[i]);
	}
	free(q->v);
	memset(q, 0, sizeof(*q));
}

/* Run the queue with at most max_connections requests in flight. */
static void dclient_run(struct dclient *c, struct dqueue *q, dreq_done_fn done, void *ctx)
{
	size_t active = 0;
	int stop = 0;

	while ((!stop && q->next < q->n) || active) {
		int running, left;
		CURLMsg *m;

		while (!stop && q->next < q->n && active < (size_t)c->max_connections) {
			struct dreq *r = q->v[q->next++];
			CURL *e = dreq_easy(c, r);

			curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)r);
			curl_multi_add_handle(c->multi, e);
			active++;
		}
		curl_multi_perform(c->multi, &running);
		while ((m = curl_multi_info_read(c->multi, &left))) {
			struct dreq *r = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
			r->rc = m->data.result;
			curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &r->status);
			curl_easy_getinfo(m->easy_handle, CURLINFO_OS_ERRNO, &r->os_errno);
			curl_multi_remove_handle(c->multi, m->easy_handle);
			curl_easy_cleanup(m->easy_handle);
			r->easy = NULL;
			active--;
			if (done && done(ctx, r) < 0)
				stop = 1;
		}
		if (active && running)
			curl_multi_poll(c->multi, NULL, 0, 1000, NULL);
	}
}

/* One request, waited for (the API version handshake). */
static void dclient_fetch_one(struct dclient *c, struct dreq *r)
{
	struct dqueue q = { NULL, 0, 0, 0 };

	ALLOC_GROW(q.v, 1, q.alloc);
	q.v[q.n++] = r;
	dclient_run(c, &q, NULL, NULL);
	free(q.v);
}

/* The "message" of a daemon error body, bounded and on one line (owned). */
static char *error_message(const struct dreq *r)
{
	struct errbuf ignored;
	struct json_object *o = json_parse_buf(r->body.s ? r->body.s : "", r->body.len, "",
					       &ignored);
	const char *msg = o ? json_get_str(o, "message") : NULL;
	struct buf b = BUF_INIT;

	if (!msg)
		msg = r->body.s ? r->body.s : "";
	for (size_t i = 0; msg[i] && i < 200; i++)
		buf_addc(&b, (msg[i] == '\n' || msg[i] == '\r' || msg[i] == '\t') ? ' '
			     : (unsigned char)msg[i] < 0x20			  ? '?'
										  : msg[i]);
	while (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	json_object_put(o);
	return buf_detach(&b);
}

/* Turn a failed request into one line; 0 when it succeeded (2xx). */
static int dreq_check(const struct dreq *r, struct errbuf *err)
{
	const struct dclient *c = r->client;

	if (r->too_large)
		return err_set(err, "GET %s at '%s': response larger than %zu MiB (cap)", r->path,
			       c->endpoint, c->max_response >> 20);
	switch (r->rc) {
	case CURLE_OK:
		break;
	case CURLE_COULDNT_CONNECT:
		if (r->os_errno == EACCES)
			return err_set(
				err,
				"permission denied connecting to the Docker daemon at '%s': add your user to the 'docker' group or run with sudo",
				c->endpoint);
		if (r->os_errno == ENOENT)
			return err_set(
				err,
				"cannot connect to the Docker daemon at '%s': socket does not exist (is dockerd running? set -H or DOCKER_HOST)",
				c->endpoint);
		if (r->os_errno == ECONNREFUSED)
			return err_set(
				err,
				"cannot connect to the Docker daemon at '%s': connection refused (is dockerd running?)",
				c->endpoint);
		return err_set(err, "cannot connect to the Docker daemon at '%s': %s", c->endpoint,
			       r->errbuf[0] ? r->errbuf : curl_easy_strerror(r->rc));
	case CURLE_OPERATION_TIMEDOUT:
		return err_set(err, "GET %s at '%s': no answer within %.3g s (--timeout)", r->path,
			       c->endpoint, c->timeout_ms / 1000.0);
	case CURLE_FILESIZE_EXCEEDED:
		return err_set(err, "GET %s at '%s': response larger than %zu MiB (cap)", r->path,
			       c->endpoint, c->max_response >> 20);
	default:
		return err_set(err, "GET %s at '%s': %s", r->path, c->endpoint,
			       r->errbuf[0] ? r->errbuf : curl_easy_strerror(r->rc));
	}
	if (r->status < 200 || r->status >= 300) {
		char *msg = error_message(r);

		err_set(err, "daemon at '%s' answered HTTP %ld to GET %s%s%s", c->endpoint,
			r->status, r->path, *msg ? ": " : "", msg);
		free(msg);
		return -1;
	}
	return 0;
}

/* Parse a successful response; NULL with "GET path:line:col: ..." in err. */
static struct json_object *dreq_json(const struct dreq *r, struct errbuf *err)
{
	char *label;
	struct json_object *o;

	if (dreq_check(r, err) < 0)
		return NULL;
	label = xstrfmt("GET %s", r->path);
	o = json_parse_buf(r->body.s ? r->body.s : "", r->body.len, label, err);
	free(label);
	return o;
}

/* A fetched JSON value of the expected type, or NULL with err set. */
static struct json_object *dreq_json_type(const struct dreq *r, json_type want, struct errbuf *err)
{
	struct json_object *o = dreq_json(r, err);

	if (o && !json_object_is_type(o, want)) {
		err_set(err, "GET %s: expected a JSON %s", r->path,
			want == json_type_array ? "array" : "object");
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* Fail early with a clear message when the socket is missing or not ours. */
static int dclient_precheck(const struct dclient *c, struct errbuf *err)
{
	struct stat st;

	if (!c->socket)
		return 0;
	if (stat(c->socket, &st) < 0) {
		if (errno == EACCES)
			return err_set(
				err,
				"permission denied connecting to the Docker daemon at '%s': add your user to the 'docker' group or run with sudo",
				c->endpoint);
		return err_set(
			err,
			"cannot connect to the Docker daemon at '%s': socket does not exist (is dockerd running? set -H or DOCKER_HOST)",
			c->endpoint);
	}
	if (!S_ISSOCK(st.st_mode))
		return err_set(err, "cannot connect to the Docker daemon at '%s': not a socket",
			       c->endpoint);
	if (access(c->socket, R_OK | W_OK) < 0 && errno == EACCES)
		return err_set(
			err,
			"permission denied connecting to the Docker daemon at '%s': add your user to the 'docker' group or run with sudo",
			c->endpoint);
	return 0;
}

/* "1.43" -> 43; -1 when not "1.N". */
static int api_minor(const char *v)
{
	long n;
	char *end;

	if (!v || strncmp(v, "1.", 2))
		return -1;
	errno = 0;
	n = strtol(v + 2, &end, 10);
	if (errno || end == v + 2 || *end || n < 0 || n > 1000)
		return -1;
	return (int)n;
}

/* GET /_ping (header Api-Version), else /version ApiVersion: choose the prefix. */
static int dclient_negotiate(struct dclient *c, struct daemon_facts *d, struct errbuf *err)
{
	struct dreq r;
	int minor, ret = -1;

	dreq_init(&r, c, 0, "/_ping");
	dclient_fetch_one(c, &r);
	if (dreq_check(&r, err) < 0 && (r.rc != CURLE_OK || r.status != 404))
		goto out;
	minor = api_minor(r.api_header);
	if (minor < 0) {
		struct json_object *v;

		dreq_release(&r);
		dreq_init(&r, c, 0, "/version");
		dclient_fetch_one(c, &r);
		if (!(v = dreq_json_type(&r, json_type_object, err)))
			goto out;
		minor = api_minor(json_get_str(v, "ApiVersion"));
		json_object_put(v);
		if (minor < 0) {
			err_set(err,
				"daemon at '%s' does not report its API version (GET /_ping, /version)",
				c->endpoint);
			goto out;
		}
	}
	if (minor < API_MIN_MINOR) {
		err_set(err,
			"daemon at '%s' speaks API 1.%d, older than 1.%d, the oldest dockgate supports",
			c->endpoint, minor, API_MIN_MINOR);
		goto out;
	}
	if (minor > API_MAX_MINOR)
		minor = API_MAX_MINOR;
	snprintf(c->prefix, sizeof(c->prefix), "/v1.%d", minor);
	d->api_minor = minor;
	d->api_version = xstrfmt("1.%d", minor);
	ret = 0;
out:
	dreq_release(&r);
	return ret;
}

/* Percent-encode a path segment (image names hold "/" and ":"). */
static char *url_segment(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch))
			buf_addc(&b, (char)ch);
		else
			buf_addf(&b, "%%%02X", ch);
	}
	return buf_detach(&b);
}

/* What a request of the pass asks for. */
enum req_kind {
	K_VERSION,
	K_INFO,
	K_CONTAINERS,
	K_IMAGES,
	K_NETWORKS,
	K_PLUGINS,
	K_SWARM,
	K_NODES,
	K_SERVICES,
	K_SECRETS,
	K_CONFIGS,
	K_CONTAINER,
	K_IMAGE,
	K_HISTORY,
	K_EXEC,
	K_TOP,
};
#define K_SINGLETONS (K_CONFIGS + 1)

/* An image being inspected: both answers are needed. */
struct image_slot {
	struct json_object *inspect, *history;
	int failed;
};

/* The state of one pass. */
struct pass {
	struct run *run;
	const struct daemon_options *opts;
	struct dclient client;
	struct daemon_facts *d;
	struct dqueue q;
	struct errbuf *err;
	int fatal;
	/* Parsed daemon-wide answers, by kind. */
	struct json_object *single[K_SINGLETONS];
	struct strlist container_ids; /* to inspect, in list order */
	struct container *slots;      /* their inspections */
	char *slot_ok;
	struct strlist image_ids;
	struct image_slot *images;
};

static void pass_note(struct pass *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void pass_note(struct pass *p, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (p->opts->notes)
		strlist_push_owned(p->opts->notes, buf_detach(&b));
	else
		buf_release(&b);
}

static void pass_release(struct pass *p)
{
	for (size_t i = 0; i < K_SINGLETONS; i++)
		json_object_put(p->single[i]);
	if (p->slots)
		containers_free(p->slots, p->container_ids.n);
	free(p->slot_ok);
	for (size_t i = 0; p->images && i < p->image_ids.n; i++) {
		json_object_put(p->images[i].inspect);
		json_object_put(p->images[i].history);
	}
	free(p->images);
	strlist_clear(&p->container_ids);
	strlist_clear(&p->image_ids);
	dqueue_release(&p->q);
}

/* A daemon-wide failure: stop the pass with this message. */
static int pass_fatal(struct pass *p, const struct errbuf *e)
{
	if (!p->fatal) {
		p->fatal = 1;
		if (e != p->err)
			*p->err = *e;
	}
	return -1;
}

/*
 * A failed request about one item: a lost connection or timeout ends the
 * pass (the daemon is gone); anything else makes the run incomplete and
 * the pass goes on.
 */
static int pass_item_failed(struct pass *p, const struct dreq *r, const char *what,
			    const struct errbuf *e)
{
	if (r->rc != CURLE_OK)
		return pass_fatal(p, e);
	run_add_error(p->run, what, "%s", e->msg);
	return 0;
}

/* Both lists are in: choose what to inspect and queue it. */
static void pass_pick(struct pass *p)
{
	struct json_object *cl = p->single[K_CONTAINERS], *il = p->single[K_IMAGES];
	size_t nc = json_object_array_length(cl), ni = json_object_array_length(il);
	struct strlist used = { 0 };

	for (size_t i = 0; i < nc; i++) {
		struct json_object *c = json_object_array_get_idx(cl, i);
		const char *id = json_get_str(c, "Id"), *state = json_get_str(c, "State");
		const char *img = json_get_str(c, "ImageID");

		if (img && !strlist_has(&used, img))
			strlist_push(&used, img);
		/* Ids go into URLs: hex only. */
		if (!id || !*id || strspn(id, "0123456789abcdef") != strlen(id))
			continue;
		if (p->opts->all_containers || (state && !strcmp(state, "running")))
			strlist_push(&p->container_ids, id);
	}
	for (size_t i = 0; i < ni; i++) {
		const char *id = json_get_str(json_object_array_get_idx(il, i), "Id");

		if (!id)
			continue;
		p->d->images_total++;
		if (strlist_has(&used, id))
			p->d->images_in_use++;
		if (!p->opts->images || !p->opts->images->n)
			strlist_push(&p->image_ids, id);
	}
	strlist_clear(&used);
	if (p->opts->images)
		for (size_t i = 0; i < p->opts->images->n; i++)
			strlist_push(&p->image_ids, p->opts->images->v[i]);
	p->slots = xcalloc(p->container_ids.n + 1, sizeof(*p->slots));
	p->slot_ok = xcalloc(p->container_ids.n + 1, 1);
	p->images = xcalloc(p->image_ids.n + 1, sizeof(*p->images));
	for (size_t i = 0; i < p->container_ids.n; i++)
		dqueue_push(&p->q, &p->client, K_CONTAINER, i, "/containers/%s/json",
			    p->container_ids.v[i]);
	for (size_t i = 0; i < p->image_ids.n; i++) {
		char *seg = url_segment(p->image_ids.v[i]);

		dqueue_push(&p->q, &p->client, K_IMAGE, i, "/images/%s/json", seg);
		dqueue_push(&p->q, &p->client, K_HISTORY, i, "/images/%s/history", seg);
		free(seg);
	}
}

/* A daemon-wide answer: parse it now; some of them queue more requests. */
static int pass_single(struct pass *p, struct dreq *r)
{
	json_type want = (r->kind == K_VERSION || r->kind == K_INFO || r->kind == K_SWARM)
				 ? json_type_object
				 : json_type_array;
	struct json_object *v;

	/* Podman and old daemons have no managed plugins endpoint. */
	if (r->kind == K_PLUGINS && r->rc == CURLE_OK && (r->status == 404 || r->status == 501))
		return 0;
	if (!(v = dreq_json_type(r, want, p->err))) {
		if (r->kind >= K_SWARM) {
			run_add_error(p->run, "swarm", "%s", p->err->msg);
			return r->rc != CURLE_OK ? pass_fatal(p, p->err) : 0;
		}
		return pass_fatal(p, p->err);
	}
	p->single[r->kind] = v;
	if (r->kind == K_INFO) {
		daemon_json_info(p->d, v);
		if (p->d->swarm_active && p->d->swarm.control_available) {
			dqueue_push(&p->q, &p->client, K_SWARM, 0, "/swarm");
			dqueue_push(&p->q, &p->client, K_NODES, 0, "/nodes");
			dqueue_push(&p->q, &p->client, K_SERVICES, 0, "/services");
			dqueue_push(&p->q, &p->client, K_SECRETS, 0, "/secrets");
			dqueue_push(&p->q, &p->client, K_CONFIGS, 0, "/configs");
		}
	}
	if ((r->kind == K_CONTAINERS || r->kind == K_IMAGES) && p->single[K_CONTAINERS] &&
	    p->single[K_IMAGES])
		pass_pick(p);
	return 0;
}

/* A container inspection: parse it into its slot, queue execs and top. */
static int pass_container(struct pass *p, struct dreq *r)
{
	const char *id = p->container_ids.v[r->index];
	struct container *c = &p->slots[r->index];
	struct json_object *v;
	char *what;
	int ret;

	if (r->rc == CURLE_OK && r->status == 404) {
		pass_note(p, "container '%.12s' was removed during the audit; skipped", id);
		return 0;
	}
	if (!(v = dreq_json_type(r, json_type_object, p->err))) {
		what = xstrfmt("container '%.12s'", id);
		ret = pass_item_failed(p, r, what, p->err);
		free(what);
		return ret;
	}
	daemon_json_container(c, v);
	json_object_put(v);
	p->slot_ok[r->index] = 1;
	for (size_t j = 0; j < c->nexecs; j++)
		dqueue_push(&p->q, &p->client, K_EXEC, r->index, "/exec/%s/json", c->execs[j].id);
	if (p->opts->exec_checks && c->running)
		dqueue_push(&p->q, &p->client, K_TOP, r->index, "/containers/%s/top", id);
	return 0;
}

/* An image inspection or history: kept until the image is assembled. */
static int pass_image(struct pass *p, struct dreq *r)
{
	struct image_slot *s = &p->images[r->index];
	json_type want = r->kind == K_IMAGE ? json_type_object : json_type_array;
	struct json_object *v;
	char *what;
	int ret;

	if (s->failed)
		return 0;
	if (r->rc == CURLE_OK && r->status == 404 && !(p->opts->images && p->opts->images->n)) {
		if (r->kind == K_IMAGE)
			pass_note(p, "image '%.19s' was removed during the audit; skipped",
				  p->image_ids.v[r->index]);
		s->failed = 1;
		return 0;
	}
	if (!(v = dreq_json_type(r, want, p->err))) {
		if (r->status == 404)
			err_set(p->err, "no such image on the daemon");
		s->failed = 1;
		what = xstrfmt("image '%s'", p->image_ids.v[r->index]);
		ret = pass_item_failed(p, r, what, p->err);
		free(what);
		return ret;
	}
	if (r->kind == K_IMAGE)
		s->inspect = v;
	else
		s->history = v;
	return 0;
}

/* A live exec instance or a process list of one container. */
static int pass_container_extra(struct pass *p, struct dreq *r)
{
	struct container *c = &p->slots[r->index];
	struct json_object *v;
	char *what;
	int ret;

	/* An exec or container that ended meanwhile is no finding. */
	if (r->rc == CURLE_OK && (r->status == 404 || r->status == 409))
		return 0;
	if (!(v = dreq_json_type(r, json_type_object, p->err))) {
		what = xstrfmt("container '%s'", c->name);
		ret = pass_item_failed(p, r, what, p->err);
		free(what);
		return ret;
	}
	if (r->kind == K_EXEC)
		daemon_json_exec(c, v);
	else
		daemon_json_top(c, v);
	json_object_put(v);
	return 0;
}

static int pass_done(void *ctx, struct dreq *r)
{
	struct pass *p = ctx;
	int ret;

	if (p->fatal)
		return -1;
	switch (r->kind) {
	case K_CONTAINER:
		ret = pass_container(p, r);
		break;
	case K_IMAGE:
	case K_HISTORY:
		ret = pass_image(p, r);
		break;
	case K_EXEC:
	case K_TOP:
		ret = pass_container_extra(p, r);
		break;
	default:
		ret = pass_single(p, r);
		break;
	}
	/* Answers are parsed: their bytes are no longer needed. */
	buf_release(&r->body);
	return ret;
}

/*
 * The whole pass: the daemon-wide endpoints, then (as soon as the lists
 * are in) every inspection, concurrently; then the facts in list order.
 */
static int pass_run(struct pass *p, struct errbuf *err)
{
	struct facts *f = &p->run->facts;

	p->err = err;
	dqueue_push(&p->q, &p->client, K_CONTAINERS, 0, "/containers/json?all=1");
	dqueue_push(&p->q, &p->client, K_IMAGES, 0, "/images/json");
	dqueue_push(&p->q, &p->client, K_VERSION, 0, "/version");
	dqueue_push(&p->q, &p->client, K_INFO, 0, "/info");
	dqueue_push(&p->q, &p->client, K_NETWORKS, 0, "/networks");
	dqueue_push(&p->q, &p->client, K_PLUGINS, 0, "/plugins");
	dclient_run(&p->client, &p->q, pass_done, p);
	if (p->fatal)
		return -1;
	daemon_json_version(p->d, p->single[K_VERSION]);
	daemon_json_networks(p->d, p->single[K_NETWORKS]);
	p->d->plugins = p->single[K_PLUGINS] ? json_object_array_length(p->single[K_PLUGINS]) : 0;
	if (p->single[K_SWARM] && p->single[K_NODES] && p->single[K_SERVICES] &&
	    p->single[K_SECRETS] && p->single[K_CONFIGS])
		daemon_json_swarm(p->d, p->single[K_SWARM], p->single[K_NODES],
				  p->single[K_SERVICES], p->single[K_SECRETS],
				  p->single[K_CONFIGS]);
	f->containers = xcalloc(p->container_ids.n + 1, sizeof(*f->containers));
	for (size_t i = 0; i < p->container_ids.n; i++) {
		if (!p->slot_ok[i])
			continue;
		f->containers[f->ncontainers++] = p->slots[i];
		memset(&p->slots[i], 0, sizeof(p->slots[i]));
	}
	for (size_t i = 0; i < p->image_ids.n; i++) {
		struct image_slot *s = &p->images[i];

		if (!s->failed && s->inspect && s->history)
			daemon_json_image(facts_add_image(f), s->inspect, s->history);
	}
	return 0;
}

/* Stream state for GET /images/{name}/get into the tarball reader. */
struct stream {
	struct dclient *client;
	CURLM *multi;
	CURL *easy;
	struct buf chunk;
	struct buf error_body;
	long status;
	int done;
	CURLcode rc;
	char errbuf[CURL_ERROR_SIZE];
};

static size_t stream_write(char *ptr, size_t size, size_t n, void *ud)
{
	struct stream *s = ud;
	size_t len = size * n;

	if (!s->status)
		curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &s->status);
	if (s->status >= 300) {
		if (s->error_body.len < 4096)
			buf_add(&s->error_body, ptr, len);
		return len;
	}
	buf_add(&s->chunk, ptr, len);
	return len;
}

/* tarball_reader_fn: pump curl until some bytes arrived or the body ended. */
static long stream_read(void *ctx, const void **out)
{
	struct stream *s = ctx;

	buf_reset(&s->chunk);
	while (!s->chunk.len && !s->done) {
		int running;
		CURLMsg *m;
		int left;

		curl_multi_perform(s->multi, &running);
		while ((m = curl_multi_info_read(s->multi, &left))) {
			if (m->msg == CURLMSG_DONE) {
				s->rc = m->data.result;
				s->done = 1;
			}
		}
		if (!s->chunk.len && !s->done)
			curl_multi_poll(s->multi, NULL, 0, 1000, NULL);
	}
	if (s->chunk.len) {
		*out = s->chunk.s;
		return (long)s->chunk.len;
	}
	return (s->rc != CURLE_OK || s->status >= 300) ? -1 : 0;
}

/* GET /images/{ref}/get streamed into the tarball reader; 0 or -1 with err. */
static int stream_image(struct pass *p, const char *ref, const char *label, struct errbuf *err)
{
	struct tarball_options to;
	struct stream s;
	char *seg = url_segment(ref);
	char *path = xstrfmt("%s/images/%s/get", p->client.prefix, seg);
	char *url = xstrfmt("%s%s", p->client.base, path);
	int ret;

	tarball_options_init(&to);
	memset(&s, 0, sizeof(s));
	s.client = &p->client;
	s.multi = curl_multi_init();
	s.easy = curl_easy_init();
	if (!s.multi || !s.easy)
		die("out of memory");
	curl_easy_setopt(s.easy, CURLOPT_URL, url);
	if (p->client.socket)
		curl_easy_setopt(s.easy, CURLOPT_UNIX_SOCKET_PATH, p->client.socket);
	curl_easy_setopt(s.easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s.easy, CURLOPT_CONNECTTIMEOUT_MS, p->client.timeout_ms);
	/* A whole image takes long: stall detection instead of a total limit. */
	curl_easy_setopt(s.easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(s.easy, CURLOPT_LOW_SPEED_TIME, (p->client.timeout_ms + 999) / 1000);
	curl_easy_setopt(s.easy, CURLOPT_WRITEFUNCTION, stream_write);
	curl_easy_setopt(s.easy, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(s.easy, CURLOPT_ERRORBUFFER, s.errbuf);
	dclient_tls(&p->client, s.easy);
	curl_multi_add_handle(s.multi, s.easy);
	ret = source_tarball_read_stream(p->run, label, stream_read, &s, &to, err);
	if (ret == 0 && s.status >= 300)
		ret = err_set(err, "daemon at '%s' answered HTTP %ld to GET %s", p->client.endpoint,
			      s.status, path);
	else if (ret == 0 && s.done && s.rc != CURLE_OK)
		ret = err_set(err, "GET %s at '%s': %s", path, p->client.endpoint,
			      s.errbuf[0] ? s.errbuf : curl_easy_strerror(s.rc));
	curl_multi_remove_handle(s.multi, s.easy);
	curl_easy_cleanup(s.easy);
	curl_multi_cleanup(s.multi);
	buf_release(&s.chunk);
	buf_release(&s.error_body);
	free(seg);
	free(path);
	free(url);
	return ret;
}

/*
 * Step 4: stream each inspected image (by its first tag, so the archive
 * carries the name) into the tarball reader, which adds images with their
 * files. The config-only image stays when the stream added nothing.
 */
static void pass_stream_images(struct pass *p)
{
	struct facts *f = &p->run->facts;
	struct image *plain = f->images;
	size_t n = f->nimages;

	f->images = NULL;
	f->nimages = 0;
	for (size_t i = 0; i < n; i++) {
		struct image *img = &plain[i];
		const char *ref = img->repo_tags.n && strcmp(img->repo_tags.v[0], "<none>:<none>")
					  ? img->repo_tags.v[0]
					  : img->id;
		struct errbuf err = { "" };
		char *where = xstrfmt("image '%s'", img->ref);
		size_t before = f->nimages;

		if (stream_image(p, ref, img->ref, &err) < 0)
			run_add_error(p->run, where, "%s", err.msg);
		if (f->nimages == before)
			*facts_add_image(f) = *img;
		else
			image_release(img);
		free(where);
	}
	free(plain);
}

int source_daemon_read(struct run *r, const struct daemon_options *o, struct errbuf *err)
{
	struct pass p;
	int ret = -1;

	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT))
			return err_set(err, "cannot initialize libcurl");
		curl_ready = 1;
	}
	memset(&p, 0, sizeof(p));
	p.run = r;
	p.opts = o;
	if (dclient_init(&p.client, o, err) < 0)
		goto out;
	if (dclient_precheck(&p.client, err) < 0)
		goto out;
	p.client.multi = curl_multi_init();
	if (!p.client.multi)
		die("out of memory");
	curl_multi_setopt(p.client.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			  (long)p.client.max_connections);
	p.d = xcalloc(1, sizeof(*p.d));
	p.d->endpoint = xstrdup(p.client.endpoint);
	p.d->tcp = p.client.tcp;
	p.d->tls = p.client.tls;
	p.d->tls_verify = p.client.verify;
	p.d->exec_checks = o->exec_checks;
	if (dclient_negotiate(&p.client, p.d, err) < 0 || pass_run(&p, err) < 0)
		goto out;
	p.d->display = xstrfmt("%s %s (API %s) at %s", p.d->product,
			       p.d->version ? p.d->version : "?", p.d->api_version, p.d->endpoint);
	r->facts.daemon = p.d;
	p.d = NULL;
	if (o->image_files && r->facts.nimages)
		pass_stream_images(&p);
	ret = 0;
out:
	daemon_facts_free(p.d);
	pass_release(&p);
	dclient_release(&p.client);
	return ret;
}
