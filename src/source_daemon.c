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
#define DEFAULT_CONNECTIONS 8
/* API versions: paths use min(daemon, API_MAX); below API_MIN we give up. */
#define API_MAX_MINOR 45
#define API_MIN_MINOR 22
#define MAX_EXECS 16

/* How to reach the daemon. */
struct dclient {
	char *endpoint;		/* as shown to users */
	char *socket;		/* unix socket path, or NULL for TCP */
	char *base;		/* "http://localhost" or "https://host:2376" */
	int tcp, tls, verify;
	char *cacert, *cert, *key;
	long timeout_ms;
	size_t max_response;
	int max_connections;
	char prefix[16];	/* "/v1.43" once negotiated */
	CURLM *multi;
};

/* One request and its answer. */
struct dreq {
	char *path;		/* with the version prefix, as sent */
	struct buf body;
	long status;
	CURLcode rc;
	long os_errno;
	int too_large;
	char api_header[16];	/* Api-Version response header */
	char errbuf[CURL_ERROR_SIZE];
	struct dclient *client;
	CURL *easy;
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
	c->max_connections = o->max_connections > 0 ? o->max_connections : DEFAULT_CONNECTIONS;
	url = c->endpoint;
	if (!strncmp(url, "unix://", 7)) {
		if (!url[7])
			return err_set(err, "daemon address '%s' has no socket path", url);
		c->socket = xstrdup(url + 7);
		c->base = xstrdup("http://localhost");
		return 0;
	}
	if (!strncmp(url, "tcp://", 6) || !strncmp(url, "http://", 7) || !strncmp(url, "https://", 8)) {
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
			c->base = xstrfmt("%s://%.*s", c->tls ? "https" : "http", (int)len, hostport);
		else
			c->base = xstrfmt("%s://%.*s:%d", c->tls ? "https" : "http", (int)len, hostport,
					  c->tls ? 2376 : 2375);
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
		return 0;	/* aborts the transfer with CURLE_WRITE_ERROR */
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
	if (c->tls) {
		if (c->cacert)
			curl_easy_setopt(e, CURLOPT_CAINFO, c->cacert);
		if (c->cert)
			curl_easy_setopt(e, CURLOPT_SSLCERT, c->cert);
		if (c->key)
			curl_easy_setopt(e, CURLOPT_SSLKEY, c->key);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, c->verify ? 1L : 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, c->verify ? 2L : 0L);
	}
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

/* Collect what finished on the multi handle; returns how many finished. */
static size_t dclient_reap(struct dclient *c)
{
	CURLMsg *m;
	int left;
	size_t done = 0;

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
		done++;
	}
	return done;
}

/*
 * Run requests v[0..n) with at most max_connections in flight. Each gets
 * its status and body; errors are judged by dreq_check().
 */
static void dclient_fetch(struct dclient *c, struct dreq *v, size_t n)
{
	size_t next = 0, active = 0;

	while (next < n || active) {
		int running;

		while (next < n && active < (size_t)c->max_connections) {
			CURL *e = dreq_easy(c, &v[next]);

			curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)&v[next]);
			curl_multi_add_handle(c->multi, e);
			next++;
			active++;
		}
		curl_multi_perform(c->multi, &running);
		active -= dclient_reap(c);
		if (active && running)
			curl_multi_poll(c->multi, NULL, 0, 1000, NULL);
	}
}

