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
    const ImageTexture image = file.empty() ? ImageTexture{} : ctx.images.get(file);
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

bool pillButton(UiContext& ctx, const ImRect& rect, const std::string& label, const std::string& id, bool primary) {
    bool pressed = false;
    const bool tapped = tapArea(ctx, rect, label, id, &pressed);
    const Theme& th = ctx.theme;
    ImU32 fill = primary ? th.accent : withAlpha(th.text, 0.12f);
    if (pressed) fill = primary ? mix(th.accent, IM_COL32(0, 0, 0, 255), 0.2f) : withAlpha(th.text, 0.24f);
    ctx.draw->AddRectFilled(rect.Min, rect.Max, fill, rect.GetHeight() * 0.5f);
    if (!primary) ctx.draw->AddRect(rect.Min, rect.Max, withAlpha(th.text, 0.35f), rect.GetHeight() * 0.5f, 0, th.px(2));
    TextStyle style{FontRole::Label, primary ? th.accentText : th.text, TextAlign::Center, 1.0f};
    const float h = ctx.text.lineHeight(style);
    ctx.text.drawLine(ctx.draw, ImVec2(rect.Min.x + th.px(20), rect.GetCenter().y - h * 0.5f), rect.GetWidth() - th.px(40),
                      label, style);
    return tapped;
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
    case Icon::Close:
        draw->AddLine(ImVec2(c.x - s * 0.6f, c.y - s * 0.6f), ImVec2(c.x + s * 0.6f, c.y + s * 0.6f), color, stroke);
        draw->AddLine(ImVec2(c.x + s * 0.6f, c.y - s * 0.6f), ImVec2(c.x - s * 0.6f, c.y + s * 0.6f), color, stroke);
        break;
    }
}

float drawTopBar(UiContext& ctx, const std::string& title, bool showBack) {
    const Theme& th = ctx.theme;
    const float h = th.topBarHeight();
    const float m = th.margin();
    ctx.draw->AddRectFilled(ImVec2(0, 0), ImVec2(th.screen.x, h), th.backgroundDeep);
    ctx.draw->AddLine(ImVec2(0, h), ImVec2(th.screen.x, h), th.divider, th.px(2));
    float left = m;
    const float button = th.touchTarget();
    if (showBack) {
        const ImRect backRect = ctx.place(ImRect(m - th.px(16), (h - button) * 0.5f, m - th.px(16) + button, (h + button) * 0.5f));
        bool pressed = false;
        if (tapArea(ctx, backRect, ctx.tr("back"), "back", &pressed)) ctx.back();
        ctx.draw->AddCircleFilled(backRect.GetCenter(), button * 0.42f, withAlpha(th.text, pressed ? 0.25f : 0.1f), 48);
        drawIcon(ctx.draw, Icon::Back, backRect.GetCenter(), button * 0.42f, th.text, ctx.rtl);
        left += button;
    }
    // Language button: globe + the current language's native name.
    const LanguageInfo* language = ctx.content.findLanguage(ctx.language);
    const std::string name = language ? language->nativeName : ctx.language;
    TextStyle labelStyle{FontRole::Label, th.text, TextAlign::Start, 1.0f};
    // A few pixels of slack: measured and drawn widths may differ by rounding.
    const float nameWidth = std::min(ctx.text.lineWidth(name, FontRole::Label) + th.px(6), th.px(300));
    const float langWidth = nameWidth + th.px(112);
    const float langHeight = th.px(76);
    const ImRect langRect = ctx.place(ImRect(th.screen.x - m - langWidth, (h - langHeight) * 0.5f, th.screen.x - m,
                                             (h + langHeight) * 0.5f));
    bool langPressed = false;
    if (tapArea(ctx, langRect, ctx.tr("language"), "language", &langPressed)) ctx.navigate({ScreenId::Language, "return"});
    ctx.draw->AddRectFilled(langRect.Min, langRect.Max, withAlpha(th.text, langPressed ? 0.25f : 0.1f), langHeight * 0.5f);
    const ImRect globeRect = ctx.place(ImRect(th.screen.x - m - langWidth + th.px(20), langRect.Min.y,
                                              th.screen.x - m - langWidth + th.px(20) + th.px(44), langRect.Max.y));
    drawIcon(ctx.draw, Icon::Globe, globeRect.GetCenter(), th.px(40), th.accent, false);
    const ImRect nameRect = ctx.place(ImRect(th.screen.x - m - nameWidth - th.px(28), langRect.Min.y, th.screen.x - m - th.px(28),
                                             langRect.Max.y));
    ctx.text.drawLine(ctx.draw, ImVec2(nameRect.Min.x, nameRect.GetCenter().y - ctx.text.lineHeight(labelStyle) * 0.5f),
                      nameRect.GetWidth(), name, labelStyle);
    // Title between them.
    TextStyle titleStyle{FontRole::Heading, th.text, TextAlign::Start, 1.0f};
    const float titleLeft = left + th.px(12);
    const float titleRight = th.screen.x - m - langWidth - th.gap();
    const ImRect titleRect = ctx.place(ImRect(titleLeft, 0, titleRight, h));
    ctx.text.drawLine(ctx.draw, ImVec2(titleRect.Min.x, (h - ctx.text.lineHeight(titleStyle)) * 0.5f), titleRect.GetWidth(),
                      title, titleStyle);
    return h;
}

} // namespace kiosk::ui
