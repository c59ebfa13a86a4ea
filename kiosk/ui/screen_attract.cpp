// Attract loop: featured items cross-fade full screen while the words on them (the item, the
// exhibition, "touch to start") cycle through the exhibition's languages. One tap leads
// somewhere useful: a tap on the slide opens that item in the language being shown; a language
// chip opens the home screen in that language; the "touch to start" pill opens the language choice.
#include <algorithm>

#include "kiosk/core/limits.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

// Slides: featured items (else the first item), then the exhibition's attract_image as a slide
// of its own (a null entry) after them.
std::vector<const Item*> slidesOf(const Exhibition& ex) {
    std::vector<const Item*> slides;
    for (const auto& id : ex.featured)
        if (const Item* item = ex.findItem(id)) slides.push_back(item);
    if (slides.empty() && !ex.items.empty()) slides.push_back(&ex.items.front());
    if (!ex.attractImage.empty()) slides.push_back(nullptr);
    return slides;
}

std::filesystem::path slideImageOf(const Exhibition& ex, const std::vector<const Item*>& slides, std::size_t i) {
    if (slides.empty()) return ex.attractImage;
    const Item* item = slides[i % slides.size()];
    if (!item) return ex.attractImage;
    return item->images.empty() ? ex.attractImage : item->images.front().file;
}

constexpr int kCrossFadeMs = 1200;
constexpr int kTextFadeMs = 350;
constexpr int kNextSlideLeadMs = 2000;   // the next slide's image is asked for this long before its cross-fade

class AttractScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Attract; }

    void enter(UiContext& ctx, const std::string&) override {
        startMs_ = ctx.nowMs;
        releasedAfterSlide_ = 0;
    }

    void draw(UiContext& ctx) override {
        const Theme& th = ctx.theme;
        const Exhibition& ex = ctx.content;
        ImDrawList* draw = ctx.draw;
        if (startMs_ < 0) startMs_ = ctx.nowMs;   // the loop at start-up: from its first frame
        const std::int64_t elapsed = std::max<std::int64_t>(0, ctx.nowMs - startMs_);
        const ImRect screen(ImVec2(0, 0), th.screen);

        const std::vector<const Item*> slides = slidesOf(ex);
        const auto slideImage = [&](std::size_t i) { return slideImageOf(ex, slides, i); };
        const auto slideColor = [&](std::size_t i) -> ImU32 {
            if (slides.empty() || !slides[i % slides.size()]) return th.accent;
            const Category* c = ex.findCategory(slides[i % slides.size()]->category);
            return c ? toImU32(c->color) : th.accent;
        };
        const std::size_t count = std::max<std::size_t>(1, slides.size());
        const std::int64_t slideNumber = elapsed / limits::kAttractSlideMs;   // since the loop started
        const std::size_t index = static_cast<std::size_t>(slideNumber) % count;
        const std::int64_t inSlide = elapsed % limits::kAttractSlideMs;
        const std::filesystem::path currentImage = slideImage(index);
        drawImageOrFallback(ctx, currentImage, screen, slideColor(index), 0);
        // The next slide is asked for kNextSlideLeadMs before its cross-fade, not at it: a
        // window decodes it in the background meanwhile (no placeholder fading in). Not at
        // the start of the slide: start-up decodes only what the first frame shows.
        const std::int64_t slideStart = startMs_ + slideNumber * limits::kAttractSlideMs;
        constexpr std::int64_t kNextSlideAskedAt = limits::kAttractSlideMs - kCrossFadeMs - kNextSlideLeadMs;
        const std::filesystem::path nextImage = count > 1 ? slideImage(index + 1) : std::filesystem::path();
        ImageTexture next;
        if (count > 1 && inSlide < kNextSlideAskedAt) ctx.wakeAt(slideStart + kNextSlideAskedAt);
        else if (!nextImage.empty()) next = ctx.images.get(nextImage);
        // The slide that faded out is not drawn again before the loop comes round: its
        // full-screen texture (8 MiB at 1080p) goes now, not when the image budget is full. Not
        // with two slides (the previous one is the next one).
        if (count > 2 && slideNumber != releasedAfterSlide_ && slideNumber > 0) {
            const std::filesystem::path previous = slideImage(index + count - 1);
            if (!previous.empty() && previous != currentImage && previous != nextImage) ctx.images.release(previous);
            releasedAfterSlide_ = slideNumber;
        }
        if (count > 1 && inSlide > limits::kAttractSlideMs - kCrossFadeMs) {
            const float t = static_cast<float>(inSlide - (limits::kAttractSlideMs - kCrossFadeMs)) / kCrossFadeMs;
            if (next) drawImageCover(draw, next, screen, 0, withAlpha(IM_COL32_WHITE, t));
            ctx.requestAnimationFrame();
            ctx.wakeAt(slideStart + limits::kAttractSlideMs);   // fade done
        } else {
            ctx.wakeAt(slideStart + limits::kAttractSlideMs - kCrossFadeMs);
        }

        // The language the loop shows now: it changes every kTouchToStartCycleMs.
        const std::size_t languages = std::max<std::size_t>(1, ex.languages.size());
        const std::int64_t cycle = elapsed / limits::kTouchToStartCycleMs;
        const std::int64_t inCycle = elapsed % limits::kTouchToStartCycleMs;
        const std::string code = ex.languages.empty() ? ctx.language : ex.languages[static_cast<std::size_t>(cycle) % languages].code;
        const LanguageInfo* shownLanguage = ex.findLanguage(code);
        const bool rtl = shownLanguage && shownLanguage->rightToLeft;
        const auto place = [&](ImRect r) {   // mirrored for a right-to-left language being shown
            return rtl ? ImRect(th.screen.x - r.Max.x, r.Min.y, th.screen.x - r.Min.x, r.Max.y) : r;
        };
        float alpha = 1.0f;
        if (inCycle < kTextFadeMs) {
            alpha = static_cast<float>(inCycle) / kTextFadeMs;
            ctx.requestAnimationFrame();
            ctx.wakeAt(startMs_ + cycle * limits::kTouchToStartCycleMs + kTextFadeMs);   // fade done
        } else {
            ctx.wakeAt(startMs_ + (cycle + 1) * limits::kTouchToStartCycleMs);
        }

        const float m = th.margin();
        const float width = th.screen.x - 2 * m;
        const float pillW = th.px(640), pillH = th.px(112);
        // Text block, bottom: category and item (the slide), the exhibition title and subtitle.
        const Item* item = slides.empty() ? nullptr : slides[index];
        const Category* category = item ? ex.findCategory(item->category) : nullptr;
        TextStyle kicker{FontRole::Label, withAlpha(th.accent, alpha), TextAlign::Start, 1.2f, 1};
        TextStyle itemTitle{FontRole::Heading, withAlpha(th.text, alpha), TextAlign::Start, 1.2f, 1};
        TextStyle title{FontRole::Display, withAlpha(th.text, alpha), TextAlign::Start, 1.1f, 2};
        TextStyle subtitle{FontRole::Body, withAlpha(th.text, alpha), TextAlign::Start, 1.3f, 2};
        const float titleW = width * (th.portrait ? 1.0f : 0.72f);
        const float subtitleW = th.portrait ? width : width - pillW - th.gap() * 2;
        const std::string& titleText = ex.text(ex.title, code);
        const std::string& subtitleText = ex.text(ex.subtitle, code);
        const float blockH = (item ? ctx.text.lineHeight(kicker) + ctx.text.lineHeight(itemTitle) + th.px(18) : 0.0f) +
                             ctx.text.measureParagraph(titleText, titleW, title) + th.px(8) +
                             ctx.text.measureParagraph(subtitleText, subtitleW, subtitle);
        const float blockBottom = th.screen.y - m - (th.portrait ? pillH + th.px(96) : 0.0f);
        float y = blockBottom - blockH;
        const float blockTop = y;
        drawTextScrim(draw, screen, y - th.px(24) - (th.portrait ? 0.0f : th.px(48)), th.backgroundDeep, 0);
        if (item) {
            if (category) ctx.text.drawLine(draw, place(ImRect(m, y, m + width, y + 10)).Min, width, ex.text(category->title, code), kicker);
            y += ctx.text.lineHeight(kicker);
            ctx.text.drawLine(draw, place(ImRect(m, y, m + titleW, y + 10)).Min, titleW, ex.text(item->title, code), itemTitle);
            y += ctx.text.lineHeight(itemTitle) + th.px(18);
        }
        y += ctx.text.drawParagraph(draw, place(ImRect(m, y, m + titleW, y + 10)).Min, titleW, titleText, title) + th.px(8);
        ctx.text.drawParagraph(draw, place(ImRect(m, y, m + subtitleW, y + 10)).Min, subtitleW, subtitleText, subtitle);

        // Top: the sample badge and the language chips (one tap: home in that language).
        drawScrim(draw, ImRect(0, 0, th.screen.x, th.px(260)), withAlpha(th.backgroundDeep, 0.7f), false);
        float badgeBottom = m * 0.6f;
        float badgeW = 0;
        if (ex.sample) {
            const ImVec2 box = labels::kBadge.size(th);
            const std::string label = ctx.tr("sample_exhibition");
            badgeW = std::min(ctx.text.lineWidth(label, FontRole::Caption), box.x) + th.px(40);
            const ImRect r = ctx.place(ImRect(m, m * 0.6f, m + badgeW, m * 0.6f + th.px(48)));
            draw->AddRectFilled(r.Min, r.Max, withAlpha(th.backgroundDeep, kPhotoScrimAlphaUnderText + 0.05f), th.px(24));
            draw->AddRect(r.Min, r.Max, withAlpha(th.text, 0.4f), th.px(24), 0, th.px(1.5f));
            ctx.text.drawFitted(draw, ImRect(r.Min.x + th.px(20), r.Min.y, r.Max.x - th.px(20), r.Max.y), label, labels::kBadge.rule, th.text,
                                TextAlign::Center);
            badgeBottom = m * 0.6f + th.px(48);
        }
        const float chipsW = languageChipsWidth(ctx);
        bool chipChosen = false;
        const auto chosen = [&](const std::string&) {
            chipChosen = true;
            ctx.navigate({ScreenId::Home, {}});
        };
        if (m + badgeW + th.gap() * 2 + chipsW <= th.screen.x - m)
            drawLanguageChips(ctx, ImRect(th.screen.x - m - chipsW, m * 0.45f, th.screen.x - m, m * 0.45f + th.px(96)), 1, true, chosen);
        else
            drawLanguageChips(ctx, ImRect(m, badgeBottom + th.px(20), th.screen.x - m, badgeBottom + th.px(260)), 2, true, chosen);

        // "Touch to start" in the language shown: opens the language choice.
        const std::string prompt = ctx.strings.get("touch_to_start", code, &ex);
        ImRect pill(ImVec2(th.screen.x - m - pillW, th.screen.y - m - pillH), ImVec2(th.screen.x - m, th.screen.y - m));
        if (th.portrait) pill = ImRect(ImVec2((th.screen.x - pillW) * 0.5f, th.screen.y - m - pillH), ImVec2((th.screen.x + pillW) * 0.5f, th.screen.y - m));
        pill = place(pill);
        bool pillPressed = false;
        const bool pillTapped = tapArea(ctx, pill, prompt, "start", &pillPressed);
        draw->AddRectFilled(pill.Min, pill.Max, pillPressed ? th.accentPressed : th.accent, pillH * 0.5f);
        const ImVec2 box = labels::kAttractPrompt.size(th);
        const ImRect promptBox(pill.GetCenter().x - box.x * 0.5f, pill.GetCenter().y - box.y * 0.5f, pill.GetCenter().x + box.x * 0.5f,
                               pill.GetCenter().y + box.y * 0.5f);
        ctx.text.drawFitted(draw, promptBox, prompt, labels::kAttractPrompt.rule, withAlpha(th.accentText, alpha), TextAlign::Center);

        // Slide progress dots: beside the pill in landscape, above it in portrait.
        if (count > 1) {
            const float dot = th.px(10), step = dot * 3.2f;
            const float rowW = step * static_cast<float>(count - 1);
            const float x0 = th.portrait ? th.screen.x * 0.5f - rowW * 0.5f : m + dot;
            const float cy = th.portrait ? th.screen.y - m - pillH - th.px(48) : blockTop - th.px(36);
            for (std::size_t i = 0; i < count; ++i) {
                const ImVec2 c(x0 + static_cast<float>(i) * step, cy);
                const ImVec2 placed = place(ImRect(c.x - dot, c.y - dot, c.x + dot, c.y + dot)).GetCenter();
                draw->AddCircleFilled(placed, i == index ? dot : dot * 0.6f, withAlpha(th.text, i == index ? 0.95f : 0.45f), 24);
            }
        }

        // The slide itself: the featured item, in the language shown. Registered last, and
        // taken only when the touch was on no chip and not on the pill.
        if (pillTapped) {
            if (code != ctx.language) ctx.setLanguage(code);
            ctx.navigate({ScreenId::Language, {}});
            return;
        }
        if (chipChosen) return;
        const bool onOther = std::any_of(ctx.targets.begin(), ctx.targets.end(), [&](const HitTarget& t) {
            return t.rect.Contains(ctx.touch.pressPos);
        });
        const std::string slideLabel = item ? ctx.t(item->title) : ctx.tr("touch_to_start");
        if (tapArea(ctx, screen, slideLabel, item ? "item:" + item->id : "start-home") && !onOther) {
            if (code != ctx.language) ctx.setLanguage(code);
            if (item) ctx.navigate({ScreenId::Item, item->id});
            else ctx.navigate({ScreenId::Home, {}});
        }
    }

private:
    // When the loop started (enter()), or -1 before it was ever entered: at start-up the clock
    // of a window is not at 0, and the loop must begin with its first slide, whose image is
    // decoded before the first frame (KioskUi::firstFrameImages).
    std::int64_t startMs_ = -1;
    std::int64_t releasedAfterSlide_ = 0;   // the slide number (since the start) whose predecessor was released
};

} // namespace

std::vector<std::filesystem::path> attractSlideImages(const Exhibition& exhibition) {
    const std::vector<const Item*> slides = slidesOf(exhibition);
    std::vector<std::filesystem::path> images;
    for (std::size_t i = 0; i < std::max<std::size_t>(1, slides.size()); ++i)
        if (auto file = slideImageOf(exhibition, slides, i); !file.empty()) images.push_back(std::move(file));
    return images;
}

std::unique_ptr<Screen> makeAttractScreen() { return std::make_unique<AttractScreen>(); }

} // namespace kiosk::ui
