#include "kiosk/ui/kiosk_ui.h"

#include <algorithm>
#include <cmath>

#include "kiosk/core/limits.h"
#include "kiosk/core/log.h"
#include "kiosk/core/utf8.h"
#include "kiosk/ui/idle_countdown.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {

const char* screenName(ScreenId id) {
    switch (id) {
    case ScreenId::Attract: return "attract";
    case ScreenId::Language: return "language";
    case ScreenId::Home: return "home";
    case ScreenId::Category: return "category";
    case ScreenId::Item: return "item";
    case ScreenId::Facts: return "facts";
    case ScreenId::Admin: return "admin";
    case ScreenId::Count: break;
    }
    return "unknown";
}

std::unique_ptr<Screen> makeScreen(ScreenId id, const std::string& adminPinHash) {
    switch (id) {
    case ScreenId::Attract: return makeAttractScreen();
    case ScreenId::Language: return makeLanguageScreen();
    case ScreenId::Home: return makeHomeScreen();
    case ScreenId::Category: return makeCategoryScreen();
    case ScreenId::Item: return makeItemDetailScreen();
    case ScreenId::Facts: return makeFactsScreen();
    case ScreenId::Admin: return makeAdminScreen(adminPinHash);
    case ScreenId::Count: break;
    }
    return nullptr;
}

KioskUi::KioskUi(ContentSnapshot content, const UiStrings& strings, ImageSource& images, EventLog& log,
                 KioskUiSettings settings)
    : content_(std::move(content)), strings_(strings), images_(images), log_(log), settings_(std::move(settings)),
      session_(log_, IdleTimes{settings_.idleTimeoutSeconds, settings_.idleCountdownSeconds, settings_.preview}),
      adminGesture_(settings_.adminTimeoutSeconds) {
    for (int id = 0; id < static_cast<int>(ScreenId::Count); ++id)
        screens_[id] = makeScreen(static_cast<ScreenId>(id), settings_.adminPinHash);
    text_ = std::make_unique<TextEngine>(fonts_);
    fonts_.setCacheFile(settings_.atlasCacheFile);
    std::string start = settings_.startLanguage;
    if (start.empty() || !content_->findLanguage(start)) {
        if (!start.empty()) log::warn("language '" + start + "' is not offered by this exhibition; using its default");
        start = content_->fallback.defaultLanguage();
    }
    setLanguage(start);
    log_.setReleaseVersion(content_->releaseVersion);
    recordScreen(screenName(currentScreen()));
}

KioskUi::~KioskUi() = default;

void KioskUi::recordScreen(const char* name) {
    // Bounded: a kiosk runs for weeks; --stats runs are far shorter than this.
    constexpr std::size_t kMaxScreenHistory = 10000;
    if (history_.size() >= kMaxScreenHistory) history_.erase(history_.begin(), history_.begin() + kMaxScreenHistory / 2);
    history_.emplace_back(name);
}

void KioskUi::offerContent(ContentSnapshot content) { contentSwap_.offer(std::move(content)); }

void KioskUi::prepareOfferedGlyphs() {
    if (settings_.preview || fontsDirty_) return;
    const ContentSnapshot offered = contentSwap_.peek();
    const bool seen = !preparedFor_.owner_before(offered) && !offered.owner_before(preparedFor_);
    if (!offered || seen) return;
    if (fonts_.preparing()) {
        if (!fonts_.preparationFinished()) return;   // an earlier offer's: look again next frame
        fonts_.dropPreparation();
    }
    preparedFor_ = offered;   // once, whether or not it starts (another scale: built at the swap)
    // The texts are collected on the preparation thread, from the snapshot (immutable) and a
    // copy of the interface strings.
    fonts_.prepare([offered, strings = strings_] { return collectGlyphNeeds(*offered, strings); },
                   Theme::make(offered->theme, displaySize_).scale);
}

bool KioskUi::glyphsReadyForSwap() {
    if (settings_.preview || !fonts_.preparing() || fonts_.preparationFinished()) return true;
    if (settings_.waitForGlyphRebuild) {
        fonts_.waitForPreparation();
        return true;
    }
    return false;
}

