#include "kiosk/ui/preview_overlay.h"

#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace kiosk::ui {
namespace {

// Warning colours of the preview (not the exhibition's theme: they must stand out on any).
constexpr ImU32 kProblemRed = IM_COL32(0xD0, 0x21, 0x2F, 0xFF);
constexpr ImU32 kPanelInk = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
constexpr ImU32 kPanelBackground = IM_COL32(0x1E, 0x1E, 0x24, 0xF0);
constexpr ImU32 kCardBackground = IM_COL32(0xFF, 0xF4, 0xF4, 0xFF);
constexpr ImU32 kCardInk = IM_COL32(0x3A, 0x10, 0x14, 0xFF);

// Diagonal stripes over a card of an item that cannot be shown.
void drawBrokenMark(ImDrawList* draw, const ImRect& r, float scale) {
    draw->PushClipRect(r.Min, r.Max, true);
    const float step = 36.0f * scale;
    for (float x = r.Min.x - r.GetHeight(); x < r.Max.x; x += step)
        draw->AddLine(ImVec2(x, r.Max.y), ImVec2(x + r.GetHeight(), r.Min.y), IM_COL32(0xD0, 0x21, 0x2F, 0x50), 8.0f * scale);
    draw->PopClipRect();
    draw->AddRect(r.Min, r.Max, kProblemRed, 12.0f * scale, 0, 6.0f * scale);
}

void drawBadge(UiContext& ctx, ImVec2 at, const std::string& text) {
    const Theme& th = ctx.theme;
    TextStyle style{FontRole::Label, kPanelInk, TextAlign::Start, 1.0f, 1};
    const float w = ctx.text.lineWidth(text, FontRole::Label) + th.px(32);
    const float h = ctx.text.lineHeight(style) + th.px(14);
    ctx.draw->AddRectFilled(at, ImVec2(at.x + w, at.y + h), kProblemRed, h * 0.5f);
    ctx.text.drawLine(ctx.draw, ImVec2(at.x + th.px(16), at.y + th.px(7)), w - th.px(32), text, style);
}

const Item* brokenItem(const Exhibition& ex, std::string_view id) {
    const Item* item = ex.findItem(id);
    return item && !item->previewProblem.empty() ? item : nullptr;
}

// The placeholder card on the page of an item left out: what is wrong and where.
void drawPlaceholderCard(UiContext& ctx, const Item& item) {
    const Theme& th = ctx.theme;
    const float w = std::min(th.screen.x - 2 * th.margin(), th.px(1100));
    const float h = th.px(360);
    const ImRect card(ImVec2((th.screen.x - w) * 0.5f, th.topBarHeight() + th.px(60)),
                      ImVec2((th.screen.x + w) * 0.5f, th.topBarHeight() + th.px(60) + h));
    drawSoftShadow(ctx.draw, card, th.radius(), th.px(24), th.shadow);
    ctx.draw->AddRectFilled(card.Min, card.Max, kCardBackground, th.radius());
    drawBrokenMark(ctx.draw, ImRect(card.Min, ImVec2(card.Max.x, card.Min.y + th.px(24))), th.scale);
    ctx.draw->AddRect(card.Min, card.Max, kProblemRed, th.radius(), 0, th.px(6));
    float y = card.Min.y + th.px(48);
    const float x = card.Min.x + th.px(44), textWidth = w - th.px(88);
    drawBadge(ctx, ImVec2(x, y), "PREVIEW: NOT SHOWN ON THE KIOSK");
    y += th.px(70);
    TextStyle title{FontRole::Title, kCardInk, TextAlign::Start, 1.15f, 2};
    y += ctx.text.drawParagraph(ctx.draw, ImVec2(x, y), textWidth, "items/" + item.id + " cannot be shown", title);
    y += th.px(16);
    TextStyle body{FontRole::Body, kCardInk, TextAlign::Start, 1.3f, 5};
    y += ctx.text.drawParagraph(ctx.draw, ImVec2(x, y), textWidth, item.previewProblem, body);
    y += th.px(16);
    TextStyle hint{FontRole::Caption, withAlpha(kCardInk, 0.75f), TextAlign::Start, 1.3f, 2};
    ctx.text.drawParagraph(ctx.draw, ImVec2(x, y), textWidth,
                           "Fix the file and save it: this page updates by itself.", hint);
}

void drawProblemsPanel(UiContext& ctx, PreviewOverlayState& state) {
    const Theme& th = ctx.theme;
    const auto& problems = ctx.content.previewProblems;
    const int shown = std::min<int>(kPreviewPanelMaxProblems, static_cast<int>(problems.size()));
    TextStyle heading{FontRole::Heading, kPanelInk, TextAlign::Start, 1.1f, 1};
    TextStyle line{FontRole::Caption, kPanelInk, TextAlign::Start, 1.25f, 2};
    const float w = th.screen.x - 2 * th.px(24);
    const float lineH = ctx.text.lineHeight(line);
    const float h = th.px(36) + ctx.text.lineHeight(heading) + th.px(16) + shown * (lineH * 2 + th.px(8)) +
                    (static_cast<int>(problems.size()) > shown ? lineH + th.px(8) : 0) + th.px(20);
    const ImRect panel(ImVec2(th.px(24), th.screen.y - th.px(24) - h), ImVec2(th.px(24) + w, th.screen.y - th.px(24)));
    ctx.draw->AddRectFilled(panel.Min, panel.Max, kPanelBackground, th.px(16));
    ctx.draw->AddRectFilled(panel.Min, ImVec2(panel.Min.x + th.px(12), panel.Max.y), kProblemRed, th.px(16),
                            ImDrawFlags_RoundCornersLeft);
    // The panel itself swallows taps (the screen under it is not reachable through it).
    ctx.targets.push_back({"problems", "preview:problems", panel});
    int errors = 0;
    for (const auto& problem : problems)
        if (problem.find(": error: ") != std::string::npos) ++errors;
    const int warnings = static_cast<int>(problems.size()) - errors;
    const std::string title = std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") +
                              std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") +
                              (errors ? ": not publishable" : "");
    float y = panel.Min.y + th.px(24);
    const float x = panel.Min.x + th.px(40);
    ctx.text.drawLine(ctx.draw, ImVec2(x, y), w - th.px(300), title, heading);
    const ImRect hide(ImVec2(panel.Max.x - th.px(220), panel.Min.y + th.px(16)),
                      ImVec2(panel.Max.x - th.px(24), panel.Min.y + th.px(16) + th.px(72)));
    if (pillButton(ctx, hide, "Hide", "preview:hide-problems", false)) state.panelDismissed = true;
    y += ctx.text.lineHeight(heading) + th.px(16);
    for (int i = 0; i < shown; ++i) {
        const std::string& problem = problems[static_cast<std::size_t>(i)];
        const bool error = problem.find(": error: ") != std::string::npos;
        ctx.draw->AddCircleFilled(ImVec2(x + th.px(8), y + lineH * 0.5f), th.px(7),
                                  error ? kProblemRed : IM_COL32(0xE8, 0xA3, 0x17, 0xFF));
        ctx.text.drawParagraph(ctx.draw, ImVec2(x + th.px(28), y), w - th.px(90), problem, line);
        y += lineH * 2 + th.px(8);
    }
    if (static_cast<int>(problems.size()) > shown)
        ctx.text.drawLine(ctx.draw, ImVec2(x, y), w - th.px(80),
                          "... and " + std::to_string(problems.size() - static_cast<std::size_t>(shown)) +
                              " more: kiosk-publish check lists them all",
                          line);
}

} // namespace

void drawPreviewOverlay(UiContext& ctx, PreviewOverlayState& state, ScreenId current, const std::string& subject) {
    // Cards of broken items, wherever a screen drew them (grids, featured rows).
    const std::size_t targetCount = ctx.targets.size();
    for (std::size_t i = 0; i < targetCount; ++i) {
        const HitTarget target = ctx.targets[i];
        if (target.id.rfind("item:", 0) != 0 || !brokenItem(ctx.content, target.id.substr(5))) continue;
        drawBrokenMark(ctx.draw, target.rect, ctx.theme.scale);
        drawBadge(ctx, ImVec2(target.rect.Min.x + ctx.theme.px(16), target.rect.Min.y + ctx.theme.px(16)), "ERROR");
    }
    if (current == ScreenId::Item)
        if (const Item* item = brokenItem(ctx.content, subject)) drawPlaceholderCard(ctx, *item);
    if (!state.panelDismissed && !ctx.content.previewProblems.empty()) drawProblemsPanel(ctx, state);
}

} // namespace kiosk::ui
