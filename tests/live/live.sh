# shellcheck shell=bash
# dockgate daemon against a real private dockerd with planted containers:
# each expected rule fails on its planted container, and a hardened
# container passes everything it can. Fails loudly when dockerd cannot
# start, unless DOCKGATE_SKIP_LIVE=1.
# The daemon reads a daemon.json given with --config-file (icc on,
# live-restore off, userland proxy on, no userns-remap): with the real host
# as host root, section 2 rows name daemon.json as the source. The reports
# of that run must pass the shared validators.
. "$(dirname "$0")/../e2e/lib.sh"
. "$TESTS_DIR/lib/dockerd.sh"
. "$TESTS_DIR/lib/validate.sh"
. "$TESTS_DIR/lib/textreport.sh"

if [ "${DOCKGATE_SKIP_LIVE:-0}" = 1 ]; then
	echo "skip: $0 (DOCKGATE_SKIP_LIVE=1)"
	exit 0
fi
LD=$(mktemp -d /tmp/dg-live.XXXXXX)
trap 'live_stop; rm -rf "$TMP"' EXIT
# The config file lives outside the data directory dockerd owns.
CONF="$TMP/daemon.json"
printf '{\n\t"icc": true,\n\t"live-restore": false,\n\t"userland-proxy": true\n}\n' >"$CONF"
if ! live_start "$LD" --config-file "$CONF"; then
	echo "FAIL: $0: the live daemon tests need a private dockerd (set DOCKGATE_SKIP_LIVE=1 to skip them)" >&2
	exit 1
fi
live_image dg-busybox:1 || { echo "FAIL: cannot import the busybox image" >&2; exit 1; }

run() { live_docker run -d --network none "$@" >/dev/null || fail "docker run $*"; }
create() { live_docker create "$@" >/dev/null || fail "docker create $*"; }
B=dg-busybox:1
create --name privileged --network none --privileged $B
live_docker run -d --name hostns --network host --pid host --ipc host --uts host --userns host $B >/dev/null ||
	fail "docker run hostns"
# Capabilities beyond the machine's own cannot start here; inspect still shows them.
create --name capall --network none --cap-add ALL $B
run --name mounts -v /etc:/host/etc:ro -v "$LD/docker.sock:/var/run/docker.sock" $B
mkdir -p "$LD/shared"
create --name propagation --network none --mount "type=bind,src=$LD/shared,dst=/shared,bind-propagation=rshared" $B
run --name seccomp --security-opt seccomp=unconfined --device /dev/null:/dev/xnull $B
run --name nolimits $B
run --name always --restart always $B
run --name retries --restart on-failure:10 $B
create --name ports -p 80:80 -p 8080:8080 $B
run --name hardened --read-only --memory 64m --cpu-shares 512 --pids-limit 50 \
	--security-opt no-new-privileges --user 1000:1000 --restart on-failure:3 \
	--ulimit nofile=1024:2048 --cap-drop ALL --health-cmd true --health-interval 30s $B

R="$TMP/live"
expect_exit 1 "$DOCKGATE" daemon -H "unix://$LD/docker.sock" --containers all --exec-checks --color never \
	--no-step-summary --json "$R.json" --sarif "$R.sarif" --junit "$R.xml" --markdown "$R.md" \
	--codequality "$R.cq.json"
cp "$TMP/out" "$TMP/report"
# shellcheck disable=SC2034 # read by tests/lib/textreport.sh
REPORT="$TMP/report"

expect_fail "container privileged" CIS-5.5
expect_fail "container hostns" CIS-5.10 CIS-5.16 CIS-5.17 CIS-5.21 CIS-5.31
expect_fail "container capall" CIS-5.4
expect_fail "container mounts" CIS-5.6 CIS-5.32
expect_fail "container propagation" CIS-5.20
expect_fail "container seccomp" CIS-5.22 CIS-5.18
expect_fail "container nolimits" CIS-5.11 CIS-5.12 CIS-5.13 CIS-5.26 CIS-5.27 CIS-5.29
expect_fail "container always" CIS-5.15
expect_fail "container retries" CIS-5.15
expect_fail "container ports" CIS-5.8 CIS-5.14
grep -q "container 'privileged' ([0-9a-f]\{12\}, image 'dg-busybox:1'): HostConfig.Privileged=true" "$TMP/report" ||
	fail "finding names container, short id, image and field"
grep -q "Mounts: daemon socket $LD/docker.sock mounted at /var/run/docker.sock" "$TMP/report" ||
	fail "docker socket finding names the mount"

