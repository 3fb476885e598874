/*
 * cli.c - subcommands and the option table. The table drives parsing,
 * validation and --help, so an option exists in exactly one place.
 */
#include "cli.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum cmd_bits {
	C_IMAGE = 1 << 0,
	C_DAEMON = 1 << 1,
	C_DIFF = 1 << 2,
	C_CHECKS = 1 << 3,
	C_POLICY = 1 << 4,
	C_VERSION = 1 << 5,
	C_MERGE = 1 << 6,
	C_AUDIT = C_IMAGE | C_DAEMON,
	C_REPORTS = C_IMAGE | C_DAEMON | C_MERGE,
};

enum opt_type {
	OPT_FLAG,     /* int = 1 */
	OPT_STRING,   /* const char * */
	OPT_LIST,     /* struct strlist, comma-separated and repeatable */
	OPT_SECONDS,  /* double > 0 */
	OPT_TRISTATE, /* auto|always|never */
};

struct option_def {
	const char *name; /* long name without "--" */
	char short_name;
	enum opt_type type;
	size_t offset; /* into struct options */
	unsigned commands;
	const char *arg; /* argument name for help */
	const char *help;
};

#define O(f) offsetof(struct options, f)

static const struct option_def option_table[] = {
	{ "policy", 0, OPT_STRING, O(policy), C_REPORTS, "FILE",
	  "policy file (default .dockgate.yml when present)" },
	{ "no-policy", 0, OPT_FLAG, O(no_policy), C_REPORTS, NULL,
	  "ignore .dockgate.yml in the working directory" },
	{ "baseline", 0, OPT_STRING, O(baseline), C_AUDIT, "FILE",
	  "earlier SARIF or JSON result: only new findings are 'new'" },
	{ "new-only", 0, OPT_FLAG, O(new_only), C_AUDIT, NULL,
	  "with --baseline, only new findings gate" },
	{ "fail-on", 0, OPT_STRING, O(fail_on), C_REPORTS | C_DIFF, "SEVERITY",
	  "gate on findings at or above critical|high|medium|low|info|none (default high)" },
	{ "include", 0, OPT_LIST, O(include), C_AUDIT, "LIST",
	  "only these checks (ids, names, globs such as 5.*)" },
	{ "exclude", 0, OPT_LIST, O(exclude), C_AUDIT, "LIST",
	  "skip these checks (ids, names, globs)" },
	{ "sarif", 0, OPT_STRING, O(sarif), C_REPORTS, "FILE", "write SARIF 2.1.0 (- for stdout)" },
	{ "sarif-manual", 0, OPT_FLAG, O(sarif_manual), C_REPORTS, NULL,
	  "also emit manual rows as SARIF results" },
	{ "junit", 0, OPT_STRING, O(junit), C_REPORTS, "FILE", "write JUnit XML" },
	{ "markdown", 0, OPT_STRING, O(markdown), C_REPORTS | C_DIFF, "FILE",
	  "write a Markdown summary" },
	{ "json", 0, OPT_STRING, O(json), C_REPORTS | C_DIFF, "FILE", "write dockgate JSON" },
	{ "codequality", 0, OPT_STRING, O(codequality), C_REPORTS, "FILE",
	  "write GitLab Code Quality JSON" },
	{ "no-step-summary", 0, OPT_FLAG, O(no_step_summary), C_REPORTS, NULL,
	  "do not append to $GITHUB_STEP_SUMMARY" },
	{ "strict-waivers", 0, OPT_FLAG, O(strict_waivers), C_AUDIT | C_POLICY, NULL,
	  "an unused waiver fails the gate" },
	{ "quiet", 'q', OPT_FLAG, O(quiet), C_REPORTS | C_DIFF, NULL,
	  "terminal: summary and verdict only" },
	{ "color", 0, OPT_TRISTATE, O(color), C_REPORTS | C_DIFF | C_CHECKS, "WHEN",
	  "auto|always|never (NO_COLOR is honoured)" },
	{ "progress", 0, OPT_TRISTATE, O(progress), C_AUDIT, "WHEN", "auto|always|never" },
	{ "format", 0, OPT_STRING, O(format), C_CHECKS, "FMT", "text|markdown|json" },
	{ "name", 0, OPT_STRING, O(name), C_IMAGE, "NAME",
	  "stable image identity for fingerprints and baselines" },
	{ "dockerfile", 0, OPT_STRING, O(dockerfile), C_IMAGE, "PATH",
	  "map findings to Dockerfile lines (default ./Dockerfile)" },
	{ "host", 'H', OPT_STRING, O(host), C_DAEMON, "URL",
	  "daemon socket (default $DOCKER_HOST, unix:///var/run/docker.sock)" },
	{ "tlsverify", 0, OPT_FLAG, O(tlsverify), C_DAEMON, NULL, "use TLS and verify the daemon" },
	{ "tlscacert", 0, OPT_STRING, O(tlscacert), C_DAEMON, "FILE", "CA certificate" },
	{ "tlscert", 0, OPT_STRING, O(tlscert), C_DAEMON, "FILE", "client certificate" },
	{ "tlskey", 0, OPT_STRING, O(tlskey), C_DAEMON, "FILE", "client key" },
	{ "host-root", 0, OPT_STRING, O(host_root), C_DAEMON, "DIR",
	  "where the host filesystem is mounted; none skips host checks" },
	{ "containers", 0, OPT_STRING, O(containers), C_DAEMON, "WHICH",
	  "running|all (default running)" },
	{ "timeout", 0, OPT_SECONDS, O(timeout), C_DAEMON, "SECONDS",
	  "connect and total timeout per request (default 30)" },
	{ "images", 0, OPT_LIST, O(images), C_DAEMON, "LIST",
	  "audit only these images, with their files" },
	{ "image-files", 0, OPT_FLAG, O(image_files), C_DAEMON, NULL,
	  "stream every image to check its files" },
	{ "exec-checks", 0, OPT_FLAG, O(exec_checks), C_DAEMON, NULL,
	  "run checks that exec into containers (5.7)" },
	{ "strict", 0, OPT_FLAG, O(strict), C_DAEMON, NULL,
	  "unreadable host files make the audit incomplete" },
	{ "latest", 0, OPT_FLAG, O(latest), C_MERGE, NULL,
	  "for a target in several results, keep the newest instead of failing" },
};

