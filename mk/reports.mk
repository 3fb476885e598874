# Reports: the Dockerfile mapper for report locations, report unit tests,
# and the end-to-end test that runs the shared validators on every format.
SRCS += src/dockerfile.c
UNIT_TESTS += tests/unit/t_reports
SHELL_TESTS += tests/e2e/reports.sh
