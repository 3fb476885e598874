/*
 * test.h - a minimal unit test harness, and helpers to run checks on facts
 * built by hand.
 *
 *   TEST(name) { ...; CHECK(x == 1); CHECK_STR(a, "b"); }
 *   int main(void) { RUN(name); return test_done(); }
 *
 * For checks:
 *   struct trun t; trun_init(&t);
 *   struct image *img = trun_image(&t, "app:1");   // empty image, files_known = 1
 *   ... fill img ...
 *   trun_exec(&t, "CIS-4.1");                       // run only matching checks
 *   CHECK(trun_count(&t, "CIS-4.1", STATUS_FAIL) == 1);
 *   trun_release(&t);
 */
#ifndef TEST_H
#define TEST_H

#include "dockgate.h"
#include "engine.h"
#include "policy.h"

#include <stdlib.h>
#include <string.h>

static int test_failed, test_count;
static const char *test_current;

#define TEST(name) static void test_##name(void)
#define RUN(name) \
	do { \
		test_current = #name; \
		test_count++; \
		test_##name(); \
	} while (0)
#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			test_failed++; \
			fprintf(stderr, "FAIL %s:%d [%s]: %s\n", __FILE__, __LINE__, test_current, \
				#cond); \
		} \
	} while (0)
#define CHECK_STR(a, b) \
	do { \
		const char *a_ = (a), *b_ = (b); \
		if (!a_ || !b_ || strcmp(a_, b_)) { \
			test_failed++; \
			fprintf(stderr, "FAIL %s:%d [%s]: '%s' != '%s'\n", __FILE__, __LINE__, \
				test_current, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
		} \
	} while (0)
#define CHECK_INT(a, b) \
	do { \
		long long a_ = (long long)(a), b_ = (long long)(b); \
		if (a_ != b_) { \
			test_failed++; \
			fprintf(stderr, "FAIL %s:%d [%s]: %s == %lld, expected %lld\n", __FILE__, \
				__LINE__, test_current, #a, a_, b_); \
		} \
	} while (0)

static inline int test_done(void)
{
	if (test_failed) {
		fprintf(stderr, "%d check(s) failed in %d test(s)\n", test_failed, test_count);
		return 1;
	}
	printf("ok: %d test(s)\n", test_count);
	return 0;
}

struct trun {
	struct run run;
	struct policy policy;
	int executed;
};

static inline void trun_init(struct trun *t)
{
	run_init(&t->run, "test");
	policy_init(&t->policy);
	t->executed = 0;
}

static inline void trun_release(struct trun *t)
{
	run_release(&t->run);
	policy_release(&t->policy);
}

/* An empty image whose files were read (so file checks run). */
static inline struct image *trun_image(struct trun *t, const char *ref)
{
	struct image *img = facts_add_image(&t->run.facts);

	img->ref = xstrdup(ref);
	img->name = image_name_from_ref(ref);
	img->id = xstrdup(
		"sha256:0000000000000000000000000000000000000000000000000000000000000000");
	img->files_known = 1;
	strlist_push(&img->repo_tags, ref);
	return img;
}

/* Add a file to an image (call image_sort_files before trun_exec). */
static inline struct image_file *trun_file(struct image *img, const char *path, enum file_type type,
					   unsigned mode, long long uid)
{
	struct image_file *f;

	img->files = xrealloc(img->files, (img->nfiles + 1) * sizeof(*img->files));
	f = &img->files[img->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->type = type;
	f->mode = mode;
	f->uid = uid;
	f->gid = uid;
	return f;
}

/* Run every check matching pattern over the image targets (and any others added). */
static inline void trun_exec(struct trun *t, const char *pattern)
{
	for (size_t i = 0; i < t->run.facts.nimages; i++)
		image_sort_files(&t->run.facts.images[i]);
	if (!t->run.ntargets)
		run_add_fact_targets(&t->run);
	strlist_clear(&t->policy.include);
	strlist_push(&t->policy.include, pattern);
	t->run.policy = &t->policy;
	engine_run(&t->run);
	policy_apply(&t->policy, &t->run);
	t->executed = 1;
}

static inline size_t trun_count(const struct trun *t, const char *id, enum status st)
{
	size_t n = 0;

	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];

		if (!strcmp(f->check->id, id) && f->status == st)
			n++;
	}
	return n;
}

/* Is there a fail finding of this check with exactly this evidence key? */
static inline int trun_has(const struct trun *t, const char *id, const char *evidence)
{
	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];

		if (!strcmp(f->check->id, id) && f->status == STATUS_FAIL &&
		    !strcmp(f->evidence, evidence))
			return 1;
	}
	return 0;
}

#endif
