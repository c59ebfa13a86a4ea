// Every visible text of an exhibition is a map from language code (BCP 47) to text.
// LanguageFallback resolves a text for a language through the exhibition's fallback chains.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

struct LanguageInfo {
    std::string code;         // BCP 47, e.g. "zh-Hans"
    std::string nativeName;   // e.g. "简体中文"
    bool rightToLeft = false;
};

struct LocalizedText {
    std::map<std::string, std::string, std::less<>> byLanguage;

    bool empty() const { return byLanguage.empty(); }
    // The text in exactly this language, or nullptr.
    const std::string* exact(std::string_view language) const;
};

class LanguageFallback {
public:
    LanguageFallback() = default;
    // chains: language -> languages to try after it; "*" is the chain for every language.
    LanguageFallback(std::map<std::string, std::vector<std::string>, std::less<>> chains,
                     std::string defaultLanguage);

    // The languages to try for `language`, in order, without repeats:
    // the language, its own chain, the "*" chain, the default language.
    std::vector<std::string> chainFor(std::string_view language) const;

    // Resolves text for a language; falls back through the chain, then to any text present.
    // Sets *usedLanguage (if given) to the language the text came from ("" if none).
    const std::string& resolve(const LocalizedText& text, std::string_view language,
                               std::string* usedLanguage = nullptr) const;

    const std::string& defaultLanguage() const { return defaultLanguage_; }

private:
    std::map<std::string, std::vector<std::string>, std::less<>> chains_;
    std::string defaultLanguage_ = "en";
};

} // namespace kiosk
