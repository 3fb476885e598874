/*
 * t_daemon_checks.c - sections 2, 5, 6 and 7 on hand-built daemon and
 * container facts: every automated check made to fail and to pass.
 */
#include "test.h"
#include "facts_daemon.h"
#include "facts_host.h"

/* Daemon facts of a well-configured modern daemon. */
static struct daemon_facts *tdaemon(struct trun *t)
{
	struct daemon_facts *d = xcalloc(1, sizeof(*d));

	d->endpoint = xstrdup("unix:///var/run/docker.sock");
	d->display = xstrdup("Docker 24.0.7 (API 1.43) at unix:///var/run/docker.sock");
	d->product = xstrdup("Docker");
	d->version = xstrdup("24.0.7");
	d->api_version = xstrdup("1.43");
	d->api_minor = 43;
	d->storage_driver = xstrdup("overlay2");
	d->logging_driver = xstrdup("syslog");
	d->live_restore = 1;
	strlist_push(&d->security_options, "name=apparmor");
	strlist_push(&d->security_options, "name=selinux");
	strlist_push(&d->security_options, "name=seccomp,profile=default");
	strlist_push(&d->security_options, "name=userns");
	strlist_push(&d->authz_plugins, "opa-docker-authz");
	d->swarm_state = xstrdup("inactive");
	d->containers_total = 3;
	d->containers_running = 2;
	d->images_total = 3;
	d->images_in_use = 2;
	t->run.facts.daemon = d;
	return d;
}

/* A container that passes every section 5 check it can. */
static struct container *tcontainer(struct trun *t, const char *name)
{
	struct facts *f = &t->run.facts;
	struct container *c;

	f->containers = xrealloc(f->containers, (f->ncontainers + 1) * sizeof(*f->containers));
	c = &f->containers[f->ncontainers++];
	memset(c, 0, sizeof(*c));
	c->id = xstrfmt("%s0123456789abcdef0123456789abcdef", name);
	c->short_id = xstrndup(c->id, 12);
	c->name = xstrdup(name);
	c->image = xstrdup("app:1.0");
	c->image_id = xstrdup("sha256:1111");
	c->state = xstrdup("running");
	c->running = 1;
	c->apparmor_profile = xstrdup("docker-default");
	c->has_health = 1;
	c->health_status = xstrdup("healthy");
	c->user = xstrdup("1000");
	c->readonly_rootfs = 1;
	strlist_push(&c->cap_drop, "ALL");
	strlist_push(&c->cap_add, "NET_BIND_SERVICE");
	strlist_push(&c->security_opt, "no-new-privileges");
	strlist_push(&c->security_opt, "label=level:s0:c100,c200");
	strlist_push(&c->ulimits, "nofile=1024:2048");
	c->network_mode = xstrdup("app-net");
	c->pid_mode = xstrdup("");
	c->ipc_mode = xstrdup("private");
	c->uts_mode = xstrdup("");
	c->userns_mode = xstrdup("");
	c->cgroup_parent = xstrdup("");
	c->memory = 64 << 20;
	c->cpu_shares = 512;
	c->pids_limit = 100;
	c->restart_policy = xstrdup("on-failure");
	c->restart_max = 5;
	c->mounts = xcalloc(1, sizeof(*c->mounts));
	c->mounts[0].type = xstrdup("bind");
	c->mounts[0].source = xstrdup("/srv/app/data");
	c->mounts[0].destination = xstrdup("/data");
	c->mounts[0].propagation = xstrdup("rprivate");
	c->mounts[0].rw = 1;
	c->nmounts = 1;
	c->ports = xcalloc(1, sizeof(*c->ports));
	c->ports[0].container_port = xstrdup("80/tcp");
	c->ports[0].host_ip = xstrdup("127.0.0.1");
	c->ports[0].host_port = xstrdup("8080");
	c->nports = 1;
	strlist_push(&c->networks, "app-net");
	c->processes_known = 1;
	strlist_push(&c->processes, "nginx: master process nginx -g daemon off;");
	return c;
}

/* Status count of check id on the target named name. */
static size_t count_on(const struct trun *t, const char *id, const char *name, enum status st)
{
	size_t n = 0;

	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];

		if (!strcmp(f->check->id, id) && f->status == st &&
		    !strcmp(t->run.targets[f->target].name, name))
			n++;
	}
	return n;
}

static int has_on(const struct trun *t, const char *id, const char *name, const char *evidence)
{
	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];

		if (!strcmp(f->check->id, id) && f->status == STATUS_FAIL &&
		    !strcmp(t->run.targets[f->target].name, name) && !strcmp(f->evidence, evidence))
			return 1;
	}
	return 0;
}

