// Language choice: every language of the exhibition by its native name, each card greeting the
// visitor in its own language. Left without choosing by back or home.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

class LanguageScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Language; }

    void enter(UiContext&, const std::string& subject) override { returnAfterChoice_ = subject == "return"; }

    void draw(UiContext& ctx) override {
        const Theme& th = ctx.theme;
        const Exhibition& ex = ctx.content;
        ImDrawList* draw = ctx.draw;
        const float top = drawTopBar(ctx, ctx.t(ex.title), {.back = true, .home = true, .chips = false});
        const float m = th.margin();
        const int columns = th.portrait ? 2 : 4;
        const int count = static_cast<int>(ex.languages.size());
        const int rows = std::max(1, (count + columns - 1) / columns);
        const float gap = th.gap();
        const float cardW = std::min(th.px(400), (th.screen.x - 2 * m - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns));
        const ImVec2 headingBox = labels::kLanguageHeading.size(th);
        // Cards as tall as the screen allows (a large target), within reason.
        const float available = th.screen.y - top - m - headingBox.y - th.px(80);
        const float cardH = std::clamp((available - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows), th.px(150), th.px(260));
        const float gridW = cardW * static_cast<float>(columns) + gap * static_cast<float>(columns - 1);
        const float gridH = cardH * static_cast<float>(rows) + gap * static_cast<float>(rows - 1);
        const float left = (th.screen.x - gridW) * 0.5f;
        // Heading and grid as one block, centred in the space under the bar.
        const float blockH = headingBox.y + th.px(60) + gridH;
        float y = top + std::max(th.px(24), (th.screen.y - top - blockH) * 0.5f);
        const ImRect heading((th.screen.x - headingBox.x) * 0.5f, y, (th.screen.x + headingBox.x) * 0.5f, y + headingBox.y);
        ctx.text.drawFitted(draw, heading, ctx.tr("choose_language"), labels::kLanguageHeading.rule, th.text, TextAlign::Center);
        y += headingBox.y;
        draw->AddRectFilled(ImVec2(th.screen.x * 0.5f - th.px(40), y + th.px(14)), ImVec2(th.screen.x * 0.5f + th.px(40), y + th.px(20)), th.accent, th.px(3));
        const float gridTop = y + th.px(60);
        for (int i = 0; i < count; ++i) {
            const LanguageInfo& language = ex.languages[static_cast<std::size_t>(i)];
            const int col = i % columns, row = i / columns;
            const ImRect r = ctx.place(ImRect(left + static_cast<float>(col) * (cardW + gap), gridTop + static_cast<float>(row) * (cardH + gap),
                                              left + static_cast<float>(col) * (cardW + gap) + cardW,
                                              gridTop + static_cast<float>(row) * (cardH + gap) + cardH));
            bool pressed = false;
            const bool tapped = tapArea(ctx, r, language.nativeName, "lang:" + language.code, &pressed);
            const bool current = language.code == ctx.language;
            const ImU32 fill = current ? (pressed ? th.accentPressed : th.accent) : (pressed ? th.chipPressed : th.chip);
            draw->AddRectFilled(r.Min, r.Max, fill, th.radius());
            if (!current) draw->AddRect(r.Min, r.Max, withAlpha(th.text, 0.22f), th.radius(), 0, th.px(2));
            const ImU32 ink = current ? th.accentText : th.text;
            TextStyle name{FontRole::Heading, ink, TextAlign::Center, 1.0f};
            const float nameH = ctx.text.lineHeight(name);
            const ImVec2 greetingBox = labels::kLanguageGreeting.size(th);
            const float inner = nameH + th.px(12) + greetingBox.y;
            const float ty = r.GetCenter().y - inner * 0.5f;
            ctx.text.drawLine(draw, ImVec2(r.Min.x + th.px(16), ty), r.GetWidth() - th.px(32), language.nativeName, name);
            // The greeting in the card's own language (no language codes: visitors read names).
            const std::string greeting = ctx.strings.get("choose_language", language.code, &ex);
            ctx.text.drawFitted(draw, ImRect(r.GetCenter().x - greetingBox.x * 0.5f, ty + nameH + th.px(12), r.GetCenter().x + greetingBox.x * 0.5f,
                                             ty + nameH + th.px(12) + greetingBox.y),
                                greeting, labels::kLanguageGreeting.rule, ink, TextAlign::Center);
            if (tapped) {
                ctx.setLanguage(language.code);
                if (returnAfterChoice_) ctx.back();
                else ctx.navigate({ScreenId::Home, {}});
            }
        }
    }

private:
    bool returnAfterChoice_ = false;
};

} // namespace

std::unique_ptr<Screen> makeLanguageScreen() { return std::make_unique<LanguageScreen>(); }

} // namespace kiosk::ui
