/*
 * source_daemon_json.h - turning Engine API answers into facts, used by
 * source_daemon.c. No I/O: each function reads one parsed answer and fills
 * plain structs (facts.h, facts_daemon.h).
 */
#ifndef SOURCE_DAEMON_JSON_H
#define SOURCE_DAEMON_JSON_H

#include "facts.h"

#include <json-c/json.h>

struct daemon_facts;
struct container;

/* GET /version: version, product (Docker or Podman), experimental. */
void daemon_json_version(struct daemon_facts *, struct json_object *);
/* GET /info: drivers, security options, registries, swarm state, counts. */
void daemon_json_info(struct daemon_facts *, struct json_object *);
/* GET /networks (an array). */
void daemon_json_networks(struct daemon_facts *, struct json_object *);
/* GET /swarm, /nodes, /services, /secrets, /configs. */
void daemon_json_swarm(struct daemon_facts *, struct json_object *swarm, struct json_object *nodes,
		       struct json_object *services, struct json_object *secrets,
		       struct json_object *configs);
/* GET /containers/{id}/json into an zeroed container. */
void daemon_json_container(struct container *, struct json_object *);
/* GET /containers/{id}/top: the container's process command lines. */
void daemon_json_top(struct container *, struct json_object *);
/* GET /exec/{id}/json into the container's exec instance of that id. */
void daemon_json_exec(struct container *, struct json_object *);
/* GET /images/{id}/json and /history into an zeroed image (files_known = 0). */
void daemon_json_image(struct image *, struct json_object *inspect, struct json_object *history);

#endif
