#!/bin/sh
# make bench: "dockgate image" on a large generated tarball (>= 500 MB,
# >= 150k files, 6 layers, every second one gzip) against a floor measured
# in the same run: stream the outer tar to each layer and list it with tar -t.
# Prints both times, the ratio (target <= 1.5) and dockgate's peak RSS
# (target <= 150 MB).
set -eu
cd "$(dirname "$0")/../.."
DIR=$(mktemp -d "${TMPDIR:-/tmp}/dockgate-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
IMG="$DIR/big.tar"

echo "bench tarball: generating $IMG"
python3 tests/fixtures/gen.py big -o "$IMG" --files 150000 --layers 6 --bytes $((640 * 1024 * 1024)) --gzip-every 2
size=$(stat -c %s "$IMG")
echo "bench tarball: $((size / 1000 / 1000)) MB stored, 150000 files, 6 layers (3 gzip)"
# Warm the page cache so both sides read from memory.
cat "$IMG" >/dev/null

now() { date +%s.%N; }

floor_start=$(now)
for layer in $(tar -tf "$IMG" | grep '^blobs/sha256/'); do
	# gzip -dcf decompresses gzip layers and passes plain ones through.
	tar -xOf "$IMG" --occurrence=1 "$layer" | gzip -dcf | tar -tf - >/dev/null 2>&1 || true
done
floor_end=$(now)

# A stricter floor without the outer read: layers extracted beforehand (not
# timed), then only decompress and list each one.
mkdir "$DIR/layers"
tar -C "$DIR/layers" -xf "$IMG" blobs
strict_start=$(now)
for f in "$DIR"/layers/blobs/sha256/*; do
	gzip -dcf "$f" | tar -tf - >/dev/null 2>&1 || true
done
strict_end=$(now)
rm -rf "$DIR/layers"

/usr/bin/time -f "%e %M" -o "$DIR/time" ./dockgate image --quiet "$IMG" >/dev/null 2>"$DIR/err" || rc=$?
rc=${rc:-0}
if [ "$rc" -gt 1 ]; then
	echo "bench tarball: dockgate exited $rc:" >&2
	cat "$DIR/err" >&2
	exit 1
fi
read -r dg_time dg_rss_kb <"$DIR/time"
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print a - b }'; }
awk -v f="$(elapsed "$floor_end" "$floor_start")" -v s="$(elapsed "$strict_end" "$strict_start")" \
	-v d="$dg_time" -v r="$dg_rss_kb" 'BEGIN {
	printf "bench tarball: floor (tar -x | tar -t per layer)  %.2f s\n", f
	printf "bench tarball: strict floor (tar -t on layers)    %.2f s\n", s
	printf "bench tarball: dockgate image                     %.2f s\n", d
	printf "bench tarball: ratio %.2f (strict %.2f; target <= 1.5), peak RSS %.1f MB (target <= 150)\n", d / f, d / s, r / 1024
}'
