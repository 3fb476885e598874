/*
 * t_tarball.c - the tarball source on tarballs made by tests/fixtures/gen.py:
 * every layout and compression, stdin and the stream API, the merged view
 * (whiteouts, opaque dirs, overwrites), removed files, history/layer
 * mapping, config fields, identity, and errors on broken input.
 */
#include "test.h"
#include "source.h"

#include <fcntl.h>
#include <unistd.h>

static char tmpdir[256];
static const char *python = "python3";

/* Run gen.py with arguments; the fixture lands in tmpdir/name. */
static const char *gen(const char *name, const char *args)
{
	static char path[512];
	char cmd[2048];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "%s tests/fixtures/gen.py image -o '%s' %s", python, path, args);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot run: %s\n", cmd);
		exit(1);
	}
	return path;
}

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	if (!fp || fputs(text, fp) < 0 || fclose(fp)) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(1);
	}
}

static int read_tarball(struct run *r, const char *path, const char *name)
{
	struct tarball_options o;
	struct errbuf err = { "" };
	int ret;

	tarball_options_init(&o);
	o.name = name;
	run_init(r, "image");
	ret = source_tarball_read(r, path, &o, &err);
	if (ret < 0)
		fprintf(stderr, "read %s: %s\n", path, err.msg);
	for (size_t i = 0; i < r->nerrors; i++)
		fprintf(stderr, "error %s: %s\n", r->errors[i].where, r->errors[i].message);
	return ret;
}

static const struct image_file *removed(const struct image *img, const char *path)
{
	for (size_t i = 0; i < img->nremoved; i++)
		if (!strcmp(img->removed[i].path, path))
			return &img->removed[i];
	return NULL;
}

/* Everything the clean spec promises, whatever the layout and compression. */
static void check_clean(const struct image *img, const char *compression)
{
	const struct image_config *c = &img->config;
	const struct image_file *f;

	CHECK_STR(img->ref, "dockgate-sample/clean:1.0");
	CHECK_STR(img->name, "dockgate-sample/clean");
	CHECK(img->id && !strncmp(img->id, "sha256:", 7) && strlen(img->id) == 71);
	CHECK_INT(img->repo_tags.n, 1);
	CHECK(img->files_known);
	CHECK_INT(img->errors.n, 0);

	CHECK_STR(c->user, "app");
	CHECK(c->has_healthcheck);
	CHECK(c->healthcheck.n > 1 && !strcmp(c->healthcheck.v[0], "CMD"));
	CHECK(c->exposed_ports.n == 1 && !strcmp(c->exposed_ports.v[0], "8080/tcp"));
	CHECK(c->volumes.n == 1 && !strcmp(c->volumes.v[0], "/data"));
	CHECK_INT(c->env.n, 3);
	CHECK_STR(image_env_get(img, "APP_PORT"), "8080");
	CHECK(c->nlabels == 1 && !strcmp(c->labels[0].key, "org.opencontainers.image.title"));
	CHECK(c->entrypoint.n == 1 && !strcmp(c->entrypoint.v[0], "/app/server"));
	CHECK_INT(c->cmd.n, 2);
	CHECK_STR(c->workdir, "/app");
	CHECK_STR(c->os, "linux");
	CHECK_STR(c->architecture, "amd64");

	/* History: 7 steps, 3 make layers (steps 0, 2, 4). */
	CHECK_INT(img->nhistory, 7);
	CHECK_INT(img->nlayers, 3);
	if (img->nhistory == 7 && img->nlayers == 3) {
		CHECK_INT(img->history[0].layer, 0);
		CHECK_INT(img->history[1].layer, -1);
		CHECK(img->history[1].empty_layer);
		CHECK_INT(img->history[2].layer, 1);
		CHECK_INT(img->history[4].layer, 2);
		CHECK_INT(img->history[5].layer, -1);
		CHECK_INT(img->layers[0].history, 0);
		CHECK_INT(img->layers[2].history, 4);
		for (size_t i = 0; i < 3; i++) {
			CHECK_STR(img->layers[i].compression, compression);
			CHECK(img->layers[i].diff_id &&
			      !strncmp(img->layers[i].diff_id, "sha256:", 7));
			CHECK(img->layers[i].entries > 0);
			CHECK(img->layers[i].size > 0);
		}
		CHECK(strstr(img->history[2].created_by, "apk add") != NULL);
	}

	/* The merged view: sorted, whiteouts and opaque dirs applied. */
	for (size_t i = 1; i < img->nfiles; i++)
		CHECK(strcmp(img->files[i - 1].path, img->files[i].path) < 0);
	CHECK(!image_find_file(img, "tmp/build.log"));
	CHECK(!image_find_file(img, "var/cache/misc/old.txt"));
	CHECK(!image_find_file(img, "tmp/.wh.build.log"));
	CHECK(!image_find_file(img, "var/cache/misc/.wh..wh..opq"));
	f = image_find_file(img, "var/cache/misc/new.txt");
	CHECK(f && f->layer == 1 && f->type == FILE_REG);
	f = image_find_file(img, "var/cache/misc");
	CHECK(f && f->type == FILE_DIR);
	f = removed(img, "tmp/build.log");
	CHECK(f && f->layer == 0 && f->type == FILE_REG);
	f = removed(img, "var/cache/misc/old.txt");
	CHECK(f && f->layer == 0);
	CHECK_INT(img->nremoved, 2);

	f = image_find_file(img, "bin/sh");
	CHECK(f && f->type == FILE_SYMLINK && f->link && !strcmp(f->link, "busybox"));
	f = image_find_file(img, "bin/ls");
	CHECK(f && f->type == FILE_HARDLINK && f->link && !strcmp(f->link, "bin/busybox"));
	f = image_find_file(img, "usr/bin/passwd");
	CHECK(f && f->mode == 04755 && f->uid == 0);
	f = image_find_file(img, "tmp");
	CHECK(f && f->type == FILE_DIR && f->mode == 01777);
	f = image_find_file(img, "etc/shadow");
	CHECK(f && f->mode == 0640 && f->gid == 42 && f->size > 0);
	f = image_find_file(img, "app");
	CHECK(f && f->type == FILE_DIR && f->uid == 1000 && f->layer == 2);
	f = image_find_file(img, "app/config.json");
	CHECK(f && f->hits == 0);
	f = image_find_file(img, "etc/ssl/certs/ca.pem");
	CHECK(f && f->hits == 0);
	CHECK(img->etc_passwd && !strncmp(img->etc_passwd, "root:x:0:0:", 11));
	CHECK(img->etc_group && strstr(img->etc_group, "app:x:1000:"));
	CHECK(img->etc_shadow && strstr(img->etc_shadow, "app:!:"));
}

