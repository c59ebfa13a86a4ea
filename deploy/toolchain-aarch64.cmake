# Cross-compiling for arm64 (Raspberry Pi 4/5, Debian 12 / Raspberry Pi OS bookworm) on a
# Debian 12 x86-64 machine, against an arm64 sysroot that leaves the host's packages alone.
# ./deploy/dev.sh test-arm64 does all of this; by hand:
#   apt-get install crossbuild-essential-arm64 qemu-user-static
#   export KIOSK_ARM64_SYSROOT=$(./deploy/arm64-sysroot.sh)     # made once, then cached
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=deploy/toolchain-aarch64.cmake
#   cmake --build build-arm64 -j2 && (cd build-arm64 && ctest)   # tests run under qemu
# The sysroot is plain files unpacked from arm64 .debs (dpkg -x), so pkg-config gets its own
# search path and sysroot here, and the compiler gets it as --sysroot.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# The sysroot: from the environment the first time, then from the cache (CMake re-runs itself
# during builds, and try_compile projects get it through CMAKE_TRY_COMPILE_PLATFORM_VARIABLES).
if(NOT KIOSK_ARM64_SYSROOT AND DEFINED ENV{KIOSK_ARM64_SYSROOT})
    set(KIOSK_ARM64_SYSROOT "$ENV{KIOSK_ARM64_SYSROOT}")
endif()
if(NOT KIOSK_ARM64_SYSROOT OR NOT EXISTS "${KIOSK_ARM64_SYSROOT}/usr/include")
    message(FATAL_ERROR "toolchain-aarch64.cmake: set KIOSK_ARM64_SYSROOT to the sysroot made by "
                        "deploy/arm64-sysroot.sh (got '${KIOSK_ARM64_SYSROOT}')")
endif()
set(KIOSK_ARM64_SYSROOT "${KIOSK_ARM64_SYSROOT}" CACHE PATH "arm64 sysroot (deploy/arm64-sysroot.sh)")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES KIOSK_ARM64_SYSROOT)

set(CMAKE_SYSROOT "${KIOSK_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${KIOSK_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config: only the sysroot's .pc files, with their paths prefixed by the sysroot.
set(PKG_CONFIG_EXECUTABLE /usr/bin/pkg-config CACHE FILEPATH "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${KIOSK_ARM64_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR} "${KIOSK_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${KIOSK_ARM64_SYSROOT}/usr/share/pkgconfig:${KIOSK_ARM64_SYSROOT}/usr/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Tests run under user-mode qemu with the sysroot's own loader and libraries (-L). Not the cross
# toolchain's /usr/aarch64-linux-gnu: that older libc against the multiarch one hangs.
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/qemu-aarch64-static -L "${KIOSK_ARM64_SYSROOT}")
