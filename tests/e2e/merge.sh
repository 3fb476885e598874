# dockgate merge: union of results, one verdict, duplicates, --latest, bad input.
. "$(dirname "$0")/lib.sh"
M=$ROOT/tests/fixtures/merge

expect_exit 1 "$DOCKGATE" merge --no-policy "$M/app.json" "$M/web.json" "$M/db.json"
grep -q '^Summary: 3 target(s)' "$TMP/out" || fail "merge of 3 results has 3 targets"
[ "$(grep -c '^\[WARN\] CIS-4.6 ' "$TMP/out")" = 2 ] || fail "CIS-4.6 fails on app and db"
[ "$(grep -c '^\[WARN\] CIS-4.1 ' "$TMP/out")" = 1 ] || fail "CIS-4.1 fails on app only"

# The gate is recomputed over the union.
expect_exit 0 "$DOCKGATE" merge --no-policy --fail-on critical "$M/app.json" "$M/web.json" "$M/db.json"
expect_exit 1 "$DOCKGATE" merge --no-policy --fail-on low "$M/web.json" "$M/db.json"
expect_exit 0 "$DOCKGATE" merge --no-policy "$M/web.json" "$M/db.json"

# The same image in two results: an error, unless --latest keeps the newest.
expect_exit 2 "$DOCKGATE" merge --no-policy "$M/app.json" "$M/app-newer.json"
expect_one_line "duplicate target"
grep -q "image:app" "$TMP/err" || fail "duplicate error names the target"
expect_exit 0 "$DOCKGATE" merge --no-policy --latest "$M/app.json" "$M/app-newer.json"
expect_exit 0 "$DOCKGATE" merge --no-policy --latest "$M/app-newer.json" "$M/app.json"

# An incomplete input makes the merged result incomplete.
expect_exit 3 "$DOCKGATE" merge --no-policy "$M/web.json" "$M/broken.json"

# Unreadable, foreign, or unknown input: exit 2 with one line.
expect_exit 2 "$DOCKGATE" merge --no-policy "$M/web.json" "$TMP/missing.json"
expect_one_line "missing input"
echo '{"truncated": ' >"$TMP/trunc.json"
expect_exit 2 "$DOCKGATE" merge --no-policy "$TMP/trunc.json"
expect_one_line "truncated input"
grep -q "trunc.json:[0-9]*:[0-9]*: " "$TMP/err" || fail "truncated JSON error names line"
echo '{"version": "2.1.0", "runs": []}' >"$TMP/foreign.json"
expect_exit 2 "$DOCKGATE" merge --no-policy "$TMP/foreign.json"
expect_exit 2 "$DOCKGATE" merge --no-policy "$M/unknown-rule.json"
expect_exit 2 "$DOCKGATE" merge

# Merged reports (when the JSON writer is built in).
if "$DOCKGATE" merge --no-policy --json "$TMP/merged.json" "$M/app.json" "$M/web.json" "$M/db.json" >/dev/null 2>&1 ||
	[ -s "$TMP/merged.json" ]; then
	jq -e '[.targets[].name] == ["app", "web", "db"]' "$TMP/merged.json" >/dev/null || fail "merged targets"
	jq -e '.verdict == "failed" and .exit_code == 1' "$TMP/merged.json" >/dev/null || fail "merged verdict"
	jq -e '[.findings[] | select(.status == "fail") | .rule] | sort == ["CIS-4.1", "CIS-4.6", "CIS-4.6"]' \
		"$TMP/merged.json" >/dev/null || fail "merged failures"
fi
finish
