/*
 * t_host_live.c - the host source against a real private dockerd started
 * with --config-file: its command line is read from /proc and the
 * daemon.json it was given shows up as the source of icc, live-restore and
 * userland-proxy. Skips (exit 0) unless run as root with dockerd on PATH.
 */
#include "test.h"
#include "facts_host.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/dg-hostlive.XXXXXX";
static pid_t dockerd = -1;

/* Start dockerd the way DESIGN.md asks, with our daemon.json; 0 when its socket is up. */
static int dockerd_start(const char *config)
{
	char *sock = xstrfmt("%s/docker.sock", dir);
	char *log = xstrfmt("%s/dockerd.log", dir);
	int ret = -1;

	dockerd = fork();
	if (dockerd == 0) {
		char *data = xstrfmt("%s/data", dir), *exec = xstrfmt("%s/exec", dir);
		char *host = xstrfmt("unix://%s", sock), *pidfile = xstrfmt("%s/docker.pid", dir);
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execlp("dockerd", "dockerd", "--config-file", config, "--data-root", data,
		       "--exec-root", exec, "--host", host, "--pidfile", pidfile, "--bridge=none",
		       "--iptables=false", "--ip-masq=false", (char *)NULL);
		_exit(127);
	}
	/* Wait for the socket (up to 60 s); stop early if dockerd exits. */
	for (int i = 0; i < 600 && dockerd > 0; i++) {
		struct stat st;
		int status;

		if (stat(sock, &st) == 0 && S_ISSOCK(st.st_mode)) {
			ret = 0;
			break;
		}
		if (waitpid(dockerd, &status, WNOHANG) == dockerd) {
			fprintf(stderr, "dockerd exited early; see %s\n", log);
			dockerd = -1;
			break;
		}
		usleep(100 * 1000);
	}
	free(sock);
	free(log);
	return ret;
}

/* Stop our dockerd by its pid (from the pidfile when written). */
static void dockerd_stop(void)
{
	char *pidfile = xstrfmt("%s/docker.pid", dir);
	FILE *fp = fopen(pidfile, "r");
	long pid = dockerd;
	int status;

	if (fp) {
		if (fscanf(fp, "%ld", &pid) != 1)
			pid = dockerd;
		fclose(fp);
	}
	free(pidfile);
	if (dockerd <= 0 || pid != dockerd)
		return;
	kill(dockerd, SIGTERM);
	for (int i = 0; i < 300; i++) {
		if (waitpid(dockerd, &status, WNOHANG) == dockerd) {
			dockerd = -1;
			return;
		}
		usleep(100 * 1000);
	}
	kill(dockerd, SIGKILL);
	waitpid(dockerd, &status, 0);
	dockerd = -1;
}

TEST(live_config_file_provenance)
{
	char *config = xstrfmt("%s/daemon.json", dir);
	char *sock = xstrfmt("%s/docker.sock", dir);
	char *data = xstrfmt("%s/data", dir);
	struct host_options o = { 0 };
	struct host_facts *h = NULL;
	struct errbuf err;
	FILE *fp = fopen(config, "w");
	const char *v, *s;

	CHECK(fp != NULL);
	if (!fp)
		return;
	fputs("{\n  \"icc\": true,\n  \"live-restore\": false,\n  \"userland-proxy\": true\n}\n",
	      fp);
	fclose(fp);
	chmod(config, 0644);
	if (dockerd_start(config) < 0) {
		CHECK(!"dockerd did not start");
		goto out;
	}
	o.dockerd_pid = dockerd;
	CHECK(source_host_read(&h, "/", &o, &err) == 0);
	if (!h)
		goto out;
	CHECK_INT(h->dockerd_pid, dockerd);
	CHECK_STR(h->config_path, config);
	CHECK(host_dockerd_config_error(h) == NULL);
	CHECK(host_dockerd_option(h, "icc", &v, &s));
	CHECK_STR(v, "true");
	CHECK(s && !strncmp(s, "daemon.json (", 13) && strstr(s, "\"icc\": true"));
	CHECK(host_dockerd_option(h, "live-restore", &v, &s));
	CHECK_STR(v, "false");
	CHECK(s && !strncmp(s, "daemon.json", 11));
	CHECK(host_dockerd_option(h, "userland-proxy", &v, &s));
	CHECK_STR(v, "true");
	CHECK(s && !strncmp(s, "daemon.json", 11));
	CHECK(!host_dockerd_option(h, "userns-remap", &v, &s));
	CHECK(host_dockerd_option(h, "iptables", &v, &s));
	CHECK_STR(v, "false");
	CHECK_STR(s, "dockerd --iptables=false");
	CHECK(host_dockerd_option(h, "data-root", &v, NULL));
	CHECK_STR(v, data);
	CHECK_STR(h->files[HF_DATA_ROOT].path, data);
	CHECK_INT(h->docker_sockets.n, 1);
	if (h->docker_sockets.n) {
		CHECK_STR(h->docker_sockets.v[0].path, sock);
		CHECK_INT(h->docker_sockets.v[0].state, HOST_FILE_PRESENT);
	}
	CHECK_STR(h->files[HF_DAEMON_JSON].path, config);
	CHECK_INT(h->files[HF_DAEMON_JSON].mode, 0644);
	host_facts_free(h);
out:
	dockerd_stop();
	free(config);
	free(sock);
	free(data);
}

int main(void)
{
	if (geteuid() != 0 || system("command -v dockerd >/dev/null 2>&1") != 0) {
		printf("skip: needs root and dockerd\n");
		return 0;
	}
	if (!mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	RUN(live_config_file_provenance);
	dockerd_stop();
	{
		/* dockerd bind-mounts its data root onto itself; a quick stop may leave it. */
		char *cmd = xstrfmt(
			"if grep -q ' %s/data ' /proc/self/mounts; then umount %s/data; fi; rm -rf %s",
			dir, dir, dir);

		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", dir);
		free(cmd);
	}
	return test_done();
}
