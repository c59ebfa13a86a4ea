// Any item within 3 taps of the attract loop: every item of the sample exhibition is walked to
// by its visible labels, at each supported screen size, and the taps are counted.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "kiosk/core/limits.h"
#include "ui_harness.h"

using namespace kiosk;
using namespace kiosk::testing;

namespace {

constexpr int kMaxTapsToAnyItem = 3;

struct Walk {
    int taps = 0;
    std::string route;
    bool reached = false;
};

// Back to a fresh attract loop, as after a visitor leaves: no touch until the idle reset.
void leaveIdle(UiHarness& h) {
    const ui::KioskUiSettings defaults;
    h.wait((defaults.idleTimeoutSeconds + defaults.idleCountdownSeconds) * 1000 + 500);
    REQUIRE(h.ui().currentScreen() == ui::ScreenId::Attract);
}

bool onItem(UiHarness& h, const Item& item) {
    return h.ui().currentScreen() == ui::ScreenId::Item && h.ui().currentSubject() == item.id;
}

// A featured item: wait on the attract loop until its slide shows, then tap the slide.
Walk walkFeatured(UiHarness& h, const Exhibition& ex, const Item& item) {
    Walk walk;
    const std::string title = ex.text(item.title, "en");
    const int loopMs = static_cast<int>(ex.featured.size()) * limits::kAttractSlideMs;
    for (int waited = 0; waited <= loopMs && !h.find("item:" + item.id); waited += 500) h.wait(500);
    if (!h.find("item:" + item.id)) return walk;
    walk.taps = 1;
    walk.route = "attract slide \"" + title + "\"";
    // The slide's language cycles; tap by id (its label is the title in the language shown).
    walk.reached = h.tap("item:" + item.id) && onItem(h, item);
    return walk;
}

// Any item: the English chip on the attract loop, its category, the item, by visible label.
Walk walkByCategory(UiHarness& h, const Exhibition& ex, const Item& item) {
    Walk walk;
    const Category* category = ex.findCategory(item.category);
    REQUIRE(category);
    const std::string steps[] = {"English", ex.text(category->title, "en"), ex.text(item.title, "en")};
    for (const std::string& label : steps) {
        if (!h.tap(label)) {
            walk.route += " [no \"" + label + "\" on the " + ui::screenName(h.ui().currentScreen()) + " screen]";
            return walk;
        }
        ++walk.taps;
        walk.route += (walk.route.empty() ? "" : " > ") + label;
    }
    walk.reached = onItem(h, item);
    return walk;
}

} // namespace

TEST_SUITE("ui.navigation") {

TEST_CASE("every item is within 3 taps of the attract loop, at every supported size") {
    const Exhibition& ex = sampleExhibition();
    REQUIRE(ex.items.size() >= 10);
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
        CAPTURE(size.x);
        CAPTURE(size.y);
        UiHarness h(size);
        std::map<int, int> histogram;   // taps -> items
        std::ostringstream table;
        for (const Item& item : ex.items) {
            CAPTURE(item.id);
            leaveIdle(h);
            Walk best = walkByCategory(h, ex, item);
            CHECK_MESSAGE(best.reached, "by category: ", best.route);
            CHECK(best.taps <= kMaxTapsToAnyItem);
            const bool featured = std::find(ex.featured.begin(), ex.featured.end(), item.id) != ex.featured.end();
            if (featured) {
                leaveIdle(h);
                const Walk slide = walkFeatured(h, ex, item);
                CHECK_MESSAGE(slide.reached, "featured item on the attract loop");
                CHECK(slide.taps == 1);
                if (slide.reached && slide.taps < best.taps) best = slide;
            }
            ++histogram[best.taps];
            table << "  " << item.id << ": " << best.taps << (best.taps == 1 ? " tap (" : " taps (") << best.route << ")\n";
        }
        int most = 0;
        std::ostringstream summary;
        for (const auto& [taps, items] : histogram) {
            most = std::max(most, taps);
            summary << items << " item(s) in " << taps << " tap(s); ";
        }
        MESSAGE(static_cast<int>(size.x), "x", static_cast<int>(size.y), ": ", summary.str(), "at most ", most, "\n", table.str());
        CHECK(most <= kMaxTapsToAnyItem);
    }
}

TEST_CASE("the language changes in one tap on every screen, and the language screen can be left") {
    UiHarness h(ImVec2(1920, 1080));
    REQUIRE(h.tap("English"));
    CHECK(h.ui().currentScreen() == ui::ScreenId::Home);
    REQUIRE(h.tap("category:games"));
    CHECK(h.ui().currentScreen() == ui::ScreenId::Category);
    // A chip in the top bar: one tap, same screen, new language.
    REQUIRE(h.tap("lang:ar"));
    CHECK(h.ui().language() == "ar");
    CHECK(h.ui().currentScreen() == ui::ScreenId::Category);
    // Home from below home, in one tap.
    REQUIRE(h.tap("home"));
    CHECK(h.ui().currentScreen() == ui::ScreenId::Home);
    // The language screen (the attract pill) can be left without choosing.
    leaveIdle(h);
    REQUIRE(h.tap("start"));
    REQUIRE(h.ui().currentScreen() == ui::ScreenId::Language);
    REQUIRE(h.tap("back"));
    CHECK(h.ui().currentScreen() == ui::ScreenId::Home);
    leaveIdle(h);
    REQUIRE(h.tap("start"));
    REQUIRE(h.tap("home"));
    CHECK(h.ui().currentScreen() == ui::ScreenId::Home);
}

TEST_CASE("a tap on a slide opens its item in the language the attract loop shows") {
    UiHarness h(ImVec2(1920, 1080));
    const Exhibition& ex = sampleExhibition();
    REQUIRE(ex.languages.size() > 2);
    // The third language's turn: 2 cycles in, plus the text fade.
    h.wait(2 * limits::kTouchToStartCycleMs + 500);
    const std::string shown = ex.languages[2].code;
    const ui::HitTarget* slide = nullptr;
    for (const auto& t : h.ui().hitTargets())
        if (t.id.rfind("item:", 0) == 0) slide = &t;
    REQUIRE(slide);
    const std::string itemId = slide->id.substr(5);
    REQUIRE(h.tap(slide->id));
    CHECK(h.ui().currentScreen() == ui::ScreenId::Item);
    CHECK(h.ui().currentSubject() == itemId);
    CHECK(h.ui().language() == shown);
}

TEST_CASE("a walk that cannot be made is reported, not counted (control)") {
    UiHarness h(ImVec2(1920, 1080));
    CHECK_FALSE(h.tap("No such label anywhere"));
    CHECK(h.ui().currentScreen() == ui::ScreenId::Attract);
}

}
