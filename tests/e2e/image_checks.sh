#!/bin/bash
# End-to-end: image checks on generated tarballs. Evidence keys in the JSON
# result, policy check parameters (setuid_allow, allowed_ports,
# secret_files), and no secret value in any report.
. "$(dirname "$0")/lib.sh"
GEN="$ROOT/tests/fixtures/gen.py"

[ -f "$GEN" ] || { fail "no fixture generator"; finish; }
python3 "$GEN" image -o "$TMP/bad.tar" --layout docker25 --layers gzip bad || fail "gen bad"
python3 "$GEN" image -o "$TMP/clean.tar" --layout oci --layers gzip clean || fail "gen clean"
"$DOCKGATE" image "$TMP/clean.tar" >"$TMP/out" 2>"$TMP/err"
[ $? != 3 ] || fail "the clean image could not be audited: $(head -1 "$TMP/err")"

# Without a policy: the bad image trips the parameterised checks.
expect_exit 1 "$DOCKGATE" image "$TMP/bad.tar"
grep -q 'setuid file /usr/bin/sudo' "$TMP/out" || fail "4.8: sudo not reported"
grep -q '^\[WARN\] DG-IMG-006 ' "$TMP/out" || fail "DG-IMG-006 not failed"

# The policy's parameters exempt and extend.
cat >"$TMP/policy.yml" <<'EOF'
version: 1
checks:
  params:
    setuid_allow: ["/usr/bin/sudo", "usr/local/bin/*"]
    allowed_ports: ["22/tcp"]
    secret_files: ["*.txt"]
EOF
expect_exit 1 "$DOCKGATE" image --policy "$TMP/policy.yml" "$TMP/bad.tar"
grep -q 'setuid file /usr/bin/sudo' "$TMP/out" && fail "setuid_allow ignored"
grep -q '^\[PASS\] CIS-4.8 ' "$TMP/out" || fail "4.8 should pass with setuid_allow"
grep -q '^\[PASS\] DG-IMG-006 ' "$TMP/out" || fail "allowed_ports ignored"
grep -q "matches secret_files '\*.txt'" "$TMP/out" || fail "secret_files ignored"

# Evidence keys in the JSON result (when this build writes JSON).
"$DOCKGATE" image --json "$TMP/bad.json" "$TMP/bad.tar" >/dev/null 2>"$TMP/err"
if [ -s "$TMP/bad.json" ] && command -v jq >/dev/null; then
	has() { jq -e --arg r "$1" --arg e "$2" \
		'[.findings[] | select(.rule == $r and .status == "fail" and (.evidence | test($e)))] | length > 0' \
		"$TMP/bad.json" >/dev/null || fail "no $1 finding with evidence /$2/"; }
	has CIS-4.1 '^Config\.User$'
	has CIS-4.6 '^Config\.Healthcheck$'
	has CIS-4.7 '^history:[0-9]+$'
	has CIS-4.8 '^usr/bin/sudo$'
	has CIS-4.9 '^history:[0-9]+$'
	has CIS-4.10 '^env:[A-Z_]+$'
	has CIS-4.10 '^arg:[A-Z_]+$'
	has CIS-4.10 '^root/\.ssh/id_rsa$'
	has DG-IMG-001 '^layer:[0-9]+:'
	has DG-IMG-002 '^tag$'
	has DG-IMG-003 '^history:[0-9]+$'
	has DG-IMG-004 '^var/lib/apt/lists$'
	has DG-IMG-005 '^app/'
	has DG-IMG-006 '^port:22/tcp$'
	has DG-IMG-007 '^volume:/'
	has DG-IMG-008 '^user:'
	has DG-IMG-009 '^uid:0$'
	has DG-IMG-010 '^app/\.git$'
	# Findings from the history carry the step, file findings their layer.
	jq -e '[.findings[] | select(.rule == "CIS-4.7" and .status == "fail") | .history] | all(. != null)' \
		"$TMP/bad.json" >/dev/null || fail "CIS-4.7 without history step"
	jq -e '[.findings[] | select(.rule == "DG-IMG-001" and .status == "fail") | .layer] | all(. != null)' \
		"$TMP/bad.json" >/dev/null || fail "DG-IMG-001 without layer"
	grep -q 'wJalrXUtnFEMI\|hunter2\|s3cr3tpass\|dXNlcjpwYXNz' "$TMP/bad.json" && fail "secret value in JSON"
else
	fail "no JSON result for the bad image"
fi
finish
