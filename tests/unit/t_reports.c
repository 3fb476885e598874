/*
 * t_reports.c - the five report writers: escaping helpers, the Dockerfile
 * mapper, golden files, every status, waivers, baselines, errors, hostile
 * strings, 5,000 findings, the catalog round trip through SARIF rules, and
 * reports that cannot be written.
 *
 * Every report is also written to $DOCKGATE_REPORTS_OUT (default tests/out)
 * so that tests/e2e/reports.sh can run the shared validators on them.
 * DOCKGATE_UPDATE_GOLDEN=1 rewrites tests/golden/ from this run.
 */
#include "test.h"
#include "audit.h"
#include "buf.h"
#include "check.h"
#include "cli.h"
#include "dockerfile.h"
#include "json.h"
#include "report.h"
#include "report_util.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <sys/stat.h>
#include <unistd.h>

#define EPOCH "1800000000" /* 2027-01-15T08:00:00Z */

static const char *out_dir = "tests/out";

static void fake_fn(const struct facts *f, const struct target *t, struct findings *out)
{
	(void)f;
	(void)t;
	(void)out;
}

/* Fixed checks, so golden files do not change when the catalog grows. */
static const struct check fk[] = {
	{ .id = "CIS-1.1.1",
	  .name = "separate-partition",
	  .cis = "1.1.1",
	  .section = 1,
	  .title = "Ensure a separate partition for containers has been created",
	  .scope = SCOPE_HOST,
	  .severity = SEV_LOW,
	  .level = 1,
	  .rationale = "Docker fills /var/lib/docker.",
	  .remediation = "Mount /var/lib/docker on its own partition.",
	  .fn = fake_fn },
	{ .id = "CIS-2.2",
	  .name = "icc-disabled",
	  .cis = "2.2",
	  .section = 2,
	  .title = "Ensure network traffic is restricted between containers on the default bridge",
	  .scope = SCOPE_DAEMON,
	  .severity = SEV_MEDIUM,
	  .level = 1,
	  .rationale = "Containers on the default bridge can talk to each other.",
	  .remediation = "Run dockerd with --icc=false.",
	  .fn = fake_fn },
	{ .id = "CIS-4.1",
	  .name = "non-root-user",
	  .cis = "4.1",
	  .section = 4,
	  .title = "Ensure that a user for the container has been created",
	  .scope = SCOPE_IMAGE,
	  .severity = SEV_HIGH,
	  .level = 1,
	  .rationale = "Root in a container is root on escape.",
	  .remediation = "Add USER app to the Dockerfile (RUN useradd app first).",
	  .fn = fake_fn },
	{ .id = "CIS-4.2",
	  .name = "trusted-base-images",
	  .cis = "4.2",
	  .section = 4,
	  .title = "Ensure that containers use only trusted base images",
	  .scope = SCOPE_IMAGE,
	  .severity = SEV_MEDIUM,
	  .level = 1,
	  .rationale = "Unknown bases may carry malware.",
	  .remediation = "Use approved base images pinned by digest.",
	  .fn = NULL },
	{ .id = "CIS-4.6",
	  .name = "healthcheck",
	  .cis = "4.6",
	  .section = 4,
	  .title = "Ensure that HEALTHCHECK instructions have been added to container images",
	  .scope = SCOPE_IMAGE,
	  .severity = SEV_LOW,
	  .level = 1,
	  .rationale = "Without a HEALTHCHECK a hung service looks healthy.",
	  .remediation = "Add HEALTHCHECK CMD curl -f http://localhost/ || exit 1.",
	  .fn = fake_fn },
	{ .id = "DG-IMG-001",
	  .name = "secret-file",
	  .cis = NULL,
	  .section = 4,
	  .title = "No secret files in the image",
	  .scope = SCOPE_IMAGE,
	  .severity = SEV_CRITICAL,
	  .level = 0,
	  .rationale = "Anyone who pulls the image gets the key.",
	  .remediation = "Use build secrets (RUN --mount=type=secret) and multi-stage builds.",
	  .fn = fake_fn },
	{ .id = "DG-IMG-002",
	  .name = "image-info",
	  .cis = NULL,
	  .section = 4,
	  .title = "Image metadata",
	  .scope = SCOPE_IMAGE,
	  .severity = SEV_INFO,
	  .level = 0,
	  .rationale = "Informational.",
	  .remediation = "None needed.",
	  .fn = fake_fn },
	{ .id = "CIS-5.10",
	  .name = "memory-limit",
	  .cis = "5.10",
	  .section = 5,
	  .title = "Ensure that the memory usage for containers is limited",
	  .scope = SCOPE_CONTAINER,
	  .severity = SEV_MEDIUM,
	  .level = 1,
	  .rationale = "A container can starve the host.",
	  .remediation = "Run with --memory.",
	  .fn = fake_fn },
	{ .id = "CIS-5.4",
	  .name = "privileged-container",
	  .cis = "5.4",
	  .section = 5,
	  .title = "Ensure that privileged containers are not used",
	  .scope = SCOPE_CONTAINER,
	  .severity = SEV_CRITICAL,
	  .level = 1,
	  .rationale = "Privileged is root on the host.",
	  .remediation = "Do not run with --privileged.",
	  .fn = fake_fn },
};

static const struct check *fkc(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(fk); i++)
		if (!strcmp(fk[i].id, id))
			return &fk[i];
	BUG("no test check %s", id);
}

static struct finding *add(struct run *r, const char *id, size_t target, enum status st,
			   const char *evidence, const char *msg)
{
	struct finding *f;
	const struct target *t = &r->targets[target];

	ALLOC_GROW(r->findings.v, r->findings.n + 1, r->findings.alloc);
	f = &r->findings.v[r->findings.n++];
	memset(f, 0, sizeof(*f));
	f->check = fkc(id);
	f->target = target;
	f->status = st;
	f->severity = f->check->severity;
	f->evidence = xstrdup(evidence ? evidence : "");
	f->message = xstrdup(msg);
	f->layer = -1;
	f->history = -1;
	finding_fingerprint(f->check->id, target_kind_name(t->kind), t->name, f->evidence,
			    f->fingerprint);
	return f;
}

static struct waiver *add_waiver(struct policy *p, const char *check, const char *target,
				 const char *reason, const char *expires, const char *ticket)
{
	struct waiver *w;

	p->waivers = xrealloc(p->waivers, (p->nwaivers + 1) * sizeof(*p->waivers));
	w = &p->waivers[p->nwaivers++];
	memset(w, 0, sizeof(*w));
	w->check = xstrdup(check);
	w->target = target ? xstrdup(target) : NULL;
	w->reason = xstrdup(reason);
	w->expires = expires ? xstrdup(expires) : NULL;
	if (expires && policy_parse_date(expires, &w->expires_at) < 0)
		BUG("bad date");
	w->ticket = ticket ? xstrdup(ticket) : NULL;
	return w;
}

