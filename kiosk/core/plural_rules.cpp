#include "kiosk/core/plural_rules.h"

#include <cstdlib>

namespace kiosk {

const char* pluralCategoryName(PluralCategory category) {
    switch (category) {
    case PluralCategory::Zero: return "zero";
    case PluralCategory::One: return "one";
    case PluralCategory::Two: return "two";
    case PluralCategory::Few: return "few";
    case PluralCategory::Many: return "many";
    case PluralCategory::Other: break;
    }
    return "other";
}

PluralCategory pluralCategory(std::string_view code, long value) {
    const std::string_view lang = code.substr(0, code.find('-'));
    const long n = std::labs(value);
    const long mod10 = n % 10, mod100 = n % 100;
    using P = PluralCategory;
    // No plural forms at all.
    for (const std::string_view none : {"zh", "ja", "ko", "th", "vi", "id", "ms", "lo", "km", "my"})
        if (lang == none) return P::Other;
    if (lang == "fr") {
        if (n == 0 || n == 1) return P::One;
        if (n % 1000000 == 0) return P::Many;
        return P::Other;
    }
    if (lang == "pt") return n == 0 || n == 1 ? P::One : (n % 1000000 == 0 ? P::Many : P::Other);
    if (lang == "es" || lang == "it" || lang == "ca") {
        if (n == 1) return P::One;
        if (n != 0 && n % 1000000 == 0) return P::Many;
        return P::Other;
    }
    if (lang == "ar") {
        if (n == 0) return P::Zero;
        if (n == 1) return P::One;
        if (n == 2) return P::Two;
        if (mod100 >= 3 && mod100 <= 10) return P::Few;
        if (mod100 >= 11 && mod100 <= 99) return P::Many;
        return P::Other;
    }
    if (lang == "ru" || lang == "uk" || lang == "be") {
        if (mod10 == 1 && mod100 != 11) return P::One;
        if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14)) return P::Few;
        return P::Many;
    }
    if (lang == "pl") {
        if (n == 1) return P::One;
        if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14)) return P::Few;
        return P::Many;
    }
    if (lang == "cs" || lang == "sk") {
        if (n == 1) return P::One;
        if (n >= 2 && n <= 4) return P::Few;
        return P::Other;
    }
    if (lang == "he") {
        if (n == 1) return P::One;
        if (n == 2) return P::Two;
        return P::Other;
    }
    return n == 1 ? P::One : P::Other;   // English and most languages of Europe
}

} // namespace kiosk
