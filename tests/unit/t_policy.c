/*
 * t_policy.c - the policy file parser (every error with its line:column),
 * waiver matching and expiry boundaries, budgets, scoped targets, baselines
 * and the release diff.
 */
#include "test.h"
#include "baseline.h"

#include <unistd.h>

#define FIXTURES "tests/fixtures/results/"

static char tmpdir[64];
static char policy_path[96];
static long long today_noon; /* 2026-12-03 12:00 UTC */

static void write_policy(const char *text)
{
	FILE *fp = fopen(policy_path, "w");

	if (!fp)
		die("cannot write '%s'", policy_path);
	fputs(text, fp);
	fclose(fp);
}

/* Load text as a policy with the clock at today_noon. */
static int load(struct policy *p, const char *text, struct errbuf *err)
{
	policy_init(p);
	p->now = today_noon;
	write_policy(text);
	return policy_load(p, policy_path, err);
}

/* Does err start with "PATH:LINE:COL: " and contain what? */
static int err_is(const struct errbuf *err, int line, int col, const char *what)
{
	char want[160];

	snprintf(want, sizeof(want), "%s:%d:%d: ", policy_path, line, col);
	if (strncmp(err->msg, want, strlen(want)) || !strstr(err->msg, what)) {
		fprintf(stderr, "  got '%s', want '%s...%s'\n", err->msg, want, what);
		return 0;
	}
	return 1;
}

static const char full_policy[] = "# a policy using every key\n"
				  "version: 1\n"
				  "gate:\n"
				  "  fail_on: medium\n"
				  "  max: { low: 5, info: 0 }\n"
				  "  new_only: true\n"
				  "  waivers_may_not_expire: false\n"
				  "  strict_waivers: true\n"
				  "max_waiver_days: 90\n"
				  "checks:\n"
				  "  include: [\"4.*\"]\n"
				  "  exclude: trusted-base-images\n"
				  "  severity:\n"
				  "    CIS-4.6: medium\n"
				  "  params:\n"
				  "    setuid_allow: [usr/bin/newuidmap, \"opt/*/bin/helper\"]\n"
				  "    secret_files: \"*.vault\"\n"
				  "    allowed_ports: [8080, 53/udp]\n"
				  "    max_images: 200\n"
				  "    max_containers: 40\n"
				  "targets:\n"
				  "  \"image:registry/team/*\":\n"
				  "    gate: { fail_on: critical }\n"
				  "    checks:\n"
				  "      exclude: [healthcheck]\n"
				  "      severity: { non-root-user: critical }\n"
				  "  \"container:legacy-*\":\n"
				  "    gate: { fail_on: none }\n"
				  "waivers:\n"
				  "  - check: CIS-4.1\n"
				  "    target: \"image:legacy/*\"\n"
				  "    evidence: Config.User\n"
				  "    reason: \"root until the base image moves\"\n"
				  "    expires: 2027-01-15\n"
				  "    ticket: SEC-123\n";

