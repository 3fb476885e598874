/*
 * report.c - what all writers share: atomic files, verdict words, making
 * untrusted strings safe per format, locations, summary counts.
 */
#include "report.h"
#include "report_util.h"
#include "dockerfile.h"
#include "facts.h"

#include <ctype.h>
#include <limits.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *report_target_kind_prefix(const struct target *t)
{
	static const char *const prefixes[] = { "image ", "container ", "daemon ", "host " };
	const char *kind = target_kind_name(t->kind);
	size_t n = strlen(kind);

	if ((unsigned)t->kind >= ARRAY_SIZE(prefixes))
		return "";
	if (!strncmp(t->display, kind, n) && (!t->display[n] || t->display[n] == ' '))
		return "";
	return prefixes[t->kind];
}

const char *baseline_state_name(enum baseline_state s)
{
	switch (s) {
	case BASELINE_NEW:
		return "new";
	case BASELINE_UNCHANGED:
		return "unchanged";
	case BASELINE_ABSENT:
		return "absent";
	case BASELINE_NONE:
		break;
	}
	return "none";
}

const char *run_verdict(const struct run *r)
{
	if (r->exit_code == EXIT_INCOMPLETE)
		return "incomplete";
	return r->gate_failed ? "failed" : "passed";
}

static mode_t report_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

static int write_stream(FILE *fp, const char *path, report_fn fn, const struct run *r,
			const struct report_options *o, struct errbuf *err)
{
	errno = 0;
	if (fn(r, o, fp, err) < 0) {
		/* a full disk is worth naming; writers only know "write error" */
		if (ferror(fp) &&
		    (errno == ENOSPC || errno == EDQUOT || errno == EFBIG || errno == EIO))
			return err_set(err, "cannot write report '%s': %s", path, strerror(errno));
		return err_prefix(err, "cannot write report '%s'", path);
	}
	if (fflush(fp) || ferror(fp))
		return err_set(err, "cannot write report '%s': %s", path, strerror(errno));
	return 0;
}

int report_write_file(const char *path, report_fn fn, const struct run *r,
		      const struct report_options *o, struct errbuf *err)
{
	char *tmp;
	FILE *fp;
	int fd, ret;
	struct stat st;

	if (!strcmp(path, "-"))
		return write_stream(stdout, "-", fn, r, o, err);
	/*
	 * Devices and pipes (/dev/stdout, /dev/null, a FIFO) are written in
	 * place: a rename would replace the device node with a regular file.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		fp = fopen(path, "w");
		if (!fp)
			return err_set(err, "cannot write report '%s': %s", path, strerror(errno));
		ret = write_stream(fp, path, fn, r, o, err);
		if (fclose(fp) && !ret)
			ret = err_set(err, "cannot write report '%s': %s", path, strerror(errno));
		return ret;
	}
	tmp = xstrfmt("%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err_set(err, "cannot write report '%s': %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return err_set(err, "cannot write report '%s': %s", path, strerror(errno));
	}
	ret = write_stream(fp, path, fn, r, o, err);
	if (fclose(fp) && !ret)
		ret = err_set(err, "cannot write report '%s': %s", path, strerror(errno));
	/* mkstemp makes 0600; reports are ordinary files, subject to umask. */
	if (!ret && chmod(tmp, 0666 & ~report_umask()) < 0)
		ret = err_set(err, "cannot write report '%s': %s", path, strerror(errno));
	if (!ret && rename(tmp, path) < 0)
		ret = err_set(err, "cannot write report '%s': %s", path, strerror(errno));
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}

int report_append_file(const char *path, report_fn fn, const struct run *r,
		       const struct report_options *o, struct errbuf *err)
{
	FILE *fp = fopen(path, "a");
	int ret;

	if (!fp)
		return err_set(err, "cannot append to '%s': %s", path, strerror(errno));
	ret = write_stream(fp, path, fn, r, o, err);
	if (fclose(fp) && !ret)
		ret = err_set(err, "cannot append to '%s': %s", path, strerror(errno));
	return ret;
}