static void read_and_check_clean(const char *file, const char *args, const char *compression)
{
	struct run r;

	if (read_tarball(&r, gen(file, args), NULL) == 0) {
		CHECK_INT(r.nerrors, 0);
		CHECK_INT(r.facts.nimages, 1);
		if (r.facts.nimages == 1)
			check_clean(&r.facts.images[0], compression);
	} else {
		CHECK(!"clean tarball unreadable");
	}
	run_release(&r);
}

TEST(layouts_and_compressions)
{
	static const char *const layouts[] = { "legacy", "docker25", "oci" };
	static const char *const comps[] = { "none", "gzip", "zstd" };

	for (size_t i = 0; i < ARRAY_SIZE(layouts); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(comps); j++) {
			char args[128], file[64];

			snprintf(args, sizeof(args), "--layout %s --layers %s clean", layouts[i],
				 comps[j]);
			snprintf(file, sizeof(file), "clean-%s-%s.tar", layouts[i], comps[j]);
			read_and_check_clean(file, args, comps[j]);
		}
	}
}

TEST(outer_compression_and_order)
{
	read_and_check_clean("clean.tar.gz", "--layout docker25 --layers gzip --outer gz clean",
			     "gzip");
	read_and_check_clean("clean.tar.zst", "--layout legacy --outer zst clean", "none");
	read_and_check_clean("clean-first.tar", "--layout legacy --manifest-first clean", "none");
	read_and_check_clean("clean-oci-first.tar.gz",
			     "--layout oci --manifest-first --outer gz clean", "none");
}

