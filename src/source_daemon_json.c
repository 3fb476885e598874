/*
 * source_daemon_json.c - Engine API answers (json-c objects) to daemon,
 * container and image facts. Pure: no I/O; every field is optional and a
 * missing or mistyped one reads as absent.
 */
#include "source_daemon_json.h"
#include "facts_daemon.h"
#include "json.h"
#include "buf.h"

#include <string.h>
#include <time.h>

/* Live exec instances kept per container (a few are plenty). */
#define MAX_EXECS 16

static char *dup_str(struct json_object *o, const char *key)
{
	const char *s = json_get_str(o, key);

	return s ? xstrdup(s) : NULL;
}

static void push_strings(struct strlist *l, struct json_object *arr)
{
	size_t n;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return;
	n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);

		if (json_object_is_type(e, json_type_string))
			strlist_push(l, json_object_get_string(e));
	}
}

/* /version: product, version, experimental; Podman names itself in Components. */
void daemon_json_version(struct daemon_facts *d, struct json_object *v)
{
	struct json_object *comps = json_get_array(v, "Components");
	const char *exp;

	d->version = dup_str(v, "Version");
	d->os = dup_str(v, "Os");
	d->kernel_version = dup_str(v, "KernelVersion");
	if (json_get_bool(v, "Experimental", 0))
		d->experimental = 1;
	for (size_t i = 0; comps && i < json_object_array_length(comps); i++) {
		struct json_object *c = json_object_array_get_idx(comps, i);
		const char *name = json_get_str(c, "Name");

		if (name && strstr(name, "Podman"))
			d->podman = 1;
		exp = json_get_str(json_get_object(c, "Details"), "Experimental");
		if (name && !strcmp(name, "Engine") && exp && !strcmp(exp, "true"))
			d->experimental = 1;
	}
	d->product = xstrdup(d->podman ? "Podman" : "Docker");
}

static int is_default_insecure(const char *cidr)
{
	return !strcmp(cidr, "127.0.0.0/8") || !strcmp(cidr, "::1/128");
}

/* /info: security options, drivers, registries, swarm state, counts. */
void daemon_json_info(struct daemon_facts *d, struct json_object *v)
{
	struct json_object *reg = json_get_object(v, "RegistryConfig");
	struct json_object *swarm = json_get_object(v, "Swarm");
	struct json_object *idx = json_get_object(reg, "IndexConfigs");
	struct json_object *cidrs = json_get_array(reg, "InsecureRegistryCIDRs");

	d->storage_driver = dup_str(v, "Driver");
	d->logging_driver = dup_str(v, "LoggingDriver");
	d->cgroup_driver = dup_str(v, "CgroupDriver");
	d->live_restore = json_get_bool(v, "LiveRestoreEnabled", 0);
	d->debug = json_get_bool(v, "Debug", 0);
	if (json_get_bool(v, "ExperimentalBuild", 0))
		d->experimental = 1;
	push_strings(&d->security_options, json_get_array(v, "SecurityOptions"));
	push_strings(&d->authz_plugins,
		     json_get_array(json_get_object(v, "Plugins"), "Authorization"));
	d->containers_total = json_get_int(v, "Containers", 0);
	d->containers_running = json_get_int(v, "ContainersRunning", 0);
	for (size_t i = 0; cidrs && i < json_object_array_length(cidrs); i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(cidrs, i));

		if (s && !is_default_insecure(s))
			strlist_push(&d->insecure_registries, s);
	}
	if (idx) {
		json_object_object_foreach(idx, key, val)
		{
			if (!json_get_bool(val, "Secure", 1) &&
			    !strlist_has(&d->insecure_registries, key))
				strlist_push(&d->insecure_registries, key);
		}
	}
	d->swarm_state = dup_str(swarm, "LocalNodeState");
	d->swarm_active = d->swarm_state && !strcmp(d->swarm_state, "active");
	d->swarm.node_addr = dup_str(swarm, "NodeAddr");
	d->swarm.control_available = json_get_bool(swarm, "ControlAvailable", 0);
}

static const char *option_str(struct json_object *opts, const char *key)
{
	return opts ? json_get_str(opts, key) : NULL;
}

