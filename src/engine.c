/*
 * engine.c - runs the catalog over the run's targets and keeps findings.
 */
#include "engine.h"
#include "facts_daemon.h"
#include "policy.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = { "image", "container", "daemon", "host" };

const char *target_kind_name(enum target_kind k)
{
	return (unsigned)k < ARRAY_SIZE(kind_names) ? kind_names[k] : "?";
}

char *target_ref(const struct target *t)
{
	/* A merged fleet result names each node's daemon and host: "daemon:node-1". */
	if ((t->kind == TARGET_DAEMON || t->kind == TARGET_HOST) &&
	    (!t->name || !strcmp(t->name, target_kind_name(t->kind))))
		return xstrdup(target_kind_name(t->kind));
	return xstrfmt("%s:%s", target_kind_name(t->kind), t->name);
}

void run_init(struct run *r, const char *command)
{
	memset(r, 0, sizeof(*r));
	r->command = command;
	r->started = dg_now();
}

void findings_release(struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].evidence);
		free(fs->v[i].message);
	}
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}

void run_release(struct run *r)
{
	findings_release(&r->findings);
	for (size_t i = 0; i < r->ntargets; i++) {
		free(r->targets[i].name);
		free(r->targets[i].display);
		free(r->targets[i].digest);
	}
	free(r->targets);
	for (size_t i = 0; i < r->nerrors; i++) {
		free(r->errors[i].where);
		free(r->errors[i].message);
	}
	free(r->errors);
	facts_release(&r->facts);
	memset(r, 0, sizeof(*r));
}

size_t run_add_target(struct run *r, enum target_kind kind, const char *name, const char *display,
		      const char *digest)
{
	struct target *t;

	ALLOC_GROW(r->targets, r->ntargets + 1, r->talloc);
	t = &r->targets[r->ntargets];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->name = xstrdup(name);
	t->display = xstrdup(display ? display : name);
	t->digest = digest ? xstrdup(digest) : NULL;
	return r->ntargets++;
}

void run_add_error(struct run *r, const char *where, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ALLOC_GROW(r->errors, r->nerrors + 1, r->ealloc);
	r->errors[r->nerrors].where = xstrdup(where ? where : "");
	r->errors[r->nerrors].message = buf_detach(&b);
	r->nerrors++;
}

/*
 * Targets point into r->facts, so this runs after the sources are done and
 * the facts arrays no longer move.
 */
void run_add_fact_targets(struct run *r)
{
	int have_host = 0;

	for (size_t i = 0; i < r->ntargets; i++)
		have_host |= r->targets[i].kind == TARGET_HOST;
	/* A daemon audit also judges its host, even when host facts are absent. */
	if (!have_host && (r->facts.host || r->facts.daemon))
		run_add_target(r, TARGET_HOST, "host", "host", NULL);
	if (r->facts.daemon)
		run_add_target(r, TARGET_DAEMON, "daemon",
			       r->facts.daemon->display ? r->facts.daemon->display : "daemon",
			       NULL);
	for (size_t i = 0; i < r->facts.nimages; i++) {
		const struct image *img = &r->facts.images[i];
		size_t t = run_add_target(r, TARGET_IMAGE, img->name ? img->name : img->ref,
					  img->ref, img->id);

		r->targets[t].image = img;
	}
	for (size_t i = 0; i < r->facts.ncontainers; i++) {
		const struct container *c = &r->facts.containers[i];
		char *display = xstrfmt("%s (%s)", c->name, c->short_id);
		size_t t = run_add_target(r, TARGET_CONTAINER, c->name, display, c->id);

		r->targets[t].container = c;
		free(display);
	}
}

/* FNV-1a 64-bit; a field separator keeps ("ab","c") apart from ("a","bc"). */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;
	h *= 0x100000001b3ULL;
	return h;
}

void finding_fingerprint(const char *rule_id, const char *kind, const char *name,
			 const char *evidence, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv1a(h, rule_id);
	h = fnv1a(h, kind);
	h = fnv1a(h, name ? name : "");
	h = fnv1a(h, evidence ? evidence : "");
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static struct finding *add_finding(struct findings *fs, enum status st, const char *evidence,
				   const char *fmt, va_list ap)
{
	struct finding *f;
	struct buf b = BUF_INIT;

	if (!fs->cur_check)
		BUG("check_*() called outside a check");
	buf_vaddf(&b, fmt, ap);
	ALLOC_GROW(fs->v, fs->n + 1, fs->alloc);
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof(*f));
	f->check = fs->cur_check;
	f->target = fs->cur_target;
	f->status = st;
	f->severity = fs->cur_check->severity;
	f->evidence = xstrdup(evidence ? evidence : "");
	f->message = buf_detach(&b);
	f->layer = -1;
	f->history = -1;
	return f;
}