TEST(parse_full)
{
	struct policy p;
	struct errbuf err = { "" };

	CHECK(load(&p, full_policy, &err) == 0);
	if (err.msg[0])
		fprintf(stderr, "  %s\n", err.msg);
	CHECK_STR(p.file, policy_path);
	CHECK_INT(p.fail_on, SEV_MEDIUM);
	CHECK_INT(p.fail_on_none, 0);
	CHECK_INT(p.max[SEV_LOW], 5);
	CHECK_INT(p.max[SEV_INFO], 0);
	CHECK_INT(p.max[SEV_HIGH], -1);
	CHECK_INT(p.new_only, 1);
	CHECK_INT(p.strict_waivers, 1);
	CHECK_INT(p.max_waiver_days, 90);
	CHECK_INT(p.include.n, 1);
	CHECK_STR(p.include.v[0], "4.*");
	CHECK_INT(p.exclude.n, 1);
	CHECK_STR(p.exclude.v[0], "trusted-base-images");
	CHECK_INT(p.nseverities, 1);
	CHECK_STR(p.severities[0].pattern, "CIS-4.6");
	CHECK_INT(p.severities[0].severity, SEV_MEDIUM);
	CHECK_INT(p.setuid_allow.n, 2);
	CHECK_STR(p.setuid_allow.v[1], "opt/*/bin/helper");
	CHECK_INT(p.secret_files.n, 1);
	CHECK_STR(p.secret_files.v[0], "*.vault");
	CHECK_INT(p.allowed_ports.n, 2);
	CHECK_STR(p.allowed_ports.v[0], "8080");
	CHECK_STR(p.allowed_ports.v[1], "53/udp");
	CHECK_INT(p.max_images, 200);
	CHECK_INT(p.max_containers, 40);
	CHECK_INT(p.nscopes, 2);
	CHECK_STR(p.scopes[0].pattern, "image:registry/team/*");
	CHECK_INT(p.scopes[0].has_fail_on, 1);
	CHECK_INT(p.scopes[0].fail_on, SEV_CRITICAL);
	CHECK_INT(p.scopes[0].exclude.n, 1);
	CHECK_INT(p.scopes[0].nseverities, 1);
	CHECK_INT(p.scopes[0].severities[0].severity, SEV_CRITICAL);
	CHECK_INT(p.scopes[1].fail_on_none, 1);
	CHECK_INT(p.nwaivers, 1);
	CHECK_STR(p.waivers[0].check, "CIS-4.1");
	CHECK_STR(p.waivers[0].target, "image:legacy/*");
	CHECK_STR(p.waivers[0].evidence, "Config.User");
	CHECK_STR(p.waivers[0].reason, "root until the base image moves");
	CHECK_STR(p.waivers[0].expires, "2027-01-15");
	CHECK_STR(p.waivers[0].ticket, "SEC-123");
	CHECK_INT(p.waivers[0].line, 30);
	CHECK_INT(p.waivers[0].column, 5);
	CHECK(p.waivers[0].expires_at > today_noon);
	policy_release(&p);
}

TEST(parse_json)
{
	struct policy p;
	struct errbuf err = { "" };

	CHECK(load(&p,
		   "{\"version\": 1, \"gate\": {\"fail_on\": \"none\", \"max\": {\"high\": 2}},\n"
		   " \"waivers\": [{\"check\": \"healthcheck\", \"reason\": \"r\", \"expires\": \"2027-01-01\"}]}\n",
		   &err) == 0);
	CHECK_INT(p.fail_on_none, 1);
	CHECK_INT(p.max[SEV_HIGH], 2);
	CHECK_INT(p.nwaivers, 1);
	CHECK_STR(p.waivers[0].expires, "2027-01-01");
	policy_release(&p);
	/* a JSON error has a position too */
	CHECK(load(&p, "{\"version\": 1, \"gate\": {\"fail_on\": 3}}\n", &err) < 0);
	CHECK(err_is(&err, 1, 36, "not a severity"));
	policy_release(&p);
}

struct bad_policy {
	const char *text;
	int line, col;
	const char *what;
};

