/*
 * report_junit.c - junit report (not built yet).
 */
#include "report.h"

int report_junit(const struct run *r, const struct report_options *o, FILE *fp, struct errbuf *err)
{
	(void)r;
	(void)o;
	(void)fp;
	return err_set(err, "the junit report is not available in this build");
}
