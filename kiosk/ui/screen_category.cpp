// Category: the items of one category as a grid of image cards, scrolled by dragging.
#include <algorithm>
#include <cmath>

#include "kiosk/core/limits.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

class CategoryScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Category; }

    void enter(UiContext&, const std::string& subject) override {
        categoryId_ = subject;
        scroll_ = 0;
        velocity_ = 0;
    }

    void draw(UiContext& ctx) override {
        const Theme& th = ctx.theme;
        const Exhibition& ex = ctx.content;
        const Category* category = ex.findCategory(categoryId_);
        const float top = drawTopBar(ctx, category ? ctx.t(category->title) : ctx.tr("categories"), {});
        const float m = th.margin();
        const float gap = th.gap();
        const auto items = ex.itemsInCategory(categoryId_);
        const float viewTop = top;
        const float viewH = th.screen.y - viewTop;
        if (items.empty()) {
            const ImVec2 box = labels::kMessage.size(th);
            ctx.text.drawFitted(ctx.draw, ImRect((th.screen.x - box.x) * 0.5f, viewTop + th.px(80), (th.screen.x + box.x) * 0.5f, viewTop + th.px(80) + box.y),
                                ctx.tr("no_items"), labels::kMessage.rule, th.muted, TextAlign::Center);
            return;
        }
        // Intro line: the category summary.
        float headerH = 0;
        TextStyle summary{FontRole::Body, th.muted, TextAlign::Start, 1.35f, 2};
        if (category && !ctx.t(category->summary).empty())
            headerH = ctx.text.measureParagraph(ctx.t(category->summary), th.screen.x - 2 * m, summary) + gap;
        // Cards as large as the screen allows with every item visible; when they cannot all be
        // seen at a readable size, the grid scrolls and says there is more.
        const float gridViewH = viewH - headerH - gap - m * 0.6f;
        const Grid grid = chooseGrid(th, static_cast<int>(items.size()), th.screen.x - 2 * m, gridViewH);
        const float gridW = grid.cardW * static_cast<float>(grid.columns) + gap * static_cast<float>(grid.columns - 1);
        const float gridH = grid.cardH * static_cast<float>(grid.rows) + gap * static_cast<float>(grid.rows - 1);
        const float left = (th.screen.x - gridW) * 0.5f;
        const float contentH = headerH + gap + gridH + m;
        const float maxScroll = std::max(0.0f, contentH - viewH);
        // Centre a grid that fits vertically in what is left under the summary.
        const float gridOffset = maxScroll > 0 ? 0.0f : std::max(0.0f, (gridViewH - gridH) * 0.4f);

        // Drag to scroll, with a little momentum after release. The glide is a function of the
        // time since release (speed falls by kGlideDecayPerFrame every display frame), so that
        // it ends in the same place however many frames are drawn on the way.
        if (ctx.touch.down && ctx.touch.dragging) {
            scroll_ = std::clamp(scroll_ - ctx.touch.dragDelta.y, 0.0f, maxScroll);
            velocity_ = -ctx.touch.dragDelta.y;
            glideFromScroll_ = scroll_;
            glideStartMs_ = ctx.nowMs;
        } else if (std::fabs(velocity_) > kGlideStopPxPerFrame) {
            const float frames = static_cast<float>(ctx.nowMs - glideStartMs_) / static_cast<float>(limits::kFrameMs);
            const float stopFrames = std::log(kGlideStopPxPerFrame / std::fabs(velocity_)) / std::log(kGlideDecayPerFrame);
            const float n = std::min(frames, stopFrames);
            scroll_ = glideFromScroll_ + velocity_ * (1.0f - std::pow(kGlideDecayPerFrame, n)) / (1.0f - kGlideDecayPerFrame);
            if (frames >= stopFrames) velocity_ = 0;
            else ctx.requestAnimationFrame();
        } else {
            velocity_ = 0;
        }
        scroll_ = std::clamp(scroll_, 0.0f, maxScroll);

        ctx.draw->PushClipRect(ImVec2(0, viewTop), th.screen, true);
        // Drawn at whole pixels: the cards keep their coverage of the pixels while scrolling (the
        // software renderer reuses their masks) and text stays crisp.
        float y = viewTop + gap - std::round(scroll_);
        if (headerH > 0) {
            ctx.text.drawParagraph(ctx.draw, ctx.place(ImRect(m, y, th.screen.x - m, y + headerH)).Min, th.screen.x - 2 * m, ctx.t(category->summary), summary);
            y += headerH;
        }
        y += gridOffset;
        // One title size for every card of the grid (the largest that fits them all).
        titleRole_ = kCardTitle.largest;
        for (const Item* item : items)
            titleRole_ = std::max(titleRole_, ctx.text.fit(ctx.t(item->title), grid.cardW - 2 * th.px(26), th.px(56), kCardTitle).role);
        for (std::size_t i = 0; i < items.size(); ++i) {
            const int col = static_cast<int>(i) % grid.columns, row = static_cast<int>(i) / grid.columns;
            // A last row with fewer cards is centred.
            const int inRow = std::min(grid.columns, static_cast<int>(items.size()) - row * grid.columns);
            const float rowLeft = left + (gridW - (grid.cardW * static_cast<float>(inRow) + gap * static_cast<float>(inRow - 1))) * 0.5f;
            const ImRect r = ctx.place(ImRect(rowLeft + static_cast<float>(col) * (grid.cardW + gap), y + static_cast<float>(row) * (grid.cardH + gap),
                                              rowLeft + static_cast<float>(col) * (grid.cardW + gap) + grid.cardW,
                                              y + static_cast<float>(row) * (grid.cardH + gap) + grid.cardH));
            if (r.Max.y < viewTop || r.Min.y > th.screen.y) continue;
            drawItemCard(ctx, *items[i], r, grid.imageH, category ? toImU32(category->color) : th.accent, viewTop);
        }
        ctx.draw->PopClipRect();
        if (maxScroll > 0) {
            // Scroll bar on the trailing edge, and while more is below, a cue at the bottom.
            const float barH = viewH * viewH / contentH;
            const float barY = viewTop + (viewH - barH) * (scroll_ / maxScroll);
            const ImRect bar = ctx.place(ImRect(th.screen.x - th.px(14), barY, th.screen.x - th.px(8), barY + barH));
            ctx.draw->AddRectFilled(bar.Min, bar.Max, withAlpha(th.text, 0.3f), th.px(3));
            if (scroll_ < maxScroll - 1) drawMoreCue(ctx, th.screen.y);
        }
    }

