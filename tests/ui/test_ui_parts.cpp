// The parts of KioskUi one at a time, with a fake clock (plain millisecond numbers) and no ImGui
// context: navigation and the back stack, the visitor session and idle timer, the technician's
// hidden corner and overlay timeout, the screen transition and the content swap.
#include <doctest/doctest.h>

#include <cmath>

#include <thread>

#include "kiosk/core/limits.h"
#include "kiosk/text/text_limits.h"
#include "kiosk/ui/admin_gesture.h"
#include "kiosk/ui/content_swap.h"
#include "kiosk/ui/navigation.h"
#include "kiosk/ui/screen_rehearsal.h"
#include "kiosk/ui/screen_transition.h"
#include "kiosk/ui/visitor_session.h"
#include "ui_harness.h"

using namespace kiosk;
using namespace kiosk::ui;
using Kind = Navigation::Move::Kind;

namespace {

// Asks for `to` and carries the move out, as KioskUi does after a frame.
Navigation::Move go(Navigation& nav, Destination to) {
    nav.request(std::move(to));
    const Navigation::Move move = nav.takeMove();
    if (move.kind == Kind::ToAttract) nav.resetToAttract();
    else nav.commit(move);
    return move;
}

Navigation::Move back(Navigation& nav) {
    nav.requestBack();
    const Navigation::Move move = nav.takeMove();
    if (move.kind == Kind::ToAttract) nav.resetToAttract();
    else nav.commit(move);
    return move;
}

std::vector<std::string> typesOf(const std::vector<Event>& events) {
    std::vector<std::string> types;
    for (const Event& e : events) types.emplace_back(eventTypeName(e.type));
    return types;
}

TouchState finger(ImVec2 at, ImVec2 pressedAt, bool down = true) {
    TouchState t;
    t.down = down;
    t.pos = at;
    t.pressPos = pressedAt;
    return t;
}

} // namespace

