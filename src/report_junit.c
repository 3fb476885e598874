/*
 * report_junit.c - JUnit XML for GitLab (artifacts:reports:junit) and
 * Jenkins, written with libxml2's xmlTextWriter (the only libxml2 user).
 *
 * testsuites -> one testsuite per target and CIS section -> one testcase
 * per check and target. classname is the target reference ("image:myapp"),
 * name is "<rule id> <title>", so (classname, name) pairs are unique.
 * GitLab shows the element text of failure/skipped, so messages and the
 * remediation go there. Audit errors get a testsuite of their own.
 */
#include "report.h"
#include "report_util.h"
#include "policy.h"
#include "buf.h"

#include <libxml/xmlwriter.h>
#include <string.h>

enum outcome_kind { CASE_PASS, CASE_FAIL, CASE_ERROR, CASE_SKIP };

/* One testcase: findings idx[first..first+n) of one check on one target. */
struct jcase {
	size_t first, n;
	enum outcome_kind kind;
};

struct jwriter {
	xmlTextWriterPtr w;
	int failed;
};

static void jw_check(struct jwriter *j, int rc)
{
	if (rc < 0)
		j->failed = 1;
}

static void jw_start(struct jwriter *j, const char *name)
{
	jw_check(j, xmlTextWriterStartElement(j->w, BAD_CAST name));
}

static void jw_end(struct jwriter *j)
{
	jw_check(j, xmlTextWriterEndElement(j->w));
}

/* An attribute; the value is made valid UTF-8 without XML-forbidden characters. */
static void jw_attr(struct jwriter *j, const char *name, const char *value)
{
	char *c = report_clean(value, CLEAN_XML);

	jw_check(j, xmlTextWriterWriteAttribute(j->w, BAD_CAST name, BAD_CAST c));
	free(c);
}

static void jw_attr_size(struct jwriter *j, const char *name, size_t v)
{
	char s[32];

	snprintf(s, sizeof(s), "%zu", v);
	jw_attr(j, name, s);
}

static void jw_text(struct jwriter *j, const char *text)
{
	char *c = report_clean(text, CLEAN_XML);

	jw_check(j, xmlTextWriterWriteString(j->w, BAD_CAST c));
	free(c);
}

/* Property names of the waivers suite. */
static const char *state_label(const char *state)
{
	if (!strcmp(state, "expired"))
		return "waiver expired (its findings count again)";
	if (!strcmp(state, "unused"))
		return "waiver unused (matched nothing)";
	return "waiver expiring soon";
}

struct junit_ctx {
	const struct run *r;
	const struct check **rules;
	size_t nrules;
	size_t *idx;  /* non-absent findings in (target, section, rule, order) order */
	size_t *rank; /* per finding: index of its check in rules */
	size_t nidx;
	char **classnames; /* per target, unique */
};

/* qsort() takes no context argument: the comparison reads it from here. */
static struct junit_ctx *sort_ctx;

