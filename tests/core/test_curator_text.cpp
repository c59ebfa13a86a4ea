// Plural rules (CLDR), writing-script detection and in-place JSON text edits.
#include <doctest/doctest.h>

#include <filesystem>

#include "kiosk/core/json_edit.h"
#include "kiosk/core/plural_rules.h"
#include "kiosk/core/text_script.h"
#include "kiosk/core/ui_strings.h"

using namespace kiosk;

TEST_SUITE("core.plurals") {

TEST_CASE("CLDR cardinal categories of whole numbers") {
    using P = PluralCategory;
    CHECK(pluralCategory("en", 1) == P::One);
    CHECK(pluralCategory("en", 0) == P::Other);
    CHECK(pluralCategory("en", 2) == P::Other);
    CHECK(pluralCategory("fr", 0) == P::One);   // French: 0 and 1 are singular
    CHECK(pluralCategory("fr", 1) == P::One);
    CHECK(pluralCategory("fr", 2) == P::Other);
    CHECK(pluralCategory("fr", 1000000) == P::Many);
    CHECK(pluralCategory("es", 1) == P::One);
    CHECK(pluralCategory("es", 0) == P::Other);
    CHECK(pluralCategory("ru", 1) == P::One);
    CHECK(pluralCategory("ru", 21) == P::One);
    CHECK(pluralCategory("ru", 11) == P::Many);
    CHECK(pluralCategory("ru", 3) == P::Few);
    CHECK(pluralCategory("ru", 13) == P::Many);
    CHECK(pluralCategory("ru", 5) == P::Many);
    CHECK(pluralCategory("ar", 0) == P::Zero);
    CHECK(pluralCategory("ar", 2) == P::Two);
    CHECK(pluralCategory("ar", 7) == P::Few);
    CHECK(pluralCategory("ar", 11) == P::Many);
    CHECK(pluralCategory("ar", 100) == P::Other);
    CHECK(pluralCategory("zh-Hans", 1) == P::Other);
    CHECK(pluralCategory("th", 1) == P::Other);
    CHECK(pluralCategory("xx", 1) == P::One);   // unknown: the English rule
}

TEST_CASE("UI strings with a count use the language's plural form") {
    UiStrings strings;
    const auto problems = strings.loadBuiltIn(std::filesystem::path(KIOSK_SOURCE_DIR) / "assets/i18n");
    CHECK(problems.empty());
    CHECK(strings.format("items_count", "en", nullptr, 1) == "1 item");
    CHECK(strings.format("items_count", "en", nullptr, 0) == "0 items");
    CHECK(strings.format("items_count", "en", nullptr, 4) == "4 items");
    CHECK(strings.format("items_count", "fr", nullptr, 1) == "1 objet");
    CHECK(strings.format("items_count", "fr", nullptr, 0) == "0 objet");
    CHECK(strings.format("items_count", "fr", nullptr, 3) == "3 objets");
    CHECK(strings.format("items_count", "es", nullptr, 1) == "1 pieza");
    // A language without plural forms of its own keeps its own text, never English's "1 item".
    CHECK(strings.format("items_count", "zh-Hans", nullptr, 1) == "1 件展品");
    CHECK(strings.format("items_count", "ru", nullptr, 1) == "Экспонатов: 1");
}

TEST_CASE("an exhibition's override of one plural form wins for that form only") {
    UiStrings strings;
    strings.setBuiltIn("en", {{"items_count", "{n} items"}, {"items_count_one", "{n} item"}, {"items_count_other", "{n} items"}});
    Exhibition ex;
    ex.fallback = LanguageFallback({{"*", {"en"}}}, "en");
    ex.uiStrings["en"]["items_count_one"] = "{n} object";
    CHECK(strings.format("items_count", "en", &ex, 1) == "1 object");
    CHECK(strings.format("items_count", "en", &ex, 2) == "2 items");
}

} // TEST_SUITE

TEST_SUITE("core.text_script") {

TEST_CASE("a text in another script than its language's is noticed") {
    CHECK(mismatchedScript("en", "الصين") == WritingScript::Arabic);
    CHECK(mismatchedScript("zh-Hans", "A game that carries a myth to players abroad") == WritingScript::Latin);
    CHECK(mismatchedScript("zh-Hans", "Black Myth: Wukong") == std::nullopt);   // a title kept in English
    CHECK(mismatchedScript("fr", "Ne Zha 2") == std::nullopt);
    CHECK(mismatchedScript("zh-Hans", "UNESCO 非遗") == std::nullopt);   // names inside are fine
    CHECK(mismatchedScript("ar", "2024") == std::nullopt);               // no letters at all
    CHECK(mismatchedScript("ar", "UN") == std::nullopt);                 // too short to judge
    CHECK(mismatchedScript("ru", "Москва") == std::nullopt);
    CHECK(mismatchedScript("th", "Lord of the Mysteries") == std::nullopt);
    CHECK(mismatchedScript("th", "A novel about steam, gaslight and secret societies") == WritingScript::Latin);
    CHECK(mismatchedScript("ja", "ひらがな") == std::nullopt);
    CHECK(mismatchedScript("tlh", "anything") == std::nullopt);          // unknown language: no check
    CHECK(std::string(scriptName(WritingScript::Arabic)) == "Arabic");
}

} // TEST_SUITE

