#!/bin/sh
# Builds the content parser fuzz target with clang and runs it.
#   tests/content/fuzz/run_fuzz.sh SOURCE_DIR BUILD_DIR SECONDS [extra libFuzzer options...]
# The seed corpus comes from tests/fixtures/content (good and bad fixtures); new inputs the
# fuzzer finds are kept in BUILD_DIR/corpus, crashes in BUILD_DIR/crashes.
set -eu
src=$(cd "$1" && pwd)
build=$2
seconds=$3
shift 3
CXX=${FUZZ_CXX:-clang++} cmake -S "$src/tests/content/fuzz" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j2

# Seeds: the first byte selects the file the input replaces (see fuzz_content_parser.cpp).
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus" "$build/crashes"
n=0
for f in $(find "$src/tests/fixtures/content" -type f \( -name '*.json' -o -name '*.csv' \) | sort); do
    case "$f" in
        */exhibition.json) sel='\000' ;;
        */categories.json) sel='\001' ;;
        */item.json) sel='\002' ;;
        */facts/*.json) sel='\003' ;;
        */facts/*.csv) sel='\004' ;;
        *) continue ;;
    esac
    n=$((n + 1))
    { printf "$sel"; cat "$f"; } >"$seeds/seed-$n"
done

exec "$build/fuzz_content_parser" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/crashes/" -print_final_stats=1 "$@" "$build/corpus" "$seeds"