/* An image with history and layers, as a tarball source would fill it. */
static struct image *golden_image(struct trun *t, const char *ref)
{
	static const char *const steps[] = {
		"/bin/sh -c #(nop) ADD file:0123 in / ",
		"/bin/sh -c #(nop)  CMD [\"sh\"]",
		"RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit",
		"COPY id_rsa /root/.ssh/id_rsa # buildkit",
		"ENV API_TOKEN=****",
		"USER root",
	};
	struct image *img = trun_image(t, ref);
	struct image_file *f;

	img->history = xcalloc(ARRAY_SIZE(steps), sizeof(*img->history));
	img->nhistory = ARRAY_SIZE(steps);
	img->layers = xcalloc(3, sizeof(*img->layers));
	img->nlayers = 3;
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		img->history[i].created_by = xstrdup(steps[i]);
		img->history[i].layer = -1;
		img->history[i].empty_layer = 1;
	}
	for (int i = 0; i < 3; i++) {
		static const int hist[] = { 0, 2, 3 };

		img->layers[i].digest = xstrfmt("sha256:%064d", i + 1);
		img->layers[i].history = hist[i];
		img->history[hist[i]].layer = i;
		img->history[hist[i]].empty_layer = 0;
	}
	f = trun_file(img, "root/.ssh/id_rsa", FILE_REG, 0600, 0);
	f->layer = 2;
	f = trun_file(img, "usr/bin/passwd", FILE_REG, 04755, 0);
	f->layer = 0;
	image_sort_files(img);
	strlist_push(&img->config.env, "API_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB");
	return img;
}

static size_t add_image_target(struct trun *t, struct image *img)
{
	size_t ti = run_add_target(&t->run, TARGET_IMAGE, img->name, img->ref, img->id);

	t->run.targets[ti].image = img;
	return ti;
}

/* The fixed run of the golden files: every target kind and status, waivers, baseline, errors. */
static void golden_run(struct trun *t)
{
	struct run *r = &t->run;
	struct image *img = golden_image(t, "myapp:1.4");
	size_t ti = add_image_target(t, img), tc, td, th;
	struct finding *f;

	tc = run_add_target(r, TARGET_CONTAINER, "web", "web (3f2a1b9c0d1e)", "3f2a1b9c0d1e");
	td = run_add_target(r, TARGET_DAEMON, "daemon", "daemon (Docker 24.0.7)", NULL);
	th = run_add_target(r, TARGET_HOST, "host", "host", NULL);
	add(r, "CIS-1.1.1", th, STATUS_FAIL, "/var/lib/docker",
	    "/var/lib/docker is not a separate partition");
	add(r, "CIS-2.2", td, STATUS_ERROR, "", "cannot read the daemon's network settings");
	f = add(r, "CIS-4.1", ti, STATUS_FAIL, "Config.User",
		"image runs as root (Config.User is 'root')");
	f->baseline = BASELINE_UNCHANGED;
	add(r, "CIS-4.2", ti, STATUS_MANUAL, "", "manual review: no automated test");
	f = add(r, "CIS-4.6", ti, STATUS_FAIL, "Config.Healthcheck",
		"no HEALTHCHECK instruction in the image");
	f->baseline = BASELINE_NEW;
	f = add(r, "DG-IMG-001", ti, STATUS_FAIL, "root/.ssh/id_rsa",
		"PEM private key at /root/.ssh/id_rsa");
	f->layer = 2;
	f->baseline = BASELINE_NEW;
	f = add(r, "DG-IMG-001", ti, STATUS_FAIL, "etc/old-key.pem",
		"PEM private key at /etc/old-key.pem");
	f->baseline = BASELINE_ABSENT;
	add(r, "DG-IMG-002", ti, STATUS_PASS, "", "");
	f = add(r, "CIS-5.10", tc, STATUS_FAIL, "web", "container 'web' has no memory limit");
	f->baseline = BASELINE_UNCHANGED;
	add(r, "CIS-5.4", tc, STATUS_SKIP, "", "no privileged information (inspect failed)");
	run_add_error(r, "image 'app.tar' layer 'sha256:9f'",
		      "cannot read entry 'etc/x': truncated gzip stream");
	add_waiver(&t->policy, "CIS-5.10", "container:web", "limits set by the orchestrator",
		   "2027-01-20", "SEC-123");
	add_waiver(&t->policy, "CIS-4.*", "image:other", "nothing matches this", "2027-06-01",
		   NULL);
	add_waiver(&t->policy, "CIS-1.1.1", NULL, "old partition plan", "2026-12-01", "OPS-7");
	t->policy.max[SEV_MEDIUM] = 10;
	r->policy = &t->policy;
	r->duration = 1.25;
	policy_apply(&t->policy, r);
}

static char *out_path(const char *name)
{
	return xstrfmt("%s/%s", out_dir, name);
}

static const struct {
	const char *ext;
	report_fn fn;
} formats[] = {
	{ "sarif", report_sarif },
	{ "junit.xml", report_junit },
	{ "md", report_markdown },
	{ "json", report_json },
	{ "codequality.json", report_codequality },
};

/* Write every format as OUT/<base>.<ext>; returns how many failed. */
static int write_all(const struct run *r, const char *base, const struct report_options *o)
{
	struct errbuf err;
	int bad = 0;

	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		char *name = xstrfmt("%s.%s", base, formats[i].ext), *path = out_path(name);

		if (report_write_file(path, formats[i].fn, r, o, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			bad++;
		}
		free(name);
		free(path);
	}
	return bad;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!fp)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	if (len)
		*len = b.len;
	if (!b.s)
		buf_adds(&b, "");
	return buf_detach(&b);
}

static struct json_object *load_json(const char *base, const char *ext)
{
	char *name = xstrfmt("%s.%s", base, ext), *path = out_path(name);
	struct errbuf err;
	struct json_object *o = json_parse_file(path, 64 << 20, &err);

	if (!o)
		fprintf(stderr, "%s\n", err.msg);
	free(name);
	free(path);
	return o;
}

