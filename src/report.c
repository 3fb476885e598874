/*
 * report.c - what all writers share: atomic files, verdict words.
 */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	if (fn(r, o, fp, err) < 0)
		return err_prefix(err, "cannot write report '%s'", path);
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

	if (!strcmp(path, "-"))
		return write_stream(stdout, "-", fn, r, o, err);
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