void daemon_json_networks(struct daemon_facts *d, struct json_object *arr)
{
	size_t n = json_object_array_length(arr);

	d->networks = xcalloc(n ? n : 1, sizeof(*d->networks));
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct json_object *opts = json_get_object(o, "Options");
		struct daemon_network *net = &d->networks[d->nnetworks++];
		const char *s;

		net->id = dup_str(o, "Id");
		net->name = dup_str(o, "Name");
		net->driver = dup_str(o, "Driver");
		net->scope = dup_str(o, "Scope");
		if ((s = option_str(opts, "com.docker.network.bridge.name")))
			net->bridge_name = xstrdup(s);
		if ((s = option_str(opts, "com.docker.network.bridge.enable_icc")))
			net->enable_icc = xstrdup(s);
		net->encrypted = opts && json_get(opts, "encrypted") != NULL;
		s = option_str(opts, "com.docker.network.bridge.default_bridge");
		net->is_default_bridge = (s && !strcmp(s, "true")) ||
					 (net->name && !strcmp(net->name, "bridge") &&
					  net->driver && !strcmp(net->driver, "bridge"));
	}
}

/* Swarm endpoints: /swarm, /nodes, /services, /secrets, /configs. */
void daemon_json_swarm(struct daemon_facts *d, struct json_object *sw, struct json_object *nodes,
		       struct json_object *services, struct json_object *secrets,
		       struct json_object *configs)
{
	struct json_object *spec = json_get_object(sw, "Spec");

	d->swarm.known = 1;
	d->swarm.node_cert_expiry_ns = json_get_int(json_get_object(spec, "CAConfig"),
						    "NodeCertExpiry", 0);
	d->swarm.autolock = json_get_bool(json_get_object(spec, "EncryptionConfig"),
					  "AutoLockManagers", 0);
	d->swarm.nodes = json_object_array_length(nodes);
	for (size_t i = 0; i < d->swarm.nodes; i++) {
		struct json_object *n = json_object_array_get_idx(nodes, i);
		const char *role = json_get_str(json_get_object(n, "Spec"), "Role");

		if (role && !strcmp(role, "manager"))
			d->swarm.managers++;
		if (json_get_bool(json_get_object(n, "ManagerStatus"), "Leader", 0))
			d->swarm.leaders++;
	}
	d->swarm.services = json_object_array_length(services);
	d->swarm.secrets = json_object_array_length(secrets);
	d->swarm.configs = json_object_array_length(configs);
}

static void parse_mounts(struct container *c, struct json_object *arr)
{
	size_t n = arr ? json_object_array_length(arr) : 0;

	c->mounts = xcalloc(n ? n : 1, sizeof(*c->mounts));
	for (size_t i = 0; i < n; i++) {
		struct json_object *m = json_object_array_get_idx(arr, i);
		struct container_mount *cm = &c->mounts[c->nmounts++];

		cm->type = dup_str(m, "Type");
		cm->source = dup_str(m, "Source");
		cm->destination = dup_str(m, "Destination");
		cm->propagation = dup_str(m, "Propagation");
		cm->rw = json_get_bool(m, "RW", 1);
	}
}

static void parse_ports(struct container *c, struct json_object *bindings)
{
	size_t alloc = 0;

	if (!bindings)
		return;
	json_object_object_foreach(bindings, port, list)
	{
		size_t n;

		if (!list || !json_object_is_type(list, json_type_array))
			continue;
		n = json_object_array_length(list);
		for (size_t i = 0; i < n; i++) {
			struct json_object *b = json_object_array_get_idx(list, i);
			struct container_port *p;
			const char *ip = json_get_str(b, "HostIp"),
				   *hp = json_get_str(b, "HostPort");

			ALLOC_GROW(c->ports, c->nports + 1, alloc);
			p = &c->ports[c->nports++];
			p->container_port = xstrdup(port);
			p->host_ip = xstrdup(ip ? ip : "");
			p->host_port = xstrdup(hp ? hp : "");
		}
	}
}

static void parse_host_config(struct container *c, struct json_object *hc)
{
	struct json_object *rp = json_get_object(hc, "RestartPolicy");
	struct json_object *arr, *pl;

	c->privileged = json_get_bool(hc, "Privileged", 0);
	c->readonly_rootfs = json_get_bool(hc, "ReadonlyRootfs", 0);
	push_strings(&c->cap_add, json_get_array(hc, "CapAdd"));
	push_strings(&c->cap_drop, json_get_array(hc, "CapDrop"));
	push_strings(&c->security_opt, json_get_array(hc, "SecurityOpt"));
	arr = json_get_array(hc, "Devices");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *dv = json_object_array_get_idx(arr, i);
		const char *h = json_get_str(dv, "PathOnHost"),
			   *ct = json_get_str(dv, "PathInContainer");

		strlist_push_owned(&c->devices, xstrfmt("%s:%s", h ? h : "", ct ? ct : ""));
	}
	arr = json_get_array(hc, "Ulimits");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *u = json_object_array_get_idx(arr, i);
		const char *name = json_get_str(u, "Name");

		strlist_push_owned(&c->ulimits,
				   xstrfmt("%s=%lld:%lld", name ? name : "",
					   json_get_int(u, "Soft", 0), json_get_int(u, "Hard", 0)));
	}
	c->network_mode = dup_str(hc, "NetworkMode");
	c->pid_mode = dup_str(hc, "PidMode");
	c->ipc_mode = dup_str(hc, "IpcMode");
	c->uts_mode = dup_str(hc, "UTSMode");
	c->userns_mode = dup_str(hc, "UsernsMode");
	c->cgroup_parent = dup_str(hc, "CgroupParent");
	c->memory = json_get_int(hc, "Memory", 0);
	c->cpu_shares = json_get_int(hc, "CpuShares", 0);
	c->nano_cpus = json_get_int(hc, "NanoCpus", 0);
	/* PidsLimit is null, 0 or -1 when unlimited. */
	pl = json_get(hc, "PidsLimit");
	c->pids_limit = pl && json_object_is_type(pl, json_type_int) ? json_object_get_int64(pl)
								     : 0;
	c->restart_policy = dup_str(rp, "Name");
	c->restart_max = json_get_int(rp, "MaximumRetryCount", 0);
	parse_ports(c, json_get_object(hc, "PortBindings"));
}

