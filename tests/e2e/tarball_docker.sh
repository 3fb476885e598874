#!/bin/bash
# Live: real "docker save" output from a private dockerd (started as
# DESIGN.md says, stopped by its pidfile): an image built with RUN steps that
# delete a private key and empty a directory (whiteouts, opaque dirs), two
# images saved together, compressed and on stdin. Skipped when dockerd,
# docker or busybox is missing or the daemon cannot start here.
. "$(dirname "$0")/lib.sh"

skip() { echo "skip: $0: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "not root"
for t in dockerd docker busybox; do command -v "$t" >/dev/null 2>&1 || skip "no $t"; done

D="$TMP/d"
mkdir -p "$D"
DH="unix://$D/docker.sock"
dk() { docker -H "$DH" "$@"; }
stop_dockerd() {
	if [ -f "$D/docker.pid" ]; then
		pid=$(cat "$D/docker.pid")
		kill "$pid" 2>/dev/null
		for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
	fi
	awk -v d="$D/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$TMP"
}
trap stop_dockerd EXIT
dockerd --data-root "$D/data" --exec-root "$D/exec" --host "$DH" --pidfile "$D/docker.pid" \
	--bridge=none --iptables=false --ip-masq=false >"$D/dockerd.log" 2>&1 &
for _ in $(seq 150); do dk version >/dev/null 2>&1 && break; sleep 0.2; done
dk version >/dev/null 2>&1 || skip "dockerd did not start: $(tail -1 "$D/dockerd.log")"

root="$D/rootfs"
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$D/ctx"
cp "$(command -v busybox)" "$root/bin/busybox"
for a in sh mkdir rm echo true; do ln -s busybox "$root/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$root/etc/group"
tar -C "$root" -c . | dk import - dgtest/base:1 >/dev/null || skip "docker import failed"

cat >"$D/ctx/Dockerfile" <<'DOCKERFILE'
FROM dgtest/base:1
RUN mkdir -p /root/.ssh /var/cache/x && echo '-----BEGIN OPENSSH PRIVATE KEY-----' >/root/.ssh/id_rsa && echo x >/var/cache/x/a
RUN rm /root/.ssh/id_rsa && rm -rf /var/cache/x && mkdir /var/cache/x && echo z >/var/cache/x/b
USER app
HEALTHCHECK CMD true
DOCKERFILE
DOCKER_BUILDKIT=0 dk build -q -t dgtest/app:1 "$D/ctx" >/dev/null 2>"$D/build.err" || skip "docker build failed: $(tail -1 "$D/build.err")"
dk save dgtest/app:1 -o "$TMP/app.tar" || skip "docker save failed"
dk save dgtest/app:1 dgtest/base:1 -o "$TMP/both.tar" || skip "docker save failed"

"$DOCKGATE" checks --format json >"$TMP/catalog.json"
has() { grep -q "\"id\": \"$1\"" "$TMP/catalog.json"; }

# The deleted key is still shipped (DG-IMG-001, critical); all else passes.
expect_exit 0 "$DOCKGATE" image --exclude DG-IMG-001 "$TMP/app.tar"
grep -q 'image dgtest/app:1' "$TMP/out" || fail "app: no target"
grep -q '^\[PASS\] CIS-4.1 ' "$TMP/out" || fail "app: CIS-4.1 not passed"
if has DG-IMG-001; then
	"$DOCKGATE" image --fail-on critical "$TMP/app.tar" >"$TMP/out" 2>&1
	grep -q '^\[WARN\] DG-IMG-001 ' "$TMP/out" || fail "app: deleted key not reported"
fi
if has CIS-4.10; then
	grep -q '^\[WARN\] CIS-4.10 ' "$TMP/out" && fail "app: deleted key reported as present"
fi

gzip -c "$TMP/app.tar" >"$TMP/app.tar.gz"
"$DOCKGATE" image --exclude DG-IMG-001 - <"$TMP/app.tar.gz" >"$TMP/out" 2>"$TMP/err" || fail "stdin gz: exit $?"
[ -s "$TMP/err" ] && fail "stdin gz: $(head -1 "$TMP/err")"

# Two images, the base layer shared: base runs as root.
expect_exit 1 "$DOCKGATE" image "$TMP/both.tar"
grep -q 'image dgtest/app:1' "$TMP/out" || fail "both: no app"
grep -q 'image dgtest/base:1' "$TMP/out" || fail "both: no base"
grep -q '^\[WARN\] CIS-4.1 ' "$TMP/out" || fail "both: base not flagged as root"
finish
