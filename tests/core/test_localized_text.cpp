#include <doctest/doctest.h>

#include "kiosk/core/localized_text.h"

using namespace kiosk;

TEST_SUITE("core.localized_text") {

TEST_CASE("a text resolves in the asked language, then through the chains, then the default") {
    LanguageFallback fallback({{"zh-Hant", {"zh-Hans", "en"}}, {"*", {"en"}}}, "fr");
    LocalizedText text;
    text.byLanguage = {{"en", "Silk"}, {"zh-Hans", "丝绸"}, {"fr", "Soie"}};

    CHECK(fallback.resolve(text, "en") == "Silk");
    CHECK(fallback.resolve(text, "zh-Hant") == "丝绸");   // zh-Hant → zh-Hans
    std::string used;
    CHECK(fallback.resolve(text, "ar", &used) == "Silk"); // "*" chain → en
    CHECK(used == "en");

    LocalizedText onlyFrench;
    onlyFrench.byLanguage = {{"fr", "Soie"}};
    CHECK(fallback.resolve(onlyFrench, "ar", &used) == "Soie");   // default language
    CHECK(used == "fr");
}

TEST_CASE("chains list each language once, in order") {
    LanguageFallback fallback({{"zh-Hant", {"zh-Hans", "en"}}, {"*", {"en"}}}, "en");
    const auto chain = fallback.chainFor("zh-Hant");
    REQUIRE(chain.size() == 3);
    CHECK(chain[0] == "zh-Hant");
    CHECK(chain[1] == "zh-Hans");
    CHECK(chain[2] == "en");
}

TEST_CASE("empty translations fall back, a text with nothing in it resolves to empty") {
    LanguageFallback fallback({}, "en");
    LocalizedText text;
    text.byLanguage = {{"ar", ""}, {"en", "Tea"}};
    CHECK(fallback.resolve(text, "ar") == "Tea");
    CHECK(fallback.resolve(LocalizedText{}, "ar").empty());
}

TEST_CASE("when no chain has it, any language present is better than nothing") {
    LanguageFallback fallback({}, "en");
    LocalizedText text;
    text.byLanguage = {{"th", "ผ้าไหม"}};
    std::string used;
    CHECK(fallback.resolve(text, "ru", &used) == "ผ้าไหม");
    CHECK(used == "th");
}

}