/* The "message" of a daemon error body, bounded and on one line (owned). */
static char *error_message(const struct dreq *r)
{
	struct errbuf ignored;
	struct json_object *o = json_parse_buf(r->body.s ? r->body.s : "", r->body.len, "", &ignored);
	const char *msg = o ? json_get_str(o, "message") : NULL;
	struct buf b = BUF_INIT;

	if (!msg)
		msg = r->body.s ? r->body.s : "";
	for (size_t i = 0; msg[i] && i < 200; i++)
		buf_addc(&b, (msg[i] == '\n' || msg[i] == '\r' || msg[i] == '\t') ? ' ' :
			     (unsigned char)msg[i] < 0x20 ? '?' : msg[i]);
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
			return err_set(err, "permission denied connecting to the Docker daemon at '%s': add your user to the 'docker' group or run with sudo",
				       c->endpoint);
		if (r->os_errno == ENOENT)
			return err_set(err, "cannot connect to the Docker daemon at '%s': socket does not exist (is dockerd running? set -H or DOCKER_HOST)",
				       c->endpoint);
		if (r->os_errno == ECONNREFUSED)
			return err_set(err, "cannot connect to the Docker daemon at '%s': connection refused (is dockerd running?)",
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

		err_set(err, "daemon at '%s' answered HTTP %ld to GET %s%s%s", c->endpoint, r->status,
			r->path, *msg ? ": " : "", msg);
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
		err_set(err, "GET %s: expected a JSON %s", r->path, want == json_type_array ? "array" : "object");
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
			return err_set(err, "permission denied connecting to the Docker daemon at '%s': add your user to the 'docker' group or run with sudo",
				       c->endpoint);
		return err_set(err, "cannot connect to the Docker daemon at '%s': socket does not exist (is dockerd running? set -H or DOCKER_HOST)",
			       c->endpoint);
	}
	if (!S_ISSOCK(st.st_mode))
		return err_set(err, "cannot connect to the Docker daemon at '%s': not a socket", c->endpoint);
	if (access(c->socket, R_OK | W_OK) < 0 && errno == EACCES)
		return err_set(err, "permission denied connecting to the Docker daemon at '%s': add your user to the 'docker' group or run with sudo",
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
	dclient_fetch(c, &r, 1);
	if (dreq_check(&r, err) < 0 && (r.rc != CURLE_OK || r.status != 404))
		goto out;
	minor = api_minor(r.api_header);
	if (minor < 0) {
		struct json_object *v;

		dreq_release(&r);
		dreq_init(&r, c, 0, "/version");
		dclient_fetch(c, &r, 1);
		if (!(v = dreq_json_type(&r, json_type_object, err)))
			goto out;
		minor = api_minor(json_get_str(v, "ApiVersion"));
		json_object_put(v);
		if (minor < 0) {
			err_set(err, "daemon at '%s' does not report its API version (GET /_ping, /version)",
				c->endpoint);
			goto out;
		}
	}
	if (minor < API_MIN_MINOR) {
		err_set(err, "daemon at '%s' speaks API 1.%d, older than 1.%d, the oldest dockgate supports",
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

static char *dup_str(struct json_object *o, const char *key)
{
	const char *s = json_get_str(o, key);

	return s ? xstrdup(s) : NULL;
}

static void push_strings(struct strlist *l, struct json_object *arr)
{
	size_t n;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return;
	n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);

		if (json_object_is_type(e, json_type_string))
			strlist_push(l, json_object_get_string(e));
	}
}

/* /version: product, version, experimental; Podman names itself in Components. */
static void parse_version(struct daemon_facts *d, struct json_object *v)
{
	struct json_object *comps = json_get_array(v, "Components");
	const char *exp;

	d->version = dup_str(v, "Version");
	d->os = dup_str(v, "Os");
	d->kernel_version = dup_str(v, "KernelVersion");
	if (json_get_bool(v, "Experimental", 0))
		d->experimental = 1;
	for (size_t i = 0; comps && i < json_object_array_length(comps); i++) {
		struct json_object *c = json_object_array_get_idx(comps, i);
		const char *name = json_get_str(c, "Name");

		if (name && strstr(name, "Podman"))
			d->podman = 1;
		exp = json_get_str(json_get_object(c, "Details"), "Experimental");
		if (name && !strcmp(name, "Engine") && exp && !strcmp(exp, "true"))
			d->experimental = 1;
	}
	d->product = xstrdup(d->podman ? "Podman" : "Docker");
}

static int is_default_insecure(const char *cidr)
{
	return !strcmp(cidr, "127.0.0.0/8") || !strcmp(cidr, "::1/128");
}

/* /info: security options, drivers, registries, swarm state, counts. */
static void parse_info(struct daemon_facts *d, struct json_object *v)
{
	struct json_object *reg = json_get_object(v, "RegistryConfig");
	struct json_object *swarm = json_get_object(v, "Swarm");
	struct json_object *idx = json_get_object(reg, "IndexConfigs");
	struct json_object *cidrs = json_get_array(reg, "InsecureRegistryCIDRs");

	d->storage_driver = dup_str(v, "Driver");
	d->logging_driver = dup_str(v, "LoggingDriver");
	d->cgroup_driver = dup_str(v, "CgroupDriver");
	d->live_restore = json_get_bool(v, "LiveRestoreEnabled", 0);
	d->debug = json_get_bool(v, "Debug", 0);
	if (json_get_bool(v, "ExperimentalBuild", 0))
		d->experimental = 1;
	push_strings(&d->security_options, json_get_array(v, "SecurityOptions"));
	push_strings(&d->authz_plugins, json_get_array(json_get_object(v, "Plugins"), "Authorization"));
	d->containers_total = json_get_int(v, "Containers", 0);
	d->containers_running = json_get_int(v, "ContainersRunning", 0);
	for (size_t i = 0; cidrs && i < json_object_array_length(cidrs); i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(cidrs, i));

		if (s && !is_default_insecure(s))
			strlist_push(&d->insecure_registries, s);
	}
	if (idx) {
		json_object_object_foreach(idx, key, val) {
			if (!json_get_bool(val, "Secure", 1) && !strlist_has(&d->insecure_registries, key))
				strlist_push(&d->insecure_registries, key);
		}
	}
	d->swarm_state = dup_str(swarm, "LocalNodeState");
	d->swarm_active = d->swarm_state && !strcmp(d->swarm_state, "active");
	d->swarm.node_addr = dup_str(swarm, "NodeAddr");
	d->swarm.control_available = json_get_bool(swarm, "ControlAvailable", 0);
}

static const char *option_str(struct json_object *opts, const char *key)
{
	return opts ? json_get_str(opts, key) : NULL;
}

static void parse_networks(struct daemon_facts *d, struct json_object *arr)
{
	size_t n = json_object_array_length(arr);

	d->networks = xcalloc(n ? n : 1, sizeof(*d->networks));
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct json_object *opts = json_get_object(o, "Options");
		struct daemon_network *net = &d->networks[d->nnetworks++];
		const char *s;

		net->id = dup_str(o, "Id");
		net->name = dup_str(o, "Name");
		net->driver = dup_str(o, "Driver");
		net->scope = dup_str(o, "Scope");
		if ((s = option_str(opts, "com.docker.network.bridge.name")))
			net->bridge_name = xstrdup(s);
		if ((s = option_str(opts, "com.docker.network.bridge.enable_icc")))
			net->enable_icc = xstrdup(s);
		net->encrypted = opts && json_get(opts, "encrypted") != NULL;
		s = option_str(opts, "com.docker.network.bridge.default_bridge");
		net->is_default_bridge = (s && !strcmp(s, "true")) ||
			(net->name && !strcmp(net->name, "bridge") && net->driver && !strcmp(net->driver, "bridge"));
	}
}

