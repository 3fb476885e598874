# shellcheck shell=bash
# Start and stop the mock Engine API (server.py) on $SOCK. Source after
# tests/e2e/lib.sh; set SOCK first.
#   start_mock ARGS...   (re)start the server with ARGS, wait for its socket;
#                        requests go to $TMP/requests.log
#   stop_mock
SERVER="$TESTS_DIR/mock-daemon/server.py"
MOCK_PID=""

stop_mock() {
	if [ -n "$MOCK_PID" ]; then
		kill "$MOCK_PID" 2>/dev/null
		wait "$MOCK_PID" 2>/dev/null
		MOCK_PID=""
	fi
	rm -f "$SOCK"
}

start_mock() {
	stop_mock
	: >"$TMP/requests.log"
	python3 "$SERVER" "$SOCK" --log "$TMP/requests.log" "$@" &
	MOCK_PID=$!
	for _ in $(seq 100); do
		[ -S "$SOCK" ] && return 0
		sleep 0.05
	done
	fail "mock server did not start: $*"
}