private:
    struct Grid {
        int columns = 1, rows = 1;
        float cardW = 0, cardH = 0, imageH = 0;
    };

    // The largest cards (up to a comfortable maximum) that show all `count` items in `w` x `h`;
    // when none does at a readable width, the default columns (the grid then scrolls).
    static Grid chooseGrid(const Theme& th, int count, float w, float h) {
        const float gap = th.gap();
        const float textH = th.px(230);
        const float maxCardW = th.px(th.portrait ? 900 : 640), minCardW = th.px(th.portrait ? 420 : 380);
        const int maxColumns = th.portrait ? 2 : 4;
        Grid best;
        for (int columns = 1; columns <= std::min(maxColumns, count); ++columns) {
            const int rows = (count + columns - 1) / columns;
            float cardW = std::min(maxCardW, (w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns));
            // Shrink the picture (not the text) until the rows fit the height.
            const float rowH = (h - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
            float imageH = std::min(cardW * 0.75f, rowH - textH);
            if (imageH < cardW * 0.4f) continue;   // too flat a picture: try more columns
            if (cardW < minCardW) continue;
            cardW = std::min(cardW, imageH / 0.5f);   // keep the picture from getting too wide
            if (cardW > best.cardW) best = {columns, rows, cardW, imageH + textH, imageH};
        }
        if (best.cardW > 0) return best;
        Grid scroll;
        scroll.columns = std::min(count, th.portrait ? 2 : 3);
        scroll.rows = (count + scroll.columns - 1) / scroll.columns;
        scroll.cardW = (w - gap * static_cast<float>(scroll.columns - 1)) / static_cast<float>(scroll.columns);
        scroll.imageH = scroll.cardW * 0.62f;
        scroll.cardH = scroll.imageH + textH;
        return scroll;
    }

    static void drawMoreCue(UiContext& ctx, float bottom) {
        const Theme& th = ctx.theme;
        const ImVec2 box = labels::kHint.size(th);
        const float h = th.px(64);
        const std::string text = ctx.tr("swipe_for_more");
        const FittedText fitted = ctx.text.fit(text, box.x, box.y, labels::kHint.rule);
        const float w = std::min(box.x, ctx.text.lineWidth(text, fitted.role)) + th.px(100);
        const ImRect pill(th.screen.x * 0.5f - w * 0.5f, bottom - th.px(24) - h, th.screen.x * 0.5f + w * 0.5f, bottom - th.px(24));
        ctx.draw->AddRectFilled(pill.Min, pill.Max, withAlpha(th.backgroundDeep, 0.92f), h * 0.5f);
        const ImRect placed = ctx.place(ImRect(pill.Min.x + th.px(20), pill.Min.y, pill.Min.x + th.px(60), pill.Max.y));
        drawIcon(ctx.draw, Icon::ChevronDown, placed.GetCenter(), th.px(28), th.accent, false);
        const ImRect textBox = ctx.place(ImRect(pill.Min.x + th.px(64), pill.Min.y, pill.Max.x - th.px(24), pill.Max.y));
        ctx.text.drawFitted(ctx.draw, textBox, text, labels::kHint.rule, th.text, TextAlign::Start);
    }

    void drawItemCard(UiContext& ctx, const Item& item, const ImRect& r, float imageH, ImU32 color, float viewTop) {
        const Theme& th = ctx.theme;
        bool pressed = false;
        ImRect visible = r;
        visible.Min.y = std::max(visible.Min.y, viewTop);
        visible.Max.y = std::min(visible.Max.y, ctx.theme.screen.y);
        const bool tapped = tapArea(ctx, visible, ctx.t(item.title), "item:" + item.id, &pressed);
        drawSoftShadow(ctx.draw, r, th.radius(), th.px(14), th.shadow);
        ctx.draw->AddRectFilled(r.Min, r.Max, th.surface, th.radius());
        const ImRect image(r.Min, ImVec2(r.Max.x, r.Min.y + imageH));
        drawImageOrFallback(ctx, item.images.empty() ? std::filesystem::path() : item.images.front().file, image, color, th.radius());
        // Square off the image's lower corners against the card body.
        ctx.draw->AddRectFilled(ImVec2(image.Min.x, image.Max.y - th.radius()), image.Max, th.surface);
        if (!item.images.empty()) {
            const ImageTexture tex = ctx.images.get(item.images.front().file, coverPixels(image.GetWidth()), coverPixels(image.GetHeight()));
            if (tex) {
                const ImRect strip(ImVec2(image.Min.x, image.Max.y - th.radius()), image.Max);
                ctx.draw->PushClipRect(strip.Min, strip.Max, true);
                drawImageCover(ctx.draw, tex, image, 0);
                ctx.draw->PopClipRect();
            }
        }
        if (pressed) ctx.draw->AddRectFilled(r.Min, r.Max, withAlpha(IM_COL32_BLACK, 0.15f), th.radius());
        const float pad = th.px(26);
        const float w = r.GetWidth() - 2 * pad;
        float y = image.Max.y + pad * 0.8f;
        TextStyle title{titleRole_, th.surfaceText, TextAlign::Start, kCardTitle.lineSpacing, 1};
        ctx.text.drawLine(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.t(item.title), title);
        y += ctx.text.lineHeight(title) + th.px(6);
        // As many summary lines as the card holds (2 or 3).
        const int summaryLines = r.Max.y - y - pad >= 3 * fontBaseSize(FontRole::Body) * th.scale * 1.3f ? 3 : 2;
        TextStyle summary{FontRole::Body, th.surfaceMuted, TextAlign::Start, 1.3f, summaryLines};
        ctx.draw->PushClipRect(r.Min, r.Max, true);
        ctx.text.drawParagraph(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.t(item.summary), summary);
        ctx.draw->PopClipRect();
        if (tapped) ctx.navigate({ScreenId::Item, item.id});
    }

    static constexpr FitRule kCardTitle{FontRole::Heading, FontRole::Label, 1, 1.15f};
    FontRole titleRole_ = FontRole::Heading;
    std::string categoryId_;
    static constexpr float kGlideDecayPerFrame = 0.9f;
    static constexpr float kGlideStopPxPerFrame = 0.5f;
    float scroll_ = 0;
    float velocity_ = 0;             // px per display frame at release
    float glideFromScroll_ = 0;
    std::int64_t glideStartMs_ = 0;
};

} // namespace

std::unique_ptr<Screen> makeCategoryScreen() { return std::make_unique<CategoryScreen>(); }

} // namespace kiosk::ui