TEST_SUITE("ui.parts") {

TEST_CASE("navigation: back retraces the visit, and language and admin are never on the back stack") {
    Navigation nav;
    CHECK(nav.current().screen == ScreenId::Attract);
    go(nav, {ScreenId::Language, {}});
    go(nav, {ScreenId::Home, {}});
    CHECK(nav.backStack().empty());   // going home clears it; attract and language are not places to return to
    go(nav, {ScreenId::Category, "games"});
    go(nav, {ScreenId::Item, "black-myth-wukong"});
    go(nav, {ScreenId::Facts, {}});
    REQUIRE(nav.backStack().size() == 3);
    CHECK(back(nav).target.subject == "black-myth-wukong");
    CHECK(nav.current().screen == ScreenId::Item);
    CHECK(back(nav).target.subject == "games");
    CHECK(nav.current().screen == ScreenId::Category);
    CHECK(back(nav).target.screen == ScreenId::Home);
    CHECK(nav.backStack().empty());
    // Back from home with nothing behind it: the attract loop (the visit ends).
    CHECK(back(nav).kind == Kind::ToAttract);
    CHECK(nav.current().screen == ScreenId::Attract);

    go(nav, {ScreenId::Home, {}});
    go(nav, {ScreenId::Category, "games"});
    go(nav, {ScreenId::Admin, {}});
    CHECK(nav.backStack().size() == 2);   // home and the category: admin itself is not pushed
    go(nav, {ScreenId::Item, "black-myth-wukong"});
    REQUIRE(nav.backStack().size() == 2);
    CHECK(nav.backStack().back().subject == "games");
}

TEST_CASE("navigation: the last request of a frame wins, a forward request beats back, the same place is no move") {
    Navigation nav;
    go(nav, {ScreenId::Home, {}});
    nav.request({ScreenId::Category, "games"});
    nav.request({ScreenId::Item, "black-myth-wukong"});
    nav.requestBack();
    const Navigation::Move move = nav.takeMove();
    CHECK(move.kind == Kind::To);
    CHECK(!move.back);
    CHECK(move.target.screen == ScreenId::Item);
    CHECK(nav.takeMove().kind == Kind::None);   // the requests were consumed, back included
    nav.commit(move);
    CHECK(go(nav, {ScreenId::Item, "black-myth-wukong"}).kind == Kind::None);
    CHECK(nav.backStack().size() == 1);
    // From a screen with an empty stack that is not home, back goes home.
    Navigation other;
    go(other, {ScreenId::Facts, "gdp"});
    CHECK(back(other).target.screen == ScreenId::Home);
    nav.request({ScreenId::Home, {}});
    nav.clearRequests();
    CHECK(nav.takeMove().kind == Kind::None);
    CHECK(go(nav, {ScreenId::Attract, {}}).kind == Kind::ToAttract);
    CHECK(nav.backStack().empty());
}

TEST_CASE("navigation: after new content the places that are gone leave the back stack, a gone current place becomes home") {
    Navigation nav;
    go(nav, {ScreenId::Home, {}});
    go(nav, {ScreenId::Category, "gone-category"});
    go(nav, {ScreenId::Category, "games"});
    go(nav, {ScreenId::Item, "gone-item"});
    const auto exists = [](const Destination& d) { return d.subject.rfind("gone", 0) != 0; };
    CHECK(nav.keepExisting(exists));
    CHECK(nav.current().screen == ScreenId::Home);
    REQUIRE(nav.backStack().size() == 2);
    CHECK(nav.backStack()[0].screen == ScreenId::Home);
    CHECK(nav.backStack()[1].subject == "games");
    CHECK_FALSE(nav.keepExisting(exists));
}

TEST_CASE("visitor session: countdown after the idle timeout, reset after the countdown, input starts over") {
    MemoryEventSink sink;
    EventLog log(&sink);
    VisitorSession session(log, IdleTimes{60, 10, false});
    session.startClock(1000);
    session.startClock(5000);   // only the first frame starts it
    CHECK(session.lastInputMs() == 1000);
    CHECK(session.idleStep(60999, ScreenId::Home) == VisitorSession::IdleStep::None);
    CHECK(session.nextWakeMs(30000, ScreenId::Home) == 61000);
    CHECK(session.idleStep(61000, ScreenId::Home) == VisitorSession::IdleStep::Countdown);
    CHECK(session.countdownSecondsLeft(61000) == 10);
    CHECK(session.countdownSecondsLeft(61001) == 10);
    CHECK(session.countdownSecondsLeft(62000) == 9);
    CHECK(session.countdownSecondsLeft(90000) == 0);
    CHECK(session.nextWakeMs(61500, ScreenId::Home) == 62000);   // a tick every second
    CHECK(session.idleStep(71000, ScreenId::Home) == VisitorSession::IdleStep::Reset);
    // Never on the attract loop or the technician overlay (it has its own timeout).
    CHECK(session.idleStep(71000, ScreenId::Attract) == VisitorSession::IdleStep::None);
    CHECK(session.idleStep(71000, ScreenId::Admin) == VisitorSession::IdleStep::None);
    CHECK(session.nextWakeMs(30000, ScreenId::Attract) == -1);
    CHECK(session.countdownShowing(61000, ScreenId::Item));
    CHECK_FALSE(session.countdownShowing(61000, ScreenId::Attract));
    session.noteInput(65000);
    CHECK(session.idleStep(71000, ScreenId::Home) == VisitorSession::IdleStep::None);
    CHECK(session.idleAtMs() == 125000);
    CHECK(session.resetAtMs() == 135000);

    VisitorSession preview(log, IdleTimes{60, 10, true});
    preview.startClock(1000);
    CHECK(preview.idleStep(500000, ScreenId::Item) == VisitorSession::IdleStep::None);
    CHECK(preview.nextWakeMs(500000, ScreenId::Item) == -1);
    CHECK(sink.events().empty());   // the idle timer alone logs nothing
}

TEST_CASE("visitor session: one session from the first screen away from attract, views with dwell times, one end") {
    MemoryEventSink sink;
    EventLog log(&sink);
    VisitorSession session(log, IdleTimes{60, 10, false});
    session.beginIfVisiting(1000, ScreenId::Attract, "en");
    CHECK_FALSE(session.active());
    session.end(1500, {ScreenId::Attract, {}});   // no session: nothing
    CHECK(sink.events().empty());
    session.beginIfVisiting(2000, ScreenId::Language, "en");
    session.beginIfVisiting(2100, ScreenId::Home, "en");   // already running
    CHECK(session.active());
    session.enteredScreen(2000);
    session.logScreenLeft(2500, {ScreenId::Language, {}});
    session.enteredScreen(2500);
    session.logScreenLeft(7500, {ScreenId::Item, "black-myth-wukong"});
    session.enteredScreen(7500);
    session.logScreenLeft(8000, {ScreenId::Admin, {}});   // not a view
    session.enteredScreen(8000);
    session.end(9000, {ScreenId::Home, {}});
    CHECK_FALSE(session.active());
    const auto events = sink.events();
    CHECK(typesOf(events) == std::vector<std::string>{"session_start", "view", "view", "view", "session_end"});
    REQUIRE(events.size() == 5);
    CHECK(events[1].screen == "language");
    CHECK(events[1].value == 500);
    CHECK(events[2].item == "black-myth-wukong");
    CHECK(events[2].value == 5000);
    CHECK(events[3].screen == "home");
    CHECK(events[4].value == 7000);   // session length
    session.end(10000, {ScreenId::Home, {}});
    CHECK(sink.events().size() == 5);   // ended once
}

TEST_CASE("admin gesture: a hold of kAdminHoldMs inside the corner opens the overlay once, and leaving the corner starts over") {
    AdminGesture gesture(20);
    const ImRect corner(ImVec2(0, 0), ImVec2(120, 120));
    const ImVec2 in(6, 6), out(300, 300);
    CHECK_FALSE(gesture.update(1000, finger(in, in), corner, false));
    CHECK(gesture.opensAtMs() == 1000 + limits::kAdminHoldMs);
    CHECK_FALSE(gesture.update(1000 + limits::kAdminHoldMs - 1, finger(in, in), corner, false));
    // The finger slides out and back: the hold starts again.
    CHECK_FALSE(gesture.update(3500, finger(out, in), corner, false));
    CHECK(gesture.opensAtMs() == -1);
    CHECK_FALSE(gesture.update(3600, finger(in, in), corner, false));
    CHECK_FALSE(gesture.update(3600 + limits::kAdminHoldMs - 1, finger(in, in), corner, false));
    CHECK(gesture.update(3600 + limits::kAdminHoldMs, finger(in, in), corner, false));
    CHECK(gesture.opensAtMs() == -1);
    // A press outside that slides into the corner is no hold; nor is a hold on the overlay itself.
    for (int ms = 0; ms <= limits::kAdminHoldMs + 100; ms += 100) CHECK_FALSE(gesture.update(20000 + ms, finger(in, out), corner, false));
    for (int ms = 0; ms <= limits::kAdminHoldMs + 100; ms += 100) CHECK_FALSE(gesture.update(30000 + ms, finger(in, in), corner, true));
    // The overlay's own timeout.
    CHECK(gesture.overlayClosesAtMs(5000) == 25000);
    CHECK_FALSE(gesture.overlayTimedOut(24999, 5000));
    CHECK(gesture.overlayTimedOut(25000, 5000));
}

TEST_CASE("admin gesture: the hidden corner is cut back so that no visitor control lies in it") {
    Theme theme{};
    theme.scale = 1.0f;
    theme.screen = ImVec2(1920, 1080);
    CHECK(AdminGesture::corner(theme, {}).Max.x == doctest::Approx(120));
    // The back arrow of the top bar (72 px margin, 96 px target) keeps the corner left of it.
    const std::vector<HitTarget> backArrow{{"Back", "back", ImRect(ImVec2(56, 16), ImVec2(152, 112))}};
    const ImRect corner = AdminGesture::corner(theme, backArrow);
    CHECK_FALSE(corner.Overlaps(backArrow[0].rect));
    CHECK(corner.Contains(ImVec2(6, 6)));
    // A whole-screen target (the attract loop's "touch to start") does not shrink it.
    const std::vector<HitTarget> whole{{"Touch", "start", ImRect(ImVec2(0, 0), theme.screen)}};
    CHECK(AdminGesture::corner(theme, whole).Max.y == doctest::Approx(120));
    // Scaled with the screen.
    theme.scale = 0.5f;
    CHECK(AdminGesture::corner(theme, {}).Max.x == doctest::Approx(60));
}

TEST_CASE("screen transition: eases out over kTransitionMs from a slide on the reading side") {
    ScreenTransition transition;
    Theme theme{};
    theme.scale = 1.0f;
    CHECK_FALSE(transition.running(0));   // nothing at start-up
    transition.start(1000);
    CHECK(transition.progress(1000) == 0.0f);
    CHECK(transition.running(1000 + limits::kTransitionMs - 1));
    CHECK_FALSE(transition.running(1000 + limits::kTransitionMs));
    CHECK(ScreenTransition::slideOffsetPx(0.0f, theme, false) == doctest::Approx(ScreenTransition::kSlideDesignPx));
    CHECK(ScreenTransition::slideOffsetPx(0.0f, theme, true) == doctest::Approx(-ScreenTransition::kSlideDesignPx));
    CHECK(ScreenTransition::slideOffsetPx(1.0f, theme, false) == doctest::Approx(0.0f));
    const float half = ScreenTransition::slideOffsetPx(0.5f, theme, false);
    CHECK(half < ScreenTransition::kSlideDesignPx * 0.5f);   // ease-out: most of the way early
    CHECK(half > 0.0f);
    // Whole pixels all the way, at any scale.
    theme.scale = 1.37f;
    for (float p = 0.0f; p <= 1.0f; p += 0.0625f) {
        const float dx = ScreenTransition::slideOffsetPx(p, theme, p > 0.5f);
        CHECK(dx == std::round(dx));
    }
}

TEST_CASE("content swap: the last offer is taken once, at idle moments only, never under a finger") {
    ContentSwap swap;
    CHECK_FALSE(swap.pending());
    CHECK(swap.take() == nullptr);
    auto first = std::make_shared<Exhibition>();
    first->releaseVersion = "1";
    auto second = std::make_shared<Exhibition>();
    second->releaseVersion = "2";
    std::thread sync([&] { swap.offer(first); swap.offer(second); });
    sync.join();
    CHECK(swap.pending());
    const ContentSnapshot taken = swap.take();
    REQUIRE(taken);
    CHECK(taken->releaseVersion == "2");
    CHECK_FALSE(swap.pending());
    CHECK(ContentSwap::idleMoment(false, ScreenId::Attract, false, false));
    CHECK_FALSE(ContentSwap::idleMoment(false, ScreenId::Attract, false, true));
    CHECK_FALSE(ContentSwap::idleMoment(false, ScreenId::Item, false, false));
    CHECK(ContentSwap::idleMoment(false, ScreenId::Item, true, false));
    CHECK(ContentSwap::idleMoment(true, ScreenId::Item, false, false));
    CHECK_FALSE(ContentSwap::idleMoment(true, ScreenId::Item, false, true));
}

TEST_CASE("content swap: a place exists when its item, category or fact does") {
    const Exhibition& ex = kiosk::testing::sampleExhibition();
    REQUIRE(!ex.items.empty());
    REQUIRE(!ex.facts.empty());
    CHECK(ContentSwap::placeExists(ex, {ScreenId::Item, ex.items.front().id}));
    CHECK_FALSE(ContentSwap::placeExists(ex, {ScreenId::Item, "no-such-item"}));
    CHECK(ContentSwap::placeExists(ex, {ScreenId::Category, ex.categories.front().id}));
    CHECK_FALSE(ContentSwap::placeExists(ex, {ScreenId::Category, "no-such-category"}));
    CHECK(ContentSwap::placeExists(ex, {ScreenId::Facts, {}}));
    CHECK(ContentSwap::placeExists(ex, {ScreenId::Facts, ex.facts.front().id}));
    CHECK_FALSE(ContentSwap::placeExists(ex, {ScreenId::Facts, "no-such-fact"}));
    CHECK(ContentSwap::placeExists(ex, {ScreenId::Home, "anything"}));
}

TEST_CASE("screen rehearsal: a control's target id says which screen (and language) a tap opens") {
    const Destination back{ScreenId::Category, "heritage-crafts"};
    const auto step = [&](const std::string& id, ScreenId on, const std::string& subject = {}) {
        return rehearsalStepFor(id, on, subject, "en", &back);
    };
    REQUIRE(step("category:heritage-crafts", ScreenId::Home));
    CHECK(step("category:heritage-crafts", ScreenId::Home)->destination.screen == ScreenId::Category);
    CHECK(step("category:heritage-crafts", ScreenId::Home)->destination.subject == "heritage-crafts");
    CHECK(step("item:tea", ScreenId::Category)->destination.screen == ScreenId::Item);
    CHECK(step("facts", ScreenId::Item)->destination.screen == ScreenId::Facts);
    CHECK(step("start", ScreenId::Attract)->destination.screen == ScreenId::Language);
    CHECK(step("start-home", ScreenId::Attract)->destination.screen == ScreenId::Home);
    CHECK(step("home", ScreenId::Facts)->destination.screen == ScreenId::Home);
    CHECK(step("back", ScreenId::Item, "tea")->destination.subject == "heritage-crafts");
    CHECK_FALSE(rehearsalStepFor("back", ScreenId::Item, "tea", "en", nullptr));   // where back leads is unknown
    // A language opens home from the attract loop and the language screen, else the same screen in it.
    CHECK(step("lang:ar", ScreenId::Attract)->destination.screen == ScreenId::Home);
    CHECK(step("lang:ar", ScreenId::Attract)->language == "ar");
    CHECK(step("lang:ar", ScreenId::Item, "tea")->destination.subject == "tea");
    CHECK(step("lang:ar", ScreenId::Item, "tea")->language == "ar");
    // Controls that open no visitor screen.
    CHECK_FALSE(step("fact:gdp", ScreenId::Facts));
    CHECK_FALSE(step("sync", ScreenId::Admin));
    CHECK_FALSE(step("category:", ScreenId::Home));
    CHECK_FALSE(step("", ScreenId::Home));
}

TEST_CASE("screen rehearsal: idle time lays out the screens a tap leads to, so that their first frame lays out nothing, "
          "and nothing is logged, navigated or shown") {
    const auto visitHome = [](testing::UiHarness& h) {
        h.wait(500);
        REQUIRE(h.tap("lang:en"));
        REQUIRE(h.ui().currentScreen() == ScreenId::Home);
        h.wait(500);
    };
    // Without rehearsal, opening a category lays out its text in its first frame.
    std::size_t laidOutByTheTap = 0;
    {
        testing::UiHarness h(ImVec2(1920, 1080));
        visitHome(h);
        const std::size_t before = h.ui().text().cachedLayouts();
        REQUIRE(h.tap("category:heritage-crafts"));
        laidOutByTheTap = h.ui().text().cachedLayouts() - before;
        CHECK(laidOutByTheTap > 5);
    }
    testing::UiHarness h(ImVec2(1920, 1080));
    visitHome(h);
    REQUIRE(h.ui().rehearsalPending());
    const auto events = h.events().size();
    const auto targets = h.ui().hitTargets().size();
    const std::size_t asked = h.images().asked.size();
    int rehearsed = 0;
    while (const ImDrawList* drawn = h.ui().rehearseNext()) {
        CHECK(drawn->VtxBuffer.Size > 0);
        ++rehearsed;
    }
    CHECK(rehearsed >= 3);                              // the categories, at least
    CHECK(rehearsed <= ScreenRehearsal::kMaxPerScreen);
    CHECK_FALSE(h.ui().rehearsalPending());
    CHECK(h.ui().rehearsedScreens() == rehearsed);
    CHECK(h.events().size() == events);                 // no view, no session, no QR shown
    CHECK(h.ui().currentScreen() == ScreenId::Home);
    CHECK(h.ui().hitTargets().size() == targets);
    CHECK(h.images().asked.size() == asked);            // no picture asked for: no decode starts
    const std::size_t before = h.ui().text().cachedLayouts();
    REQUIRE(h.tap("category:heritage-crafts"));
    CHECK(h.ui().currentScreen() == ScreenId::Category);
    CHECK(h.ui().text().cachedLayouts() == before);     // every text of its first frame was laid out
    // The category screen gets its own plan: its items.
    CHECK(h.ui().rehearsalPending());
    REQUIRE(h.ui().rehearseNext());
    CHECK(h.ui().rehearsedScreens() == rehearsed + 1);
}

TEST_CASE("screen rehearsal notes the pictures a screen asks for: its first frame has them asked for together, before it draws") {
    testing::UiHarness h(ImVec2(1920, 1080));
    h.wait(500);
    REQUIRE(h.tap("lang:en"));
    h.wait(500);
    CHECK(h.ui().picturesAhead().empty());   // home is drawn: nothing ahead
    while (h.ui().rehearseNext()) {}
    // The tap: the category is current, home still drawn.
    const ui::HitTarget* card = h.find("category:heritage-crafts");
    REQUIRE(card);
    h.frame(true, card->rect.GetCenter());
    h.frame(false, card->rect.GetCenter());
    REQUIRE(h.ui().currentScreen() == ScreenId::Category);
    REQUIRE_FALSE(h.ui().hitTargetsAreCurrent());
    const std::vector<ui::PictureRequest> ahead = h.ui().picturesAhead();
    REQUIRE(ahead.size() >= 4);   // heritage-crafts' four cards
    for (const ui::PictureRequest& p : ahead) {
        CHECK(p.coverWidth > 100);   // a card's place, not the whole screen
        CHECK(p.coverWidth < 1000);
    }
    // The first frame asks for exactly those pictures (the harness's images note each file).
    const std::size_t before = h.images().asked.size();
    h.frame();
    REQUIRE(h.ui().hitTargetsAreCurrent());
    std::vector<std::filesystem::path> drawn(h.images().asked.begin() + static_cast<std::ptrdiff_t>(before), h.images().asked.end());
    std::vector<std::filesystem::path> noted;
    for (const ui::PictureRequest& p : ahead) noted.push_back(p.file);
    std::sort(drawn.begin(), drawn.end());
    drawn.erase(std::unique(drawn.begin(), drawn.end()), drawn.end());
    std::sort(noted.begin(), noted.end());
    CHECK(drawn == noted);
    CHECK(h.ui().picturesAhead().empty());   // drawn: nothing ahead any more
}

TEST_CASE("content offered during a visit has its glyph atlas packed meanwhile, and is swapped in at the attract loop") {
    testing::UiHarness h(ImVec2(1920, 1080));
    REQUIRE(h.tap("lang:en"));
    REQUIRE(h.tap("category:heritage-crafts"));
    auto changed = std::make_shared<Exhibition>(*testing::sampleSnapshot());
    changed->title.byLanguage["en"] = "Sharing Beauty Ωμέγα";
    const ContentSnapshot offered = changed;
    h.ui().offerContent(offered);   // as the sync thread does
    CHECK_FALSE(h.ui().fonts().preparing());   // the offering thread touches no font state
    h.frame();
    CHECK(h.ui().fonts().preparing());         // the next frame starts packing, mid-visit
    CHECK(h.ui().currentScreen() == ScreenId::Category);
    CHECK(h.ui().content() != offered);        // not under the visitor's eyes
    h.ui().fonts().waitForPreparation();
    h.key("back");
    h.key("back");
    h.frame();
    REQUIRE(h.ui().currentScreen() == ScreenId::Attract);
    h.frame();
    CHECK(h.ui().content() == offered);
    h.frame();   // the fonts are built for it
    CHECK(h.ui().fonts().stats().fromPreparation);
    CHECK(h.ui().fonts().stats().rasterized == 0);
    CHECK_FALSE(h.ui().fonts().preparing());
}

TEST_CASE("the layout cache, when full, lets go of the least recently used half: the screen shown keeps its layouts") {
    testing::UiHarness h(ImVec2(1920, 1080));
    const ui::TextEngine& text = h.ui().text();
    const text::TextLayout& hot = text.layout("Jingdezhen porcelain", 600, ui::FontRole::Body, 0);
    const std::size_t made = text.layoutsMade();
    // Far more distinct texts than the cache holds, the hot one used all along.
    const std::size_t count = text::limits::kMaxCachedLayouts * 2 + 100;
    for (std::size_t i = 0; i < count; ++i) {
        (void)text.layout("label " + std::to_string(i), 600, ui::FontRole::Body, 0);
        CHECK(&text.layout("Jingdezhen porcelain", 600, ui::FontRole::Body, 0) == &hot);   // never laid out again
        REQUIRE(text.cachedLayouts() <= text::limits::kMaxCachedLayouts);
    }
    CHECK(text.layoutsMade() == made + count);
    CHECK(text.cachedLayouts() > text::limits::kMaxCachedLayouts / 2 - 10);   // half went, not all
    // The most recent labels are still cached, the oldest are not.
    const std::size_t cached = text.layoutsMade();
    (void)text.layout("label " + std::to_string(count - 1), 600, ui::FontRole::Body, 0);
    CHECK(text.layoutsMade() == cached);
    (void)text.layout("label 0", 600, ui::FontRole::Body, 0);
    CHECK(text.layoutsMade() == cached + 1);
}

}