/* GET /containers/{id}/json into a container. */
void daemon_json_container(struct container *c, struct json_object *v)
{
	struct json_object *state = json_get_object(v, "State");
	struct json_object *health = json_get_object(state, "Health");
	struct json_object *config = json_get_object(v, "Config");
	struct json_object *nets = json_get_object(json_get_object(v, "NetworkSettings"),
						   "Networks");
	const char *id = json_get_str(v, "Id"), *name = json_get_str(v, "Name");
	struct json_object *execs;
	size_t ne;

	c->id = xstrdup(id ? id : "");
	c->short_id = xstrndup(c->id, 12);
	if (name && *name == '/')
		name++;
	c->name = xstrdup(name && *name ? name : c->short_id);
	c->image = dup_str(config, "Image");
	c->image_id = dup_str(v, "Image");
	c->state = dup_str(state, "Status");
	c->running = json_get_bool(state, "Running", 0);
	c->apparmor_profile = dup_str(v, "AppArmorProfile");
	c->has_health = health != NULL;
	c->health_status = dup_str(health, "Status");
	c->user = dup_str(config, "User");
	parse_host_config(c, json_get_object(v, "HostConfig"));
	parse_mounts(c, json_get_array(v, "Mounts"));
	/* Live exec instances, inspected in step 3 (a few are plenty). */
	execs = json_get_array(v, "ExecIDs");
	ne = execs ? json_object_array_length(execs) : 0;
	if (ne > MAX_EXECS)
		ne = MAX_EXECS;
	c->execs = xcalloc(ne ? ne : 1, sizeof(*c->execs));
	for (size_t i = 0; i < ne; i++) {
		const char *eid = json_object_get_string(json_object_array_get_idx(execs, i));

		if (eid && *eid && strspn(eid, "0123456789abcdef") == strlen(eid))
			c->execs[c->nexecs++].id = xstrdup(eid);
	}
	if (nets) {
		json_object_object_foreach(nets, key, val)
		{
			(void)val;
			strlist_push(&c->networks, key);
		}
	}
}

/* "2024-01-02T03:04:05Z" from epoch seconds (owned). */
static char *rfc3339(long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[32];

	if (t <= 0 || !gmtime_r(&tt, &tm))
		return NULL;
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(s);
}

static void parse_image_config(struct image_config *ic, struct json_object *cfg)
{
	struct json_object *o;
	size_t alloc = 0;

	ic->user = dup_str(cfg, "User");
	push_strings(&ic->env, json_get_array(cfg, "Env"));
	if ((o = json_get_object(cfg, "ExposedPorts"))) {
		json_object_object_foreach(o, k, v)
		{
			(void)v;
			strlist_push(&ic->exposed_ports, k);
		}
	}
	if ((o = json_get_object(cfg, "Volumes"))) {
		json_object_object_foreach(o, k, v)
		{
			(void)v;
			strlist_push(&ic->volumes, k);
		}
	}
	if ((o = json_get_object(cfg, "Healthcheck"))) {
		ic->has_healthcheck = 1;
		push_strings(&ic->healthcheck, json_get_array(o, "Test"));
	}
	if ((o = json_get_object(cfg, "Labels"))) {
		json_object_object_foreach(o, k, v)
		{
			ALLOC_GROW(ic->labels, ic->nlabels + 1, alloc);
			ic->labels[ic->nlabels].key = xstrdup(k);
			ic->labels[ic->nlabels].value = xstrdup(json_object_get_string(v));
			ic->nlabels++;
		}
	}
	push_strings(&ic->entrypoint, json_get_array(cfg, "Entrypoint"));
	push_strings(&ic->cmd, json_get_array(cfg, "Cmd"));
	ic->workdir = dup_str(cfg, "WorkingDir");
}

