#!/bin/sh
# The .dockgate-image job's script (installed in the dockgate image as
# /usr/local/share/dockgate/gitlab-run.sh; the test suite runs it too).
set -u

tarball=${DOCKGATE_TARBALL:-}
if [ -z "$tarball" ]; then
	if [ -z "${DOCKGATE_IMAGE:-}" ]; then
		echo "dockgate: set DOCKGATE_IMAGE or DOCKGATE_TARBALL" >&2
		exit 2
	fi
	# Save through the dind Engine API (no docker CLI needed in the job image).
	api=${DOCKER_HOST:-tcp://docker:2375}
	api=http://${api#tcp://}
	curl -fsS -X POST "$api/images/create?fromImage=$DOCKGATE_IMAGE" >/dev/null || exit 3
	tarball=image.tar
	curl -fsS "$api/images/$DOCKGATE_IMAGE/get" -o "$tarball" || exit 3
fi

set -- image "$tarball" --fail-on "${DOCKGATE_FAIL_ON:-high}" \
	--junit dockgate.xml --codequality gl-code-quality.json \
	--sarif dockgate.sarif --json dockgate.json --markdown dockgate.md
[ -n "${DOCKGATE_IMAGE:-}" ] && set -- "$@" --name "${DOCKGATE_IMAGE%:*}"
[ -n "${DOCKGATE_POLICY:-}" ] && [ -f "$DOCKGATE_POLICY" ] && set -- "$@" --policy "$DOCKGATE_POLICY"
[ -n "${DOCKGATE_BASELINE:-}" ] && [ -f "$DOCKGATE_BASELINE" ] && set -- "$@" --baseline "$DOCKGATE_BASELINE"
exec "${DOCKGATE:-dockgate}" "$@"