static const struct bad_policy bad_policies[] = {
	/* unknown keys, at every level */
	{ "version: 1\ngates:\n  fail_on: high\n", 2, 1, "unknown key 'gates'" },
	{ "version: 1\ngate:\n  fail_onn: high\n", 3, 3, "unknown key 'fail_onn' in 'gate'" },
	{ "version: 1\nchecks:\n  params:\n    setuid: [a]\n", 4, 5,
	  "unknown key 'setuid' in 'checks.params'" },
	{ "version: 1\ntargets:\n  \"image:x\":\n    gate: { max: { low: 1 } }\n", 4, 13,
	  "unknown key 'max'" },
	{ "version: 1\ntargets:\n  \"image:x\":\n    checks: { params: {} }\n", 4, 15,
	  "unknown key 'params'" },
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: r\n    expires: 2027-01-01\n    owner: me\n",
	  6, 5, "unknown key 'owner' in 'waivers[]'" },
	{ "version: 1\ngate:\n  fail_on: high\n  fail_on: low\n", 4, 3, "duplicate key 'fail_on'" },
	/* wrong types */
	{ "version: 1\ngate:\n  fail_on: [high]\n", 3, 12,
	  "'gate.fail_on' must be a string, not a list" },
	{ "version: 1\ngate:\n  fail_on: extreme\n", 3, 12, "'extreme' is not a severity" },
	{ "version: 1\ngate:\n  new_only: yes\n", 3, 13, "'gate.new_only' must be true or false" },
	{ "version: 1\ngate:\n  max: { medium: -1 }\n", 3, 18,
	  "'gate.max' must be a whole number >= 0" },
	{ "version: 1\ngate:\n  max: { severe: 1 }\n", 3, 10, "'severe' is not a severity" },
	{ "version: 1\ngate: high\n", 2, 7, "'gate' must be a mapping, not a scalar" },
	{ "version: 1\nwaivers:\n  check: CIS-4.1\n", 3, 3,
	  "'waivers' must be a list, not a mapping" },
	{ "version: 1\nmax_waiver_days: soon\n", 2, 18,
	  "'max_waiver_days' must be a whole number" },
	{ "version: 1\nchecks:\n  params:\n    allowed_ports: [http]\n", 4, 21,
	  "'http' is not a port" },
	{ "version: 1\nchecks:\n  params:\n    max_images: 1.5\n", 4, 17,
	  "must be a whole number" },
	{ "version: 1\nchecks:\n  include: { a: b }\n", 3, 12,
	  "must be a string or a list of strings" },
	{ "version: \"one\"\n", 1, 10, "unsupported 'version' 'one'" },
	{ "version: 2\n", 1, 10, "unsupported 'version' '2'" },
	{ "gate:\n  fail_on: high\n", 1, 1, "missing 'version: 1'" },
	{ "- version: 1\n", 1, 1, "a policy must be a mapping" },
	/* bad dates */
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: r\n    expires: 2027-02-30\n", 5,
	  14, "'expires' must be a date YYYY-MM-DD, not '2027-02-30'" },
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: r\n    expires: 01/03/2027\n", 5,
	  14, "must be a date" },
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: r\n    expires: 2027-03-01T00:00:00Z\n",
	  5, 14, "must be a date" },
	/* reasons and expiry */
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    expires: 2027-01-01\n", 3, 5,
	  "has no 'reason'" },
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: \"  \"\n    expires: 2027-01-01\n",
	  4, 13, "has an empty 'reason'" },
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    reason:\n    expires: 2027-01-01\n", 4, 12,
	  "'waivers[].reason' must be a string, not null" },
	{ "version: 1\nwaivers:\n  - reason: r\n    expires: 2027-01-01\n", 3, 5,
	  "has no 'check'" },
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: r\n", 3, 5,
	  "has no 'expires' date" },
	{ "version: 1\nmax_waiver_days: 30\ngate: { waivers_may_not_expire: true }\n"
	  "waivers:\n  - check: CIS-4.1\n    reason: r\n",
	  5, 5, "no 'expires' date but max_waiver_days is 30" },
	/* max_waiver_days applies to waivers written above it too */
	{ "version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: r\n    expires: 2027-01-03\nmax_waiver_days: 30\n",
	  5, 14, "31 days from today; max_waiver_days is 30" },
	/* patterns that match no known check */
	{ "version: 1\nchecks:\n  include: [\"4.*\", \"9.*\"]\n", 3, 20,
	  "'9.*' matches no known check" },
	{ "version: 1\nchecks:\n  exclude: no-such-check\n", 3, 12,
	  "'no-such-check' matches no known check" },
	{ "version: 1\nchecks:\n  severity: { CIS-99.1: low }\n", 3, 15,
	  "'CIS-99.1' matches no known check" },
	{ "version: 1\ntargets:\n  \"image:*\":\n    checks: { exclude: [\"8.*\"] }\n", 4, 25,
	  "'8.*' matches no known check" },
	{ "version: 1\nwaivers:\n  - check: \"CIS-9.*\"\n    reason: r\n    expires: 2027-01-01\n",
	  3, 12, "'CIS-9.*' matches no known check" },
	/* YAML itself */
	{ "version: 1\ngate: { fail_on: high\n", 3, 1, "invalid YAML" },
	{ "version: 1\ngate:\n\tfail_on: high\n", 3, 1, "invalid YAML" },
	{ "version: 1\ngate: &g { fail_on: high }\ntargets:\n  \"image:x\":\n    gate: *g\n", 5, 11,
	  "aliases (*name) are not supported" },
	{ "version: 1\n---\nversion: 1\n", 2, 1, "more than one YAML document" },
	{ "", 1, 1, "empty policy file" },
	{ "# only a comment\n", 1, 1, "empty policy file" },
};

