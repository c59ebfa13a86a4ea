#!/usr/bin/env bash
# Developer entry point: installs what is missing, builds, then runs the kiosk or the tests.
#   ./deploy/dev.sh run   [kiosk args...]   build and open the kiosk on the bundled sample exhibition
#   ./deploy/dev.sh test                    build (normal + sanitizer, warnings as errors) and run the whole test suite
#   ./deploy/dev.sh build                   only install and build
#   ./deploy/dev.sh test-arm64              cross-build for arm64 and run the tests under qemu
#   ./deploy/dev.sh package                 build exhibition-kiosk_<version>_{amd64,arm64}.deb into out/packages
#   ./deploy/dev.sh bench [--runs N]        release build, then one table: the kiosk against the same exhibition
#                                           as a web page in Chromium --kiosk (bench/kiosk_vs_browser.py)
#   ./deploy/dev.sh screenshots [LANG...]   every visitor screen (en zh-Hans ar th; 1920x1080, 1080x1920, 1280x800) into out/screenshots
# Idempotent: a second call with nothing changed only checks packages and runs make.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${KIOSK_BUILD_DIR:-$ROOT/build}"
ASAN_DIR="${KIOSK_ASAN_BUILD_DIR:-$ROOT/build-asan}"
ARM64_DIR="${KIOSK_ARM64_BUILD_DIR:-$ROOT/build-arm64}"
PACKAGE_DIR="${KIOSK_PACKAGE_DIR:-$ROOT/out/packages}"
JOBS="${KIOSK_JOBS:-2}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$ROOT}"

say() { printf '\033[1m[dev]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[dev] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root or sudo to install packages: $*"; fi
}

