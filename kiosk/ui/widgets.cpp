#include "kiosk/ui/widgets.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

bool tapArea(UiContext& ctx, const ImRect& rect, const std::string& label, const std::string& id, bool* pressedOut) {
    ctx.targets.push_back({label, id, rect});
    const TouchState& touch = ctx.touch;
    if (pressedOut) *pressedOut = touch.down && !touch.dragging && rect.Contains(touch.pressPos) && rect.Contains(touch.pos);
    return touch.tapped && rect.Contains(touch.pressPos) && rect.Contains(touch.pos);
}

void drawImageCover(ImDrawList* draw, const ImageTexture& image, const ImRect& rect, float rounding, ImU32 tint,
                    float zoom, ImVec2 pan, ImU32 cornerColor) {
    if (!image || image.width <= 0 || image.height <= 0) return;
    const float boxAspect = rect.GetWidth() / std::max(1.0f, rect.GetHeight());
    const float imageAspect = static_cast<float>(image.width) / static_cast<float>(image.height);
    // Visible part of the image in UV space.
    float u = 1.0f, v = 1.0f;
    if (imageAspect > boxAspect) u = boxAspect / imageAspect;
    else v = imageAspect / boxAspect;
    u /= zoom;
    v /= zoom;
    const ImVec2 uv0((1.0f - u) * pan.x, (1.0f - v) * pan.y);
    const ImVec2 uv1(uv0.x + u, uv0.y + v);
    // An axis-aligned quad: SDL's software renderer blits it instead of rasterising a
    // textured triangle fan (about twice as fast, and free of fan artefacts).
    draw->AddImage(image.texture, rect.Min, rect.Max, uv0, uv1, tint);
    if (rounding > 0 && cornerColor != 0) maskCorners(draw, rect, rounding, cornerColor);
}

void maskCorners(ImDrawList* draw, const ImRect& rect, float rounding, ImU32 color) {
    // Each corner: the region between the square corner and the rounding arc. It is
    // star-shaped from the corner point, so a fan from that point fills it exactly.
    const ImDrawListFlags saved = draw->Flags;
    draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    const float r = std::min(rounding, std::min(rect.GetWidth(), rect.GetHeight()) * 0.5f);
    const struct { ImVec2 corner, center; float a0; } corners[] = {
        {rect.Min, ImVec2(rect.Min.x + r, rect.Min.y + r), IM_PI},
        {ImVec2(rect.Max.x, rect.Min.y), ImVec2(rect.Max.x - r, rect.Min.y + r), IM_PI * 1.5f},
        {rect.Max, ImVec2(rect.Max.x - r, rect.Max.y - r), 0.0f},
        {ImVec2(rect.Min.x, rect.Max.y), ImVec2(rect.Min.x + r, rect.Max.y - r), IM_PI * 0.5f},
    };
    for (const auto& c : corners) {
        draw->PathLineTo(c.corner);
        draw->PathArcTo(c.center, r + 0.5f, c.a0, c.a0 + IM_PI * 0.5f, 10);
        draw->PathFillConvex(color);
    }
    draw->Flags = saved;
}

void drawImageFallback(ImDrawList* draw, const ImRect& rect, ImU32 color, float rounding) {
    const ImU32 dark = mix(color, IM_COL32(0, 0, 0, 255), 0.35f);
    draw->AddRectFilled(rect.Min, rect.Max, dark, rounding);
    // Concentric arcs: a quiet motif, clipped to the card.
    draw->PushClipRect(rect.Min, rect.Max, true);
    const ImVec2 c(rect.Max.x - rect.GetWidth() * 0.2f, rect.Min.y + rect.GetHeight() * 0.35f);
    const float step = std::max(8.0f, rect.GetHeight() * 0.09f);
    for (int i = 1; i < 12; ++i)
        draw->AddCircle(c, step * static_cast<float>(i), withAlpha(color, 0.55f - 0.04f * static_cast<float>(i)), 64,
                        std::max(1.5f, step * 0.12f));
    draw->PopClipRect();
}

void drawImageOrFallback(UiContext& ctx, const std::filesystem::path& file, const ImRect& rect, ImU32 fallbackColor,
                         float rounding, float zoom) {
    const ImageTexture image = file.empty() ? ImageTexture{} : ctx.images.get(file, coverPixels(rect.GetWidth() * std::max(1.0f, zoom)), coverPixels(rect.GetHeight() * std::max(1.0f, zoom)));
    if (image) drawImageCover(ctx.draw, image, rect, rounding, IM_COL32_WHITE, zoom, ImVec2(0.5f, 0.5f), ctx.theme.background);
    else drawImageFallback(ctx.draw, rect, fallbackColor, rounding);
}

