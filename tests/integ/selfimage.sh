# shellcheck shell=bash
# dockgate's own container image on a private dockerd (no registry here):
#  - the base layer stands in for debian:12-slim plus the runtime packages:
#    a busybox-static rootfs with the shared libraries `ldd dockgate` lists
#    and the dynamic loader, made with `docker import`;
#  - tests/integ/selfimage.Dockerfile repeats the real Dockerfile's runtime
#    stage on it (uid 10001 user, COPY, USER, HEALTHCHECK, ENTRYPOINT), built
#    with the classic builder;
#  - the image passes dockgate's own gate with samples/dockgate.yml (issue 7);
#  - run as the README's recipe says (--pid host, / at /host read-only, the
#    daemon socket at /var/run/docker.sock), `daemon --host-root /host`
#    audits the host from inside the container (issue 6).
# Fails when dockerd cannot start, unless DOCKGATE_SKIP_LIVE=1.
. "$(dirname "$0")/../e2e/lib.sh"
. "$TESTS_DIR/lib/dockerd.sh"

if [ "${DOCKGATE_SKIP_LIVE:-0}" = 1 ]; then
	echo "skip: $0 (DOCKGATE_SKIP_LIVE=1)"
	exit 0
fi
LD=$(mktemp -d /tmp/dg-self.XXXXXX)
trap 'live_stop; rm -rf "$TMP"' EXIT
if ! live_start "$LD"; then
	echo "FAIL: $0: needs a private dockerd (set DOCKGATE_SKIP_LIVE=1 to skip)" >&2
	exit 1
fi

# The base layer: busybox-static, dockgate's shared libraries and the loader.
base="$TMP/base"
live_rootfs "$base"
mkdir -p "$base/usr/local/bin" "$base/usr/sbin"
ln -sf ../../bin/busybox "$base/usr/sbin/nologin"
ldd "$DOCKGATE" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u >"$TMP/libs"
[ -s "$TMP/libs" ] || fail "ldd lists no libraries for $DOCKGATE"
while read -r lib; do
	mkdir -p "$base$(dirname "$lib")"
	cp -L "$lib" "$base$lib" || fail "cannot copy $lib"
done <"$TMP/libs"
tar -C "$base" -c . | live_docker import - dgtest/dockgate-base:1 >/dev/null || fail "docker import of the base"

# The runtime stage, from the same context layout as the real build.
ctx="$TMP/ctx"
mkdir -p "$ctx/ci-templates/gitlab"
cp "$DOCKGATE" "$ctx/dockgate"
cp "$ROOT/ci-templates/gitlab/run.sh" "$ctx/ci-templates/gitlab/run.sh"
cp "$TESTS_DIR/integ/selfimage.Dockerfile" "$ctx/Dockerfile"
DOCKER_BUILDKIT=0 live_docker build -q -t dgtest/dockgate:1 "$ctx" >/dev/null 2>"$TMP/build.err" ||
	{ fail "docker build of the dockgate image"; sed 's/^/  | /' "$TMP/build.err" >&2; finish; }

# The image runs: the health check's command works as the image's user.
expect_exit 0 live_docker run --rm --network none dgtest/dockgate:1 version
grep -q '^dockgate ' "$TMP/out" || fail "dockgate version in the image: $(head -1 "$TMP/out")"

# dockgate passes its own gate on its own image, with the repository's policy.
live_docker save dgtest/dockgate:1 -o "$TMP/dockgate.tar" || fail "docker save"
expect_exit 0 "$DOCKGATE" image --policy "$ROOT/samples/dockgate.yml" --color never --no-step-summary \
	--json "$TMP/self.json" "$TMP/dockgate.tar"
if [ -s "$TMP/self.json" ]; then
	jq -r '.findings[] | select(.status == "fail") | "  | \(.rule) \(.severity) gating=\(.gating): \(.message)"' \
		"$TMP/self.json" >"$TMP/fails"
	[ "$(jq -r .exit_code "$TMP/self.json")" = 0 ] || cat "$TMP/fails" >&2
	for id in CIS-4.1 CIS-4.6; do
		[ "$(jq -r --arg id "$id" '[.findings[] | select(.rule == $id) | .status] | unique | join(" ")' "$TMP/self.json")" = pass ] ||
			fail "$id does not pass on dockgate's image"
	done
fi

# The gate has teeth: the bare base layer (root user, no health check) fails it.
live_docker save dgtest/dockgate-base:1 -o "$TMP/base.tar" || fail "docker save of the base"
expect_exit 1 "$DOCKGATE" image --policy "$ROOT/samples/dockgate.yml" --color never --no-step-summary \
	--json "$TMP/base.json" "$TMP/base.tar"
jq -e '[.findings[] | select(.rule == "CIS-4.1" and .status == "fail")] | length == 1' "$TMP/base.json" >/dev/null ||
	fail "the base layer does not fail CIS-4.1"

# As the image's own user (uid 10001) the daemon's socket is out of reach: one clear line, exit 3.
expect_exit 3 live_docker run --rm --network none -v "$LD/docker.sock:/var/run/docker.sock:ro" \
	dgtest/dockgate:1 daemon --host-root none --no-step-summary
grep -q 'permission denied' "$TMP/err" || fail "image user: no permission message ($(head -1 "$TMP/err"))"

# The host audit from a container: the README's recipe (root in the container
# for the socket and root-owned host files), this daemon's socket mounted at
# the default path. dockerd is found through /host/proc by the socket's inode.
expect_exit_in() {
	local got
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	case $got in 0 | 1) ;; *) fail "exit $got, expected 0 or 1: $*"; sed 's/^/  | /' "$TMP/err" | head -5 >&2 ;; esac
}
mkdir -p "$TMP/res"
expect_exit_in live_docker run --rm --network none --pid host --user 0:0 -v /:/host:ro \
	-v "$LD/docker.sock:/var/run/docker.sock:ro" -v "$TMP/res:/res" dgtest/dockgate:1 \
	daemon --host-root /host --no-step-summary --color never --quiet --json /res/host.json
cp "$TMP/res/host.json" "$TMP/host.json" 2>/dev/null
if jq -e . "$TMP/host.json" >/dev/null 2>&1; then
	jq -e '.targets[] | select(.kind == "host") | .display == "host (root /host)"' "$TMP/host.json" >/dev/null ||
		fail "container audit: no host target for /host"
	n=$(jq '[.findings[] | select((.section == 1 or .section == 3) and (.status == "pass" or .status == "fail"))] | length' "$TMP/host.json")
	[ "$n" -ge 10 ] || fail "container audit: only $n section 1/3 rows evaluated"
	# The private daemon's socket, seen as /host$LD/docker.sock, is examined.
	for id in CIS-3.15 CIS-3.16; do
		s=$(jq -r --arg id "$id" '[.findings[] | select(.rule == $id) | .status] | unique | join(" ")' "$TMP/host.json")
		case $s in pass | fail) ;; *) fail "container audit: $id is '$s'" ;; esac
	done
	# Section 2 from dockerd's command line: this dockerd, not another one on the machine.
	jq -e '.findings[] | select(.rule == "CIS-2.4" and .status == "fail") | .message | contains("dockerd --iptables=false")' \
		"$TMP/host.json" >/dev/null || fail "container audit: CIS-2.4 not decided from this dockerd's flags"
else
	fail "container audit: no JSON result ($(head -c 200 "$TMP/err"))"
fi
finish