static int xml_well_formed(const char *base)
{
	char *name = xstrfmt("%s.junit.xml", base), *path = out_path(name);
	xmlDocPtr doc = xmlReadFile(path, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int ok = doc != NULL;

	xmlFreeDoc(doc);
	free(name);
	free(path);
	return ok;
}

/* Is s valid UTF-8? */
static int valid_utf8(const char *s, size_t len)
{
	char *c = report_clean(s, 0);
	int ok = strlen(c) == len && !memcmp(c, s, len);

	free(c);
	return ok;
}

static struct json_object *sarif_run0(struct json_object *root)
{
	return json_object_array_get_idx(json_get_array(root, "runs"), 0);
}

TEST(clean_utf8)
{
	char *s;

	s = report_clean("ok \xc3\xa9 \xff bad \xc0\xaf over \xed\xa0\x80 sur \xf4\x90\x80\x80 big",
			 0);
	CHECK_STR(
		s,
		"ok \xc3\xa9 \xef\xbf\xbd bad \xef\xbf\xbd\xef\xbf\xbd over "
		"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd sur \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd big");
	free(s);
	s = report_clean("a\x01"
			 "b\tc\nd\xef\xbf\xbe",
			 CLEAN_XML);
	CHECK_STR(s, "a\xef\xbf\xbd"
		     "b\tc\nd\xef\xbf\xbd");
	free(s);
	s = report_clean("truncated \xe2\x82", 0);
	CHECK_STR(s, "truncated \xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	s = report_clean(NULL, 0);
	CHECK_STR(s, "");
	free(s);
}

TEST(markdown_escape)
{
	struct buf b = BUF_INIT;

	report_md_escape(
		&b,
		"a|b `c` <script>alert(1)</script> ]]> x\ny *z* _u_ [l](http://e.com) @me $x$ a:b");
	CHECK_STR(buf_str(&b),
		  "a\\|b \\`c\\` &lt;script&gt;alert(1)&lt;/script&gt; \\]\\]&gt; x\\x0ay "
		  "\\*z\\* \\_u\\_ \\[l\\](http\\://e.com) \\@me \\$x\\$ a:b");
	buf_reset(&b);
	report_md_escape(&b, "# h");
	CHECK_STR(buf_str(&b), "\\# h");
	buf_reset(&b);
	report_md_escape(&b, "- item");
	CHECK_STR(buf_str(&b), "\\- item");
	buf_reset(&b);
	report_md_escape(&b, "12. x www.example.com");
	CHECK_STR(buf_str(&b), "12\\. x www\\.example.com");
	buf_reset(&b);
	report_md_escape(&b, "bad \xff \xe2\x80\xae rtl \xc2\x85");
	CHECK_STR(buf_str(&b), "bad \xef\xbf\xbd \xef\xbf\xbd rtl \\u0085");
	buf_release(&b);
}

TEST(uri_paths)
{
	struct buf b = BUF_INIT;

	report_uri_path(&b, "registry:5000/team/app");
	CHECK_STR(buf_str(&b), "registry%3A5000/team/app");
	buf_reset(&b);
	report_uri_path(&b, "/../a b//./c|<d>");
	CHECK_STR(buf_str(&b), "_/a%20b/_/c%7C%3Cd%3E");
	buf_reset(&b);
	report_uri_path(&b, "");
	CHECK_STR(buf_str(&b), "_");
	buf_reset(&b);
	report_uri_path(&b, "caf\xc3\xa9\n\xff");
	CHECK_STR(buf_str(&b), "caf%C3%A9%0A%FF");
	buf_release(&b);
}

static const char dockerfile_text[] = "# syntax=docker/dockerfile:1\n"	/* 1 */
				      "FROM golang:1.22 AS build\n"	/* 2 */
				      "RUN go build \\\n"		/* 3 */
				      "    -o /app .\n"			/* 4 */
				      "\n"				/* 5 */
				      "FROM debian:12\n"		/* 6 */
				      "# install tools\n"		/* 7 */
				      "RUN apt-get update && \\\n"	/* 8 */
				      "    # a comment inside\n"	/* 9 */
				      "    apt-get install -y curl\n"	/* 10 */
				      "ARG VERSION=1\n"			/* 11 */
				      "COPY id_rsa /root/.ssh/id_rsa\n" /* 12 */
				      "ENV API_TOKEN=secret OTHER=1\n"	/* 13 */
				      "RUN <<EOF\n"			/* 14 */
				      "echo USER root\n"		/* 15 */
				      "EOF\n"				/* 16 */
				      "user root\n";			/* 17 */

TEST(dockerfile_parse)
{
	struct dockerfile df;

	dockerfile_parse(&df, dockerfile_text, strlen(dockerfile_text));
	CHECK_INT(df.n, 9);
	CHECK_STR(df.v[0].keyword, "FROM");
	CHECK_INT(df.v[1].start_line, 3);
	CHECK_INT(df.v[1].end_line, 4);
	CHECK_STR(df.v[1].args, "go build -o /app .");
	CHECK_INT(df.last_from, 2);
	CHECK_INT(df.v[2].start_line, 6);
	CHECK_INT(df.v[2].stage, 1);
	CHECK_INT(df.v[3].start_line, 8);
	CHECK_INT(df.v[3].end_line, 10);
	CHECK_STR(df.v[3].args, "apt-get update && apt-get install -y curl");
	CHECK_INT(df.v[7].start_line, 14);
	CHECK_INT(df.v[7].end_line, 16);
	CHECK_STR(df.v[8].keyword, "USER");
	CHECK_INT(df.v[8].start_line, 17);
	CHECK_INT(dockerfile_find(&df, "USER", NULL), 8);
	CHECK_INT(dockerfile_find(&df, "ENV", "OTHER"), 6);
	CHECK_INT(dockerfile_find(&df, "ENV", "OTH"), -1);
	CHECK_INT(dockerfile_find(&df, "HEALTHCHECK", NULL), -1);
	dockerfile_release(&df);

	dockerfile_parse(&df, "# escape=`\r\nFROM x\r\nRUN a `\r\n  b\r\n", 34);
	CHECK_INT(df.n, 2);
	CHECK_STR(df.v[1].args, "a b");
	CHECK_INT(df.v[1].end_line, 4);
	dockerfile_release(&df);
	dockerfile_parse(&df, "", 0);
	CHECK_INT(df.n, 0);
	dockerfile_release(&df);
}

TEST(dockerfile_history)
{
	struct trun t;
	struct image *img;
	struct dockerfile df;
	int *map;

	CHECK_STR(dockerfile_step_keyword("/bin/sh -c #(nop)  USER app"), "USER");
	CHECK_STR(dockerfile_step_keyword("/bin/sh -c apt-get update"), "RUN");
	CHECK_STR(dockerfile_step_keyword("|2 A=1 B=2 /bin/sh -c make"), "RUN");
	CHECK_STR(dockerfile_step_keyword("RUN /bin/sh -c make # buildkit"), "RUN");
	CHECK_STR(dockerfile_step_keyword("ENV A=b"), "ENV");
	CHECK(dockerfile_step_keyword("whatever") == NULL);
	CHECK(dockerfile_step_keyword(NULL) == NULL);

	trun_init(&t);
	img = golden_image(&t, "myapp:1.4");
	dockerfile_parse(&df, dockerfile_text, strlen(dockerfile_text));
	map = dockerfile_map_history(&df, img);
	/* The base image's ADD/CMD map nowhere; then RUN, COPY, ENV, USER (the heredoc RUN has no step). */
	CHECK(map != NULL);
	if (map) {
		CHECK_INT(map[0], -1);
		CHECK_INT(map[1], -1);
	}
	free(map);
	dockerfile_release(&df);
	/* Without the heredoc RUN the steps line up. */
	{
		static const char text[] =
			"FROM debian:12\nRUN apt-get update\nCOPY id_rsa /root/.ssh/id_rsa\n"
			"ENV API_TOKEN=x\nUSER root\n";

		dockerfile_parse(&df, text, strlen(text));
		map = dockerfile_map_history(&df, img);
		CHECK(map != NULL);
		if (map) {
			CHECK_INT(map[0], -1);
			CHECK_INT(map[2], 1);
			CHECK_INT(map[3], 2);
			CHECK_INT(map[4], 3);
			CHECK_INT(map[5], 4);
		}
		free(map);
		dockerfile_release(&df);
	}
	trun_release(&t);
}

/* Compare OUT/name with tests/golden/name (or update it). */
static void golden_compare(const char *name)
{
	char *out = out_path(name), *gold = xstrfmt("tests/golden/%s", name), *cmd;
	const char *update = getenv("DOCKGATE_UPDATE_GOLDEN");

	if (update && !strcmp(update, "1"))
		cmd = xstrfmt("cp '%s' '%s'", out, gold);
	else
		cmd = xstrfmt("diff -u '%s' '%s' >&2", gold, out);
	if (system(cmd) != 0) {
		test_failed++;
		fprintf(stderr, "FAIL [%s]: %s differs from %s\n", test_current, out, gold);
	}
	free(cmd);
	free(out);
	free(gold);
}

TEST(golden)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct report_options od = { .tool_version = "0.1.0",
				     .dockerfile = "tests/golden/Dockerfile" };

	trun_init(&t);
	golden_run(&t);
	CHECK_INT(t.run.exit_code, EXIT_INCOMPLETE);
	CHECK(write_all(&t.run, "golden", &o) == 0);
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		char *name = xstrfmt("golden.%s", formats[i].ext);

		golden_compare(name);
		free(name);
	}
	CHECK(write_all(&t.run, "golden-dockerfile", &od) == 0);
	golden_compare("golden-dockerfile.sarif");
	golden_compare("golden-dockerfile.codequality.json");
	trun_release(&t);
}

