/*
 * t_core.c - catalog invariants, pattern matching, fingerprints, dates,
 * policy gate, and the first image checks.
 */
#include "test.h"
#include "check.h"

#include <ctype.h>

static int id_well_formed(const char *id)
{
	if (!strncmp(id, "CIS-", 4)) {
		const char *p = id + 4;

		if (!isdigit((unsigned char)*p))
			return 0;
		for (; *p; p++)
			if (!isdigit((unsigned char)*p) && *p != '.')
				return 0;
		return p[-1] != '.';
	}
	if (!strncmp(id, "DG-", 3)) {
		const char *p = id + 3;
		size_t letters = 0;

		while (isupper((unsigned char)*p)) {
			p++;
			letters++;
		}
		return letters >= 2 && p[0] == '-' && isdigit((unsigned char)p[1]) &&
		       isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) && !p[4];
	}
	return 0;
}

static int name_well_formed(const char *n)
{
	if (!*n || *n == '-')
		return 0;
	for (; *n; n++)
		if (!islower((unsigned char)*n) && !isdigit((unsigned char)*n) && *n != '-')
			return 0;
	return n[-1] != '-';
}

TEST(catalog_invariants)
{
	size_t n = catalog_count();

	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct check *c = catalog_at(i);

		CHECK(c->id && id_well_formed(c->id));
		CHECK(c->name && name_well_formed(c->name));
		CHECK(c->title && *c->title);
		CHECK(c->rationale && *c->rationale);
		CHECK(c->remediation && *c->remediation);
		CHECK(c->section >= 1 && c->section <= 7);
		if (c->cis) {
			char want[32];

			snprintf(want, sizeof(want), "CIS-%s", c->cis);
			CHECK_STR(c->id, want);
			CHECK(c->cis[0] - '0' == c->section);
		}
		for (size_t j = i + 1; j < n; j++) {
			CHECK(strcmp(c->id, catalog_at(j)->id));
			CHECK(strcmp(c->name, catalog_at(j)->name));
		}
		/* Sections appear in order, so reports can group by section. */
		if (i)
			CHECK(catalog_at(i - 1)->section <= c->section);
	}
}

TEST(pattern_matching)
{
	const struct check *c = catalog_find("CIS-4.1");

	CHECK(c != NULL);
	CHECK(catalog_find("non-root-user") == c);
	CHECK(check_matches(c, "CIS-4.1"));
	CHECK(check_matches(c, "cis-4.1"));
	CHECK(check_matches(c, "4.1"));
	CHECK(check_matches(c, "4.*"));
	CHECK(check_matches(c, "CIS-4.*"));
	CHECK(check_matches(c, "non-root-*"));
	CHECK(!check_matches(c, "4.10"));
	CHECK(!check_matches(c, "5.*"));
	CHECK(!check_matches(c, "4"));
	CHECK(catalog_pattern_known("4.*"));
	CHECK(!catalog_pattern_known("9.*"));
	CHECK(!catalog_pattern_known("no-such-check"));
}

TEST(fingerprint_stable)
{
	char a[17], b[17], c[17];

	finding_fingerprint("CIS-4.1", "image", "myapp", "Config.User", a);
	finding_fingerprint("CIS-4.1", "image", "myapp", "Config.User", b);
	finding_fingerprint("CIS-4.1", "image", "myapp", "Config.Use", c);
	CHECK_STR(a, b);
	CHECK(strcmp(a, c));
	CHECK_INT(strlen(a), 16);
	/* Field boundaries matter: ("ab","c") differs from ("a","bc"). */
	finding_fingerprint("CIS-4.1", "image", "ab", "c", a);
	finding_fingerprint("CIS-4.1", "image", "a", "bc", b);
	CHECK(strcmp(a, b));
}

TEST(image_names)
{
	char *s;

	s = image_name_from_ref("myapp:1.4");
	CHECK_STR(s, "myapp");
	free(s);
	s = image_name_from_ref("registry:5000/team/app:1.4");
	CHECK_STR(s, "registry:5000/team/app");
	free(s);
	s = image_name_from_ref("registry:5000/team/app");
	CHECK_STR(s, "registry:5000/team/app");
	free(s);
	s = image_name_from_ref("app@sha256:abcd");
	CHECK_STR(s, "app");
	free(s);
}

