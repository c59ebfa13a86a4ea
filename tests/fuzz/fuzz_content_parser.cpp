// libFuzzer target for the exhibition/item parser.
// The first input byte chooses which file of a small valid exhibition the rest of the input
// replaces (exhibition.json, categories.json, an item.json, a fact's JSON or its CSV); the
// exhibition is then loaded with the kiosk's own loader. The raw input also goes through
// the JSON position scanner, which sees every byte before the real parser does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/json_positions.h"
#include "kiosk/core/json_text.h"
#include "kiosk/core/limits.h"
#include "kiosk/core/log.h"

namespace fs = std::filesystem;

namespace {

const char* const kTargets[] = {
    "exhibition.json", "categories.json", "items/alpha/item.json", "facts/revenue.json", "facts/revenue.csv",
};
constexpr std::size_t kTargetCount = sizeof kTargets / sizeof kTargets[0];

fs::path gWorkDir;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    kiosk::log::setQuiet(true);
    gWorkDir = fs::temp_directory_path() / ("kiosk-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(gWorkDir);
    fs::copy(fs::path(KIOSK_FIXTURES_DIR) / "good", gWorkDir, fs::copy_options::recursive);
    std::atexit([] {
        std::error_code ec;
        fs::remove_all(gWorkDir, ec);
    });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
#ifdef KIOSK_FUZZ_ONLY_TARGET
    // A single-file target: the whole input is that file.
    const std::size_t which = KIOSK_FUZZ_ONLY_TARGET;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
#else
    if (size == 0) return 0;
    const std::size_t which = data[0] % kTargetCount;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
#endif
    (void)kiosk::JsonPositions::scan(text, kiosk::limits::kMaxJsonNestingDepth);
    (void)kiosk::parseJsonText(text, kiosk::limits::kMaxJsonNestingDepth);

    const fs::path target = gWorkDir / kTargets[which];
    const fs::path good = fs::path(KIOSK_FIXTURES_DIR) / "good" / kTargets[which];
    {
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    const auto result = kiosk::loadExhibition(gWorkDir);
    for (const auto& problem : result.problems) {
        (void)problem.toString();
        // loadExhibition's last-resort catch: an exception got past the readers. A finding.
        if (problem.message.rfind("cannot read the exhibition: ", 0) == 0) std::abort();
    }
    if (result.snapshot) {
        for (const auto& language : result.snapshot->languages)
            for (const auto& item : result.snapshot->items) (void)result.snapshot->text(item.title, language.code);
    }
    fs::copy_file(good, target, fs::copy_options::overwrite_existing);   // the next input starts clean
    return 0;
}