TEST(parse_errors)
{
	for (size_t i = 0; i < ARRAY_SIZE(bad_policies); i++) {
		const struct bad_policy *b = &bad_policies[i];
		struct policy p;
		struct errbuf err = { "" };

		if (load(&p, b->text, &err) == 0) {
			fprintf(stderr, "  policy %zu loaded, expected '%s'\n", i, b->what);
			CHECK(!"bad policy loaded");
		} else if (!err_is(&err, b->line, b->col, b->what)) {
			fprintf(stderr, "  (bad policy %zu)\n", i);
			CHECK(!"wrong error");
		}
		policy_release(&p);
	}
}

TEST(parse_unreadable)
{
	struct policy p;
	struct errbuf err = { "" };

	policy_init(&p);
	CHECK(policy_load(&p, "/nonexistent/dockgate.yml", &err) < 0);
	CHECK(strstr(err.msg, "cannot read policy '/nonexistent/dockgate.yml'") != NULL);
	CHECK(policy_load(&p, tmpdir, &err) < 0);
	CHECK(strstr(err.msg, "is a directory") != NULL);
	policy_release(&p);
}

TEST(parse_waiver_options)
{
	struct policy p;
	struct errbuf err = { "" };

	/* no expiry allowed when the gate says so */
	CHECK(load(&p,
		   "version: 1\ngate: { waivers_may_not_expire: true }\n"
		   "waivers:\n  - check: CIS-4.1\n    reason: accepted for good\n",
		   &err) == 0);
	CHECK_INT(p.nwaivers, 1);
	CHECK(p.waivers[0].expires == NULL);
	CHECK_INT(p.waivers[0].expires_at, 0);
	CHECK(policy_waiver_days_left(&p, &p.waivers[0]) > 100000);
	CHECK_INT(policy_waiver_date_state(&p, &p.waivers[0]), WAIVER_APPLIED);
	policy_release(&p);
	/* exactly max_waiver_days ahead is allowed */
	CHECK(load(&p,
		   "version: 1\nmax_waiver_days: 30\nwaivers:\n"
		   "  - check: CIS-4.1\n    reason: r\n    expires: 2027-01-02\n",
		   &err) == 0);
	policy_release(&p);
	/* null target/evidence/ticket mean "any" / none */
	CHECK(load(&p,
		   "version: 1\nwaivers:\n  - check: CIS-4.1\n    target: ~\n    evidence:\n"
		   "    ticket: null\n    reason: r\n    expires: 2027-01-02\n",
		   &err) == 0);
	CHECK(p.waivers[0].target == NULL && p.waivers[0].evidence == NULL &&
	      p.waivers[0].ticket == NULL);
	policy_release(&p);
	/* numbers as strings where strings are expected */
	CHECK(load(&p,
		   "version: 1\nchecks:\n  exclude: 4.6\nwaivers:\n  - check: 4.1\n    reason: r\n"
		   "    ticket: 1234\n    expires: 2027-01-02\n",
		   &err) == 0);
	CHECK_STR(p.exclude.v[0], "4.6");
	CHECK_STR(p.waivers[0].ticket, "1234");
	policy_release(&p);
}

/* A run with images failing CIS-4.1 (root) and CIS-4.6 (no healthcheck). */
static void trun_images(struct trun *t, const char *const *refs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		trun_image(t, refs[i]);
}

static struct waiver *add_waiver(struct policy *p, const char *check, const char *target,
				 const char *expires)
{
	struct waiver *w;

	p->waivers = xrealloc(p->waivers, (p->nwaivers + 1) * sizeof(*p->waivers));
	w = &p->waivers[p->nwaivers++];
	memset(w, 0, sizeof(*w));
	w->check = xstrdup(check);
	w->target = target ? xstrdup(target) : NULL;
	w->reason = xstrdup("test");
	if (expires) {
		w->expires = xstrdup(expires);
		if (policy_parse_date(expires, &w->expires_at) < 0)
			BUG("bad test date '%s'", expires);
	}
	return w;
}

static const struct finding *find(const struct trun *t, const char *id, const char *target_name)
{
	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];

		if (!strcmp(f->check->id, id) &&
		    !strcmp(t->run.targets[f->target].name, target_name) &&
		    f->status == STATUS_FAIL)
			return f;
	}
	return NULL;
}

