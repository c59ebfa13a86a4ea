#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs one of them.
#   tests/fuzz/run_fuzz.sh TARGET SECONDS [libFuzzer options...]   run a campaign
#   tests/fuzz/run_fuzz.sh all SECONDS                             every target in turn
#   tests/fuzz/run_fuzz.sh build                                   only build
#   tests/fuzz/run_fuzz.sh list                                    the target names
# TARGET is a name from tests/fuzz/CMakeLists.txt without "fuzz_" (content_parser, image, ...).
# Build folder: $KIOSK_FUZZ_BUILD_DIR, default build/fuzz. Per target, under it:
#   TARGET/seeds    made fresh from the repository's fixtures and sample content
#   TARGET/corpus   what the fuzzer found interesting: kept between runs (grows campaigns)
#   TARGET/crashes  crash-*, leak-*, timeout-*, oom-* inputs
# tests/fuzz/regressions/TARGET/ (committed, small) holds past findings; every run replays them.
# Replay one input: build/fuzz/fuzz_TARGET build/fuzz/TARGET/crashes/crash-...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${KIOSK_FUZZ_BUILD_DIR:-$root/build/fuzz}
targets="content_parser facts_csv release_manifest signature_hex config input_script ui_strings image api_request release_keys translation_file"

usage() { sed -n '2,13p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage

build_all() {
    mkdir -p "$build"
    if [ ! -f "$build/CMakeCache.txt" ]; then
        launcher=""
        command -v ccache >/dev/null && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
        CC=${FUZZ_CC:-clang} CXX=${FUZZ_CXX:-clang++} cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            $launcher >"$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
    fi
    cmake --build "$build" -j "${KIOSK_JOBS:-2}" >"$build/build.log" 2>&1 || { tail -50 "$build/build.log"; exit 1; }
}

# seed NAME FILE [SELECTOR]: copies FILE into the seed folder (prefixed with a selector byte).
seed() {
    n=$((n + 1))
    if [ $# -ge 3 ]; then { printf "$3"; cat "$2"; } >"$seeds/$1-$n"; else cp "$2" "$seeds/$1-$n"; fi
}

make_seeds() { # target
    seeds="$build/$1/seeds"
    rm -rf "$seeds"
    mkdir -p "$seeds" "$build/$1/corpus" "$build/$1/crashes"
    n=0
    fixtures="$root/tests/fixtures/content"
    case "$1" in
        content_parser)
            # The first byte selects the file the input replaces (see fuzz_content_parser.cpp).
            for f in $(find "$fixtures" -type f \( -name '*.json' -o -name '*.csv' \) | sort); do
                case "$f" in
                    */strings/*) ;;
                    */exhibition.json) seed s "$f" '\000' ;;
                    */categories.json) seed s "$f" '\001' ;;
                    */item.json) seed s "$f" '\002' ;;
                    */facts/*.json) seed s "$f" '\003' ;;
                    */facts/*.csv) seed s "$f" '\004' ;;
                esac
            done ;;
        facts_csv)
            for f in $(find "$fixtures" "$root/content" -type f -name '*.csv' | sort); do seed s "$f"; done ;;
        ui_strings)
            for f in $(find "$root/assets/i18n" "$fixtures" -type f -path '*/strings/*.json' -o -type f -path '*/i18n/*.json' | sort); do
                seed s "$f"
            done ;;
        config)
            seed s "$root/deploy/kiosk.toml.example"
            printf '[kiosk]\nid = "a"\ntags = ["x", "y"]\n[display]\nwidth = 1080\nfullscreen = false\n[sync]\nmax_bytes = 1024\n' >"$seeds/s-min" ;;
        input_script)
            printf '# a tour\nwait 500\ntap "English"\nexpect home\ntap 100 200\ndrag 10 10 300 10 250\nkey back\nshot out.png\n' >"$seeds/s-tour" ;;
        release_manifest)
            h=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            printf '{\n  "format": 1,\n  "version": 7,\n  "channel": "stable",\n  "created_unix": 1700000000,\n  "expires_unix": 1800000000,\n  "files": [\n    {"path": "exhibition.json", "sha256": "%s", "size": 120},\n    {"path": "items/a/item.json", "sha256": "%s", "size": 3}\n  ]\n}\n' "$h" "$h" >"$seeds/s-manifest"
            printf 'items/a/b/c.png' >"$seeds/s-path" ;;
        signature_hex)
            printf '%s\n%s%s\n' 3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29 \
                e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b \
                "" >"$seeds/s-key-sig" ;;
        image)
            for f in $(find "$fixtures" "$root/assets" "$root/content" -type f \( -name '*.png' -o -name '*.jpg' \) -size -64k | sort | head -40); do
                seed s "$f"
            done ;;
        api_request)
            # Three lines: request target, Authorization header value, the configured token.
            printf '/v1/events?after=5&limit=10&format=compact\nBearer s3cret-token\ns3cret-token' >"$seeds/s-events"
            printf '/v1/sync?wait=30\nbearer  s3cret-token \ns3cret-token' >"$seeds/s-sync"
            printf '/v1/a%%20b?x=1%%2B2&y=a+b&flag&&x=second&empty=\nBasic dXNlcjpwYXNz\ntoken' >"$seeds/s-escapes"
            printf '/v1/health\n\n' >"$seeds/s-health" ;;
        release_keys)
            k1=3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29
            k2=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            printf '{\n  "format": 1,\n  "version": 4,\n  "keys": [\n    "%s",\n    "%s"\n  ]\n}\n' "$k1" "$k2" >"$seeds/s-keys"
            printf '{"format": 1, "version": 2, "keys": ["%s"]}' "$k1" >"$seeds/s-keys-old"
            printf '# release keys\n%s\n%s  # the new one\n' "$k1" "$k2" >"$seeds/s-list" ;;
        translation_file)
            # What `kiosk-publish translations export` writes (the content tests' round trip), by hand.
            printf '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n  <file original="items/ne-zha-2/item.json" source-language="en" target-language="zh-Hans" datatype="plaintext">\n    <body>\n      <trans-unit id="items/ne-zha-2/item.json#/title" resname="/title" xml:space="preserve">\n        <source>Ne Zha 2 &amp; friends</source>\n        <target state="translated">哪吒之魔童闹海</target>\n        <note>Title: short</note>\n      </trans-unit>\n      <trans-unit id="items/ne-zha-2/item.json#/summary" resname="/summary" xml:space="preserve">\n        <source>An animated film, "a record".</source>\n        <target state="needs-translation"></target>\n      </trans-unit>\n    </body>\n  </file>\n</xliff>\n' >"$seeds/s-xliff"
            printf 'source_language,target_language,id,source,translation,note\nen,ar,exhibition.json#/title,"Chinese films, 2025",أفلام صينية,"Title: short, ""on a card"""\nen,ar,items/a/item.json#/summary,"two\nlines",,\n' >"$seeds/s-csv"
            printf '\357\273\277note;id;translation;target_language\r\nx;exhibition.json#/subtitle;Sous-titre;fr\r\n' >"$seeds/s-csv-semicolon" ;;
        *) echo "unknown target '$1' (targets: $targets)" >&2; exit 2 ;;
    esac
}

run_one() { # target seconds [options...]
    t=$1; seconds=$2; shift 2
    make_seeds "$t"
    dict=""; maxlen=65536; extra=""
    case "$t" in
        content_parser|release_manifest|ui_strings) dict="-dict=$here/json.dict" ;;
        config) dict="-dict=$here/toml.dict"; maxlen=16384 ;;
        input_script) dict="-dict=$here/script.dict"; maxlen=16384 ;;
        signature_hex) maxlen=1024 ;;
        api_request) dict="-dict=$here/api.dict"; maxlen=16384 ;;
        release_keys) dict="-dict=$here/keys.dict"; maxlen=8192 ;;
        translation_file) dict="-dict=$here/translation.dict"; maxlen=16384 ;;
        image) dict="-dict=$here/image.dict"; extra="-malloc_limit_mb=64" ;;
    esac
    regressions="$here/regressions/$t"
    [ -d "$regressions" ] || regressions=""
    echo "fuzz_$t: $seconds s, corpus $build/$t/corpus, crashes in $build/$t/crashes" >&2
    # Every finding is an error: crashes, UBSan reports, leaks, timeouts (10 s) and out-of-memory.
    "$build/fuzz_$t" -max_total_time="$seconds" -max_len=$maxlen -timeout=10 -rss_limit_mb=2048 $dict $extra \
        -artifact_prefix="$build/$t/crashes/" -print_final_stats=1 "$@" "$build/$t/corpus" "$build/$t/seeds" $regressions
}

case "$1" in
    list) echo "$targets" ;;
    build) build_all ;;
    all)
        [ $# -ge 2 ] || usage
        build_all
        for t in $targets; do run_one "$t" "$2"; done ;;
    *)
        [ $# -ge 2 ] || usage
        build_all
        t=$1; seconds=$2; shift 2
        run_one "$t" "$seconds" "$@" ;;
esac
