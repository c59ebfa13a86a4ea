// libFuzzer target for kiosk-publish's translation file reader (`translations import`): the
// input is the file a translator sends back, XLIFF 1.2 or CSV (readTranslationFile decides).
// Beyond "no crash, no leak, no sanitizer report":
//   - a refused file gets a message; an accepted one stays within the limits (units, fields);
//   - an accepted file survives write -> read unchanged: as CSV always (when the CSV is within
//     the size limit and every id is non-empty), and as XLIFF when it came in as XLIFF and its
//     ids have the "<file>#<pointer>" shape the export writes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosk/tools/publish/translation_files.h"

using namespace kiosk::publish;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_translation_file: %s: %s\n", what, detail.c_str());
    std::abort();
}

bool sameFile(const TranslationFile& a, const TranslationFile& b) {
    if (a.sourceLanguage != b.sourceLanguage || a.targetLanguage != b.targetLanguage || a.units.size() != b.units.size())
        return false;
    for (std::size_t i = 0; i < a.units.size(); ++i) {
        const auto &x = a.units[i], &y = b.units[i];
        if (x.id != y.id || x.source != y.source || x.translation != y.translation || x.note != y.note) return false;
    }
    return true;
}

void checkRoundTrip(const TranslationFile& file, const std::string& written, const char* format) {
    if (written.size() > limits::kMaxTranslationFileBytes) return;   // refused for its size, rightly
    auto again = readTranslationFile(written);
    if (!again) fail(format, "an accepted file written back is refused: " + again.error());
    if (!sameFile(file, *again)) fail(format, "an accepted file changed on the way through write -> read");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto file = readTranslationFile(text);
    if (!file) {
        if (file.error().empty()) fail("refused", "no message");
        return 0;
    }
    if (file->units.size() > limits::kMaxTranslationUnits) fail("limits", "too many units");
    for (const auto& unit : file->units)
        for (const std::string* field : {&unit.id, &unit.source, &unit.translation, &unit.note})
            if (field->size() > limits::kMaxTranslationFieldBytes) fail("limits", "a field beyond the limit");
    if (file->units.empty()) return 0;   // nothing to write: the languages live on the rows/<file>s

    bool idsNonEmpty = true, idsExportShaped = true;
    for (const auto& unit : file->units) {
        std::string contentFile, pointer;
        if (unit.id.empty()) idsNonEmpty = false;
        if (!splitTranslationId(unit.id, contentFile, pointer)) idsExportShaped = false;
    }
    if (idsNonEmpty) checkRoundTrip(*file, writeTranslationCsv(*file), "csv");
    std::size_t first = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (first < text.size() && (text[first] == ' ' || text[first] == '\n' || text[first] == '\r' || text[first] == '\t')) ++first;
    const bool cameAsXliff = first < text.size() && text[first] == '<';
    if (cameAsXliff && idsExportShaped) checkRoundTrip(*file, writeTranslationXliff(*file), "xliff");
    return 0;
}
