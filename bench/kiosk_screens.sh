#!/usr/bin/env bash
# Benchmark: the kiosk headless (software renderer, virtual clock) on the sample exhibition.
# Prints startup time, CPU time per frame (p50/p99) and peak memory for a visit through every
# kind of screen, in three languages, landscape and portrait.
#   bench/kiosk_screens.sh [BUILD_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
KIOSK="$BUILD/kiosk/app/kiosk"
[ -x "$KIOSK" ] || { echo "build first: ./deploy/dev.sh build" >&2; exit 2; }
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

printf '%-10s %-10s %10s %12s %12s %12s\n' language size startup_ms frame_p50_ms frame_p99_ms peak_rss_mb
for size in 1920x1080 1080x1920; do
    w=${size%x*}; h=${size#*x}
    for lang in en zh-Hans ar; do
        cat > "$TMP/visit.txt" <<SCRIPT
wait 2000
tap "lang:$lang"
wait 1000
tap "category:heritage-crafts"
wait 1000
tap "item:jingdezhen-porcelain"
wait 1000
drag $((w / 3)) $((h / 3)) $((w / 10)) $((h / 3)) 300
wait 1000
tap "facts"
wait 1500
tap "back"
tap "back"
tap "back"
wait 1000
SCRIPT
        # --rasterize-all: every frame drawn at display rate, as on a screen (frame-time figures).
        "$KIOSK" --headless --rasterize-all --size "$size" --script "$TMP/visit.txt" --stats "$TMP/s.json" >/dev/null 2>&1
        python3 - "$TMP/s.json" "$lang" "$size" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<10} {sys.argv[3]:<10} {s['startup_ms']:>10} {s['frame_ms_p50']:>12.1f} {s['frame_ms_p99']:>12.1f} {s['peak_rss_kb']/1024:>12.1f}")
PY
    done
done
