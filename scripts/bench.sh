#!/bin/sh
# make bench: benchmarks (filled in by each area).
set -eu
cd "$(dirname "$0")/.."
for b in tests/bench/*.sh; do
	[ -e "$b" ] || continue
	sh "$b"
done