void KioskUi::applyPendingContent(ContentSnapshot next) {
    if (next->previewProblems != content_->previewProblems) previewOverlay_.panelDismissed = false;
    content_ = std::move(next);
    preparedFor_.reset();
    images_.clear();
    rehearsal_.reset();
    fontsDirty_ = true;
    log_.setReleaseVersion(content_->releaseVersion);
    if (!content_->findLanguage(language_)) setLanguage(content_->fallback.defaultLanguage());
    log::info("showing content release " + content_->releaseVersion);
    requestFrame();
}

void KioskUi::keepScreenAfterReload() {
    const Exhibition& ex = *content_;
    UiContext ctx = makeContext(ImGui::GetBackgroundDrawList());
    // Screens may keep pointers into the snapshot they entered with: leave and enter again.
    screen(currentScreen()).leave(ctx);
    navigation_.keepExisting([&](const Destination& d) { return ContentSwap::placeExists(ex, d); });
    screen(currentScreen()).enter(ctx, currentSubject());
    requestFrame();
}

bool KioskUi::previewKey(const std::string& key) {
    const Exhibition& ex = *content_;
    if (key == "tab" && !ex.languages.empty()) {
        std::size_t at = 0;
        while (at < ex.languages.size() && ex.languages[at].code != language_) ++at;
        setLanguage(ex.languages[(at + 1) % ex.languages.size()].code);
        return true;
    }
    if (key != "pagedown" && key != "pageup") return false;
    // Every item in the order a visitor finds them: categories in order, then any others.
    std::vector<const Item*> items;
    for (const auto& category : ex.categories)
        for (const Item* item : ex.itemsInCategory(category.id)) items.push_back(item);
    for (const auto& item : ex.items)
        if (std::find(items.begin(), items.end(), &item) == items.end()) items.push_back(&item);
    if (items.empty()) return true;
    std::size_t at = items.size();
    if (currentScreen() == ScreenId::Item)
        for (std::size_t i = 0; i < items.size(); ++i)
            if (items[i]->id == currentSubject()) at = i;
    std::size_t next = 0;
    if (at == items.size()) next = key == "pagedown" ? 0 : items.size() - 1;
    else next = key == "pagedown" ? (at + 1) % items.size() : (at + items.size() - 1) % items.size();
    navigate({ScreenId::Item, items[next]->id});
    return true;
}

GlyphNeeds KioskUi::glyphNeeds() const { return collectGlyphNeeds(*content_, strings_); }

GlyphNeeds collectGlyphNeeds(const Exhibition& ex, const UiStrings& strings) {
    std::string all, titles;
    const auto addAll = [&](const LocalizedText& t) {
        for (const auto& [language, text] : t.byLanguage) { all += text; all += ' '; }
    };
    const auto addTitle = [&](const LocalizedText& t) {
        for (const auto& [language, text] : t.byLanguage) { titles += text; titles += ' '; }
        addAll(t);
    };
    addTitle(ex.title);
    addTitle(ex.subtitle);
    for (const auto& language : ex.languages) { titles += language.nativeName; all += language.nativeName; }
    for (const auto& category : ex.categories) { addTitle(category.title); addAll(category.summary); }
    for (const auto& item : ex.items) {
        addTitle(item.title);
        addAll(item.summary); addAll(item.story); addAll(item.origin); addAll(item.partners);
        for (const auto& image : item.images) addAll(image.caption);
    }
    for (const auto& fact : ex.facts) {
        addTitle(fact.title);
        addAll(fact.summary); addAll(fact.unit); addAll(fact.notes);
        for (const auto& label : fact.labels) all += label;
        for (const auto& series : fact.series) addAll(series.name);
        all += fact.source.name + " " + fact.source.url;
    }
    for (const auto& [language, strings] : ex.uiStrings)
        for (const auto& [key, value] : strings) { titles += value; all += value; }
    const std::string interface = strings.allText();
    titles += interface;
    all += interface;
    // Text made at run time (countdown numbers, PIN dots, status lines, chart figures): every
    // printable ASCII character and a few signs, in every role, before the first frame.
    std::string runtime;
    for (char c = 0x20; c < 0x7F; ++c) runtime += c;
    runtime += "\u2022\u2013\u2014\u2026\u00B7\u00B0\u00D7\u00A0%\u20AC\u00A5\u00A3";
    titles += runtime;
    all += runtime;
    return {utf8::decode(all), utf8::decode(titles)};
}