struct command_def {
	const char *name;
	unsigned bit;
	const char *synopsis;
	const char *summary;
};

static const struct command_def command_table[] = {
	{ "image", C_IMAGE, "image [OPTIONS] TARBALL|- ...",
	  "audit image tarballs (docker save, OCI archive; .gz/.zst; - = stdin)" },
	{ "daemon", C_DAEMON, "daemon [OPTIONS]",
	  "audit the live daemon, its containers and images, and the host" },
	{ "diff", C_DIFF, "diff [OPTIONS] BASE HEAD",
	  "compare two result files (SARIF or JSON) from two releases" },
	{ "merge", C_MERGE, "merge [OPTIONS] RESULT...",
	  "combine result files (JSON) into one report set and verdict" },
	{ "checks", C_CHECKS, "checks [--format text|markdown|json]", "print the check catalog" },
	{ "policy", C_POLICY, "policy validate FILE",
	  "check a policy file and print what it means" },
	{ "version", C_VERSION, "version", "print the version" },
};

void options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
}

void options_release(struct options *o)
{
	strlist_clear(&o->args);
	strlist_clear(&o->include);
	strlist_clear(&o->exclude);
	strlist_clear(&o->images);
}

static const struct command_def *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(command_table); i++)
		if (!strcmp(command_table[i].name, name))
			return &command_table[i];
	return NULL;
}

void cli_usage(FILE *fp, const char *command)
{
	const struct command_def *cmd = command ? command_find(command) : NULL;

	if (!cmd) {
		fputs("usage: dockgate COMMAND [OPTIONS]\n\ncommands:\n", fp);
		for (size_t i = 0; i < ARRAY_SIZE(command_table); i++)
			fprintf(fp, "  %-38s %s\n", command_table[i].synopsis,
				command_table[i].summary);
		fputs("\nexit codes: 0 pass, 1 gate failed, 2 usage or policy error, 3 audit incomplete\n"
		      "'dockgate COMMAND --help' lists a command's options.\n",
		      fp);
		return;
	}
	fprintf(fp, "usage: dockgate %s\n\n%s\n\noptions:\n", cmd->synopsis, cmd->summary);
	for (size_t i = 0; i < ARRAY_SIZE(option_table); i++) {
		const struct option_def *d = &option_table[i];
		char left[64];

		if (!(d->commands & cmd->bit))
			continue;
		if (d->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", d->short_name, d->name,
				 d->arg ? " " : "", d->arg ? d->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", d->name, d->arg ? " " : "",
				 d->arg ? d->arg : "");
		fprintf(fp, "  %-30s %s\n", left, d->help);
	}
	fprintf(fp, "  %-30s %s\n", "-h, --help", "show this help");
}

static const struct option_def *option_find(const char *name, size_t len, char short_name)
{
	for (size_t i = 0; i < ARRAY_SIZE(option_table); i++) {
		const struct option_def *d = &option_table[i];

		if (short_name ? d->short_name == short_name
			       : strlen(d->name) == len && !strncmp(d->name, name, len))
			return d;
	}
	return NULL;
}

