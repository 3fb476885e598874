#!/bin/sh
# Install the Debian packages dockgate needs to build and test, when missing.
# Idempotent and quiet when everything is present. Run as root (or via sudo).
set -eu

PKGS="gcc make pkg-config libarchive-dev libjson-c-dev libcurl4-openssl-dev \
libxml2-dev libyaml-dev zstd gzip tar jq libxml2-utils python3 curl"
# Test-only tools: a private dockerd for live tests, linters for templates.
[ "${DOCKGATE_DEPS_MINIMAL:-0}" = 1 ] || PKGS="$PKGS docker.io busybox-static yamllint shellcheck nodejs npm clang-format"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		# Tools installed outside dpkg (nodejs from another source) count as present.
		case "$p" in
		nodejs) command -v node >/dev/null 2>&1 && continue ;;
		npm) command -v npm >/dev/null 2>&1 && continue ;;
		python3) command -v python3 >/dev/null 2>&1 && continue ;;
		esac
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
