/*
 * source_daemon.c - the Docker Engine API client (libcurl) and the one pass
 * that turns its answers into daemon, container and image facts.
 *
 * The pass: GET /_ping (API version), then concurrently /version, /info,
 * /containers/json, /images/json, /networks, /plugins; then concurrently
 * every container and image inspection (and the Swarm endpoints when Swarm
 * is active); then live exec instances and, with --exec-checks, container
 * process lists. Every response is capped in size and time. The HTTP
 * client itself (endpoint, TLS, requests, the queue, version negotiation)
 * is daemon_client.c.
 */
#include "source_daemon.h"
#include "source_daemon_json.h"
#include "daemon_client.h"
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
	daemon_client_queue_release(&p->q);
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
		daemon_client_push(&p->q, &p->client, K_CONTAINER, i, "/containers/%s/json",
				   p->container_ids.v[i]);
	for (size_t i = 0; i < p->image_ids.n; i++) {
		char *seg = daemon_client_url_segment(p->image_ids.v[i]);

		daemon_client_push(&p->q, &p->client, K_IMAGE, i, "/images/%s/json", seg);
		daemon_client_push(&p->q, &p->client, K_HISTORY, i, "/images/%s/history", seg);
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
	if (!(v = daemon_client_json_type(r, want, p->err))) {
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
			daemon_client_push(&p->q, &p->client, K_SWARM, 0, "/swarm");
			daemon_client_push(&p->q, &p->client, K_NODES, 0, "/nodes");
			daemon_client_push(&p->q, &p->client, K_SERVICES, 0, "/services");
			daemon_client_push(&p->q, &p->client, K_SECRETS, 0, "/secrets");
			daemon_client_push(&p->q, &p->client, K_CONFIGS, 0, "/configs");
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
	if (!(v = daemon_client_json_type(r, json_type_object, p->err))) {
		what = xstrfmt("container '%.12s'", id);
		ret = pass_item_failed(p, r, what, p->err);
		free(what);
		return ret;
	}
	daemon_json_container(c, v);
	json_object_put(v);
	p->slot_ok[r->index] = 1;
	for (size_t j = 0; j < c->nexecs; j++)
		daemon_client_push(&p->q, &p->client, K_EXEC, r->index, "/exec/%s/json",
				   c->execs[j].id);
	if (p->opts->exec_checks && c->running)
		daemon_client_push(&p->q, &p->client, K_TOP, r->index, "/containers/%s/top", id);
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
	if (!(v = daemon_client_json_type(r, want, p->err))) {
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
	if (!(v = daemon_client_json_type(r, json_type_object, p->err))) {
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
	daemon_client_push(&p->q, &p->client, K_CONTAINERS, 0, "/containers/json?all=1");
	daemon_client_push(&p->q, &p->client, K_IMAGES, 0, "/images/json");
	daemon_client_push(&p->q, &p->client, K_VERSION, 0, "/version");
	daemon_client_push(&p->q, &p->client, K_INFO, 0, "/info");
	daemon_client_push(&p->q, &p->client, K_NETWORKS, 0, "/networks");
	daemon_client_push(&p->q, &p->client, K_PLUGINS, 0, "/plugins");
	daemon_client_run(&p->client, &p->q, pass_done, p);
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
	char *seg = daemon_client_url_segment(ref);
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
	daemon_client_tls(&p->client, s.easy);
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
	if (daemon_client_init(&p.client, o, err) < 0)
		goto out;
	if (daemon_client_precheck(&p.client, err) < 0)
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
	if (daemon_client_negotiate(&p.client, p.d, err) < 0 || pass_run(&p, err) < 0)
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
	daemon_client_release(&p.client);
	return ret;
}