/*
 * Length (1..4) of the valid UTF-8 sequence at s and its code point, or 0
 * when the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * code points past U+10FFFF are invalid). s is NUL-terminated, and a NUL
 * fails the continuation test, so this never reads past the end.
 */
static int utf8_seq(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		if ((s[1] & 0xc0) != 0x80)
			return 0;
		*cp = ((c & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		*cp = ((c & 0x0f) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3f);
		if (*cp < 0x800 || (*cp >= 0xd800 && *cp <= 0xdfff))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		*cp = ((c & 0x07) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) |
		      (s[3] & 0x3f);
		if (*cp < 0x10000 || *cp > 0x10ffff)
			return 0;
		return 4;
	}
	return 0;
}

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

void report_clean_buf(struct buf *b, const char *s, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	buf_grow(b, strlen((const char *)p));
	while (*p) {
		const unsigned char *q = p;
		unsigned cp;
		int n;

		/* Fast path: a run of plain ASCII is copied at once. */
		while (*q >= 0x20 && *q < 0x80)
			q++;
		if (q != p) {
			buf_add(b, p, (size_t)(q - p));
			p = q;
			continue;
		}
		n = utf8_seq(p, &cp);

		if (!n) {
			buf_adds(b, REPLACEMENT);
			p++;
			continue;
		}
		if ((flags & CLEAN_XML) && ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
					    cp == 0xfffe || cp == 0xffff))
			buf_adds(b, REPLACEMENT);
		else
			buf_add(b, p, (size_t)n);
		p += n;
	}
	if (!b->s)
		buf_adds(b, "");
}

char *report_clean(const char *s, unsigned flags)
{
	struct buf b = BUF_INIT;

	report_clean_buf(&b, s, flags);
	return buf_detach(&b);
}

/* Bidirectional overrides and isolates reorder text on screen: never pass them. */
static int is_bidi_control(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
	       cp == 0x200f || cp == 0x061c;
}

void report_term_escape(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		unsigned cp;
		int n = utf8_seq(p, &cp);

		if (!n) {
			fputs(REPLACEMENT, fp);
			p++;
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			fprintf(fp, "\\x%02x", cp);
		else if (is_bidi_control(cp))
			fputs(REPLACEMENT, fp);
		else
			fwrite(p, 1, (size_t)n, fp);
		p += n;
	}
}

void report_md_escape(struct buf *b, const char *s)
{
	const unsigned char *start = (const unsigned char *)(s ? s : "");
	const unsigned char *p = start;
	int digits_only = 1; /* everything so far was a digit: "1." would start a list */

	while (*p) {
		unsigned cp;
		int n = utf8_seq(p, &cp);
		size_t off = (size_t)(p - start);

		if (!n) {
			buf_adds(b, REPLACEMENT);
			p++;
			digits_only = 0;
			continue;
		}
		if (cp < 0x20 || cp == 0x7f) {
			buf_addf(b, "\\x%02x", cp);
		} else if (cp >= 0x80 && cp < 0xa0) {
			buf_addf(b, "\\u%04x", cp);
		} else if (is_bidi_control(cp)) {
			buf_adds(b, REPLACEMENT);
		} else if (cp == '<') {
			buf_adds(b, "&lt;");
		} else if (cp == '>') {
			buf_adds(b, "&gt;");
		} else if (cp == '&') {
			buf_adds(b, "&amp;");
		} else if (cp < 0x80 && strchr("\\`*_[]#+!~|@$\"", (int)cp)) {
			/* Inline markup, links, tables, e-mail autolinks, math ($), mentions. */
			buf_addc(b, '\\');
			buf_addc(b, (char)cp);
		} else if (cp == ':' && p[1] == '/') {
			/* "http://" autolinks */
			buf_addc(b, '\\');
			buf_addc(b, (char)cp);
		} else if ((cp == '-' || cp == '=') && off == 0) {
			buf_addc(b, '\\'); /* list item or setext underline */
			buf_addc(b, (char)cp);
		} else if ((cp == '.' || cp == ')') && off > 0 && digits_only) {
			buf_addc(b, '\\'); /* "1." ordered list */
			buf_addc(b, (char)cp);
		} else if (cp == '.' && off >= 3 && !strncasecmp((const char *)p - 3, "www", 3)) {
			buf_adds(b, "\\."); /* www. autolink */
		} else {
			buf_add(b, p, (size_t)n);
		}
		if (cp < '0' || cp > '9')
			digits_only = 0;
		p += n;
	}
	if (!b->s)
		buf_adds(b, "");
}