static int idx_cmp(const void *pa, const void *pb)
{
	const struct finding *a = &sort_ctx->r->findings.v[*(const size_t *)pa];
	const struct finding *b = &sort_ctx->r->findings.v[*(const size_t *)pb];
	size_t ra, rb;

	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	if (a->check->section != b->check->section)
		return a->check->section < b->check->section ? -1 : 1;
	ra = sort_ctx->rank[*(const size_t *)pa];
	rb = sort_ctx->rank[*(const size_t *)pb];
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

/*
 * Classnames: the target reference, unless two targets share it (two tags
 * of one repository); then the display name is added, and a counter if
 * even that repeats.
 */
static void make_classnames(struct junit_ctx *c)
{
	const struct run *r = c->r;
	unsigned char *dup;

	c->classnames = xcalloc(r->ntargets ? r->ntargets : 1, sizeof(*c->classnames));
	for (size_t i = 0; i < r->ntargets; i++)
		c->classnames[i] = target_ref(&r->targets[i]);
	dup = xcalloc(r->ntargets ? r->ntargets : 1, 1);
	for (size_t i = 0; i < r->ntargets; i++)
		for (size_t k = i + 1; k < r->ntargets; k++)
			if (!strcmp(c->classnames[i], c->classnames[k]))
				dup[i] = dup[k] = 1;
	for (size_t i = 0; i < r->ntargets; i++) {
		if (dup[i]) {
			char *s = xstrfmt("%s (%s)", c->classnames[i], r->targets[i].display);

			free(c->classnames[i]);
			c->classnames[i] = s;
		}
	}
	free(dup);
	for (size_t i = 0; i < r->ntargets; i++) {
		for (size_t k = 0; k < i; k++) {
			if (!strcmp(c->classnames[i], c->classnames[k])) {
				char *s = xstrfmt("%s #%zu", c->classnames[i], i + 1);

				free(c->classnames[i]);
				c->classnames[i] = s;
				break;
			}
		}
	}
}

static enum outcome_kind case_kind(const struct junit_ctx *c, const struct jcase *jc)
{
	int fail = 0, waived = 0, skip = 0;

	for (size_t i = jc->first; i < jc->first + jc->n; i++) {
		const struct finding *f = &c->r->findings.v[c->idx[i]];

		if (f->status == STATUS_ERROR)
			return CASE_ERROR;
		if (f->status == STATUS_FAIL && !f->waiver)
			fail = 1;
		else if (f->status == STATUS_FAIL)
			waived = 1;
		else if (f->status == STATUS_MANUAL || f->status == STATUS_SKIP)
			skip = 1;
	}
	if (fail)
		return CASE_FAIL;
	return waived || skip ? CASE_SKIP : CASE_PASS;
}

static void waiver_line(struct buf *b, const struct finding *f)
{
	const struct waiver *w = f->waiver;

	buf_addf(b, "waived: %s (expires %s", w->reason, w->expires ? w->expires : "never");
	if (w->ticket)
		buf_addf(b, ", ticket %s", w->ticket);
	buf_adds(b, ")");
}

static void write_case_body(struct jwriter *j, const struct junit_ctx *c, const struct jcase *jc)
{
	const struct finding *first = &c->r->findings.v[c->idx[jc->first]];
	const struct check *chk = first->check;
	struct buf text = BUF_INIT;
	const char *msg = NULL, *elem = NULL, *type = NULL;
	size_t nfail = 0;

	for (size_t i = jc->first; i < jc->first + jc->n; i++) {
		const struct finding *f = &c->r->findings.v[c->idx[i]];

		switch (jc->kind) {
		case CASE_ERROR:
			if (f->status == STATUS_ERROR) {
				if (!msg)
					msg = f->message;
				buf_addf(&text, "could not be evaluated: %s\n", f->message);
			}
			break;
		case CASE_FAIL:
			if (f->status != STATUS_FAIL)
				break;
			if (!f->waiver) {
				if (!msg)
					msg = f->message;
				nfail++;
			}
			buf_addf(&text, "- %s", f->message);
			if (f->evidence[0])
				buf_addf(&text, " [evidence: %s]", f->evidence);
			if (f->waiver) {
				buf_adds(&text, " ");
				waiver_line(&text, f);
			} else if (f->baseline == BASELINE_NEW) {
				buf_adds(&text, " (new)");
			}
			buf_addc(&text, '\n');
			break;
		case CASE_SKIP:
			if (f->status == STATUS_FAIL && f->waiver) {
				buf_addf(&text, "- %s", f->message);
				if (f->evidence[0])
					buf_addf(&text, " [evidence: %s]", f->evidence);
				buf_adds(&text, " ");
				waiver_line(&text, f);
				buf_addc(&text, '\n');
				if (!msg)
					msg = "waived";
			} else if (f->status == STATUS_MANUAL) {
				buf_addf(&text, "manual review: %s\n",
					 f->message[0] ? f->message : chk->title);
				if (!msg)
					msg = "manual review";
			} else if (f->status == STATUS_SKIP) {
				buf_addf(&text, "not applicable: %s\n", f->message);
				if (!msg)
					msg = "not applicable";
			}
			break;
		case CASE_PASS:
			break;
		}
	}
	switch (jc->kind) {
	case CASE_PASS:
		buf_release(&text);
		return;
	case CASE_ERROR:
		elem = "error";
		type = "error";
		break;
	case CASE_FAIL:
		elem = "failure";
		type = severity_name(first->severity);
		buf_addf(&text, "\nRemediation: %s\n", chk->remediation);
		break;
	case CASE_SKIP:
		elem = "skipped";
		break;
	}
	jw_start(j, elem);
	if (type)
		jw_attr(j, "type", type);
	if (jc->kind == CASE_FAIL && nfail > 1) {
		char *m = xstrfmt("%zu findings; first: %s", nfail, msg);

		jw_attr(j, "message", m);
		free(m);
	} else {
		jw_attr(j, "message", msg ? msg : "");
	}
	jw_text(j, buf_str(&text));
	jw_end(j);
	buf_release(&text);
}

static void write_suite(struct jwriter *j, const struct junit_ctx *c, const struct jcase *cases,
			size_t ncases, const char *timestamp)
{
	const struct finding *f0 = &c->r->findings.v[c->idx[cases[0].first]];
	const struct target *t = &c->r->targets[f0->target];
	size_t counts[4] = { 0 };
	char *name, *ref = target_ref(t);

	for (size_t i = 0; i < ncases; i++)
		counts[cases[i].kind]++;
	name = xstrfmt("%s%s - %d %s", report_target_kind_prefix(t), t->display, f0->check->section,
		       section_title(f0->check->section));
	jw_start(j, "testsuite");
	jw_attr(j, "name", name);
	jw_attr_size(j, "tests", ncases);
	jw_attr_size(j, "failures", counts[CASE_FAIL]);
	jw_attr_size(j, "errors", counts[CASE_ERROR]);
	jw_attr_size(j, "skipped", counts[CASE_SKIP]);
	jw_attr(j, "time", "0.000");
	jw_attr(j, "timestamp", timestamp);
	jw_start(j, "properties");
	jw_start(j, "property");
	jw_attr(j, "name", "target");
	jw_attr(j, "value", ref);
	jw_end(j);
	if (t->digest) {
		jw_start(j, "property");
		jw_attr(j, "name", "digest");
		jw_attr(j, "value", t->digest);
		jw_end(j);
	}
	jw_end(j);
	for (size_t i = 0; i < ncases; i++) {
		const struct finding *f = &c->r->findings.v[c->idx[cases[i].first]];
		char *cname = xstrfmt("%s %s", f->check->id, f->check->title);

		jw_start(j, "testcase");
		jw_attr(j, "classname", c->classnames[f->target]);
		jw_attr(j, "name", cname);
		jw_attr(j, "time", "0");
		write_case_body(j, c, &cases[i]);
		jw_end(j);
		free(cname);
	}
	jw_end(j);
	free(name);
	free(ref);
}

static void write_errors_suite(struct jwriter *j, const struct run *r, const char *timestamp)
{
	jw_start(j, "testsuite");
	jw_attr(j, "name", "dockgate audit errors");
	jw_attr_size(j, "tests", r->nerrors);
	jw_attr(j, "failures", "0");
	jw_attr_size(j, "errors", r->nerrors);
	jw_attr(j, "skipped", "0");
	jw_attr(j, "time", "0.000");
	jw_attr(j, "timestamp", timestamp);
	for (size_t i = 0; i < r->nerrors; i++) {
		char *name = xstrfmt("audit error %zu: %s", i + 1, r->errors[i].where);

		jw_start(j, "testcase");
		jw_attr(j, "classname", "dockgate");
		jw_attr(j, "name", name);
		jw_attr(j, "time", "0");
		jw_start(j, "error");
		jw_attr(j, "type", "incomplete");
		jw_attr(j, "message", r->errors[i].message);
		jw_text(j, r->errors[i].message);
		jw_end(j);
		jw_end(j);
		free(name);
	}
	jw_end(j);
}

/*
 * Expired, unused and soon expiring waivers, listed in every report: a
 * suite without testcases (they are not tests), the list in properties and
 * system-out.
 */
static void write_waivers_suite(struct jwriter *j, const struct run *r, const char *timestamp)
{
	const struct policy *p = r->policy;
	struct buf text = BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; p && i < p->nwaivers; i++) {
		const struct waiver *w = &p->waivers[i];
		const char *state = w->state == WAIVER_EXPIRED	  ? "expired"
				    : w->state == WAIVER_UNUSED	  ? "unused"
				    : w->state == WAIVER_EXPIRING ? "expiring"
								  : NULL;

		if (!state)
			continue;
		if (!n++) {
			jw_start(j, "testsuite");
			jw_attr(j, "name", "dockgate waivers");
			jw_attr(j, "tests", "0");
			jw_attr(j, "failures", "0");
			jw_attr(j, "errors", "0");
			jw_attr(j, "skipped", "0");
			jw_attr(j, "time", "0.000");
			jw_attr(j, "timestamp", timestamp);
			jw_start(j, "properties");
		}
		buf_reset(&text);
		buf_addf(&text, "%s (target %s): %s; expires %s", w->check,
			 w->target ? w->target : "any", w->reason,
			 w->expires ? w->expires : "never");
		jw_start(j, "property");
		jw_attr(j, "name", state_label(state));
		jw_attr(j, "value", buf_str(&text));
		jw_end(j);
	}
	if (n) {
		jw_end(j);
		jw_end(j);
	}
	buf_release(&text);
}

