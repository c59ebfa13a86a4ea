# Checks every #include of every module against what that module may include:
#   - project headers: only its own module and the modules below it;
#   - angle-bracket headers: the C++ standard library (names without '.' or '/'), plus the
#     third-party headers allowed for that module (system headers under /usr/include are
#     reachable whatever the compile flags, so this list is what keeps SDL, ImGui, curl,
#     SQLite and HTTP servers out of kiosk/core and UI out of the tools).
# Adding a dependency to a module: add its header pattern to that module's list below.
# Usage: cmake -DSOURCE_DIR=<checkout> -P check_includes.cmake

set(posix "unistd\\.h|fcntl\\.h|poll\\.h|signal\\.h|spawn\\.h|errno\\.h|dirent\\.h|time\\.h|pthread\\.h|netdb\\.h|sys/.*|netinet/.*|arpa/.*")
set(data_libs "nlohmann/.*|toml\\+\\+/.*|qrencode\\.h|sodium\\.h|stb_image\\.h")
set(text_libs "hb\\.h|hb-.*\\.h|fribidi\\.h|fribidi/.*|ft2build\\.h|freetype/.*|fontconfig/.*|linebreak\\.h|wordbreak\\.h|graphemebreak\\.h|unibreakdef\\.h|thai/.*")
set(imgui "imgui\\.h|imgui_internal\\.h")
set(http_server "httplib\\.h|microhttpd\\.h")

# module folder | project modules it may include | third-party header pattern
set(modules
    "kiosk/core|kiosk/core|${data_libs}|zlib\\.h|openssl/evp\\.h|unistd\\.h|fcntl\\.h"
    "kiosk/text|kiosk/core,kiosk/text|${data_libs}|${text_libs}|unistd\\.h|sys/stat\\.h"
    "kiosk/storage|kiosk/core,kiosk/storage|${data_libs}|sqlite3\\.h|${posix}"
    "kiosk/api|kiosk/core,kiosk/storage,kiosk/api|${data_libs}|${http_server}|gnutls/.*|${posix}"
    "kiosk/ui|kiosk/core,kiosk/text,kiosk/ui|${data_libs}|${imgui}|unistd\\.h|fcntl\\.h|sys/mman\\.h|sys/stat\\.h"
    "platform|kiosk/core,kiosk/text,kiosk/ui,platform|${data_libs}|${imgui}|SDL\\.h|SDL2/.*|imgui_impl_.*\\.h|stb_.*\\.h|systemd/sd-daemon\\.h|turbojpeg\\.h|pixman\\.h|linux/(cec|cec-funcs|kd)\\.h|${posix}"
    "kiosk/sync|kiosk/core,kiosk/sync|${data_libs}|curl/.*|${posix}"
    "kiosk/app|kiosk/core,kiosk/text,kiosk/ui,kiosk/storage,kiosk/api,kiosk/sync,kiosk/app,platform|${data_libs}|${imgui}|malloc\\.h|${posix}"
    "kiosk/tools/publish|kiosk/core,kiosk/tools/publish|${data_libs}|expat\\.h|stb_image_write\\.h|${posix}"
    "kiosk/tools/logs|kiosk/core,kiosk/storage,kiosk/api,kiosk/tools/logs|${data_libs}|${http_server}|sqlite3\\.h|libpq-fe\\.h|curl/.*|openssl/.*|${posix}"
)

set(problems "")
set(checked 0)
foreach(entry IN LISTS modules)
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 folder)
    list(GET parts 1 allowed_modules)
    list(SUBLIST parts 2 -1 third_party)
    list(JOIN third_party "|" third_party)
    string(REPLACE "," ";" allowed_modules "${allowed_modules}")
    file(GLOB_RECURSE files "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
    if(NOT files)
        string(APPEND problems "  ${folder}: no sources found\n")
    endif()
    foreach(file IN LISTS files)
        file(RELATIVE_PATH relative "${SOURCE_DIR}" "${file}")
        # kiosk/tools/publish is not part of kiosk/tools/logs and vice versa: match whole folders.
        file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
        foreach(line IN LISTS lines)
            math(EXPR checked "${checked} + 1")
            if(line MATCHES "#[ \t]*include[ \t]*<([^>]+)>")
                set(header "${CMAKE_MATCH_1}")
                if(header MATCHES "^[a-z_0-9]+$")
                    continue()   # C++ standard library
                endif()
                if(NOT header MATCHES "^(${third_party})$")
                    string(APPEND problems "  ${relative}: <${header}> is not allowed in ${folder}\n")
                endif()
            elseif(line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
                set(header "${CMAKE_MATCH_1}")
                set(ok FALSE)
                foreach(module IN LISTS allowed_modules)
                    string(LENGTH "${module}/" length)
                    string(SUBSTRING "${header}" 0 ${length} prefix)
                    if(prefix STREQUAL "${module}/")
                        set(ok TRUE)
                    endif()
                endforeach()
                if(NOT ok)
                    string(APPEND problems "  ${relative}: \"${header}\" is outside ${folder}'s allowed modules (${allowed_modules})\n")
                endif()
            endif()
        endforeach()
    endforeach()
endforeach()

if(problems)
    message(FATAL_ERROR "includes that break the layering:\n${problems}")
endif()
message(STATUS "layering: ${checked} includes checked, all allowed")