/* Swarm endpoints: /swarm, /nodes, /services, /secrets, /configs. */
static void parse_swarm(struct daemon_facts *d, struct json_object *sw, struct json_object *nodes,
			struct json_object *services, struct json_object *secrets, struct json_object *configs)
{
	struct json_object *spec = json_get_object(sw, "Spec");

	d->swarm.known = 1;
	d->swarm.node_cert_expiry_ns = json_get_int(json_get_object(spec, "CAConfig"), "NodeCertExpiry", 0);
	d->swarm.autolock = json_get_bool(json_get_object(spec, "EncryptionConfig"), "AutoLockManagers", 0);
	d->swarm.nodes = json_object_array_length(nodes);
	for (size_t i = 0; i < d->swarm.nodes; i++) {
		struct json_object *n = json_object_array_get_idx(nodes, i);
		const char *role = json_get_str(json_get_object(n, "Spec"), "Role");

		if (role && !strcmp(role, "manager"))
			d->swarm.managers++;
		if (json_get_bool(json_get_object(n, "ManagerStatus"), "Leader", 0))
			d->swarm.leaders++;
	}
	d->swarm.services = json_object_array_length(services);
	d->swarm.secrets = json_object_array_length(secrets);
	d->swarm.configs = json_object_array_length(configs);
}

static void parse_mounts(struct container *c, struct json_object *arr)
{
	size_t n = arr ? json_object_array_length(arr) : 0;

	c->mounts = xcalloc(n ? n : 1, sizeof(*c->mounts));
	for (size_t i = 0; i < n; i++) {
		struct json_object *m = json_object_array_get_idx(arr, i);
		struct container_mount *cm = &c->mounts[c->nmounts++];

		cm->type = dup_str(m, "Type");
		cm->source = dup_str(m, "Source");
		cm->destination = dup_str(m, "Destination");
		cm->propagation = dup_str(m, "Propagation");
		cm->rw = json_get_bool(m, "RW", 1);
	}
}

static void parse_ports(struct container *c, struct json_object *bindings)
{
	size_t alloc = 0;

	if (!bindings)
		return;
	json_object_object_foreach(bindings, port, list) {
		size_t n;

		if (!list || !json_object_is_type(list, json_type_array))
			continue;
		n = json_object_array_length(list);
		for (size_t i = 0; i < n; i++) {
			struct json_object *b = json_object_array_get_idx(list, i);
			struct container_port *p;
			const char *ip = json_get_str(b, "HostIp"), *hp = json_get_str(b, "HostPort");

			ALLOC_GROW(c->ports, c->nports + 1, alloc);
			p = &c->ports[c->nports++];
			p->container_port = xstrdup(port);
			p->host_ip = xstrdup(ip ? ip : "");
			p->host_port = xstrdup(hp ? hp : "");
		}
	}
}