/* Every status, waivers, baseline states, errors: check what consumers read. */
TEST(statuses_sarif)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct json_object *root, *run, *results, *rules;
	size_t nfail = 0, seen_absent = 0, seen_suppressed = 0;

	trun_init(&t);
	golden_run(&t);
	CHECK(write_all(&t.run, "statuses", &o) == 0);
	for (size_t i = 0; i < t.run.findings.n; i++)
		nfail += t.run.findings.v[i].status == STATUS_FAIL;
	root = load_json("statuses", "sarif");
	CHECK(root != NULL);
	if (!root)
		goto out;
	run = sarif_run0(root);
	results = json_get_array(run, "results");
	rules = json_get_array(json_get_object(json_get_object(run, "tool"), "driver"), "rules");
	CHECK_INT(json_object_array_length(results), nfail);
	CHECK_INT(json_object_array_length(rules), 9);
	for (size_t i = 0; i < json_object_array_length(results); i++) {
		struct json_object *res = json_object_array_get_idx(results, i);
		struct json_object *rule = json_object_array_get_idx(
			rules, (size_t)json_get_int(res, "ruleIndex", -1));
		struct json_object *props = json_get_object(res, "properties");
		const char *bs = json_get_str(res, "baselineState");

		CHECK_STR(json_get_str(rule, "id"), json_get_str(res, "ruleId"));
		CHECK(json_get_str(json_get_object(res, "partialFingerprints"), "dockgate/v1") !=
		      NULL);
		CHECK(bs != NULL);
		if (bs && !strcmp(bs, "absent"))
			seen_absent++;
		if (json_get_array(res, "suppressions")) {
			struct json_object *s = json_object_array_get_idx(
				json_get_array(res, "suppressions"), 0);

			CHECK_STR(json_get_str(s, "kind"), "external");
			CHECK_STR(json_get_str(s, "justification"),
				  "limits set by the orchestrator");
			CHECK_STR(json_get_str(res, "ruleId"), "CIS-5.10");
			seen_suppressed++;
		}
		CHECK_STR(json_get_str(props, "status"), "fail");
		if (!strcmp(json_get_str(res, "ruleId"), "DG-IMG-001") && bs &&
		    strcmp(bs, "absent")) {
			CHECK_STR(json_get_str(res, "level"), "error");
			CHECK_STR(json_get_str(props, "severity"), "critical");
			CHECK_STR(json_get_str(props, "target"), "image:myapp");
			CHECK_STR(json_get_str(props, "targetDisplay"), "myapp:1.4");
			CHECK_STR(json_get_str(props, "evidence"), "root/.ssh/id_rsa");
		}
		if (!strcmp(json_get_str(res, "ruleId"), "CIS-4.6"))
			CHECK_STR(json_get_str(res, "level"), "note");
	}
	CHECK_INT(seen_absent, 1);
	CHECK_INT(seen_suppressed, 1);
	{
		struct json_object *inv = json_object_array_get_idx(
			json_get_array(run, "invocations"), 0);

		CHECK(!json_get_bool(inv, "executionSuccessful", 1));
		CHECK_INT(json_get_int(inv, "exitCode", -1), EXIT_INCOMPLETE);
		/* a run error, a STATUS_ERROR finding, an expired and an unused waiver */
		CHECK_INT(
			json_object_array_length(json_get_array(inv, "toolExecutionNotifications")),
			4);
	}
	for (size_t i = 0; i < json_object_array_length(rules); i++) {
		struct json_object *rule = json_object_array_get_idx(rules, i);
		struct json_object *props = json_get_object(rule, "properties");
		const char *id = json_get_str(rule, "id");
		const char *sev = json_get_str(props, "security-severity");

		if (!strcmp(id, "DG-IMG-001"))
			CHECK_STR(sev, "9.5");
		else if (!strcmp(id, "CIS-4.1"))
			CHECK_STR(sev, "8.0");
		else if (!strcmp(id, "CIS-2.2"))
			CHECK_STR(sev, "5.5");
		else if (!strcmp(id, "CIS-4.6"))
			CHECK_STR(sev, "3.0");
		else if (!strcmp(id, "DG-IMG-002"))
			CHECK(sev == NULL);
		CHECK(json_get_str(json_get_object(rule, "help"), "markdown") != NULL);
		CHECK(json_object_array_length(json_get_array(props, "tags")) <= 20);
	}
	json_object_put(root);
out:
	trun_release(&t);
}

