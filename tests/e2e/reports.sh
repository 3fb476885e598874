# Reports: the report unit-test program writes every format for fixed runs
# (golden, clean, every status, hostile strings, 5,000 findings, the whole
# catalog); the shared validators (../shared/validate/validate-reports) must
# accept them all. A report that cannot be written ends the audit with exit 3.
# Without ../shared the validation is skipped (with CI=true that fails).
. "$(dirname "$0")/lib.sh"

UNIT="$ROOT/build/tests/unit/t_reports"
[ -x "$UNIT" ] || make -C "$ROOT" --no-print-directory "build/tests/unit/t_reports" >/dev/null ||
	fail "cannot build $UNIT"

mkdir -p "$TMP/reports"
(cd "$ROOT" && DOCKGATE_REPORTS_OUT="$TMP/reports" "$UNIT" >"$TMP/unit.out" 2>"$TMP/unit.err") ||
	{ fail "t_reports failed"; sed 's/^/  | /' "$TMP/unit.err" | head -20 >&2; }

# A report that cannot be written: one clear line, exit 3, never a silent 0.
touch "$TMP/empty.tar"
expect_exit 3 "$DOCKGATE" image --no-policy --quiet --sarif "$TMP/missing/out.sarif" "$TMP/empty.tar"
grep -q "cannot write report '$TMP/missing/out.sarif'" "$TMP/err" || fail "unwritable report not named on stderr"

# A minimal docker-save tarball: when this build can read it, the CLI writes
# all five formats in one run, and an unwritable report turns its exit into 3.
mk_tarball() {
	local d="$TMP/img" layer_sha cfg_sha
	mkdir -p "$d/root/etc" "$d/tar/layer"
	printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n' >"$d/root/etc/passwd"
	tar -C "$d/root" -cf "$d/tar/layer/layer.tar" etc
	layer_sha=$(sha256sum "$d/tar/layer/layer.tar" | cut -d' ' -f1)
	printf '{"architecture":"amd64","os":"linux","config":{"User":"app","Healthcheck":{"Test":["CMD","true"]}},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"/bin/sh -c #(nop) ADD file:x in / "}]}' \
		"$layer_sha" >"$d/config.json"
	cfg_sha=$(sha256sum "$d/config.json" | cut -d' ' -f1)
	mv "$d/config.json" "$d/tar/$cfg_sha.json"
	printf '[{"Config":"%s.json","RepoTags":["fixture:1"],"Layers":["layer/layer.tar"]}]' "$cfg_sha" \
		>"$d/tar/manifest.json"
	tar -C "$d/tar" -cf "$TMP/fixture.tar" manifest.json "$cfg_sha.json" layer
}
mk_tarball
cli_reports=()
"$DOCKGATE" image --no-policy --quiet --sarif "$TMP/cli.sarif" --junit "$TMP/cli.xml" \
	--markdown "$TMP/cli.md" --json "$TMP/cli.json" --codequality "$TMP/cli-cq.json" \
	"$TMP/fixture.tar" >"$TMP/out.txt" 2>"$TMP/err.txt"
rc=$?
if [ $rc = 0 ] || [ $rc = 1 ]; then
	for f in cli.sarif cli.xml cli.md cli.json cli-cq.json; do
		[ -s "$TMP/$f" ] || fail "dockgate image did not write $f"
	done
	jq -e '.schema == "dockgate/result/v1" and .complete == true' "$TMP/cli.json" >/dev/null ||
		fail "cli.json is not a complete dockgate result"
	cli_reports=(--sarif "$TMP/cli.sarif" --junit "$TMP/cli.xml" --markdown "$TMP/cli.md"
		--codequality "$TMP/cli-cq.json")
	expect_exit 3 "$DOCKGATE" image --no-policy --quiet --json "$TMP/missing/r.json" "$TMP/fixture.tar"
	expect_exit "$rc" "$DOCKGATE" image --no-policy --quiet --json - "$TMP/fixture.tar"
	jq -e '.exit_code == '"$rc" "$TMP/out" >/dev/null || fail "--json - does not print the result"
else
	fail "dockgate image could not audit the fixture tarball (exit $rc)"
fi

VALIDATE=""
for d in "${DOCKGATE_SHARED:-}" "$ROOT/../shared" "$ROOT/../../shared"; do
	if [ -n "$d" ] && [ -x "$d/validate/validate-reports" ]; then
		VALIDATE="$d/validate/validate-reports"
		break
	fi
done
if [ -z "$VALIDATE" ]; then
	if [ "${CI:-}" = true ]; then
		fail "../shared/validate/validate-reports is missing (required with CI=true)"
	else
		echo "skip: ../shared/validate/validate-reports not found; report validation skipped"
	fi
	finish
fi

args=()
for base in golden golden-dockerfile clean hostile many catalog multi; do
	for pair in "sarif:sarif" "junit:junit.xml" "markdown:md" "codequality:codequality.json"; do
		f="$TMP/reports/$base.${pair#*:}"
		[ -f "$f" ] && args+=("--${pair%%:*}" "$f")
	done
done
[ ${#args[@]} -ge 20 ] || fail "t_reports wrote too few reports (${#args[@]} arguments)"
"$VALIDATE" "${args[@]}" "${cli_reports[@]}" >"$TMP/validate.txt" 2>&1 ||
	{ fail "validate-reports rejected a report"; grep -v '^valid' "$TMP/validate.txt" | head -20 >&2; }
echo "validated $(grep -c '^valid' "$TMP/validate.txt") report(s)"
finish
