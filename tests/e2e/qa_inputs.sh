# Regression tests: bad input of every kind ends with the documented exit
# code and one line on stderr, never a hang, a crash or exit 0.
. "$(dirname "$0")/lib.sh"

SAMPLE="$ROOT/samples/clean.tar"

# A policy nested 100,000 levels deep is refused at once (libyaml alone
# took minutes on it).
python3 -c "print('version: 1\nchecks:\n  exclude: ' + '[' * 100000 + ']' * 100000)" >"$TMP/deep.yml"
expect_exit 2 timeout 10 "$DOCKGATE" policy validate "$TMP/deep.yml"
expect_one_line "deep policy"
expect_exit 2 timeout 10 "$DOCKGATE" image "$SAMPLE" --policy "$TMP/deep.yml"
expect_one_line "deep policy on image"

# Two reports on one path (both on stdout, or one file) would leave an
# invalid or missing report: a usage error before anything is read.
expect_exit 2 "$DOCKGATE" image "$SAMPLE" --json - --sarif -
expect_one_line "two reports on stdout"
expect_exit 2 "$DOCKGATE" image "$SAMPLE" --junit "$TMP/r" --codequality "$TMP/r"
expect_one_line "two reports on one file"
[ ! -e "$TMP/r" ] || fail "two reports on one file: a report was written"
expect_exit 0 "$DOCKGATE" image "$SAMPLE" --json /dev/null --sarif /dev/null
expect_exit 2 "$DOCKGATE" image "$SAMPLE" --json - --markdown /dev/stdout
expect_one_line "- and /dev/stdout"
printf '{"schema":"dockgate/result/v1","findings":[]}\n' >"$TMP/empty.json"
expect_exit 2 "$DOCKGATE" diff "$TMP/empty.json" "$TMP/empty.json" --json - --markdown -
expect_one_line "diff: two reports on stdout"

# A terminal report that cannot be written is not a pass.
if [ -w /dev/full ]; then
	"$DOCKGATE" image "$SAMPLE" >/dev/full 2>"$TMP/err"
	[ $? = 3 ] || fail "image: terminal report on a full disk must exit 3"
	"$DOCKGATE" version >/dev/full 2>"$TMP/err"
	[ $? = 3 ] || fail "version on a full disk must exit 3"
	"$DOCKGATE" image "$SAMPLE" --json - >/dev/full 2>"$TMP/err"
	[ $? = 3 ] || fail "image --json - on a full disk must exit 3"
fi

# merge: an input marked incomplete never merges into a pass, and carried
# audit errors are said on stderr, escaped.
M="$ROOT/tests/fixtures/merge"
jq '.complete = false | .errors = []' "$M/web.json" >"$TMP/incomplete.json"
expect_exit 3 "$DOCKGATE" merge --no-policy "$TMP/incomplete.json"
expect_one_line "merge: incomplete input"
jq '.errors = [{"where": "x\u001b[31m", "message": "bad\u001b]0;t\u0007"}] | .complete = false' "$M/web.json" >"$TMP/errs.json"
expect_exit 3 "$DOCKGATE" merge --no-policy "$TMP/errs.json"
expect_one_line "merge: carried error"
grep -q $'\e' "$TMP/err" && fail "merge: raw escape on stderr"

# "-" on a terminal would wait forever: a usage error at once. Empty stdin
# is an unreadable tarball.
if command -v script >/dev/null; then
	timeout 10 script -qec "'$DOCKGATE' image -" /dev/null >"$TMP/out" 2>&1
	[ $? = 2 ] || fail "image - on a terminal: expected exit 2"
fi
expect_exit 3 "$DOCKGATE" image - </dev/null
grep -q "^dockgate: cannot read 'stdin'" "$TMP/err" || fail "image - with empty stdin: message"
expect_one_line "empty stdin"

# A directory is not a tarball: named as such, a usage error.
mkdir "$TMP/adir"
expect_exit 2 "$DOCKGATE" image "$TMP/adir"
expect_one_line "directory as tarball"
grep -q "is a directory" "$TMP/err" || fail "directory as tarball: message"