TEST(statuses_json)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct json_object *root, *sum, *findings, *waivers;

	trun_init(&t);
	golden_run(&t);
	CHECK(write_all(&t.run, "statuses", &o) == 0);
	root = load_json("statuses", "json");
	CHECK(root != NULL);
	if (!root)
		goto out;
	CHECK_STR(json_get_str(root, "schema"), "dockgate/result/v1");
	CHECK_STR(json_get_str(root, "generated"), "2027-01-15T08:00:00Z");
	CHECK_STR(json_get_str(root, "verdict"), "incomplete");
	CHECK(!json_get_bool(root, "complete", 1));
	CHECK_INT(json_get_int(root, "exit_code", -1), EXIT_INCOMPLETE);
	sum = json_get_object(root, "summary");
	CHECK_INT(json_get_int(sum, "targets", -1), 4);
	CHECK_INT(json_get_int(sum, "results", -1), 9);
	CHECK_INT(json_get_int(sum, "fail", -1), 5);
	CHECK_INT(json_get_int(sum, "pass", -1), 1);
	CHECK_INT(json_get_int(sum, "manual", -1), 1);
	CHECK_INT(json_get_int(sum, "skip", -1), 1);
	CHECK_INT(json_get_int(sum, "error", -1), 1);
	CHECK_INT(json_get_int(sum, "waived", -1), 1);
	CHECK_INT(json_get_int(json_get_object(sum, "baseline"), "absent", -1), 1);
	CHECK_INT(json_get_int(json_get_object(sum, "baseline"), "new", -1), 2);
	CHECK_INT(json_get_int(json_get_object(sum, "failures_by_severity"), "critical", -1), 1);
	findings = json_get_array(root, "findings");
	CHECK_INT(json_object_array_length(findings), 10);
	for (size_t i = 0; i < json_object_array_length(findings); i++) {
		struct json_object *f = json_object_array_get_idx(findings, i);

		CHECK_INT(strlen(json_get_str(f, "fingerprint")), 16);
		if (!strcmp(json_get_str(f, "rule"), "CIS-5.10")) {
			CHECK_STR(json_get_str(json_get_object(f, "waiver"), "ticket"), "SEC-123");
			CHECK(!json_get_bool(f, "gating", 1));
		}
		if (!strcmp(json_get_str(f, "evidence"), "root/.ssh/id_rsa"))
			CHECK_STR(
				json_get_str(f, "layer"),
				"sha256:0000000000000000000000000000000000000000000000000000000000000003");
		else
			CHECK(json_get_str(f, "layer") == NULL);
	}
	waivers = json_get_array(root, "waivers");
	CHECK_INT(json_object_array_length(waivers), 3);
	CHECK_STR(json_get_str(json_object_array_get_idx(waivers, 0), "state"), "expiring");
	CHECK_STR(json_get_str(json_object_array_get_idx(waivers, 1), "state"), "unused");
	CHECK_STR(json_get_str(json_object_array_get_idx(waivers, 2), "state"), "expired");
	CHECK_INT(json_object_array_length(json_get_array(root, "errors")), 1);
	json_object_put(root);
out:
	trun_release(&t);
}

TEST(statuses_junit_markdown_cq)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	char *xml, *md, *path;
	struct json_object *cq;

	trun_init(&t);
	golden_run(&t);
	CHECK(write_all(&t.run, "statuses", &o) == 0);
	CHECK(xml_well_formed("statuses"));
	path = out_path("statuses.junit.xml");
	xml = slurp(path, NULL);
	free(path);
	CHECK(xml &&
	      strstr(xml,
		     "<testsuites name=\"dockgate\" tests=\"10\" failures=\"4\" errors=\"2\""));
	CHECK(xml &&
	      strstr(xml,
		     "classname=\"image:myapp\" name=\"CIS-4.1 Ensure that a user for the container has been created\""));
	CHECK(xml &&
	      strstr(xml,
		     "waived: limits set by the orchestrator (expires 2027-01-20, ticket SEC-123)"));
	CHECK(xml && strstr(xml, "Remediation: Add USER app"));
	free(xml);
	path = out_path("statuses.md");
	md = slurp(path, NULL);
	free(path);
	CHECK(md && !strncmp(md, "# dockgate test audit: incomplete\n", 34));
	/* most severe first: the critical secret before the high root user */
	CHECK(md && strstr(md, "DG-IMG-001") && strstr(md, "| high") &&
	      strstr(md, "| critical") < strstr(md, "| high (gating)"));
	CHECK(md && strstr(md, "expired: its findings count again"));
	CHECK(md && strstr(md, "unused: matched nothing"));
	free(md);
	cq = load_json("statuses", "codequality.json");
	CHECK(cq != NULL);
	/* unwaived, present failures: host, CIS-4.1, CIS-4.6, DG-IMG-001 (the waived and absent ones are out) */
	CHECK_INT(cq ? json_object_array_length(cq) : 0, 4);
	for (size_t i = 0; cq && i < json_object_array_length(cq); i++) {
		struct json_object *is = json_object_array_get_idx(cq, i);

		if (!strcmp(json_get_str(is, "check_name"), "DG-IMG-001")) {
			CHECK_STR(json_get_str(is, "severity"), "critical");
			CHECK_STR(json_get_str(json_get_object(is, "location"), "path"),
				  "myapp/root/.ssh/id_rsa");
		}
		if (!strcmp(json_get_str(is, "check_name"), "CIS-4.1")) {
			CHECK_STR(json_get_str(is, "severity"), "major");
			CHECK_STR(json_get_str(json_get_object(is, "location"), "path"),
				  "myapp/image-config.json");
		}
		if (!strcmp(json_get_str(is, "check_name"), "CIS-1.1.1"))
			CHECK_STR(json_get_str(json_get_object(is, "location"), "path"),
				  "docker/host/var/lib/docker");
	}
	json_object_put(cq);
	trun_release(&t);
}

/* With a Dockerfile, image findings point at the instruction lines. */
TEST(dockerfile_locations)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0",
				    .dockerfile = "tests/golden/Dockerfile" };
	struct json_object *cq;

	trun_init(&t);
	golden_run(&t);
	CHECK(write_all(&t.run, "dockerfile", &o) == 0);
	cq = load_json("dockerfile", "codequality.json");
	for (size_t i = 0; cq && i < json_object_array_length(cq); i++) {
		struct json_object *is = json_object_array_get_idx(cq, i);
		struct json_object *loc = json_get_object(is, "location");
		const char *id = json_get_str(is, "check_name");
		long long line = json_get_int(json_get_object(loc, "lines"), "begin", -1);

		if (!strcmp(id, "CIS-1.1.1")) {
			CHECK_STR(json_get_str(loc, "path"), "docker/host/var/lib/docker");
			continue;
		}
		CHECK_STR(json_get_str(loc, "path"), "tests/golden/Dockerfile");
		if (!strcmp(id, "CIS-4.1"))
			CHECK_INT(line, 12); /* USER root */
		else if (!strcmp(id, "DG-IMG-001"))
			CHECK_INT(line, 9); /* COPY id_rsa */
		else if (!strcmp(id, "CIS-4.6"))
			CHECK_INT(line, 5); /* no instruction: the final FROM */
	}
	CHECK(cq != NULL);
	json_object_put(cq);
	trun_release(&t);
}