TEST_SUITE("core.json_edit") {

TEST_CASE("replacing a translation changes only its characters") {
    std::string json = "{\n  \"title\": {\"en\": \"Alpha\", \"fr\": \"Alfa\"},\n    \"id\":   \"x\"\n}\n";
    auto edit = setLanguageText(json, "/title", "fr", "Alpha \"quoted\"");
    REQUIRE(edit);
    CHECK(*edit == TextEdit::Changed);
    CHECK(json == "{\n  \"title\": {\"en\": \"Alpha\", \"fr\": \"Alpha \\\"quoted\\\"\"},\n    \"id\":   \"x\"\n}\n");
    edit = setLanguageText(json, "/title", "fr", "Alpha \"quoted\"");
    REQUIRE(edit);
    CHECK(*edit == TextEdit::Unchanged);
}

TEST_CASE("a new translation goes after the last one, on the map's line or a new line") {
    SUBCASE("one-line map") {
        std::string json = "{\"images\": [{\"caption\": {\"en\": \"A\"}}]}";
        auto edit = setLanguageText(json, "/images/0/caption", "ar", "صورة\nثانية");
        REQUIRE(edit);
        CHECK(*edit == TextEdit::Added);
        CHECK(json == "{\"images\": [{\"caption\": {\"en\": \"A\", \"ar\": \"صورة\\nثانية\"}}]}");
    }
    SUBCASE("map over several lines keeps the indentation") {
        std::string json = "{\n  \"story\": {\n    \"en\": \"One\",\n    \"zh-Hans\": \"一\"\n  }\n}";
        auto edit = setLanguageText(json, "/story", "fr", "Un");
        REQUIRE(edit);
        CHECK(json == "{\n  \"story\": {\n    \"en\": \"One\",\n    \"zh-Hans\": \"一\",\n    \"fr\": \"Un\"\n  }\n}");
    }
    SUBCASE("empty map") {
        std::string json = "{\"t\": {}}";
        REQUIRE(setLanguageText(json, "/t", "en", "x"));
        CHECK(json == "{\"t\": {\"en\": \"x\"}}");
    }
}

TEST_CASE("edits that cannot be made are refused and change nothing") {
    const std::string original = "{\"title\": \"Plain\", \"n\": {\"en\": 3}}";
    std::string json = original;
    CHECK_FALSE(setLanguageText(json, "/title", "fr", "x"));    // a plain string, not a map
    CHECK_FALSE(setLanguageText(json, "/nothing", "fr", "x"));
    CHECK_FALSE(setLanguageText(json, "/n", "en", "x"));        // not a string
    CHECK(json == original);
    std::string broken = "{\"title\": {\"en\": \"x\"";
    CHECK_FALSE(setLanguageText(broken, "/title", "fr", "y"));
}

TEST_CASE("keys with '/' and '~' are found through the pointer's escapes") {
    std::string json = "{\"series\": {\"a/b\": {\"en\": \"A\"}, \"c~d\": {\"en\": \"C\"}}}";
    REQUIRE(setLanguageText(json, "/series/a~1b", "fr", "AF"));
    REQUIRE(setLanguageText(json, "/series/c~0d", "fr", "CF"));
    CHECK(json == "{\"series\": {\"a/b\": {\"en\": \"A\", \"fr\": \"AF\"}, \"c~d\": {\"en\": \"C\", \"fr\": \"CF\"}}}");
}

} // TEST_SUITE

#include "kiosk/core/input_script.h"

TEST_SUITE("core.input_script") {

TEST_CASE("expect takes an optional subject, and the preview keys are known") {
    auto script = parseInputScript("expect item ne-zha-2\nexpect home\nkey pagedown\nkey pageup\nkey tab\n", "s.txt");
    REQUIRE(script);
    CHECK(script->commands[0].text == "item");
    CHECK(script->commands[0].subject == "ne-zha-2");
    CHECK(script->commands[1].subject.empty());
    auto bad = parseInputScript("expect item a b\n", "s.txt");
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == "s.txt:1: usage: expect SCREEN [SUBJECT] (e.g. expect item ne-zha-2)");
}

} // TEST_SUITE
