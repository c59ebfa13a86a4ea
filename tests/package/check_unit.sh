#!/usr/bin/env bash
# service_unit: deploy/exhibition-kiosk.service passes `systemd-analyze verify` with no
# complaint (unknown keys and bad values are only warnings there, so any output fails), and its
# sandbox keeps `systemd-analyze security --offline=yes` exposure at or below 2.5.
#   check_unit.sh UNIT_FILE KIOSK_EXECUTABLE
set -euo pipefail
unit="$1" kiosk="$2"
max_exposure=2.5
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d /tmp/kiosk-unit-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

# verify wants ExecStart to exist: point it at the built kiosk.
grep -q '^ExecStart=/usr/bin/kiosk ' "$unit" || fail "ExecStart does not start /usr/bin/kiosk"
sed "s|^ExecStart=/usr/bin/kiosk |ExecStart=$kiosk |" "$unit" > "$work/exhibition-kiosk.service"
out=$(systemd-analyze verify "$work/exhibition-kiosk.service" 2>&1) || fail "systemd-analyze verify failed: $out"
[ -z "$out" ] || fail "systemd-analyze verify complained: $out"

# The properties the service relies on are really there.
for line in 'Type=notify' 'WatchdogSec=' 'RestartPreventExitStatus=2 4' 'DevicePolicy=closed' \
            'DeviceAllow=char-drm rw' 'DeviceAllow=char-input rw' 'DeviceAllow=/dev/tty1 rw' \
            'SystemCallFilter=@system-service' 'RestrictAddressFamilies='; do
    grep -q "^$line" "$unit" || fail "the unit lacks '$line'"
done
if grep -qE '^(After|Wants|Requires)=.*network-online' "$unit"; then fail "the unit waits for the network"; fi

report=$(systemd-analyze security --offline=yes --no-pager "$work/exhibition-kiosk.service" 2>&1) || true
score=$(printf '%s\n' "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
[ -n "$score" ] || fail "no exposure score in: $report"
awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }' || fail "exposure $score is above $max_exposure"
echo "systemd-analyze security exposure: $score (at most $max_exposure)"

# A weakened copy must score worse: the check above can fail.
grep -vE '^(SystemCallFilter|DevicePolicy|DeviceAllow|CapabilityBoundingSet|RestrictAddressFamilies)=' \
    "$work/exhibition-kiosk.service" > "$work/weak.service"
weak=$(systemd-analyze security --offline=yes --no-pager "$work/weak.service" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
awk -v s="$weak" -v m="$max_exposure" 'BEGIN { exit !(s > m) }' || fail "a weakened unit scored $weak, expected above $max_exposure"
echo "service_unit: passed"
