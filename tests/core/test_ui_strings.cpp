#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "kiosk/core/ui_strings.h"

using namespace kiosk;

TEST_SUITE("core.ui_strings") {

TEST_CASE("every language file has every key the English one has") {
    UiStrings strings;
    const auto problems = strings.loadBuiltIn(std::filesystem::path(KIOSK_SOURCE_DIR) / "assets/i18n");
    CHECK(problems.empty());
    const auto keys = strings.keys();
    REQUIRE(keys.size() > 20);
    for (const auto& language : strings.languages()) {
        for (const auto& key : keys) {
            const std::string text = strings.get(key, language, nullptr);
            CHECK_MESSAGE(text != key, language << " lacks '" << key << "'");
        }
    }
}

TEST_CASE("exhibition overrides win, then built-in strings, then the key itself") {
    UiStrings strings;
    strings.setBuiltIn("en", {{"back", "Back"}, {"items_count", "{n} items"}});
    strings.setBuiltIn("fr", {{"back", "Retour"}});
    Exhibition ex;
    ex.fallback = LanguageFallback({{"*", {"en"}}}, "en");
    ex.uiStrings["fr"]["back"] = "Revenir";
    CHECK(strings.get("back", "fr", &ex) == "Revenir");
    CHECK(strings.get("back", "fr", nullptr) == "Retour");
    CHECK(strings.get("back", "ar", &ex) == "Back");
    CHECK(strings.get("no_such_key", "fr", &ex) == "no_such_key");
    CHECK(strings.format("items_count", "fr", &ex, 4) == "4 items");
}

}
