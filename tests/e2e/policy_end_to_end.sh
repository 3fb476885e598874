# The whole policy flow on a real image audit: (a) no policy, (b) every
# failure waived with a reason, (c) an expired waiver, (d) a baseline where
# only the new finding gates, (e) `diff` on two real result files. Every
# report is validated. Needs the tarball reader and the report writers:
# until both are in this build it says why and skips (exit 0).
. "$(dirname "$0")/lib.sh"

# Every piece is in this build now: a missing one is a failure, not a skip.
skip() { fail "$*"; finish; }

export SOURCE_DATE_EPOCH=1796299200	# 2026-12-03 12:00 UTC
VALIDATE="$ROOT/../shared/validate/validate-reports"
[ -x "$VALIDATE" ] || VALIDATE=/work/shared/validate/validate-reports

"$DOCKGATE" image --help 2>/dev/null | grep -q -- "--json" || skip "'dockgate image' has no --json"
shopt -s nullglob
tars=("$ROOT"/samples/*.tar*)
[ ${#tars[@]} -gt 0 ] || skip "no samples/*.tar*"

# audit NAME [OPTIONS...]: run the image audit with every report into $TMP/NAME.*
audit() {
	local name=$1; shift
	"$DOCKGATE" image --no-step-summary --color never "$@" --json "$TMP/$name.json" \
		--sarif "$TMP/$name.sarif" --markdown "$TMP/$name.md" --junit "$TMP/$name.xml" \
		"$IMG" >"$TMP/$name.out" 2>"$TMP/$name.err"
	echo $? >"$TMP/$name.rc"
}
rc() { cat "$TMP/$1.rc"; }
validate() {
	[ -x "$VALIDATE" ] || return 0
	"$VALIDATE" --sarif "$TMP/$1.sarif" --junit "$TMP/$1.xml" --markdown "$TMP/$1.md" >"$TMP/v.out" 2>&1
	case $? in
	0) ;;
	2) echo "note: validators unavailable, $1 reports not validated" >&2 ;;
	*) fail "$1: reports invalid"; cat "$TMP/v.out" >&2 ;;
	esac
}

# Pick a sample whose audit is complete and has failures.
IMG=
for t in "${tars[@]}"; do
	IMG=$t
	audit probe --no-policy
	if [ "$(rc probe)" != 3 ] && jq -e '.schema == "dockgate/result/v1" and .summary.fail > 0' \
		"$TMP/probe.json" >/dev/null 2>&1; then
		break
	fi
	IMG=
done
[ -n "$IMG" ] || skip "no sample audits completely with failures and a JSON result"
echo "end to end on $(basename "$IMG")"
nfail=$(jq '[.findings[] | select(.status == "fail")] | length' "$TMP/probe.json")

# (a) no policy: the default gate (high); the exit code matches the JSON.
audit plain --no-policy
[ "$(rc plain)" = "$(jq .exit_code "$TMP/plain.json")" ] || fail "(a) exit code $(rc plain) != JSON exit_code"
jq -e '.waivers == [] and ([.findings[] | select(.waiver != null)] | length == 0)' "$TMP/plain.json" >/dev/null ||
	fail "(a) no waivers without a policy"
validate plain

# (b) every failure waived with a reason: exit 0, every report shows the suppressions.
cat >"$TMP/waive-all.yml" <<'YAML'
version: 1
gate: { fail_on: info }
waivers:
  - check: "*"
    reason: "accepted for the end-to-end test"
    expires: 2027-06-01
    ticket: TEST-1
YAML
audit waived --policy "$TMP/waive-all.yml"
[ "$(rc waived)" = 0 ] || fail "(b) waive-all exits $(rc waived), expected 0"
jq -e '[.findings[] | select(.status == "fail" and .waiver == null)] | length == 0' "$TMP/waived.json" >/dev/null ||
	fail "(b) JSON: every failure carries its waiver"
jq -e --argjson n "$nfail" '.summary.waived == $n and .summary.gating == 0' "$TMP/waived.json" >/dev/null ||
	fail "(b) JSON summary: waived == $nfail, gating 0"
jq -e '.waivers[0].state == "applied" and .waivers[0].reason == "accepted for the end-to-end test"' \
	"$TMP/waived.json" >/dev/null || fail "(b) JSON waiver list"
jq -e '[.runs[].results[] | select(.properties.status == "fail") | select((.suppressions // []) | length == 0)] | length == 0' \
	"$TMP/waived.sarif" >/dev/null || fail "(b) SARIF: every failing result has a suppression"
grep -qi "waive" "$TMP/waived.md" || fail "(b) Markdown shows the waivers"
grep -qi "accepted for the end-to-end test" "$TMP/waived.xml" || fail "(b) JUnit shows the waiver reason"
validate waived

# (c) an expired waiver: the findings count again, exit 1, reports say it expired.
sed 's/expires: 2027-06-01/expires: 2026-12-01/' "$TMP/waive-all.yml" >"$TMP/expired.yml"
audit expired --policy "$TMP/expired.yml"
[ "$(rc expired)" = 1 ] || fail "(c) expired waiver exits $(rc expired), expected 1"
jq -e '.waivers[0].state == "expired" and .waivers[0].expires == "2026-12-01"' "$TMP/expired.json" >/dev/null ||
	fail "(c) JSON: waiver state expired"
jq -e '[.findings[] | select(.waiver != null)] | length == 0' "$TMP/expired.json" >/dev/null ||
	fail "(c) JSON: expired waiver applies to nothing"
grep -q "expired on 2026-12-01" "$TMP/expired.out" || fail "(c) terminal says the waiver expired on its date"
grep -q "2026-12-01" "$TMP/expired.md" || fail "(c) Markdown names the expiry date"
validate expired

# (d) a baseline from an earlier release that lacked one failure and had one
# since fixed: only the new failure gates, baselineState is right everywhere.
jq '(.findings | map(select(.status == "fail")) | .[0].fingerprint) as $drop
    | .findings |= (map(select(.fingerprint != $drop))
        + [ (map(select(.status == "fail")) | .[0]) + { evidence: "fixed/since/then", fingerprint: "00000000000000aa" } ])' \
	"$TMP/plain.json" >"$TMP/earlier.json"
new_fp=$(jq -r '[.findings[] | select(.status == "fail")][0].fingerprint' "$TMP/plain.json")
printf 'version: 1\ngate: { fail_on: info, new_only: true }\n' >"$TMP/new-only.yml"
audit based --policy "$TMP/new-only.yml" --baseline "$TMP/earlier.json"
[ "$(rc based)" = 1 ] || fail "(d) one new finding: exit $(rc based), expected 1"
jq -e --arg fp "$new_fp" '[.findings[] | select(.gating)] | length == 1 and .[0].fingerprint == $fp' \
	"$TMP/based.json" >/dev/null || fail "(d) JSON: only the new finding gates"
jq -e '[.findings[] | select(.status == "fail" and .baseline == "new")] | length == 1' "$TMP/based.json" >/dev/null ||
	fail "(d) JSON: one new failure"
jq -e '[.findings[] | select(.baseline == "absent")] | length == 1 and .[0].evidence == "fixed/since/then"' \
	"$TMP/based.json" >/dev/null || fail "(d) JSON: the fixed finding is absent"
jq -e '.summary.baseline.new >= 1 and .summary.baseline.absent == 1' "$TMP/based.json" >/dev/null ||
	fail "(d) JSON summary.baseline"
jq -e '[.runs[].results[] | select(.baselineState == null)] | length == 0' "$TMP/based.sarif" >/dev/null ||
	fail "(d) SARIF: every result has a baselineState"
jq -e --arg fp "$new_fp" '[.runs[].results[] | select(.partialFingerprints["dockgate/v1"] == $fp)][0].baselineState == "new"' \
	"$TMP/based.sarif" >/dev/null || fail "(d) SARIF: the new finding is new"
jq -e '[.runs[].results[] | select(.baselineState == "absent")] | length == 1' "$TMP/based.sarif" >/dev/null ||
	fail "(d) SARIF: the fixed finding is absent"
jq -e '[.runs[].results[] | select(.baselineState == "new" and .properties.status == "fail")] | length == 1' \
	"$TMP/based.sarif" >/dev/null || fail "(d) SARIF: one new failure"
validate based
# The same image against its own SARIF: nothing new, --new-only passes.
audit same --policy "$TMP/new-only.yml" --baseline "$TMP/plain.sarif"
[ "$(rc same)" = 0 ] || fail "(d) own SARIF as baseline: exit $(rc same), expected 0"
jq -e '[.findings[] | select(.status == "fail" and .baseline != "unchanged")] | length == 0' "$TMP/same.json" >/dev/null ||
	fail "(d) own baseline: every failure unchanged"

# (e) diff on two real result files, any mix of formats.
expect_exit 0 "$DOCKGATE" diff "$TMP/plain.json" "$TMP/plain.sarif" --json "$TMP/diff-same.json"
jq -e --argjson n "$nfail" '.summary.new.total == 0 and .summary.fixed.total == 0 and .summary.unchanged.total == $n' \
	"$TMP/diff-same.json" >/dev/null || fail "(e) a result against itself: all unchanged"
expect_exit 1 "$DOCKGATE" diff "$TMP/earlier.json" "$TMP/plain.sarif" --fail-on info --json "$TMP/diff.json" --markdown "$TMP/diff.md"
jq -e '.summary.new.total == 1 and .summary.fixed.total == 1' "$TMP/diff.json" >/dev/null || fail "(e) one new, one fixed"
if [ -x "$VALIDATE" ]; then
	"$VALIDATE" --markdown "$TMP/diff.md" >/dev/null 2>&1
	[ $? = 1 ] && fail "(e) diff Markdown invalid"
fi

# (f) check parameters reach the checks: an allowed port is not reported.
port=$(jq -r '[.findings[] | select(.rule == "DG-IMG-006" and .status == "fail")][0].evidence // empty' "$TMP/plain.json")
if [ -n "$port" ]; then
	printf 'version: 1\nchecks:\n  params:\n    allowed_ports: ["%s"]\n' "${port#port:}" >"$TMP/ports.yml"
	audit ports --policy "$TMP/ports.yml"
	jq -e --arg ev "$port" '[.findings[] | select(.rule == "DG-IMG-006" and .evidence == $ev and .status == "fail")] | length == 0' \
		"$TMP/ports.json" >/dev/null || fail "(f) checks.params.allowed_ports exempts $port"
fi

finish
