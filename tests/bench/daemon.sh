#!/bin/sh
# make bench / make bench-daemon: time `dockgate daemon` on a private dockerd
# with N running `sleep` containers (N = 50, 200) against the serial floor:
# one curl process doing the same list + one inspect per container over one
# connection. Prints both (best of 5) and their ratio.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DOCKGATE=${DOCKGATE:-$ROOT/dockgate}
. "$ROOT/tests/lib/dockerd.sh"

if [ "${DOCKGATE_SKIP_LIVE:-0}" = 1 ]; then
	echo "bench daemon: skipped (DOCKGATE_SKIP_LIVE=1)"
	exit 0
fi
LD=$(mktemp -d /tmp/dg-bench.XXXXXX)
trap 'live_stop' EXIT INT TERM
live_start "$LD"
live_image dg-busybox:1
SOCK="$LD/docker.sock"
API=$(curl -s --unix-socket "$SOCK" http://x/version | sed 's/.*"ApiVersion":"\([0-9.]*\)".*/\1/')

now_ms() {
	date +%s%N | cut -c1-13
}

# best_of5 CMD...: the fastest of 5 runs, in milliseconds.
best_of5() {
	best=""
	for _ in 1 2 3 4 5; do
		t0=$(now_ms)
		"$@" >/dev/null 2>&1 || true
		t1=$(now_ms)
		d=$((t1 - t0))
		if [ -z "$best" ] || [ "$d" -lt "$best" ]; then best=$d; fi
	done
	echo "$best"
}

serial_floor() {
	ids=$(curl -s --unix-socket "$SOCK" "http://x/v$API/containers/json" | grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4)
	urls="http://x/v$API/containers/json"
	for id in $ids; do urls="$urls http://x/v$API/containers/$id/json"; done
	# shellcheck disable=SC2086
	curl -s --unix-socket "$SOCK" $urls >/dev/null
}

have=0
for N in 50 200; do
	seq $((have + 1)) "$N" | xargs -P 8 -I{} docker -H "$DH" run -d --network none --name "s{}" \
		dg-busybox:1 sleep 3600 >/dev/null
	have=$N
	running=$(curl -s --unix-socket "$SOCK" "http://x/v$API/containers/json" | grep -o '"Id"' | wc -l)
	dg=$(best_of5 "$DOCKGATE" daemon -H "unix://$SOCK" --quiet)
	floor=$(best_of5 serial_floor)
	ratio=$(awk -v a="$dg" -v b="$floor" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	echo "bench daemon: N=$N ($running running): dockgate daemon ${dg} ms, serial curl floor ${floor} ms, ratio ${ratio}"
done
