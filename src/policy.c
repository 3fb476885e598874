/*
 * policy.c - check selection, severity overrides, waivers and the gate.
 * Loading the policy file lives in policy_load.c.
 */
#include "policy.h"

#include <limits.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <time.h>

void policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->fail_on = SEV_HIGH;
	for (size_t i = 0; i < ARRAY_SIZE(p->max); i++)
		p->max[i] = -1;
	p->now = dg_now();
}

static void overrides_free(struct severity_override *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(o[i].pattern);
	free(o);
}

void policy_release(struct policy *p)
{
	free(p->file);
	strlist_clear(&p->include);
	strlist_clear(&p->exclude);
	overrides_free(p->severities, p->nseverities);
	for (size_t i = 0; i < p->nscopes; i++) {
		struct policy_scope *s = &p->scopes[i];

		free(s->pattern);
		strlist_clear(&s->include);
		strlist_clear(&s->exclude);
		overrides_free(s->severities, s->nseverities);
	}
	free(p->scopes);
	for (size_t i = 0; i < p->nwaivers; i++) {
		struct waiver *w = &p->waivers[i];

		free(w->check);
		free(w->target);
		free(w->evidence);
		free(w->reason);
		free(w->expires);
		free(w->ticket);
	}
	free(p->waivers);
	strlist_clear(&p->setuid_allow);
	strlist_clear(&p->secret_files);
	strlist_clear(&p->allowed_ports);
	memset(p, 0, sizeof(*p));
}

static int any_matches(const struct strlist *l, const struct check *c)
{
	for (size_t i = 0; i < l->n; i++)
		if (check_matches(c, l->v[i]))
			return 1;
	return 0;
}

/* A scope's glob matches "kind:name" (or the bare name, as waivers do). */
static int scope_applies(const struct policy_scope *s, const struct target *t)
{
	char *ref = target_ref(t);
	int ok = glob_match(s->pattern, ref) || glob_match(s->pattern, t->name);

	free(ref);
	return ok;
}

int policy_check_selected(const struct policy *p, const struct check *c, const struct target *t)
{
	int selected = !p->include.n || any_matches(&p->include, c);

	if (any_matches(&p->exclude, c))
		selected = 0;
	for (size_t i = 0; t && i < p->nscopes; i++) {
		const struct policy_scope *s = &p->scopes[i];

		if (!scope_applies(s, t))
			continue;
		if (s->include.n)
			selected = any_matches(&s->include, c);
		if (any_matches(&s->exclude, c))
			selected = 0;
	}
	return selected;
}

static int override_find(const struct severity_override *o, size_t n, const struct check *c,
			 enum severity *out)
{
	int found = 0;

	/* The last matching entry wins, as in most config files. */
	for (size_t i = 0; i < n; i++) {
		if (check_matches(c, o[i].pattern)) {
			*out = o[i].severity;
			found = 1;
		}
	}
	return found;
}

enum severity policy_severity(const struct policy *p, const struct check *c, const struct target *t)
{
	enum severity sev = c->severity;

	override_find(p->severities, p->nseverities, c, &sev);
	for (size_t i = 0; t && i < p->nscopes; i++)
		if (scope_applies(&p->scopes[i], t))
			override_find(p->scopes[i].severities, p->scopes[i].nseverities, c, &sev);
	return sev;
}

static int waiver_matches(const struct waiver *w, const struct finding *f, const struct target *t)
{
	if (!check_matches(f->check, w->check))
		return 0;
	if (w->target) {
		char *ref = target_ref(t);
		int ok = glob_match(w->target, ref) || glob_match(w->target, t->name);

		free(ref);
		if (!ok)
			return 0;
	}
	if (w->evidence && !glob_match(w->evidence, f->evidence))
		return 0;
	return 1;
}

/* Gate threshold for a target: the last matching scope's fail_on wins. */
static enum severity gate_fail_on(const struct policy *p, const struct target *t, int *none)
{
	enum severity fo = p->fail_on;

	*none = p->fail_on_none;
	for (size_t i = 0; i < p->nscopes; i++) {
		if (p->scopes[i].has_fail_on && scope_applies(&p->scopes[i], t)) {
			fo = p->scopes[i].fail_on;
			*none = p->scopes[i].fail_on_none;
		}
	}
	return fo;
}

