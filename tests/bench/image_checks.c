/*
 * image_checks.c - time every image check on a large synthetic image (many
 * files, long history, hostile numbers of secret-looking ENV names, cache
 * directories and accounts) against a floor measured in the same run:
 * sorting the same file table, which every tarball audit does anyway.
 */
#include "test.h"
#include "buf.h"

#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fill an image with n files and the hostile extras; files left unsorted. */
static void build(struct image *img, size_t n)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		char *p = xstrfmt("usr/lib/pkg%zu/sub%zu/file%zu.so", (i * 7919) % 5000, i % 13, i);
		struct image_file *f = trun_file(img, p, FILE_REG, i % 97 ? 0644 : 04755, 0);

		f->size = 4096;
		f->hits = i % 5000 ? 0 : HIT_GITHUB_TOKEN;
		free(p);
	}
	for (size_t i = 0; i < n / 10; i++) {
		char *p = xstrfmt("home/u%zu/.cache/pip/x", i);

		trun_file(img, p, FILE_REG, 0666, 1000)->size = 10;
		free(p);
		strlist_push_owned(&img->config.env, xstrfmt("SVC%zu_TOKEN=v%zu", i, i));
		buf_addf(&b, "u%zu::19000:0:99999:7:::\n", i);
	}
	img->etc_shadow = buf_detach(&b);
	img->etc_passwd = xstrdup(img->etc_shadow);
	img->nhistory = n / 200 + 1;
	img->history = xcalloc(img->nhistory, sizeof(*img->history));
	for (size_t i = 0; i < img->nhistory; i++) {
		for (size_t j = 0; j < 20; j++)
			buf_addf(&b, "apt-get update && sudo make -C /src/%zu install; ", j);
		img->history[i].created_by = xstrfmt("RUN |1 TOKEN=x /bin/sh -c %s # buildkit", b.s);
		img->history[i].layer = -1;
		img->history[i].empty_layer = 1;
		buf_reset(&b);
	}
	buf_release(&b);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
	struct trun t;
	struct image *img;
	double t0, sort, checks;

	trun_init(&t);
	img = trun_image(&t, "bench:1");
	build(img, n);
	t0 = now();
	image_sort_files(img);
	sort = now() - t0;
	t0 = now();
	trun_exec(&t, "*");
	checks = now() - t0;
	printf("bench image checks: %zu files, %zu history steps, %zu findings: checks %.3f s, floor (sort) %.3f s, ratio %.1f\n",
	       img->nfiles, img->nhistory, t.run.findings.n, checks, sort, checks / sort);
	trun_release(&t);
	/*
	 * Everything scales with the image, so the checks stay within a fixed
	 * multiple of one sort; anything quadratic blows far past it.
	 */
	return checks > 30 * sort + 0.5;
}