void drawScrim(ImDrawList* draw, const ImRect& rect, ImU32 color, bool toBottom, float rounding) {
    const ImU32 clear = withAlpha(color, 0.0f);
    if (rounding <= 0 || rect.GetHeight() < rounding * 2) {
        if (toBottom) draw->AddRectFilledMultiColor(rect.Min, rect.Max, clear, clear, color, color);
        else draw->AddRectFilledMultiColor(rect.Min, rect.Max, color, color, clear, clear);
        return;
    }
    // Gradient, then a solid band whose outer corners follow the card's rounding. No
    // anti-aliased fringe: it would let the image show through along the card's edge.
    const ImDrawListFlags saved = draw->Flags;
    draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    if (toBottom) {
        draw->AddRectFilledMultiColor(rect.Min, ImVec2(rect.Max.x, rect.Max.y - rounding), clear, clear, color, color);
        draw->AddRectFilled(ImVec2(rect.Min.x, rect.Max.y - rounding), rect.Max, color, rounding, ImDrawFlags_RoundCornersBottom);
    } else {
        draw->AddRectFilled(rect.Min, ImVec2(rect.Max.x, rect.Min.y + rounding), color, rounding, ImDrawFlags_RoundCornersTop);
        draw->AddRectFilledMultiColor(ImVec2(rect.Min.x, rect.Min.y + rounding), rect.Max, color, color, clear, clear);
    }
    draw->Flags = saved;
}

void drawSoftShadow(ImDrawList* draw, const ImRect& rect, float rounding, float spread, ImU32 color) {
    // Two translucent layers: enough for depth, and cheap for a software renderer.
    const int layers = 2;
    for (int i = layers; i >= 1; --i) {
        const float grow = spread * static_cast<float>(i) / layers;
        draw->AddRectFilled(ImVec2(rect.Min.x - grow, rect.Min.y - grow * 0.5f + spread * 0.4f),
                            ImVec2(rect.Max.x + grow, rect.Max.y + grow + spread * 0.4f),
                            withAlpha(color, 0.45f / layers), rounding + grow);
    }
}

bool pillButton(UiContext& ctx, const ImRect& rect, const std::string& label, const std::string& id, bool primary,
                const LabelBox* box) {
    bool pressed = false;
    const bool tapped = tapArea(ctx, rect, label, id, &pressed);
    const Theme& th = ctx.theme;
    const ImU32 fill = primary ? (pressed ? th.accentPressed : th.accent) : (pressed ? th.chipPressed : th.chip);
    ctx.draw->AddRectFilled(rect.Min, rect.Max, fill, rect.GetHeight() * 0.5f);
    if (!primary) ctx.draw->AddRect(rect.Min, rect.Max, withAlpha(th.text, 0.35f), rect.GetHeight() * 0.5f, 0, th.px(2));
    const FitRule rule = (box ? *box : labels::kPrimaryButton).rule;
    const float padX = std::min(th.px(24), rect.GetWidth() * 0.1f);
    ctx.text.drawFitted(ctx.draw, ImRect(rect.Min.x + padX, rect.Min.y + th.px(6), rect.Max.x - padX, rect.Max.y - th.px(6)), label,
                        rule, primary ? th.accentText : th.text, TextAlign::Center);
    return tapped;
}

void drawTextScrim(ImDrawList* draw, const ImRect& rect, float textTop, ImU32 color, float rounding) {
    const float fade = std::min(textTop - rect.Min.y, rect.GetHeight() * 0.3f);
    const ImU32 solid = withAlpha(color, kPhotoScrimAlphaUnderText);
    const ImU32 clear = withAlpha(color, 0.0f);
    const ImDrawListFlags saved = draw->Flags;
    draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    if (fade > 0) draw->AddRectFilledMultiColor(ImVec2(rect.Min.x, textTop - fade), ImVec2(rect.Max.x, textTop), clear, clear, solid, solid);
    draw->AddRectFilled(ImVec2(rect.Min.x, std::max(rect.Min.y, textTop)), rect.Max, solid, rounding,
                        textTop - rect.Min.y > rounding ? ImDrawFlags_RoundCornersBottom : ImDrawFlags_RoundCornersAll);
    draw->Flags = saved;
}

