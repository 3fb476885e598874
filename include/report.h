/*
 * report.h - the report writers. They only format a finished run.
 *
 * Each writer takes the run and a stdio stream; report_write_file() wraps a
 * writer so that a file is written atomically (temp file in the same
 * directory, then rename) and "-" means stdout.
 */
#ifndef REPORT_H
#define REPORT_H

#include "dockgate.h"
#include "engine.h"

struct report_options {
	int color;		/* terminal colour */
	int quiet;		/* text: verdict only */
	int sarif_manual;	/* SARIF: also emit manual rows as results */
	const char *dockerfile; /* map image findings to this Dockerfile, or NULL */
	const char *tool_version;
};

typedef int (*report_fn)(const struct run *, const struct report_options *, FILE *,
			 struct errbuf *);

int report_text(const struct run *, const struct report_options *, FILE *, struct errbuf *);
int report_sarif(const struct run *, const struct report_options *, FILE *, struct errbuf *);
int report_junit(const struct run *, const struct report_options *, FILE *, struct errbuf *);
int report_markdown(const struct run *, const struct report_options *, FILE *, struct errbuf *);
int report_json(const struct run *, const struct report_options *, FILE *, struct errbuf *);
int report_codequality(const struct run *, const struct report_options *, FILE *, struct errbuf *);

/* Write with fn to path ("-" = stdout) atomically; -1 with err on failure. */
int report_write_file(const char *path, report_fn fn, const struct run *,
		      const struct report_options *, struct errbuf *err);
/* Append with fn to path (for $GITHUB_STEP_SUMMARY). */
int report_append_file(const char *path, report_fn fn, const struct run *,
		       const struct report_options *, struct errbuf *err);

/*
 * "image " before "app:1", but nothing before a display that already names
 * its kind ("host", "daemon (Docker 24.0.7)"): the prefix to print.
 */
const char *report_target_kind_prefix(const struct target *);

/* "pass", "fail"... as the JSON/SARIF reports spell them. */
const char *baseline_state_name(enum baseline_state);
/* Verdict word: "passed", "failed", "incomplete". */
const char *run_verdict(const struct run *);
/*
 * Write untrusted s for a terminal: invalid UTF-8 becomes U+FFFD, C0 and
 * C1 controls and DEL become "\xNN", bidirectional overrides U+FFFD, so
 * no escape sequence and no reordering reaches the screen.
 */
void report_term_escape(FILE *, const char *s);

#endif