static void parse_host_config(struct container *c, struct json_object *hc)
{
	struct json_object *rp = json_get_object(hc, "RestartPolicy");
	struct json_object *arr, *pl;

	c->privileged = json_get_bool(hc, "Privileged", 0);
	c->readonly_rootfs = json_get_bool(hc, "ReadonlyRootfs", 0);
	push_strings(&c->cap_add, json_get_array(hc, "CapAdd"));
	push_strings(&c->cap_drop, json_get_array(hc, "CapDrop"));
	push_strings(&c->security_opt, json_get_array(hc, "SecurityOpt"));
	arr = json_get_array(hc, "Devices");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *dv = json_object_array_get_idx(arr, i);
		const char *h = json_get_str(dv, "PathOnHost"), *ct = json_get_str(dv, "PathInContainer");

		strlist_push_owned(&c->devices, xstrfmt("%s:%s", h ? h : "", ct ? ct : ""));
	}
	arr = json_get_array(hc, "Ulimits");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *u = json_object_array_get_idx(arr, i);
		const char *name = json_get_str(u, "Name");

		strlist_push_owned(&c->ulimits, xstrfmt("%s=%lld:%lld", name ? name : "",
							json_get_int(u, "Soft", 0), json_get_int(u, "Hard", 0)));
	}
	c->network_mode = dup_str(hc, "NetworkMode");
	c->pid_mode = dup_str(hc, "PidMode");
	c->ipc_mode = dup_str(hc, "IpcMode");
	c->uts_mode = dup_str(hc, "UTSMode");
	c->userns_mode = dup_str(hc, "UsernsMode");
	c->cgroup_parent = dup_str(hc, "CgroupParent");
	c->memory = json_get_int(hc, "Memory", 0);
	c->cpu_shares = json_get_int(hc, "CpuShares", 0);
	c->nano_cpus = json_get_int(hc, "NanoCpus", 0);
	/* PidsLimit is null, 0 or -1 when unlimited. */
	pl = json_get(hc, "PidsLimit");
	c->pids_limit = pl && json_object_is_type(pl, json_type_int) ? json_object_get_int64(pl) : 0;
	c->restart_policy = dup_str(rp, "Name");
	c->restart_max = json_get_int(rp, "MaximumRetryCount", 0);
	parse_ports(c, json_get_object(hc, "PortBindings"));
}

/* GET /containers/{id}/json into a container. */
static void parse_container(struct container *c, struct json_object *v)
{
	struct json_object *state = json_get_object(v, "State");
	struct json_object *health = json_get_object(state, "Health");
	struct json_object *config = json_get_object(v, "Config");
	struct json_object *nets = json_get_object(json_get_object(v, "NetworkSettings"), "Networks");
	const char *id = json_get_str(v, "Id"), *name = json_get_str(v, "Name");
	struct json_object *execs;
	size_t ne;

	c->id = xstrdup(id ? id : "");
	c->short_id = xstrndup(c->id, 12);
	if (name && *name == '/')
		name++;
	c->name = xstrdup(name && *name ? name : c->short_id);
	c->image = dup_str(config, "Image");
	c->image_id = dup_str(v, "Image");
	c->state = dup_str(state, "Status");
	c->running = json_get_bool(state, "Running", 0);
	c->apparmor_profile = dup_str(v, "AppArmorProfile");
	c->has_health = health != NULL;
	c->health_status = dup_str(health, "Status");
	c->user = dup_str(config, "User");
	parse_host_config(c, json_get_object(v, "HostConfig"));
	parse_mounts(c, json_get_array(v, "Mounts"));
	/* Live exec instances, inspected in step 3 (a few are plenty). */
	execs = json_get_array(v, "ExecIDs");
	ne = execs ? json_object_array_length(execs) : 0;
	if (ne > MAX_EXECS)
		ne = MAX_EXECS;
	c->execs = xcalloc(ne ? ne : 1, sizeof(*c->execs));
	for (size_t i = 0; i < ne; i++) {
		const char *eid = json_object_get_string(json_object_array_get_idx(execs, i));

		if (eid && *eid && strspn(eid, "0123456789abcdef") == strlen(eid))
			c->execs[c->nexecs++].id = xstrdup(eid);
	}
	if (nets) {
		json_object_object_foreach(nets, key, val) {
			(void)val;
			strlist_push(&c->networks, key);
		}
	}
}

/* "2024-01-02T03:04:05Z" from epoch seconds (owned). */
static char *rfc3339(long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[32];

	if (t <= 0 || !gmtime_r(&tt, &tm))
		return NULL;
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(s);
}

static void parse_image_config(struct image_config *ic, struct json_object *cfg)
{
	struct json_object *o;
	size_t alloc = 0;

	ic->user = dup_str(cfg, "User");
	push_strings(&ic->env, json_get_array(cfg, "Env"));
	if ((o = json_get_object(cfg, "ExposedPorts"))) {
		json_object_object_foreach(o, k, v) {
			(void)v;
			strlist_push(&ic->exposed_ports, k);
		}
	}
	if ((o = json_get_object(cfg, "Volumes"))) {
		json_object_object_foreach(o, k, v) {
			(void)v;
			strlist_push(&ic->volumes, k);
		}
	}
	if ((o = json_get_object(cfg, "Healthcheck"))) {
		ic->has_healthcheck = 1;
		push_strings(&ic->healthcheck, json_get_array(o, "Test"));
	}
	if ((o = json_get_object(cfg, "Labels"))) {
		json_object_object_foreach(o, k, v) {
			ALLOC_GROW(ic->labels, ic->nlabels + 1, alloc);
			ic->labels[ic->nlabels].key = xstrdup(k);
			ic->labels[ic->nlabels].value = xstrdup(json_object_get_string(v));
			ic->nlabels++;
		}
	}
	push_strings(&ic->entrypoint, json_get_array(cfg, "Entrypoint"));
	push_strings(&ic->cmd, json_get_array(cfg, "Cmd"));
	ic->workdir = dup_str(cfg, "WorkingDir");
}

