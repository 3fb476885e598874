/*
 * report_json.c - json report (not built yet).
 */
#include "report.h"

int report_json(const struct run *r, const struct report_options *o, FILE *fp, struct errbuf *err)
{
	(void)r;
	(void)o;
	(void)fp;
	return err_set(err, "the json report is not available in this build");
}