TEST(stdin)
{
	const char *path = gen("stdin.tar.gz", "--layout docker25 --layers zstd --outer gz clean");
	int fd = open(path, O_RDONLY), saved = dup(0);
	struct run r;

	CHECK(fd >= 0 && saved >= 0);
	dup2(fd, 0);
	close(fd);
	if (read_tarball(&r, "-", NULL) == 0 && r.facts.nimages == 1) {
		check_clean(&r.facts.images[0], "zstd");
		CHECK_STR(r.facts.images[0].source, "stdin");
	} else {
		CHECK(!"stdin unreadable");
	}
	run_release(&r);
	dup2(saved, 0);
	close(saved);
}

struct chunks {
	FILE *fp;
	char buf[3001];
};

/* Odd-sized chunks so the peek and the JSON reads cross block edges. */
static long chunk_reader(void *ctx, const void **buf)
{
	struct chunks *c = ctx;
	size_t n = fread(c->buf, 1, sizeof(c->buf), c->fp);

	*buf = c->buf;
	return (long)n;
}

TEST(stream_api)
{
	const char *path = gen("stream.tar", "--layout oci --layers gzip clean");
	struct chunks c = { fopen(path, "rb"), { 0 } };
	struct tarball_options o;
	struct errbuf err = { "" };
	struct run r;

	tarball_options_init(&o);
	run_init(&r, "image");
	CHECK(c.fp != NULL);
	CHECK_INT(source_tarball_read_stream(&r, "daemon", chunk_reader, &c, &o, &err), 0);
	CHECK_INT(r.facts.nimages, 1);
	if (r.facts.nimages == 1)
		check_clean(&r.facts.images[0], "gzip");
	fclose(c.fp);
	run_release(&r);
}

TEST(bad_image_facts)
{
	struct run r;
	const struct image *img;
	const struct image_file *f;

	if (read_tarball(&r, gen("bad.tar", "--layout docker25 --layers gzip bad"), NULL) < 0 ||
	    r.facts.nimages != 1) {
		CHECK(!"bad tarball unreadable");
		run_release(&r);
		return;
	}
	img = &r.facts.images[0];
	CHECK_STR(img->ref, "dockgate-sample/bad:latest");
	CHECK_STR(img->config.user, "");
	CHECK(!img->config.has_healthcheck);
	CHECK_INT(img->nlayers, 5);
	f = image_find_file(img, "root/.ssh/id_rsa");
	CHECK(f && f->hits == HIT_PEM_PRIVATE_KEY && f->layer == 3);
	f = image_find_file(img, "root/.aws/credentials");
	CHECK(f && f->hits == (HIT_AWS_ACCESS_KEY | HIT_AWS_SECRET));
	f = image_find_file(img, "root/.docker/config.json");
	CHECK(f && f->hits == HIT_DOCKER_AUTH);
	f = image_find_file(img, "app/.env");
	CHECK(f && f->hits == HIT_ENV_SECRET);
	f = image_find_file(img, "app/.git-credentials");
	CHECK(f && f->hits == HIT_URL_CREDENTIALS);
	f = image_find_file(img, "app/settings.py");
	CHECK(f && f->hits == (HIT_GITHUB_TOKEN | HIT_SLACK_TOKEN));
	f = image_find_file(img, "app/.npmrc");
	CHECK(f && f->hits == 0 && f->layer == 4);
	f = image_find_file(img, "usr/bin/sudo");
	CHECK(f && f->mode == 04755);
	f = image_find_file(img, "usr/local/bin/helper");
	CHECK(f && f->mode == 06755);
	f = image_find_file(img, "app/uploads");
	CHECK(f && f->type == FILE_DIR && f->mode == 0777);
	CHECK(!image_find_file(img, "tmp/deploy_key.pem"));
	/* Deleted and overwritten secrets are still in the tarball. */
	f = removed(img, "tmp/deploy_key.pem");
	CHECK(f && f->layer == 2 && f->hits == HIT_PEM_PRIVATE_KEY);
	f = removed(img, "app/.npmrc");
	CHECK(f && f->layer == 2 && f->hits == HIT_NPM_TOKEN);
	/* etc/passwd and etc/shadow come from layer 1, which overwrote layer 0's. */
	CHECK(removed(img, "etc/passwd") && removed(img, "etc/passwd")->layer == 0);
	CHECK(img->etc_shadow && strstr(img->etc_shadow, "toor::"));
	CHECK(img->etc_passwd && strstr(img->etc_passwd, "toor:x:0:0"));
	CHECK_INT(img->config.exposed_ports.n, 2);
	CHECK(img->config.volumes.n == 1 &&
	      !strcmp(img->config.volumes.v[0], "/var/run/docker.sock"));
	run_release(&r);
}