TEST(clean_run)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct json_object *root;
	struct image *img;

	trun_init(&t);
	img = trun_image(&t, "clean:1");
	img->config.user = xstrdup("app");
	img->config.has_healthcheck = 1;
	strlist_push(&img->config.healthcheck, "CMD");
	trun_exec(&t, "*");
	CHECK_INT(t.run.exit_code, EXIT_PASS);
	CHECK(write_all(&t.run, "clean", &o) == 0);
	root = load_json("clean", "sarif");
	CHECK(root && json_object_array_length(json_get_array(sarif_run0(root), "results")) == 0);
	CHECK(root && json_get_bool(json_object_array_get_idx(
					    json_get_array(sarif_run0(root), "invocations"), 0),
				    "executionSuccessful", 0));
	json_object_put(root);
	root = load_json("clean", "json");
	CHECK_STR(root ? json_get_str(root, "verdict") : NULL, "passed");
	json_object_put(root);
	trun_release(&t);
}

/* Names, paths and messages an attacker controls: every output stays valid. */
TEST(hostile_strings)
{
	static const char evil[] = "evil|<script>alert(1)</script>]]>\n`x`\x01\xff\xfe\"'&";
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct image *img;
	size_t ti, tc;
	char *s, *name;
	char *path;
	size_t len;

	trun_init(&t);
	name = xstrfmt("registry:5000/%s", evil);
	img = trun_image(&t, name);
	free(name);
	free(img->name);
	img->name = xstrfmt("registry:5000/%s", evil);
	img->config.labels = xcalloc(1, sizeof(*img->config.labels));
	img->config.labels[0].key = xstrdup(evil);
	img->config.labels[0].value = xstrdup(evil);
	img->config.nlabels = 1;
	ti = add_image_target(&t, img);
	tc = run_add_target(&t.run, TARGET_CONTAINER, evil, evil, NULL);
	add(&t.run, "CIS-4.1", ti, STATUS_FAIL, evil, evil);
	add(&t.run, "DG-IMG-001", ti, STATUS_FAIL, "../../etc/\n<x>|y", evil);
	add(&t.run, "CIS-4.2", ti, STATUS_MANUAL, "", evil);
	add(&t.run, "CIS-5.10", tc, STATUS_FAIL, evil, evil);
	add(&t.run, "CIS-5.4", tc, STATUS_ERROR, "", evil);
	run_add_error(&t.run, evil, "%s", evil);
	add_waiver(&t.policy, "CIS-5.10", NULL, evil, "2099-01-01", evil);
	add_waiver(&t.policy, "CIS-9.*", evil, evil, NULL, NULL);
	t.run.policy = &t.policy;
	policy_apply(&t.policy, &t.run);
	o.sarif_manual = 1;
	CHECK(write_all(&t.run, "hostile", &o) == 0);
	CHECK(xml_well_formed("hostile"));
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		char *n = xstrfmt("hostile.%s", formats[i].ext);

		path = out_path(n);
		s = slurp(path, &len);
		CHECK(s && valid_utf8(s, len));
		/* JSON strings may hold "<script>"; XML and Markdown must escape it. */
		if (i == 1 || i == 2)
			CHECK(s && !strstr(s, "<script>"));
		free(s);
		free(path);
		free(n);
	}
	for (size_t i = 0; i < 3; i++) {
		static const char *const ext[] = { "sarif", "json", "codequality.json" };
		struct json_object *root = load_json("hostile", ext[i]);

		CHECK(root != NULL);
		json_object_put(root);
	}
	/* Markdown tables: every table row has exactly its columns' unescaped pipes. */
	path = out_path("hostile.md");
	s = slurp(path, &len);
	free(path);
	if (s) {
		char *line = s;

		while (line && *line) {
			char *nl = strchr(line, '\n');
			size_t pipes = 0;

			if (nl)
				*nl = '\0';
			for (char *p = line; *p; p++)
				if (*p == '|' && (p == line || p[-1] != '\\'))
					pipes++;
			if (line[0] == '|')
				CHECK(pipes == 5 || pipes == 6 || pipes == 7 || pipes == 4 ||
				      pipes == 8);
			else
				CHECK(pipes == 0);
			CHECK(!strstr(line, "<script") && !strstr(line, "</script"));
			line = nl ? nl + 1 : NULL;
		}
	}
	free(s);
	trun_release(&t);
}

/* Writers never dump facts: a planted secret value appears in no report. */
TEST(no_secrets)
{
	static const char *const secrets[] = { "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
					       "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0", .sarif_manual = 1 };
	struct image *img;
	size_t ti;

	trun_init(&t);
	img = trun_image(&t, "leaky:1");
	strlist_push(&img->config.env,
		     "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	ti = add_image_target(&t, img);
	golden_image(&t, "other:1"); /* its env holds the ghp_ token */
	add_image_target(&t, &t.run.facts.images[1]);
	t.run.targets[ti].image = &t.run.facts.images[0];
	add(&t.run, "DG-IMG-001", ti, STATUS_FAIL, "AWS_SECRET_ACCESS_KEY",
	    "secret in ENV AWS_SECRET_ACCESS_KEY=****");
	add(&t.run, "DG-IMG-001", 1, STATUS_FAIL, "API_TOKEN", "secret in ENV API_TOKEN=****");
	t.run.policy = &t.policy;
	policy_apply(&t.policy, &t.run);
	CHECK(write_all(&t.run, "secrets", &o) == 0);
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		char *n = xstrfmt("secrets.%s", formats[i].ext), *path = out_path(n);
		char *s = slurp(path, NULL);

		for (size_t k = 0; k < ARRAY_SIZE(secrets); k++)
			CHECK(s && !strstr(s, secrets[k]));
		CHECK(s && strstr(s, "ACCESS"));
		free(s);
		free(path);
		free(n);
	}
	trun_release(&t);
}

