// Item detail: image gallery (swipe), title, origin and partners, the story, and a QR code
// for the item's link.
#include <algorithm>
#include <cmath>

#include "kiosk/core/qr_code.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

constexpr int kSlideAnimationMs = 320;

class ItemDetailScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Item; }

    void enter(UiContext& ctx, const std::string& subject) override {
        itemId_ = subject;
        imageIndex_ = 0;
        slideFrom_ = 0;
        slideStartMs_ = -100000;
        storyScroll_ = 0;
        qr_ = {};
        const Item* item = ctx.content.findItem(itemId_);
        if (item && !item->link.empty()) {
            qr_ = encodeQrCode(item->link);
            ctx.log.add(EventType::QrShown, "item", item->id);
        }
    }

    bool key(UiContext& ctx, const std::string& name) override {
        const Item* item = ctx.content.findItem(itemId_);
        if (!item || item->images.size() < 2) return false;
        if (name == "left" || name == "right") {
            step(ctx, *item, (name == "right") != ctx.rtl ? 1 : -1);
            return true;
        }
        return false;
    }

    void draw(UiContext& ctx) override {
        const Theme& th = ctx.theme;
        const Exhibition& ex = ctx.content;
        const Item* item = ex.findItem(itemId_);
        const Category* category = item ? ex.findCategory(item->category) : nullptr;
        const float top = drawTopBar(ctx, category ? ctx.t(category->title) : ctx.tr("home"), true);
        const float m = th.margin();
        const float gap = th.gap();
        if (!item) {
            ctx.text.drawParagraph(ctx.draw, ImVec2(m, top + th.px(80)), th.screen.x - 2 * m, ctx.tr("content_unavailable"),
                                   {FontRole::Heading, th.muted, TextAlign::Center});
            return;
        }
        const ImU32 color = category ? toImU32(category->color) : th.accent;
        ImRect gallery, textColumn;
        if (th.portrait) {
            gallery = ImRect(m, top + gap, th.screen.x - m, top + gap + (th.screen.x - 2 * m) * 0.68f);
            textColumn = ImRect(m, gallery.Max.y + th.px(90), th.screen.x - m, th.screen.y - m * 0.6f);
        } else {
            gallery = ImRect(m, top + gap, m + (th.screen.x - 2 * m) * 0.56f, th.screen.y - m - th.px(60));
            textColumn = ImRect(gallery.Max.x + gap * 2, top + gap, th.screen.x - m, th.screen.y - m * 0.6f);
        }
        drawGallery(ctx, *item, ctx.place(gallery), color);
        drawText(ctx, *item, textColumn);
    }