static int uri_unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

void report_uri_path(struct buf *b, const char *s)
{
	const char *p = s ? s : "";
	int any = 0;

	while (*p) {
		const char *seg = p;
		size_t len;

		while (*p && *p != '/')
			p++;
		len = (size_t)(p - seg);
		if (*p == '/')
			p++;
		if (!len)
			continue;
		if (any)
			buf_addc(b, '/');
		any = 1;
		if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.')) {
			buf_addc(b, '_');
			continue;
		}
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)seg[i];

			if (uri_unreserved(c))
				buf_addc(b, (char)c);
			else
				buf_addf(b, "%%%02X", c);
		}
	}
	if (!any)
		buf_addc(b, '_');
}

void report_time(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, 32, "1970-01-01T00:00:00Z");
		return;
	}
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *report_security_severity(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
		return "9.5";
	case SEV_HIGH:
		return "8.0";
	case SEV_MEDIUM:
		return "5.5";
	case SEV_LOW:
		return "3.0";
	case SEV_INFO:
		break;
	}
	return NULL;
}

int report_run_complete(const struct run *r)
{
	if (r->nerrors)
		return 0;
	for (size_t i = 0; i < r->findings.n; i++)
		if (r->findings.v[i].status == STATUS_ERROR &&
		    r->findings.v[i].baseline != BASELINE_ABSENT)
			return 0;
	return 1;
}

void report_count(const struct run *r, struct report_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];
		unsigned sev = (unsigned)f->severity < 5 ? (unsigned)f->severity : 0;

		if (f->baseline != BASELINE_NONE)
			c->has_baseline = 1;
		if (f->baseline == BASELINE_ABSENT) {
			c->base_absent++;
			continue;
		}
		if ((unsigned)f->status < 5)
			c->status[f->status]++;
		if (f->status == STATUS_ERROR)
			c->error_findings++;
		if (f->gating) {
			c->gating++;
			c->gating_by_sev[sev]++;
		}
		if (f->status != STATUS_FAIL)
			continue;
		c->fails_by_sev[sev]++;
		if (f->waiver) {
			c->waived++;
			c->waived_by_sev[sev]++;
		}
		if (f->baseline == BASELINE_NEW) {
			c->base_new++;
			c->new_by_sev[sev]++;
		} else if (f->baseline == BASELINE_UNCHANGED) {
			c->base_unchanged++;
			c->unchanged_by_sev[sev]++;
		}
	}
}

/* Port evidence such as "22/tcp" is not a path. */
static int looks_like_port(const char *s)
{
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	return p != s && (!*p || !strcmp(p, "/tcp") || !strcmp(p, "/udp") || !strcmp(p, "/sctp"));
}

int report_evidence_is_path(const struct target *t, const char *ev)
{
	if (!ev || !*ev)
		return 0;
	if (ev[0] == '/')
		return 1;
	if (t->kind == TARGET_IMAGE && t->image && image_find_file(t->image, ev))
		return 1;
	if (t->kind != TARGET_IMAGE || !strchr(ev, '/') || looks_like_port(ev) ||
	    !strncmp(ev, "Config.", 7))
		return 0;
	for (const char *p = ev; *p; p++)
		if (isspace((unsigned char)*p) || *p == '=')
			return 0;
	return 1;
}