/* 5,000 findings: all formats written, Markdown stays under 1 MiB. */
TEST(many_findings)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct image *img;
	size_t ti, len;
	struct json_object *root;
	char *path, *s;
	struct buf msg = BUF_INIT;

	trun_init(&t);
	img = trun_image(&t, "big:1");
	ti = add_image_target(&t, img);
	for (int i = 0; i < 180; i++)
		buf_adds(&msg, "long text ");
	for (int i = 0; i < 5000; i++) {
		char ev[64];

		snprintf(ev, sizeof(ev), "usr/lib/file%05d.so", i);
		add(&t.run, i % 2 ? "DG-IMG-001" : "CIS-4.1", ti, STATUS_FAIL, ev, buf_str(&msg));
	}
	t.run.policy = &t.policy;
	policy_apply(&t.policy, &t.run);
	CHECK(write_all(&t.run, "many", &o) == 0);
	root = load_json("many", "sarif");
	CHECK(root &&
	      json_object_array_length(json_get_array(sarif_run0(root), "results")) == 5000);
	json_object_put(root);
	root = load_json("many", "codequality.json");
	CHECK(root && json_object_array_length(root) == 5000);
	json_object_put(root);
	path = out_path("many.md");
	s = slurp(path, &len);
	CHECK(len <= 1024 * 1024);
	CHECK(s && strstr(s, "row(s) were left out to keep this summary under 1 MiB"));
	free(s);
	free(path);
	CHECK(xml_well_formed("many"));
	buf_release(&msg);
	trun_release(&t);
}

/* Every catalog id becomes a SARIF rule when every check is evaluated. */
TEST(catalog_roundtrip)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct json_object *root, *rules;
	size_t kinds[4], n = catalog_count();

	trun_init(&t);
	kinds[TARGET_IMAGE] = add_image_target(&t, trun_image(&t, "all:1"));
	kinds[TARGET_CONTAINER] = run_add_target(&t.run, TARGET_CONTAINER, "c1", "c1 (0123)",
						 "0123");
	kinds[TARGET_DAEMON] = run_add_target(&t.run, TARGET_DAEMON, "daemon", "daemon", NULL);
	kinds[TARGET_HOST] = run_add_target(&t.run, TARGET_HOST, "host", "host", NULL);
	for (size_t i = 0; i < n; i++) {
		const struct check *c = catalog_at(i);
		static const enum target_kind by_scope[] = { TARGET_HOST, TARGET_DAEMON,
							     TARGET_CONTAINER, TARGET_IMAGE };
		struct finding *f;

		ALLOC_GROW(t.run.findings.v, t.run.findings.n + 1, t.run.findings.alloc);
		f = &t.run.findings.v[t.run.findings.n++];
		memset(f, 0, sizeof(*f));
		f->check = c;
		f->target = kinds[by_scope[c->scope]];
		f->status = c->fn ? STATUS_FAIL : STATUS_MANUAL;
		f->severity = c->severity;
		f->evidence = xstrdup("x");
		f->message = xstrdup("m");
		f->layer = f->history = -1;
		snprintf(f->fingerprint, sizeof(f->fingerprint), "%016zx", i);
	}
	engine_sort(&t.run.findings);
	t.run.policy = &t.policy;
	policy_apply(&t.policy, &t.run);
	CHECK(write_all(&t.run, "catalog", &o) == 0);
	root = load_json("catalog", "sarif");
	rules = root ? json_get_array(
			       json_get_object(json_get_object(sarif_run0(root), "tool"), "driver"),
			       "rules")
		     : NULL;
	CHECK_INT(rules ? json_object_array_length(rules) : 0, n);
	for (size_t i = 0; rules && i < n && i < json_object_array_length(rules); i++) {
		struct json_object *rule = json_object_array_get_idx(rules, i);
		const struct check *c = catalog_at(i);
		const char *full = json_get_str(json_get_object(rule, "fullDescription"), "text");
		const char *sec = json_get_str(json_get_object(rule, "properties"),
					       "security-severity");

		CHECK_STR(json_get_str(rule, "id"), c->id);
		CHECK_STR(json_get_str(rule, "name"), c->name);
		CHECK(catalog_find(json_get_str(rule, "id")) == c);
		CHECK(full && strlen(full) <= 1024);
		CHECK(json_get_str(json_get_object(rule, "help"), "text") != NULL);
		if (c->severity == SEV_INFO)
			CHECK(sec == NULL);
		else
			CHECK_STR(sec, report_security_severity(c->severity));
	}
	json_object_put(root);
	trun_release(&t);
}

static int failing_writer(const struct run *r, const struct report_options *o, FILE *fp,
			  struct errbuf *err)
{
	(void)r;
	(void)o;
	fputs("half a report", fp);
	return err_set(err, "formatting failed");
}

static size_t count_tmp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	closedir(d);
	return n;
}

TEST(write_failures)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct errbuf err;
	char *dir = out_path("wf"), *missing = out_path("no-such-dir/x.sarif"), *file, *s;
	struct options opts;
	FILE *fp;

	trun_init(&t);
	golden_run(&t);
	CHECK(report_write_file(missing, report_sarif, &t.run, &o, &err) == -1);
	CHECK(strstr(err.msg, "cannot write report") != NULL);
	CHECK(strstr(err.msg, "no-such-dir/x.sarif") != NULL);

	/* A writer that fails leaves the old file as it was and no temp file. */
	mkdir(dir, 0755);
	file = xstrfmt("%s/r.json", dir);
	fp = fopen(file, "w");
	if (fp) {
		fputs("old\n", fp);
		fclose(fp);
	}
	CHECK(report_write_file(file, failing_writer, &t.run, &o, &err) == -1);
	CHECK(strstr(err.msg, "formatting failed") != NULL);
	s = slurp(file, NULL);
	CHECK_STR(s, "old\n");
	free(s);
	CHECK_INT(count_tmp_files(dir), 0);

	/* A path under a directory nobody may create files in, not even root. */
	CHECK(report_write_file("/proc/dockgate-report.sarif", report_sarif, &t.run, &o, &err) ==
	      -1);
	/* A parent that is a file. */
	s = xstrfmt("%s/sub.sarif", file);
	CHECK(report_write_file(s, report_sarif, &t.run, &o, &err) == -1);
	free(s);
	/* Devices are written in place, never replaced by a rename. */
	{
		struct stat st;

		CHECK(report_write_file("/dev/null", report_json, &t.run, &o, &err) == 0);
		CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
	}

	/* Read-only directory (root may write anyway: only checked when not root). */
	if (geteuid() != 0) {
		chmod(dir, 0555);
		CHECK(report_write_file(file, report_json, &t.run, &o, &err) == -1);
		chmod(dir, 0755);
	}

	/* The audit ends incomplete (exit 3) when a report cannot be written. */
	options_init(&opts);
	opts.command = "image";
	opts.quiet = 1;
	opts.no_step_summary = 1;
	opts.sarif = missing;
	{
		struct trun t2;
		struct image *img;

		trun_init(&t2);
		img = trun_image(&t2, "ok:1");
		img->config.user = xstrdup("app");
		img->config.has_healthcheck = 1;
		trun_exec(&t2, "CIS-4.1");
		CHECK_INT(t2.run.exit_code, EXIT_PASS);
		fflush(stdout);
		CHECK(audit_finish(&t2.run, &t2.policy, &opts) == OUTCOME_INCOMPLETE);
		opts.sarif = NULL;
		opts.json = file;
		CHECK(audit_finish(&t2.run, &t2.policy, &opts) == OUTCOME_PASS);
		trun_release(&t2);
	}
	options_release(&opts);
	free(file);
	free(dir);
	free(missing);
	trun_release(&t);
}

