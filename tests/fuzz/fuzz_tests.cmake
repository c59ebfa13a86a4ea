# CTest registration of the libFuzzer targets (included from tests/CMakeLists.txt). The targets
# are built with clang in their own folder (build/fuzz) by tests/fuzz/run_fuzz.sh, not with the
# main build's flags, so the tests are labelled no-sanitize (the sanitizer build skips them;
# the targets carry ASan + UBSan themselves) and fuzz. Each runs 15 s: 11 targets, 165 s (the
# issue's budget is 3 minutes for all of them; 16 s each would leave no room for start-up).
find_program(KIOSK_CLANGXX clang++)
if(KIOSK_CLANGXX AND NOT KIOSK_SANITIZE)
    set(KIOSK_FUZZ_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/run_fuzz.sh)
    set(KIOSK_FUZZ_ENV "KIOSK_FUZZ_BUILD_DIR=${CMAKE_BINARY_DIR}/fuzz")
    add_test(NAME fuzz.build COMMAND ${KIOSK_FUZZ_SCRIPT} build)
    set_tests_properties(fuzz.build PROPERTIES LABELS "fuzz;no-sanitize" ENVIRONMENT "${KIOSK_FUZZ_ENV}"
                         FIXTURES_SETUP fuzz_targets TIMEOUT 1800)
    foreach(target content_parser facts_csv release_manifest signature_hex config input_script ui_strings image
                   api_request release_keys translation_file)
        add_test(NAME fuzz.${target}_short COMMAND ${KIOSK_FUZZ_SCRIPT} ${target} 15)
        set_tests_properties(fuzz.${target}_short PROPERTIES LABELS "fuzz;no-sanitize" ENVIRONMENT "${KIOSK_FUZZ_ENV}"
                             FIXTURES_REQUIRED fuzz_targets TIMEOUT 300
                             # one at a time: each checks the build folder first, and each takes a core
                             RESOURCE_LOCK kiosk_fuzz_build_dir)
    endforeach()
endif()
