/*
 * cmd_daemon.c - "dockgate daemon": read the live daemon through the Engine
 * API once, audit the daemon, its containers and images (and the host when
 * host facts exist), finish the run.
 */
#include "audit.h"
#include "report.h"
#include "source_daemon.h"
#include "facts_daemon.h"
#include "facts_host.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

/* Print one line per note and per audit error on stderr. */
static void daemon_print_problems(const struct run *r, const struct strlist *notes, int quiet)
{
	/* Names in these lines come from the daemon: escape them for the terminal. */
	for (size_t i = 0; i < notes->n && !quiet; i++) {
		fputs("dockgate: note: ", stderr);
		report_term_escape(stderr, notes->v[i]);
		fputc('\n', stderr);
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		fputs("dockgate: ", stderr);
		report_term_escape(stderr, r->errors[i].where);
		fputs(": ", stderr);
		report_term_escape(stderr, r->errors[i].message);
		fputc('\n', stderr);
	}
}

/*
 * Where the host's files are: --host-root, else "/" when the daemon is on
 * this machine (a unix socket), else "none" (a remote daemon's host is not
 * ours to read). Returns an owned string.
 */
static char *daemon_host_root(const struct options *o, const char *endpoint)
{
	if (o->host_root)
		return xstrdup(o->host_root);
	return xstrdup(!strncmp(endpoint, "unix://", 7) ? "/" : "none");
}

enum outcome cmd_daemon(struct options *o)
{
	struct host_options hopts = { 0 };
	struct stat st;
	char *host_root, *socket_path = NULL;
	struct policy policy;
	struct run run;
	struct daemon_options dopts;
	struct strlist notes = { 0 };
	struct errbuf err = { "" };
	enum outcome out;
	char *endpoint;

	if (o->args.n) {
		fprintf(stderr, "dockgate: daemon: unexpected argument '%s'\n", o->args.v[0]);
		return OUTCOME_USAGE;
	}
	if (o->containers && strcmp(o->containers, "running") && strcmp(o->containers, "all")) {
		fprintf(stderr, "dockgate: option '--containers': '%s' is not running or all\n",
			o->containers);
		return OUTCOME_USAGE;
	}
	endpoint = source_daemon_endpoint(o->host);
	if (strncmp(endpoint, "unix://", 7) && strncmp(endpoint, "tcp://", 6) &&
	    strncmp(endpoint, "http://", 7) && strncmp(endpoint, "https://", 8)) {
		fprintf(stderr,
			"dockgate: daemon address '%s' is not unix://PATH or tcp://HOST:PORT\n",
			endpoint);
		free(endpoint);
		return OUTCOME_USAGE;
	}
	host_root = daemon_host_root(o, endpoint);
	if (strcmp(host_root, "none") && (stat(host_root, &st) < 0 || !S_ISDIR(st.st_mode))) {
		fprintf(stderr, "dockgate: option '--host-root': '%s' is not a directory\n",
			host_root);
		free(host_root);
		free(endpoint);
		return OUTCOME_USAGE;
	}
	if (!strncmp(endpoint, "unix://", 7))
		socket_path = xstrdup(endpoint + 7);
	free(endpoint);
	policy_init(&policy);
	if (audit_policy_setup(&policy, o, &err) < 0) {
		fprintf(stderr, "dockgate: %s\n", err.msg);
		policy_release(&policy);
		free(host_root);
		free(socket_path);
		return OUTCOME_USAGE;
	}
	/* An unreadable host file is an error row; only --strict makes it exit 3. */
	policy.lenient_errors = !o->strict;
	memset(&dopts, 0, sizeof(dopts));
	dopts.host = o->host;
	dopts.tlsverify = o->tlsverify;
	dopts.tlscacert = o->tlscacert;
	dopts.tlscert = o->tlscert;
	dopts.tlskey = o->tlskey;
	dopts.all_containers = o->containers && !strcmp(o->containers, "all");
	dopts.timeout = o->timeout;
	dopts.images = &o->images;
	/* Naming images means wanting their files; all images only on request. */
	dopts.image_files = o->image_files || o->images.n;
	dopts.exec_checks = o->exec_checks;
	dopts.notes = &notes;

	run_init(&run, "daemon");
	if (source_daemon_read(&run, &dopts, &err) < 0) {
		/* Nothing partial is audited: the daemon-wide view is missing. */
		fprintf(stderr, "dockgate: %s\n", err.msg);
		facts_release(&run.facts);
		for (size_t i = 0; i < run.nerrors; i++) {
			free(run.errors[i].where);
			free(run.errors[i].message);
		}
		run.nerrors = 0;
		run_add_error(&run, "daemon", "%s", err.msg);
	} else {
		struct daemon_facts *d = run.facts.daemon;

		d->max_unused_images = policy.max_images;
		d->max_stopped_containers = policy.max_containers;
		d->allowed_ports = policy.allowed_ports.n ? &policy.allowed_ports : NULL;
		daemon_print_problems(&run, &notes, o->quiet);
	}
	hopts.daemon_socket = socket_path;
	if (source_host_attach(&run, host_root, &hopts, &err) < 0) {
		fprintf(stderr, "dockgate: %s\n", err.msg);
		out = OUTCOME_USAGE;
		goto out;
	}
	run_add_fact_targets(&run);
	run.policy = &policy;
	engine_run(&run);
	out = audit_finish(&run, &policy, o);
out:
	free(host_root);
	free(socket_path);
	run_release(&run);
	policy_release(&policy);
	strlist_clear(&notes);
	return out;
}
