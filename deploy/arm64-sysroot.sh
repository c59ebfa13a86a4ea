#!/usr/bin/env bash
# Makes (once) and prints the path of an arm64 (aarch64) Debian 12 sysroot for cross-building
# the kiosk, without touching the host's packages: apt runs with its own state, cache and
# sources (architecture arm64 only), downloads the arm64 .debs of the libraries in
# deploy/packages.txt's build and test groups plus their dependencies, and unpacks them with
# `dpkg -x`. Nothing is installed on the host, so Debian 12's libunibreak (not multi-arch)
# cannot replace the native one.
#
#   ./deploy/arm64-sysroot.sh            prints the sysroot path (making it when missing)
#   KIOSK_ARM64_CACHE=DIR                where to keep it (default /var/cache/exhibition-kiosk-arm64,
#                                        or build-arm64/cache when that is not writable)
#
# The sysroot is keyed by a hash of the package list: changing the list makes a new one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\033[1m[arm64]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[arm64] error:\033[0m %s\n' "$*" >&2; exit 1; }

default_cache=/var/cache/exhibition-kiosk-arm64
if ! mkdir -p "$default_cache" 2>/dev/null || [ ! -w "$default_cache" ]; then
    default_cache="$ROOT/build-arm64/cache"
fi
CACHE="${KIOSK_ARM64_CACHE:-$default_cache}"
mkdir -p "$CACHE"

# The arm64 libraries to link against: every -dev package of the build and test groups
# (arch-independent ones such as doctest-dev and nlohmann-json3-dev come as they are), plus
# the C and C++ runtime headers the cross compiler expects in its sysroot.
packages=$("$ROOT/deploy/dev.sh" list-packages build test | grep -- '-dev$' | grep -vE '^(libclang-rt-.*)$' || true)
packages="$packages libc6-dev libstdc++-12-dev"
[ -n "$packages" ] || die "no -dev packages found in deploy/packages.txt"
key=$(printf '%s\n' $packages | sort -u | sha256sum | cut -c1-12)
SYSROOT="$CACHE/sysroot-$key"

if [ -f "$SYSROOT/.complete" ]; then
    echo "$SYSROOT"
    exit 0
fi

APT_DIR="$CACHE/apt"
mkdir -p "$APT_DIR/state/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/etc/sources.list.d" \
         "$APT_DIR/etc/preferences.d" "$APT_DIR/etc/apt.conf.d"
: > "$APT_DIR/state/status"     # an empty dpkg database: apt resolves the whole dependency closure
# The host's Debian sources, for arm64 only.
cat > "$APT_DIR/etc/sources.list.d/debian.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Architectures: arm64
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Architectures: arm64
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
apt_opts=(
    -o "Dir::State=$APT_DIR/state" -o "Dir::State::status=$APT_DIR/state/status"
    -o "Dir::Cache=$APT_DIR/cache" -o "Dir::Etc::SourceList=/dev/null"
    -o "Dir::Etc::SourceParts=$APT_DIR/etc/sources.list.d" -o "Dir::Etc::Preferences=/dev/null"
    -o "Dir::Etc::PreferencesParts=$APT_DIR/etc/preferences.d" -o "Dir::Etc::Parts=$APT_DIR/etc/apt.conf.d"
    -o "APT::Architecture=arm64" -o "APT::Architectures=arm64" -o "Debug::NoLocking=1"
    -o "APT::Install-Recommends=false" -o "APT::Sandbox::User=root"
)
say "fetching the arm64 package lists (own apt state in $APT_DIR)"
apt-get "${apt_opts[@]}" -qq update >&2
say "downloading the arm64 packages and their dependencies"
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" -qq -y --download-only install $packages >&2

rm -rf "$SYSROOT.tmp"
mkdir -p "$SYSROOT.tmp"
count=0
for deb in "$APT_DIR"/cache/archives/*.deb; do
    dpkg -x "$deb" "$SYSROOT.tmp"
    count=$((count + 1))
done
say "unpacked $count packages"
# Absolute symbolic links (libfoo.so -> /lib/aarch64-linux-gnu/libfoo.so.1) would point into
# the host: make them point inside the sysroot.
find "$SYSROOT.tmp" -type l -lname '/*' | while read -r link; do
    target=$(readlink "$link")
    ln -sfn "$SYSROOT$target" "$link"
done
# Fonts and their configuration come from the host (the tests compare with x86-64 goldens):
# without these folders in the sysroot, qemu's -L prefix falls back to the host's paths.
rm -rf "$SYSROOT.tmp/usr/share/fonts" "$SYSROOT.tmp/etc/fonts" "$SYSROOT.tmp/var/cache/fontconfig"
touch "$SYSROOT.tmp/.complete"
rm -rf "$SYSROOT"
mv "$SYSROOT.tmp" "$SYSROOT"
# The absolute links were written for the final path already.
echo "$SYSROOT"
