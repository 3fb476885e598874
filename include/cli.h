/*
 * cli.h - the command line: subcommands and one option table that drives
 * parsing, validation and --help. Options are parsed into struct options;
 * each command reads what it needs.
 */
#ifndef CLI_H
#define CLI_H

#include "dockgate.h"

enum tristate { TRI_AUTO, TRI_ALWAYS, TRI_NEVER };

/* What a command concluded; main.c alone maps it to an exit code. */
enum outcome {
	OUTCOME_PASS,
	OUTCOME_GATE_FAILED,
	OUTCOME_USAGE,	    /* bad usage, invalid policy or baseline */
	OUTCOME_INCOMPLETE, /* the audit could not read everything */
};

struct options {
	const char *command; /* "image", "daemon", "diff", "checks", ... */
	struct strlist args; /* positional arguments */

	/* common */
	const char *policy;
	const char *baseline;
	const char *sarif, *junit, *markdown, *json, *codequality;
	const char *fail_on;
	struct strlist include, exclude;
	int quiet;
	enum tristate color, progress;
	int no_step_summary;
	int sarif_manual;
	int new_only;
	int strict_waivers;
	int no_policy;	    /* --no-policy: ignore .dockgate.yml */
	const char *format; /* checks: text|markdown|json */

	/* image */
	const char *name;
	const char *dockerfile;

	/* daemon */
	const char *host; /* -H URL */
	int tlsverify;
	const char *tlscacert, *tlscert, *tlskey;
	const char *host_root;	/* --host-root DIR|none */
	const char *containers; /* running|all */
	double timeout;		/* seconds, 0 = default */
	struct strlist images;	/* --images NAME (repeatable / comma list) */
	int image_files;	/* --image-files */
	int exec_checks;
	int strict;

	/* merge */
	int latest; /* --latest: newest result wins for duplicate targets */
};

void options_init(struct options *);
void options_release(struct options *);

/*
 * Parse argv (after the program name). Returns 0, 1 when help was printed
 * (exit 0), or -1 with a one-line message in err (exit 2).
 */
int cli_parse(int argc, char **argv, struct options *, struct errbuf *err);
void cli_usage(FILE *, const char *command);
/* Should terminal output use colour (--color, NO_COLOR, isatty)? */
int cli_use_color(const struct options *, FILE *);

/* The commands, one file each (cmd_*.c). */
enum outcome cmd_image(struct options *);
enum outcome cmd_daemon(struct options *);
enum outcome cmd_diff(struct options *);
enum outcome cmd_merge(struct options *);
enum outcome cmd_checks(struct options *);
enum outcome cmd_policy(struct options *);

#endif
