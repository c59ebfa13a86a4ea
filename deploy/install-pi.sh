#!/usr/bin/env bash
# Installs the kiosk on a Raspberry Pi (Raspberry Pi OS bookworm / Debian 12, arm64) from its
# Debian package, so that it boots straight into the kiosk. As root:
#   sudo ./deploy/install-pi.sh exhibition-kiosk_0.1.0_arm64.deb   install (or update, or roll back to) this .deb
#   sudo ./deploy/install-pi.sh --build                            build the .deb here from this checkout, then install it
# The package creates the kiosk user and state folder, installs the unit and enables it, and
# never overwrites an edited /etc/exhibition-kiosk/kiosk.toml (see README "Deployment on a Raspberry Pi").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "install-pi.sh: run as root (sudo)" >&2; exit 1; }

deb="${1:-}"
if [ "$deb" = --build ]; then
    # Native build on the board (needs the build packages; slow on a Pi 4: tens of minutes).
    "$ROOT/deploy/dev.sh" build
    out="$ROOT/out/packages"
    mkdir -p "$out"
    (cd "$ROOT/build" && cpack -G DEB -B "$out")
    deb=$(ls -t "$out"/exhibition-kiosk_*_"$(dpkg --print-architecture)".deb | head -1)
fi
[ -n "$deb" ] && [ -f "$deb" ] || { echo "usage: install-pi.sh PACKAGE.deb | --build" >&2; exit 2; }
case "$deb" in /*) ;; *) deb="$PWD/$deb" ;; esac
# apt resolves the runtime Depends; --allow-downgrades makes rolling back to an older .deb work.
DEBIAN_FRONTEND=noninteractive apt-get install -y --allow-downgrades "$deb"
echo "installed $(dpkg-query -W -f='${Package} ${Version}' exhibition-kiosk); start now with: systemctl start exhibition-kiosk (or reboot)"
