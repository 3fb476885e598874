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
	struct json_object *empty_arr = json_object_new_array(),
			   *empty_obj = json_object_new_object();
	struct daemon_facts *d;
	struct container c;
	struct image img;
	int is_arr = v && json_object_is_type(v, json_type_array);
	int is_obj = v && json_object_is_type(v, json_type_object);

	/*
	 * source_daemon.c checks the top-level type of every answer (objects
	 * for /version, /info, /swarm, inspections, /top, /exec; arrays for
	 * the lists and /history): everything below that is the parsers' job.
	 */
	d = xcalloc(1, sizeof(*d));
	if (is_obj) {
		daemon_json_version(d, v);
		daemon_json_info(d, v);
		daemon_json_swarm(d, v, empty_arr, empty_arr, empty_arr, empty_arr);
	}
	if (is_arr) {
		daemon_json_networks(d, v);
		daemon_json_swarm(d, empty_obj, v, v, v, v);
	}
	daemon_facts_free(d);

	memset(&c, 0, sizeof(c));
	if (is_obj) {
		daemon_json_container(&c, v);
		daemon_json_top(&c, v);
		daemon_json_exec(&c, v);
	}
	container_release(&c);

	memset(&img, 0, sizeof(img));
	if (is_obj)
		daemon_json_image(&img, v, empty_arr);
	else if (is_arr)
		daemon_json_image(&img, empty_obj, v);
	image_release(&img);
	json_object_put(empty_arr);
	json_object_put(empty_obj);
	json_object_put(v);
	return 0;
}