/*
 * GET /images/{id}/history lists steps newest first and does not say which
 * made a layer: a "#(nop)" step or one of size 0 beyond the layer count is
 * taken as empty.
 */
static void parse_history(struct image *img, struct json_object *arr)
{
	size_t n = json_object_array_length(arr);
	size_t layer = 0;

	img->history = xcalloc(n ? n : 1, sizeof(*img->history));
	for (size_t k = 0; k < n; k++) {
		struct json_object *h = json_object_array_get_idx(arr, n - 1 - k);
		struct history_step *s = &img->history[img->nhistory++];
		const char *by = json_get_str(h, "CreatedBy");

		s->created_by = xstrdup(by ? by : "");
		s->created = rfc3339(json_get_int(h, "Created", 0));
		s->empty_layer = strstr(s->created_by, "#(nop)") != NULL ||
			(json_get_int(h, "Size", 0) == 0 && layer >= img->nlayers);
		s->layer = -1;
		if (!s->empty_layer && layer < img->nlayers) {
			s->layer = (int)layer;
			img->layers[layer].history = (int)(img->nhistory - 1);
			layer++;
		}
	}
}

/* GET /images/{id}/json (+ history) into a struct image with files_known = 0. */
static void parse_image(struct image *img, struct json_object *v, struct json_object *hist)
{
	struct json_object *layers = json_get_array(json_get_object(v, "RootFS"), "Layers");
	const char *id = json_get_str(v, "Id");
	size_t nl = layers ? json_object_array_length(layers) : 0;

	img->id = xstrdup(id ? id : "");
	img->source = xstrdup("daemon");
	push_strings(&img->repo_tags, json_get_array(v, "RepoTags"));
	for (size_t i = 0; i < img->repo_tags.n; i++) {
		if (strcmp(img->repo_tags.v[i], "<none>:<none>")) {
			img->ref = xstrdup(img->repo_tags.v[i]);
			img->name = image_name_from_ref(img->ref);
			break;
		}
	}
	if (!img->ref) {
		const char *hex = strncmp(img->id, "sha256:", 7) ? img->id : img->id + 7;

		img->ref = xstrndup(hex, 12);
		img->name = xstrdup(img->ref);
	}
	parse_image_config(&img->config, json_get_object(v, "Config"));
	img->config.os = dup_str(v, "Os");
	img->config.architecture = dup_str(v, "Architecture");
	img->layers = xcalloc(nl ? nl : 1, sizeof(*img->layers));
	for (size_t i = 0; i < nl; i++) {
		const char *diff = json_object_get_string(json_object_array_get_idx(layers, i));
		struct image_layer *l = &img->layers[img->nlayers++];

		l->digest = xstrdup(diff ? diff : "");
		l->diff_id = xstrdup(diff ? diff : "");
		l->compression = xstrdup("none");
		l->history = -1;
	}
	if (hist)
		parse_history(img, hist);
	img->files_known = 0;
}

/* Percent-encode a path segment (image names hold "/" and ":"). */
static char *url_segment(const char *s)
{
	struct buf b = BUF_INIT;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    strchr("-._~", ch))
			buf_addc(&b, (char)ch);
		else
			buf_addf(&b, "%%%02X", ch);
	}
	return buf_detach(&b);
}

/* The state of one pass. */
struct pass {
	struct run *run;
	const struct daemon_options *opts;
	struct dclient client;
	struct daemon_facts *d;
	struct strlist image_ids;	/* images to inspect (ids or --images names) */
	struct strlist container_ids;	/* containers to inspect */
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

/* /containers/json: pick what to inspect; remember which images are in use. */
static void pick_containers(struct pass *p, struct json_object *list, struct strlist *used_images)
{
	size_t n = json_object_array_length(list);

	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(list, i);
		const char *id = json_get_str(c, "Id"), *state = json_get_str(c, "State");
		const char *img = json_get_str(c, "ImageID");

		if (img && !strlist_has(used_images, img))
			strlist_push(used_images, img);
		if (!id)
			continue;
		if (p->opts->all_containers || (state && !strcmp(state, "running")))
			strlist_push(&p->container_ids, id);
	}
}