TEST(dates)
{
	long long t;

	CHECK(policy_parse_date("1970-01-01", &t) == 0);
	CHECK_INT(t, 86399);
	CHECK(policy_parse_date("2027-03-01", &t) == 0);
	CHECK_INT(t, 1803859200LL + 86399);
	CHECK(policy_parse_date("2024-02-29", &t) == 0);
	CHECK(policy_parse_date("2023-02-29", &t) < 0);
	CHECK(policy_parse_date("2027-13-01", &t) < 0);
	CHECK(policy_parse_date("2027-1-01", &t) < 0);
	CHECK(policy_parse_date("2027-01-01x", &t) < 0);
	CHECK(policy_parse_date("tomorrow", &t) < 0);
}

TEST(non_root_user)
{
	static const char *const bad[] = { NULL, "", "root", "0", "0:0", "root:root" };
	static const char *const good[] = { "app", "1000", "1000:1000", "nobody" };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct trun t;
		struct image *img;

		trun_init(&t);
		img = trun_image(&t, "app:1");
		img->config.user = bad[i] ? xstrdup(bad[i]) : NULL;
		trun_exec(&t, "CIS-4.1");
		CHECK_INT(trun_count(&t, "CIS-4.1", STATUS_FAIL), 1);
		CHECK(t.run.gate_failed);
		CHECK_INT(t.run.exit_code, EXIT_GATE);
		trun_release(&t);
	}
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		struct trun t;
		struct image *img;

		trun_init(&t);
		img = trun_image(&t, "app:1");
		img->config.user = xstrdup(good[i]);
		trun_exec(&t, "CIS-4.1");
		CHECK_INT(trun_count(&t, "CIS-4.1", STATUS_PASS), 1);
		CHECK_INT(t.run.exit_code, EXIT_PASS);
		trun_release(&t);
	}
}

TEST(healthcheck)
{
	struct trun t;
	struct image *img;

	trun_init(&t);
	trun_image(&t, "app:1");
	img = trun_image(&t, "app:2");
	img->config.has_healthcheck = 1;
	strlist_push(&img->config.healthcheck, "NONE");
	img = trun_image(&t, "app:3");
	img->config.has_healthcheck = 1;
	strlist_push(&img->config.healthcheck, "CMD");
	strlist_push(&img->config.healthcheck, "true");
	trun_exec(&t, "healthcheck");
	CHECK_INT(trun_count(&t, "CIS-4.6", STATUS_FAIL), 2);
	CHECK_INT(trun_count(&t, "CIS-4.6", STATUS_PASS), 1);
	/* low severity does not fail the default gate (high) */
	CHECK_INT(t.run.exit_code, EXIT_PASS);
	trun_release(&t);
}

TEST(gate_and_waivers)
{
	struct trun t;
	struct waiver *w;
	long long day;

	trun_init(&t);
	trun_image(&t, "app:1");
	policy_parse_date("2027-03-01", &day);
	t.policy.now = day - 86399 + 3600; /* 01:00 on the expiry day */
	t.policy.waivers = xcalloc(1, sizeof(*t.policy.waivers));
	t.policy.nwaivers = 1;
	w = &t.policy.waivers[0];
	w->check = xstrdup("non-root-user");
	w->target = xstrdup("image:app");
	w->reason = xstrdup("legacy");
	w->expires = xstrdup("2027-03-01");
	w->expires_at = day;
	trun_exec(&t, "CIS-4.1");
	CHECK_INT(trun_count(&t, "CIS-4.1", STATUS_FAIL), 1);
	CHECK(t.run.findings.v[0].waiver == w);
	CHECK_INT(w->state, WAIVER_EXPIRING);
	CHECK_INT(t.run.exit_code, EXIT_PASS);
	/* the day after: expired, the finding gates again */
	t.policy.now = day + 1;
	policy_apply(&t.policy, &t.run);
	CHECK_INT(w->state, WAIVER_EXPIRED);
	CHECK_INT(t.run.exit_code, EXIT_GATE);
	trun_release(&t);
}

int main(void)
{
	RUN(catalog_invariants);
	RUN(pattern_matching);
	RUN(fingerprint_stable);
	RUN(image_names);
	RUN(dates);
	RUN(non_root_user);
	RUN(healthcheck);
	RUN(gate_and_waivers);
	return test_done();
}
