/*
 * main.c - dispatches the command and maps its outcome to the exit code.
 * This is the only place that knows the numbers 0-3.
 */
#include "dockgate.h"
#include "cli.h"

#include <errno.h>
#include <string.h>

static int outcome_exit_code(enum outcome o)
{
	switch (o) {
	case OUTCOME_PASS:
		return EXIT_PASS;
	case OUTCOME_GATE_FAILED:
		return EXIT_GATE;
	case OUTCOME_USAGE:
		return EXIT_USAGE;
	case OUTCOME_INCOMPLETE:
		return EXIT_INCOMPLETE;
	}
	return EXIT_INCOMPLETE;
}

int main(int argc, char **argv)
{
	struct options opts;
	struct errbuf err = { "" };
	enum outcome out;
	int ret;

	options_init(&opts);
	ret = cli_parse(argc - 1, argv + 1, &opts, &err);
	if (ret < 0) {
		fprintf(stderr, "dockgate: %s\n", err.msg);
		options_release(&opts);
		return outcome_exit_code(OUTCOME_USAGE);
	}
	if (ret > 0) {
		options_release(&opts);
		return outcome_exit_code(OUTCOME_PASS);
	}
	if (!strcmp(opts.command, "version")) {
		printf("dockgate %s\n", DOCKGATE_VERSION);
		out = OUTCOME_PASS;
	} else if (!strcmp(opts.command, "image")) {
		out = cmd_image(&opts);
	} else if (!strcmp(opts.command, "daemon")) {
		out = cmd_daemon(&opts);
	} else if (!strcmp(opts.command, "diff")) {
		out = cmd_diff(&opts);
	} else if (!strcmp(opts.command, "merge")) {
		out = cmd_merge(&opts);
	} else if (!strcmp(opts.command, "checks")) {
		out = cmd_checks(&opts);
	} else if (!strcmp(opts.command, "policy")) {
		out = cmd_policy(&opts);
	} else {
		BUG("command '%s' has no handler", opts.command);
	}
	/*
	 * A verdict nobody could read is no verdict: a full disk or a closed
	 * pipe on stdout must not end in 0 (commands that write reports there
	 * check themselves and have already said so).
	 */
	if ((fflush(stdout) || ferror(stdout)) &&
	    (out == OUTCOME_PASS || out == OUTCOME_GATE_FAILED)) {
		fprintf(stderr, "dockgate: cannot write to standard output: %s\n",
			errno ? strerror(errno) : "write error");
		out = OUTCOME_INCOMPLETE;
	}
	options_release(&opts);
	return outcome_exit_code(out);
}