/* /images/json: every image id, and how many some container uses. */
static void pick_images(struct pass *p, struct json_object *list, const struct strlist *used)
{
	size_t n = json_object_array_length(list);

	for (size_t i = 0; i < n; i++) {
		const char *id = json_get_str(json_object_array_get_idx(list, i), "Id");

		if (!id)
			continue;
		p->d->images_total++;
		if (strlist_has(used, id))
			p->d->images_in_use++;
		if (!p->opts->images || !p->opts->images->n)
			strlist_push(&p->image_ids, id);
	}
	if (p->opts->images)
		for (size_t i = 0; i < p->opts->images->n; i++)
			strlist_push(&p->image_ids, p->opts->images->v[i]);
}

/* Step 1: the daemon-wide endpoints, concurrently. */
static int pass_daemon(struct pass *p, struct errbuf *err)
{
	enum { R_VERSION, R_INFO, R_CONTAINERS, R_IMAGES, R_NETWORKS, R_PLUGINS, R_N };
	struct dreq r[R_N];
	struct json_object *v[R_N] = { NULL };
	struct strlist used = { 0 };
	int ret = -1;

	dreq_init(&r[R_VERSION], &p->client, 1, "/version");
	dreq_init(&r[R_INFO], &p->client, 1, "/info");
	dreq_init(&r[R_CONTAINERS], &p->client, 1, "/containers/json?all=1");
	dreq_init(&r[R_IMAGES], &p->client, 1, "/images/json");
	dreq_init(&r[R_NETWORKS], &p->client, 1, "/networks");
	dreq_init(&r[R_PLUGINS], &p->client, 1, "/plugins");
	dclient_fetch(&p->client, r, R_N);
	for (int i = 0; i < R_N; i++) {
		json_type want = i <= R_INFO ? json_type_object : json_type_array;

		/* Podman and old daemons have no managed plugins endpoint. */
		if (i == R_PLUGINS && r[i].rc == CURLE_OK && (r[i].status == 404 || r[i].status == 501))
			continue;
		if (!(v[i] = dreq_json_type(&r[i], want, err)))
			goto out;
	}
	parse_version(p->d, v[R_VERSION]);
	parse_info(p->d, v[R_INFO]);
	parse_networks(p->d, v[R_NETWORKS]);
	p->d->plugins = v[R_PLUGINS] ? json_object_array_length(v[R_PLUGINS]) : 0;
	pick_containers(p, v[R_CONTAINERS], &used);
	pick_images(p, v[R_IMAGES], &used);
	ret = 0;
out:
	for (int i = 0; i < R_N; i++) {
		json_object_put(v[i]);
		dreq_release(&r[i]);
	}
	strlist_clear(&used);
	return ret;
}

/* Record a per-item error: the run is incomplete but the pass goes on. */
static void pass_item_error(struct pass *p, const char *what, const struct errbuf *err)
{
	run_add_error(p->run, what, "%s", err->msg);
}

/*
 * Step 2: every container and image inspection and, on a Swarm manager,
 * the Swarm endpoints, concurrently. Containers go to facts in list order.
 */