TEST(multi_image_shared_layers)
{
	static const char *const layouts[] = { "legacy", "docker25", "oci", "oci-nested" };

	for (size_t i = 0; i < ARRAY_SIZE(layouts); i++) {
		char args[128], file[64];
		struct run r;

		snprintf(args, sizeof(args), "--layout %s --layers gzip multi", layouts[i]);
		snprintf(file, sizeof(file), "multi-%s.tar", layouts[i]);
		if (read_tarball(&r, gen(file, args), NULL) < 0 || r.facts.nimages != 2) {
			CHECK(!"multi tarball unreadable");
			run_release(&r);
			continue;
		}
		CHECK_STR(r.facts.images[0].ref, "dockgate-sample/clean:1.0");
		CHECK_STR(r.facts.images[1].ref, "dockgate-sample/worker:2.1");
		CHECK_STR(r.facts.images[1].name, "dockgate-sample/worker");
		CHECK_STR(r.facts.images[1].config.user, "1000:1000");
		CHECK_STR(r.facts.images[0].layers[0].digest, r.facts.images[1].layers[0].digest);
		CHECK(image_find_file(&r.facts.images[1], "app/worker"));
		CHECK(!image_find_file(&r.facts.images[1], "app/server"));
		CHECK(!image_find_file(&r.facts.images[0], "app/worker"));
		CHECK(removed(&r.facts.images[1], "tmp/build.log"));
		if (!strcmp(layouts[i], "legacy"))
			CHECK(strstr(r.facts.images[0].layers[0].digest, "/layer.tar") != NULL);
		else
			CHECK(!strncmp(r.facts.images[0].layers[0].digest, "sha256:", 7));
		run_release(&r);
	}
}

/* Whiteout and overwrite rules of the merge, on a hand-written spec. */
TEST(merge_semantics)
{
	struct run r;
	const struct image *img;
	const struct image_file *f;

	write_file(
		"merge.json",
		"{\"layers\": ["
		"{\"files\": [{\"path\": \"a/x\"}, {\"path\": \"a/y\"}, {\"path\": \"b\", \"content\": \"1\"},"
		" {\"path\": \"c/d/e\", \"content\": \"old\"}, {\"path\": \"f\", \"type\": \"dir\"},"
		" {\"path\": \"f/g\"}, {\"path\": \"k/l\", \"type\": \"symlink\", \"link\": \"/etc\"}]},"
		"{\"files\": [{\"whiteout\": \"a\"}, {\"path\": \"a/z\"}, {\"path\": \"b\", \"type\": \"dir\"},"
		" {\"path\": \"b/q\"}, {\"path\": \"c/d/e\", \"content\": \"new\"}, {\"path\": \"f\"},"
		" {\"whiteout\": \"k/l\"}, {\"whiteout\": \"nothing/here\"}]},"
		"{\"files\": [{\"opaque\": \"b\"}, {\"path\": \"b/r\"}]}"
		"]}");
	{
		char spec[512];

		snprintf(spec, sizeof(spec), "--layout legacy %s/merge.json", tmpdir);
		if (read_tarball(&r, gen("merge.tar", spec), "custom/name") < 0 ||
		    r.facts.nimages != 1) {
			CHECK(!"merge tarball unreadable");
			run_release(&r);
			return;
		}
	}
	img = &r.facts.images[0];
	/* No tag: ref is --name, name is --name. */
	CHECK_STR(img->ref, "custom/name");
	CHECK_STR(img->name, "custom/name");
	CHECK(!image_find_file(img, "a/x") && !image_find_file(img, "a/y"));
	CHECK(image_find_file(img, "a/z"));
	f = image_find_file(img, "b");
	CHECK(f && f->type == FILE_DIR && f->layer == 2);
	CHECK(!image_find_file(img, "b/q"));
	CHECK(image_find_file(img, "b/r"));
	f = image_find_file(img, "c/d/e");
	CHECK(f && f->layer == 1);
	f = image_find_file(img, "f");
	CHECK(f && f->type == FILE_REG);
	CHECK(!image_find_file(img, "f/g"));
	CHECK(!image_find_file(img, "k/l"));
	CHECK(image_find_file(img, "k"));
	CHECK(removed(img, "a/x") && removed(img, "a/y") && removed(img, "b") &&
	      removed(img, "f/g"));
	CHECK(removed(img, "b/q") && removed(img, "b/q")->layer == 1);
	CHECK(removed(img, "c/d/e") && removed(img, "c/d/e")->layer == 0);
	CHECK(!removed(img, "k/l")); /* symlinks are not shipped content */
	CHECK_INT(img->nremoved, 6);
	run_release(&r);
}