static void list_add(struct strlist *l, const char *value)
{
	const char *p = value;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n)
			strlist_push_owned(l, xstrndup(p, n));
		p += n;
		if (*p == ',')
			p++;
	}
}

static int option_set(struct options *o, const struct option_def *d, const char *value,
		      struct errbuf *err)
{
	char *field = (char *)o + d->offset;

	switch (d->type) {
	case OPT_FLAG:
		*(int *)field = 1;
		return 0;
	case OPT_STRING:
		if (!*value)
			return err_set(err, "option '--%s' needs a non-empty value", d->name);
		*(const char **)field = value;
		return 0;
	case OPT_LIST:
		list_add((struct strlist *)field, value);
		return 0;
	case OPT_SECONDS: {
		char *end;
		double v;

		errno = 0;
		v = strtod(value, &end);
		if (errno || end == value || *end || !(v > 0) || v > 86400)
			return err_set(err, "option '--%s': '%s' is not a number of seconds",
				       d->name, value);
		*(double *)field = v;
		return 0;
	}
	case OPT_TRISTATE:
		if (!strcmp(value, "auto"))
			*(enum tristate *)field = TRI_AUTO;
		else if (!strcmp(value, "always"))
			*(enum tristate *)field = TRI_ALWAYS;
		else if (!strcmp(value, "never"))
			*(enum tristate *)field = TRI_NEVER;
		else
			return err_set(err, "option '--%s': '%s' is not auto, always or never",
				       d->name, value);
		return 0;
	}
	return 0;
}

/* "-" for the names of standard output, so they compare equal. */
static const char *cli_stdout_alias(const char *path)
{
	return !strcmp(path, "/dev/stdout") || !strcmp(path, "/dev/fd/1") ||
			       !strcmp(path, "/proc/self/fd/1")
		       ? "-"
		       : path;
}

/*
 * Two reports on one path would interleave on stdout or replace each other
 * in a file, leaving the CI job one invalid or missing report: refuse.
 * /dev/null may take any number of them.
 */
static int cli_check_reports(const struct options *o, struct errbuf *err)
{
	const char *const names[] = { "sarif", "junit", "markdown", "json", "codequality" };
	const char *const paths[] = { o->sarif, o->junit, o->markdown, o->json, o->codequality };

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		for (size_t j = 0; j < i; j++)
			if (paths[i] && paths[j] &&
			    !strcmp(cli_stdout_alias(paths[i]), cli_stdout_alias(paths[j])) &&
			    strcmp(paths[i], "/dev/null"))
				return err_set(
					err,
					"options '--%s' and '--%s' both write to '%s': give each report its own file",
					names[j], names[i], cli_stdout_alias(paths[i]));
	return 0;
}

int cli_parse(int argc, char **argv, struct options *o, struct errbuf *err)
{
	const struct command_def *cmd;
	int only_args = 0;

	if (argc < 1)
		return err_set(err, "missing command (try 'dockgate --help')");
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h") || !strcmp(argv[0], "help")) {
		cli_usage(stdout, argc > 1 ? argv[1] : NULL);
		return 1;
	}
	if (!strcmp(argv[0], "--version")) {
		o->command = "version";
		return 0;
	}
	cmd = command_find(argv[0]);
	if (!cmd)
		return err_set(err, "unknown command '%s' (try 'dockgate --help')", argv[0]);
	o->command = cmd->name;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct option_def *d;
		const char *value = NULL;

		if (only_args || a[0] != '-' || !strcmp(a, "-")) {
			strlist_push(&o->args, a);
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_usage(stdout, cmd->name);
			return 1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			d = option_find(a + 2, len, 0);
			if (eq)
				value = eq + 1;
		} else {
			d = a[2] ? NULL : option_find(NULL, 0, a[1]);
		}
		if (!d || !(d->commands & cmd->bit))
			return err_set(err, "unknown option '%s' for 'dockgate %s'", a, cmd->name);
		if (d->type == OPT_FLAG) {
			if (value)
				return err_set(err, "option '--%s' takes no value", d->name);
		} else if (!value) {
			if (i + 1 >= argc)
				return err_set(err, "option '--%s' needs a value", d->name);
			value = argv[++i];
		}
		if (option_set(o, d, value, err) < 0)
			return -1;
	}
	return cli_check_reports(o, err);
}

int cli_use_color(const struct options *o, FILE *fp)
{
	const char *term = getenv("TERM");

	if (o->color == TRI_ALWAYS)
		return 1;
	if (o->color == TRI_NEVER)
		return 0;
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return 0;
	if (term && !strcmp(term, "dumb"))
		return 0;
	return isatty(fileno(fp));
}
