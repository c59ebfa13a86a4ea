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
        swiped_ = false;
        qrModules_ = 0;
        qrBlocks_.clear();
        const Item* item = ctx.content.findItem(itemId_);
        if (item && !item->link.empty()) {
            const QrCode qr = encodeQrCode(item->link);
            qrModules_ = qr.size;
            qrBlocks_ = darkBlocks(qr);
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
        const float top = drawTopBar(ctx, category ? ctx.t(category->title) : ctx.tr("home"), {});
        const float m = th.margin();
        const float gap = th.gap();
        if (!item) {
            const ImVec2 box = labels::kMessage.size(th);
            ctx.text.drawFitted(ctx.draw, ImRect((th.screen.x - box.x) * 0.5f, top + th.px(80), (th.screen.x + box.x) * 0.5f, top + th.px(80) + box.y),
                                ctx.tr("content_unavailable"), labels::kMessage.rule, th.muted, TextAlign::Center);
            return;
        }
        const ImU32 color = category ? toImU32(category->color) : th.accent;
        // The gallery takes the pictures' shape (the first picture's, else 16:10), so that no
        // picture is cropped: their edges carry marks ("Sample illustration") and details.
        float aspect = 1.6f;
        const float captionRowH = std::max(th.px(84), th.minTouchTarget() + th.px(12));
        // The largest the gallery can be (its width and height limits). The gallery takes the
        // first picture's aspect, read from its file's header before it is decoded, so that the
        // picture is decoded once, at the gallery's own size.
        const ImVec2 galleryMax = th.portrait ? ImVec2(th.screen.x - 2 * m, (th.screen.y - top) * 0.42f)
                                              : ImVec2((th.screen.x - 2 * m) * 0.56f, th.screen.y - m * 0.6f - captionRowH - top - gap);
        if (!item->images.empty()) {
            const float known = ctx.images.aspect(item->images.front().file);
            if (known > 0) aspect = std::clamp(known, 0.6f, 2.4f);
        }
        ImRect gallery, textColumn;
        if (th.portrait) {
            const float h = std::min(galleryMax.x / aspect, galleryMax.y);
            gallery = ImRect((th.screen.x - h * aspect) * 0.5f, top + gap, (th.screen.x + h * aspect) * 0.5f, top + gap + h);
            textColumn = ImRect(m, gallery.Max.y + captionRowH + gap, th.screen.x - m, th.screen.y - m * 0.6f);
        } else {
            const float w = std::min(galleryMax.x, galleryMax.y * aspect);
            gallery = ImRect(m, top + gap, m + w, top + gap + w / aspect);
            textColumn = ImRect(m + galleryMax.x + gap * 2, top + gap, th.screen.x - m, th.screen.y - m * 0.6f);
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
        swiped_ = true;
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

        // Until the visitor has moved through the pictures: a "swipe for more" cue on the picture.
        if (count > 1 && !swiped_) {
            const ImVec2 box = labels::kHint.size(th);
            const std::string hint = ctx.tr("swipe_for_more");
            const FittedText fitted = ctx.text.fit(hint, box.x, box.y, labels::kHint.rule);
            const float w = std::min(box.x, ctx.text.lineWidth(hint, fitted.role)) + th.px(130);
            const float h = std::max(th.px(60), fitted.height + th.px(16));
            const ImRect pill(r.GetCenter().x - w * 0.5f, r.Max.y - th.px(24) - h, r.GetCenter().x + w * 0.5f, r.Max.y - th.px(24));
            ctx.draw->AddRectFilled(pill.Min, pill.Max, withAlpha(th.backgroundDeep, kPhotoScrimAlphaUnderText + 0.05f), h * 0.5f);
            drawIcon(ctx.draw, Icon::Back, ImVec2(pill.Min.x + th.px(36), pill.GetCenter().y), th.px(30), th.accent, false);
            drawIcon(ctx.draw, Icon::Forward, ImVec2(pill.Max.x - th.px(36), pill.GetCenter().y), th.px(30), th.accent, false);
            ctx.text.drawFitted(ctx.draw, ImRect(pill.Min.x + th.px(64), pill.Min.y, pill.Max.x - th.px(64), pill.Max.y), hint,
                                labels::kHint.rule, th.text, TextAlign::Center);
        }

        // Caption and position dots under the picture. Dots are fingertip targets (>= 64 px) in
        // reading order: the first picture on the left, or on the right in right-to-left languages.
        const float target = std::max(th.px(72), th.minTouchTarget());
        const float y = r.Max.y + th.px(6);
        const std::string& caption = ctx.t(item.images[static_cast<std::size_t>(imageIndex_)].caption);
        TextStyle captionStyle{FontRole::Caption, th.muted, TextAlign::Start, 1.3f, 2};
        const float dotsW = count > 1 ? static_cast<float>(count) * target : 0;
        // `r` is placed already (mirrored for right-to-left): caption at its start, dots at its end.
        const ImRect captionRect = ctx.rtl ? ImRect(r.Min.x + dotsW + th.px(20), y, r.Max.x, y + target)
                                           : ImRect(r.Min.x, y, r.Max.x - dotsW - th.px(20), y + target);
        const float captionH = ctx.text.measureParagraph(caption, captionRect.GetWidth(), captionStyle);
        ctx.text.drawParagraph(ctx.draw, ImVec2(captionRect.Min.x, y + (target - captionH) * 0.5f), captionRect.GetWidth(), caption, captionStyle);
        if (count > 1) {
            for (int i = 0; i < count; ++i) {
                const float x0 = ctx.rtl ? r.Min.x + dotsW - static_cast<float>(i + 1) * target : r.Max.x - dotsW + static_cast<float>(i) * target;
                const ImRect hit(x0, y, x0 + target, y + target);
                const ImVec2 c = hit.GetCenter();
                bool pressed = false;
                if (tapArea(ctx, hit, "image " + std::to_string(i + 1), "image:" + std::to_string(i), &pressed) && i != imageIndex_)
                    step(ctx, item, i - imageIndex_);
                if (pressed) ctx.draw->AddCircleFilled(c, th.px(26), th.chip, 24);
                ctx.draw->AddCircleFilled(c, i == imageIndex_ ? th.px(12) : th.px(8), i == imageIndex_ ? th.accent : withAlpha(th.text, 0.5f), 24);
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
        TextStyle summary{FontRole::Body, th.text, TextAlign::Start, 1.35f, 3};
        y += ctx.text.drawParagraph(ctx.draw, ImVec2(x, y), w, ctx.t(item.summary), summary) + th.px(20);

        // Origin and partners as labelled rows.
        const auto row = [&](const char* key, const LocalizedText& value) {
            const std::string& text = ctx.t(value);
            if (text.empty()) return;
            TextStyle label{FontRole::Caption, th.accent, TextAlign::Start, 1.3f, 1};
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
        const float qrSize = qrModules_ > 0 ? th.px(170) : 0;
        const bool hasFacts = !item.factIds.empty() && ctx.content.findFact(item.factIds.front());
        const float bottomH = std::max(qrSize + th.px(40), hasFacts ? th.px(110) : 0.0f);
        const float storyBottom = column.Max.y - bottomH;

        // Story, scrollable by dragging inside it.
        TextStyle story{FontRole::Body, th.text, TextAlign::Start, 1.5f};
        const std::string& storyText = ctx.t(item.story);
        const float storyH = ctx.text.measureParagraph(storyText, w, story);
        const ImRect storyRect(ImVec2(x, y), ImVec2(x + w, storyBottom));
        const float maxScroll = std::max(0.0f, storyH - storyRect.GetHeight());
        if (ctx.touch.down && ctx.touch.dragging && storyRect.Contains(ctx.touch.pressPos)) storyScroll_ -= ctx.touch.dragDelta.y;
        storyScroll_ = std::clamp(storyScroll_, 0.0f, maxScroll);
        ctx.draw->PushClipRect(storyRect.Min, storyRect.Max, true);
        ctx.text.drawParagraph(ctx.draw, ImVec2(x, y - storyScroll_), w, storyText, story);
        ctx.draw->PopClipRect();
        if (maxScroll > 0 && storyScroll_ < maxScroll - 1) {
            // More story below: a fade and a cue that says so (drag the story up to read on).
            drawScrim(ctx.draw, ImRect(x, storyRect.Max.y - th.px(120), x + w, storyRect.Max.y - th.px(52)), th.background);
            ctx.draw->AddRectFilled(ImVec2(x, storyRect.Max.y - th.px(52)), ImVec2(x + w, storyRect.Max.y), th.background);
            const ImVec2 box = labels::kHint.size(th);
            const std::string hint = ctx.tr("swipe_for_more");
            const FittedText fitted = ctx.text.fit(hint, box.x, box.y, labels::kHint.rule);
            const float cueW = std::min(box.x, ctx.text.lineWidth(hint, fitted.role)) + th.px(80);
            const float cueH = std::max(th.px(48), fitted.height + th.px(8));
            const ImRect cue = ctx.place(ImRect(column.Min.x + (w - cueW) * 0.5f, storyRect.Max.y - cueH, column.Min.x + (w + cueW) * 0.5f, storyRect.Max.y));
            ctx.draw->AddRectFilled(cue.Min, cue.Max, th.chip, cueH * 0.5f);
            const ImRect icon = ctx.place(ImRect(column.Min.x + (w - cueW) * 0.5f + th.px(10), cue.Min.y, column.Min.x + (w - cueW) * 0.5f + th.px(50), cue.Max.y));
            drawIcon(ctx.draw, Icon::ChevronDown, icon.GetCenter(), th.px(24), th.accent, false);
            const ImRect textBox = ctx.place(ImRect(column.Min.x + (w - cueW) * 0.5f + th.px(56), cue.Min.y, column.Min.x + (w + cueW) * 0.5f - th.px(16), cue.Max.y));
            ctx.text.drawFitted(ctx.draw, textBox, hint, labels::kHint.rule, th.text, TextAlign::Start);
        }

        const float by = column.Max.y - bottomH + th.px(24);
        if (qrModules_ > 0) {
            const float cell = std::floor(qrSize / static_cast<float>(qrModules_ + 4));
            const float side = cell * static_cast<float>(qrModules_ + 4);
            const ImRect box = ctx.place(ImRect(column.Min.x, by, column.Min.x + side, by + side));
            ctx.draw->AddRectFilled(box.Min, box.Max, IM_COL32_WHITE, th.px(10));
            for (const QrBlock& b : qrBlocks_) {
                const ImVec2 p(box.Min.x + cell * static_cast<float>(b.x + 2), box.Min.y + cell * static_cast<float>(b.y + 2));
                ctx.draw->AddRectFilled(p, ImVec2(p.x + cell * static_cast<float>(b.width), p.y + cell * static_cast<float>(b.height)),
                                        IM_COL32(20, 20, 24, 255));
            }
            const ImVec2 labelBox = labels::kQrLabel.size(th);
            const ImRect label = ctx.place(ImRect(column.Min.x + side + th.px(24), by + (side - labelBox.y) * 0.5f,
                                                  column.Min.x + side + th.px(24) + labelBox.x, by + (side + labelBox.y) * 0.5f));
            ctx.text.drawFitted(ctx.draw, label, ctx.tr("scan_to_learn_more"), labels::kQrLabel.rule, th.text, TextAlign::Start);
        }
        if (hasFacts) {
            const float bw = labels::kPrimaryButton.size(th).x + th.px(48);
            const ImRect button = ctx.place(ImRect(column.Max.x - bw, by + (qrSize - th.touchTarget()) * 0.5f, column.Max.x,
                                                   by + (qrSize + th.touchTarget()) * 0.5f));
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
    bool swiped_ = false;   // the visitor has moved through the pictures: the swipe cue is gone
    int qrModules_ = 0;               // modules a side of the item link's QR code; 0: none
    std::vector<QrBlock> qrBlocks_;   // its dark modules as rectangles (one drawing operation each)
};

} // namespace

std::unique_ptr<Screen> makeItemDetailScreen() { return std::make_unique<ItemDetailScreen>(); }

} // namespace kiosk::ui