void drawIcon(ImDrawList* draw, Icon icon, ImVec2 c, float size, ImU32 color, bool mirrored) {
    const float s = size * 0.5f;
    const float stroke = std::max(2.0f, size * 0.09f);
    const float dir = mirrored ? -1.0f : 1.0f;
    switch (icon) {
    case Icon::Back:
    case Icon::Forward: {
        // d: the direction the arrow points (-1 left, +1 right).
        const float d = (icon == Icon::Back ? -1.0f : 1.0f) * dir;
        const ImVec2 head(c.x + s * 0.7f * d, c.y);
        draw->AddLine(ImVec2(c.x - s * 0.7f * d, c.y), head, color, stroke);
        draw->AddLine(head, ImVec2(head.x - s * 0.65f * d, c.y - s * 0.62f), color, stroke);
        draw->AddLine(head, ImVec2(head.x - s * 0.65f * d, c.y + s * 0.62f), color, stroke);
        break;
    }
    case Icon::Globe: {
        draw->AddCircle(c, s * 0.85f, color, 48, stroke);
        draw->AddLine(ImVec2(c.x - s * 0.85f, c.y), ImVec2(c.x + s * 0.85f, c.y), color, stroke * 0.8f);
        draw->AddLine(ImVec2(c.x, c.y - s * 0.85f), ImVec2(c.x, c.y + s * 0.85f), color, stroke * 0.8f);
        // Meridian: an ellipse drawn as a polyline.
        ImVec2 points[33];
        for (int i = 0; i <= 32; ++i) {
            const float a = static_cast<float>(i) / 32.0f * 6.2831853f;
            points[i] = ImVec2(c.x + std::cos(a) * s * 0.38f, c.y + std::sin(a) * s * 0.85f);
        }
        draw->AddPolyline(points, 33, color, 0, stroke * 0.8f);
        break;
    }
    case Icon::Chart: {
        const float w = s * 0.32f;
        const float heights[3] = {0.7f, 1.2f, 1.6f};
        for (int i = 0; i < 3; ++i) {
            const float x = c.x - s * 0.8f + static_cast<float>(i) * w * 1.7f;
            draw->AddRectFilled(ImVec2(x, c.y + s * 0.8f - s * heights[i]), ImVec2(x + w, c.y + s * 0.8f), color, w * 0.2f);
        }
        break;
    }
    case Icon::Home: {
        // A house: roof and walls with a door.
        const ImVec2 roof(c.x, c.y - s * 0.75f);
        draw->AddLine(ImVec2(c.x - s * 0.8f, c.y - s * 0.05f), roof, color, stroke);
        draw->AddLine(roof, ImVec2(c.x + s * 0.8f, c.y - s * 0.05f), color, stroke);
        ImVec2 walls[4] = {ImVec2(c.x - s * 0.55f, c.y - s * 0.25f), ImVec2(c.x - s * 0.55f, c.y + s * 0.7f),
                           ImVec2(c.x + s * 0.55f, c.y + s * 0.7f), ImVec2(c.x + s * 0.55f, c.y - s * 0.25f)};
        draw->AddPolyline(walls, 4, color, 0, stroke);
        draw->AddRectFilled(ImVec2(c.x - s * 0.16f, c.y + s * 0.2f), ImVec2(c.x + s * 0.16f, c.y + s * 0.7f), color);
        break;
    }
    case Icon::ChevronDown:
        draw->AddLine(ImVec2(c.x - s * 0.6f, c.y - s * 0.3f), ImVec2(c.x, c.y + s * 0.3f), color, stroke);
        draw->AddLine(ImVec2(c.x, c.y + s * 0.3f), ImVec2(c.x + s * 0.6f, c.y - s * 0.3f), color, stroke);
        break;
    case Icon::Close:
        draw->AddLine(ImVec2(c.x - s * 0.6f, c.y - s * 0.6f), ImVec2(c.x + s * 0.6f, c.y + s * 0.6f), color, stroke);
        draw->AddLine(ImVec2(c.x + s * 0.6f, c.y - s * 0.6f), ImVec2(c.x - s * 0.6f, c.y + s * 0.6f), color, stroke);
        break;
    }
}

