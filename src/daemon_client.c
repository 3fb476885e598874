/*
 * daemon_client.c - the Engine API client under source_daemon.c (libcurl):
 * the endpoint and TLS settings, requests with capped bodies and timeouts,
 * a queue run with bounded concurrency, error messages that name the
 * endpoint and HTTP status, API version negotiation.
 */
#include "daemon_client.h"
#include "source_daemon.h"
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

#define DEFAULT_TIMEOUT 30.0
#define DEFAULT_MAX_RESPONSE ((size_t)64 << 20)
/* API versions: paths use min(daemon, API_MAX); below API_MIN we give up. */
#define API_MAX_MINOR 45
#define API_MIN_MINOR 22

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

/* Free what daemon_client_init() allocated. */
void daemon_client_release(struct dclient *c)
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
int daemon_client_init(struct dclient *c, const struct daemon_options *o, struct errbuf *err)
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
void daemon_client_tls(const struct dclient *c, CURL *e)
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
	daemon_client_tls(c, e);
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

/* Queue GET fmt... (versioned) for the pass as kind/index; the queue owns it. */
struct dreq *daemon_client_push(struct dqueue *q, struct dclient *c, int kind, size_t index,
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

/* Free the queue and every request in it. */
void daemon_client_queue_release(struct dqueue *q)
{
	for (size_t i = 0; i < q->n; i++) {
		dreq_release(q->v[i]);
		free(q->v[i]);
	}
	free(q->v);
	memset(q, 0, sizeof(*q));
}

/* Run the queue with at most max_connections requests in flight. */
void daemon_client_run(struct dclient *c, struct dqueue *q, dreq_done_fn done, void *ctx)
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
	daemon_client_run(c, &q, NULL, NULL);
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
struct json_object *daemon_client_json_type(const struct dreq *r, json_type want,
					    struct errbuf *err)
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
int daemon_client_precheck(const struct dclient *c, struct errbuf *err)
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
int daemon_client_negotiate(struct dclient *c, struct daemon_facts *d, struct errbuf *err)
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
		if (!(v = daemon_client_json_type(&r, json_type_object, err)))
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
char *daemon_client_url_segment(const char *s)
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