TEST(waiver_date_boundaries)
{
	static const struct {
		const char *expires;
		enum waiver_state state;
		int applies;
	} cases[] = {
		{ "2026-12-03", WAIVER_EXPIRING, 1 }, /* expires today: still applies */
		{ "2026-12-02", WAIVER_EXPIRED, 0 },  /* yesterday: the finding counts again */
		{ "2026-12-17", WAIVER_EXPIRING, 1 }, /* in 14 days: expiring soon */
		{ "2026-12-18", WAIVER_APPLIED, 1 },  /* in 15 days: applied */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct trun t;
		struct waiver *w;

		trun_init(&t);
		t.policy.now = today_noon;
		trun_image(&t, "app:1");
		w = add_waiver(&t.policy, "CIS-4.1", NULL, cases[i].expires);
		trun_exec(&t, "CIS-4.1");
		CHECK_INT(trun_count(&t, "CIS-4.1", STATUS_FAIL), 1);
		CHECK_INT(w->state, cases[i].state);
		CHECK_INT(w->matched, 1);
		CHECK_INT(policy_waiver_date_state(&t.policy, w), cases[i].state);
		CHECK((find(&t, "CIS-4.1", "app")->waiver != NULL) == cases[i].applies);
		CHECK_INT(t.run.exit_code, cases[i].applies ? EXIT_PASS : EXIT_GATE);
		trun_release(&t);
	}
	/* one second before midnight of the expiry day still applies */
	{
		struct trun t;
		struct waiver *w;

		trun_init(&t);
		trun_image(&t, "app:1");
		w = add_waiver(&t.policy, "CIS-4.1", NULL, "2026-12-03");
		t.policy.now = w->expires_at;
		trun_exec(&t, "CIS-4.1");
		CHECK_INT(w->state, WAIVER_EXPIRING);
		CHECK_INT(t.run.exit_code, EXIT_PASS);
		t.policy.now = w->expires_at + 1;
		policy_apply(&t.policy, &t.run);
		CHECK_INT(w->state, WAIVER_EXPIRED);
		CHECK_INT(t.run.exit_code, EXIT_GATE);
		trun_release(&t);
	}
}

TEST(waiver_matching)
{
	static const char *const refs[] = { "app:1", "legacy/api:2", "legacy/web:3" };
	struct trun t;
	struct waiver *by_target, *unused, *expired_unused, *by_evidence, *other_evidence;

	trun_init(&t);
	t.policy.now = today_noon;
	trun_images(&t, refs, ARRAY_SIZE(refs));
	add_waiver(&t.policy, "non-root-*", "image:legacy/*", "2027-06-01");
	add_waiver(&t.policy, "CIS-4.6", "image:nothing-*", "2027-06-01");
	add_waiver(&t.policy, "CIS-4.6", "image:nothing-*", "2026-01-01");
	add_waiver(&t.policy, "CIS-4.1", "app", "2027-06-01")->evidence = xstrdup(
		"Config.Healthcheck");
	/* a bare name matches the target too */
	add_waiver(&t.policy, "4.1", "app", "2027-06-01")->evidence = xstrdup("Config.*");
	/* add_waiver() moves the array: take pointers once it is complete */
	by_target = &t.policy.waivers[0];
	unused = &t.policy.waivers[1];
	expired_unused = &t.policy.waivers[2];
	other_evidence = &t.policy.waivers[3];
	by_evidence = &t.policy.waivers[4];
	trun_exec(&t, "4.*");
	CHECK(find(&t, "CIS-4.1", "legacy/api")->waiver == by_target);
	CHECK(find(&t, "CIS-4.1", "legacy/web")->waiver == by_target);
	CHECK(find(&t, "CIS-4.1", "app")->waiver == by_evidence);
	CHECK(find(&t, "CIS-4.6", "app")->waiver == NULL);
	CHECK_INT(by_target->matched, 2);
	CHECK_INT(by_target->state, WAIVER_APPLIED);
	CHECK_INT(unused->state, WAIVER_UNUSED);
	CHECK_INT(unused->matched, 0);
	CHECK_INT(expired_unused->state, WAIVER_EXPIRED);
	CHECK_INT(other_evidence->state, WAIVER_UNUSED);
	CHECK_STR(policy_waiver_state_name(unused->state), "unused");
	CHECK_STR(policy_waiver_state_name(WAIVER_EXPIRING), "expiring");
	/* CIS-4.6 is low: the default gate (high) passes; an unused waiver only warns */
	CHECK_INT(t.run.exit_code, EXIT_PASS);
	/* --strict-waivers: unused waivers fail the gate */
	t.policy.strict_waivers = 1;
	policy_apply(&t.policy, &t.run);
	CHECK_INT(t.run.exit_code, EXIT_GATE);
	trun_release(&t);
}

