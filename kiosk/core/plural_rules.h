// Plural categories of the Unicode CLDR for whole numbers, so that interface strings with a
// count read right in every language: "1 item" / "2 items", "1 objet" / "0 objet" (French
// counts 0 and 1 as singular), Arabic's six forms, Russian's one/few/many.
// A UI string key with a count has one entry per category the language uses, named
// "<key>_<category>" ("items_count_one", "items_count_other"); UiStrings::format() picks it.
#pragma once
#include <string_view>

namespace kiosk {

enum class PluralCategory { Zero, One, Two, Few, Many, Other };

// "zero", "one", "two", "few", "many", "other" (the CLDR names, used as key suffixes).
const char* pluralCategoryName(PluralCategory category);

// The CLDR cardinal category of the whole number `n` in `languageCode` (BCP 47; the primary
// subtag decides). Languages the table does not know use the English rule.
PluralCategory pluralCategory(std::string_view languageCode, long n);

} // namespace kiosk
