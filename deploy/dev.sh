#!/usr/bin/env bash
# Developer entry point: installs what is missing, builds, then runs the kiosk or the tests.
#   ./deploy/dev.sh run   [kiosk args...]   build and open the kiosk on the bundled sample exhibition
#   ./deploy/dev.sh test                    build (normal + sanitizer, warnings as errors) and run the whole test suite
#   ./deploy/dev.sh build                   only install and build
# Idempotent: a second call with nothing changed only checks packages and runs make.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${KIOSK_BUILD_DIR:-$ROOT/build}"
ASAN_DIR="${KIOSK_ASAN_BUILD_DIR:-$ROOT/build-asan}"
JOBS="${KIOSK_JOBS:-2}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$ROOT}"

say() { printf '\033[1m[dev]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[dev] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root or sudo to install packages: $*"; fi
}

install_packages() {
    local wanted missing=()
    wanted=$(grep -vE '^\s*(#|$)' "$ROOT/deploy/packages.txt")
    for p in $wanted; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then say "all packages present"; return; fi
    say "installing: ${missing[*]}"
    # Refresh the package lists once if they are absent or older than a day.
    if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
        as_root apt-get update
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

configure_and_build() { # dir, build type, extra cmake args...
    local dir="$1" type="$2"; shift 2
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        local launcher=()
        # ccache, where installed, makes rebuilds in a second checkout (or CI on a developer's
        # machine) nearly free; paths relative to the checkout so that checkouts share hits.
        if command -v ccache >/dev/null; then
            launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        fi
        cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "${launcher[@]}" "$@"
    elif [ $# -gt 0 ]; then
        cmake -S "$ROOT" -B "$dir" "$@" >/dev/null   # e.g. turn KIOSK_WERROR on in an existing build
    fi
    cmake --build "$dir" -j "$JOBS"
}

cmd="${1:-run}"; shift || true
case "$cmd" in
    build)
        install_packages
        configure_and_build "$BUILD_DIR" RelWithDebInfo
        ;;
    run)
        install_packages
        configure_and_build "$BUILD_DIR" RelWithDebInfo
        args=(--content "$ROOT/content" --data "${KIOSK_DATA_DIR:-$ROOT/build/kiosk-data}")
        if [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${DISPLAY:-}" ]; then
            say "desktop session found: opening the kiosk in a window (Esc quits)"
            exec "$BUILD_DIR/kiosk/app/kiosk" "${args[@]}" --windowed "$@"
        elif [ -e /dev/dri/card0 ] || [ -e /dev/dri/card1 ]; then
            say "no desktop session: opening the kiosk fullscreen on the console (KMS)"
            SDL_VIDEODRIVER=kmsdrm exec "$BUILD_DIR/kiosk/app/kiosk" "${args[@]}" "$@"
        else
            say "no display found (no \$DISPLAY, no \$WAYLAND_DISPLAY, no /dev/dri)."
            say "Run it headless instead, for example:"
            say "  $BUILD_DIR/kiosk/app/kiosk --headless --content $ROOT/content --frames 60 --screenshot kiosk.png"
            say "or start a virtual display:  xvfb-run -s '-screen 0 1920x1080x24' ./deploy/dev.sh run"
            exit 3
        fi
        ;;
    test)
        install_packages
        # Tests (and CI, through .ci/run) build with warnings as errors.
        configure_and_build "$BUILD_DIR" RelWithDebInfo -DKIOSK_WERROR=ON
        say "running tests (normal build)"
        (cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS")
        # -O1: sanitizer runs of the rendering tests are several times faster than at -O0.
        configure_and_build "$ASAN_DIR" Debug -DKIOSK_WERROR=ON -DKIOSK_SANITIZE=ON -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DCMAKE_C_FLAGS_DEBUG="-g -O1"
        say "running tests (ASan + UBSan build)"
        (cd "$ASAN_DIR" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            LSAN_OPTIONS="suppressions=$ROOT/deploy/lsan.supp:print_suppressions=0" \
            ctest --output-on-failure -j "$JOBS" -LE no-sanitize)
        say "all tests passed"
        ;;
    *)
        die "unknown command '$cmd' (use: run, test, build)"
        ;;
esac
