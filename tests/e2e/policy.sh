# Policy files: `dockgate policy validate`, errors with file:line:column and
# exit 2, the default .dockgate.yml, and --baseline refusing foreign files.
. "$(dirname "$0")/lib.sh"

# 2026-12-03 12:00 UTC: waiver states are judged against this day.
export SOURCE_DATE_EPOCH=1796299200
RES="$ROOT/tests/fixtures/results"

# The sample policy is valid and says what it means.
expect_exit 0 "$DOCKGATE" policy validate "$ROOT/samples/dockgate.yml"
grep -q "fail on: high and above" "$TMP/out" || fail "sample: effective gate"
grep -q "at most 10 medium" "$TMP/out" || fail "sample: budget"
grep -q "'trusted-base-images' (1 check: CIS-4.2)" "$TMP/out" || fail "sample: exclude resolved to ids"
grep -q "image:registry.example.com/platform/\*:" "$TMP/out" || fail "sample: scoped target"
grep -q "active until 2027-03-31 (118 days left)" "$TMP/out" || fail "sample: waiver state"

# Waiver states as of today: applied, expiring (today, in 14 days), expired (yesterday).
cat >"$TMP/states.yml" <<'YAML'
version: 1
waivers:
  - { check: CIS-4.1, reason: today, expires: 2026-12-03 }
  - { check: CIS-4.1, reason: yesterday, expires: 2026-12-02 }
  - { check: CIS-4.1, reason: fourteen, expires: 2026-12-17 }
  - { check: CIS-4.1, reason: fifteen, expires: 2026-12-18 }
YAML
expect_exit 0 "$DOCKGATE" policy validate "$TMP/states.yml"
grep -q "expiring soon: 2026-12-03 (0 day(s) left)" "$TMP/out" || fail "expires today"
grep -q "EXPIRED on 2026-12-02 (1 day(s) ago)" "$TMP/out" || fail "expired yesterday"
grep -q "expiring soon: 2026-12-17 (14 day(s) left)" "$TMP/out" || fail "expires in 14 days"
grep -q "active until 2026-12-18 (15 days left)" "$TMP/out" || fail "expires in 15 days"
grep -q "^warning: 1 waiver(s) expired" "$TMP/out" || fail "expired warning"

# JSON is YAML.
printf '{"version": 1, "gate": {"fail_on": "none"}}\n' >"$TMP/p.json"
expect_exit 0 "$DOCKGATE" policy validate "$TMP/p.json"
grep -q "fail on: none" "$TMP/out" || fail "json policy"

# Errors: exit 2, one line, FILE:LINE:COLUMN.
bad() {
	local want=$1 text=$2
	printf '%b' "$text" >"$TMP/bad.yml"
	expect_exit 2 "$DOCKGATE" policy validate "$TMP/bad.yml"
	expect_one_line "$want"
	grep -q "^dockgate: $TMP/bad.yml:$want" "$TMP/err" || { fail "expected '$want' for: $text"; cat "$TMP/err" >&2; }
}
bad "3:3: unknown key 'fail_onn'" 'version: 1\ngate:\n  fail_onn: high\n'
bad "3:12: 'gate.fail_on' must be a string" 'version: 1\ngate:\n  fail_on: [high]\n'
bad "5:14: waiver for 'CIS-4.1': 'expires' must be a date" 'version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: r\n    expires: 2027-02-30\n'
bad "3:5: waiver for 'CIS-4.1' has no 'reason'" 'version: 1\nwaivers:\n  - check: CIS-4.1\n    expires: 2027-01-01\n'
bad "3:12: 'waivers\[\].check': '9.\*' matches no known check" 'version: 1\nwaivers:\n  - check: "9.*"\n    reason: r\n    expires: 2027-01-01\n'
bad "3:18: 'checks.include': 'nope' matches no known check" 'version: 1\nchecks:\n  include: [4.1, nope]\n'
bad "6:14: waiver for 'CIS-4.1' expires 2027-01-03, 31 days from today; max_waiver_days is 30" 'version: 1\nmax_waiver_days: 30\nwaivers:\n  - check: CIS-4.1\n    reason: r\n    expires: 2027-01-03\n'
bad "3:1: invalid YAML" 'version: 1\ngate: { fail_on: high\n'
bad "1:1: missing 'version: 1'" 'gate: {}\n'

expect_exit 2 "$DOCKGATE" policy validate "$TMP/missing.yml"
expect_one_line "missing policy"
expect_exit 2 "$DOCKGATE" policy validate
expect_exit 2 "$DOCKGATE" policy check "$ROOT/samples/dockgate.yml"
expect_exit 2 "$DOCKGATE" policy validate a.yml b.yml

# Audits refuse a bad policy before reading anything, and read .dockgate.yml.
touch "$TMP/x.tar"
printf 'version: 1\ngate:\n  fail_onn: high\n' >"$TMP/bad.yml"
expect_exit 2 "$DOCKGATE" image --policy "$TMP/bad.yml" "$TMP/x.tar"
grep -q "bad.yml:3:3: unknown key" "$TMP/err" || fail "image --policy error position"
mkdir -p "$TMP/repo"
cp "$TMP/bad.yml" "$TMP/repo/.dockgate.yml"
(cd "$TMP/repo" && expect_exit 2 "$DOCKGATE" image "$TMP/x.tar")
grep -q "^dockgate: .dockgate.yml:3:3: unknown key" "$TMP/err" || fail ".dockgate.yml is read by default"
(cd "$TMP/repo" && "$DOCKGATE" image --no-policy "$TMP/x.tar" >/dev/null 2>"$TMP/err")
grep -q "unknown key" "$TMP/err" && fail "--no-policy ignores .dockgate.yml"

# --baseline: unreadable or foreign files are exit 2 with a clear message.
for f in foreign.sarif other.json future-schema.json truncated.json missing.json; do
	expect_exit 2 "$DOCKGATE" image --baseline "$RES/$f" "$TMP/x.tar"
	grep -q "cannot read baseline" "$TMP/err" || fail "--baseline $f: message"
done

finish
