/*
 * report_util.h - what the report writers share beyond report.h: making
 * untrusted strings safe for each output (UTF-8, XML, Markdown, URIs),
 * time stamps, the SARIF/Code Quality location of a finding, and summary
 * counts. Only the report_*.c files use this header.
 */
#ifndef REPORT_UTIL_H
#define REPORT_UTIL_H

#include "dockgate.h"
#include "buf.h"
#include "engine.h"
#include "report.h"

struct dockerfile;

/* report_clean() flags. */
#define CLEAN_XML \
	1u /* also replace characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF) */

/*
 * A copy of s that is valid UTF-8: every invalid or overlong sequence,
 * surrogate and out-of-range code point becomes U+FFFD. NULL gives "".
 */
char *report_clean(const char *s, unsigned flags);
/* Append report_clean(s) to b. */
void report_clean_buf(struct buf *b, const char *s, unsigned flags);

/*
 * Append s for Markdown inline text (table cells, list items): valid
 * UTF-8, no HTML (< > & as entities), Markdown punctuation and autolink
 * triggers backslash-escaped, control characters as "\xNN", bidi overrides
 * replaced. Safe inside a GFM table cell.
 */
void report_md_escape(struct buf *b, const char *s);

/*
 * Append s percent-encoded as one or more URI path segments: unreserved
 * characters and "/" stay, everything else is %XX; empty, "." and ".."
 * segments become "_", so the result is always a relative path.
 */
void report_uri_path(struct buf *b, const char *s);

/* RFC 3339 UTC time ("2026-12-03T17:00:00Z") of epoch seconds. */
void report_time(char out[32], long long t);

/* Where a finding is shown in SARIF and Code Quality. */
struct report_location {
	char *uri; /* repository-relative, percent-encoded */
	int start_line, end_line;
	int in_dockerfile; /* uri is the Dockerfile */
};

/* Per-writer context for locations: the Dockerfile (if any) and its maps. */
struct report_locator {
	const struct run *run;
	struct dockerfile *df; /* NULL without --dockerfile or when unreadable */
	char *df_uri;
	int **maps; /* per target: history step -> Dockerfile instruction */
};

void report_locator_init(struct report_locator *, const struct run *,
			 const struct report_options *);
void report_locator_release(struct report_locator *);
/* Fill loc (owned strings; release with report_location_release). */
void report_locate(struct report_locator *, const struct finding *, struct report_location *loc);
void report_location_release(struct report_location *);

/*
 * Does this finding name a file (image path, or absolute host path)? Used
 * to make locations and logical locations.
 */
int report_evidence_is_path(const struct target *, const char *evidence);

/* Summary counts over a run, as the JSON and Markdown reports show them. */
struct report_counts {
	size_t status[5];	/* non-absent findings by status */
	size_t fails_by_sev[5]; /* fail findings (not absent) by severity */
	size_t waived, gating;
	size_t waived_by_sev[5], gating_by_sev[5];
	size_t base_new, base_unchanged, base_absent;
	size_t new_by_sev[5], unchanged_by_sev[5];
	int has_baseline;
	size_t error_findings;
};

void report_count(const struct run *, struct report_counts *);

/* Is the run complete (no run errors, no STATUS_ERROR findings)? */
int report_run_complete(const struct run *);

/*
 * The distinct checks of the run's findings, in catalog order (checks not
 * in the catalog last, in order of appearance): SARIF rules, JUnit order.
 */
const struct check **report_rules(const struct run *, size_t *n);
/* Index of c in rules, or n when absent. */
size_t report_rule_index(const struct check *const *rules, size_t n, const struct check *c);

/* SARIF's numeric security-severity for a severity, NULL for info. */
const char *report_security_severity(enum severity);

#endif
