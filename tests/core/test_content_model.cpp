#include <doctest/doctest.h>

#include <filesystem>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/content_model.h"

using namespace kiosk;

TEST_SUITE("core.content_model") {

TEST_CASE("dates parse only when they exist in the calendar") {
    CHECK(parseCalendarDate("2025-10-28").has_value());
    CHECK(parseCalendarDate("2024-02-29").has_value());
    CHECK_FALSE(parseCalendarDate("2025-02-29").has_value());
    CHECK_FALSE(parseCalendarDate("2025-13-01").has_value());
    CHECK_FALSE(parseCalendarDate("2025-1-01").has_value());
    CHECK_FALSE(parseCalendarDate("tomorrow").has_value());
}

TEST_CASE("schedule windows are inclusive and kiosk tags target") {
    Item item;
    item.availableFrom = parseCalendarDate("2025-11-01");
    item.availableUntil = parseCalendarDate("2025-11-30");
    CHECK_FALSE(isItemVisible(item, {2025, 10, 31}, {}));
    CHECK(isItemVisible(item, {2025, 11, 1}, {}));
    CHECK(isItemVisible(item, {2025, 11, 30}, {}));
    CHECK_FALSE(isItemVisible(item, {2025, 12, 1}, {}));

    item.kioskTags = {"hall-a"};
    CHECK_FALSE(isItemVisible(item, {2025, 11, 15}, {}));
    CHECK_FALSE(isItemVisible(item, {2025, 11, 15}, {"hall-b"}));
    CHECK(isItemVisible(item, {2025, 11, 15}, {"hall-b", "hall-a"}));
}

TEST_CASE("filtering for a kiosk drops hidden items and their featured entries") {
    Exhibition ex;
    Item shown; shown.id = "shown";
    Item hidden; hidden.id = "hidden"; hidden.kioskTags = {"elsewhere"};
    ex.items = {shown, hidden};
    ex.featured = {"hidden", "shown"};
    const Exhibition filtered = filterForKiosk(ex, {2025, 1, 1}, {"here"});
    REQUIRE(filtered.items.size() == 1);
    CHECK(filtered.items[0].id == "shown");
    REQUIRE(filtered.featured.size() == 1);
    CHECK(filtered.featured[0] == "shown");
}

TEST_CASE("the bundled sample exhibition loads with every language and item") {
    const auto result = loadExhibition(std::filesystem::path(KIOSK_SOURCE_DIR) / "content");
    for (const auto& problem : result.problems) MESSAGE(problem.toString());
    REQUIRE(result.snapshot);
    CHECK_FALSE(result.hasErrors());
    const Exhibition& ex = *result.snapshot;
    CHECK(ex.sample);
    CHECK(ex.languages.size() >= 8);
    CHECK(ex.items.size() >= 14);
    CHECK(ex.facts.size() >= 3);
    CHECK(ex.findLanguage("ar")->rightToLeft);
    for (const auto& fact : ex.facts) {
        CHECK_MESSAGE(!fact.source.name.empty(), fact.id);
        CHECK_MESSAGE(fact.source.year > 0, fact.id);
    }
}

TEST_CASE("a missing exhibition folder is an error, not a crash") {
    const auto result = loadExhibition("/nonexistent/exhibition");
    CHECK_FALSE(result.snapshot);
    REQUIRE_FALSE(result.problems.empty());
    CHECK(result.problems[0].message.find("not found") != std::string::npos);
}

}