static int pass_inspect(struct pass *p, struct errbuf *err)
{
	size_t nc = p->container_ids.n, ni = p->image_ids.n;
	int swarm = p->d->swarm_active && p->d->swarm.control_available;
	size_t nsw = swarm ? 5 : 0;
	size_t n = nc + 2 * ni + nsw, k = 0;
	struct dreq *r = xcalloc(n ? n : 1, sizeof(*r));
	struct facts *f = &p->run->facts;
	int ret = -1;

	for (size_t i = 0; i < nc; i++)
		dreq_init(&r[k++], &p->client, 1, "/containers/%s/json", p->container_ids.v[i]);
	for (size_t i = 0; i < ni; i++) {
		char *seg = url_segment(p->image_ids.v[i]);

		dreq_init(&r[k++], &p->client, 1, "/images/%s/json", seg);
		dreq_init(&r[k++], &p->client, 1, "/images/%s/history", seg);
		free(seg);
	}
	if (swarm) {
		dreq_init(&r[k++], &p->client, 1, "/swarm");
		dreq_init(&r[k++], &p->client, 1, "/nodes");
		dreq_init(&r[k++], &p->client, 1, "/services");
		dreq_init(&r[k++], &p->client, 1, "/secrets");
		dreq_init(&r[k++], &p->client, 1, "/configs");
	}
	dclient_fetch(&p->client, r, n);

	f->containers = xcalloc(nc ? nc : 1, sizeof(*f->containers));
	for (size_t i = 0; i < nc; i++) {
		struct json_object *v;
		char *what;

		if (r[i].rc == CURLE_OK && r[i].status == 404) {
			pass_note(p, "container '%.12s' was removed during the audit; skipped",
				  p->container_ids.v[i]);
			continue;
		}
		if (!(v = dreq_json_type(&r[i], json_type_object, err))) {
			/* The daemon itself is gone: nothing else will work either. */
			if (r[i].rc != CURLE_OK)
				goto out;
			what = xstrfmt("container '%.12s'", p->container_ids.v[i]);
			pass_item_error(p, what, err);
			free(what);
			continue;
		}
		parse_container(&f->containers[f->ncontainers++], v);
		json_object_put(v);
	}
	for (size_t i = 0; i < ni; i++) {
		struct dreq *ri = &r[nc + 2 * i], *rh = ri + 1;
		struct json_object *v, *h = NULL;
		char *what = xstrfmt("image '%s'", p->image_ids.v[i]);

		if (ri->rc == CURLE_OK && ri->status == 404 && !(p->opts->images && p->opts->images->n)) {
			pass_note(p, "image '%.19s' was removed during the audit; skipped", p->image_ids.v[i]);
		} else if (!(v = dreq_json_type(ri, json_type_object, err)) ||
			   !(h = dreq_json_type(rh, json_type_array, err))) {
			if (ri->rc != CURLE_OK || rh->rc != CURLE_OK) {
				free(what);
				goto out;
			}
			if (ri->status == 404)
				err_set(err, "no such image on the daemon");
			pass_item_error(p, what, err);
			json_object_put(v);
		} else {
			parse_image(facts_add_image(f), v, h);
			json_object_put(v);
			json_object_put(h);
		}
		free(what);
	}
	if (swarm) {
		struct json_object *sv[5] = { NULL };
		int ok = 1;

		for (size_t i = 0; i < 5; i++) {
			json_type want = i ? json_type_array : json_type_object;

			if (!(sv[i] = dreq_json_type(&r[nc + 2 * ni + i], want, err)))
				ok = 0;
		}
		if (ok)
			parse_swarm(p->d, sv[0], sv[1], sv[2], sv[3], sv[4]);
		else
			run_add_error(p->run, "swarm", "%s", err->msg);
		for (size_t i = 0; i < 5; i++)
			json_object_put(sv[i]);
	}
	ret = 0;
out:
	for (size_t i = 0; i < n; i++)
		dreq_release(&r[i]);
	free(r);
	return ret;
}

/* The "Processes" of GET /containers/{id}/top: one command line per row. */
static void parse_top(struct container *c, struct json_object *v)
{
	struct json_object *titles = json_get_array(v, "Titles");
	struct json_object *procs = json_get_array(v, "Processes");
	size_t col = 0, nt = titles ? json_object_array_length(titles) : 0;

	for (size_t i = 0; i < nt; i++) {
		const char *t = json_object_get_string(json_object_array_get_idx(titles, i));

		if (t && (!strcmp(t, "CMD") || !strcmp(t, "COMMAND")))
			col = i;
	}
	c->processes_known = 1;
	for (size_t i = 0; procs && i < json_object_array_length(procs); i++) {
		struct json_object *row = json_object_array_get_idx(procs, i);
		const char *cmd = json_object_get_string(json_object_array_get_idx(row, col));

		if (cmd)
			strlist_push(&c->processes, cmd);
	}
}

