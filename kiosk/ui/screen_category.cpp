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
        const float top = drawTopBar(ctx, category ? ctx.t(category->title) : ctx.tr("categories"), true);
        const float m = th.margin();
        const float gap = th.gap();
        const auto items = ex.itemsInCategory(categoryId_);
        const float viewTop = top;
        const float viewH = th.screen.y - viewTop;
        if (items.empty()) {
            ctx.text.drawParagraph(ctx.draw, ImVec2(m, viewTop + th.px(80)), th.screen.x - 2 * m, ctx.tr("no_items"),
                                   {FontRole::Heading, th.muted, TextAlign::Center});
            return;
        }
        const int columns = th.portrait ? 2 : 3;
        const float cardW = (th.screen.x - 2 * m - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
        const float imageH = cardW * 0.62f;
        const float cardH = imageH + th.px(200);
        const int rows = (static_cast<int>(items.size()) + columns - 1) / columns;
        // Intro line: the category summary.
        float headerH = 0;
        if (category && !ctx.t(category->summary).empty()) {
            TextStyle summary{FontRole::Body, th.muted, TextAlign::Start, 1.35f, 2};
            headerH = ctx.text.measureParagraph(ctx.t(category->summary), th.screen.x - 2 * m, summary) + gap;
        }
        const float contentH = headerH + gap + static_cast<float>(rows) * (cardH + gap) + m;
        const float maxScroll = std::max(0.0f, contentH - viewH);

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
        float y = viewTop + gap - scroll_;
        if (headerH > 0) {
            TextStyle summary{FontRole::Body, th.muted, TextAlign::Start, 1.35f, 2};
            ctx.text.drawParagraph(ctx.draw, ImVec2(m, y), th.screen.x - 2 * m, ctx.t(category->summary), summary);
            y += headerH;
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
            const int col = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
            const ImRect r = ctx.place(ImRect(m + static_cast<float>(col) * (cardW + gap), y + static_cast<float>(row) * (cardH + gap),
                                              m + static_cast<float>(col) * (cardW + gap) + cardW,
                                              y + static_cast<float>(row) * (cardH + gap) + cardH));
            if (r.Max.y < viewTop || r.Min.y > th.screen.y) continue;
            drawItemCard(ctx, *items[i], r, imageH, category ? toImU32(category->color) : th.accent, viewTop);
        }
        ctx.draw->PopClipRect();
        // Scroll hint: a thin bar on the trailing edge.
        if (maxScroll > 0) {
            const float barH = viewH * viewH / contentH;
            const float barY = viewTop + (viewH - barH) * (scroll_ / maxScroll);
            const ImRect bar = ctx.place(ImRect(th.screen.x - th.px(14), barY, th.screen.x - th.px(8), barY + barH));
            ctx.draw->AddRectFilled(bar.Min, bar.Max, withAlpha(th.text, 0.3f), th.px(3));
        }
    }

private:
    void drawItemCard(UiContext& ctx, const Item& item, const ImRect& r, float imageH, ImU32 color, float viewTop) {
        const Theme& th = ctx.theme;
        bool pressed = false;
        ImRect visible = r;
        visible.Min.y = std::max(visible.Min.y, viewTop);
        const bool tapped = tapArea(ctx, visible, ctx.t(item.title), "item:" + item.id, &pressed);
        drawSoftShadow(ctx.draw, r, th.radius(), th.px(14), th.shadow);
        ctx.draw->AddRectFilled(r.Min, r.Max, th.surface, th.radius());
        const ImRect image(r.Min, ImVec2(r.Max.x, r.Min.y + imageH));
        drawImageOrFallback(ctx, item.images.empty() ? std::filesystem::path() : item.images.front().file, image, color, th.radius());
        // Square off the image's lower corners against the card body.
        ctx.draw->AddRectFilled(ImVec2(image.Min.x, image.Max.y - th.radius()), image.Max, th.surface);
        if (!item.images.empty()) {
            const ImageTexture tex = ctx.images.get(item.images.front().file);
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
        TextStyle title{FontRole::Heading, th.surfaceText, TextAlign::Start, 1.15f, 1};
        ctx.text.drawLine(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.t(item.title), title);
        y += ctx.text.lineHeight(title) + th.px(4);
        TextStyle summary{FontRole::Label, th.surfaceMuted, TextAlign::Start, 1.3f, 2};
        ctx.draw->PushClipRect(r.Min, r.Max, true);
        ctx.text.drawParagraph(ctx.draw, ImVec2(r.Min.x + pad, y), w, ctx.t(item.summary), summary);
        ctx.draw->PopClipRect();
        if (tapped) ctx.navigate({ScreenId::Item, item.id});
    }

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
