#!/bin/sh
# Image checks on a large synthetic image, against the floor measured in the same run.
set -eu
cd "$(dirname "$0")/../.."
make --no-print-directory build/libdockgate.a >/dev/null
cc -O2 -std=c11 -Iinclude -Itests/unit -o build/bench_image_checks tests/bench/image_checks.c \
	build/libdockgate.a $(pkg-config --libs libarchive json-c libcurl libxml-2.0 yaml-0.1)
build/bench_image_checks "${BENCH_IMAGE_FILES:-200000}"
