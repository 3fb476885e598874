#!/bin/sh
# make demo: audit the bundled sample tarballs (made by tests/fixtures/gen.py,
# see samples/README.md) and show the terminal report, then the other
# report formats this build can write.
set -u
cd "$(dirname "$0")/.."
OUT=$(mktemp -d "${TMPDIR:-/tmp}/dockgate-demo.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

echo "== dockgate checks"
./dockgate checks | tail -3

for s in samples/clean.tar samples/multi-oci.tar.zst samples/bad.tar.gz; do
	echo
	echo "== dockgate image --color never $s"
	./dockgate image --color never "$s"
	echo "(exit $?)"
done

echo
echo "== the same from stdin: zstd -dc samples/multi-oci.tar.zst | dockgate image --quiet -"
zstd -dc samples/multi-oci.tar.zst | ./dockgate image --quiet --color never -
echo "(exit $?)"

# Report files, when this build offers them.
help=$(./dockgate image --help 2>&1)
args=""
for pair in sarif:sarif junit:junit.xml markdown:md json:json codequality:codequality.json; do
	fmt=${pair%%:*}
	case $help in
	*"--$fmt "*) args="$args --$fmt $OUT/report.${pair#*:}" ;;
	esac
done
if [ -n "$args" ]; then
	echo
	echo "== dockgate image --quiet$(echo "$args" | sed "s|$OUT/||g") samples/bad.tar.gz"
	# shellcheck disable=SC2086
	./dockgate image --quiet --color never $args samples/bad.tar.gz
	echo "(exit $?)"
	ls -l "$OUT"
	if [ -s "$OUT/report.md" ]; then
		echo
		echo "== report.md"
		cat "$OUT/report.md"
	fi
fi
exit 0
