# The README's check table is generated from the catalog and must be current.
. "$(dirname "$0")/lib.sh"
DOCKGATE="$DOCKGATE" sh "$ROOT/scripts/readme-checks.sh" check || fail "README check table is stale"
finish