static void replace(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

static void add_mount(struct container *c, const char *type, const char *src, const char *dst,
		      const char *prop)
{
	struct container_mount *m;

	c->mounts = xrealloc(c->mounts, (c->nmounts + 1) * sizeof(*c->mounts));
	m = &c->mounts[c->nmounts++];
	m->type = xstrdup(type);
	m->source = xstrdup(src);
	m->destination = xstrdup(dst);
	m->propagation = xstrdup(prop);
	m->rw = 1;
}

static void add_port(struct container *c, const char *cport, const char *ip, const char *hport)
{
	struct container_port *p;

	c->ports = xrealloc(c->ports, (c->nports + 1) * sizeof(*c->ports));
	p = &c->ports[c->nports++];
	p->container_port = xstrdup(cport);
	p->host_ip = xstrdup(ip);
	p->host_port = xstrdup(hport);
}

static void add_exec(struct container *c, int privileged, const char *user)
{
	c->execs = xrealloc(c->execs, (c->nexecs + 1) * sizeof(*c->execs));
	c->execs[c->nexecs].id = xstrdup("e1e2e3e4e5e6e7e8");
	c->execs[c->nexecs].privileged = privileged;
	c->execs[c->nexecs].user = xstrdup(user);
	c->nexecs++;
}

static void spoil_apparmor(struct container *c)
{
	replace(&c->apparmor_profile, "unconfined");
}
static void spoil_selinux(struct container *c)
{
	strlist_clear(&c->security_opt);
	strlist_push(&c->security_opt, "no-new-privileges");
}
static void spoil_caps(struct container *c)
{
	strlist_push(&c->cap_add, "cap_sys_admin");
}
static void spoil_caps_all(struct container *c)
{
	strlist_push(&c->cap_add, "ALL");
}
static void spoil_privileged(struct container *c)
{
	c->privileged = 1;
}
static void spoil_etc(struct container *c)
{
	add_mount(c, "bind", "/etc/", "/host/etc", "rprivate");
}
static void spoil_root(struct container *c)
{
	add_mount(c, "bind", "/", "/host", "rprivate");
}
static void spoil_sshd(struct container *c)
{
	strlist_push(&c->processes, "/usr/sbin/sshd -D");
}
static void spoil_port80(struct container *c)
{
	add_port(c, "80/tcp", "127.0.0.1", "80");
}
static void spoil_port22(struct container *c)
{
	add_port(c, "22/tcp", "127.0.0.1", "2222");
}
static void spoil_hostnet(struct container *c)
{
	replace(&c->network_mode, "host");
}
static void spoil_memory(struct container *c)
{
	c->memory = 0;
}
static void spoil_cpu(struct container *c)
{
	c->cpu_shares = 0;
	c->nano_cpus = 0;
}
static void spoil_readonly(struct container *c)
{
	c->readonly_rootfs = 0;
}
static void spoil_allifaces(struct container *c)
{
	add_port(c, "443/tcp", "0.0.0.0", "8443");
}
static void spoil_allifaces_empty(struct container *c)
{
	add_port(c, "443/tcp", "", "8443");
}
static void spoil_restart_always(struct container *c)
{
	replace(&c->restart_policy, "always");
}
static void spoil_restart_many(struct container *c)
{
	c->restart_max = 10;
}
static void spoil_pid(struct container *c)
{
	replace(&c->pid_mode, "host");
}
static void spoil_ipc(struct container *c)
{
	replace(&c->ipc_mode, "host");
}
static void spoil_devices(struct container *c)
{
	strlist_push(&c->devices, "/dev/sda:/dev/sda");
}
static void spoil_shared(struct container *c)
{
	add_mount(c, "bind", "/srv/x", "/x", "rshared");
}
static void spoil_uts(struct container *c)
{
	replace(&c->uts_mode, "host");
}
static void spoil_seccomp(struct container *c)
{
	strlist_push(&c->security_opt, "seccomp=unconfined");
}
static void spoil_exec_priv(struct container *c)
{
	add_exec(c, 1, "");
}
static void spoil_exec_root(struct container *c)
{
	add_exec(c, 0, "root");
}
static void spoil_cgroup(struct container *c)
{
	replace(&c->cgroup_parent, "/custom");
}
static void spoil_nnp(struct container *c)
{
	strlist_clear(&c->security_opt);
	strlist_push(&c->security_opt, "label=level:s0");
}
static void spoil_health(struct container *c)
{
	c->has_health = 0;
}
static void spoil_pids(struct container *c)
{
	c->pids_limit = -1;
}
static void spoil_bridge(struct container *c)
{
	strlist_push(&c->networks, "bridge");
}
static void spoil_userns(struct container *c)
{
	replace(&c->userns_mode, "host");
}
static void spoil_socket(struct container *c)
{
	add_mount(c, "bind", "/var/run/docker.sock", "/var/run/docker.sock", "rprivate");
}
static void spoil_socket_dst(struct container *c)
{
	add_mount(c, "bind", "/run/user/1000/x.sock", "/tmp/docker.sock", "");
}

struct case5 {
	const char *id;
	const char *evidence;
	void (*spoil)(struct container *);
	enum status good; /* what the hardened container gets (0 = pass) */
};

static const struct case5 cases5[] = {
	{ "CIS-5.2", "AppArmorProfile", spoil_apparmor, STATUS_PASS },
	{ "CIS-5.3", "HostConfig.SecurityOpt", spoil_selinux, STATUS_PASS },
	{ "CIS-5.4", "HostConfig.CapAdd:SYS_ADMIN", spoil_caps, STATUS_PASS },
	{ "CIS-5.4", "HostConfig.CapAdd:ALL", spoil_caps_all, STATUS_PASS },
	{ "CIS-5.5", "HostConfig.Privileged", spoil_privileged, STATUS_PASS },
	{ "CIS-5.6", "Mounts:/etc", spoil_etc, STATUS_PASS },
	{ "CIS-5.6", "Mounts:/", spoil_root, STATUS_PASS },
	{ "CIS-5.7", "Processes:sshd", spoil_sshd, STATUS_PASS },
	{ "CIS-5.8", "HostConfig.PortBindings:80/tcp", spoil_port80, STATUS_PASS },
	{ "CIS-5.9", "HostConfig.PortBindings:22/tcp", spoil_port22, STATUS_PASS },
	{ "CIS-5.10", "HostConfig.NetworkMode", spoil_hostnet, STATUS_PASS },
	{ "CIS-5.11", "HostConfig.Memory", spoil_memory, STATUS_PASS },
	{ "CIS-5.12", "HostConfig.CpuShares", spoil_cpu, STATUS_PASS },
	{ "CIS-5.13", "HostConfig.ReadonlyRootfs", spoil_readonly, STATUS_PASS },
	{ "CIS-5.14", "HostConfig.PortBindings:443/tcp", spoil_allifaces, STATUS_PASS },
	{ "CIS-5.14", "HostConfig.PortBindings:443/tcp", spoil_allifaces_empty, STATUS_PASS },
	{ "CIS-5.15", "HostConfig.RestartPolicy", spoil_restart_always, STATUS_PASS },
	{ "CIS-5.15", "HostConfig.RestartPolicy", spoil_restart_many, STATUS_PASS },
	{ "CIS-5.16", "HostConfig.PidMode", spoil_pid, STATUS_PASS },
	{ "CIS-5.17", "HostConfig.IpcMode", spoil_ipc, STATUS_PASS },
	{ "CIS-5.18", "HostConfig.Devices:/dev/sda", spoil_devices, STATUS_PASS },
	{ "CIS-5.20", "Mounts:/x", spoil_shared, STATUS_PASS },
	{ "CIS-5.21", "HostConfig.UTSMode", spoil_uts, STATUS_PASS },
	{ "CIS-5.22", "HostConfig.SecurityOpt:seccomp", spoil_seccomp, STATUS_PASS },
	{ "CIS-5.23", "ExecIDs.ProcessConfig.privileged", spoil_exec_priv, STATUS_MANUAL },
	{ "CIS-5.24", "ExecIDs.ProcessConfig.user", spoil_exec_root, STATUS_MANUAL },
	{ "CIS-5.25", "HostConfig.CgroupParent", spoil_cgroup, STATUS_PASS },
	{ "CIS-5.26", "HostConfig.SecurityOpt:no-new-privileges", spoil_nnp, STATUS_PASS },
	{ "CIS-5.27", "State.Health", spoil_health, STATUS_PASS },
	{ "CIS-5.29", "HostConfig.PidsLimit", spoil_pids, STATUS_PASS },
	{ "CIS-5.30", "NetworkSettings.Networks:bridge", spoil_bridge, STATUS_PASS },
	{ "CIS-5.31", "HostConfig.UsernsMode", spoil_userns, STATUS_PASS },
	{ "CIS-5.32", "Mounts:/var/run/docker.sock", spoil_socket, STATUS_PASS },
	{ "CIS-5.32", "Mounts:/tmp/docker.sock", spoil_socket_dst, STATUS_PASS },
};

/* Every section 5 check: the spoiled container fails, the hardened one passes. */
TEST(section5_fail_and_pass)
{
	struct strlist allowed = { 0 };

	strlist_push(&allowed, "80/tcp");
	for (size_t i = 0; i < ARRAY_SIZE(cases5); i++) {
		const struct case5 *k = &cases5[i];
		struct trun t;
		struct daemon_facts *d;

		trun_init(&t);
		d = tdaemon(&t);
		d->allowed_ports = &allowed;
		tcontainer(&t, "good");
		k->spoil(tcontainer(&t, "bad"));
		trun_exec(&t, k->id);
		if (!has_on(&t, k->id, "bad", k->evidence))
			fprintf(stderr, "case %zu (%s %s) did not fail\n", i, k->id, k->evidence);
		CHECK(has_on(&t, k->id, "bad", k->evidence));
		CHECK_INT(count_on(&t, k->id, "good", k->good), 1);
		CHECK_INT(count_on(&t, k->id, "good", STATUS_FAIL), 0);
		/* The finding names container, short id, image and field. */
		for (size_t j = 0; j < t.run.findings.n; j++) {
			const struct finding *f = &t.run.findings.v[j];

			if (f->status == STATUS_FAIL) {
				CHECK(strstr(f->message,
					     "container 'bad' (bad012345678, image 'app:1.0')") !=
				      NULL);
				CHECK_INT(f->severity, f->check->severity);
			}
		}
		trun_release(&t);
	}
	strlist_clear(&allowed);
}

/* Each check's fail has the severity the catalog promises for the worst rows. */
TEST(section5_severities)
{
	CHECK_INT(catalog_find("privileged-container")->severity, SEV_CRITICAL);
	CHECK_INT(catalog_find("docker-socket-mounted")->severity, SEV_CRITICAL);
	CHECK_INT(catalog_find("host-pid-namespace")->severity, SEV_HIGH);
	CHECK_INT(catalog_find("host-ipc-namespace")->severity, SEV_HIGH);
	CHECK_INT(catalog_find("capabilities-restricted")->severity, SEV_HIGH);
	CHECK_INT(catalog_find("host-network-mode")->severity, SEV_HIGH);
	CHECK(catalog_find("memory-limit") != NULL);
	for (int i = 1; i <= 32; i++) {
		char id[32];
		const struct check *c;

		snprintf(id, sizeof(id), "CIS-5.%d", i);
		c = catalog_find(id);
		CHECK(c != NULL);
		if (c && i > 1)
			CHECK_INT(c->scope, SCOPE_CONTAINER);
	}
	for (int i = 1; i <= 18; i++) {
		char id[32];

		snprintf(id, sizeof(id), "CIS-2.%d", i);
		CHECK(catalog_find(id) && catalog_find(id)->scope == SCOPE_DAEMON);
	}
	for (int i = 1; i <= 9; i++) {
		char id[32];

		snprintf(id, sizeof(id), "CIS-7.%d", i);
		CHECK(catalog_find(id) && (catalog_find(id)->needs & NEED_SWARM));
	}
}

/* Rows that need more than the facts hold: manual or skip, never fail. */
TEST(section5_manual_and_skip)
{
	struct trun t;
	struct container *c;

	trun_init(&t);
	tdaemon(&t);
	c = tcontainer(&t, "plain");
	c->processes_known = 0;
	strlist_clear(&c->ulimits);
	add_port(c, "22/tcp", "127.0.0.1", "2222");
	c = tcontainer(&t, "stopped");
	c->running = 0;
	trun_exec(&t, "5.*");
	CHECK_INT(count_on(&t, "CIS-5.7", "plain", STATUS_MANUAL), 1);
	CHECK_INT(count_on(&t, "CIS-5.7", "stopped", STATUS_SKIP), 1);
	CHECK_INT(count_on(&t, "CIS-5.9", "plain", STATUS_MANUAL), 1);
	CHECK_INT(count_on(&t, "CIS-5.19", "plain", STATUS_MANUAL), 1);
	CHECK_INT(count_on(&t, "CIS-5.19", "stopped", STATUS_PASS), 1);
	CHECK_INT(count_on(&t, "CIS-5.23", "plain", STATUS_MANUAL), 1);
	CHECK_INT(count_on(&t, "CIS-5.28", "plain", STATUS_MANUAL), 1);
	CHECK_INT(count_on(&t, "CIS-5.1", "daemon", STATUS_PASS), 1);
	trun_release(&t);

	/* No AppArmor/SELinux on the daemon: those rows do not apply. */
	trun_init(&t);
	strlist_clear(&tdaemon(&t)->security_options);
	spoil_apparmor(tcontainer(&t, "x"));
	trun_exec(&t, "5.*");
	CHECK_INT(count_on(&t, "CIS-5.2", "x", STATUS_SKIP), 1);
	CHECK_INT(count_on(&t, "CIS-5.3", "x", STATUS_SKIP), 1);
	trun_release(&t);

	/* A daemon default of no-new-privileges covers containers without it. */
	trun_init(&t);
	strlist_push(&tdaemon(&t)->security_options, "name=no-new-privileges");
	spoil_nnp(tcontainer(&t, "x"));
	trun_exec(&t, "CIS-5.26");
	CHECK_INT(count_on(&t, "CIS-5.26", "x", STATUS_PASS), 1);
	trun_release(&t);
}

/* An old API has no State.Health, PidsLimit, UsernsMode: skip, not fail. */
TEST(old_api_skips)
{
	struct trun t;
	struct daemon_facts *d;

	trun_init(&t);
	d = tdaemon(&t);
	d->api_minor = 22;
	replace(&d->api_version, "1.22");
	spoil_health(tcontainer(&t, "x"));
	trun_exec(&t, "5.*");
	CHECK_INT(count_on(&t, "CIS-5.27", "x", STATUS_SKIP), 1);
	CHECK_INT(count_on(&t, "CIS-5.29", "x", STATUS_SKIP), 1);
	CHECK_INT(count_on(&t, "CIS-5.31", "x", STATUS_SKIP), 1);
	trun_release(&t);
}

/* Without containers, section 5 container rows produce nothing; 5.1 still runs. */
TEST(no_containers)
{
	struct trun t;

	trun_init(&t);
	tdaemon(&t)->swarm_active = 1;
	trun_exec(&t, "5.*");
	CHECK_INT(trun_count(&t, "CIS-5.1", STATUS_FAIL), 1);
	CHECK_INT(trun_count(&t, "CIS-5.5", STATUS_PASS) + trun_count(&t, "CIS-5.5", STATUS_FAIL),
		  0);
	trun_release(&t);
}

typedef void (*daemon_fn)(struct daemon_facts *);

static void d_rootless(struct daemon_facts *d)
{
	strlist_push(&d->security_options, "name=rootless");
}
static void d_icc_on(struct daemon_facts *d)
{
	d->networks = xcalloc(1, sizeof(*d->networks));
	d->networks[0].name = xstrdup("bridge");
	d->networks[0].driver = xstrdup("bridge");
	d->networks[0].enable_icc = xstrdup("true");
	d->networks[0].is_default_bridge = 1;
	d->nnetworks = 1;
}
static void d_icc_off(struct daemon_facts *d)
{
	d_icc_on(d);
	replace(&d->networks[0].enable_icc, "false");
}
static void d_debug(struct daemon_facts *d)
{
	d->debug = 1;
}
static void d_insecure(struct daemon_facts *d)
{
	strlist_push(&d->insecure_registries, "10.0.0.0/8");
}
static void d_aufs(struct daemon_facts *d)
{
	replace(&d->storage_driver, "aufs");
}
static void d_tcp_plain(struct daemon_facts *d)
{
	d->tcp = 1;
	replace(&d->endpoint, "tcp://h:2375");
}
static void d_tcp_tls(struct daemon_facts *d)
{
	d->tcp = d->tls = d->tls_verify = 1;
}
static void d_no_userns(struct daemon_facts *d)
{
	strlist_clear(&d->security_options);
	strlist_push(&d->security_options, "name=seccomp,profile=default");
}
static void d_devmapper(struct daemon_facts *d)
{
	replace(&d->storage_driver, "devicemapper");
}
static void d_no_authz(struct daemon_facts *d)
{
	strlist_clear(&d->authz_plugins);
}
static void d_json_file(struct daemon_facts *d)
{
	replace(&d->logging_driver, "json-file");
}
static void d_nnp(struct daemon_facts *d)
{
	strlist_push(&d->security_options, "name=no-new-privileges");
}
static void d_no_live_restore(struct daemon_facts *d)
{
	d->live_restore = 0;
}
static void d_swarm(struct daemon_facts *d)
{
	d->live_restore = 0;
	d->swarm_active = 1;
	replace(&d->swarm_state, "active");
}
static void d_no_seccomp(struct daemon_facts *d)
{
	strlist_clear(&d->security_options);
}
static void d_seccomp_unconfined(struct daemon_facts *d)
{
	strlist_clear(&d->security_options);
	strlist_push(&d->security_options, "name=seccomp,profile=unconfined");
}
static void d_experimental(struct daemon_facts *d)
{
	d->experimental = 1;
}
static void d_image_sprawl(struct daemon_facts *d)
{
	d->images_total = 80;
	d->images_in_use = 5;
}
static void d_image_sprawl_allowed(struct daemon_facts *d)
{
	d_image_sprawl(d);
	d->max_unused_images = 100;
}
static void d_container_sprawl(struct daemon_facts *d)
{
	d->containers_total = 70;
	d->containers_running = 2;
}
static void d_container_sprawl_allowed(struct daemon_facts *d)
{
	d_container_sprawl(d);
	d->max_stopped_containers = 100;
}
static void d_swarm_ok(struct daemon_facts *d)
{
	d_swarm(d);
	d->swarm.known = 1;
	d->swarm.managers = 3;
	d->swarm.nodes = 5;
	d->swarm.secrets = 2;
	d->swarm.autolock = 1;
	d->swarm.node_cert_expiry_ns = 90LL * 24 * 3600 * 1000000000LL;
	d->networks = xcalloc(1, sizeof(*d->networks));
	d->networks[0].name = xstrdup("ingress");
	d->networks[0].driver = xstrdup("overlay");
	d->networks[0].encrypted = 1;
	d->nnetworks = 1;
}
static void d_managers_even(struct daemon_facts *d)
{
	d_swarm_ok(d);
	d->swarm.managers = 2;
}
static void d_overlay_plain(struct daemon_facts *d)
{
	d_swarm_ok(d);
	d->networks[0].encrypted = 0;
}
static void d_no_secrets(struct daemon_facts *d)
{
	d_swarm_ok(d);
	d->swarm.secrets = 0;
}
static void d_no_autolock(struct daemon_facts *d)
{
	d_swarm_ok(d);
	d->swarm.autolock = 0;
}
static void d_long_certs(struct daemon_facts *d)
{
	d_swarm_ok(d);
	d->swarm.node_cert_expiry_ns *= 4;
}

struct dcase {
	const char *id;
	daemon_fn change; /* NULL: the default daemon of tdaemon() */
	enum status want;
	const char *evidence; /* for STATUS_FAIL */
};

static const struct dcase dcases[] = {
	{ "CIS-2.1", NULL, STATUS_MANUAL, NULL },
	{ "CIS-2.1", d_rootless, STATUS_PASS, NULL },
	{ "CIS-2.2", d_icc_on, STATUS_FAIL, "icc" },
	{ "CIS-2.2", d_icc_off, STATUS_PASS, NULL },
	{ "CIS-2.2", NULL, STATUS_PASS, NULL },
	{ "CIS-2.3", d_debug, STATUS_FAIL, "log-level" },
	{ "CIS-2.3", NULL, STATUS_SKIP, NULL },
	{ "CIS-2.4", NULL, STATUS_SKIP, NULL },
	{ "CIS-2.5", d_insecure, STATUS_FAIL, "RegistryConfig:10.0.0.0/8" },
	{ "CIS-2.5", NULL, STATUS_PASS, NULL },
	{ "CIS-2.6", d_aufs, STATUS_FAIL, "Driver" },
	{ "CIS-2.6", NULL, STATUS_PASS, NULL },
	{ "CIS-2.7", d_tcp_plain, STATUS_FAIL, "tlsverify" },
	{ "CIS-2.7", d_tcp_tls, STATUS_PASS, NULL },
	{ "CIS-2.7", NULL, STATUS_SKIP, NULL },
	{ "CIS-2.8", NULL, STATUS_SKIP, NULL },
	{ "CIS-2.9", d_no_userns, STATUS_FAIL, "userns-remap" },
	{ "CIS-2.9", NULL, STATUS_PASS, NULL },
	{ "CIS-2.9", d_rootless, STATUS_PASS, NULL },
	{ "CIS-2.10", NULL, STATUS_SKIP, NULL },
	{ "CIS-2.11", NULL, STATUS_PASS, NULL },
	{ "CIS-2.11", d_devmapper, STATUS_SKIP, NULL },
	{ "CIS-2.12", d_no_authz, STATUS_FAIL, "authorization-plugins" },
	{ "CIS-2.12", NULL, STATUS_PASS, NULL },
	{ "CIS-2.13", d_json_file, STATUS_FAIL, "LoggingDriver" },
	{ "CIS-2.13", NULL, STATUS_PASS, NULL },
	{ "CIS-2.14", d_nnp, STATUS_PASS, NULL },
	{ "CIS-2.14", NULL, STATUS_SKIP, NULL },
	{ "CIS-2.15", d_no_live_restore, STATUS_FAIL, "LiveRestoreEnabled" },
	{ "CIS-2.15", NULL, STATUS_PASS, NULL },
	{ "CIS-2.15", d_swarm, STATUS_PASS, NULL },
	{ "CIS-2.16", NULL, STATUS_SKIP, NULL },
	{ "CIS-2.17", d_no_seccomp, STATUS_FAIL, "SecurityOptions:seccomp" },
	{ "CIS-2.17", d_seccomp_unconfined, STATUS_FAIL, "SecurityOptions:seccomp" },
	{ "CIS-2.17", NULL, STATUS_PASS, NULL },
	{ "CIS-2.18", d_experimental, STATUS_FAIL, "Experimental" },
	{ "CIS-2.18", NULL, STATUS_PASS, NULL },
	{ "CIS-5.1", d_swarm, STATUS_FAIL, "Swarm.LocalNodeState" },
	{ "CIS-5.1", NULL, STATUS_PASS, NULL },
	{ "CIS-6.1", d_image_sprawl, STATUS_FAIL, "images" },
	{ "CIS-6.1", d_image_sprawl_allowed, STATUS_PASS, NULL },
	{ "CIS-6.1", NULL, STATUS_PASS, NULL },
	{ "CIS-6.2", d_container_sprawl, STATUS_FAIL, "containers" },
	{ "CIS-6.2", d_container_sprawl_allowed, STATUS_PASS, NULL },
	{ "CIS-7.1", d_managers_even, STATUS_FAIL, "managers" },
	{ "CIS-7.1", d_swarm_ok, STATUS_PASS, NULL },
	{ "CIS-7.1", NULL, STATUS_SKIP, NULL },
	{ "CIS-7.2", d_swarm_ok, STATUS_SKIP, NULL },
	{ "CIS-7.3", d_overlay_plain, STATUS_FAIL, "network:ingress" },
	{ "CIS-7.3", d_swarm_ok, STATUS_PASS, NULL },
	{ "CIS-7.4", d_no_secrets, STATUS_MANUAL, NULL },
	{ "CIS-7.4", d_swarm_ok, STATUS_PASS, NULL },
	{ "CIS-7.5", d_no_autolock, STATUS_FAIL, "Spec.EncryptionConfig.AutoLockManagers" },
	{ "CIS-7.5", d_swarm_ok, STATUS_PASS, NULL },
	{ "CIS-7.5", d_swarm, STATUS_SKIP, NULL },
	{ "CIS-7.6", d_swarm_ok, STATUS_MANUAL, NULL },
	{ "CIS-7.7", d_long_certs, STATUS_FAIL, "Spec.CAConfig.NodeCertExpiry" },
	{ "CIS-7.7", d_swarm_ok, STATUS_PASS, NULL },
};

/* Daemon rows: each case yields exactly the expected status on the daemon. */
TEST(daemon_rows)
{
	for (size_t i = 0; i < ARRAY_SIZE(dcases); i++) {
		const struct dcase *k = &dcases[i];
		struct trun t;
		struct daemon_facts *d;
		size_t got;

		trun_init(&t);
		d = tdaemon(&t);
		if (k->change)
			k->change(d);
		trun_exec(&t, k->id);
		got = count_on(&t, k->id, "daemon", k->want);
		if (got != 1)
			fprintf(stderr, "case %zu (%s) expected one %s\n", i, k->id,
				status_name(k->want));
		CHECK_INT(got, 1);
		if (k->evidence)
			CHECK(has_on(&t, k->id, "daemon", k->evidence));
		trun_release(&t);
	}
}

/* The message of the first finding of id on the daemon with status st, or "". */
static const char *daemon_message(const struct trun *t, const char *id, enum status st)
{
	for (size_t i = 0; i < t->run.findings.n; i++) {
		const struct finding *f = &t->run.findings.v[i];

		if (!strcmp(f->check->id, id) && f->status == st &&
		    !strcmp(t->run.targets[f->target].name, "daemon"))
			return f->message ? f->message : "";
	}
	return "";
}

/* Host facts with a dockerd process found (pid 812) and nothing set. */
static struct host_facts *thost(struct trun *t)
{
	struct host_facts *h = xcalloc(1, sizeof(*h));

	h->root = xstrdup("/");
	h->dockerd_pid = 812;
	h->dockerd_uid = 0;
	h->docker_gid = -1;
	t->run.facts.host = h;
	return h;
}

/*
 * Section 2 with host facts: an explicit setting names its source, an unset
 * one is dockerd's default, a flag/daemon.json conflict is its own failure,
 * an unreadable daemon.json makes the row an error, no dockerd process a skip.
 */
TEST(daemon_rows_from_host)
{
	struct trun t;
	struct host_facts *h;
	struct dockerd_option *o;

	/* A flag fails icc and names itself; the conflict with daemon.json fails too. */
	trun_init(&t);
	tdaemon(&t);
	h = thost(&t);
	o = host_dockerd_set(h, "icc", "true", "dockerd --icc=true");
	o->conflict = xstrdup("dockerd --icc=true conflicts with daemon.json: \"icc\": false");
	trun_exec(&t, "CIS-2.2");
	CHECK(has_on(&t, "CIS-2.2", "daemon", "icc"));
	CHECK(has_on(&t, "CIS-2.2", "daemon", "icc:conflict"));
	CHECK_INT(count_on(&t, "CIS-2.2", "daemon", STATUS_FAIL), 2);
	CHECK(strstr(daemon_message(&t, "CIS-2.2", STATUS_FAIL), "(dockerd --icc=true)") != NULL);
	trun_release(&t);

	/* daemon.json turns the userland proxy off: pass, naming daemon.json. */
	trun_init(&t);
	tdaemon(&t);
	h = thost(&t);
	host_dockerd_set(h, "userland-proxy", "false", "daemon.json: \"userland-proxy\": false");
	trun_exec(&t, "CIS-2.16");
	CHECK_INT(count_on(&t, "CIS-2.16", "daemon", STATUS_PASS), 1);
	CHECK(strstr(daemon_message(&t, "CIS-2.16", STATUS_PASS),
		     "daemon.json: \"userland-proxy\": false") != NULL);
	trun_release(&t);

	/* Unset everywhere: dockerd's defaults decide (proxy on, log level info, no nnp). */
	trun_init(&t);
	tdaemon(&t);
	thost(&t);
	trun_exec(&t, "CIS-2.*");
	CHECK(has_on(&t, "CIS-2.16", "daemon", "userland-proxy"));
	CHECK(strstr(daemon_message(&t, "CIS-2.16", STATUS_FAIL), "dockerd's default") != NULL);
	CHECK(has_on(&t, "CIS-2.14", "daemon", "no-new-privileges"));
	CHECK_INT(count_on(&t, "CIS-2.3", "daemon", STATUS_PASS), 1);
	CHECK_INT(count_on(&t, "CIS-2.4", "daemon", STATUS_PASS), 1);
	trun_release(&t);

	/* daemon.json unreadable: rows it would decide are errors; a flag still decides. */
	trun_init(&t);
	tdaemon(&t);
	h = thost(&t);
	h->config_error = xstrdup("cannot read '/etc/docker/daemon.json': permission denied");
	host_dockerd_set(h, "userland-proxy", "false", "dockerd --userland-proxy=false");
	trun_exec(&t, "CIS-2.*");
	CHECK_INT(count_on(&t, "CIS-2.14", "daemon", STATUS_ERROR), 1);
	CHECK(strstr(daemon_message(&t, "CIS-2.14", STATUS_ERROR), "permission denied") != NULL);
	CHECK_INT(count_on(&t, "CIS-2.16", "daemon", STATUS_PASS), 1);
	trun_release(&t);

	/* No dockerd process under the host root: its command line is unknown. */
	trun_init(&t);
	tdaemon(&t);
	h = thost(&t);
	h->dockerd_pid = 0;
	trun_exec(&t, "CIS-2.16");
	CHECK_INT(count_on(&t, "CIS-2.16", "daemon", STATUS_SKIP), 1);
	trun_release(&t);
}

/* Targets: host, daemon (display from the facts), one per container. */
TEST(targets)
{
	struct trun t;

	trun_init(&t);
	tdaemon(&t);
	tcontainer(&t, "web");
	trun_exec(&t, "CIS-5.5");
	CHECK_INT(t.run.ntargets, 3);
	CHECK_INT(t.run.targets[0].kind, TARGET_HOST);
	CHECK_INT(t.run.targets[1].kind, TARGET_DAEMON);
	CHECK_STR(t.run.targets[1].name, "daemon");
	CHECK_INT(t.run.targets[2].kind, TARGET_CONTAINER);
	CHECK_STR(t.run.targets[2].name, "web");
	CHECK_STR(t.run.targets[2].display, "web (web012345678)");
	CHECK(t.run.targets[2].container == &t.run.facts.containers[0]);
	trun_release(&t);
}

int main(void)
{
	RUN(section5_fail_and_pass);
	RUN(section5_severities);
	RUN(section5_manual_and_skip);
	RUN(old_api_skips);
	RUN(no_containers);
	RUN(daemon_rows);
	RUN(daemon_rows_from_host);
	RUN(targets);
	return test_done();
}
