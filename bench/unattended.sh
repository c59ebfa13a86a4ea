#!/usr/bin/env bash
# Benchmarks for a kiosk left alone (README "Running for weeks"):
#  1. 24 virtual hours on the attract loop, headless (`wait 86400000`): wall time and CPU.
#  2. Peak RSS of a generated 300-item exhibition with two 4000x3000 photos per item, every
#     featured photo shown full screen once by the attract loop, then a visit, against the
#     image budget ([display] image_memory_mb).
#  3. Frame CPU p50/p99 over a visit through every screen, every frame rasterized
#     (--rasterize-all), from bench/kiosk_screens.sh.
#   bench/unattended.sh [BUILD_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
KIOSK="$BUILD/kiosk/app/kiosk"
[ -x "$KIOSK" ] || { echo "build first: ./deploy/dev.sh build" >&2; exit 2; }
command -v convert >/dev/null || { echo "needs ImageMagick's convert (deploy/packages.txt: imagemagick)" >&2; exit 2; }
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

echo "== 24 virtual hours of attract loop (wait 86400000)"
echo "wait 86400000" > "$TMP/day.txt"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" \
    "$KIOSK" --headless --script "$TMP/day.txt" --data "$TMP/data-day" --stats "$TMP/day.json" 2>&1 >/dev/null | tail -1
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(f\"frames computed: {s['frames']}\")" "$TMP/day.json"

echo "== 300 items, two 4000x3000 photos each"
EX="$TMP/big"
cp -r "$ROOT/content" "$EX"
rm -rf "$EX/items"/*
convert -size 4000x3000 gradient:'#c04020'-'#2040c0' -quality 88 "$TMP/photo-a.jpg"
convert -size 4000x3000 radial-gradient:'#f0e0a0'-'#205020' -quality 88 "$TMP/photo-b.jpg"
python3 - "$ROOT/content" "$EX" "$TMP" <<'PY'
import json, os, sys
src, ex, tmp = sys.argv[1:4]
template = json.load(open(os.path.join(src, "items", "african-crafts-ciie", "item.json")))
ids = []
for i in range(300):
    item = dict(template)
    item["id"] = f"generated-{i:03d}"
    folder = os.path.join(ex, "items", item["id"])
    os.makedirs(folder)
    # Hard links: 600 distinct image paths (decoded and cached separately) without 600 files' bytes.
    os.link(os.path.join(tmp, "photo-a.jpg"), os.path.join(folder, "cover.jpg"))
    os.link(os.path.join(tmp, "photo-b.jpg"), os.path.join(folder, "detail.jpg"))
    json.dump(item, open(os.path.join(folder, "item.json"), "w"), ensure_ascii=False)
    ids.append(item["id"])
e = json.load(open(os.path.join(ex, "exhibition.json")))
e["featured"] = ids
json.dump(e, open(os.path.join(ex, "exhibition.json"), "w"), ensure_ascii=False)
PY
# The attract loop shows each featured item's cover full screen (300 x 6 s = 30 min), then a
# visitor opens a few items and swipes to their second photo.
{
    echo "wait 1810000"
    echo 'tap "lang:en"'; echo 'tap "category:partner-crafts"'
    for i in 0 1 2; do echo "tap \"item:generated-00$i\""; echo "expect item generated-00$i"; echo "wait 500"; echo 'swipe "gallery" left 200'; echo "wait 800"; echo "key back"; done
} > "$TMP/big.txt"
for budget in 64 256; do
    printf '[display]\nimage_memory_mb = %s\n' "$budget" > "$TMP/big-$budget.toml"
    "$KIOSK" --headless --config "$TMP/big-$budget.toml" --content "$EX" --script "$TMP/big.txt" \
        --data "$TMP/data-big-$budget" --stats "$TMP/big-$budget.json" >"$TMP/big-$budget.log" 2>&1 || { tail -5 "$TMP/big-$budget.log"; exit 1; }
    python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(f\"image_memory_mb = {sys.argv[2]}: peak RSS {s['peak_rss_kb']/1024:.0f} MiB (budget + {s['peak_rss_kb']/1024-int(sys.argv[2]):.0f} MiB), {s['frames']} frames\")" "$TMP/big-$budget.json" "$budget"
done

echo "== frame CPU over a visit through every screen, every frame rasterized"
"$ROOT/bench/kiosk_screens.sh" "$BUILD"