/* Group the sorted findings into testcases (same target and check). */
static struct jcase *make_cases(struct junit_ctx *c, size_t *ncases)
{
	struct jcase *cases = xcalloc(c->nidx ? c->nidx : 1, sizeof(*cases));
	size_t n = 0;

	for (size_t i = 0; i < c->nidx;) {
		const struct finding *f = &c->r->findings.v[c->idx[i]];
		size_t k = i + 1;

		while (k < c->nidx && c->r->findings.v[c->idx[k]].target == f->target &&
		       c->r->findings.v[c->idx[k]].check == f->check)
			k++;
		cases[n].first = i;
		cases[n].n = k - i;
		cases[n].kind = case_kind(c, &cases[n]);
		n++;
		i = k;
	}
	*ncases = n;
	return cases;
}

int report_junit(const struct run *r, const struct report_options *o, FILE *fp, struct errbuf *err)
{
	struct junit_ctx c = { 0 };
	struct jwriter j = { NULL, 0 };
	xmlBufferPtr xb = xmlBufferCreate();
	struct jcase *cases;
	size_t ncases, totals[4] = { 0 };
	char timestamp[32], duration[32];
	int ret = 0;

	(void)o;
	if (!xb)
		die("out of memory");
	c.r = r;
	c.rules = report_rules(r, &c.nrules);
	c.idx = xcalloc(r->findings.n ? r->findings.n : 1, sizeof(*c.idx));
	c.rank = xcalloc(r->findings.n ? r->findings.n : 1, sizeof(*c.rank));
	for (size_t i = 0; i < r->findings.n; i++) {
		c.rank[i] = report_rule_index(c.rules, c.nrules, r->findings.v[i].check);
		if (r->findings.v[i].baseline != BASELINE_ABSENT)
			c.idx[c.nidx++] = i;
	}
	sort_ctx = &c;
	if (c.nidx > 1)
		qsort(c.idx, c.nidx, sizeof(*c.idx), idx_cmp);
	sort_ctx = NULL;
	make_classnames(&c);
	cases = make_cases(&c, &ncases);
	for (size_t i = 0; i < ncases; i++)
		totals[cases[i].kind]++;

	report_time(timestamp, r->started ? r->started : dg_now());
	snprintf(duration, sizeof(duration), "%.3f", r->duration > 0 ? r->duration : 0.0);
	j.w = xmlNewTextWriterMemory(xb, 0);
	if (!j.w)
		die("out of memory");
	jw_check(&j, xmlTextWriterSetIndent(j.w, 1));
	jw_check(&j, xmlTextWriterSetIndentString(j.w, BAD_CAST "  "));
	jw_check(&j, xmlTextWriterStartDocument(j.w, NULL, "UTF-8", NULL));
	jw_start(&j, "testsuites");
	jw_attr(&j, "name", "dockgate");
	jw_attr_size(&j, "tests", ncases + r->nerrors);
	jw_attr_size(&j, "failures", totals[CASE_FAIL]);
	jw_attr_size(&j, "errors", totals[CASE_ERROR] + r->nerrors);
	jw_attr(&j, "time", duration);
	for (size_t i = 0; i < ncases;) {
		const struct finding *f = &r->findings.v[c.idx[cases[i].first]];
		size_t k = i + 1;

		while (k < ncases) {
			const struct finding *g = &r->findings.v[c.idx[cases[k].first]];

			if (g->target != f->target || g->check->section != f->check->section)
				break;
			k++;
		}
		write_suite(&j, &c, cases + i, k - i, timestamp);
		i = k;
	}
	if (r->nerrors)
		write_errors_suite(&j, r, timestamp);
	write_waivers_suite(&j, r, timestamp);
	jw_end(&j);
	jw_check(&j, xmlTextWriterEndDocument(j.w));
	xmlFreeTextWriter(j.w);
	if (j.failed)
		ret = err_set(err, "cannot format the JUnit XML");
	else if (fwrite(xmlBufferContent(xb), 1, (size_t)xmlBufferLength(xb), fp) !=
		 (size_t)xmlBufferLength(xb))
		ret = err_set(err, "write error");
	xmlBufferFree(xb);
	for (size_t i = 0; i < r->ntargets; i++)
		free(c.classnames[i]);
	free(c.classnames);
	free(cases);
	free(c.idx);
	free(c.rank);
	free(c.rules);
	return ret;
}
