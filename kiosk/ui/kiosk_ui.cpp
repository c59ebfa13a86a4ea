#include "kiosk/ui/kiosk_ui.h"

#include <algorithm>
#include <cmath>

#include "kiosk/core/limits.h"
#include "kiosk/core/log.h"
#include "kiosk/core/utf8.h"
#include "kiosk/ui/label_boxes.h"
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

KioskUi::KioskUi(ContentSnapshot content, const UiStrings& strings, ImageSource& images, EventLog& log,
                 KioskUiSettings settings)
    : content_(std::move(content)), strings_(strings), images_(images), log_(log), settings_(std::move(settings)) {
    screens_[static_cast<int>(ScreenId::Attract)] = makeAttractScreen();
    screens_[static_cast<int>(ScreenId::Language)] = makeLanguageScreen();
    screens_[static_cast<int>(ScreenId::Home)] = makeHomeScreen();
    screens_[static_cast<int>(ScreenId::Category)] = makeCategoryScreen();
    screens_[static_cast<int>(ScreenId::Item)] = makeItemDetailScreen();
    screens_[static_cast<int>(ScreenId::Facts)] = makeFactsScreen();
    screens_[static_cast<int>(ScreenId::Admin)] = makeAdminScreen(settings_.adminPinHash);
    text_ = std::make_unique<TextEngine>(fonts_);
    fonts_.setCacheFile(settings_.atlasCacheFile);
    std::string start = settings_.startLanguage;
    if (start.empty() || !content_->findLanguage(start)) {
        if (!start.empty()) log::warn("language '" + start + "' is not offered by this exhibition; using its default");
        start = content_->fallback.defaultLanguage();
    }
    setLanguage(start);
    log_.setReleaseVersion(content_->releaseVersion);
    recordScreen(screenName(current_.screen));
}

KioskUi::~KioskUi() = default;

void KioskUi::recordScreen(const char* name) {
    // Bounded: a kiosk runs for weeks; --stats runs are far shorter than this.
    constexpr std::size_t kMaxScreenHistory = 10000;
    if (history_.size() >= kMaxScreenHistory) history_.erase(history_.begin(), history_.begin() + kMaxScreenHistory / 2);
    history_.emplace_back(name);
}

void KioskUi::offerContent(ContentSnapshot content) {
    std::lock_guard lock(pendingMutex_);
    pendingContent_ = std::move(content);
}

void KioskUi::applyPendingContent() {
    ContentSnapshot next;
    {
        std::lock_guard lock(pendingMutex_);
        next = std::move(pendingContent_);
        pendingContent_.reset();
    }
    if (!next) return;
    if (next->previewProblems != content_->previewProblems) previewOverlay_.panelDismissed = false;
    content_ = std::move(next);
    images_.clear();
    fontsDirty_ = true;
    log_.setReleaseVersion(content_->releaseVersion);
    if (!content_->findLanguage(language_)) setLanguage(content_->fallback.defaultLanguage());
    log::info("showing content release " + content_->releaseVersion);
    requestFrame();
}

void KioskUi::keepScreenAfterReload() {
    const Exhibition& ex = *content_;
    const auto exists = [&](const Destination& d) {
        switch (d.screen) {
        case ScreenId::Item: return ex.findItem(d.subject) != nullptr;
        case ScreenId::Category: return ex.findCategory(d.subject) != nullptr;
        case ScreenId::Facts: return d.subject.empty() || ex.findFact(d.subject) != nullptr;
        default: return true;
        }
    };
    std::erase_if(backStack_, [&](const Destination& d) { return !exists(d); });
    UiContext ctx = makeContext(ImGui::GetBackgroundDrawList());
    // Screens may keep pointers into the snapshot they entered with: leave and enter again.
    screen(current_.screen).leave(ctx);
    if (!exists(current_)) current_ = {ScreenId::Home, {}};
    screen(current_.screen).enter(ctx, current_.subject);
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
    if (current_.screen == ScreenId::Item)
        for (std::size_t i = 0; i < items.size(); ++i)
            if (items[i]->id == current_.subject) at = i;
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
    if (!fonts_.glyphRebuildRunning() || current_.screen != ScreenId::Attract || touch_.down) return false;
    // Headless runs wait for it here, so that what a frame shows never depends on the timing.
    if (settings_.waitForGlyphRebuild) fonts_.waitForGlyphRebuild();
    if (!fonts_.swapInRebuiltGlyphs()) return false;
    requestFrame();   // the boxes become glyphs
    return true;
}

