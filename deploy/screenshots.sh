#!/usr/bin/env bash
# Renders every visitor screen headless, in English, Chinese, Arabic and Thai, landscape,
# portrait and the small landscape panel, into PNGs (called by ./deploy/dev.sh screenshots):
#   deploy/screenshots.sh KIOSK_EXECUTABLE OUT_DIR [LANG...]
# One input script per language and size walks attract → language → home → category → item
# (gallery moved) → story scrolled → trade facts → idle countdown, with a `shot` at each step.
set -euo pipefail

kiosk="$1"; out="$2"; shift 2
languages=("${@:-en zh-Hans ar th}")
read -r -a languages <<< "${languages[*]}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes=(1920x1080 1080x1920 1280x800)
mkdir -p "$out"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

for size in "${sizes[@]}"; do
    w=${size%x*}; h=${size#*x}
    for lang in "${languages[@]}"; do
        prefix="$out/${lang}-${size}"
        storyX=$((w * 3 / 4)); [ "$lang" = ar ] && storyX=$((w / 4))   # the story column is mirrored in Arabic
        script="$data/${lang}-${size}.txt"
        cat > "$script" <<SCRIPT
# attract loop: the first slide, its text in the first language
wait 1200
shot ${prefix}-01-attract.png
tap "start"
expect language
wait 600
shot ${prefix}-02-language.png
tap "lang:${lang}"
expect home
wait 800
shot ${prefix}-03-home.png
tap "category:partner-crafts"
expect category
wait 800
shot ${prefix}-04-category-sparse.png
key home
tap "category:heritage-crafts"
expect category
wait 800
shot ${prefix}-05-category.png
key home
tap "category:games"
tap "item:black-myth-wukong"
expect item
wait 800
shot ${prefix}-06-item.png
key right
wait 800
drag ${storyX} $((h * 3 / 4)) ${storyX} $((h / 2)) 400
wait 800
shot ${prefix}-07-item-scrolled.png
tap "facts"
expect facts
wait 1000
shot ${prefix}-08-facts.png
tap "fact:game-markets-2024"
wait 1000
shot ${prefix}-09-facts-series.png
wait 61000
shot ${prefix}-10-idle.png
SCRIPT
        "$kiosk" --headless --content "$root/content" --data "$data/kiosk-data" --size "$size" --script "$script" \
            >"$data/log.txt" 2>&1 || { cat "$data/log.txt" >&2; echo "screenshots: $lang $size failed" >&2; exit 1; }
        echo "screenshots: $lang $size"
    done
done
echo "screenshots: $(ls "$out"/*.png | wc -l) PNGs in $out"