namespace {

constexpr float kChipGapDesignPx = 12;
constexpr float kChipPaddingDesignPx = 20;   // each side

float chipHeight(const Theme& th) { return std::max(th.px(72), th.minTouchTarget()); }

float chipWidth(const UiContext& ctx, const std::string& name) {
    const Theme& th = ctx.theme;
    const ImVec2 box = labels::kChip.size(th);
    const FittedText fitted = ctx.text.fit(name, box.x, box.y, labels::kChip.rule);
    return std::min(ctx.text.lineWidth(name, fitted.role), box.x) + 2 * th.px(kChipPaddingDesignPx) + th.px(4);
}

} // namespace

float languageChipsWidth(const UiContext& ctx) {
    float w = 0;
    for (const LanguageInfo& language : ctx.content.languages) w += chipWidth(ctx, language.nativeName) + ctx.theme.px(kChipGapDesignPx);
    return std::max(0.0f, w - ctx.theme.px(kChipGapDesignPx));
}

ChipRowsResult drawLanguageChips(UiContext& ctx, const ImRect& area, int maxRows, bool onPhoto,
                                 const std::function<void(const std::string&)>& onChosen) {
    const Theme& th = ctx.theme;
    const auto& languages = ctx.content.languages;
    const float h = chipHeight(th), gap = th.px(kChipGapDesignPx);
    std::vector<float> widths;
    for (const LanguageInfo& language : languages) widths.push_back(chipWidth(ctx, language.nativeName));
    // Place chips row by row; keep room for a "+n" chip on the last row when some are left over.
    const std::string moreSample = ctx.trn("more_count", static_cast<long>(languages.size()));
    const float moreW = std::min(ctx.text.lineWidth(moreSample, FontRole::Label), labels::kChip.size(th).x) + 2 * th.px(kChipPaddingDesignPx);
    struct Placed { std::size_t index; ImRect rect; };
    std::vector<Placed> placed;
    std::vector<std::size_t> order(languages.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto layout = [&](bool reserveMore) {
        placed.clear();
        float x = area.Min.x, y = area.Min.y;
        int row = 0;
        for (std::size_t i : order) {
            const bool lastRow = row == maxRows - 1;
            const float need = widths[i] + (reserveMore && lastRow ? gap + moreW : 0.0f);
            if (x > area.Min.x && x + need > area.Max.x + 1.0f) {
                if (lastRow) break;
                ++row;
                x = area.Min.x;
                y += h + gap;
            }
            if (row == maxRows - 1 && reserveMore && x + widths[i] + gap + moreW > area.Max.x + 1.0f) break;
            placed.push_back({i, ImRect(x, y, x + widths[i], y + h)});
            x += widths[i] + gap;
        }
    };
    layout(false);
    bool more = placed.size() < languages.size();
    if (more) {
        // The current language is always shown: move it to the front of the hidden ones' place.
        for (std::size_t i = 0; i < order.size(); ++i)
            if (languages[order[i]].code == ctx.language && i > 0) {
                const std::size_t current = order[i];
                order.erase(order.begin() + static_cast<long>(i));
                order.insert(order.begin(), current);
                break;
            }
        layout(true);
    }
    ChipRowsResult result;
    std::string chosen;
    for (const Placed& p : placed) {
        const LanguageInfo& language = languages[p.index];
        const ImRect r = ctx.place(p.rect);
        bool pressed = false;
        const bool tapped = tapArea(ctx, r, language.nativeName, "lang:" + language.code, &pressed);
        const bool current = language.code == ctx.language;
        ImU32 fill = current ? (pressed ? th.accentPressed : th.accent) : (pressed ? th.chipPressed : th.chip);
        if (onPhoto && !current && !pressed) fill = withAlpha(th.backgroundDeep, kPhotoScrimAlphaUnderText + 0.05f);
        ctx.draw->AddRectFilled(r.Min, r.Max, fill, h * 0.5f);
        if (!current) ctx.draw->AddRect(r.Min, r.Max, withAlpha(th.text, 0.3f), h * 0.5f, 0, th.px(1.5f));
        const float pad = th.px(kChipPaddingDesignPx);
        ctx.text.drawFitted(ctx.draw, ImRect(r.Min.x + pad, r.Min.y, r.Max.x - pad, r.Max.y), language.nativeName, labels::kChip.rule,
                            current ? th.accentText : th.text, TextAlign::Center);
        if (tapped) chosen = language.code;
        result.height = std::max(result.height, p.rect.Max.y - area.Min.y);
        result.width = std::max(result.width, p.rect.Max.x - area.Min.x);
    }
    if (more && !placed.empty()) {
        const ImRect last = placed.back().rect;
        const ImRect r = ctx.place(ImRect(last.Max.x + gap, last.Min.y, last.Max.x + gap + moreW, last.Max.y));
        const std::string label = ctx.trn("more_count", static_cast<long>(languages.size() - placed.size()));
        bool pressed = false;
        if (tapArea(ctx, r, label, "language", &pressed)) ctx.navigate({ScreenId::Language, "return"});
        ctx.draw->AddRectFilled(r.Min, r.Max, pressed ? th.chipPressed : (onPhoto ? withAlpha(th.backgroundDeep, 0.85f) : th.chip), h * 0.5f);
        ctx.draw->AddRect(r.Min, r.Max, withAlpha(th.text, 0.3f), h * 0.5f, 0, th.px(1.5f));
        ctx.text.drawFitted(ctx.draw, ImRect(r.Min.x + th.px(12), r.Min.y, r.Max.x - th.px(12), r.Max.y), label, labels::kChip.rule, th.text,
                            TextAlign::Center);
        result.width = std::max(result.width, last.Max.x + gap + moreW - area.Min.x);
    }
    if (!chosen.empty()) {
        if (chosen != ctx.language) ctx.setLanguage(chosen);
        if (onChosen) onChosen(chosen);
    }
    return result;
}

float drawTopBar(UiContext& ctx, const std::string& title, TopBarButtons buttons) {
    const Theme& th = ctx.theme;
    const float h = th.topBarHeight();
    const float m = th.margin();
    const float button = th.touchTarget();
    const float chipH = chipHeight(th);
    // Chips in the bar when the title keeps its minimum width beside them; else in a strip below.
    float x = m - th.px(16);
    const float buttonsW = (buttons.back ? button : 0.0f) + (buttons.home ? button : 0.0f);
    const float chipsW = buttons.chips ? languageChipsWidth(ctx) : 0.0f;
    // The title beside the chips must still fit its box (shrunk or wrapped by its rule).
    const float titleRoom = th.screen.x - m - chipsW - th.gap() - (x + buttonsW + th.px(16));
    const bool chipsInBar = buttons.chips && titleRoom > 0 &&
                            ctx.text.fit(title, titleRoom, h - th.px(20), labels::kTopBarTitle.rule).fits;
    const float stripH = buttons.chips && !chipsInBar ? chipH + th.px(28) : 0.0f;
    ctx.draw->AddRectFilled(ImVec2(0, 0), ImVec2(th.screen.x, h + stripH), th.backgroundDeep);
    ctx.draw->AddLine(ImVec2(0, h + stripH), ImVec2(th.screen.x, h + stripH), th.divider, th.px(2));
    const auto circleButton = [&](Icon icon, const std::string& label, const std::string& id) {
        const ImRect r = ctx.place(ImRect(x, (h - button) * 0.5f, x + button, (h + button) * 0.5f));
        bool pressed = false;
        const bool tapped = tapArea(ctx, r, label, id, &pressed);
        ctx.draw->AddCircleFilled(r.GetCenter(), button * 0.42f, pressed ? th.chipPressed : th.chip, 48);
        drawIcon(ctx.draw, icon, r.GetCenter(), button * 0.42f, th.text, ctx.rtl);
        x += button;
        return tapped;
    };
    if (buttons.back && circleButton(Icon::Back, ctx.tr("back"), "back")) ctx.back();
    if (buttons.home && circleButton(Icon::Home, ctx.tr("home"), "home")) ctx.navigate({ScreenId::Home, {}});
    const float titleLeft = x + th.px(buttons.back || buttons.home ? 16 : 16);
    float titleRight = th.screen.x - m;
    if (chipsInBar) {
        drawLanguageChips(ctx, ImRect(th.screen.x - m - chipsW, (h - chipH) * 0.5f, th.screen.x - m, (h + chipH) * 0.5f), 1, false);
        titleRight = th.screen.x - m - chipsW - th.gap();
    } else if (buttons.chips) {
        drawLanguageChips(ctx, ImRect(m, h + th.px(14), th.screen.x - m, h + th.px(14) + chipH), 1, false);
    }
    const ImRect titleRect = ctx.place(ImRect(titleLeft, th.px(10), titleRight, h - th.px(10)));
    ctx.text.drawFitted(ctx.draw, titleRect, title, labels::kTopBarTitle.rule, th.text, TextAlign::Start);
    return h + stripH;
}

} // namespace kiosk::ui
