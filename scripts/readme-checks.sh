#!/bin/sh
# Keep the README's check table equal to `dockgate checks --format markdown`.
#   readme-checks.sh update   rewrite the table in README.md
#   readme-checks.sh check    exit 1 when the committed table is stale
set -eu
cd "$(dirname "$0")/.."
mode=${1:-check}
bin=${DOCKGATE:-./dockgate}
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.new"' EXIT
"$bin" checks --format markdown >"$tmp"
awk -v table="$tmp" '
	/<!-- checks:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
	/<!-- checks:end -->/ { skip = 0 }
	!skip { print }
' README.md >"$tmp.new"
if [ "$mode" = update ]; then
	cp "$tmp.new" README.md
elif ! cmp -s README.md "$tmp.new"; then
	echo "README.md check table is stale: run 'make readme-checks'" >&2
	diff -u README.md "$tmp.new" | head -20 >&2
	exit 1
fi