TEST(untagged_identity)
{
	struct run r;
	char spec[512];

	write_file(
		"untagged.json",
		"{\"config\": {\"User\": \"app\"}, \"layers\": [{\"files\": [{\"path\": \"x\"}]}]}");
	snprintf(spec, sizeof(spec), "--layout oci %s/untagged.json", tmpdir);
	if (read_tarball(&r, gen("untagged.tar", spec), NULL) == 0 && r.facts.nimages == 1) {
		const struct image *img = &r.facts.images[0];

		CHECK_INT(strlen(img->ref), 12);
		CHECK(!strncmp(img->ref, img->id + 7, 12));
		CHECK_STR(img->name, img->ref);
		CHECK_INT(img->repo_tags.n, 0);
	} else {
		CHECK(!"untagged tarball unreadable");
	}
	run_release(&r);
}

/* Broken input: -1 for the whole file, or exactly one run error. */
TEST(errors)
{
	static const struct {
		const char *file;
		int whole; /* source returns -1 */
		const char *needle;
	} cases[] = {
		{ "not-a-tar.tar", 1, "not a tar" },
		{ "empty.tar", 1, "empty.tar" },
		{ "truncated-outer.tar", 1, "truncated-outer.tar" },
		{ "truncated-gzip-layer.tar", 0, "layer 'l1/layer.tar'" },
		{ "corrupt-gzip-layer.tar", 0, "layer 'l1/layer.tar'" },
		{ "missing-layer.tar", 0, "nope/layer.tar" },
		{ "missing-config.tar", 0, "nope.json" },
		{ "invalid-config.tar", 0, "invalid config" },
		{ "invalid-manifest.tar", 1, "manifest.json" },
		{ "no-manifest.tar", 1, "not an image tarball" },
		{ "bomb-layer.tar", 0, "decompression ratio" },
		{ "bomb-outer.tar.gz", 1, "decompression" },
		{ "huge-config.tar", 0, "larger than 16 MiB" },
		{ "deep-config.tar", 0, "invalid config" },
		{ "path-traversal.tar", 0, "escapes the image root" },
		{ "layer-not-tar.tar", 0, "layer 'l1/layer.tar'" },
		{ "outer-link-loop.tar", 0, "is not in the tarball" },
	};
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "%s tests/fixtures/gen.py hostile '%s/hostile'", python, tmpdir);
	CHECK(system(cmd) == 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char path[512];
		struct tarball_options o;
		struct errbuf err = { "" };
		struct run r;
		int ret;

		snprintf(path, sizeof(path), "%s/hostile/%s", tmpdir, cases[i].file);
		tarball_options_init(&o);
		run_init(&r, "image");
		ret = source_tarball_read(&r, path, &o, &err);
		if (cases[i].whole) {
			CHECK_INT(ret, -1);
			CHECK_INT(r.nerrors, 0);
			if (!strstr(err.msg, cases[i].needle))
				CHECK_STR(err.msg, cases[i].needle);
		} else {
			CHECK_INT(ret, 0);
			CHECK_INT(r.nerrors, 1);
			if (r.nerrors == 1 && !strstr(r.errors[0].message, cases[i].needle))
				CHECK_STR(r.errors[0].message, cases[i].needle);
		}
		for (size_t k = 0; k < r.facts.nimages; k++)
			CHECK(!r.facts.images[k].files_known);
		run_release(&r);
	}
}

