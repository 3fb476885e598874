/*
 * cmd_image.c - "dockgate image TARBALL|- ...": read every tarball, audit
 * every image in them, finish the run.
 */
#include "audit.h"
#include "source.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum outcome cmd_image(struct options *o)
{
	struct policy policy;
	struct run run;
	struct tarball_options to;
	struct errbuf err = { "" };
	enum outcome out;
	int stdin_used = 0;

	if (!o->args.n) {
		fprintf(stderr, "dockgate: image: missing TARBALL (or - for stdin)\n");
		return OUTCOME_USAGE;
	}
	for (size_t i = 0; i < o->args.n; i++) {
		struct stat st;

		if (!strcmp(o->args.v[i], "-")) {
			if (stdin_used++) {
				fprintf(stderr, "dockgate: image: '-' (stdin) given twice\n");
				return OUTCOME_USAGE;
			}
			/* Waiting for a tarball typed on a terminal would only hang. */
			if (isatty(STDIN_FILENO)) {
				fprintf(stderr,
					"dockgate: image: '-' reads a tarball from stdin, which is a terminal (docker save IMAGE | dockgate image -)\n");
				return OUTCOME_USAGE;
			}
			continue;
		}
		if (stat(o->args.v[i], &st) < 0) {
			fprintf(stderr, "dockgate: image: cannot open '%s': %s\n", o->args.v[i],
				errno == ENOENT ? "no such file" : strerror(errno));
			return OUTCOME_USAGE;
		}
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr,
				"dockgate: image: '%s' is a directory, not an image tarball\n",
				o->args.v[i]);
			return OUTCOME_USAGE;
		}
	}
	/* Only the default ./Dockerfile may be missing quietly; a named one is meant. */
	if (o->dockerfile) {
		struct stat st;
		FILE *fp = fopen(o->dockerfile, "r");

		if (!fp || fstat(fileno(fp), &st) < 0 || S_ISDIR(st.st_mode)) {
			fprintf(stderr, "dockgate: image: cannot read Dockerfile '%s': %s\n",
				o->dockerfile, fp ? "is a directory" : strerror(errno));
			if (fp)
				fclose(fp);
			return OUTCOME_USAGE;
		}
		fclose(fp);
	}
	policy_init(&policy);
	if (audit_policy_setup(&policy, o, &err) < 0) {
		fprintf(stderr, "dockgate: %s\n", err.msg);
		policy_release(&policy);
		return OUTCOME_USAGE;
	}
	run_init(&run, "image");
	tarball_options_init(&to);
	to.name = o->name;
	to.progress = o->progress == TRI_ALWAYS;
	for (size_t i = 0; i < o->args.n; i++) {
		size_t nerrors = run.nerrors, nimages = run.facts.nimages;

		if (source_tarball_read(&run, o->args.v[i], &to, &err) < 0) {
			fprintf(stderr, "dockgate: %s\n", err.msg);
			run_add_error(&run, o->args.v[i], "%s", err.msg);
			continue;
		}
		/* A gate that audited nothing has not passed (manifest.json "[]"). */
		if (run.facts.nimages == nimages && run.nerrors == nerrors)
			run_add_error(&run, o->args.v[i],
				      "cannot read '%s': no image in the tarball",
				      strcmp(o->args.v[i], "-") ? o->args.v[i] : "stdin");
		/* Problems with one image or layer: one line each on stderr too. */
		for (size_t k = nerrors; k < run.nerrors; k++)
			fprintf(stderr, "dockgate: %s\n", run.errors[k].message);
	}
	run_add_fact_targets(&run);
	run.policy = &policy;
	engine_run(&run);
	out = audit_finish(&run, &policy, o);
	run_release(&run);
	policy_release(&policy);
	return out;
}