/* The Dockerfile path as a repository-relative URI (relative to the working directory). */
static char *dockerfile_uri(const char *path)
{
	struct buf b = BUF_INIT;
	char *real = realpath(path, NULL), *cwd = realpath(".", NULL);
	const char *rel = path;

	if (real && cwd && !strcmp(cwd, "/")) {
		rel = real + 1;
	} else if (real && cwd && !strncmp(real, cwd, strlen(cwd)) && real[strlen(cwd)] == '/') {
		rel = real + strlen(cwd) + 1;
	} else if (path[0] == '/' || strstr(path, "..")) {
		const char *base = real ? real : path, *slash = strrchr(base, '/');

		rel = slash ? slash + 1 : base;
	}
	report_uri_path(&b, rel);
	free(real);
	free(cwd);
	return buf_detach(&b);
}

void report_locator_init(struct report_locator *L, const struct run *r,
			 const struct report_options *o)
{
	struct errbuf err;

	memset(L, 0, sizeof(*L));
	L->run = r;
	if (!o || !o->dockerfile)
		return;
	L->df = xcalloc(1, sizeof(*L->df));
	/* An unreadable Dockerfile only costs precision: fall back to image paths. */
	if (dockerfile_load(L->df, o->dockerfile, &err) < 0 || !L->df->n) {
		dockerfile_release(L->df);
		free(L->df);
		L->df = NULL;
		return;
	}
	L->df_uri = dockerfile_uri(o->dockerfile);
	L->maps = xcalloc(r->ntargets ? r->ntargets : 1, sizeof(*L->maps));
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].kind == TARGET_IMAGE && r->targets[i].image)
			L->maps[i] = dockerfile_map_history(L->df, r->targets[i].image);
}

void report_locator_release(struct report_locator *L)
{
	if (L->maps)
		for (size_t i = 0; i < L->run->ntargets; i++)
			free(L->maps[i]);
	free(L->maps);
	if (L->df)
		dockerfile_release(L->df);
	free(L->df);
	free(L->df_uri);
	memset(L, 0, sizeof(*L));
}

/* The Dockerfile instruction for an evidence key without a history step. */
static int instr_for_evidence(const struct dockerfile *df, const char *ev)
{
	static const struct {
		const char *prefix, *keyword;
	} fields[] = {
		{ "Config.User", "USER" },
		{ "Config.Healthcheck", "HEALTHCHECK" },
		{ "Config.ExposedPorts", "EXPOSE" },
		{ "Config.Entrypoint", "ENTRYPOINT" },
		{ "Config.Cmd", "CMD" },
		{ "Config.WorkingDir", "WORKDIR" },
		{ "Config.Volumes", "VOLUME" },
		{ "Config.Labels", "LABEL" },
		{ "Config.StopSignal", "STOPSIGNAL" },
		{ "Config.Shell", "SHELL" },
	};
	int idx;

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (!strncmp(ev, fields[i].prefix, strlen(fields[i].prefix)))
			return dockerfile_find(df, fields[i].keyword, NULL);
	if (!strncmp(ev, "Config.Env.", 11))
		ev += 11;
	else if (!strncmp(ev, "Env.", 4))
		ev += 4;
	if (!*ev)
		return -1;
	if ((idx = dockerfile_find(df, "ENV", ev)) >= 0)
		return idx;
	if ((idx = dockerfile_find(df, "ARG", ev)) >= 0)
		return idx;
	if (looks_like_port(ev))
		return dockerfile_find(df, "EXPOSE", ev);
	return -1;
}