/*
 * GET /images/{id}/history lists steps newest first and does not say which
 * made a layer: a "#(nop)" step or one of size 0 beyond the layer count is
 * taken as empty.
 */
static void parse_history(struct image *img, struct json_object *arr)
{
	size_t n = json_object_array_length(arr);
	size_t layer = 0;

	img->history = xcalloc(n ? n : 1, sizeof(*img->history));
	for (size_t k = 0; k < n; k++) {
		struct json_object *h = json_object_array_get_idx(arr, n - 1 - k);
		struct history_step *s = &img->history[img->nhistory++];
		const char *by = json_get_str(h, "CreatedBy");

		s->created_by = xstrdup(by ? by : "");
		s->created = rfc3339(json_get_int(h, "Created", 0));
		s->empty_layer = strstr(s->created_by, "#(nop)") != NULL ||
				 (json_get_int(h, "Size", 0) == 0 && layer >= img->nlayers);
		s->layer = -1;
		if (!s->empty_layer && layer < img->nlayers) {
			s->layer = (int)layer;
			img->layers[layer].history = (int)(img->nhistory - 1);
			layer++;
		}
	}
}

/* GET /images/{id}/json (+ history) into a struct image with files_known = 0. */
void daemon_json_image(struct image *img, struct json_object *v, struct json_object *hist)
{
	struct json_object *layers = json_get_array(json_get_object(v, "RootFS"), "Layers");
	const char *id = json_get_str(v, "Id");
	size_t nl = layers ? json_object_array_length(layers) : 0;

	img->id = xstrdup(id ? id : "");
	img->source = xstrdup("daemon");
	push_strings(&img->repo_tags, json_get_array(v, "RepoTags"));
	for (size_t i = 0; i < img->repo_tags.n; i++) {
		if (strcmp(img->repo_tags.v[i], "<none>:<none>")) {
			img->ref = xstrdup(img->repo_tags.v[i]);
			img->name = image_name_from_ref(img->ref);
			break;
		}
	}
	if (!img->ref) {
		const char *hex = strncmp(img->id, "sha256:", 7) ? img->id : img->id + 7;

		img->ref = xstrndup(hex, 12);
		img->name = xstrdup(img->ref);
	}
	parse_image_config(&img->config, json_get_object(v, "Config"));
	img->config.os = dup_str(v, "Os");
	img->config.architecture = dup_str(v, "Architecture");
	img->layers = xcalloc(nl ? nl : 1, sizeof(*img->layers));
	for (size_t i = 0; i < nl; i++) {
		const char *diff = json_object_get_string(json_object_array_get_idx(layers, i));
		struct image_layer *l = &img->layers[img->nlayers++];

		l->digest = xstrdup(diff ? diff : "");
		l->diff_id = xstrdup(diff ? diff : "");
		l->compression = xstrdup("none");
		l->history = -1;
	}
	if (hist)
		parse_history(img, hist);
	img->files_known = 0;
}

/* The "Processes" of GET /containers/{id}/top: one command line per row. */
void daemon_json_top(struct container *c, struct json_object *v)
{
	struct json_object *titles = json_get_array(v, "Titles");
	struct json_object *procs = json_get_array(v, "Processes");
	size_t col = 0, nt = titles ? json_object_array_length(titles) : 0;

	for (size_t i = 0; i < nt; i++) {
		const char *t = json_object_get_string(json_object_array_get_idx(titles, i));

		if (t && (!strcmp(t, "CMD") || !strcmp(t, "COMMAND")))
			col = i;
	}
	c->processes_known = 1;
	for (size_t i = 0; procs && i < json_object_array_length(procs); i++) {
		struct json_object *row = json_object_array_get_idx(procs, i);
		const char *cmd;

		/* json-c asserts on a row that is not an array: a lying daemon must not abort us */
		if (!json_object_is_type(row, json_type_array))
			continue;
		cmd = json_object_get_string(json_object_array_get_idx(row, col));
		if (cmd)
			strlist_push(&c->processes, cmd);
	}
}

/* GET /exec/{id}/json into the container's matching exec instance. */
void daemon_json_exec(struct container *c, struct json_object *v)
{
	struct json_object *pc = json_get_object(v, "ProcessConfig");
	const char *id = json_get_str(v, "ID");

	for (size_t j = 0; j < c->nexecs; j++) {
		if (id && strcmp(c->execs[j].id, id))
			continue;
		c->execs[j].privileged = json_get_bool(pc, "privileged", 0);
		free(c->execs[j].user);
		c->execs[j].user = dup_str(pc, "user");
		break;
	}
}