# Prints the packages of the given groups of deploy/packages.txt ("## build", "## test",
# "## runtime"; lines before the first group header count as build).
list_packages() {
    awk -v want=" $* " '
        /^##[ \t]*[a-z]+/ { group = $2; next }
        /^[ \t]*(#|$)/ { next }
        { g = (group == "" ? "build" : group); if (index(want, " " g " ")) print $1 }
    ' "$ROOT/deploy/packages.txt"
}

install_packages() {
    local wanted missing=()
    wanted=$(list_packages build test runtime)
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

# arm64: the sysroot (deploy/arm64-sysroot.sh, cached), the configured cross build, and the
# kernel's binfmt_misc entry so that arm64 programs the tests start (the kiosk) run under qemu.
prepare_arm64() {
    command -v aarch64-linux-gnu-g++ >/dev/null && command -v qemu-aarch64-static >/dev/null \
        || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends crossbuild-essential-arm64 qemu-user-static
    KIOSK_ARM64_SYSROOT=$("$ROOT/deploy/arm64-sysroot.sh")
    export KIOSK_ARM64_SYSROOT QEMU_LD_PREFIX="$KIOSK_ARM64_SYSROOT"
    if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
        [ -e /proc/sys/fs/binfmt_misc/register ] || as_root mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
        # F: the kernel keeps qemu open, so it works inside any mount namespace.
        printf ':qemu-aarch64:M::%s:%s:/usr/bin/qemu-aarch64-static:F\n' \
            '\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00' \
            '\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' \
            | as_root tee /proc/sys/fs/binfmt_misc/register >/dev/null
    fi
    if [ -f "$ARM64_DIR/CMakeCache.txt" ] && ! grep -q "^KIOSK_ARM64_SYSROOT:PATH=$KIOSK_ARM64_SYSROOT\$" "$ARM64_DIR/CMakeCache.txt"; then
        rm -rf "$ARM64_DIR"   # the sysroot changed (new package list)
    fi
    if [ ! -f "$ARM64_DIR/CMakeCache.txt" ]; then
        local launcher=()
        command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        cmake -S "$ROOT" -B "$ARM64_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_BUILD_BENCHMARKS=OFF \
            -DCMAKE_TOOLCHAIN_FILE="$ROOT/deploy/toolchain-aarch64.cmake" "${launcher[@]}"
    fi
}

# The suites run under qemu (api and logs need a browser or many sockets: left to the native run).
# The unit suites run under qemu in CI; the app suite (headless kiosk renders compared with the
# goldens) is much slower emulated: KIOSK_ARM64_SUITES="core text content storage sync app" runs it too.
read -r -a ARM64_TEST_SUITES <<< "${KIOSK_ARM64_SUITES:-core text content storage sync}"

cmd="${1:-run}"; shift || true
case "$cmd" in
    list-packages)
        list_packages "${@:-build test runtime}"
        ;;
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
        # -O1: sanitizer runs of the rendering tests are several times faster than at -O0. The
        # benchmarks are not built there (they are not tests, and CI time counts).
        configure_and_build "$ASAN_DIR" Debug -DKIOSK_WERROR=ON -DKIOSK_SANITIZE=ON -DKIOSK_BUILD_BENCHMARKS=OFF -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DCMAKE_C_FLAGS_DEBUG="-g -O1"
        say "running tests (ASan + UBSan build)"
        (cd "$ASAN_DIR" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            LSAN_OPTIONS="suppressions=$ROOT/deploy/lsan.supp:print_suppressions=0" \
            ctest --output-on-failure -j "$JOBS" -LE no-sanitize)
        say "all tests passed"
        ;;
    test-arm64)
        install_packages
        start=$(date +%s)
        prepare_arm64
        say "sysroot $KIOSK_ARM64_SYSROOT ready after $(( $(date +%s) - start )) s"
        targets=(kiosk kiosk-publish)
        for suite in "${ARM64_TEST_SUITES[@]}"; do targets+=("${suite}_tests"); done
        targets+=(event_store_crash_child app_tests)
        cmake --build "$ARM64_DIR" -j "$JOBS" --target "${targets[@]}"
        built=$(date +%s)
        say "arm64 build done after $(( built - start )) s; running the tests under qemu"
        failed=()
        for suite in "${ARM64_TEST_SUITES[@]}"; do
            t0=$(date +%s)
            # Each doctest binary runs all its cases in one emulated process, slow ones too. The
            # kiosk the app, content and sync tests start is arm64 as well (binfmt_misc): app.golden
            # compares its headless renders with the x86-64 goldens, with their tolerance.
            if (cd "$ARM64_DIR/tests/$suite" && qemu-aarch64-static -L "$KIOSK_ARM64_SYSROOT" "./${suite}_tests" --no-intro=true); then
                say "arm64 ${suite}_tests passed ($(( $(date +%s) - t0 )) s)"
            else
                say "arm64 ${suite}_tests FAILED"; failed+=("$suite")
            fi
        done
        # A headless arm64 kiosk render compared with the x86-64 goldens (with their tolerance):
        # two screens of the app suite, whatever KIOSK_ARM64_SUITES says.
        t0=$(date +%s)
        if (cd "$ARM64_DIR/tests/app" && qemu-aarch64-static -L "$KIOSK_ARM64_SYSROOT" ./app_tests --no-intro=true \
                '--test-case=attract loop\, landscape,home in Chinese\, portrait'); then
            say "arm64 golden renders passed ($(( $(date +%s) - t0 )) s)"
        else
            say "arm64 golden renders FAILED"; failed+=("golden renders")
        fi
        say "arm64: build $(( built - start )) s, tests $(( $(date +%s) - built )) s"
        [ ${#failed[@]} -eq 0 ] || die "arm64 failures: ${failed[*]}"
        say "all arm64 tests passed"
        ;;
    package)
        install_packages
        configure_and_build "$BUILD_DIR" RelWithDebInfo
        mkdir -p "$PACKAGE_DIR"
        (cd "$BUILD_DIR" && cpack -G DEB -B "$PACKAGE_DIR")
        prepare_arm64
        cmake --build "$ARM64_DIR" -j "$JOBS" --target kiosk kiosk-publish kiosk-logs
        (cd "$ARM64_DIR" && cpack -G DEB -B "$PACKAGE_DIR")
        rm -rf "$PACKAGE_DIR/_CPack_Packages"
        say "packages:"; ls -l "$PACKAGE_DIR"/*.deb
        ;;
    bench)
        install_packages
        RELEASE_DIR="${KIOSK_RELEASE_BUILD_DIR:-$ROOT/build-release}"
        [ -f "$RELEASE_DIR/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$RELEASE_DIR" -DCMAKE_BUILD_TYPE=Release \
            $(command -v ccache >/dev/null && echo "-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        cmake --build "$RELEASE_DIR" -j "$JOBS" --target kiosk
        python3 "$ROOT/bench/kiosk_vs_browser.py" --kiosk "$RELEASE_DIR/kiosk/app/kiosk" --content "$ROOT/content" "$@"
        ;;
    screenshots)
        install_packages
        cmake --build "$BUILD_DIR" -j "$JOBS" --target kiosk 2>/dev/null || configure_and_build "$BUILD_DIR" RelWithDebInfo
        "$ROOT/deploy/screenshots.sh" "$BUILD_DIR/kiosk/app/kiosk" "${KIOSK_SCREENSHOT_DIR:-$ROOT/out/screenshots}" "$@"
        ;;
    *)
        die "unknown command '$cmd' (use: run, test, test-arm64, package, build, bench, screenshots)"
        ;;
esac