/* Index of the Dockerfile instruction to show for an image finding. */
static int instr_for_finding(struct report_locator *L, const struct finding *f,
			     const struct target *t)
{
	const struct image *img = t->image;
	int *map = L->maps ? L->maps[f->target] : NULL;
	int h = f->history, idx;

	if (img && h < 0 && f->layer >= 0 && (size_t)f->layer < img->nlayers)
		h = img->layers[f->layer].history;
	if (img && h < 0 && f->evidence[0]) {
		const struct image_file *file = image_find_file(img, f->evidence);

		if (file && file->layer >= 0 && (size_t)file->layer < img->nlayers)
			h = img->layers[file->layer].history;
	}
	if (img && map && h >= 0 && (size_t)h < img->nhistory && map[h] >= 0)
		return map[h];
	idx = instr_for_evidence(L->df, f->evidence);
	if (idx < 0)
		idx = L->df->last_from;
	return idx < 0 ? 0 : idx;
}

void report_locate(struct report_locator *L, const struct finding *f, struct report_location *loc)
{
	const struct target *t = &L->run->targets[f->target];
	struct buf b = BUF_INIT;

	memset(loc, 0, sizeof(*loc));
	loc->start_line = loc->end_line = 1;
	switch (t->kind) {
	case TARGET_IMAGE:
		if (L->df) {
			const struct dockerfile_instr *in = &L->df->v[instr_for_finding(L, f, t)];

			loc->uri = xstrdup(L->df_uri);
			loc->start_line = in->start_line;
			loc->end_line = in->end_line >= in->start_line ? in->end_line
								       : in->start_line;
			loc->in_dockerfile = 1;
			return;
		}
		report_uri_path(&b, t->name);
		buf_addc(&b, '/');
		if (report_evidence_is_path(t, f->evidence))
			report_uri_path(&b, f->evidence);
		else
			buf_adds(&b, "image-config.json");
		break;
	case TARGET_CONTAINER:
		buf_adds(&b, "docker/containers/");
		report_uri_path(&b, t->name);
		break;
	case TARGET_DAEMON:
	case TARGET_HOST:
		buf_adds(&b, t->kind == TARGET_DAEMON ? "docker/daemon" : "docker/host");
		if (f->evidence[0] == '/') {
			buf_addc(&b, '/');
			report_uri_path(&b, f->evidence);
		}
		break;
	}
	loc->uri = buf_detach(&b);
}

void report_location_release(struct report_location *loc)
{
	free(loc->uri);
	loc->uri = NULL;
}

struct rule_order {
	const struct check *c;
	size_t catalog, first;
};

static int rule_order_cmp(const void *pa, const void *pb)
{
	const struct rule_order *a = pa, *b = pb;

	if (a->catalog != b->catalog)
		return a->catalog < b->catalog ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

const struct check **report_rules(const struct run *r, size_t *n)
{
	size_t ncat = catalog_count(), nr = 0, alloc = 0;
	struct rule_order *v = NULL;
	const struct check **out;

	for (size_t i = 0; i < r->findings.n; i++) {
		const struct check *c = r->findings.v[i].check;
		size_t j;

		for (j = 0; j < nr && v[j].c != c; j++)
			;
		if (j < nr)
			continue;
		ALLOC_GROW(v, nr + 1, alloc);
		v[nr].c = c;
		v[nr].first = i;
		v[nr].catalog = ncat;
		for (size_t k = 0; k < ncat; k++) {
			if (catalog_at(k) == c) {
				v[nr].catalog = k;
				break;
			}
		}
		nr++;
	}
	if (nr > 1)
		qsort(v, nr, sizeof(*v), rule_order_cmp);
	out = xcalloc(nr ? nr : 1, sizeof(*out));
	for (size_t i = 0; i < nr; i++)
		out[i] = v[i].c;
	free(v);
	*n = nr;
	return out;
}

size_t report_rule_index(const struct check *const *rules, size_t n, const struct check *c)
{
	for (size_t i = 0; i < n; i++)
		if (rules[i] == c)
			return i;
	return n;
}