TEST(budgets)
{
	static const char *const refs[] = { "a:1", "b:1", "c:1" };

	for (long long max = 0; max <= 3; max++) {
		struct trun t;
		size_t gating = 0;

		trun_init(&t);
		trun_images(&t, refs, ARRAY_SIZE(refs));
		t.policy.fail_on_none = 1;
		t.policy.max[SEV_LOW] = max;
		trun_exec(&t, "CIS-4.6");
		CHECK_INT(trun_count(&t, "CIS-4.6", STATUS_FAIL), 3);
		for (size_t i = 0; i < t.run.findings.n; i++)
			gating += t.run.findings.v[i].gating;
		/* three low findings: a budget of 0..2 fails and all three gate */
		CHECK_INT(t.run.exit_code, max < 3 ? EXIT_GATE : EXIT_PASS);
		CHECK_INT(gating, max < 3 ? 3 : 0);
		trun_release(&t);
	}
	/* waived findings do not count against a budget */
	{
		struct trun t;

		trun_init(&t);
		t.policy.now = today_noon;
		trun_images(&t, refs, ARRAY_SIZE(refs));
		t.policy.fail_on_none = 1;
		t.policy.max[SEV_LOW] = 2;
		add_waiver(&t.policy, "CIS-4.6", "image:a", "2027-06-01");
		trun_exec(&t, "CIS-4.6");
		CHECK_INT(t.run.exit_code, EXIT_PASS);
		trun_release(&t);
	}
}

TEST(scopes_and_overrides)
{
	static const char *const refs[] = { "registry/team/api:1", "other:1", "legacy-box:2" };
	struct trun t;
	struct errbuf err = { "" };

	trun_init(&t);
	policy_release(&t.policy);
	CHECK(load(&t.policy,
		   "version: 1\n"
		   "checks:\n  severity: { healthcheck: high }\n"
		   "targets:\n"
		   "  \"image:registry/team/*\":\n    gate: { fail_on: critical }\n"
		   "    checks: { exclude: healthcheck }\n"
		   "  \"legacy-*\":\n    gate: { fail_on: none }\n"
		   "  \"image:other\":\n    checks: { severity: { CIS-4.1: critical } }\n",
		   &err) == 0);
	trun_images(&t, refs, ARRAY_SIZE(refs));
	trun_exec(&t, "4.*");
	/* team images: healthcheck excluded, non-root high < critical: not gating */
	CHECK(find(&t, "CIS-4.6", "registry/team/api") == NULL);
	CHECK(find(&t, "CIS-4.1", "registry/team/api") != NULL);
	CHECK(!find(&t, "CIS-4.1", "registry/team/api")->gating);
	/* other: the global override makes healthcheck high; the scope makes 4.1 critical */
	CHECK_INT(find(&t, "CIS-4.6", "other")->severity, SEV_HIGH);
	CHECK(find(&t, "CIS-4.6", "other")->gating);
	CHECK_INT(find(&t, "CIS-4.1", "other")->severity, SEV_CRITICAL);
	/* legacy: fail_on none (scoped by bare name) */
	CHECK(!find(&t, "CIS-4.1", "legacy-box")->gating);
	CHECK(!find(&t, "CIS-4.6", "legacy-box")->gating);
	CHECK_INT(t.run.exit_code, EXIT_GATE);
	trun_release(&t);
}

TEST(fixtures_fingerprints)
{
	struct baseline b;
	struct errbuf err = { "" };

	CHECK(baseline_load(&b, FIXTURES "head.sarif", &err) == 0);
	CHECK_STR(b.format, "sarif");
	/* the absent result of the earlier run is not read */
	CHECK_INT(b.n, 4);
	for (size_t i = 0; i < b.n; i++) {
		enum target_kind kind;
		const char *name;
		char fp[17];

		CHECK(baseline_parse_target(b.v[i].target, &kind, &name) == 0);
		finding_fingerprint(b.v[i].rule_id, target_kind_name(kind), name, b.v[i].evidence,
				    fp);
		CHECK_STR(b.v[i].fingerprint, fp);
		CHECK_INT(b.v[i].status, STATUS_FAIL);
	}
	CHECK_STR(b.v[1].display, "otherapp:2.0");
	CHECK_INT(b.v[1].severity, SEV_HIGH);
	CHECK_INT(b.v[3].waived, 1);
	CHECK_INT(b.v[0].waived, 0);
	baseline_release(&b);

	CHECK(baseline_load(&b, FIXTURES "base.json", &err) == 0);
	CHECK_STR(b.format, "json");
	CHECK_INT(b.n, 4);
	CHECK_INT(b.v[1].status, STATUS_MANUAL);
	CHECK_STR(b.v[0].message, "image runs as root (Config.User is empty)");
	baseline_release(&b);
}

