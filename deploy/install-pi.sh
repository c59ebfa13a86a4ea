#!/usr/bin/env bash
# Installs the kiosk on a Raspberry Pi (Raspberry Pi OS bookworm / Debian 12, arm64) so that it
# boots straight into the kiosk. Run from a checkout, as root:  sudo ./deploy/install-pi.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "install-pi.sh: run as root (sudo)" >&2; exit 1; }

"$ROOT/deploy/dev.sh" build
install -m 0755 "$ROOT/build/kiosk/app/kiosk" /usr/local/bin/kiosk
for tool in kiosk-publish kiosk-logs; do
    found=$(find "$ROOT/build/kiosk/tools" -type f -name "$tool" -perm -u+x | head -1)
    [ -n "$found" ] && install -m 0755 "$found" /usr/local/bin/$tool
done
mkdir -p /usr/share/exhibition-kiosk
rm -rf /usr/share/exhibition-kiosk/assets /usr/share/exhibition-kiosk/content
cp -r "$ROOT/assets" "$ROOT/content" /usr/share/exhibition-kiosk/
id kiosk >/dev/null 2>&1 || useradd --system --home /var/lib/exhibition-kiosk --shell /usr/sbin/nologin kiosk
mkdir -p /etc/exhibition-kiosk
[ -f /etc/exhibition-kiosk/kiosk.toml ] || install -m 0644 "$ROOT/deploy/kiosk.toml.example" /etc/exhibition-kiosk/kiosk.toml
install -m 0644 "$ROOT/deploy/exhibition-kiosk.service" /etc/systemd/system/exhibition-kiosk.service
systemctl daemon-reload
systemctl enable exhibition-kiosk.service
echo "installed; start now with: systemctl start exhibition-kiosk (or reboot)"