bool KioskUi::fontsNeedBuilding(ImVec2 displaySize) const {
    if (fontsDirty_) return true;
    // Glyphs that turn up at run time never rebuild the atlas here: see updateGlyphAtlas().
    const float scale = Theme::make(content_->theme, displaySize).scale;
    return std::fabs(scale - fonts_.builtScale()) > 0.001f;
}

bool KioskUi::updateGlyphAtlas() {
    // A glyph asked for that the atlas lacks was drawn as a box; the atlas is packed again with
    // it on the rebuild thread (an atlas rebuild takes 0.2-1.2 s: never on this thread in front
    // of a visitor) and swapped in at the next idle moment, the attract loop with no touch.
    if (!fonts_.glyphRebuildRunning() && fonts_.hasRequestedGlyphs()) fonts_.startGlyphRebuild();
    if (!fonts_.glyphRebuildRunning() || currentScreen() != ScreenId::Attract || touch_.down) return false;
    // Headless runs wait for it here, so that what a frame shows never depends on the timing.
    if (settings_.waitForGlyphRebuild) fonts_.waitForGlyphRebuild();
    if (!fonts_.swapInRebuiltGlyphs()) return false;
    requestFrame();   // the boxes become glyphs
    return true;
}

std::vector<std::filesystem::path> KioskUi::firstFrameImages() const {
    if (currentScreen() != ScreenId::Attract) return {};
    // The slide shown (the next one is asked for before its cross-fade, not at start-up).
    std::vector<std::filesystem::path> images = attractSlideImages(*content_);
    if (images.size() > 1) images.resize(1);
    return images;
}

void KioskUi::buildFonts(ImFontAtlas& atlas, ImVec2 displaySize) {
    const float scale = Theme::make(content_->theme, displaySize).scale;
    if (!fonts_.build(atlas, glyphNeeds(), scale)) log::warn("no usable fonts found; text is drawn as boxes");
    const AtlasStats& stats = fonts_.stats();
    log::info("glyph atlas: " + std::to_string(stats.glyphs) + " glyphs, " + std::to_string(stats.width) + "x" +
              std::to_string(stats.height) + ", built in " + std::to_string(static_cast<int>(stats.buildMs)) + " ms" +
              (stats.fromCache ? " from the cache" : "") +
              (stats.fromPreparation ? " from the one packed in the background (" + std::to_string(static_cast<int>(stats.lastPreparationMs)) + " ms there)" : "") + " (faces " + std::to_string(static_cast<int>(stats.facesMs)) +
              " ms" + (stats.facesFromCache ? " from font-faces.cache" : "") + ", " + (stats.fromCache ? "cache " : "shaping ") + std::to_string(static_cast<int>(stats.shapeMs - stats.facesMs)) +
              " ms, rasterizing " + std::to_string(static_cast<int>(stats.rasterMs)) + " ms, packing " +
              std::to_string(static_cast<int>(stats.packMs)) + " ms)");
    fontsDirty_ = false;
}

void KioskUi::setLanguage(const std::string& language) {
    language_ = language;
    const LanguageInfo* info = content_->findLanguage(language);
    text_->setRightToLeft(info && info->rightToLeft);
    log_.setLanguage(language);
    requestFrame();
}

void KioskUi::updateTouch(std::int64_t nowMs) {
    const ImGuiIO& io = ImGui::GetIO();
    TouchState& t = touch_;
    const bool down = io.MouseDown[0];
    const ImVec2 pos = io.MousePos;
    t.pressed = down && !t.down;
    t.released = !down && t.down;
    t.dragDelta = (t.down && down) ? ImVec2(pos.x - t.pos.x, pos.y - t.pos.y) : ImVec2(0, 0);
    if (t.pressed) {
        t.pressPos = pos;
        t.dragging = false;
        t.dragTotal = ImVec2(0, 0);
    }
    if (down) {
        t.dragTotal = ImVec2(pos.x - t.pressPos.x, pos.y - t.pressPos.y);
        const float slop = limits::kTapSlopPx * theme_.scale;
        if (std::fabs(t.dragTotal.x) > slop || std::fabs(t.dragTotal.y) > slop) t.dragging = true;
    }
    t.tapped = t.released && !t.dragging;
    t.down = down;
    t.pos = pos;
    if (down || t.released) session_.noteInput(nowMs);
}