private:
    void step(UiContext& ctx, const Item& item, int direction) {
        const int count = static_cast<int>(item.images.size());
        const int next = (imageIndex_ + direction + count) % count;
        if (next == imageIndex_) return;
        slideFrom_ = imageIndex_;
        slideDirection_ = direction;
        imageIndex_ = next;
        slideStartMs_ = ctx.nowMs;
        ctx.log.add(EventType::Swipe, "item", item.id, imageIndex_);
    }

    void drawGallery(UiContext& ctx, const Item& item, const ImRect& r, ImU32 color) {
        const Theme& th = ctx.theme;
        const int count = static_cast<int>(item.images.size());
        drawSoftShadow(ctx.draw, r, th.radius(), th.px(18), th.shadow);
        ctx.targets.push_back({ctx.tr("gallery"), "gallery", r});
        if (count == 0) { drawImageFallback(ctx.draw, r, color, th.radius()); return; }

        // Swipe: follow the finger, then settle on the next or previous image.
        float offset = 0;
        const bool inGallery = r.Contains(ctx.touch.pressPos);
        if (inGallery && ctx.touch.down && ctx.touch.dragging && count > 1) offset = ctx.touch.dragTotal.x;
        if (inGallery && ctx.touch.released && ctx.touch.dragging && count > 1 &&
            std::fabs(ctx.touch.dragTotal.x) > r.GetWidth() * 0.12f) {
            const int direction = ctx.touch.dragTotal.x < 0 ? 1 : -1;
            step(ctx, item, ctx.rtl ? -direction : direction);
        }
        ctx.draw->PushClipRect(r.Min, r.Max, true);
        const float t = std::clamp(static_cast<float>(ctx.nowMs - slideStartMs_) / kSlideAnimationMs, 0.0f, 1.0f);
        const auto imageAt = [&](int index, float dx) {
            const ImRect box(ImVec2(r.Min.x + dx, r.Min.y), ImVec2(r.Max.x + dx, r.Max.y));
            drawImageOrFallback(ctx, item.images[static_cast<std::size_t>(index)].file, box, color, th.radius());
        };
        if (t < 1.0f) {
            const float ease = 1.0f - (1.0f - t) * (1.0f - t);
            const float dir = static_cast<float>(slideDirection_) * (ctx.rtl ? -1.0f : 1.0f);
            imageAt(slideFrom_, -dir * r.GetWidth() * ease);
            imageAt(imageIndex_, dir * r.GetWidth() * (1.0f - ease));
            ctx.requestAnimationFrame();
        } else {
            imageAt(imageIndex_, offset);
            if (offset != 0.0f && count > 1) {
                const int neighbour = offset < 0 ? (imageIndex_ + 1) % count : (imageIndex_ - 1 + count) % count;
                imageAt(neighbour, offset < 0 ? offset + r.GetWidth() : offset - r.GetWidth());
            }
        }
        ctx.draw->PopClipRect();

        // Caption and position dots under the image.
        const float y = r.Max.y + th.px(18);
        const std::string& caption = ctx.t(item.images[static_cast<std::size_t>(imageIndex_)].caption);
        TextStyle captionStyle{FontRole::Caption, th.muted, TextAlign::Start, 1.3f, 1};
        const float dotsW = count > 1 ? static_cast<float>(count) * th.px(30) : 0;
        const ImRect captionRect = ctx.place(ImRect(r.Min.x, y, r.Max.x - dotsW - th.px(20), y + th.px(30)));
        (void)captionRect;
        ctx.text.drawLine(ctx.draw, ImVec2(ctx.rtl ? r.Min.x + dotsW + th.px(20) : r.Min.x, y), r.GetWidth() - dotsW - th.px(20), caption, captionStyle);
        if (count > 1) {
            for (int i = 0; i < count; ++i) {
                const float x = ctx.rtl ? r.Min.x + th.px(15) + static_cast<float>(i) * th.px(30)
                                        : r.Max.x - dotsW + th.px(15) + static_cast<float>(i) * th.px(30);
                const ImVec2 c(x, y + th.px(14));
                ctx.draw->AddCircleFilled(c, i == imageIndex_ ? th.px(8) : th.px(5), i == imageIndex_ ? th.accent : withAlpha(th.text, 0.4f), 20);
                const ImRect hit(ImVec2(c.x - th.px(15), c.y - th.px(30)), ImVec2(c.x + th.px(15), c.y + th.px(30)));
                if (tapArea(ctx, hit, "image " + std::to_string(i + 1), "image:" + std::to_string(i)) && i != imageIndex_)
                    step(ctx, item, i - imageIndex_);
            }
        }
    }

    void drawText(UiContext& ctx, const Item& item, const ImRect& column) {
        const Theme& th = ctx.theme;
        const float w = column.GetWidth();
        const ImRect placed = ctx.place(column);
        const float x = placed.Min.x;
        float y = column.Min.y;
        TextStyle title{FontRole::Title, th.text, TextAlign::Start, 1.15f, 3};
        y += ctx.text.drawParagraph(ctx.draw, ImVec2(x, y), w, ctx.t(item.title), title) + th.px(14);
        TextStyle summary{FontRole::Body, withAlpha(th.text, 0.9f), TextAlign::Start, 1.35f, 3};
        y += ctx.text.drawParagraph(ctx.draw, ImVec2(x, y), w, ctx.t(item.summary), summary) + th.px(20);

        // Origin and partners as labelled rows.
        const auto row = [&](const char* key, const LocalizedText& value) {
            const std::string& text = ctx.t(value);
            if (text.empty()) return;
            TextStyle label{FontRole::Caption, th.accent, TextAlign::Start, 1.3f};
            ctx.text.drawLine(ctx.draw, ImVec2(x, y), w, ctx.tr(key), label);
            y += ctx.text.lineHeight(label);
            TextStyle body{FontRole::Label, th.text, TextAlign::Start, 1.3f, 2};
            y += ctx.text.drawParagraph(ctx.draw, ImVec2(x, y), w, text, body) + th.px(12);
        };
        row("origin", item.origin);
        row("partners", item.partners);
        ctx.draw->AddLine(ImVec2(x, y + th.px(6)), ImVec2(x + w, y + th.px(6)), th.divider, th.px(2));
        y += th.px(24);

        // Bottom area: QR code (when there is a link) and a trade-facts button.
        const float qrSize = qr_.size > 0 ? th.px(170) : 0;
        const bool hasFacts = !item.factIds.empty() && ctx.content.findFact(item.factIds.front());
        const float bottomH = std::max(qrSize + th.px(40), hasFacts ? th.px(110) : 0.0f);
        const float storyBottom = column.Max.y - bottomH;

        // Story, scrollable by dragging inside it.
        TextStyle story{FontRole::Body, withAlpha(th.text, 0.92f), TextAlign::Start, 1.5f};
        const std::string& storyText = ctx.t(item.story);
        const float storyH = ctx.text.measureParagraph(storyText, w, story);
        const ImRect storyRect(ImVec2(x, y), ImVec2(x + w, storyBottom));
        const float maxScroll = std::max(0.0f, storyH - storyRect.GetHeight());
        if (ctx.touch.down && ctx.touch.dragging && storyRect.Contains(ctx.touch.pressPos)) storyScroll_ -= ctx.touch.dragDelta.y;
        storyScroll_ = std::clamp(storyScroll_, 0.0f, maxScroll);
        ctx.draw->PushClipRect(storyRect.Min, storyRect.Max, true);
        ctx.text.drawParagraph(ctx.draw, ImVec2(x, y - storyScroll_), w, storyText, story);
        ctx.draw->PopClipRect();
        if (maxScroll > 0 && storyScroll_ < maxScroll)
            drawScrim(ctx.draw, ImRect(x, storyRect.Max.y - th.px(60), x + w, storyRect.Max.y), th.background);

        const float by = column.Max.y - bottomH + th.px(24);
        if (qr_.size > 0) {
            const float cell = std::floor(qrSize / static_cast<float>(qr_.size + 4));
            const float side = cell * static_cast<float>(qr_.size + 4);
            const ImRect box = ctx.place(ImRect(column.Min.x, by, column.Min.x + side, by + side));
            ctx.draw->AddRectFilled(box.Min, box.Max, IM_COL32_WHITE, th.px(10));
            for (int qy = 0; qy < qr_.size; ++qy)
                for (int qx = 0; qx < qr_.size; ++qx)
                    if (qr_.dark(qx, qy)) {
                        const ImVec2 p(box.Min.x + cell * static_cast<float>(qx + 2), box.Min.y + cell * static_cast<float>(qy + 2));
                        ctx.draw->AddRectFilled(p, ImVec2(p.x + cell, p.y + cell), IM_COL32(20, 20, 24, 255));
                    }
            TextStyle scan{FontRole::Label, th.text, TextAlign::Start, 1.3f, 3};
            const ImRect label = ctx.place(ImRect(column.Min.x + side + th.px(24), by + th.px(10), column.Min.x + w * (hasFacts ? 0.55f : 1.0f), by + side));
            ctx.text.drawParagraph(ctx.draw, label.Min, label.GetWidth(), ctx.tr("scan_to_learn_more"), scan);
        }
        if (hasFacts) {
            const float bw = std::min(w * 0.42f, th.px(360));
            const ImRect button = ctx.place(ImRect(column.Max.x - bw, by + th.px(20), column.Max.x, by + th.px(20) + th.touchTarget()));
            if (pillButton(ctx, button, ctx.tr("trade_facts"), "facts", true))
                ctx.navigate({ScreenId::Facts, item.factIds.front()});
        }
    }

    std::string itemId_;
    int imageIndex_ = 0;
    int slideFrom_ = 0;
    int slideDirection_ = 1;
    std::int64_t slideStartMs_ = -100000;
    float storyScroll_ = 0;
    QrCode qr_;
};

} // namespace

std::unique_ptr<Screen> makeItemDetailScreen() { return std::make_unique<ItemDetailScreen>(); }

} // namespace kiosk::ui
