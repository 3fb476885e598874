# shellcheck shell=bash
# dockgate daemon against a mock Engine API (tests/mock-daemon/server.py):
# the checks on planted containers, API versions, Podman, Swarm, and every
# fault: socket absent, connection refused, no answer, HTTP 500, truncated
# and invalid JSON, a 100 MB answer, a container removed mid-audit.
. "$(dirname "$0")/../e2e/lib.sh"

SOCK="$TMP/mock.sock"
. "$TESTS_DIR/mock-daemon/lib.sh"
. "$TESTS_DIR/lib/textreport.sh"
trap 'stop_mock; rm -rf "$TMP"' EXIT

# run_dg EXPECTED_EXIT ARGS...: dockgate daemon against the mock.
run_dg() {
	local want=$1
	shift
	expect_exit "$want" timeout 60 "$DOCKGATE" daemon -H "unix://$SOCK" --color never "$@"
}

# --- planted containers ------------------------------------------------------
start_mock
run_dg 1 --containers all
expect_fail "container privileged" CIS-5.5
expect_fail "container hostns" CIS-5.10 CIS-5.16 CIS-5.17 CIS-5.21 CIS-5.31
expect_fail "container capall" CIS-5.4
expect_fail "container mounts" CIS-5.6 CIS-5.20 CIS-5.32
expect_fail "container seccomp" CIS-5.8 CIS-5.14 CIS-5.15 CIS-5.18 CIS-5.22 CIS-5.25 CIS-5.23 CIS-5.24
for c in privileged hostns capall mounts seccomp; do
	expect_fail "container $c" CIS-5.11 CIS-5.12 CIS-5.13 CIS-5.26 CIS-5.27 CIS-5.29
done
[ -z "$(fails_on "container hardened")" ] || fail "hardened container fails: $(fails_on "container hardened" | tr '\n' ' ')"
for id in CIS-5.4 CIS-5.5 CIS-5.6 CIS-5.10 CIS-5.11 CIS-5.13 CIS-5.16 CIS-5.17 CIS-5.22 CIS-5.26 CIS-5.29 CIS-5.32; do
	[ "$(status_on "container hardened" "$id")" = PASS ] || fail "$id does not pass on the hardened container"
done
expect_fail daemon CIS-2.5 CIS-2.9 CIS-2.12 CIS-2.13 CIS-2.15
[ "$(status_on daemon CIS-7.1)" = INFO ] || fail "swarm rows skip when swarm is inactive"
grep -q 'HostConfig.Privileged=true' "$TMP/out" || fail "finding names the field"
grep -q "container 'mounts' (050505050505, image 'bb:1'): Mounts: daemon socket /var/run/docker.sock" "$TMP/out" ||
	fail "finding names container, short id, image, mount"
# One pass: every endpoint once, each container inspected once.
for ep in /_ping /v1.41/version /v1.41/info /v1.41/containers/json?all=1 /v1.41/images/json /v1.41/networks /v1.41/plugins; do
	[ "$(grep -cxF "$ep" "$TMP/requests.log")" = 1 ] || fail "$ep not requested exactly once"
done
[ "$(grep -c '^/v1.41/containers/[0-9a-f]*/json$' "$TMP/requests.log")" = 6 ] || fail "6 container inspections"
grep -q '/top$' "$TMP/requests.log" && fail "process lists read without --exec-checks"

# Default: running containers only (the created privileged one is left out).
run_dg 1
grep -q 'container privileged' "$TMP/out" && fail "created container audited without --containers all"
grep -q 'container hardened' "$TMP/out" || fail "running container audited"

# --exec-checks: sshd found through the process list.
run_dg 0 --exec-checks --include 5.7
[ "$(status_on "container mounts" CIS-5.7)" = WARN ] || fail "5.7 fails with sshd running"
[ "$(status_on "container hardened" CIS-5.7)" = PASS ] || fail "5.7 passes without sshd"

# DOCKER_HOST is used without -H.
DOCKER_HOST="unix://$SOCK" expect_exit 0 "$DOCKGATE" daemon --include 2.6
grep -q "^\[PASS\] CIS-2.6" "$TMP/out" || fail "DOCKER_HOST honoured"