long long policy_waiver_days_left(const struct policy *p, const struct waiver *w)
{
	long long today = p->now >= 0 ? p->now / 86400 : (p->now - 86399) / 86400;

	if (!w->expires_at)
		return LLONG_MAX;
	return w->expires_at / 86400 - today;
}

enum waiver_state policy_waiver_date_state(const struct policy *p, const struct waiver *w)
{
	long long left = policy_waiver_days_left(p, w);

	if (left < 0)
		return WAIVER_EXPIRED;
	if (left <= POLICY_EXPIRING_SOON_DAYS)
		return WAIVER_EXPIRING;
	return WAIVER_APPLIED;
}

const char *policy_waiver_state_name(enum waiver_state s)
{
	switch (s) {
	case WAIVER_UNUSED:
		return "unused";
	case WAIVER_APPLIED:
		return "applied";
	case WAIVER_EXPIRING:
		return "expiring";
	case WAIVER_EXPIRED:
		return "expired";
	}
	return "?";
}

/*
 * The first matching waiver that has not expired applies. Expired waivers
 * still count their matches, so reports can say which findings they no
 * longer cover.
 */
static void apply_waivers(struct policy *p, struct run *r, struct finding *f)
{
	const struct target *t = &r->targets[f->target];

	for (size_t i = 0; i < p->nwaivers; i++) {
		struct waiver *w = &p->waivers[i];

		if (!waiver_matches(w, f, t))
			continue;
		w->matched++;
		if (w->state == WAIVER_EXPIRED)
			continue;
		w->state = policy_waiver_date_state(p, w);
		f->waiver = w;
		return;
	}
}

void policy_apply(struct policy *p, struct run *r)
{
	long long count[5] = { 0 };
	int error = r->nerrors > 0;

	/* An expired waiver is reported as expired whether it matched or not. */
	for (size_t i = 0; i < p->nwaivers; i++) {
		struct waiver *w = &p->waivers[i];

		w->state = policy_waiver_date_state(p, w) == WAIVER_EXPIRED ? WAIVER_EXPIRED
									    : WAIVER_UNUSED;
		w->matched = 0;
	}
	memset(r->counts, 0, sizeof(r->counts));
	r->gate_failed = 0;
	for (size_t i = 0; i < r->findings.n; i++) {
		struct finding *f = &r->findings.v[i];
		const struct target *t = &r->targets[f->target];
		int none;
		enum severity fo = gate_fail_on(p, t, &none);

		f->severity = policy_severity(p, f->check, t);
		f->waiver = NULL;
		f->gating = 0;
		if (f->status == STATUS_ERROR && !p->lenient_errors)
			error = 1;
		if (f->status == STATUS_FAIL && f->baseline != BASELINE_ABSENT) {
			apply_waivers(p, r, f);
			if (!f->waiver && !(p->new_only && f->baseline == BASELINE_UNCHANGED)) {
				count[f->severity]++;
				if (!none && f->severity >= fo)
					f->gating = 1;
			}
		}
		if (f->baseline != BASELINE_ABSENT)
			r->counts[f->status][f->severity]++;
		if (f->gating)
			r->gate_failed = 1;
	}
	/* Budgets: more unwaived findings of a severity than allowed fail the gate. */
	for (size_t s = 0; s < ARRAY_SIZE(p->max); s++) {
		if (p->max[s] >= 0 && count[s] > p->max[s]) {
			r->gate_failed = 1;
			for (size_t i = 0; i < r->findings.n; i++) {
				struct finding *f = &r->findings.v[i];

				if (f->status == STATUS_FAIL && !f->waiver && f->severity == s &&
				    f->baseline != BASELINE_ABSENT &&
				    !(p->new_only && f->baseline == BASELINE_UNCHANGED))
					f->gating = 1;
			}
		}
	}
	if (p->strict_waivers)
		for (size_t i = 0; i < p->nwaivers; i++)
			if (p->waivers[i].state == WAIVER_UNUSED)
				r->gate_failed = 1;
	r->exit_code = error ? EXIT_INCOMPLETE : r->gate_failed ? EXIT_GATE : EXIT_PASS;
}

/* Days from civil date (Howard Hinnant's algorithm), to avoid timegm/TZ. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

int policy_parse_date(const char *s, long long *end_of_day)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, m, d;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	/* digits only: sscanf's %u would take "-001" (wrapping past any year) or " 5" */
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	if (sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	*end_of_day = days_from_civil(y, m, d) * 86400LL + 86399;
	return 0;
}
