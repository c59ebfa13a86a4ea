#include "kiosk/core/localized_text.h"

#include <algorithm>

namespace kiosk {

const std::string* LocalizedText::exact(std::string_view language) const {
    const auto it = byLanguage.find(language);
    return it == byLanguage.end() ? nullptr : &it->second;
}

LanguageFallback::LanguageFallback(std::map<std::string, std::vector<std::string>, std::less<>> chains,
                                   std::string defaultLanguage)
    : chains_(std::move(chains)), defaultLanguage_(std::move(defaultLanguage)) {}

std::vector<std::string> LanguageFallback::chainFor(std::string_view language) const {
    std::vector<std::string> out;
    const auto add = [&](const std::string& code) {
        if (!code.empty() && std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
    };
    add(std::string(language));
    if (const auto it = chains_.find(language); it != chains_.end())
        for (const auto& code : it->second) add(code);
    if (const auto it = chains_.find("*"); it != chains_.end())
        for (const auto& code : it->second) add(code);
    add(defaultLanguage_);
    return out;
}

const std::string& LanguageFallback::resolve(const LocalizedText& text, std::string_view language,
                                             std::string* usedLanguage) const {
    static const std::string kEmpty;
    for (const auto& code : chainFor(language)) {
        if (const std::string* found = text.exact(code); found && !found->empty()) {
            if (usedLanguage) *usedLanguage = code;
            return *found;
        }
    }
    for (const auto& [code, value] : text.byLanguage) {
        if (!value.empty()) {
            if (usedLanguage) *usedLanguage = code;
            return value;
        }
    }
    if (usedLanguage) usedLanguage->clear();
    return kEmpty;
}

} // namespace kiosk