# Permission denied (as an unprivileged user): one line suggesting the docker group.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$TMP"
	chmod 700 "$SOCK"
	expect_exit 3 setpriv --reuid=65534 --regid=65534 --clear-groups "$DOCKGATE" daemon -H "unix://$SOCK"
	expect_one_line "permission denied"
	grep -q "permission denied connecting .*'docker' group or run with sudo" "$TMP/err" || fail "permission message"
	chmod 700 "$TMP"
fi

# Rootless: without -H and DOCKER_HOST, $XDG_RUNTIME_DIR/docker.sock when the default is absent.
if [ ! -e /var/run/docker.sock ]; then
	mkdir -p "$TMP/xdg"
	stop_mock
	SOCK="$TMP/xdg/docker.sock"
	start_mock
	env -u DOCKER_HOST XDG_RUNTIME_DIR="$TMP/xdg" "$DOCKGATE" daemon --color never >"$TMP/out" 2>"$TMP/err"
	grep -q "at unix://$TMP/xdg/docker.sock" "$TMP/out" || fail "rootless socket found"
	stop_mock
	SOCK="$TMP/mock.sock"
fi

# --- API versions ---------------------------------------------------------------
start_mock --api 1.22
run_dg 1 --containers all
grep -q '^/v1.22/info$' "$TMP/requests.log" || fail "old API: versioned paths use 1.22"
for id in CIS-5.27 CIS-5.29 CIS-5.31; do
	[ "$(status_on "container hostns" "$id")" = INFO ] || fail "old API: $id skipped"
done
grep -q 'older than 1.24' "$TMP/out" || fail "old API: skip names the version"

start_mock --api 1.99
run_dg 1
grep -q '^/v1.45/info$' "$TMP/requests.log" || fail "newer API: capped at 1.45"

start_mock --api 1.20
run_dg 3
expect_one_line "API too old"
grep -q 'older than 1.22' "$TMP/err" || fail "too old API message"

start_mock --scenario podman
run_dg 1
grep -q 'daemon Podman 4.3.1' "$TMP/out" || fail "Podman named in the report"

start_mock --scenario swarm
run_dg 1
expect_fail daemon CIS-5.1 CIS-7.1 CIS-7.3 CIS-7.5
[ "$(status_on daemon CIS-7.4)" = PASS ] || fail "7.4 passes with secrets"
[ "$(status_on daemon CIS-7.7)" = PASS ] || fail "7.7 passes with 90-day certs"
grep -q "overlay network 'ingress'" "$TMP/out" || fail "7.3 names the network"
grep -q "overlay network 'secure'" "$TMP/out" && fail "7.3 passes encrypted networks"
grep -qx '/v1.41/nodes' "$TMP/requests.log" || fail "swarm endpoints read"

# --- faults ---------------------------------------------------------------------
stop_mock
run_dg 3
expect_one_line "socket absent"
grep -q 'socket does not exist' "$TMP/err" || fail "socket absent message"

python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.close()' "$SOCK"
run_dg 3
expect_one_line "connection refused"
grep -q 'connection refused' "$TMP/err" || fail "connection refused message"
rm -f "$SOCK"

start_mock --fault hang
run_dg 3 --timeout 1
expect_one_line "no answer"
grep -q 'no answer within 1 s' "$TMP/err" || fail "timeout message"

start_mock --fault http500
run_dg 3
expect_one_line "http 500"
grep -q 'HTTP 500 to GET /v1.41/info: boom' "$TMP/err" || fail "http 500 message names status, endpoint, message"

start_mock --fault truncated
run_dg 3
expect_one_line "truncated"
grep -q 'GET /v1.41/info:1:61: invalid JSON' "$TMP/err" || fail "truncated JSON message with position"

start_mock --fault invalid
run_dg 3
expect_one_line "invalid"
grep -q 'GET /v1.41/containers/json?all=1:1:.*invalid JSON' "$TMP/err" || fail "invalid JSON message"

start_mock --fault huge
run_dg 3
expect_one_line "huge"
grep -q 'larger than 64 MiB' "$TMP/err" || fail "size cap message"

