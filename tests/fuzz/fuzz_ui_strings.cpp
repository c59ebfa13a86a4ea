// libFuzzer target for UI-string files: the kiosk's built-in assets/i18n/<lang>.json
// (UiStrings::loadBuiltIn) and an exhibition's strings/<lang>.json (the content loader).
// The input is written as both, then both are loaded and every string looked up.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/log.h"
#include "kiosk/core/ui_strings.h"

namespace fs = std::filesystem;

namespace {
fs::path gWorkDir;
fs::path gI18nDir;
fs::path gExhibition;
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    kiosk::log::setQuiet(true);
    gWorkDir = fs::temp_directory_path() / ("kiosk-fuzz-strings-" + std::to_string(::getpid()));
    fs::remove_all(gWorkDir);
    gI18nDir = gWorkDir / "i18n";
    gExhibition = gWorkDir / "exhibition";
    fs::create_directories(gI18nDir);
    fs::copy(fs::path(KIOSK_FIXTURES_DIR) / "good", gExhibition, fs::copy_options::recursive);
    std::atexit([] {
        std::error_code ec;
        fs::remove_all(gWorkDir, ec);
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    for (const fs::path& file : {gI18nDir / "en.json", gExhibition / "strings/en.json"}) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    kiosk::UiStrings strings;
    for (const auto& problem : strings.loadBuiltIn(gI18nDir))
        if (problem.empty()) std::abort();
    for (const auto& key : strings.keys()) (void)strings.format(key, "ar", nullptr, 42);
    (void)strings.allText();

    const auto result = kiosk::loadExhibition(gExhibition);
    for (const auto& problem : result.problems)
        if (problem.message.rfind("cannot read the exhibition: ", 0) == 0) std::abort();   // an exception got through
    if (result.snapshot)
        for (const auto& key : strings.keys()) (void)strings.get(key, "en", result.snapshot.get());
    return 0;
}