/* The caps in tarball_options end the layer with one error each. */
TEST(option_bounds)
{
	const char *path = gen("bounds.tar", "--layout docker25 --layers gzip bad");
	static const struct {
		long long max_entries, max_bytes;
		const char *needle;
	} cases[] = {
		{ 5, 8LL << 30, "more than 5 entries" },
		{ 2000000, 100, "more than 100 uncompressed bytes" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tarball_options o;
		struct errbuf err = { "" };
		struct run r;

		tarball_options_init(&o);
		o.max_entries = cases[i].max_entries;
		o.max_bytes = cases[i].max_bytes;
		run_init(&r, "image");
		CHECK_INT(source_tarball_read(&r, path, &o, &err), 0);
		CHECK_INT(r.nerrors, 1);
		if (r.nerrors && !strstr(r.errors[0].message, cases[i].needle))
			CHECK_STR(r.errors[0].message, cases[i].needle);
		CHECK(r.facts.nimages == 1 && !r.facts.images[0].files_known);
		run_release(&r);
	}
	/* A scan window too small to hold the key armour finds nothing. */
	{
		struct tarball_options o;
		struct errbuf err = { "" };
		struct run r;

		tarball_options_init(&o);
		o.scan_bytes = 16;
		run_init(&r, "image");
		CHECK_INT(source_tarball_read(&r, path, &o, &err), 0);
		if (r.facts.nimages == 1) {
			const struct image_file *f = image_find_file(&r.facts.images[0],
								     "root/.ssh/id_rsa");

			CHECK(f && f->hits == 0);
			CHECK(r.facts.images[0].etc_passwd &&
			      strstr(r.facts.images[0].etc_passwd, "toor"));
		}
		run_release(&r);
	}
}

struct mem {
	const unsigned char *p;
	size_t n, off, chunk;
};

static long mem_reader(void *ctx, const void **buf)
{
	struct mem *m = ctx;
	size_t n = m->n - m->off < m->chunk ? m->n - m->off : m->chunk;

	*buf = m->p + m->off;
	m->off += n;
	return (long)n;
}

/*
 * Damaged copies of gzip and plain samples (bytes flipped, cut short): any
 * outcome but a crash or a sanitizer report is fine, and a failure always
 * comes with a message.
 */
TEST(mutations)
{
	static const char *const args[] = {
		"--layout docker25 --layers gzip clean",
		"--layout legacy bad",
		"--layout oci --layers zstd multi",
	};
	unsigned seed = 12345;

	for (size_t a = 0; a < ARRAY_SIZE(args); a++) {
		const char *path = gen("mut.tar", args[a]);
		FILE *fp = fopen(path, "rb");
		unsigned char *orig = xmalloc(1 << 20), *copy = xmalloc(1 << 20);
		size_t n = fp ? fread(orig, 1, 1 << 20, fp) : 0;

		if (fp)
			fclose(fp);
		CHECK(n > 0);
		for (int round = 0; n && round < 150; round++) {
			struct tarball_options o;
			struct errbuf err = { "" };
			struct mem m = { copy, n, 0, 0 };
			struct run r;
			int flips = 1 + round % 8;

			memcpy(copy, orig, n);
			for (int k = 0; k < flips; k++) {
				seed = seed * 1103515245u + 12345u;
				copy[(seed >> 8) % n] ^= (unsigned char)(1u << (seed % 8));
			}
			if (round % 5 == 4)
				m.n = (seed >> 4) % n;
			m.chunk = 1 + (seed >> 12) % 4096;
			tarball_options_init(&o);
			run_init(&r, "image");
			if (source_tarball_read_stream(&r, "mutated", mem_reader, &m, &o, &err) < 0)
				CHECK(err.msg[0] != '\0');
			for (size_t k = 0; k < r.nerrors; k++)
				CHECK(r.errors[k].message[0] != '\0');
			run_release(&r);
		}
		free(orig);
		free(copy);
	}
}

static void cleanup(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

int main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/dockgate-t_tarball.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	atexit(cleanup);
	/* The system interpreter starts faster than a version-manager shim. */
	if (getenv("PYTHON") && *getenv("PYTHON"))
		python = getenv("PYTHON");
	else if (access("/usr/bin/python3", X_OK) == 0)
		python = "/usr/bin/python3";
	RUN(layouts_and_compressions);
	RUN(outer_compression_and_order);
	RUN(stdin);
	RUN(stream_api);
	RUN(bad_image_facts);
	RUN(multi_image_shared_layers);
	RUN(merge_semantics);
	RUN(untagged_identity);
	RUN(errors);
	RUN(option_bounds);
	RUN(mutations);
	return test_done();
}
