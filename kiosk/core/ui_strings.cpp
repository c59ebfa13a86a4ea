#include "kiosk/core/ui_strings.h"

#include <fstream>

#include "kiosk/core/json_positions.h"
#include "kiosk/core/json_text.h"
#include "kiosk/core/limits.h"
#include "kiosk/core/plural_rules.h"

namespace kiosk {

std::vector<std::string> UiStrings::loadBuiltIn(const std::filesystem::path& i18nDir) {
    std::vector<std::string> problems;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(i18nDir, ec)) {
        if (entry.path().extension() != ".json") continue;
        // A bounded read and a parser that never throws: a UI-string file is outside input
        // (assets can be replaced on a kiosk, and exhibitions bring their own).
        std::error_code sizeError;
        const auto size = std::filesystem::file_size(entry.path(), sizeError);
        if (sizeError || size > limits::kMaxUiStringsFileBytes) {
            problems.push_back(entry.path().string() + ": " +
                               (sizeError ? sizeError.message()
                                          : "file too large (limit " + std::to_string(limits::kMaxUiStringsFileBytes) + " bytes)"));
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto parsed = parseJsonText(text, limits::kMaxJsonNestingDepth);
        if (parsed.error) {
            const auto at = positionOfOffset(text, parsed.error->offset);
            problems.push_back(entry.path().string() + ":" + std::to_string(at.line) + ": invalid JSON: " +
                               parsed.error->message);
            continue;
        }
        if (!parsed.value.is_object()) {
            problems.push_back(entry.path().string() + ": a strings file must hold a JSON object");
            continue;
        }
        std::map<std::string, std::string> strings;
        for (const auto& [key, value] : parsed.value.items())
            if (value.is_string()) strings[key] = value.get<std::string>();
        builtIn_[entry.path().stem().string()] = std::move(strings);
    }
    if (ec) problems.push_back(i18nDir.string() + ": " + ec.message());
    return problems;
}

void UiStrings::setBuiltIn(const std::string& language, std::map<std::string, std::string> strings) {
    builtIn_[language] = std::move(strings);
}

std::string UiStrings::get(std::string_view key, std::string_view language, const Exhibition* exhibition) const {
    const std::vector<std::string> chain =
        exhibition ? exhibition->fallback.chainFor(language) : std::vector<std::string>{std::string(language), "en"};
    const std::string k(key);
    if (exhibition) {
        for (const auto& code : chain) {
            if (const auto lang = exhibition->uiStrings.find(code); lang != exhibition->uiStrings.end())
                if (const auto it = lang->second.find(k); it != lang->second.end() && !it->second.empty()) return it->second;
        }
    }
    for (const auto& code : chain) {
        if (const auto lang = builtIn_.find(code); lang != builtIn_.end())
            if (const auto it = lang->second.find(k); it != lang->second.end() && !it->second.empty()) return it->second;
    }
    if (const auto lang = builtIn_.find("en"); lang != builtIn_.end())
        if (const auto it = lang->second.find(k); it != lang->second.end()) return it->second;
    return k;
}

const std::string* UiStrings::findIn(std::string_view code, const std::string& key, const Exhibition* exhibition) const {
    if (exhibition)
        if (const auto lang = exhibition->uiStrings.find(std::string(code)); lang != exhibition->uiStrings.end())
            if (const auto it = lang->second.find(key); it != lang->second.end() && !it->second.empty()) return &it->second;
    if (const auto lang = builtIn_.find(std::string(code)); lang != builtIn_.end())
        if (const auto it = lang->second.find(key); it != lang->second.end() && !it->second.empty()) return &it->second;
    return nullptr;
}

std::string UiStrings::format(std::string_view key, std::string_view language, const Exhibition* exhibition,
                              long n) const {
    // Language by language along the fallback chain: the plural form of that language's CLDR
    // category ("items_count_one"), else its "<key>_other", else its plain key. A language
    // without the key never borrows another language's plural form for its own count.
    const std::vector<std::string> chain =
        exhibition ? exhibition->fallback.chainFor(language) : std::vector<std::string>{std::string(language), "en"};
    std::string text;
    for (const auto& code : chain) {
        const std::string k(key);
        for (const std::string& candidate :
             {k + "_" + pluralCategoryName(pluralCategory(code, n)), k + "_other", k}) {
            if (const std::string* found = findIn(code, candidate, exhibition)) { text = *found; break; }
        }
        if (!text.empty()) break;
    }
    if (text.empty()) text = get(key, language, exhibition);
    if (const auto at = text.find("{n}"); at != std::string::npos) text.replace(at, 3, std::to_string(n));
    return text;
}

std::vector<std::string> UiStrings::keys() const {
    std::vector<std::string> out;
    if (const auto it = builtIn_.find("en"); it != builtIn_.end())
        for (const auto& [key, value] : it->second) out.push_back(key);
    return out;
}

std::vector<std::string> UiStrings::languages() const {
    std::vector<std::string> out;
    for (const auto& [language, strings] : builtIn_) out.push_back(language);
    return out;
}

std::string UiStrings::allText() const {
    std::string out;
    for (const auto& [language, strings] : builtIn_)
        for (const auto& [key, value] : strings) { out += value; out += ' '; }
    return out;
}

} // namespace kiosk
