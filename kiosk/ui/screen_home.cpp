// Home: a featured item, the trade facts, and the categories of the exhibition.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

class HomeScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Home; }


    void draw(UiContext& ctx) override {
        const Theme& th = ctx.theme;
        const Exhibition& ex = ctx.content;
        const float top = drawTopBar(ctx, ctx.t(ex.title), {.back = false, .home = false, .chips = true});
        const float m = th.margin();
        const float gap = th.gap();
        const float contentW = th.screen.x - 2 * m;

        // Featured item: the next of the featured list for each visitor, the same all through a
        // visit (coming back home shows the item the visitor saw there).
        const Item* featured = nullptr;
        if (!ex.featured.empty()) featured = ex.findItem(ex.featured[static_cast<std::size_t>(ctx.visit % ex.featured.size())]);
        if (!featured && !ex.items.empty()) featured = &ex.items.front();

        float y = top + gap * 1.4f;
        ImRect heroRect, factsRect;
        float categoriesTop;
        if (th.portrait) {
            heroRect = ImRect(m, y, m + contentW, y + th.px(640));
            factsRect = ImRect(m, heroRect.Max.y + gap, m + contentW, heroRect.Max.y + gap + th.px(300));
            categoriesTop = factsRect.Max.y + gap * 1.4f;
        } else {
            const float bandH = th.screen.y * 0.44f;
            heroRect = ImRect(m, y, m + contentW * 0.62f, y + bandH);
            factsRect = ImRect(heroRect.Max.x + gap, y, m + contentW, y + bandH);
            categoriesTop = heroRect.Max.y + gap * 1.4f;
        }
        if (featured) drawFeatured(ctx, *featured, ctx.place(heroRect));
        drawFactsCard(ctx, ctx.place(factsRect));

        // Categories.
        TextStyle section{FontRole::Label, th.muted, TextAlign::Start, 1.0f};
        const ImRect sectionRect = ctx.place(ImRect(m, categoriesTop, m + contentW, categoriesTop + th.px(40)));
        ctx.text.drawLine(ctx.draw, sectionRect.Min, contentW, ctx.tr("categories"), section);
        const float gridTop = categoriesTop + th.px(52);
        const int count = static_cast<int>(ex.categories.size());
        const int columns = th.portrait ? 2 : std::max(1, std::min(count, 6));
        const int rows = std::max(1, (count + columns - 1) / columns);
        const float cardW = (contentW - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
        const float available = th.screen.y - m * 0.8f - gridTop;
        const float cardH = std::max(th.px(120), (available - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
        // One title size for every card (the largest that fits them all): even rows of titles.
        titleRole_ = FontRole::Heading;
        const float titleW = cardW - 2 * th.px(24);
        for (const Category& category : ex.categories) {
            const FittedText fitted = ctx.text.fit(ctx.t(category.title), titleW, th.px(110), kCategoryTitle);
            titleRole_ = std::max(titleRole_, fitted.role);
        }
        for (int i = 0; i < count; ++i) {
            const Category& category = ex.categories[static_cast<std::size_t>(i)];
            const int col = i % columns, row = i / columns;
            const ImRect r = ctx.place(ImRect(m + static_cast<float>(col) * (cardW + gap), gridTop + static_cast<float>(row) * (cardH + gap),
                                              m + static_cast<float>(col) * (cardW + gap) + cardW,
                                              gridTop + static_cast<float>(row) * (cardH + gap) + cardH));
            drawCategoryCard(ctx, category, r);
        }
    }

private:
    void drawFeatured(UiContext& ctx, const Item& item, const ImRect& r) {
        const Theme& th = ctx.theme;
        bool pressed = false;
        const bool tapped = tapArea(ctx, r, ctx.t(item.title), "item:" + item.id, &pressed);
        const Category* category = ctx.content.findCategory(item.category);
        const ImU32 color = category ? toImU32(category->color) : th.accent;
        drawSoftShadow(ctx.draw, r, th.radius(), th.px(18), th.shadow);
        drawImageOrFallback(ctx, item.images.empty() ? std::filesystem::path() : item.images.front().file, r, color, th.radius());
        const float pad = th.px(40);
        const float w = r.GetWidth() - 2 * pad;
        TextStyle kicker{FontRole::Label, th.accent, TextAlign::Start, 1.2f};
        TextStyle title{FontRole::Title, th.text, TextAlign::Start, 1.15f, 2};
        TextStyle summary{FontRole::Body, th.text, TextAlign::Start, 1.3f, 2};
        const float summaryH = ctx.text.measureParagraph(ctx.t(item.summary), w, summary);
        const float titleH = ctx.text.measureParagraph(ctx.t(item.title), w, title);
        float y = r.Max.y - pad - summaryH - titleH - ctx.text.lineHeight(kicker) - th.px(10);
        drawTextScrim(ctx.draw, r, y - th.px(16), th.backgroundDeep, th.radius());
        if (pressed) ctx.draw->AddRectFilled(r.Min, r.Max, withAlpha(IM_COL32_BLACK, 0.18f), th.radius());
        ctx.text.drawLine(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.tr("featured"), kicker);
        y += ctx.text.lineHeight(kicker);
        y += ctx.text.drawParagraph(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.t(item.title), title) + th.px(10);
        ctx.text.drawParagraph(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.t(item.summary), summary);
        if (tapped) ctx.navigate({ScreenId::Item, item.id});
    }

    void drawFactsCard(UiContext& ctx, const ImRect& r) {
        const Theme& th = ctx.theme;
        const Exhibition& ex = ctx.content;
        bool pressed = false;
        const bool tapped = !ex.facts.empty() && tapArea(ctx, r, ctx.tr("trade_facts"), "facts", &pressed);
        drawSoftShadow(ctx.draw, r, th.radius(), th.px(18), th.shadow);
        ctx.draw->AddRectFilled(r.Min, r.Max, pressed ? mix(th.surface, IM_COL32_BLACK, 0.08f) : th.surface, th.radius());
        const float pad = th.px(40);
        const bool rtl = ctx.rtl;
        // Icon badge; on a wide, low card (portrait) it sits beside the text instead of above it.
        const float badge = th.px(76);
        const bool beside = r.GetWidth() > r.GetHeight() * 2.5f;
        const float badgeX = rtl ? r.Max.x - pad - badge : r.Min.x + pad;
        ctx.draw->AddRectFilled(ImVec2(badgeX, r.Min.y + pad), ImVec2(badgeX + badge, r.Min.y + pad + badge), th.accent, th.px(18));
        drawIcon(ctx.draw, Icon::Chart, ImVec2(badgeX + badge * 0.5f, r.Min.y + pad + badge * 0.5f), badge * 0.5f, th.accentText, false);
        float x = r.Min.x + pad;
        float w = r.GetWidth() - 2 * pad;
        float y = r.Min.y + pad + badge + th.px(22);
        if (beside) {
            const float indent = badge + th.px(32);
            if (!rtl) x += indent;
            w -= indent;
            y = r.Min.y + pad;
        }
        TextStyle heading{FontRole::Heading, th.surfaceText, TextAlign::Start, 1.15f, 1};
        ctx.text.drawLine(ctx.draw, ImVec2(x, y), w, ctx.tr("trade_facts"), heading);
        y += ctx.text.lineHeight(heading) + th.px(8);
        if (ex.facts.empty()) {
            ctx.text.drawLine(ctx.draw, ImVec2(x, y), w, ctx.tr("content_unavailable"), {FontRole::Body, th.surfaceMuted});
            return;
        }
        TextStyle list{FontRole::Body, th.surfaceText, TextAlign::Start, 1.35f, 1};
        const float bottom = r.Max.y - pad * 0.6f;
        const float lineH = ctx.text.lineHeight(list);
        for (std::size_t i = 0; i < ex.facts.size(); ++i) {
            const Fact& fact = ex.facts[i];
            const std::size_t left = ex.facts.size() - i;
            // A cut list says so: the last line that fits becomes "+n more".
            if (left > 1 && y + 2 * lineH > bottom) {
                TextStyle more{FontRole::Label, th.accent, TextAlign::Start, 1.35f, 1};
                ctx.text.drawLine(ctx.draw, ImVec2(rtl ? x : x + th.px(24), y), w - th.px(24), ctx.trn("more_count", static_cast<long>(left)), more);
                break;
            }
            const float dotX = rtl ? x + w - th.px(6) : x + th.px(6);
            ctx.draw->AddCircleFilled(ImVec2(dotX, y + ctx.text.lineHeight(list) * 0.5f), th.px(6), th.accent, 16);
            const float lineX = rtl ? x : x + th.px(24);
            ctx.text.drawLine(ctx.draw, ImVec2(lineX, y), w - th.px(24), ctx.t(fact.title), list);
            y += ctx.text.lineHeight(list);
        }
        if (tapped) ctx.navigate({ScreenId::Facts, {}});
    }

    void drawCategoryCard(UiContext& ctx, const Category& category, const ImRect& r) {
        const Theme& th = ctx.theme;
        bool pressed = false;
        const bool tapped = tapArea(ctx, r, ctx.t(category.title), "category:" + category.id, &pressed);
        const ImU32 color = toImU32(category.color);
        drawImageOrFallback(ctx, category.image, r, color, th.radius());
        const float pad = th.px(24);
        TextStyle title{titleRole_, th.text, TextAlign::Start, kCategoryTitle.lineSpacing, kCategoryTitle.maxLines};
        const float w = r.GetWidth() - 2 * pad;
        const float h = ctx.text.measureParagraph(ctx.t(category.title), w, title);
        const std::size_t items = ctx.content.itemsInCategory(category.id).size();
        TextStyle count{FontRole::Caption, th.text, TextAlign::Start, 1.3f};
        float y = r.Max.y - pad - h - ctx.text.lineHeight(count);
        const ImU32 scrim = mix(color, th.backgroundDeep, 0.6f);
        drawTextScrim(ctx.draw, r, y - th.px(34), scrim, th.radius());
        drawTextScrim(ctx.draw, r, y - th.px(34), withAlpha(scrim, 0.5f), th.radius());   // kPhotoScrimAlphaUnderText + 0.1 in all
        if (pressed) ctx.draw->AddRectFilled(r.Min, r.Max, withAlpha(IM_COL32_BLACK, 0.2f), th.radius());
        ctx.draw->AddRectFilled(ImVec2(ctx.rtl ? r.Max.x - pad - th.px(48) : r.Min.x + pad, y - th.px(18)),
                                ImVec2(ctx.rtl ? r.Max.x - pad : r.Min.x + pad + th.px(48), y - th.px(12)), color, th.px(3));
        y += ctx.text.drawParagraph(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.t(category.title), title);
        ctx.text.drawLine(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.trn("items_count", static_cast<long>(items)), count);
        if (tapped) ctx.navigate({ScreenId::Category, category.id});
    }

    static constexpr FitRule kCategoryTitle{FontRole::Heading, FontRole::Label, 2, 1.1f};
    FontRole titleRole_ = FontRole::Heading;
};

} // namespace

std::unique_ptr<Screen> makeHomeScreen() { return std::make_unique<HomeScreen>(); }

} // namespace kiosk::ui
