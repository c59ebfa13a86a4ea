// Fallback chains (zh-Hant -> zh-Hans -> en, the "*" chain, the default language) and
// schedule/targeting (available_from/until inclusive, kiosk tags).
#include <doctest/doctest.h>

#include "kiosk/core/content_model.h"
#include "kiosk/core/json_positions.h"
#include "kiosk/core/localized_text.h"

using namespace kiosk;

namespace {
LocalizedText texts(std::initializer_list<std::pair<const char*, const char*>> entries) {
    LocalizedText out;
    for (const auto& [language, text] : entries) out.byLanguage[language] = text;
    return out;
}
} // namespace

TEST_SUITE("content") {

TEST_CASE("fallback chain zh-Hant -> zh-Hans -> en") {
    const LanguageFallback fallback({{"zh-Hant", {"zh-Hans", "en"}}, {"*", {"en"}}}, "en");
    CHECK(fallback.chainFor("zh-Hant") == std::vector<std::string>{"zh-Hant", "zh-Hans", "en"});
    std::string used;
    CHECK(fallback.resolve(texts({{"zh-Hant", "貓"}, {"zh-Hans", "猫"}, {"en", "cat"}}), "zh-Hant", &used) == "貓");
    CHECK(used == "zh-Hant");
    CHECK(fallback.resolve(texts({{"zh-Hans", "猫"}, {"en", "cat"}}), "zh-Hant", &used) == "猫");
    CHECK(used == "zh-Hans");
    CHECK(fallback.resolve(texts({{"en", "cat"}, {"fr", "chat"}}), "zh-Hant", &used) == "cat");
    CHECK(used == "en");
    // An empty text counts as missing.
    CHECK(fallback.resolve(texts({{"zh-Hans", ""}, {"en", "cat"}}), "zh-Hant", &used) == "cat");
}

TEST_CASE("the * chain applies to every language, then the default language") {
    const LanguageFallback fallback({{"*", {"fr"}}}, "es");
    CHECK(fallback.chainFor("ar") == std::vector<std::string>{"ar", "fr", "es"});
    std::string used;
    CHECK(fallback.resolve(texts({{"fr", "chat"}, {"es", "gato"}}), "ar", &used) == "chat");
    CHECK(used == "fr");
    CHECK(fallback.resolve(texts({{"es", "gato"}, {"en", "cat"}}), "ar", &used) == "gato");
    CHECK(used == "es");
    // Nothing in the chain: any text present rather than a blank screen.
    CHECK(fallback.resolve(texts({{"th", "แมว"}}), "ar", &used) == "แมว");
    CHECK(used == "th");
    CHECK(fallback.resolve(LocalizedText{}, "ar", &used).empty());
    CHECK(used.empty());
}

TEST_CASE("the chain has no repeats") {
    const LanguageFallback fallback({{"vi", {"en", "vi"}}, {"*", {"en"}}}, "en");
    CHECK(fallback.chainFor("vi") == std::vector<std::string>{"vi", "en"});
    CHECK(fallback.chainFor("en") == std::vector<std::string>{"en"});
}

TEST_CASE("available_from and available_until are inclusive") {
    Item item;
    item.availableFrom = parseCalendarDate("2025-11-05");
    item.availableUntil = parseCalendarDate("2025-11-10");
    CHECK_FALSE(isItemVisible(item, {2025, 11, 4}, {}));
    CHECK(isItemVisible(item, {2025, 11, 5}, {}));
    CHECK(isItemVisible(item, {2025, 11, 10}, {}));
    CHECK_FALSE(isItemVisible(item, {2025, 11, 11}, {}));
    CHECK_FALSE(isItemVisible(item, {2026, 1, 1}, {}));
    Item openEnded;
    openEnded.availableFrom = parseCalendarDate("2025-11-05");
    CHECK(isItemVisible(openEnded, {2099, 12, 31}, {}));
}

TEST_CASE("kiosk tags: an item with tags shows only on kiosks carrying one of them") {
    Item item;
    item.kioskTags = {"hall-a", "zh-market"};
    CHECK_FALSE(isItemVisible(item, {2025, 1, 1}, {}));
    CHECK_FALSE(isItemVisible(item, {2025, 1, 1}, {"hall-b"}));
    CHECK(isItemVisible(item, {2025, 1, 1}, {"hall-b", "zh-market"}));
    Item untargeted;
    CHECK(isItemVisible(untargeted, {2025, 1, 1}, {"hall-b"}));
}

TEST_CASE("filterForKiosk drops hidden items and featured ids pointing at them") {
    Exhibition ex;
    Item a, b;
    a.id = "a";
    b.id = "b";
    b.availableUntil = parseCalendarDate("2025-01-31");
    ex.items = {a, b};
    ex.featured = {"b", "a"};
    const Exhibition filtered = filterForKiosk(ex, {2025, 2, 1}, {});
    REQUIRE(filtered.items.size() == 1);
    CHECK(filtered.items[0].id == "a");
    CHECK(filtered.featured == std::vector<std::string>{"a"});
}

TEST_CASE("calendar dates") {
    CHECK(parseCalendarDate("2024-02-29").has_value());
    CHECK_FALSE(parseCalendarDate("2025-02-29").has_value());
    CHECK_FALSE(parseCalendarDate("2025-13-01").has_value());
    CHECK_FALSE(parseCalendarDate("2025-1-01").has_value());
    CHECK_FALSE(parseCalendarDate("25-01-01xx").has_value());
    CHECK_FALSE(parseCalendarDate("").has_value());
}

TEST_CASE("JSON positions map pointers to keys") {
    const std::string text = "{\n  \"a\": 1,\n  \"list\": [\n    {\"b/c\": \"x\"},\n    \"é\", \"y\"\n  ]\n}";
    const auto positions = JsonPositions::scan(text, 64);
    CHECK(positions.find("").line == 1);
    CHECK(positions.find("/a").line == 2);
    CHECK(positions.find("/a").column == 3);
    CHECK(positions.find("/list").line == 3);
    CHECK(positions.find("/list/0").line == 4);
    CHECK(positions.find("/list/0/b~1c").line == 4);
    CHECK(positions.find("/list/0/b~1c").column == 6);
    CHECK(positions.find("/list/2").line == 5);
    CHECK(positions.find("/list/2").column == 10);   // columns count code points: "é" is one
    CHECK(positions.find("/missing").line == 0);
    CHECK(positions.duplicateKeys().empty());
}

TEST_CASE("JSON positions skip a byte-order mark") {
    const auto positions = JsonPositions::scan("\xEF\xBB\xBF{\n  \"titel\": 1}", 64);
    CHECK(positions.find("/titel").line == 2);
    CHECK(positions.find("/titel").column == 3);
}

TEST_CASE("JSON positions survive malformed and deep input") {
    CHECK(JsonPositions::scan("{\"a\": [1, 2", 64).find("/a/1").line == 1);
    CHECK(JsonPositions::scan("{\"a\" 1}", 64).find("/a").line == 1);
    CHECK(JsonPositions::scan(std::string(5000, '['), 64).tooDeep());
    CHECK_FALSE(JsonPositions::scan("\"\\u12", 64).tooDeep());
    const auto duplicates = JsonPositions::scan("{\"k\": 1,\n \"k\": 2}", 64).duplicateKeys();
    REQUIRE(duplicates.size() == 1);
    CHECK(duplicates[0].pointer == "/k");
    CHECK(duplicates[0].position.line == 2);
}

} // TEST_SUITE
