#include "kiosk/app/script_player.h"

#include <algorithm>

#include "kiosk/core/limits.h"

namespace kiosk::app {

void ScriptPlayer::frame(float x, float y, bool down, const std::vector<std::string>& keys) {
    x_ = x;
    y_ = y;
    app_.advanceClock(limits::kFrameMs);
    app_.renderFrame({x, y, down}, keys);
}

void ScriptPlayer::wait(int ms) {
    std::int64_t remaining = ms;
    while (remaining > 0) {
        std::int64_t step = limits::kFrameMs;
        if (!app_.ui().animating()) {
            const std::int64_t wake = app_.ui().nextWakeMs();
            step = wake > app_.nowMs() ? wake - app_.nowMs() : limits::kIdleFrameWaitMs;
            step = std::max<std::int64_t>(limits::kFrameMs, std::min<std::int64_t>(step, remaining));
        }
        step = std::min(step, remaining);
        app_.advanceClock(step);
        app_.renderFrame({x_, y_, false}, {});
        remaining -= step;
    }
}

const ui::HitTarget* ScriptPlayer::findTarget(const std::string& label) const {
    const auto& targets = app_.ui().hitTargets();
    // Last registered wins: overlays are drawn after what they cover.
    for (auto it = targets.rbegin(); it != targets.rend(); ++it)
        if (it->id == label) return &*it;
    for (auto it = targets.rbegin(); it != targets.rend(); ++it)
        if (it->label == label) return &*it;
    return nullptr;
}

bool ScriptPlayer::fail(const InputScript& script, const ScriptCommand& command, const std::string& message) {
    error_ = script.name + ":" + std::to_string(command.line) + ": " + message;
    return false;
}

bool ScriptPlayer::play(const InputScript& script) {
    for (const ScriptCommand& command : script.commands) {
        using Kind = ScriptCommand::Kind;
        switch (command.kind) {
        case Kind::Wait:
            wait(command.ms);
            break;
        case Kind::TapAt:
        case Kind::TapLabel: {
            float x = command.x1, y = command.y1;
            if (command.kind == Kind::TapLabel) {
                const ui::HitTarget* target = findTarget(command.text);
                // A screen may still be arriving: give it a moment, as a person would.
                for (int i = 0; !target && i < 40; ++i) {
                    frame(x_, y_, false);
                    target = findTarget(command.text);
                }
                if (!target) {
                    std::string known;
                    for (const auto& t : app_.ui().hitTargets()) {
                        if (!known.empty()) known += ", ";
                        known += "\"" + t.label + "\" (" + t.id + ")";
                        if (known.size() > 600) { known += ", ..."; break; }
                    }
                    return fail(script, command, "nothing labelled \"" + command.text + "\" on the " +
                                                     app_.ui().currentScreenName() + " screen; tappable: " + known);
                }
                const ImVec2 c = target->rect.GetCenter();
                x = c.x;
                y = c.y;
            }
            frame(x, y, false);
            frame(x, y, true);
            frame(x, y, false);
            break;
        }
        case Kind::Drag: {
            frame(command.x1, command.y1, false);
            frame(command.x1, command.y1, true);
            const int steps = std::max(1, command.ms / limits::kFrameMs);
            for (int i = 1; i <= steps; ++i) {
                const float t = static_cast<float>(i) / static_cast<float>(steps);
                frame(command.x1 + (command.x2 - command.x1) * t, command.y1 + (command.y2 - command.y1) * t, true);
            }
            frame(command.x2, command.y2, false);
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
            break;
        case Kind::Key:
            frame(x_, y_, false, {command.text});
            break;
        }
    }
    return true;
}

} // namespace kiosk::app
