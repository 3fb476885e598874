#!/bin/sh
# make demo: audit the bundled samples and show the reports.
set -u
cd "$(dirname "$0")/.."
echo "== dockgate checks"
./dockgate checks | tail -3