# A Dockerfile named on the command line must exist (the default may not).
expect_exit 2 "$DOCKGATE" image "$SAMPLE" --dockerfile "$TMP/nonexistent/Dockerfile" --sarif /dev/null
expect_one_line "missing --dockerfile"
expect_exit 2 "$DOCKGATE" image "$SAMPLE" --dockerfile "$TMP/adir"
expect_one_line "directory as --dockerfile"

# Outer gzip cut anywhere, even inside its 8-byte trailer: exit 3, one line
# that says what is wrong.
gzip -c "$SAMPLE" >"$TMP/s.tar.gz"
size=$(wc -c <"$TMP/s.tar.gz")
for cut in 100 1000 $((size - 20)) $((size - 8)) $((size - 4)) $((size - 1)); do
	head -c "$cut" "$TMP/s.tar.gz" >"$TMP/cut.tar.gz"
	expect_exit 3 "$DOCKGATE" image "$TMP/cut.tar.gz"
	expect_one_line "gzip cut at $cut"
	grep -q "truncated" "$TMP/err" || fail "gzip cut at $cut: message does not say truncated: $(cat "$TMP/err")"
done

# Waiver dates: exactly YYYY-MM-DD in digits ("-001-01-01" wrapped to a
# year past 4 billion: a waiver that never expired).
for d in "'-001-01-01'" "'2027-+1-05'" "'2027-01- 5'" "'+027-01-05'" "2027-1-5"; do
	printf 'version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: x\n    expires: %s\n' "$d" >"$TMP/date.yml"
	expect_exit 2 "$DOCKGATE" policy validate "$TMP/date.yml"
	expect_one_line "date $d"
	grep -q "date.yml:5:14: .*YYYY-MM-DD" "$TMP/err" || fail "date $d: message"
done
printf 'version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: x\n    expires: 2028-02-29\n' >"$TMP/date.yml"
expect_exit 0 "$DOCKGATE" policy validate "$TMP/date.yml"

# A tarball that lists no image audited nothing: incomplete, not a pass.
mkdir -p "$TMP/noimg"
echo '[]' >"$TMP/noimg/manifest.json"
tar -cf "$TMP/emptyman.tar" -C "$TMP/noimg" manifest.json
expect_exit 3 "$DOCKGATE" image "$TMP/emptyman.tar"
expect_one_line "empty manifest.json"
grep -q "no image" "$TMP/err" || fail "empty manifest.json: message"
rm "$TMP/noimg/manifest.json"
echo '{"schemaVersion": 2, "manifests": []}' >"$TMP/noimg/index.json"
tar -cf "$TMP/emptyidx.tar" -C "$TMP/noimg" index.json
expect_exit 3 "$DOCKGATE" image - <"$TMP/emptyidx.tar"
expect_one_line "empty index.json on stdin"

# SOURCE_DATE_EPOCH past year 9999 is ignored rather than written as a
# five-digit year no SARIF or JUnit reader accepts.
SOURCE_DATE_EPOCH=253402300800 "$DOCKGATE" image "$SAMPLE" --json - 2>/dev/null >"$TMP/r.json"
jq -e '.generated | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")' "$TMP/r.json" >/dev/null ||
	fail "SOURCE_DATE_EPOCH past 9999: generated is not RFC 3339"
SOURCE_DATE_EPOCH=253402300799 "$DOCKGATE" image "$SAMPLE" --json - 2>/dev/null >"$TMP/r.json"
jq -e '.generated == "9999-12-31T23:59:59Z"' "$TMP/r.json" >/dev/null || fail "SOURCE_DATE_EPOCH 9999-12-31"

