#!/bin/sh
# Report writers: time each format on 50,000 findings (10 image targets)
# against a floor of writing the same SARIF bytes with a single fwrite.
set -eu
cd "$(dirname "$0")/../.."
make --no-print-directory build/tests/unit/t_reports >/dev/null
DOCKGATE_BENCH=${DOCKGATE_BENCH:-50000} build/tests/unit/t_reports