void KioskUi::buildFonts(ImFontAtlas& atlas, ImVec2 displaySize) {
    const float scale = Theme::make(content_->theme, displaySize).scale;
    if (!fonts_.build(atlas, glyphNeeds(), scale)) log::warn("no usable fonts found; text is drawn as boxes");
    const AtlasStats& stats = fonts_.stats();
    log::info("glyph atlas: " + std::to_string(stats.glyphs) + " glyphs, " + std::to_string(stats.width) + "x" +
              std::to_string(stats.height) + ", built in " + std::to_string(static_cast<int>(stats.buildMs)) + " ms" +
              (stats.fromCache ? " from the cache" : "") + " (faces " + std::to_string(static_cast<int>(stats.facesMs)) +
              " ms, " + (stats.fromCache ? "cache " : "shaping ") + std::to_string(static_cast<int>(stats.shapeMs - stats.facesMs)) +
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
    if (down || t.released) lastInputMs_ = nowMs;
}

void KioskUi::navigate(Destination destination) { pendingNavigation_.push_back(std::move(destination)); }
void KioskUi::goBack() { pendingBack_ = true; }

void KioskUi::logScreenLeft() {
    // Views belong to a visitor's session; the attract loop and the technician's overlay are not views.
    if (!sessionActive_ || current_.screen == ScreenId::Attract || current_.screen == ScreenId::Admin) return;
    log_.add(EventType::View, screenName(current_.screen), current_.subject,
             static_cast<double>(std::max<std::int64_t>(0, nowMs_ - screenEnteredMs_)));
}

void KioskUi::resetToAttract() {
    if (sessionActive_) {
        logScreenLeft();
        log_.endSession(nowMs_ - sessionStartMs_);
        sessionActive_ = false;
    }
    backStack_.clear();
    setLanguage(settings_.startLanguage.empty() || !content_->findLanguage(settings_.startLanguage)
                    ? content_->fallback.defaultLanguage()
                    : settings_.startLanguage);
    pendingNavigation_.clear();
    pendingBack_ = false;
    UiContext ctx = makeContext(ImGui::GetBackgroundDrawList());
    screen(current_.screen).leave(ctx);
    current_ = {ScreenId::Attract, {}};
    screen(ScreenId::Attract).enter(ctx, {});
    screenEnteredMs_ = nowMs_;
    recordScreen("attract");
    transitionStartMs_ = nowMs_;
    // The attract loop must be drawn now: without this the last visitor's screen stayed frozen
    // (nothing animating, no timer) until the next touch.
    requestFrame();
}

void KioskUi::endVisit(std::int64_t nowMs) {
    nowMs_ = std::max(nowMs_, nowMs);
    if (!sessionActive_) return;
    logScreenLeft();
    log_.endSession(nowMs_ - sessionStartMs_);
    sessionActive_ = false;
}

ImRect KioskUi::adminCorner() const {
    ImRect corner(ImVec2(0, 0), ImVec2(theme_.px(120), theme_.px(120)));
    for (const HitTarget& target : targets_) {
        const bool wholeScreen = target.rect.GetWidth() >= theme_.screen.x * 0.9f && target.rect.GetHeight() >= theme_.screen.y * 0.9f;
        if (wholeScreen || !corner.Overlaps(target.rect)) continue;
        // Cut the corner back to the side of the control that keeps the larger square-ish area.
        const float keepWidth = target.rect.Min.x, keepHeight = target.rect.Min.y;
        if (keepWidth * corner.Max.y >= keepHeight * corner.Max.x) corner.Max.x = std::max(0.0f, keepWidth);
        else corner.Max.y = std::max(0.0f, keepHeight);
    }
    return corner;
}

UiContext KioskUi::makeContext(ImDrawList* draw) {
    UiContext ctx{*content_, language_, text_->rightToLeft(), theme_, *text_, images_, strings_, log_, nowMs_, touch_,
                  draw, targets_};
    ctx.navigate = [this](Destination d) { navigate(std::move(d)); };
    ctx.back = [this] { goBack(); };
    ctx.requestAnimationFrame = [this] { animating_ = true; };
    ctx.wakeAt = [this](std::int64_t ms) { screenWakeMs_ = screenWakeMs_ < 0 ? ms : std::min(screenWakeMs_, ms); };
    ctx.setLanguage = [this](const std::string& language) {
        setLanguage(language);
        log_.add(EventType::Language, screenName(current_.screen));
    };
    ctx.quit = [this] { quitRequested_ = true; if (onQuit) onQuit(); };
    ctx.syncNow = onSyncNow;
    ctx.statusLines = onStatusLines;
    return ctx;
}

std::int64_t KioskUi::nextWakeMs() const {
    std::int64_t wake = screenWakeMs_;
    const auto consider = [&](std::int64_t ms) { if (ms > nowMs_ && (wake < 0 || ms < wake)) wake = ms; };
    if (current_.screen != ScreenId::Attract && !settings_.preview) {
        const std::int64_t idleAt = lastInputMs_ + settings_.idleTimeoutSeconds * 1000LL;
        if (nowMs_ < idleAt) consider(idleAt);
        else consider(nowMs_ + 1000 - (nowMs_ - idleAt) % 1000);   // countdown ticks every second
    }
    if (cornerHoldStartMs_ >= 0) consider(cornerHoldStartMs_ + limits::kAdminHoldMs);
    if (current_.screen == ScreenId::Admin) consider(lastInputMs_ + settings_.adminTimeoutSeconds * 1000LL);
    return wake;
}

void KioskUi::drawIdleCountdown(UiContext& ctx) {
    const Theme& th = theme_;
    const std::int64_t idleAt = lastInputMs_ + settings_.idleTimeoutSeconds * 1000LL;
    const long secondsLeft = static_cast<long>(
        std::ceil((idleAt + settings_.idleCountdownSeconds * 1000LL - nowMs_) / 1000.0));
    const float appear = std::clamp(static_cast<float>(nowMs_ - idleAt) / 300.0f, 0.0f, 1.0f);
    if (appear < 1.0f) animating_ = true;
    ImDrawList* draw = ctx.draw;
    draw->AddRectFilled(ImVec2(0, 0), th.screen, withAlpha(IM_COL32(0, 0, 0, 255), 0.62f * appear));
    // The card is as tall as what it says: the ring, the question, what to do, what happens at 0.
    const float w = std::min(th.screen.x - 2 * th.margin(), th.px(900));
    const float pad = th.px(40);
    const ImVec2 titleBox = labels::kIdleTitle.size(th), lineBox = labels::kIdleBody.size(th);
    const float innerW = std::min(w - 2 * pad, titleBox.x);
    const std::string question = ctx.tr("still_there"), action = ctx.tr("touch_to_continue");
    const std::string outcome = ctx.trn("returning_in_seconds", std::max(0L, secondsLeft));
    const FittedText questionFit = ctx.text.fit(question, innerW, titleBox.y, labels::kIdleTitle.rule);
    const FittedText actionFit = ctx.text.fit(action, innerW, lineBox.y, labels::kIdleBody.rule);
    const FittedText outcomeFit = ctx.text.fit(outcome, innerW, lineBox.y, labels::kIdleBody.rule);
    const float ring = th.px(56);
    const float h = pad + ring * 2 + th.px(30) + questionFit.height + th.px(14) + actionFit.height + th.px(6) + outcomeFit.height + pad;
    const float rise = th.px(30) * (1 - appear);
    const ImRect card(ImVec2((th.screen.x - w) * 0.5f, (th.screen.y - h) * 0.5f + rise), ImVec2((th.screen.x + w) * 0.5f, (th.screen.y + h) * 0.5f + rise));
    drawSoftShadow(draw, card, th.radius(), th.px(30), th.shadow);
    draw->AddRectFilled(card.Min, card.Max, withAlpha(th.surface, appear), th.radius());
    // Countdown ring with the seconds left.
    const ImVec2 ringCenter(card.GetCenter().x, card.Min.y + pad + ring);
    const float fraction = std::clamp(static_cast<float>(secondsLeft) / static_cast<float>(settings_.idleCountdownSeconds), 0.0f, 1.0f);
    draw->AddCircle(ringCenter, ring, withAlpha(th.surfaceMuted, 0.35f * appear), 64, th.px(8));
    draw->PathArcTo(ringCenter, ring, -IM_PI * 0.5f, -IM_PI * 0.5f + 2 * IM_PI * fraction, 64);
    draw->PathStroke(withAlpha(th.accent, appear), 0, th.px(8));
    const std::string number = std::to_string(std::max(0L, secondsLeft));
    ctx.text.drawLine(draw, ImVec2(ringCenter.x - ring, ringCenter.y - ctx.text.lineHeight({FontRole::Heading, 0, TextAlign::Center, 1.0f}) * 0.5f),
                      ring * 2, number, {FontRole::Heading, withAlpha(th.surfaceText, appear), TextAlign::Center, 1.0f});
    const float x = card.GetCenter().x - innerW * 0.5f;
    float y = ringCenter.y + ring + th.px(30);
    ctx.text.drawFitted(draw, ImRect(x, y, x + innerW, y + questionFit.height), question, labels::kIdleTitle.rule,
                        withAlpha(th.surfaceText, appear), TextAlign::Center);
    y += questionFit.height + th.px(14);
    ctx.text.drawFitted(draw, ImRect(x, y, x + innerW, y + actionFit.height), action, labels::kIdleBody.rule, withAlpha(th.surfaceText, appear),
                        TextAlign::Center);
    y += actionFit.height + th.px(6);
    ctx.text.drawFitted(draw, ImRect(x, y, x + innerW, y + outcomeFit.height), outcome, labels::kIdleBody.rule,
                        withAlpha(th.surfaceMuted, appear), TextAlign::Center);
    // The whole screen is the "continue" target: any touch counts as input and closes this.
    ctx.targets.push_back({ctx.tr("touch_to_continue"), "continue", ImRect(ImVec2(0, 0), th.screen)});
}

void KioskUi::frame(ImVec2 displaySize, std::int64_t nowMs, const std::vector<std::string>& keys) {
    nowMs_ = nowMs;
    if (displaySize.x != displaySize_.x || displaySize.y != displaySize_.y) {
        displaySize_ = displaySize;
        theme_ = Theme::make(content_->theme, displaySize);
    }
    theme_ = Theme::make(content_->theme, displaySize);
    animating_ = false;
    screenWakeMs_ = -1;
    targets_.clear();
    if (lastInputMs_ == 0) lastInputMs_ = nowMs;

    const bool wasIdleCountdown = !settings_.preview && current_.screen != ScreenId::Attract &&
                                  nowMs_ >= lastInputMs_ + settings_.idleTimeoutSeconds * 1000LL;
    updateTouch(nowMs);
    if (!keys.empty()) lastInputMs_ = nowMs;
    const bool inputNow = touch_.down || touch_.released || !keys.empty();

    // A new release is shown at an idle moment only; a preview shows each save at once.
    const bool idleMoment = settings_.preview || current_.screen == ScreenId::Attract ||
                            nowMs_ - lastInputMs_ >= settings_.idleTimeoutSeconds * 1000LL;
    if (idleMoment && !touch_.down) {
        bool hasPending;
        { std::lock_guard lock(pendingMutex_); hasPending = pendingContent_ != nullptr; }
        if (hasPending) {
            applyPendingContent();
            theme_ = Theme::make(content_->theme, displaySize);
            if (settings_.preview) keepScreenAfterReload();
            else if (current_.screen != ScreenId::Attract) resetToAttract();
            if (fontsDirty_) { animating_ = true; return; }   // the app rebuilds fonts, then draws
        }
    }

    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    UiContext ctx = makeContext(draw);
    // The background is the renderer's clear colour (clearColor()): a full-screen fill costs
    // a software renderer as much as a photo.

    // Session: starts with the first touch on the attract loop.
    if (!sessionActive_ && current_.screen != ScreenId::Attract) {
        sessionActive_ = true;
        sessionStartMs_ = nowMs_;
        log_.startSession(language_);
    }

    const int vertexStart = draw->VtxBuffer.Size;
    // The touch that dismisses "still there?" does nothing else, from press to release.
    if (wasIdleCountdown && touch_.pressed) swallowGesture_ = true;
    if (swallowGesture_) {
        touch_.tapped = false;
        touch_.dragging = false;
        if (!touch_.down) swallowGesture_ = false;
    }
    (void)inputNow;
    screen(current_.screen).draw(ctx);
    drawn_ = current_.screen;
    drawnSubject_ = current_.subject;
    if (settings_.preview) drawPreviewOverlay(ctx, previewOverlay_, current_.screen, current_.subject);
    for (const auto& key : keys) {
        if (settings_.preview && previewKey(key)) continue;
        if (screen(current_.screen).key(ctx, key)) continue;
        if (key == "back" || key == "escape") {
            if (current_.screen != ScreenId::Attract) goBack();
        } else if (key == "home" && current_.screen != ScreenId::Attract) {
            navigate({ScreenId::Home, {}});
        }
    }

    // Screen transition: the new screen slides in a little and fades up from the background.
    const float t = std::clamp(static_cast<float>(nowMs_ - transitionStartMs_) / limits::kTransitionMs, 0.0f, 1.0f);
    if (t < 1.0f) {
        const float ease = 1.0f - (1.0f - t) * (1.0f - t) * (1.0f - t);
        const float dx = (1.0f - ease) * theme_.px(60) * (text_->rightToLeft() ? -1.0f : 1.0f);
        for (int i = vertexStart; i < draw->VtxBuffer.Size; ++i) draw->VtxBuffer[i].pos.x += dx;
        draw->AddRectFilled(ImVec2(0, 0), displaySize, withAlpha(theme_.background, 1.0f - ease));
        animating_ = true;
    }

    // Idle: "still there?" then back to the attract loop with a fresh session.
    if (current_.screen != ScreenId::Attract && current_.screen != ScreenId::Admin && !settings_.preview) {
        const std::int64_t idleAt = lastInputMs_ + settings_.idleTimeoutSeconds * 1000LL;
        if (nowMs_ >= idleAt + settings_.idleCountdownSeconds * 1000LL) {
            log_.add(EventType::IdleReset, screenName(current_.screen));
            resetToAttract();
        } else if (nowMs_ >= idleAt) {
            drawIdleCountdown(ctx);
        }
    }

    // The technician overlay closes and locks itself when nobody touches it.
    if (current_.screen == ScreenId::Admin && nowMs_ >= lastInputMs_ + settings_.adminTimeoutSeconds * 1000LL) {
        log::info("technician overlay closed after " + std::to_string(settings_.adminTimeoutSeconds) + " s without a touch");
        resetToAttract();
    }

    // Hidden technician gesture: hold the top-left corner for a few seconds.
    const ImRect corner = adminCorner();
    if (touch_.down && corner.Contains(touch_.pos) && corner.Contains(touch_.pressPos)) {
        if (cornerHoldStartMs_ < 0) cornerHoldStartMs_ = nowMs_;
        if (nowMs_ - cornerHoldStartMs_ >= limits::kAdminHoldMs && current_.screen != ScreenId::Admin) {
            cornerHoldStartMs_ = -1;
            pendingNavigation_.clear();
            navigate({ScreenId::Admin, {}});
        }
    } else {
        cornerHoldStartMs_ = -1;
    }

    // Navigation requested during drawing happens now, between frames' content.
    if (pendingBack_ && pendingNavigation_.empty()) {
        pendingBack_ = false;
        Destination target{ScreenId::Home, {}};
        if (!backStack_.empty()) { target = backStack_.back(); backStack_.pop_back(); }
        else if (current_.screen == ScreenId::Home) target = {ScreenId::Attract, {}};
        if (target.screen == ScreenId::Attract) {
            resetToAttract();
        } else {
            logScreenLeft();
            screen(current_.screen).leave(ctx);
            current_ = target;
            screen(current_.screen).enter(ctx, current_.subject);
            screenEnteredMs_ = nowMs_;
            recordScreen(screenName(current_.screen));
            transitionStartMs_ = nowMs_;
            animating_ = true;
        }
    }
    pendingBack_ = false;
    if (!pendingNavigation_.empty()) {
        Destination next = pendingNavigation_.back();
        pendingNavigation_.clear();
        if (next.screen == ScreenId::Attract) {
            resetToAttract();
        } else if (!(next.screen == current_.screen && next.subject == current_.subject)) {
            logScreenLeft();
            screen(current_.screen).leave(ctx);
            // The language screen and the admin overlay are not places to come back to.
            if (current_.screen != ScreenId::Attract && current_.screen != ScreenId::Language &&
                current_.screen != ScreenId::Admin)
                backStack_.push_back(current_);
            if (next.screen == ScreenId::Home) backStack_.clear();
            current_ = next;
            screen(current_.screen).enter(ctx, current_.subject);
            screenEnteredMs_ = nowMs_;
            recordScreen(screenName(current_.screen));
            transitionStartMs_ = nowMs_;
            animating_ = true;
        }
    }
    if (touch_.down || touch_.released) animating_ = true;   // follow the finger, show the release
}

} // namespace kiosk::ui
