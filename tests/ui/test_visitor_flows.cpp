// The UI's logic as visitors and technicians meet it, in process (no kiosk process, no window):
// navigation and back, the idle countdown and reset, the technician's hidden corner, PIN pad and
// overlay timeout. These were script runs of the whole executable (tests/app); the end-to-end
// ones that need the real process (captured frames, signals, config files) stay there.
#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk/core/admin_pin.h"
#include "kiosk/core/limits.h"
#include "kiosk/ui/screen.h"
#include "ui_harness.h"

using namespace kiosk;
using namespace kiosk::testing;
using ui::ScreenId;

namespace {

long countType(const std::vector<Event>& events, EventType type) {
    return std::count_if(events.begin(), events.end(), [&](const Event& e) { return e.type == type; });
}

// The script tests' "drag 20 20 22 22 3500": a hold on the hidden corner.
void holdCorner(UiHarness& h) { h.drag(ImVec2(20, 20), ImVec2(22, 22), 3500); }

void typePin(UiHarness& h, const std::string& pin) {
    for (char digit : pin) REQUIRE(h.tap(std::string("pin:") + digit));
    REQUIRE(h.tap("pin:OK"));
}

} // namespace

TEST_SUITE("ui.flows") {

TEST_CASE("a visitor who walks away: still-there countdown, then the attract loop in the default language") {
    UiHarness h(ImVec2(1920, 1080));
    REQUIRE(h.tap("lang:ar"));
    CHECK(h.ui().currentScreen() == ScreenId::Home);
    CHECK(h.ui().language() == "ar");
    h.wait(61000);
    CHECK(h.ui().currentScreen() == ScreenId::Home);   // the countdown shows over home
    REQUIRE(h.find("continue"));
    REQUIRE(h.tap("continue"));                         // a touch keeps the visit alive...
    CHECK(h.ui().currentScreen() == ScreenId::Home);    // ...and does nothing else
    h.wait(30000);
    CHECK(h.ui().currentScreen() == ScreenId::Home);
    CHECK_FALSE(h.find("continue"));
    h.wait(75000);
    CHECK(h.ui().currentScreen() == ScreenId::Attract);
    CHECK(h.ui().language() == h.ui().content()->fallback.defaultLanguage());
    CHECK(h.ui().screenHistory().back() == "attract");
    const auto events = h.events();
    CHECK(countType(events, EventType::SessionStart) == 1);
    CHECK(countType(events, EventType::IdleReset) == 1);
    CHECK(countType(events, EventType::SessionEnd) == 1);
    CHECK(h.ui().backStack().empty());
}

TEST_CASE("home's featured item stays the same all through a visit, and the next visitor sees the next one") {
    UiHarness h(ImVec2(1920, 1080));
    const auto featuredOnHome = [&] {
        REQUIRE(h.ui().currentScreen() == ui::ScreenId::Home);
        std::vector<std::string> items;
        for (const ui::HitTarget& t : h.ui().hitTargets())
            if (t.id.rfind("item:", 0) == 0) items.push_back(t.id);
        REQUIRE(items.size() == 1);
        return items.front();
    };
    REQUIRE(h.tap("lang:en"));
    const std::string first = featuredOnHome();
    // Away and back, at other times: the same item.
    REQUIRE(h.tap("category:heritage-crafts"));
    h.wait(2300);
    h.key("back");
    h.wait(400);
    CHECK(featuredOnHome() == first);
    REQUIRE(h.tap("facts"));
    h.wait(1700);
    h.key("home");
    h.wait(400);
    CHECK(featuredOnHome() == first);
    // The visitor walks away; the next one sees the next featured item.
    h.wait(200000);
    REQUIRE(h.ui().currentScreen() == ui::ScreenId::Attract);
    REQUIRE(h.tap("lang:en"));
    const std::string second = featuredOnHome();
    const std::vector<std::string>& featured = h.ui().content()->featured;
    const auto at = [&](const std::string& id) { return std::find(featured.begin(), featured.end(), id.substr(5)) - featured.begin(); };
    REQUIRE(at(first) < static_cast<long>(featured.size()));
    CHECK(at(second) == (at(first) + 1) % static_cast<long>(featured.size()));
}

TEST_CASE("at start-up the attract loop begins with its first slide, whatever the clock says") {
    // A window's clock counts from the machine's start: hours, and mid-slide. The first frame
    // must show the slide whose image start-up decoded (firstFrameImages), not one picked by
    // the clock.
    for (const std::int64_t start : {std::int64_t{1016}, std::int64_t{limits::kAttractSlideMs} + 500,
                                     std::int64_t{7'200'000} + 3 * limits::kAttractSlideMs + 1234}) {
        CAPTURE(start);
        UiHarness h(ImVec2(1920, 1080), {}, start);
        const auto first = h.ui().firstFrameImages();
        REQUIRE(first.size() == 1u);
        REQUIRE_FALSE(h.images().asked.empty());
        CHECK(h.images().asked.front() == first.front());
        // And the loop moves on one slide after another from there.
        const std::size_t before = h.images().asked.size();
        h.wait(limits::kAttractSlideMs + 100);
        const auto& asked = h.images().asked;
        CHECK(std::find_if(asked.begin() + static_cast<std::ptrdiff_t>(before), asked.end(),
                           [&](const auto& f) { return f != first.front(); }) != asked.end());
    }
}

TEST_CASE("the attract loop lets go of each slide's image once it has faded out, never of the one shown or next") {
    UiHarness h(ImVec2(1920, 1080));
    const auto slides = ui::attractSlideImages(*h.ui().content());
    REQUIRE(slides.size() > 2);   // the sample exhibition: enough slides for the loop to let go
    // Once round and into the first slide again: each slide k was let go when slide k + 1 came.
    h.wait(limits::kAttractSlideMs * static_cast<int>(slides.size()) + 500);
    const auto& released = h.images().released;
    REQUIRE(released.size() == slides.size());
    for (std::size_t k = 0; k < slides.size(); ++k) CHECK(released[k] == slides[k]);
    // On screen now: the first slide again, its image asked for again (decoded again in a
    // window), and it and the next were not let go since.
    CHECK(released.back() != slides[0]);
    CHECK(released.back() != slides[1]);
    CHECK(h.images().asked.back() == slides[0]);
}

TEST_CASE("language choice, category, item, gallery swipe, facts and back navigate as a visitor expects") {
    UiHarness h(ImVec2(1920, 1080));
    REQUIRE(h.tap("lang:th"));
    CHECK(h.ui().currentScreen() == ScreenId::Home);
    REQUIRE(h.tap("category:games"));
    CHECK(h.ui().currentScreen() == ScreenId::Category);
    REQUIRE(h.tap("item:black-myth-wukong"));
    CHECK(h.ui().currentScreen() == ScreenId::Item);
    h.drag(ImVec2(800, 500), ImVec2(200, 500), 200);
    h.wait(400);
    CHECK(h.ui().currentScreen() == ScreenId::Item);
    CHECK(h.ui().currentSubject() == "black-myth-wukong");
    REQUIRE(h.tap("facts"));
    CHECK(h.ui().currentScreen() == ScreenId::Facts);
    REQUIRE(h.tap("back"));
    CHECK(h.ui().currentScreen() == ScreenId::Item);
    REQUIRE(h.tap("back"));
    CHECK(h.ui().currentScreen() == ScreenId::Category);
    REQUIRE(h.tap("back"));
    CHECK(h.ui().currentScreen() == ScreenId::Home);
    REQUIRE(h.tap("lang:en"));
    CHECK(h.ui().currentScreen() == ScreenId::Home);
    CHECK(h.ui().language() == "en");
    // The "back" key from home with nothing behind: the attract loop, and the visit ends.
    h.key("back");
    CHECK(h.ui().currentScreen() == ScreenId::Attract);
    const auto events = h.events();
    CHECK(countType(events, EventType::SessionEnd) == 1);
    CHECK(countType(events, EventType::View) >= 5);
    CHECK(countType(events, EventType::Language) >= 1);
    CHECK(countType(events, EventType::Swipe) == 1);   // the drag across the gallery moved it on
}

TEST_CASE("a screen is drawn in the frame after the navigation to it, and its targets are current then") {
    UiHarness h(ImVec2(1280, 800));
    REQUIRE(h.tap("English"));
    const ui::HitTarget* games = h.find("category:games");
    REQUIRE(games);
    const ImVec2 c = games->rect.GetCenter();
    h.frame(true, c);
    h.frame(false, c);   // the tap: the move happens after this frame's drawing
    CHECK(h.ui().currentScreen() == ScreenId::Category);
    CHECK(h.ui().drawnScreen() == ScreenId::Home);
    CHECK_FALSE(h.ui().hitTargetsAreCurrent());
    CHECK(h.ui().animating());   // the app is asked to draw the new screen
    h.frame();
    CHECK(h.ui().drawnScreen() == ScreenId::Category);
    CHECK(h.ui().hitTargetsAreCurrent());
}

TEST_CASE("holding the back arrow never opens the technician overlay, the corner beside it does") {
    UiHarness h(ImVec2(1920, 1080));
    REQUIRE(h.tap("lang:en"));
    REQUIRE(h.tap("category:games"));
    CHECK(h.ui().currentScreen() == ScreenId::Category);
    // Back arrow of the top bar at 1920x1080 (margin 72 px, 96 px target): centre (104, 64).
    h.drag(ImVec2(104, 64), ImVec2(104, 64), 3600);
    CHECK(h.ui().currentScreen() == ScreenId::Home);
    h.drag(ImVec2(6, 6), ImVec2(6, 6), 3600);
    CHECK(h.ui().currentScreen() == ScreenId::Admin);

    // Right to left, the language chips reach the top-left corner: holding one is a language
    // change (the home screen stays), never the technician overlay.
    UiHarness rtl(ImVec2(1920, 1080));
    REQUIRE(rtl.tap("lang:ar"));
    rtl.drag(ImVec2(100, 64), ImVec2(100, 64), 3600);
    CHECK(rtl.ui().currentScreen() == ScreenId::Home);
}

TEST_CASE("the technician overlay closes and locks itself after admin_timeout_seconds without a touch") {
    ui::KioskUiSettings settings;
    settings.adminTimeoutSeconds = 20;
    UiHarness h(ImVec2(1920, 1080), settings);
    holdCorner(h);
    REQUIRE(h.ui().currentScreen() == ScreenId::Admin);
    CHECK_FALSE(h.find("exit"));   // locked
    typePin(h, kDefaultAdminPin);
    CHECK(h.find("exit"));         // unlocked
    h.wait(18500);                 // 19 s since the last touch
    CHECK(h.ui().currentScreen() == ScreenId::Admin);
    h.wait(1500);
    CHECK(h.ui().currentScreen() == ScreenId::Attract);
    // Opened again it asks for the PIN.
    holdCorner(h);
    REQUIRE(h.ui().currentScreen() == ScreenId::Admin);
    CHECK_FALSE(h.find("exit"));
    CHECK(h.find("pin:OK"));
    // The overlay is no place a visitor views: no view events for it, and a technician who
    // opens it from the attract loop is no visitor: no session either.
    CHECK(countType(h.events(), EventType::View) == 0);
    CHECK(countType(h.events(), EventType::SessionStart) == 0);
    CHECK(countType(h.events(), EventType::SessionEnd) == 0);
}

TEST_CASE("three wrong PINs lock the pad for a while, the right PIN opens it afterwards") {
    const auto hash = hashAdminPin("97531");
    REQUIRE(hash);
    ui::KioskUiSettings settings;
    settings.adminPinHash = *hash;
    {   // The right PIN opens the overlay: its "exit" button is there.
        UiHarness h(ImVec2(1920, 1080), settings);
        holdCorner(h);
        typePin(h, "97531");
        CHECK(h.find("exit"));
    }
    {   // Right PIN right after three wrong ones: still locked. After the delay: open.
        UiHarness h(ImVec2(1920, 1080), settings);
        holdCorner(h);
        REQUIRE(h.ui().currentScreen() == ScreenId::Admin);
        for (const char* wrong : {"1111", "2222", "3333"}) typePin(h, wrong);
        typePin(h, "97531");
        CHECK_FALSE(h.find("exit"));
        h.wait(6000);
        typePin(h, "97531");
        CHECK(h.find("exit"));
    }
    {   // The default PIN is refused when a hash is configured.
        UiHarness h(ImVec2(1920, 1080), settings);
        holdCorner(h);
        typePin(h, kDefaultAdminPin);
        CHECK_FALSE(h.find("exit"));
    }
}

}
