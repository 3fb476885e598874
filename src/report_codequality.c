/*
 * report_codequality.c - GitLab Code Quality ("artifacts:reports:codequality"):
 * a JSON array with one issue per unwaived failing finding.
 *
 * Severity mapping (GitLab knows info/minor/major/critical/blocker):
 * critical -> critical, high -> major, medium -> minor, low -> info,
 * info -> info. "blocker" is not used: GitLab reports never fail a job, the
 * exit code is the gate. Waived and baseline-absent findings are left out
 * (GitLab has no suppressions); locations are those of the SARIF report.
 */
#include "report.h"
#include "report_util.h"
#include "json.h"
#include "buf.h"

#include <string.h>

static const char *cq_severity(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
		return "critical";
	case SEV_HIGH:
		return "major";
	case SEV_MEDIUM:
		return "minor";
	case SEV_LOW:
	case SEV_INFO:
		break;
	}
	return "info";
}

static void put_clean(struct json_object *o, const char *key, const char *s)
{
	char *c = report_clean(s, 0);

	json_object_object_add(o, key, json_object_new_string(c));
	free(c);
}

static struct json_object *issue_object(struct report_locator *L, const struct finding *f,
					const char *fingerprint)
{
	const struct target *t = &L->run->targets[f->target];
	struct json_object *o = json_object_new_object(), *content = json_object_new_object();
	struct json_object *cats = json_object_new_array(), *loc = json_object_new_object();
	struct json_object *lines = json_object_new_object();
	struct report_location rl;
	struct buf b = BUF_INIT;

	json_put_str(o, "type", "issue");
	json_put_str(o, "check_name", f->check->id);
	buf_addf(&b, "%s: %s (%s%s", f->check->id, f->message[0] ? f->message : f->check->title,
		 report_target_kind_prefix(t), t->display);
	if (f->evidence[0])
		buf_addf(&b, ", evidence %s", f->evidence);
	buf_addc(&b, ')');
	put_clean(o, "description", buf_str(&b));
	buf_reset(&b);
	buf_addf(&b, "%s\n\nRemediation: %s", f->check->title, f->check->remediation);
	put_clean(content, "body", buf_str(&b));
	json_object_object_add(o, "content", content);
	json_object_array_add(cats, json_object_new_string("Security"));
	json_object_object_add(o, "categories", cats);
	json_put_str(o, "fingerprint", fingerprint);
	json_put_str(o, "severity", cq_severity(f->severity));
	report_locate(L, f, &rl);
	json_put_str(loc, "path", rl.uri);
	json_put_int(lines, "begin", rl.start_line);
	json_put_int(lines, "end", rl.end_line);
	json_object_object_add(loc, "lines", lines);
	json_object_object_add(o, "location", loc);
	report_location_release(&rl);
	buf_release(&b);
	return o;
}

struct fp_slot {
	const char *fp;
	size_t index;
};

static int fp_cmp(const void *pa, const void *pb)
{
	const struct fp_slot *a = pa, *b = pb;
	int c = strcmp(a->fp, b->fp);

	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * GitLab keeps one issue per fingerprint. Two targets with one stable
 * identity (two tags of a repository in one run) give equal fingerprints:
 * the second and later get "-2", "-3"... in report order, which is stable.
 */
static unsigned *fingerprint_repeats(const struct run *r)
{
	struct fp_slot *v = xcalloc(r->findings.n ? r->findings.n : 1, sizeof(*v));
	unsigned *rep = xcalloc(r->findings.n ? r->findings.n : 1, sizeof(*rep));

	for (size_t i = 0; i < r->findings.n; i++) {
		v[i].fp = r->findings.v[i].fingerprint;
		v[i].index = i;
	}
	if (r->findings.n > 1)
		qsort(v, r->findings.n, sizeof(*v), fp_cmp);
	for (size_t i = 1; i < r->findings.n; i++)
		if (!strcmp(v[i].fp, v[i - 1].fp))
			rep[v[i].index] = rep[v[i - 1].index] + 1;
	free(v);
	return rep;
}

int report_codequality(const struct run *r, const struct report_options *o, FILE *fp,
		       struct errbuf *err)
{
	struct json_object *a = json_object_new_array();
	struct report_locator L;
	int ret = 0;

	unsigned *rep = fingerprint_repeats(r);

	report_locator_init(&L, r, o);
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];
		char id[32];

		if (f->status != STATUS_FAIL || f->waiver || f->baseline == BASELINE_ABSENT)
			continue;
		if (rep[i])
			snprintf(id, sizeof(id), "%s-%u", f->fingerprint, rep[i] + 1);
		else
			snprintf(id, sizeof(id), "%s", f->fingerprint);
		json_object_array_add(a, issue_object(&L, f, id));
	}
	free(rep);
	if (json_write(fp, a) < 0)
		ret = err_set(err, "write error");
	json_object_put(a);
	report_locator_release(&L);
	return ret;
}
