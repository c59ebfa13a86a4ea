#include "kiosk/core/text_script.h"

#include <array>

#include "kiosk/core/utf8.h"

namespace kiosk {

const char* scriptName(WritingScript script) {
    switch (script) {
    case WritingScript::Latin: return "Latin";
    case WritingScript::Arabic: return "Arabic";
    case WritingScript::Han: return "Chinese (Han)";
    case WritingScript::Kana: return "Japanese kana";
    case WritingScript::Hangul: return "Korean (Hangul)";
    case WritingScript::Cyrillic: return "Cyrillic";
    case WritingScript::Greek: return "Greek";
    case WritingScript::Hebrew: return "Hebrew";
    case WritingScript::Thai: return "Thai";
    case WritingScript::Devanagari: return "Devanagari";
    case WritingScript::Unknown: break;
    }
    return "unknown";
}

WritingScript expectedScript(std::string_view code) {
    const std::string_view primary = code.substr(0, code.find('-'));
    struct Entry { std::string_view language; WritingScript script; };
    static constexpr Entry kTable[] = {
        {"en", WritingScript::Latin}, {"fr", WritingScript::Latin}, {"es", WritingScript::Latin},
        {"de", WritingScript::Latin}, {"it", WritingScript::Latin}, {"pt", WritingScript::Latin},
        {"nl", WritingScript::Latin}, {"vi", WritingScript::Latin}, {"id", WritingScript::Latin},
        {"ms", WritingScript::Latin}, {"pl", WritingScript::Latin}, {"tr", WritingScript::Latin},
        {"sw", WritingScript::Latin}, {"tet", WritingScript::Latin}, {"fil", WritingScript::Latin},
        {"cs", WritingScript::Latin}, {"ro", WritingScript::Latin}, {"hu", WritingScript::Latin},
        {"sv", WritingScript::Latin}, {"da", WritingScript::Latin}, {"fi", WritingScript::Latin},
        {"ar", WritingScript::Arabic}, {"fa", WritingScript::Arabic}, {"ur", WritingScript::Arabic},
        {"zh", WritingScript::Han}, {"ja", WritingScript::Han}, {"ko", WritingScript::Hangul},
        {"ru", WritingScript::Cyrillic}, {"uk", WritingScript::Cyrillic}, {"bg", WritingScript::Cyrillic},
        {"sr", WritingScript::Cyrillic}, {"kk", WritingScript::Cyrillic}, {"mn", WritingScript::Cyrillic},
        {"el", WritingScript::Greek}, {"he", WritingScript::Hebrew}, {"th", WritingScript::Thai},
        {"hi", WritingScript::Devanagari}, {"ne", WritingScript::Devanagari},
    };
    for (const auto& entry : kTable)
        if (entry.language == primary) return entry.script;
    return WritingScript::Unknown;
}

WritingScript scriptOf(char32_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return WritingScript::Latin;
    if ((c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7) || (c >= 0x1E00 && c <= 0x1EFF))
        return WritingScript::Latin;
    if ((c >= 0x0600 && c <= 0x06FF && !(c >= 0x0660 && c <= 0x0669) && c != 0x060C && c != 0x061B && c != 0x061F) ||
        (c >= 0x0750 && c <= 0x077F) || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return WritingScript::Arabic;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FFFF) ||
        (c >= 0xF900 && c <= 0xFAFF))
        return WritingScript::Han;
    if (c >= 0x3040 && c <= 0x30FF) return WritingScript::Kana;
    if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF)) return WritingScript::Hangul;
    if (c >= 0x0400 && c <= 0x04FF) return WritingScript::Cyrillic;
    if (c >= 0x0370 && c <= 0x03FF) return WritingScript::Greek;
    if (c >= 0x05D0 && c <= 0x05EA) return WritingScript::Hebrew;
    if (c >= 0x0E01 && c <= 0x0E4E && !(c >= 0x0E3F && c <= 0x0E3F)) return WritingScript::Thai;
    if (c >= 0x0900 && c <= 0x097F) return WritingScript::Devanagari;
    return WritingScript::Unknown;
}

std::optional<WritingScript> mismatchedScript(std::string_view languageCode, std::string_view text) {
    const WritingScript expected = expectedScript(languageCode);
    if (expected == WritingScript::Unknown) return std::nullopt;
    std::array<int, static_cast<int>(WritingScript::Devanagari) + 1> counts{};
    for (const char32_t c : utf8::decode(text)) ++counts[static_cast<int>(scriptOf(c))];
    const auto count = [&](WritingScript s) { return counts[static_cast<int>(s)]; };
    int expectedLetters = count(expected);
    if (expected == WritingScript::Han && languageCode.substr(0, 2) == "ja") expectedLetters += count(WritingScript::Kana);
    if (expectedLetters > 0) return std::nullopt;
    WritingScript foreign = WritingScript::Unknown;
    for (int s = 1; s < static_cast<int>(counts.size()); ++s)
        if (counts[s] >= (s == static_cast<int>(WritingScript::Latin) ? kMinForeignLatinLetters : kMinForeignLetters) &&
            (foreign == WritingScript::Unknown || counts[s] > count(foreign)))
            foreign = static_cast<WritingScript>(s);
    if (foreign == WritingScript::Unknown) return std::nullopt;
    return foreign;
}

} // namespace kiosk
