# Command line: exit codes for usage errors, version, help, the catalog.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$DOCKGATE" version
grep -q "^dockgate [0-9]" "$TMP/out" || fail "version output"
expect_exit 0 "$DOCKGATE" --help
expect_exit 0 "$DOCKGATE" image --help
grep -q -- "--fail-on" "$TMP/out" || fail "image --help lists --fail-on"
expect_exit 2 "$DOCKGATE"
expect_exit 2 "$DOCKGATE" bogus
expect_one_line "unknown command"
expect_exit 2 "$DOCKGATE" image
expect_exit 2 "$DOCKGATE" image "$TMP/missing.tar"
expect_one_line "missing tarball"
expect_exit 2 "$DOCKGATE" image --bogus x.tar
expect_exit 2 "$DOCKGATE" image --fail-on extreme x.tar
expect_exit 2 "$DOCKGATE" checks --format yaml
expect_exit 2 "$DOCKGATE" image --daemon-only x.tar
touch "$TMP/x.tar"
expect_exit 2 "$DOCKGATE" image --include "no-such-check" "$TMP/x.tar"
expect_one_line "unknown include pattern"
expect_exit 2 "$DOCKGATE" image - -

expect_exit 0 "$DOCKGATE" checks
expect_exit 0 "$DOCKGATE" checks --format json
jq -e '.checks | length > 0' "$TMP/out" >/dev/null || fail "checks json"
jq -e '[.checks[].id] | map(test("^(CIS-[0-9.]+|DG-[A-Z]+-[0-9]{3})$")) | all' "$TMP/out" >/dev/null ||
	fail "check ids well formed"
expect_exit 0 "$DOCKGATE" checks --format markdown
grep -q '^| CIS-4.1 |' "$TMP/out" || fail "markdown catalog"

finish
