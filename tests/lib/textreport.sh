# shellcheck shell=bash
# Reading dockgate's terminal report (--color never) by target block.
# The report is $REPORT (default: the last command's $TMP/out).
#   fails_on TARGET          rule ids with [WARN] lines in the block of a target
#   status_on TARGET ID      PASS/WARN/INFO/NOTE of a check in that block
#   expect_fail TARGET ID... each id fails on the target
fails_on() {
	awk -v t="$1" '
		/^\[INFO\] [0-9] - / { cur = ($0 ~ (": " t "( |$)")) ; next }
		cur && /^\[WARN\] CIS-/ { print $2 }
	' "${REPORT:-$TMP/out}" | sort -u
}

status_on() {
	awk -v t="$1" -v id="$2" '
		/^\[INFO\] [0-9] - / { cur = ($0 ~ (": " t "( |$)")) ; next }
		cur && $2 == id { gsub(/[][]/, "", $1); print $1; exit }
	' "${REPORT:-$TMP/out}"
}

expect_fail() {
	local target=$1 id
	shift
	for id in "$@"; do
		fails_on "$target" | grep -qx "$id" || fail "$id does not fail on $target"
	done
}