/* Step 3: live exec instances and, with --exec-checks, process lists. */
static int pass_execs(struct pass *p, struct errbuf *err)
{
	struct facts *f = &p->run->facts;
	struct dreq *r = NULL;
	size_t *owner = NULL, n = 0, alloc = 0, nexec_req;
	int ret = -1;

	for (size_t i = 0; i < f->ncontainers; i++) {
		struct container *c = &f->containers[i];

		for (size_t j = 0; j < c->nexecs; j++) {
			ALLOC_GROW(r, n + 1, alloc);
			owner = xrealloc(owner, alloc * sizeof(*owner));
			dreq_init(&r[n], &p->client, 1, "/exec/%s/json", c->execs[j].id);
			owner[n++] = i;
		}
	}
	nexec_req = n;
	if (p->opts->exec_checks) {
		for (size_t i = 0; i < f->ncontainers; i++) {
			if (!f->containers[i].running)
				continue;
			ALLOC_GROW(r, n + 1, alloc);
			owner = xrealloc(owner, alloc * sizeof(*owner));
			dreq_init(&r[n], &p->client, 1, "/containers/%s/top", f->containers[i].id);
			owner[n++] = i;
		}
	}
	if (!n)
		return 0;
	dclient_fetch(&p->client, r, n);
	for (size_t i = 0; i < n; i++) {
		struct container *c = &f->containers[owner[i]];
		struct json_object *v;

		/* An exec or container that ended meanwhile is no finding. */
		if (r[i].rc == CURLE_OK && (r[i].status == 404 || r[i].status == 409))
			continue;
		if (!(v = dreq_json_type(&r[i], json_type_object, err))) {
			char *what;

			if (r[i].rc != CURLE_OK)
				goto out;
			what = xstrfmt("container '%s'", c->name);
			pass_item_error(p, what, err);
			free(what);
			continue;
		}
		if (i < nexec_req) {
			struct json_object *pc = json_get_object(v, "ProcessConfig");
			const char *id = json_get_str(v, "ID");

			for (size_t j = 0; j < c->nexecs; j++) {
				if (id && strcmp(c->execs[j].id, id))
					continue;
				c->execs[j].privileged = json_get_bool(pc, "privileged", 0);
				c->execs[j].user = dup_str(pc, "user");
				break;
			}
		} else {
			parse_top(c, v);
		}
		json_object_put(v);
	}
	ret = 0;
out:
	for (size_t i = 0; i < n; i++)
		dreq_release(&r[i]);
	free(r);
	free(owner);
	return ret;
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

/* Step 4: GET /images/{name}/get for each image whose files are wanted. */
static void pass_stream_images(struct pass *p)
{
	struct facts *f = &p->run->facts;
	size_t nimg = f->nimages;
	struct strlist refs = { 0 };
	struct tarball_options to;

	tarball_options_init(&to);
	/* The config-only images are replaced by what the tarball reader finds. */
	for (size_t i = 0; i < nimg; i++)
		strlist_push(&refs, f->images[i].id);
	for (size_t i = 0; i < refs.n; i++) {
		struct stream s;
		struct errbuf err = { "" };
		char *seg = url_segment(refs.v[i]);
		char *path = xstrfmt("%s/images/%s/get", p->client.prefix, seg);
		char *url = xstrfmt("%s%s", p->client.base, path);
		char *label = xstrfmt("daemon image '%s'", refs.v[i]);
		size_t before = f->nimages;
		int ret;

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
		if (p->client.tls) {
			if (p->client.cacert)
				curl_easy_setopt(s.easy, CURLOPT_CAINFO, p->client.cacert);
			if (p->client.cert)
				curl_easy_setopt(s.easy, CURLOPT_SSLCERT, p->client.cert);
			if (p->client.key)
				curl_easy_setopt(s.easy, CURLOPT_SSLKEY, p->client.key);
			curl_easy_setopt(s.easy, CURLOPT_SSL_VERIFYPEER, p->client.verify ? 1L : 0L);
			curl_easy_setopt(s.easy, CURLOPT_SSL_VERIFYHOST, p->client.verify ? 2L : 0L);
		}
		curl_multi_add_handle(s.multi, s.easy);
		ret = source_tarball_read_stream(p->run, label, stream_read, &s, &to, &err);
		if (ret == 0 && (s.rc != CURLE_OK || s.status >= 300))
			ret = err_set(&err, "GET %s at '%s': %s", path, p->client.endpoint,
				      s.status >= 300 ? "HTTP error" : s.errbuf[0] ? s.errbuf : curl_easy_strerror(s.rc));
		if (ret < 0)
			run_add_error(p->run, label, "%s", err.msg);
		/* Keep the config-only image when the stream added nothing. */
		if (f->nimages > before) {
			size_t j;

			for (j = 0; j < f->nimages && (!f->images[j].id || strcmp(f->images[j].id, refs.v[i]) ||
						       !f->images[j].source || strcmp(f->images[j].source, "daemon")); j++)
				;
			if (j < f->nimages) {
				image_release(&f->images[j]);
				memmove(&f->images[j], &f->images[j + 1], (f->nimages - j - 1) * sizeof(*f->images));
				f->nimages--;
			}
		}
		curl_multi_remove_handle(s.multi, s.easy);
		curl_easy_cleanup(s.easy);
		curl_multi_cleanup(s.multi);
		buf_release(&s.chunk);
		buf_release(&s.error_body);
		free(seg);
		free(path);
		free(url);
		free(label);
	}
	strlist_clear(&refs);
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
	curl_multi_setopt(p.client.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)p.client.max_connections);
	p.d = xcalloc(1, sizeof(*p.d));
	p.d->endpoint = xstrdup(p.client.endpoint);
	p.d->tcp = p.client.tcp;
	p.d->tls = p.client.tls;
	p.d->tls_verify = p.client.verify;
	p.d->exec_checks = o->exec_checks;
	if (dclient_negotiate(&p.client, p.d, err) < 0 || pass_daemon(&p, err) < 0 ||
	    pass_inspect(&p, err) < 0)
		goto out;
	if (pass_execs(&p, err) < 0)
		goto out;
	p.d->display = xstrfmt("%s %s (API %s) at %s", p.d->product, p.d->version ? p.d->version : "?",
			       p.d->api_version, p.d->endpoint);
	r->facts.daemon = p.d;
	p.d = NULL;
	if (o->image_files && r->facts.nimages)
		pass_stream_images(&p);
	ret = 0;
out:
	daemon_facts_free(p.d);
	strlist_clear(&p.image_ids);
	strlist_clear(&p.container_ids);
	dclient_release(&p.client);
	return ret;
}
