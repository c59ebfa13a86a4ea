// Language choice: every language of the exhibition by its native name.
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
        const float m = th.margin();
        const int columns = th.portrait ? 2 : 4;
        const int count = static_cast<int>(ex.languages.size());
        const int rows = std::max(1, (count + columns - 1) / columns);
        const float gap = th.gap();
        const float cardW = std::min(th.px(400), (th.screen.x - 2 * m - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns));
        const float cardH = th.px(150);
        const float gridW = cardW * static_cast<float>(columns) + gap * static_cast<float>(columns - 1);
        const float gridH = cardH * static_cast<float>(rows) + gap * static_cast<float>(rows - 1);
        const float left = (th.screen.x - gridW) * 0.5f;
        // Heading and grid as one block, centred on the screen.
        TextStyle heading{FontRole::Title, th.text, TextAlign::Center, 1.2f, 2};
        const std::string prompt = ctx.tr("choose_language");
        const float headingH = ctx.text.measureParagraph(prompt, th.screen.x - 2 * m, heading);
        const float blockH = headingH + th.px(90) + gridH;
        float y = std::max(m, (th.screen.y - blockH) * 0.5f);
        y += ctx.text.drawParagraph(draw, ImVec2(m, y), th.screen.x - 2 * m, prompt, heading);
        draw->AddRectFilled(ImVec2(th.screen.x * 0.5f - th.px(40), y + th.px(14)), ImVec2(th.screen.x * 0.5f + th.px(40), y + th.px(20)), th.accent, th.px(3));
        const float top = y + th.px(90);
        for (int i = 0; i < count; ++i) {
            const LanguageInfo& language = ex.languages[static_cast<std::size_t>(i)];
            const int col = i % columns, row = i / columns;
            const ImRect r = ctx.place(ImRect(left + static_cast<float>(col) * (cardW + gap), top + static_cast<float>(row) * (cardH + gap),
                                              left + static_cast<float>(col) * (cardW + gap) + cardW,
                                              top + static_cast<float>(row) * (cardH + gap) + cardH));
            bool pressed = false;
            const bool tapped = tapArea(ctx, r, language.nativeName, "lang:" + language.code, &pressed);
            const bool current = language.code == ctx.language;
            ImU32 fill = current ? th.accent : withAlpha(th.text, 0.08f);
            if (pressed) fill = current ? mix(th.accent, IM_COL32(0, 0, 0, 255), 0.2f) : withAlpha(th.text, 0.2f);
            draw->AddRectFilled(r.Min, r.Max, fill, th.radius());
            if (!current) draw->AddRect(r.Min, r.Max, withAlpha(th.text, 0.22f), th.radius(), 0, th.px(2));
            TextStyle name{FontRole::Heading, current ? th.accentText : th.text, TextAlign::Center, 1.0f};
            ctx.text.drawLine(draw, ImVec2(r.Min.x + th.px(16), r.GetCenter().y - ctx.text.lineHeight(name) * 0.5f - th.px(12)),
                              r.GetWidth() - th.px(32), language.nativeName, name);
            TextStyle code{FontRole::Caption, withAlpha(current ? th.accentText : th.muted, 0.9f), TextAlign::Center, 1.0f};
            ctx.text.drawLine(draw, ImVec2(r.Min.x + th.px(16), r.GetCenter().y + th.px(26)), r.GetWidth() - th.px(32),
                              language.code, code);
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
