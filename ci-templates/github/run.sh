#!/usr/bin/env bash
# The action's audit step (also run by the test suite against a sample tarball).
# Inputs come from IN_* variables; outputs go to $GITHUB_OUTPUT.
set -uo pipefail

out=${GITHUB_OUTPUT:-/dev/null}
tarball=${IN_TARBALL:-}
if [ -z "$tarball" ]; then
	if [ -z "${IN_IMAGE:-}" ]; then
		echo "dockgate action: set either 'image' or 'tarball'" >&2
		echo "exit-code=2" >>"$out"
		exit 2
	fi
	tarball=${RUNNER_TEMP:-/tmp}/dockgate-image.tar
	docker save "$IN_IMAGE" -o "$tarball" || { echo "exit-code=3" >>"$out"; exit 3; }
fi

args=(image "$tarball" --fail-on "${IN_FAIL_ON:-high}" --sarif "${IN_SARIF:-dockgate.sarif}"
	--junit "${IN_JUNIT:-dockgate.xml}" --json "${IN_JSON:-dockgate.json}")
[ -n "${IN_IMAGE:-}" ] && args+=(--name "${IN_IMAGE%:*}")
[ -n "${IN_POLICY:-}" ] && args+=(--policy "$IN_POLICY")
[ -n "${IN_BASELINE:-}" ] && [ -f "$IN_BASELINE" ] && args+=(--baseline "$IN_BASELINE")

code=0
"${DOCKGATE:-dockgate}" "${args[@]}" || code=$?
case $code in
0) verdict=passed ;;
1) verdict=failed ;;
*) verdict=incomplete ;;
esac
{
	echo "exit-code=$code"
	echo "sarif-file=${IN_SARIF:-dockgate.sarif}"
	echo "verdict=$verdict"
} >>"$out"
exit "$code"
