#include "kiosk/app/script_player.h"

#include <algorithm>

#include "kiosk/core/limits.h"

namespace kiosk::app {

void ScriptPlayer::frame(float x, float y, bool down, const std::vector<std::string>& keys) {
    x_ = x;
    y_ = y;
    app_.advanceClock(limits::kFrameMs);
    app_.renderFrame({x, y, down}, keys, true);
}

bool ScriptPlayer::wait(int ms) { return app_.passTime(app_.nowMs() + ms, {x_, y_, false}); }

const ui::HitTarget* ScriptPlayer::findTarget(const std::string& label) const {
    const auto& targets = app_.ui().hitTargets();
    // Last registered wins: overlays are drawn after what they cover.
    for (auto it = targets.rbegin(); it != targets.rend(); ++it)
        if (it->id == label) return &*it;
    for (auto it = targets.rbegin(); it != targets.rend(); ++it)
        if (it->label == label) return &*it;
    return nullptr;
}

const ui::HitTarget* ScriptPlayer::awaitTarget(const std::string& label) {
    // The target of the frame the gesture lands on: right after a screen change the targets are
    // still the previous screen's, so draw the new screen first.
    for (int i = 0; !app_.ui().hitTargetsAreCurrent() && i < 40; ++i) frame(x_, y_, false);
    const ui::HitTarget* target = findTarget(label);
    // A screen may still be arriving: give it a moment, as a person would.
    for (int i = 0; !target && i < 40; ++i) {
        frame(x_, y_, false);
        target = findTarget(label);
    }
    return target;
}

std::string ScriptPlayer::missingTarget(const std::string& label) const {
    std::string known;
    for (const auto& t : app_.ui().hitTargets()) {
        if (!known.empty()) known += ", ";
        known += "\"" + t.label + "\" (" + t.id + ")";
        if (known.size() > 600) { known += ", ..."; break; }
    }
    return "nothing labelled \"" + label + "\" on the " + app_.ui().currentScreenName() + " screen; tappable: " + known;
}

void ScriptPlayer::drag(float x1, float y1, float x2, float y2, int ms) {
    frame(x1, y1, false);
    frame(x1, y1, true);
    const int steps = std::max(1, ms / limits::kFrameMs);
    for (int i = 1; i <= steps; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        frame(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, true);
    }
    frame(x2, y2, false);
}

bool ScriptPlayer::fail(const InputScript& script, const ScriptCommand& command, const std::string& message) {
    error_ = script.name + ":" + std::to_string(command.line) + ": " + message;
    return false;
}

bool ScriptPlayer::play(const InputScript& script) {
    for (const ScriptCommand& command : script.commands) {
        using Kind = ScriptCommand::Kind;
        if (KioskApp::stopRequested()) return fail(script, command, "stopped by a signal before this line");
        switch (command.kind) {
        case Kind::Wait:
            if (!wait(command.ms)) return fail(script, command, "stopped by a signal during this wait");
            break;
        case Kind::TapAt:
        case Kind::TapLabel: {
            float x = command.x1, y = command.y1;
            if (command.kind == Kind::TapLabel) {
                const ui::HitTarget* target = awaitTarget(command.text);
                if (!target) return fail(script, command, missingTarget(command.text));
                const ImVec2 c = target->rect.GetCenter();
                x = c.x;
                y = c.y;
            }
            frame(x, y, false);
            frame(x, y, true);
            frame(x, y, false);
            break;
        }
        case Kind::Drag:
            drag(command.x1, command.y1, command.x2, command.y2, command.ms);
            break;
        case Kind::Swipe: {
            const ui::HitTarget* target = awaitTarget(command.text);
            if (!target) return fail(script, command, missingTarget(command.text));
            // Through the centre, 60 % of the target's width or height, in the direction given.
            const ImVec2 c = target->rect.GetCenter();
            const float dx = command.x2 * target->rect.GetWidth() * 0.3f, dy = command.y2 * target->rect.GetHeight() * 0.3f;
            drag(c.x - dx, c.y - dy, c.x + dx, c.y + dy, command.ms);
            break;
        }
        case Kind::Shot: {
            auto saved = app_.display().saveScreenshot(command.text);
            if (!saved) return fail(script, command, saved.error());
            break;
        }
        case Kind::Expect:
            if (command.text != app_.ui().currentScreenName())
                return fail(script, command, "expected the " + command.text + " screen, but the " +
                                                 app_.ui().currentScreenName() + " screen is showing");
            if (!command.subject.empty() && command.subject != app_.ui().currentSubject())
                return fail(script, command, "expected the " + command.text + " screen of \"" + command.subject +
                                                 "\", but it shows \"" + app_.ui().currentSubject() + "\"");
            // The screen must also be on the glass: drawn by the last frame, or about to be
            // (a frame is due). A UI that switched screens without asking for a frame fails here.
            if (app_.ui().drawnScreen() != app_.ui().currentScreen() && !app_.framePending())
                return fail(script, command, std::string("the ") + app_.ui().currentScreenName() +
                                                 " screen is current, but the screen still shows " +
                                                 ui::screenName(app_.ui().drawnScreen()) + " and no frame is coming");
            break;
        case Kind::Key:
            frame(x_, y_, false, {command.text});
            break;
        case Kind::Offer: {
            auto offered = app_.offerContentFolder(command.text);
            if (!offered) return fail(script, command, offered.error());
            break;
        }
        }
    }
    return true;
}

} // namespace kiosk::app