# Bad baselines, diff and merge inputs: exit 2 and one line naming the file,
# wherever the bad file sits (BASE, HEAD, any merge input).
RES="$ROOT/tests/fixtures/results"
printf '[1, 2, 3]\n' >"$TMP/arr.json"
printf '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "trivy"}}, "results": []}]}\n' >"$TMP/trivy.sarif"
: >"$TMP/empty"
printf 'PK\003\004junk' >"$TMP/a.zip"
head -c 300 "$RES/base.json" >"$TMP/trunc.json"
for b in "$TMP/arr.json" "$TMP/trivy.sarif" "$TMP/empty" "$TMP/a.zip" "$TMP/trunc.json" "$TMP/adir" /dev/null; do
	expect_exit 2 "$DOCKGATE" image "$SAMPLE" --baseline "$b"
	expect_one_line "baseline $b"
	expect_exit 2 "$DOCKGATE" diff "$b" "$RES/base.json"
	expect_one_line "diff BASE $b"
	expect_exit 2 "$DOCKGATE" diff "$RES/base.json" "$b"
	expect_one_line "diff HEAD $b"
	expect_exit 2 "$DOCKGATE" merge --no-policy "$M/web.json" "$b"
	expect_one_line "merge $b"
done

# Invalid policies of every kind: exit 2, one line, FILE:LINE:COLUMN.
while IFS='|' read -r name text; do
	printf "$text" >"$TMP/$name.yml"
	expect_exit 2 "$DOCKGATE" image "$SAMPLE" --policy "$TMP/$name.yml"
	expect_one_line "policy $name"
	grep -q "^dockgate: $TMP/$name.yml:[0-9]*:[0-9]*: " "$TMP/err" || fail "policy $name: no FILE:LINE:COLUMN: $(cat "$TMP/err")"
done <<'CASES'
unknown|version: 1\nfoo: 1\n
badtype|version: 1\ngate:\n  fail_on: [1]\n
badsev|version: 1\ngate:\n  fail_on: extreme\n
baddate|version: 1\nwaivers:\n  - check: CIS-4.1\n    reason: x\n    expires: 2027-02-30\n
noreason|version: 1\nwaivers:\n  - check: CIS-4.1\n    expires: 2027-02-10\n
version2|version: 2\n
noversion|gate:\n  fail_on: high\n
syntax|version: 1\ngate: [\n
alias|version: 1\na: &x [1]\nb: *x\n
twodocs|version: 1\n---\nversion: 1\n
empty|
dupkey|version: 1\nversion: 1\n
nomatch|version: 1\nchecks:\n  exclude: ["ZZZ*"]\n
negative|version: 1\ngate:\n  max: { medium: -1 }\n
CASES

# A report on a full disk says so.
if [ -w /dev/full ]; then
	expect_exit 3 "$DOCKGATE" image "$SAMPLE" --sarif /dev/full
	expect_one_line "report on /dev/full"
	grep -q "cannot write report '/dev/full': No space left on device" "$TMP/err" || fail "full disk: message: $(cat "$TMP/err")"
fi

# One layer named over and over (manifest.json is only 1.5 MB for 100,000
# references) cost 7 GB and minutes: capped per image and per tarball.
PY=${PYTHON:-python3}
$PY "$(dirname "$0")/qa_repeat_layer.py" "$TMP/rep1.tar" 100 100000 1 || fail "gen rep1"
expect_exit 3 timeout 20 "$DOCKGATE" image "$TMP/rep1.tar"
expect_one_line "100,000 layer references"
grep -q "100000 layers (more than 1000)" "$TMP/err" || fail "layer references: message"
$PY "$(dirname "$0")/qa_repeat_layer.py" "$TMP/rep2.tar" 10000 900 1 || fail "gen rep2"
expect_exit 3 timeout 20 "$DOCKGATE" image "$TMP/rep2.tar" --json "$TMP/rep2.json"
expect_one_line "9,000,000 merged entries"
jq -e '.targets | length == 1' "$TMP/rep2.json" >/dev/null || fail "merged cap: the image is still reported"
jq -e '[.findings[] | select(.rule == "CIS-4.1" and .status == "pass")] | length == 1' "$TMP/rep2.json" >/dev/null ||
	fail "merged cap: config checks still run"

# A bad baseline is refused before the audit starts (here: before a FIFO
# nobody writes to is read), not after a long audit.
mkfifo "$TMP/never"
expect_exit 2 timeout 10 "$DOCKGATE" image "$TMP/never" --baseline "$TMP/arr.json"
expect_one_line "baseline before the audit"
grep -q "cannot read baseline" "$TMP/err" || fail "baseline before the audit: message"

finish
