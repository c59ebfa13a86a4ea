# install() rules and the Debian package (CPack, DEB generator): exhibition-kiosk_<version>_<arch>.deb
# with the kiosk and its tools, the assets, the bundled sample exhibition, the systemd unit, a
# default config (a conffile: dpkg never overwrites an edited one) and maintainer scripts that
# create the `kiosk` user. Runtime Depends are the "## runtime" group of deploy/packages.txt
# (package_tests checks them against dpkg-shlibdeps). Build with ./deploy/dev.sh package.
include(GNUInstallDirs)

install(TARGETS kiosk kiosk-publish kiosk-logs RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/exhibition-kiosk/assets)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/content/ DESTINATION ${CMAKE_INSTALL_DATADIR}/exhibition-kiosk/content)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/exhibition-kiosk.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/kiosk.toml.example DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/exhibition-kiosk)   # the package name, not the CMake project name
install(FILES ${CMAKE_SOURCE_DIR}/deploy/kiosk.toml.example DESTINATION /etc/exhibition-kiosk RENAME kiosk.toml)

# Runtime dependencies: the "## runtime" group of deploy/packages.txt.
file(STRINGS ${CMAKE_SOURCE_DIR}/deploy/packages.txt KIOSK_PACKAGE_LINES)
set(KIOSK_PACKAGE_GROUP build)
set(KIOSK_RUNTIME_DEPENDS "")
foreach(line IN LISTS KIOSK_PACKAGE_LINES)
    if(line MATCHES "^##[ \t]*([a-z]+)")
        set(KIOSK_PACKAGE_GROUP ${CMAKE_MATCH_1})
    elseif(KIOSK_PACKAGE_GROUP STREQUAL "runtime" AND line MATCHES "^[ \t]*([a-z0-9][a-z0-9.+-]+)")
        list(APPEND KIOSK_RUNTIME_DEPENDS ${CMAKE_MATCH_1})
    endif()
endforeach()
list(JOIN KIOSK_RUNTIME_DEPENDS ", " KIOSK_RUNTIME_DEPENDS_TEXT)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
    set(KIOSK_DEB_ARCH arm64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    set(KIOSK_DEB_ARCH amd64)
else()
    set(KIOSK_DEB_ARCH ${CMAKE_SYSTEM_PROCESSOR})
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME exhibition-kiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Exhibition kiosk maintainers <kiosk@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Touchscreen kiosk for cultural-exchange exhibitions")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_NAME exhibition-kiosk)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${KIOSK_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${KIOSK_RUNTIME_DEPENDS_TEXT}, adduser")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Touchscreen kiosk for cultural-exchange exhibitions
 Shows a curated exhibition full screen on the console (SDL2, KMS), in several
 languages, syncs signed releases and logs visitor engagement locally. Includes
 kiosk-publish and kiosk-logs, the sample exhibition and a systemd unit.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/deploy/debian/conffiles
    ${CMAKE_SOURCE_DIR}/deploy/debian/postinst
    ${CMAKE_SOURCE_DIR}/deploy/debian/prerm
    ${CMAKE_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