start_mock --fault vanish
run_dg 1 --containers all
grep -q "note: container '636363636363' was removed during the audit" "$TMP/err" || fail "vanished container noted"
grep -q 'container ghost' "$TMP/out" && fail "vanished container audited"
grep -q 'container hardened' "$TMP/out" || fail "others audited after a vanished one"

start_mock --fault item500
run_dg 3 --containers all
expect_one_line "one container fails"
grep -q "container '636363636363'.*HTTP 500" "$TMP/err" || fail "per-container error names it"
grep -q 'container hardened' "$TMP/out" || fail "others audited after a failed one"
grep -q '^Verdict: INCOMPLETE' "$TMP/out" || fail "verdict incomplete"

# --- TCP and TLS -----------------------------------------------------------------
# start_tcp ARGS...: the mock on 127.0.0.1; sets PORT.
start_tcp() {
	stop_mock
	rm -f "$TMP/port"
	python3 "$SERVER" "$SOCK" --tcp "$TMP/port" "$@" &
	# shellcheck disable=SC2034 # stopped by stop_mock (tests/mock-daemon/lib.sh)
	MOCK_PID=$!
	for _ in $(seq 100); do
		[ -s "$TMP/port" ] && break
		sleep 0.05
	done
	PORT=$(cat "$TMP/port" 2>/dev/null)
	[ -n "$PORT" ] || fail "tcp mock server did not start"
}
start_tcp
expect_exit 1 "$DOCKGATE" daemon -H "tcp://127.0.0.1:$PORT" --color never --include 2.7
grep -q 'answered plain HTTP at tcp://127.0.0.1' "$TMP/out" || fail "2.7 fails on plain TCP"
# A remote daemon's host is not ours to read: --host-root defaults to none.
expect_exit 0 "$DOCKGATE" daemon -H "tcp://127.0.0.1:$PORT" --no-policy --json "$TMP/tcp.json" --include '3.*'
[ "$(jq -r '[.findings[] | select(.section == 3) | .status] | unique | join(" ")' "$TMP/tcp.json")" = skip ] ||
	fail "remote daemon: host rows not skipped"

C="$TMP/certs"
mkdir -p "$C"
(
	cd "$C" || exit 1
	ec() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "$@"; }
	ec -x509 -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=dg-test-ca &&
		ec -keyout server-key.pem -out server.csr -subj /CN=localhost &&
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >ext &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem \
			-days 2 -extfile ext &&
		ec -keyout key.pem -out client.csr -subj /CN=client &&
		openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 2
) >/dev/null 2>&1 || fail "cannot make test certificates"
start_tcp --tls-cert "$C/server.pem" --tls-key "$C/server-key.pem" --tls-ca "$C/ca.pem"
expect_exit 0 "$DOCKGATE" daemon -H "tcp://127.0.0.1:$PORT" --tlsverify --tlscacert "$C/ca.pem" \
	--tlscert "$C/cert.pem" --tlskey "$C/key.pem" --color never --include 2.7
grep -q '^\[PASS\] CIS-2.7' "$TMP/out" || fail "2.7 passes over verified TLS"
DOCKER_HOST="tcp://127.0.0.1:$PORT" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$C" \
	expect_exit 0 "$DOCKGATE" daemon --color never --include 2.7
grep -q "daemon Docker 24.0.7 (API 1.41) at tcp://127.0.0.1:$PORT" "$TMP/out" || fail "DOCKER_CERT_PATH and DOCKER_TLS_VERIFY"
# A CA that did not sign the server: refused, one line.
expect_exit 3 "$DOCKGATE" daemon -H "tcp://127.0.0.1:$PORT" --tlsverify --tlscacert "$C/cert.pem" \
	--tlscert "$C/cert.pem" --tlskey "$C/key.pem"
expect_one_line "untrusted server certificate"
# No client certificate: the server refuses the handshake.
expect_exit 3 "$DOCKGATE" daemon -H "tcp://127.0.0.1:$PORT" --tlsverify --tlscacert "$C/ca.pem"
expect_one_line "no client certificate"

expect_exit 2 "$DOCKGATE" daemon -H "ftp://x" --containers all
expect_exit 2 "$DOCKGATE" daemon --containers some
stop_mock
finish
