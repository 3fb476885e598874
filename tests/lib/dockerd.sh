# shellcheck shell=bash
# A private dockerd for live tests and benchmarks, started as DESIGN.md says
# (own data/exec roots, bridge off, no iptables) and stopped by its pidfile.
# Shared by tests/live/live.sh, tests/e2e/tarball_docker.sh,
# tests/integ/selfimage.sh and tests/bench/daemon.sh.
#   live_start DIR [ARGS...]  start it with more dockerd ARGS; sets DH (unix://DIR/docker.sock)
#   live_rootfs DIR           a busybox-static root filesystem in DIR
#   live_image NAME           docker import that rootfs as NAME
#   live_docker ARGS...       docker against the private daemon
#   live_stop                 remove containers, stop dockerd by its pidfile
# live_start says why on stderr and returns 1 when it cannot start.

LIVE_DIR=""

live_docker() {
	docker -H "$DH" "$@"
}

live_start() {
	LIVE_DIR=$1
	shift
	DH="unix://$LIVE_DIR/docker.sock"
	if [ "$(id -u)" != 0 ]; then
		echo "cannot start a private dockerd: not root" >&2
		return 1
	fi
	for tool in dockerd docker busybox curl; do
		if ! command -v "$tool" >/dev/null 2>&1 && ! [ -x /bin/$tool ]; then
			echo "cannot start a private dockerd: '$tool' is not installed (make deps)" >&2
			return 1
		fi
	done
	mkdir -p "$LIVE_DIR"
	dockerd --data-root "$LIVE_DIR/data" --exec-root "$LIVE_DIR/exec" --host "$DH" \
		--pidfile "$LIVE_DIR/docker.pid" --bridge=none --iptables=false --ip-masq=false "$@" \
		>"$LIVE_DIR/dockerd.log" 2>&1 &
	for _ in $(seq 150); do
		if [ -S "$LIVE_DIR/docker.sock" ] &&
			curl -sf --unix-socket "$LIVE_DIR/docker.sock" http://x/_ping >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.2
	done
	echo "cannot start a private dockerd: no answer after 30 s; its log ends with:" >&2
	tail -5 "$LIVE_DIR/dockerd.log" >&2
	return 1
}

live_rootfs() {
	local root=$1 bb
	bb=$(command -v busybox || echo /bin/busybox)
	mkdir -p "$root/bin" "$root/etc" "$root/tmp"
	cp "$bb" "$root/bin/busybox"
	for a in sh sleep ps true cat id mkdir rm echo; do ln -sf busybox "$root/bin/$a"; done
	printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/tmp:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\napp:x:1000:\n' >"$root/etc/group"
}

live_image() {
	live_rootfs "$LIVE_DIR/rootfs"
	tar -C "$LIVE_DIR/rootfs" -c . | live_docker import -c 'CMD ["sleep", "3600"]' - "$1" >/dev/null
}

live_stop() {
	local pid ids
	[ -n "$LIVE_DIR" ] || return 0
	if [ -S "$LIVE_DIR/docker.sock" ]; then
		ids=$(live_docker ps -aq 2>/dev/null)
		# shellcheck disable=SC2086
		[ -z "$ids" ] || live_docker rm -f $ids >/dev/null 2>&1
	fi
	if [ -f "$LIVE_DIR/docker.pid" ]; then
		pid=$(cat "$LIVE_DIR/docker.pid")
		kill "$pid" 2>/dev/null
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
	fi
	# dockerd leaves its default network namespace mounted under the exec root.
	awk -v d="$LIVE_DIR/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$LIVE_DIR" 2>/dev/null
	LIVE_DIR=""
}
