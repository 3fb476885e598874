/*
 * t_qa.c - regression tests for bugs found by fuzzing and probing: parsers
 * fed answers of the right top-level type with nonsense inside.
 */
#include "test.h"
#include "dockgate.h"
#include "facts.h"
#include "facts_daemon.h"
#include "json.h"
#include "report.h"
#include "source_daemon_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct json_object *parse(const char *s)
{
	struct errbuf err = { "" };
	struct json_object *v = json_parse_buf(s, strlen(s), "test", &err);

	if (!v)
		fprintf(stderr, "parse: %s\n", err.msg);
	return v;
}

/* GET /containers/{id}/top with rows that are not arrays (json-c asserted). */
TEST(daemon_top_bad_rows)
{
	struct json_object *v = parse(
		"{\"Titles\":[\"PID\",\"CMD\"],"
		"\"Processes\":[\"sshd\",5,{\"a\":1},null,[\"1\"],[\"2\",\"/usr/sbin/sshd -D\"]]}");
	struct container c;

	memset(&c, 0, sizeof(c));
	CHECK(v != NULL);
	daemon_json_top(&c, v);
	CHECK_INT(c.processes_known, 1);
	CHECK_INT(c.processes.n, 1);
	if (c.processes.n)
		CHECK_STR(c.processes.v[0], "/usr/sbin/sshd -D");
	container_release(&c);
	json_object_put(v);
}

/* The terminal escaper: C0, DEL, C1, bidi overrides and invalid UTF-8. */
TEST(term_escape)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	CHECK(fp != NULL);
	report_term_escape(fp, "a\x1b[31mb\x7f\xc2\x9b\xe2\x80\xae\xff\xc3\xa9z");
	fclose(fp);
	CHECK_STR(out, "a\\x1b[31mb\\x7f\\x9b\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9z");
	free(out);
}

int main(void)
{
	RUN(daemon_top_bad_rows);
	RUN(term_escape);
	return test_done();
}
