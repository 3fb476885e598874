# `dockgate diff BASE HEAD` on hand-written results (tests/fixtures/results,
# following RESULT_JSON.md): exit codes, new/fixed/unchanged counts, the
# Markdown summary validated like every report.
. "$(dirname "$0")/lib.sh"

RES="$ROOT/tests/fixtures/results"
VALIDATE="$ROOT/../shared/validate/validate-reports"
[ -x "$VALIDATE" ] || VALIDATE=/work/shared/validate/validate-reports

# JSON base (myapp:1.4) vs SARIF head (myapp:1.5 and two more images):
# new: 2 high (1 waived), 1 low; fixed: 1 high, 1 medium; unchanged: 1 low.
expect_exit 1 "$DOCKGATE" diff "$RES/base.json" "$RES/head.sarif" --json "$TMP/d.json" --markdown "$TMP/d.md"
jq -e '.schema == "dockgate/diff/v1" and .verdict == "failed" and .exit_code == 1' "$TMP/d.json" >/dev/null || fail "diff json header"
jq -e '.summary.new.total == 3 and .summary.new.high == 2 and .summary.new.low == 1' "$TMP/d.json" >/dev/null || fail "new counts"
jq -e '.summary.fixed.total == 2 and .summary.fixed.high == 1 and .summary.fixed.medium == 1' "$TMP/d.json" >/dev/null || fail "fixed counts"
jq -e '.summary.unchanged.total == 1 and .summary.unchanged.low == 1 and .summary.gating == 1' "$TMP/d.json" >/dev/null || fail "unchanged counts"
jq -e '[.new[] | select(.gating)] | length == 1 and .[0].target == "image:otherapp"' "$TMP/d.json" >/dev/null || fail "the gating finding"
jq -e '[.new[] | select(.waived)] | .[0].target == "image:legacy"' "$TMP/d.json" >/dev/null || fail "waived new finding does not gate"
jq -e '.base.format == "json" and .head.format == "sarif"' "$TMP/d.json" >/dev/null || fail "formats detected"
grep -q "^Verdict: FAILED (1 new finding(s) at or above high)" "$TMP/out" || fail "text verdict"
grep -q "^## New findings (3)" "$TMP/d.md" || fail "markdown new table"

# The threshold: new findings below it pass; none never fails; low catches the low one.
expect_exit 0 "$DOCKGATE" diff "$RES/base.json" "$RES/head.sarif" --fail-on critical
expect_exit 0 "$DOCKGATE" diff "$RES/base.json" "$RES/head.sarif" --fail-on none
expect_exit 1 "$DOCKGATE" diff "$RES/base.json" "$RES/head.sarif" --fail-on low --json -
jq -e '.summary.gating == 2' "$TMP/out" >/dev/null || fail "--fail-on low gates 2 (json on stdout)"

# Reversed: what was new is now fixed, and the fixed high finding is new.
expect_exit 1 "$DOCKGATE" diff "$RES/head.sarif" "$RES/base.json" --json "$TMP/r.json"
jq -e '.summary.new.total == 2 and .summary.new.high == 1 and .summary.fixed.total == 3 and .summary.unchanged.total == 1' "$TMP/r.json" >/dev/null || fail "reversed counts"
expect_exit 0 "$DOCKGATE" diff "$RES/head.sarif" "$RES/base.json" --fail-on critical

# Same findings under a new tag: all unchanged, exit 0.
expect_exit 0 "$DOCKGATE" diff "$RES/base.json" "$RES/same.json" --json "$TMP/s.json" --markdown "$TMP/s.md"
jq -e '.summary.new.total == 0 and .summary.fixed.total == 0 and .summary.unchanged.total == 3' "$TMP/s.json" >/dev/null || fail "same counts"

# Unreadable or foreign input, bad usage: exit 2, one line.
for f in foreign.sarif other.json future-schema.json no-target.json truncated.json missing.json; do
	expect_exit 2 "$DOCKGATE" diff "$RES/base.json" "$RES/$f"
	expect_one_line "diff with $f"
	grep -q "cannot read baseline" "$TMP/err" || fail "diff $f: message"
done
expect_exit 2 "$DOCKGATE" diff "$RES/base.json"
expect_exit 2 "$DOCKGATE" diff "$RES/base.json" "$RES/head.sarif" --fail-on extreme
expect_exit 3 "$DOCKGATE" diff "$RES/base.json" "$RES/head.sarif" --json "$TMP/no/such/dir/d.json"

# The Markdown summaries pass the same validator as the audit reports.
if [ -x "$VALIDATE" ]; then
	"$VALIDATE" --markdown "$TMP/d.md" --markdown "$TMP/s.md" >"$TMP/v.out" 2>&1
	case $? in
	0) ;;
	2) echo "note: validators unavailable, Markdown not validated" >&2 ;;
	*) fail "diff Markdown invalid"; cat "$TMP/v.out" >&2 ;;
	esac
fi

finish
