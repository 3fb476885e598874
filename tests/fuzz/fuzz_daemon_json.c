/*
 * fuzz_daemon_json.c - libFuzzer target for the Engine API answer parsers:
 * the input is parsed as JSON and handed to every daemon_json_*() function,
 * as one answer of each endpoint would be.
 */
#include "dockgate.h"
#include "facts.h"
#include "facts_daemon.h"
#include "json.h"
#include "source_daemon_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct errbuf err = { "" };
	struct json_object *v = json_parse_buf((const char *)data, len, "fuzz", &err);
	struct daemon_facts *d;
	struct container c;
	struct image img;

	if (!v)
		return 0;
	d = xcalloc(1, sizeof(*d));
	daemon_json_version(d, v);
	daemon_json_info(d, v);
	daemon_json_networks(d, v);
	daemon_json_swarm(d, v, v, v, v, v);
	daemon_facts_free(d);

	memset(&c, 0, sizeof(c));
	daemon_json_container(&c, v);
	daemon_json_top(&c, v);
	daemon_json_exec(&c, v);
	container_release(&c);

	memset(&img, 0, sizeof(img));
	daemon_json_image(&img, v, v);
	image_release(&img);
	json_object_put(v);
	return 0;
}