#define DEFINE_EMITTER(fn, st) \
	struct finding *fn(struct findings *fs, const char *fmt, ...) \
	{ \
		struct finding *f; \
		va_list ap; \
		va_start(ap, fmt); \
		f = add_finding(fs, st, NULL, fmt, ap); \
		va_end(ap); \
		return f; \
	}

DEFINE_EMITTER(check_pass, STATUS_PASS)
DEFINE_EMITTER(check_manual, STATUS_MANUAL)
DEFINE_EMITTER(check_skip, STATUS_SKIP)
DEFINE_EMITTER(check_error, STATUS_ERROR)

struct finding *check_fail(struct findings *fs, const char *evidence, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = add_finding(fs, STATUS_FAIL, evidence, fmt, ap);
	va_end(ap);
	return f;
}

static int scope_has_target(enum scope s, enum target_kind k)
{
	switch (s) {
	case SCOPE_IMAGE:
		return k == TARGET_IMAGE;
	case SCOPE_CONTAINER:
		return k == TARGET_CONTAINER;
	case SCOPE_DAEMON:
		return k == TARGET_DAEMON;
	case SCOPE_HOST:
		return k == TARGET_HOST;
	}
	return 0;
}

/* Why the facts a check needs are missing, or NULL when they are there. */
static const char *missing_need(const struct check *c, const struct facts *facts,
				const struct target *t)
{
	if ((c->needs & NEED_IMAGE_FILES) && (!t->image || !t->image->files_known))
		return "image files were not read (config and history only)";
	if ((c->needs & NEED_DAEMON) && !facts->daemon)
		return "needs the Docker daemon (Engine API)";
	if ((c->needs & NEED_HOST) && !facts->host)
		return "no host access (--host-root none or not the daemon's host)";
	if ((c->needs & NEED_SWARM) && !daemon_facts_swarm_active(facts->daemon))
		return "Swarm mode is not active";
	if ((c->needs & NEED_CONTAINERS) && !facts->ncontainers)
		return "no containers to inspect";
	return NULL;
}

static void run_check(struct run *r, const struct check *c, size_t ti)
{
	struct findings *fs = &r->findings;
	const struct target *t = &r->targets[ti];
	size_t before = fs->n;
	const char *missing;

	fs->cur_check = c;
	fs->cur_target = ti;
	if (!c->fn) {
		check_manual(fs, "%s", "manual review: no automated test");
	} else if ((missing = missing_need(c, &r->facts, t))) {
		check_skip(fs, "%s", missing);
	} else {
		c->fn(&r->facts, t, fs);
		if (fs->n == before)
			check_pass(fs, "%s", "");
	}
	fs->cur_check = NULL;
}

/* Catalog position by check address: a table sorted by address, built once. */
struct check_pos {
	uintptr_t addr;
	size_t index;
};
static struct check_pos *check_positions;
static size_t ncheck_positions;

static int check_pos_cmp(const void *pa, const void *pb)
{
	const struct check_pos *a = pa, *b = pb;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* Sorting thousands of findings (a daemon with hundreds of containers) must not scan the catalog. */
static size_t catalog_index(const struct check *c)
{
	struct check_pos key = { (uintptr_t)c, 0 }, *hit;

	if (!check_positions) {
		ncheck_positions = catalog_count();
		check_positions = xcalloc(ncheck_positions + 1, sizeof(*check_positions));
		for (size_t i = 0; i < ncheck_positions; i++) {
			check_positions[i].addr = (uintptr_t)catalog_at(i);
			check_positions[i].index = i;
		}
		qsort(check_positions, ncheck_positions, sizeof(*check_positions), check_pos_cmp);
	}
	hit = bsearch(&key, check_positions, ncheck_positions, sizeof(*check_positions),
		      check_pos_cmp);
	return hit ? hit->index : ncheck_positions;
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;

	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	if (a->check != b->check) {
		size_t ia = catalog_index(a->check), ib = catalog_index(b->check);

		return ia < ib ? -1 : 1;
	}
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	return strcmp(a->evidence, b->evidence);
}

void engine_sort(struct findings *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof(*fs->v), finding_cmp);
}

void engine_run(struct run *r)
{
	size_t n = catalog_count();

	r->facts.policy = r->policy;
	for (size_t ti = 0; ti < r->ntargets; ti++) {
		const struct target *t = &r->targets[ti];

		for (size_t i = 0; i < n; i++) {
			const struct check *c = catalog_at(i);

			if (!scope_has_target(c->scope, t->kind))
				continue;
			if (r->policy && !policy_check_selected(r->policy, c, t))
				continue;
			run_check(r, c, ti);
		}
	}
	/* Fingerprints need the target identity, which checks do not set. */
	for (size_t i = 0; i < r->findings.n; i++) {
		struct finding *f = &r->findings.v[i];
		const struct target *t = &r->targets[f->target];

		finding_fingerprint(f->check->id, target_kind_name(t->kind), t->name, f->evidence,
				    f->fingerprint);
	}
	engine_sort(&r->findings);
}