hard=$(fails_on "container hardened" | tr '\n' ' ')
[ -z "$hard" ] || fail "hardened container fails: $hard"
for id in CIS-5.4 CIS-5.5 CIS-5.6 CIS-5.7 CIS-5.8 CIS-5.10 CIS-5.11 CIS-5.12 CIS-5.13 CIS-5.14 CIS-5.15 \
	CIS-5.16 CIS-5.17 CIS-5.18 CIS-5.19 CIS-5.20 CIS-5.21 CIS-5.22 CIS-5.25 CIS-5.26 CIS-5.27 CIS-5.29 \
	CIS-5.30 CIS-5.31 CIS-5.32; do
	[ "$(status_on "container hardened" "$id")" = PASS ] || fail "$id does not pass on the hardened container ($(status_on "container hardened" "$id"))"
done
grep -q '^\[INFO\] 2 - Docker daemon configuration: daemon Docker ' "$TMP/report" || fail "daemon target"
[ "$(status_on daemon CIS-5.1)" = PASS ] || fail "5.1 passes without swarm"
[ "$(status_on daemon CIS-2.15)" = WARN ] || fail "2.15 fails without live-restore"

# Section 2 from the real host: dockerd's --config-file is found through
# /proc, and the rows that daemon.json decides say so.
row() { jq -r --arg id "$1" '[.findings[] | select(.rule == $id and .target == "daemon")][0] | "\(.status)\t\(.message)"' "$R.json"; }
conf_src="daemon.json ($CONF): "
for want in 'CIS-2.2 "icc": true' 'CIS-2.15 "live-restore": false' 'CIS-2.16 "userland-proxy": true'; do
	id=${want%% *}
	r=$(row "$id")
	[ "${r%%$'\t'*}" = fail ] || fail "$id does not fail on the live daemon: $r"
	case $r in *"$conf_src${want#* }"*) ;; *) fail "$id does not name daemon.json as the source: $r" ;; esac
done
# No userns-remap anywhere: dockerd's default, and /info agrees. A fail, not a skip.
r=$(row CIS-2.9)
[ "${r%%$'\t'*}" = fail ] || fail "CIS-2.9 does not fail without userns-remap: $r"
case $r in *"dockerd's default"*) ;; *) fail "CIS-2.9 does not say the setting is dockerd's default: $r" ;; esac
# The command line sets --iptables=false: the source is the flag.
r=$(row CIS-2.4)
case $r in fail$'\t'*"dockerd --iptables=false"*) ;; *) fail "CIS-2.4 does not fail naming the dockerd flag: $r" ;; esac
jq -e '[.findings[] | select(.target == "host")] | length > 0' "$R.json" >/dev/null || fail "no host rows"
jq -e '.targets | map(.kind) | index("host") != null' "$R.json" >/dev/null || fail "no host target"
validate_reports "live daemon reports" --sarif "$R.sarif" --junit "$R.xml" --markdown "$R.md" \
	--codequality "$R.cq.json"

# Default scope: running containers only.
expect_exit 1 "$DOCKGATE" daemon -H "unix://$LD/docker.sock" --color never
grep -q 'container privileged' "$TMP/out" && fail "created container audited by default"
grep -q 'container hardened' "$TMP/out" || fail "running container audited by default"

# --images streams GET /images/{name}/get into the tarball reader: file checks run.
"$DOCKGATE" daemon -H "unix://$LD/docker.sock" --images dg-busybox:1 --color never >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" = 1 ] || { fail "--images: exit $rc"; sed 's/^/  | /' "$TMP/err" >&2; }
[ ! -s "$TMP/err" ] || fail "--images: errors on stderr: $(head -1 "$TMP/err")"
grep -q '^\[INFO\] 4 - Container Images and Build File: image dg-busybox:1$' "$TMP/out" ||
	fail "--images: streamed image audited"
[ "$(grep -c '^\[INFO\] 4 - ' "$TMP/out")" = 1 ] || fail "--images: only the named image"
# CIS-4.8 needs the merged file table: evaluated (PASS/WARN), not skipped.
grep -Eq '^\[(PASS|WARN)\] CIS-4\.8 ' "$TMP/out" || fail "--images: file checks did not run on the streamed image"

# A stopped daemon: exit 3, one line.
live_stop
expect_exit 3 "$DOCKGATE" daemon -H "unix://$LD/docker.sock"
expect_one_line "stopped daemon"
finish
