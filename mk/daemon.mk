# dockgate daemon: Engine API source, section 2/5/6/7 checks, mock and live tests.
SRCS += src/source_daemon.c src/source_daemon_json.c src/daemon_client.c
UNIT_TESTS += tests/unit/t_daemon_checks
SHELL_TESTS += tests/mock-daemon/mock.sh tests/live/live.sh

# This file is read before the Makefile's own rules: keep 'all' the default goal.
all:

bench-daemon: all
	@sh tests/bench/daemon.sh

.PHONY: bench-daemon
