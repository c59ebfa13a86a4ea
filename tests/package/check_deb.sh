#!/usr/bin/env bash
# package_deb: makes the .deb from this build tree (cpack), checks its control data and its
# contents, unpacks it into a scratch root (dpkg -x) and runs the installed kiosk from there:
# `kiosk --version` and one headless frame with the packaged config, assets and exhibition.
# The runtime Depends must cover what dpkg-shlibdeps finds in the installed binaries.
#   check_deb.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1" src="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d /tmp/kiosk-package-test.XXXXXX)   # outside the source tree: no assets found by walking up
trap 'rm -rf "$work"' EXIT

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" > "$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log"; fail "cpack failed"; }
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
arch=$(sed -n 's/^set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ "$arch" = "$(dpkg --print-architecture)" ] || fail "package architecture '$arch' is not this machine's"
deb="$work/out/exhibition-kiosk_${version}_${arch}.deb"
[ -f "$deb" ] || fail "no $deb (made: $(ls "$work/out"))"

# Control data.
[ "$(dpkg-deb -f "$deb" Package)" = exhibition-kiosk ] || fail "wrong Package"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "wrong Architecture"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "wrong Version"
depends=$(dpkg-deb -f "$deb" Depends)
depends_names=" $(printf '%s' "$depends" | tr ',|' '\n\n' | sed 's/(.*)//; s/^ *//; s/ *$//' | tr '\n' ' ') "
for p in $("$src/deploy/dev.sh" list-packages runtime); do
    case "$depends_names" in *" $p "*) ;; *) fail "Depends lacks runtime package $p: $depends" ;; esac
done
for p in $("$src/deploy/dev.sh" list-packages test) clang doctest-dev; do
    case "$depends_names" in *" $p "*) fail "Depends names the test package $p" ;; esac
done
dpkg-deb -I "$deb" conffiles | grep -qx /etc/exhibition-kiosk/kiosk.toml || fail "kiosk.toml is not a conffile"
dpkg-deb -I "$deb" postinst > "$work/postinst" || fail "no postinst"
sh -n "$work/postinst" || fail "postinst is not valid sh"
grep -q 'adduser --system' "$work/postinst" || fail "postinst does not create the kiosk user"
grep -q '/var/lib/exhibition-kiosk' "$work/postinst" || fail "postinst does not create the state folder"

# Contents.
dpkg-deb -c "$deb" | awk '{print $NF}' > "$work/contents"
for f in ./usr/bin/kiosk ./usr/bin/kiosk-publish ./usr/bin/kiosk-logs \
         ./usr/lib/systemd/system/exhibition-kiosk.service ./etc/exhibition-kiosk/kiosk.toml \
         ./usr/share/doc/exhibition-kiosk/kiosk.toml.example ./usr/share/exhibition-kiosk/content/exhibition.json; do
    grep -qx -- "$f" "$work/contents" || fail "the package lacks $f"
done
grep -q '^\./usr/share/exhibition-kiosk/assets/.' "$work/contents" || fail "the package has no assets"
if grep -qE '_tests$|/tests/|/bench' "$work/contents"; then fail "the package carries tests or benchmarks"; fi

# Unpack into a scratch root and run from there.
root="$work/root"
dpkg -x "$deb" "$root"
kiosk="$root/usr/bin/kiosk"
[ -x "$kiosk" ] || fail "installed kiosk is not executable"
got=$("$kiosk" --version) || fail "kiosk --version failed"
[ "$got" = "kiosk $version" ] || fail "kiosk --version printed '$got'"
if readelf -S "$kiosk" | grep -q '\.debug_info'; then fail "the installed kiosk carries debug info (not stripped)"; fi

share="$root/usr/share/exhibition-kiosk"
KIOSK_ASSETS_DIR="$share/assets" "$kiosk" --config "$root/etc/exhibition-kiosk/kiosk.toml" \
    --content "$share/content" --data "$work/data" --headless --size 640x360 --frames 2 \
    --screenshot "$work/frame.png" > "$work/run.log" 2>&1 || { cat "$work/run.log"; fail "headless frame from the installed kiosk failed"; }
[ "$(head -c 8 "$work/frame.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the frame is not a PNG"
[ "$(stat -c %s "$work/frame.png")" -gt 2000 ] || fail "the frame is suspiciously small"

# Every shared library the binaries need comes from a declared dependency.
mkdir -p "$work/shl/debian"
printf 'Source: exhibition-kiosk\n\nPackage: exhibition-kiosk\nArchitecture: any\n' > "$work/shl/debian/control"
shlibs=$(cd "$work/shl" && dpkg-shlibdeps -O "$root/usr/bin/kiosk" "$root/usr/bin/kiosk-publish" "$root/usr/bin/kiosk-logs" 2>/dev/null) \
    || fail "dpkg-shlibdeps failed"
for p in $(printf '%s' "${shlibs#shlibs:Depends=}" | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/^ *//; s/ *$//'); do
    case "$depends_names" in *" $p "*) ;; *) fail "the binaries need $p (dpkg-shlibdeps) but Depends lacks it" ;; esac
done
echo "package_deb: $(basename "$deb") $(stat -c %s "$deb") bytes, passed"