void KioskUi::resetToAttract() {
    session_.end(nowMs_, navigation_.current());
    setLanguage(settings_.startLanguage.empty() || !content_->findLanguage(settings_.startLanguage)
                    ? content_->fallback.defaultLanguage()
                    : settings_.startLanguage);
    UiContext ctx = makeContext(ImGui::GetBackgroundDrawList());
    screen(currentScreen()).leave(ctx);
    navigation_.resetToAttract();
    screen(ScreenId::Attract).enter(ctx, {});
    session_.enteredScreen(nowMs_);
    recordScreen("attract");
    transition_.start(nowMs_);
    // The attract loop must be drawn now: without this the last visitor's screen stayed frozen
    // (nothing animating, no timer) until the next touch.
    requestFrame();
}

void KioskUi::applyMove(UiContext& ctx) {
    const Navigation::Move move = navigation_.takeMove();
    if (move.kind == Navigation::Move::Kind::ToAttract) {
        resetToAttract();
        return;
    }
    if (move.kind != Navigation::Move::Kind::To) return;
    session_.logScreenLeft(nowMs_, navigation_.current());
    screen(currentScreen()).leave(ctx);
    navigation_.commit(move);
    screen(currentScreen()).enter(ctx, currentSubject());
    session_.enteredScreen(nowMs_);
    recordScreen(screenName(currentScreen()));
    transition_.start(nowMs_);
    requestFrame();
}

void KioskUi::endVisit(std::int64_t nowMs) {
    nowMs_ = std::max(nowMs_, nowMs);
    session_.end(nowMs_, navigation_.current());
}

ImRect KioskUi::adminCorner() const { return AdminGesture::corner(theme_, targets_); }

UiContext KioskUi::makeContext(ImDrawList* draw) {
    UiContext ctx{*content_, language_, text_->rightToLeft(), theme_, *text_, images_, strings_, log_, nowMs_, touch_,
                  draw, targets_};
    ctx.navigate = [this](Destination d) { navigate(std::move(d)); };
    ctx.back = [this] { goBack(); };
    ctx.requestAnimationFrame = [this] { animating_ = true; };
    ctx.wakeAt = [this](std::int64_t ms) { screenWakeMs_ = screenWakeMs_ < 0 ? ms : std::min(screenWakeMs_, ms); };
    ctx.setLanguage = [this](const std::string& language) {
        setLanguage(language);
        log_.add(EventType::Language, screenName(currentScreen()));
    };
    ctx.quit = [this] { quitRequested_ = true; if (onQuit) onQuit(); };
    ctx.syncNow = onSyncNow;
    ctx.statusLines = onStatusLines;
    return ctx;
}

std::int64_t KioskUi::nextWakeMs() const {
    std::int64_t wake = screenWakeMs_;
    const auto consider = [&](std::int64_t ms) { if (ms > nowMs_ && (wake < 0 || ms < wake)) wake = ms; };
    consider(session_.nextWakeMs(nowMs_, currentScreen()));
    consider(adminGesture_.opensAtMs());
    // New content waiting for its glyph atlas, still being packed: look again soon (once it is
    // done, the swap waits for an idle moment, which draws frames of its own).
    if (contentSwap_.pending() && fonts_.preparing() && !fonts_.preparationFinished()) consider(nowMs_ + kPreparationPollMs);
    if (currentScreen() == ScreenId::Admin) consider(adminGesture_.overlayClosesAtMs(session_.lastInputMs()));
    return wake;
}

