# Shared helpers for the end-to-end tests. Source it; $DOCKGATE is the binary.
set -u
: "${DOCKGATE:?set DOCKGATE to the dockgate binary}"
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$TESTS_DIR/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dockgate-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FAILS=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }

# expect_exit CODE CMD... : run CMD, compare its exit code.
expect_exit() {
	local want=$1; shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "exit $got, expected $want: $*"
		sed 's/^/  | /' "$TMP/err" | head -5 >&2
	fi
}

# expect_one_line: the last command's stderr is exactly one line.
expect_one_line() {
	local n
	n=$(wc -l <"$TMP/err")
	[ "$n" = 1 ] || { fail "stderr has $n lines, expected 1: $*"; sed 's/^/  | /' "$TMP/err" | head -5 >&2; }
}

finish() {
	if [ "$FAILS" -gt 0 ]; then
		echo "$FAILS failure(s) in $0" >&2
		exit 1
	fi
	echo "ok: $0"
	exit 0
}
