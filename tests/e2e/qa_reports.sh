# Regression tests on reports: no secret value in any format, and no raw
# escape sequence, bidi override or invalid UTF-8 from hostile names on the
# terminal; every format still validates.
. "$(dirname "$0")/lib.sh"

PY=${PYTHON:-python3}
[ -z "${PYTHON:-}" ] && [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
GEN="$PY $ROOT/tests/fixtures/gen.py"
export SOURCE_DATE_EPOCH=1796299200

all_reports() {	# all_reports DIR ARGS... : every format of one run into DIR
	local dir=$1; shift
	mkdir -p "$dir"
	"$DOCKGATE" image --no-policy --sarif "$dir/r.sarif" --junit "$dir/r.xml" --markdown "$dir/r.md" \
		--json "$dir/r.json" --codequality "$dir/cq.json" --sarif-manual "$@" >"$dir/term.txt" 2>"$dir/err.txt"
	echo $? >"$dir/rc"
}

# --- Secrets planted everywhere an image can carry them.
$GEN image -o "$TMP/secrets.tar" "$(dirname "$0")/qa_secrets.json" || fail "gen secrets"
all_reports "$TMP/s" "$TMP/secrets.tar"
[ "$(cat "$TMP/s/rc")" = 1 ] || fail "secrets image: exit $(cat "$TMP/s/rc"), expected 1"
for key in env:AWS_SECRET_ACCESS_KEY env:DB_PASSWORD env:GITHUB_TOKEN arg:NPM_TOKEN \
	env:MYSQL_ROOT_PASSWORD "run:URL with credentials" app/.env root/.npmrc root/.ssh/id_rsa \
	root/.docker/config.json root/.aws/credentials app/config.yml "label:GitHub token"; do
	jq -e --arg k "$key" '[.findings[] | select(.rule == "CIS-4.10" and .status == "fail" and .evidence == $k)] | length == 1' \
		"$TMP/s/r.json" >/dev/null || fail "secrets image: no CIS-4.10 finding for '$key'"
done
jq -e '[.findings[] | select(.rule == "DG-IMG-001" and .status == "fail")] | length == 1' "$TMP/s/r.json" >/dev/null ||
	fail "secrets image: no DG-IMG-001 finding"
for v in wJalrXUtnFEMIK7MDENGbPxRfiCYQQSECRETENVX hunter2SuperSecretPw ghp_ENVTOKEN AKIAENVKEY1234567890 \
	ghp_LABELTOKEN labelpassw0rdXYZ npm_ARGTOKEN urlpassw0rdQQ mysqlrootSECRETpw dotenvSECRETvalue99 \
	AKIADOTENVKEY1234567 npm_NPMRCTOKEN ZG9ja2VyY29uZmlnOnNlY3JldHB3 PEMKEYBODYSECRET AKIACREDSFILE \
	credsFILEsecretKEY ghp_FILETOKEN glpat-GITLAB xoxb-1234567890 OLDPEMSECRETBODY; do
	grep -l -- "$v" "$TMP"/s/* >/dev/null && fail "secret value '$v' printed in $(grep -l -- "$v" "$TMP"/s/* | xargs -n1 basename | tr '\n' ' ')"
done

# --- Hostile names: escape sequences, bidi overrides, invalid UTF-8, markup.
cat >"$TMP/hostile.py" <<'PYEOF'
import json, sys
bad = "x|y`<script>alert(1)</script>]]>&amp;\x1b[31mRED\x1b]0;title\x07\u202e\x9b31m*_[l](http://e.com)@user $x \x7f"
spec = {"repo_tags": ["evil/a|b<script>:1.0"],
 "config": {"User": "root", "Env": ["PASS\x1b[2JWORD=secretvalQQQ"], "Labels": {"l\x1b[1m": bad},
            "ExposedPorts": {"22/tcp": {}}, "Volumes": {"/var/run/docker.sock": {}}},
 "history": [{"created_by": "RUN apt-get update \x1b[31m |<b>]]>"}, {"created_by": "ADD evil\x1b]8;;http://x\x07 /"}],
 "layers": [{"files": [
   {"path": "etc/passwd", "content": "root::0:0::/root:/bin/sh\nx\x1b[31m::0:0::/:/bin/sh\n"},
   {"path": "usr/bin/su|do<script>]]>\x1b[31m", "mode": "4755", "content": "x"},
   {"path": "app/\u202egpj.exe", "mode": "0777", "content": "x"},
   {"path": "app/c\u009b31m.exe", "mode": "0777", "content": "x"},
   {"path": "tmp/bad\udcff.key", "content": "-----BEGIN PRIVATE KEY-----\nQ\n-----END PRIVATE KEY-----\n"}]}]}
json.dump(spec, open(sys.argv[1], "w"))
PYEOF
$PY "$TMP/hostile.py" "$TMP/hostile.json" && $GEN image -o "$TMP/hostile.tar" "$TMP/hostile.json" || fail "gen hostile"
all_reports "$TMP/h" --color always "$TMP/hostile.tar"
[ "$(cat "$TMP/h/rc")" = 1 ] || fail "hostile image: exit $(cat "$TMP/h/rc"), expected 1"
for id in CIS-4.8 CIS-4.10 DG-IMG-005 DG-IMG-008; do
	jq -e --arg r "$id" '[.findings[] | select(.rule == $r and .status == "fail")] | length > 0' "$TMP/h/r.json" \
		>/dev/null || fail "hostile image: $id does not fail"
done
# The terminal report: colour (ESC [ digits ; m) is the only escape sequence,
# and it is valid UTF-8 without C1 controls or bidi overrides.
$PY - "$TMP/h/term.txt" <<'PYEOF' || fail "hostile names reach the terminal raw"
import re, sys
b = open(sys.argv[1], "rb").read()
t = b.decode("utf-8")                         # raises on invalid UTF-8
rest = re.sub(r"\x1b\[[0-9;]*m", "", t)
bad = [c for c in rest if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) < 0xa0 or
       0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
if bad:
    print("raw characters on the terminal:", sorted(set(hex(ord(c)) for c in bad)), file=sys.stderr)
    sys.exit(1)
PYEOF
grep -q '<script' "$TMP/h/r.md" && fail "hostile names: raw HTML in Markdown"
grep -q ']]>' "$TMP/h/r.xml" && ! xmllint --noout "$TMP/h/r.xml" 2>/dev/null && fail "hostile names: JUnit is not XML"
for f in r.sarif r.json cq.json; do jq -e . "$TMP/h/$f" >/dev/null || fail "hostile names: $f is not JSON"; done

VALIDATE=""
for d in "${DOCKGATE_SHARED:-}" "$ROOT/../shared" "$ROOT/../../shared" /work/shared; do
	if [ -n "$d" ] && [ -x "$d/validate/validate-reports" ]; then
		VALIDATE="$d/validate/validate-reports"
		break
	fi
done
if [ -n "$VALIDATE" ]; then
	"$VALIDATE" --sarif "$TMP/h/r.sarif" --junit "$TMP/h/r.xml" --markdown "$TMP/h/r.md" --codequality "$TMP/h/cq.json" \
		--sarif "$TMP/s/r.sarif" --junit "$TMP/s/r.xml" --markdown "$TMP/s/r.md" --codequality "$TMP/s/cq.json" \
		>"$TMP/validate.txt" 2>&1 || { fail "validate-reports rejected a report"; grep -v '^valid' "$TMP/validate.txt" | head >&2; }
else
	echo "skip: validate-reports not found"
fi

# --- Determinism: the same input twice gives byte-identical reports.
all_reports "$TMP/s2" "$TMP/secrets.tar"
for f in r.sarif r.xml r.md r.json cq.json term.txt; do
	cmp -s "$TMP/s/$f" "$TMP/s2/$f" || fail "two runs differ in $f"
done

# --- The diff and policy commands escape what they print too.
printf 'version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: "a\\e[31m\\u202eb"\n    expires: 2026-12-20\n' >"$TMP/p.yml"
"$DOCKGATE" policy validate "$TMP/p.yml" >"$TMP/pv.txt" 2>&1 || fail "policy with escapes in a reason: exit $?"
grep -q $'\e' "$TMP/pv.txt" && fail "policy validate prints a raw escape"
grep -q $'\xe2\x80\xae' "$TMP/pv.txt" && fail "policy validate prints a bidi override"

# SARIF keeps at most 25,000 results (GitHub rejects more), the most
# severe first, and says how many it left out.
$PY - "$TMP/ww.json" <<'PYEOF'
import json, sys
files = [{"path": "etc/passwd", "content": "root:x:0:0::/root:/bin/sh\n"},
         {"path": "etc/shadow", "content": "root::1:0:99999:7:::\n"}]
files += [{"path": "app/f%05d" % i, "mode": "0777", "content": ""} for i in range(25500)]
json.dump({"repo_tags": ["ww:1"], "config": {"User": "app"}, "layers": [{"files": files}]}, open(sys.argv[1], "w"))
PYEOF
$GEN image -o "$TMP/ww.tar" "$TMP/ww.json" || fail "gen ww"
"$DOCKGATE" image --no-policy --quiet --sarif "$TMP/ww.sarif" "$TMP/ww.tar" >/dev/null 2>&1
[ $? = 1 ] || fail "25,500 world-writable files: expected exit 1"
jq -e '.runs[0].results | length == 25000' "$TMP/ww.sarif" >/dev/null || fail "SARIF: more than 25,000 results"
jq -e '[.runs[0].results[] | select(.ruleId == "DG-IMG-008")] | length == 1' "$TMP/ww.sarif" >/dev/null ||
	fail "SARIF cap: the critical finding was left out"
jq -e '[.runs[0].invocations[0].toolExecutionNotifications[].message.text | select(test("left out"))] | length == 1' \
	"$TMP/ww.sarif" >/dev/null || fail "SARIF cap: no notification"

finish
