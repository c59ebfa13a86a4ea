// The files of the translation round trip (`kiosk-publish translations`): every text of an
// exhibition with its id, source text, current translation and a note, as XLIFF 1.2 (for
// translation tools) or CSV (for spreadsheets), and back.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::publish {

// Limits of a translation file from outside (a translator, a spreadsheet), each checked before
// anything is allocated for what it bounds: the file's size before it is read, a field's length
// before a byte is added to it, columns and units before one more is stored.
namespace limits {
inline constexpr std::uintmax_t kMaxTranslationFileBytes = 16u * 1024 * 1024;   // the whole file
inline constexpr std::size_t kMaxTranslationUnits = 100000;                     // texts in one file
inline constexpr std::size_t kMaxTranslationFieldBytes = 256 * 1024;            // one id, text, note or language code
inline constexpr std::size_t kMaxTranslationCsvColumns = 64;                    // columns of a CSV line
inline constexpr int kMaxTranslationXmlDepth = 64;                              // nested XLIFF elements
} // namespace limits

// One text to translate. The id is "<file>#<JSON pointer>", e.g.
// "items/ne-zha-2/item.json#/summary": where the text lives in the exhibition folder.
struct TranslationUnit {
    std::string id;
    std::string source;        // the text in the source language
    std::string translation;   // the current translation; empty when there is none
    std::string note;          // context for the translator
};

struct TranslationFile {
    std::string sourceLanguage;
    std::string targetLanguage;
    std::vector<TranslationUnit> units;
};

// Splits an id into its file and JSON pointer; false when it has no '#'.
bool splitTranslationId(std::string_view id, std::string& file, std::string& pointer);

// CSV with a header line: source_language,target_language,id,source,translation,note
// (RFC 4180: fields with commas, quotes or line breaks are quoted; UTF-8, no byte-order mark).
std::string writeTranslationCsv(const TranslationFile& file);
// XLIFF 1.2: one <file> per content file, one <trans-unit> per text (id, <source>, <target>
// with state "translated" or "needs-translation", <note>).
std::string writeTranslationXliff(const TranslationFile& file);

// Reads either format (XLIFF when the text starts with '<' after white space or a byte-order
// mark). CSV: the columns are found by their names in the header, so a spreadsheet may reorder
// them or add others; ';' separators are accepted. Errors name the line. A file beyond the
// limits above is refused with a message saying which; XLIFF with a DOCTYPE (entities) too.
Result<TranslationFile> readTranslationFile(std::string_view text);

} // namespace kiosk::publish
