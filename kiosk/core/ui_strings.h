// The kiosk's own interface strings ("Touch to start", "Back", ...), per language.
// Built-in strings come from assets/i18n/<lang>.json; an exhibition may override any of them.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/content_model.h"

namespace kiosk {

class UiStrings {
public:
    // Loads every assets/i18n/*.json. Problems are returned as messages; missing files are fine.
    std::vector<std::string> loadBuiltIn(const std::filesystem::path& i18nDir);
    void setBuiltIn(const std::string& language, std::map<std::string, std::string> strings);

    // The text for `key` in `language`: the exhibition's override, then the built-in string,
    // each through the fallback chain; the key itself if nothing has it.
    std::string get(std::string_view key, std::string_view language, const Exhibition* exhibition) const;
    // Replaces "{n}" in the looked-up text with `n`. The text is the plural form for `n` in
    // `language` when the strings have one ("<key>_one", "<key>_few", ... "<key>_other", CLDR
    // categories, core/plural_rules.h), else the plain `key`.
    std::string format(std::string_view key, std::string_view language, const Exhibition* exhibition, long n) const;

    std::vector<std::string> keys() const;   // keys of the built-in English strings
    std::vector<std::string> languages() const;
    // Every built-in string of every language, concatenated (to know which glyphs are needed).
    std::string allText() const;
    bool hasLanguage(std::string_view language) const { return builtIn_.count(std::string(language)) != 0; }

private:
    // The non-empty text of `key` in exactly `code` (exhibition override, then built-in).
    const std::string* findIn(std::string_view code, const std::string& key, const Exhibition* exhibition) const;
    std::map<std::string, std::map<std::string, std::string>> builtIn_;
};

} // namespace kiosk