TEST(baseline_errors)
{
	static const struct {
		const char *file, *what;
	} bad[] = {
		{ "foreign.sarif", "comes from 'Trivy', not dockgate" },
		{ "future-schema.json", "unsupported schema 'dockgate/result/v2'" },
		{ "other.json", "not a dockgate SARIF or JSON result" },
		{ "no-target.json", "finding 1 (CIS-4.1) has no dockgate target" },
		{ "truncated.json", "invalid JSON" },
		{ "missing.json", "cannot open" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct baseline b;
		struct errbuf err = { "" };
		char path[128];

		snprintf(path, sizeof(path), FIXTURES "%s", bad[i].file);
		CHECK(baseline_load(&b, path, &err) < 0);
		CHECK(strstr(err.msg, bad[i].what) != NULL);
		CHECK(strstr(err.msg, "cannot read baseline") == err.msg);
		CHECK_INT(b.n, 0);
	}
}

TEST(baseline_apply_states)
{
	struct trun t;
	struct baseline b;
	struct errbuf err = { "" };
	const struct finding *f;
	size_t absent = 0;

	/* myapp:1.5 still fails 4.6 and now also 4.1 on otherapp; base is myapp:1.4 */
	CHECK(baseline_load(&b, FIXTURES "base.json", &err) == 0);
	trun_init(&t);
	trun_image(&t, "myapp:1.5")->config.user = xstrdup("app");
	trun_image(&t, "otherapp:2.0");
	trun_exec(&t, "4.*");
	baseline_apply(&b, &t.run);
	engine_sort(&t.run.findings);
	policy_apply(&t.policy, &t.run);
	/* 4.6 on myapp: same fingerprint across the tag change */
	CHECK_INT(find(&t, "CIS-4.6", "myapp")->baseline, BASELINE_UNCHANGED);
	CHECK_INT(find(&t, "CIS-4.6", "otherapp")->baseline, BASELINE_NEW);
	CHECK_INT(find(&t, "CIS-4.1", "otherapp")->baseline, BASELINE_NEW);
	/* 4.1 on myapp was fixed: appended as absent; the unknown rule is left out */
	for (size_t i = 0; i < t.run.findings.n; i++) {
		f = &t.run.findings.v[i];
		if (f->baseline == BASELINE_ABSENT) {
			absent++;
			CHECK_STR(f->check->id, "CIS-4.1");
			CHECK_STR(t.run.targets[f->target].name, "myapp");
			CHECK_STR(f->evidence, "Config.User");
			CHECK(!f->gating);
		}
		CHECK(f->baseline != BASELINE_NONE);
	}
	CHECK_INT(absent, 1);
	CHECK_INT(t.run.ntargets, 2);
	/* manual row matched by status too */
	for (size_t i = 0; i < t.run.findings.n; i++) {
		f = &t.run.findings.v[i];
		if (f->status == STATUS_MANUAL && !strcmp(f->check->id, "CIS-4.2") &&
		    !strcmp(t.run.targets[f->target].name, "myapp"))
			CHECK_INT(f->baseline, BASELINE_UNCHANGED);
	}
	/* the new high finding on otherapp gates; with new_only only it does */
	CHECK(find(&t, "CIS-4.1", "otherapp")->gating);
	CHECK_INT(t.run.exit_code, EXIT_GATE);
	t.policy.fail_on = SEV_LOW;
	t.policy.new_only = 1;
	policy_apply(&t.policy, &t.run);
	CHECK(!find(&t, "CIS-4.6", "myapp")->gating);
	CHECK(find(&t, "CIS-4.6", "otherapp")->gating);
	trun_release(&t);
	baseline_release(&b);
}

TEST(baseline_new_only_passes)
{
	struct trun t;
	struct baseline b;
	struct errbuf err = { "" };

	/* the same failures as the baseline: nothing new, new_only passes */
	CHECK(baseline_load(&b, FIXTURES "base.json", &err) == 0);
	trun_init(&t);
	trun_image(&t, "myapp:1.5");
	trun_exec(&t, "4.*");
	CHECK_INT(t.run.exit_code, EXIT_GATE);
	baseline_apply(&b, &t.run);
	t.policy.new_only = 1;
	policy_apply(&t.policy, &t.run);
	CHECK_INT(find(&t, "CIS-4.1", "myapp")->baseline, BASELINE_UNCHANGED);
	CHECK_INT(t.run.exit_code, EXIT_PASS);
	trun_release(&t);
	baseline_release(&b);
}

TEST(baseline_adds_missing_targets)
{
	struct trun t;
	struct baseline b;
	struct errbuf err = { "" };
	size_t absent = 0;

	CHECK(baseline_load(&b, FIXTURES "head.sarif", &err) == 0);
	trun_init(&t);
	trun_image(&t, "myapp:1.6");
	trun_exec(&t, "CIS-4.6");
	baseline_apply(&b, &t.run);
	engine_sort(&t.run.findings);
	policy_apply(&t.policy, &t.run);
	CHECK_INT(find(&t, "CIS-4.6", "myapp")->baseline, BASELINE_UNCHANGED);
	for (size_t i = 0; i < t.run.findings.n; i++)
		absent += t.run.findings.v[i].baseline == BASELINE_ABSENT;
	CHECK_INT(absent, 3);
	CHECK_INT(t.run.ntargets, 3); /* otherapp and legacy added */
	CHECK_STR(t.run.targets[1].display, "otherapp:2.0");
	CHECK_INT(t.run.targets[1].kind, TARGET_IMAGE);
	CHECK_INT(t.run.exit_code, EXIT_PASS);
	trun_release(&t);
	baseline_release(&b);
}

TEST(diff_counts)
{
	struct baseline base, head;
	struct baseline_diff d;
	struct errbuf err = { "" };

	CHECK(baseline_load(&base, FIXTURES "base.json", &err) == 0);
	CHECK(baseline_load(&head, FIXTURES "head.sarif", &err) == 0);
	baseline_diff(&base, &head, &d);
	CHECK_INT(d.nadded, 3);
	CHECK_INT(d.nfixed, 2);
	CHECK_INT(d.nunchanged, 1);
	CHECK_INT(d.counts[0][SEV_HIGH], 2);
	CHECK_INT(d.counts[0][SEV_LOW], 1);
	CHECK_INT(d.counts[1][SEV_HIGH], 1);
	CHECK_INT(d.counts[1][SEV_MEDIUM], 1);
	CHECK_INT(d.counts[2][SEV_LOW], 1);
	/* most severe first */
	CHECK_INT(d.added[0]->severity, SEV_HIGH);
	CHECK_INT(d.added[2]->severity, SEV_LOW);
	CHECK_STR(d.fixed[1]->rule_id, "DG-ZZZ-999");
	baseline_diff_release(&d);
	/* a result against itself: all unchanged */
	baseline_diff(&base, &base, &d);
	CHECK_INT(d.nadded, 0);
	CHECK_INT(d.nfixed, 0);
	CHECK_INT(d.nunchanged, 3);
	baseline_diff_release(&d);
	baseline_release(&base);
	baseline_release(&head);
}

int main(void)
{
	long long day;

	snprintf(tmpdir, sizeof(tmpdir), "%s", "/tmp/t_policy.XXXXXX");
	if (!mkdtemp(tmpdir))
		die("cannot make a temporary directory");
	snprintf(policy_path, sizeof(policy_path), "%s/policy.yml", tmpdir);
	policy_parse_date("2026-12-03", &day);
	today_noon = day - 86399 + 12 * 3600;

	RUN(parse_full);
	RUN(parse_json);
	RUN(parse_errors);
	RUN(parse_unreadable);
	RUN(parse_waiver_options);
	RUN(waiver_date_boundaries);
	RUN(waiver_matching);
	RUN(budgets);
	RUN(scopes_and_overrides);
	RUN(fixtures_fingerprints);
	RUN(baseline_errors);
	RUN(baseline_apply_states);
	RUN(baseline_new_only_passes);
	RUN(baseline_adds_missing_targets);
	RUN(diff_counts);
	unlink(policy_path);
	rmdir(tmpdir);
	return test_done();
}
