#!/bin/bash
# End-to-end: "dockgate image" on tarballs made by tests/fixtures/gen.py, in
# every layout, compressed, on stdin, several images per file; the clean
# sample passes (0) and the bad sample fails (1) on the checks it targets.
. "$(dirname "$0")/lib.sh"
# The system interpreter starts faster than a version-manager shim.
PY=${PYTHON:-python3}
[ -z "${PYTHON:-}" ] && [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
GEN="$PY $ROOT/tests/fixtures/gen.py"

for layout in legacy docker25 oci; do
	for comp in none gzip zstd; do
		f="$TMP/clean-$layout-$comp.tar"
		$GEN image -o "$f" --layout "$layout" --layers "$comp" clean || fail "gen $f"
		expect_exit 0 "$DOCKGATE" image "$f"
		grep -q '^\[INFO\] 4 .*image dockgate-sample/clean:1.0' "$TMP/out" || fail "no clean target: $f"
	done
done

# Whole file compressed, manifest first, and on stdin.
$GEN image -o "$TMP/clean.tar.gz" --layout docker25 --layers gzip --outer gz clean || fail gen
$GEN image -o "$TMP/clean.tar.zst" --layout oci --outer zst --manifest-first clean || fail gen
expect_exit 0 "$DOCKGATE" image "$TMP/clean.tar.gz"
expect_exit 0 "$DOCKGATE" image "$TMP/clean.tar.zst"
"$DOCKGATE" image - <"$TMP/clean.tar.gz" >"$TMP/out" 2>"$TMP/err"
[ $? = 0 ] || fail "stdin: exit $?"
grep -q 'image dockgate-sample/clean:1.0' "$TMP/out" || fail "stdin: no target"
[ -s "$TMP/err" ] && fail "stdin: stderr not empty"

# Several images in one tarball: one target each.
for layout in legacy docker25 oci; do
	$GEN image -o "$TMP/multi-$layout.tar" --layout "$layout" --layers gzip multi || fail gen
	expect_exit 0 "$DOCKGATE" image "$TMP/multi-$layout.tar"
	grep -q 'image dockgate-sample/clean:1.0' "$TMP/out" || fail "multi $layout: no clean"
	grep -q 'image dockgate-sample/worker:2.1' "$TMP/out" || fail "multi $layout: no worker"
done

# The bad image fails every automated check it was built for that the
# catalog has at this point.
$GEN image -o "$TMP/bad.tar" --layout docker25 --layers gzip bad || fail gen
expect_exit 1 "$DOCKGATE" image "$TMP/bad.tar"
cp "$TMP/out" "$TMP/bad.out"
"$DOCKGATE" image "$TMP/clean.tar.gz" >"$TMP/out.clean" 2>&1
"$DOCKGATE" checks --format json >"$TMP/catalog.json" || fail "checks --format json"
for id in CIS-4.1 CIS-4.6 CIS-4.7 CIS-4.8 CIS-4.9 CIS-4.10 DG-IMG-001 DG-IMG-002 DG-IMG-003 \
	DG-IMG-004 DG-IMG-005 DG-IMG-006 DG-IMG-007 DG-IMG-008 DG-IMG-009 DG-IMG-010; do
	grep -q "\"id\": \"$id\"" "$TMP/catalog.json" || continue
	grep -q "^\[WARN\] $id " "$TMP/bad.out" || fail "bad image: no [WARN] $id"
	# The clean image passes it.
	grep -q "^\[WARN\] $id " "$TMP/out.clean" && fail "clean image: [WARN] $id"
done
grep -q '^\[WARN\]' "$TMP/out.clean" && fail "clean image has warnings: $(grep '^\[WARN\]' "$TMP/out.clean" | head -3)"
# No secret value reaches the report.
grep -q 'wJalrXUtnFEMI\|hunter2\|s3cr3tpass\|dXNlcjpwYXNz' "$TMP/bad.out" && fail "secret value in report"

# --name gives the stable identity.
expect_exit 1 "$DOCKGATE" image --name myteam/app "$TMP/bad.tar"
grep -q 'image dockgate-sample/bad:latest' "$TMP/out" || fail "--name: display changed"

finish
