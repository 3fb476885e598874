# shellcheck shell=bash
# validate_reports LABEL ARGS...: run ../shared/validate/validate-reports on
# reports (--sarif F --junit F --markdown F --codequality F ...). Without the
# validators this is a skip with a note, or a failure when CI=true.
# Needs fail() and $ROOT from tests/e2e/lib.sh.
validate_reports() {
	local label=$1 v="" d
	shift
	for d in "${DOCKGATE_SHARED:-}" "$ROOT/../shared" "$ROOT/../../shared"; do
		if [ -n "$d" ] && [ -x "$d/validate/validate-reports" ]; then
			v="$d/validate/validate-reports"
			break
		fi
	done
	if [ -z "$v" ]; then
		if [ "${CI:-}" = true ]; then
			fail "$label: ../shared/validate/validate-reports is missing (required with CI=true)"
		else
			echo "skip: $label: ../shared/validate/validate-reports not found; report validation skipped"
		fi
		return 0
	fi
	if ! "$v" "$@" >"$TMP/validate.txt" 2>&1; then
		fail "$label: validate-reports rejected a report"
		grep -v '^valid' "$TMP/validate.txt" | head -20 >&2
		return 0
	fi
	echo "$label: validated $(grep -c '^valid' "$TMP/validate.txt") report(s)"
}