/* Without a baseline, no result carries baselineState; manual rows need sarif_manual. */
TEST(sarif_options)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct json_object *root, *results;
	struct image *img;
	size_t ti;

	trun_init(&t);
	img = trun_image(&t, "m:1");
	ti = add_image_target(&t, img);
	add(&t.run, "CIS-4.1", ti, STATUS_FAIL, "Config.User", "root");
	add(&t.run, "CIS-4.2", ti, STATUS_MANUAL, "", "manual review");
	t.run.policy = &t.policy;
	policy_apply(&t.policy, &t.run);
	CHECK(write_all(&t.run, "options", &o) == 0);
	root = load_json("options", "sarif");
	results = root ? json_get_array(sarif_run0(root), "results") : NULL;
	CHECK_INT(results ? json_object_array_length(results) : 0, 1);
	CHECK(results && !json_get_str(json_object_array_get_idx(results, 0), "baselineState"));
	json_object_put(root);
	o.sarif_manual = 1;
	CHECK(write_all(&t.run, "options-manual", &o) == 0);
	root = load_json("options-manual", "sarif");
	results = root ? json_get_array(sarif_run0(root), "results") : NULL;
	CHECK_INT(results ? json_object_array_length(results) : 0, 2);
	CHECK_STR(results ? json_get_str(json_object_array_get_idx(results, 1), "kind") : NULL,
		  "review");
	json_object_put(root);
	trun_release(&t);
}

/* Two tags of one repository and a second image: unique JUnit cases and Code Quality fingerprints. */
TEST(multi_image)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	struct json_object *cq;
	char *path, *xml;

	trun_init(&t);
	trun_image(&t, "app:1");
	trun_image(&t, "app:2");
	trun_image(&t, "registry:5000/team/other:3");
	trun_exec(&t, "*");
	CHECK(write_all(&t.run, "multi", &o) == 0);
	path = out_path("multi.junit.xml");
	xml = slurp(path, NULL);
	CHECK(xml && strstr(xml, "classname=\"image:app (app:1)\""));
	CHECK(xml && strstr(xml, "classname=\"image:app (app:2)\""));
	CHECK(xml && strstr(xml, "classname=\"image:registry:5000/team/other\""));
	free(xml);
	free(path);
	cq = load_json("multi", "codequality.json");
	CHECK(cq != NULL);
	for (size_t i = 0; cq && i < json_object_array_length(cq); i++)
		for (size_t k = i + 1; k < json_object_array_length(cq); k++)
			CHECK(strcmp(
				json_get_str(json_object_array_get_idx(cq, i), "fingerprint"),
				json_get_str(json_object_array_get_idx(cq, k), "fingerprint")));
	json_object_put(cq);
	trun_release(&t);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/*
 * make bench (tests/bench/reports.sh): time each writer on n findings over
 * 10 targets, against a floor of writing the same bytes with one fwrite.
 */
static int bench(long n)
{
	struct trun t;
	struct report_options o = { .tool_version = "0.1.0" };
	size_t ti[10];
	double t0, floor_ms;
	int bad = 0;

	trun_init(&t);
	for (int i = 0; i < 10; i++) {
		char ref[32];

		snprintf(ref, sizeof(ref), "app%d:1.%d", i, i);
		trun_image(&t, ref);
	}
	for (int i = 0; i < 10; i++)
		ti[i] = add_image_target(&t, &t.run.facts.images[i]);
	for (long i = 0; i < n; i++) {
		char ev[64], msg[128];
		static const char *const ids[] = { "CIS-4.1", "DG-IMG-001", "CIS-4.6", "CIS-4.2",
						   "DG-IMG-002" };
		static const enum status st[] = { STATUS_FAIL, STATUS_FAIL, STATUS_FAIL,
						  STATUS_MANUAL, STATUS_PASS };

		snprintf(ev, sizeof(ev), "usr/lib/x86_64-linux-gnu/file%06ld.so", i);
		snprintf(msg, sizeof(msg),
			 "world-writable file /usr/lib/x86_64-linux-gnu/file%06ld.so (mode 0777)",
			 i);
		add(&t.run, ids[i % 5], ti[i % 10], st[i % 5], ev, msg);
	}
	t.run.policy = &t.policy;
	policy_apply(&t.policy, &t.run);
	printf("reports bench: %ld findings, 10 image targets\n", n);
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		char *name = xstrfmt("bench.%s", formats[i].ext), *path = out_path(name);
		struct errbuf err;
		struct stat sb;
		double ms;

		t0 = now_ms();
		if (report_write_file(path, formats[i].fn, &t.run, &o, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			bad = 1;
		}
		ms = now_ms() - t0;
		if (stat(path, &sb) == 0)
			printf("  %-18s %8.1f ms  %8.1f MB  %7.1f MB/s\n", formats[i].ext, ms,
			       sb.st_size / 1e6, sb.st_size / 1e6 / (ms / 1000.0));
		free(name);
		free(path);
	}
	{
		char *path = out_path("bench.sarif"), *copy = out_path("bench.floor");
		size_t len;
		char *s = slurp(path, &len);
		FILE *fp;

		t0 = now_ms();
		fp = fopen(copy, "w");
		if (fp) {
			fwrite(s, 1, len, fp);
			fclose(fp);
		}
		floor_ms = now_ms() - t0;
		printf("  floor: one fwrite of the SARIF bytes: %.1f ms\n", floor_ms);
		unlink(copy);
		free(s);
		free(path);
		free(copy);
	}
	trun_release(&t);
	return bad;
}

int main(void)
{
	const char *o = getenv("DOCKGATE_REPORTS_OUT");

	setenv("SOURCE_DATE_EPOCH", EPOCH, 1);
	if (o && *o)
		out_dir = o;
	mkdir("tests/out", 0755);
	mkdir(out_dir, 0755);
	if (getenv("DOCKGATE_BENCH"))
		return bench(strtol(getenv("DOCKGATE_BENCH"), NULL, 10) > 0
				     ? strtol(getenv("DOCKGATE_BENCH"), NULL, 10)
				     : 50000);
	RUN(clean_utf8);
	RUN(markdown_escape);
	RUN(uri_paths);
	RUN(dockerfile_parse);
	RUN(dockerfile_history);
	RUN(golden);
	RUN(statuses_sarif);
	RUN(statuses_json);
	RUN(statuses_junit_markdown_cq);
	RUN(dockerfile_locations);
	RUN(clean_run);
	RUN(hostile_strings);
	RUN(no_secrets);
	RUN(many_findings);
	RUN(catalog_roundtrip);
	RUN(write_failures);
	RUN(sarif_options);
	RUN(multi_image);
	return test_done();
}