void KioskUi::frame(ImVec2 displaySize, std::int64_t nowMs, const std::vector<std::string>& keys) {
    nowMs_ = nowMs;
    // The theme follows the display size and the content (rebuilt when either changes).
    if (displaySize.x != displaySize_.x || displaySize.y != displaySize_.y) {
        displaySize_ = displaySize;
        theme_ = Theme::make(content_->theme, displaySize);
    }
    animating_ = false;
    screenWakeMs_ = -1;
    targets_.clear();
    session_.startClock(nowMs);

    // Touch and keys: input restarts the idle timer.
    const bool wasIdleCountdown = session_.countdownShowing(nowMs_, currentScreen());
    updateTouch(nowMs);
    if (!keys.empty()) session_.noteInput(nowMs);

    // Content swap: a new release is shown at an idle moment only; a preview shows each save at
    // once. Its glyph atlas is packed on a thread first (started here: FontSet is the UI thread's).
    prepareOfferedGlyphs();
    if (ContentSwap::idleMoment(settings_.preview, currentScreen(), session_.idle(nowMs_), touch_.down) && contentSwap_.pending() &&
        glyphsReadyForSwap()) {
        if (ContentSnapshot next = contentSwap_.take()) {
            applyPendingContent(std::move(next));
            theme_ = Theme::make(content_->theme, displaySize);
            if (settings_.preview) keepScreenAfterReload();
            else if (currentScreen() != ScreenId::Attract) resetToAttract();
            if (fontsDirty_) { animating_ = true; return; }   // the app rebuilds fonts, then draws
        }
    }

    // The background is the renderer's clear colour (clearColor()): a full-screen fill costs
    // a software renderer as much as a photo.
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    UiContext ctx = makeContext(draw);

    // Session: starts with the first frame away from the attract loop.
    session_.beginIfVisiting(nowMs_, currentScreen(), language_);
    ctx.visit = session_.visits();

    const int vertexStart = draw->VtxBuffer.Size;
    // The touch that dismisses "still there?" does nothing else, from press to release.
    if (wasIdleCountdown && touch_.pressed) swallowGesture_ = true;
    if (swallowGesture_) {
        touch_.tapped = false;
        touch_.dragging = false;
        if (!touch_.down) swallowGesture_ = false;
    }
    screen(currentScreen()).draw(ctx);
    drawn_ = currentScreen();
    drawnSubject_ = currentSubject();
    if (settings_.preview) drawPreviewOverlay(ctx, previewOverlay_, currentScreen(), currentSubject());
    for (const auto& key : keys) {
        if (settings_.preview && previewKey(key)) continue;
        if (screen(currentScreen()).key(ctx, key)) continue;
        if (key == "back" || key == "escape") {
            if (currentScreen() != ScreenId::Attract) goBack();
        } else if (key == "home" && currentScreen() != ScreenId::Attract) {
            navigate({ScreenId::Home, {}});
        }
    }

    // Transition: the new screen slides in a little and fades up from the background.
    if (transition_.apply(draw, vertexStart, displaySize, theme_, text_->rightToLeft(), nowMs_)) animating_ = true;

    // Idle: "still there?" then back to the attract loop with a fresh session.
    switch (session_.idleStep(nowMs_, currentScreen())) {
    case VisitorSession::IdleStep::Reset:
        log_.add(EventType::IdleReset, screenName(currentScreen()));
        resetToAttract();
        break;
    case VisitorSession::IdleStep::Countdown:
        if (drawIdleCountdown(ctx, session_)) animating_ = true;
        break;
    case VisitorSession::IdleStep::None: break;
    }

    // Admin: the technician overlay closes and locks itself when nobody touches it...
    if (currentScreen() == ScreenId::Admin && adminGesture_.overlayTimedOut(nowMs_, session_.lastInputMs())) {
        log::info("technician overlay closed after " + std::to_string(settings_.adminTimeoutSeconds) + " s without a touch");
        resetToAttract();
    }
    // ...and opens after a hold on the hidden corner.
    if (adminGesture_.update(nowMs_, touch_, adminCorner(), currentScreen() == ScreenId::Admin)) {
        navigation_.clearRequests();
        navigate({ScreenId::Admin, {}});
    }

    // Navigation requested during drawing happens now, between frames' content.
    applyMove(ctx);
    if (touch_.down || touch_.released) animating_ = true;   // follow the finger, show the release

    // What idle time may rehearse: the screens this one's controls lead to.
    if (hitTargetsAreCurrent()) {
        const auto& back = navigation_.backStack();
        rehearsal_.plan(navigation_.current(), language_, targets_, back.empty() ? nullptr : &back.back());
    }
}

const std::vector<PictureRequest>& KioskUi::picturesAhead() const {
    static const std::vector<PictureRequest> none;
    if (hitTargetsAreCurrent() || fontsDirty_) return none;
    return rehearsal_.picturesOf(navigation_.current(), language_);
}

const ImDrawList* KioskUi::rehearseNext() {
    if (!rehearsalPending()) return nullptr;
    // From the attract loop, the screens rehearsed are those of the visit a tap begins.
    const std::uint64_t visit = session_.active() ? session_.visits() : session_.visits() + 1;
    return rehearsal_.rehearseNext(RehearsalEnvironment{*content_, theme_, *text_, images_, strings_, nowMs_, visit});
}

} // namespace kiosk::ui
