#include "kiosk/ui/idle_countdown.h"

#include <algorithm>
#include <string>

#include "kiosk/ui/label_boxes.h"
#include "kiosk/ui/widgets.h"

namespace kiosk::ui {

namespace {
constexpr float kAppearMs = 300.0f;   // the card fades and rises in over this
} // namespace

bool drawIdleCountdown(UiContext& ctx, const VisitorSession& session) {
    const Theme& th = ctx.theme;
    const long secondsLeft = session.countdownSecondsLeft(ctx.nowMs);
    const float appear = std::clamp(static_cast<float>(ctx.nowMs - session.idleAtMs()) / kAppearMs, 0.0f, 1.0f);
    ImDrawList* draw = ctx.draw;
    draw->AddRectFilled(ImVec2(0, 0), th.screen, withAlpha(IM_COL32(0, 0, 0, 255), 0.62f * appear));
    // The card is as tall as what it says: the ring, the question, what to do, what happens at 0.
    const float w = std::min(th.screen.x - 2 * th.margin(), th.px(900));
    const float pad = th.px(40);
    const ImVec2 titleBox = labels::kIdleTitle.size(th), lineBox = labels::kIdleBody.size(th);
    const float innerW = std::min(w - 2 * pad, titleBox.x);
    const std::string question = ctx.tr("still_there"), action = ctx.tr("touch_to_continue");
    const std::string outcome = ctx.trn("returning_in_seconds", secondsLeft);
    const FittedText questionFit = ctx.text.fit(question, innerW, titleBox.y, labels::kIdleTitle.rule);
    const FittedText actionFit = ctx.text.fit(action, innerW, lineBox.y, labels::kIdleBody.rule);
    const FittedText outcomeFit = ctx.text.fit(outcome, innerW, lineBox.y, labels::kIdleBody.rule);
    const float ring = th.px(56);
    const float h = pad + ring * 2 + th.px(30) + questionFit.height + th.px(14) + actionFit.height + th.px(6) + outcomeFit.height + pad;
    const float rise = th.px(30) * (1 - appear);
    const ImRect card(ImVec2((th.screen.x - w) * 0.5f, (th.screen.y - h) * 0.5f + rise), ImVec2((th.screen.x + w) * 0.5f, (th.screen.y + h) * 0.5f + rise));
    drawSoftShadow(draw, card, th.radius(), th.px(30), th.shadow);
    draw->AddRectFilled(card.Min, card.Max, withAlpha(th.surface, appear), th.radius());
    // Countdown ring with the seconds left.
    const ImVec2 ringCenter(card.GetCenter().x, card.Min.y + pad + ring);
    const float fraction = std::clamp(static_cast<float>(secondsLeft) / static_cast<float>(session.times().idleCountdownSeconds), 0.0f, 1.0f);
    draw->AddCircle(ringCenter, ring, withAlpha(th.surfaceMuted, 0.35f * appear), 64, th.px(8));
    draw->PathArcTo(ringCenter, ring, -IM_PI * 0.5f, -IM_PI * 0.5f + 2 * IM_PI * fraction, 64);
    draw->PathStroke(withAlpha(th.accent, appear), 0, th.px(8));
    const std::string number = std::to_string(secondsLeft);
    ctx.text.drawLine(draw, ImVec2(ringCenter.x - ring, ringCenter.y - ctx.text.lineHeight({FontRole::Heading, 0, TextAlign::Center, 1.0f}) * 0.5f),
                      ring * 2, number, {FontRole::Heading, withAlpha(th.surfaceText, appear), TextAlign::Center, 1.0f});
    const float x = card.GetCenter().x - innerW * 0.5f;
    float y = ringCenter.y + ring + th.px(30);
    ctx.text.drawFitted(draw, ImRect(x, y, x + innerW, y + questionFit.height), question, labels::kIdleTitle.rule,
                        withAlpha(th.surfaceText, appear), TextAlign::Center);
    y += questionFit.height + th.px(14);
    ctx.text.drawFitted(draw, ImRect(x, y, x + innerW, y + actionFit.height), action, labels::kIdleBody.rule, withAlpha(th.surfaceText, appear),
                        TextAlign::Center);
    y += actionFit.height + th.px(6);
    ctx.text.drawFitted(draw, ImRect(x, y, x + innerW, y + outcomeFit.height), outcome, labels::kIdleBody.rule,
                        withAlpha(th.surfaceMuted, appear), TextAlign::Center);
    // The whole screen is the "continue" target: any touch counts as input and closes this.
    ctx.targets.push_back({ctx.tr("touch_to_continue"), "continue", ImRect(ImVec2(0, 0), th.screen)});
    return appear < 1.0f;
}

} // namespace kiosk::ui
