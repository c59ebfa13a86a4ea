// Attract loop: featured items cross-fade full screen while "touch to start" cycles through
// the exhibition's languages. Any touch starts a visit (language choice).
#include <algorithm>

#include "kiosk/core/limits.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

constexpr int kCrossFadeMs = 1200;
constexpr int kTextFadeMs = 350;

class AttractScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Attract; }

    void enter(UiContext& ctx, const std::string&) override { startMs_ = ctx.nowMs; }

    void draw(UiContext& ctx) override {
        const Theme& th = ctx.theme;
        const Exhibition& ex = ctx.content;
        ImDrawList* draw = ctx.draw;
        const std::int64_t elapsed = std::max<std::int64_t>(0, ctx.nowMs - startMs_);
        const ImRect screen(ImVec2(0, 0), th.screen);

        // Slides: featured items (else the first item), then the exhibition's attract_image as
        // a slide of its own (a null entry) after them.
        std::vector<const Item*> slides;
        for (const auto& id : ex.featured)
            if (const Item* item = ex.findItem(id)) slides.push_back(item);
        if (slides.empty() && !ex.items.empty()) slides.push_back(&ex.items.front());
        if (!ex.attractImage.empty()) slides.push_back(nullptr);
        const auto slideImage = [&](std::size_t i) -> std::filesystem::path {
            if (slides.empty()) return ex.attractImage;
            const Item* item = slides[i % slides.size()];
            if (!item) return ex.attractImage;
            return item->images.empty() ? ex.attractImage : item->images.front().file;
        };
        const auto slideColor = [&](std::size_t i) -> ImU32 {
            if (slides.empty() || !slides[i % slides.size()]) return th.accent;
            const Category* c = ex.findCategory(slides[i % slides.size()]->category);
            return c ? toImU32(c->color) : th.accent;
        };
        const std::size_t count = std::max<std::size_t>(1, slides.size());
        const std::size_t index = static_cast<std::size_t>(elapsed / limits::kAttractSlideMs) % count;
        const std::int64_t inSlide = elapsed % limits::kAttractSlideMs;
        drawImageOrFallback(ctx, slideImage(index), screen, slideColor(index), 0);
        if (count > 1 && inSlide > limits::kAttractSlideMs - kCrossFadeMs) {
            const float t = static_cast<float>(inSlide - (limits::kAttractSlideMs - kCrossFadeMs)) / kCrossFadeMs;
            const ImageTexture next = ctx.images.get(slideImage(index + 1));
            if (next) drawImageCover(draw, next, screen, 0, withAlpha(IM_COL32_WHITE, t));
            ctx.requestAnimationFrame();
            ctx.wakeAt(startMs_ + (elapsed / limits::kAttractSlideMs + 1) * limits::kAttractSlideMs);   // fade done
        } else {
            ctx.wakeAt(startMs_ + (elapsed / limits::kAttractSlideMs + 1) * limits::kAttractSlideMs - kCrossFadeMs);
        }

        // Legibility: darken the lower part and a little of the top.
        drawScrim(draw, ImRect(0, th.screen.y * 0.35f, th.screen.x, th.screen.y), withAlpha(th.backgroundDeep, 0.92f));
        drawScrim(draw, ImRect(0, 0, th.screen.x, th.px(200)), withAlpha(th.backgroundDeep, 0.55f), false);

        const float m = th.margin();
        const float width = th.screen.x - 2 * m;
        // Sample badge, top.
        if (ex.sample) {
            TextStyle badge{FontRole::Caption, th.text, TextAlign::Start, 1.0f};
            const std::string label = ctx.tr("sample_exhibition");
            const float w = std::min(ctx.text.lineWidth(label, FontRole::Caption) + th.px(40), width);
            const ImRect r = ctx.place(ImRect(m, m * 0.6f, m + w, m * 0.6f + th.px(48)));
            draw->AddRectFilled(r.Min, r.Max, withAlpha(th.backgroundDeep, 0.6f), th.px(24));
            draw->AddRect(r.Min, r.Max, withAlpha(th.text, 0.4f), th.px(24), 0, th.px(1.5f));
            ctx.text.drawLine(draw, ImVec2(r.Min.x + th.px(20), r.Min.y + (r.GetHeight() - ctx.text.lineHeight(badge)) * 0.5f),
                              w - th.px(40), label, badge);
        }

        // Current featured item: category and title.
        float y = th.screen.y - m - th.px(th.portrait ? 520 : 420);
        if (!slides.empty() && slides[index]) {
            const Item* item = slides[index];
            const Category* category = ex.findCategory(item->category);
            TextStyle kicker{FontRole::Label, th.accent, TextAlign::Start, 1.2f};
            TextStyle itemTitle{FontRole::Heading, th.text, TextAlign::Start, 1.2f, 1};
            if (category) ctx.text.drawLine(draw, ImVec2(m, y), width, ctx.t(category->title), kicker);
            y += ctx.text.lineHeight(kicker);
            ctx.text.drawLine(draw, ImVec2(m, y), width, ctx.t(item->title), itemTitle);
            y += ctx.text.lineHeight(itemTitle) + th.px(18);
        }
        // Exhibition title, large.
        TextStyle title{FontRole::Display, th.text, TextAlign::Start, 1.12f, 2};
        y += ctx.text.drawParagraph(draw, ImVec2(m, y), width * (th.portrait ? 1.0f : 0.8f), ctx.t(ex.title), title);
        TextStyle subtitle{FontRole::Body, withAlpha(th.text, 0.85f), TextAlign::Start, 1.3f, 2};
        ctx.text.drawParagraph(draw, ImVec2(m, y + th.px(8)), width * (th.portrait ? 1.0f : 0.6f), ctx.t(ex.subtitle), subtitle);

        // "Touch to start", cycling through the languages.
        const std::size_t languages = std::max<std::size_t>(1, ex.languages.size());
        const std::int64_t cycle = elapsed / limits::kTouchToStartCycleMs;
        const std::int64_t inCycle = elapsed % limits::kTouchToStartCycleMs;
        const std::string& code = ex.languages.empty() ? ctx.language : ex.languages[static_cast<std::size_t>(cycle) % languages].code;
        const std::string prompt = ctx.strings.get("touch_to_start", code, &ex);
        float alpha = 1.0f;
        if (inCycle < kTextFadeMs) {
            alpha = static_cast<float>(inCycle) / kTextFadeMs;
            ctx.requestAnimationFrame();
            ctx.wakeAt(startMs_ + cycle * limits::kTouchToStartCycleMs + kTextFadeMs);   // fade done
        }
        else ctx.wakeAt(startMs_ + (cycle + 1) * limits::kTouchToStartCycleMs);
        const float pillW = th.px(th.portrait ? 640 : 560), pillH = th.px(104);
        ImRect pill(ImVec2(th.screen.x - m - pillW, th.screen.y - m - pillH), ImVec2(th.screen.x - m, th.screen.y - m));
        if (th.portrait) pill = ImRect(ImVec2((th.screen.x - pillW) * 0.5f, th.screen.y - m - pillH), ImVec2((th.screen.x + pillW) * 0.5f, th.screen.y - m));
        pill = ctx.place(pill);
        draw->AddRectFilled(pill.Min, pill.Max, th.accent, pillH * 0.5f);
        const LanguageInfo* promptLanguage = ex.findLanguage(code);
        TextStyle promptStyle{FontRole::Heading, withAlpha(th.accentText, alpha), TextAlign::Center, 1.0f};
        // The prompt is drawn in its own language's direction, centred either way.
        (void)promptLanguage;
        ctx.text.drawLine(draw, ImVec2(pill.Min.x + th.px(30), pill.GetCenter().y - ctx.text.lineHeight(promptStyle) * 0.5f),
                          pill.GetWidth() - th.px(60), prompt, promptStyle);
        // Slide progress dots.
        if (count > 1) {
            const float dot = th.px(10);
            for (std::size_t i = 0; i < count; ++i) {
                const ImVec2 c(m + dot + static_cast<float>(i) * dot * 3.2f, th.screen.y - m - pillH * 0.5f);
                const ImVec2 placed = ctx.place(ImRect(c.x - dot, c.y - dot, c.x + dot, c.y + dot)).GetCenter();
                draw->AddCircleFilled(placed, i == index ? dot : dot * 0.6f, withAlpha(th.text, i == index ? 0.95f : 0.45f), 24);
            }
        }

        if (tapArea(ctx, screen, ctx.tr("touch_to_start"), "start")) ctx.navigate({ScreenId::Language, {}});
    }

private:
    std::int64_t startMs_ = 0;
};

} // namespace

std::unique_ptr<Screen> makeAttractScreen() { return std::make_unique<AttractScreen>(); }

} // namespace kiosk::ui
