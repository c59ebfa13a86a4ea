// Plays an input script against a headless kiosk on its virtual clock.
#pragma once
#include <string>

#include "kiosk/app/kiosk_app.h"
#include "kiosk/core/input_script.h"

namespace kiosk::app {

class ScriptPlayer {
public:
    explicit ScriptPlayer(KioskApp& app) : app_(app) {}
    // Runs every command; on failure returns false and sets error() ("file:line: message").
    bool play(const InputScript& script);
    const std::string& error() const { return error_; }

    // Lets virtual time pass with the app's frame scheduler (KioskApp::passTime); false when a
    // stop was requested meanwhile.
    bool wait(int ms);

private:
    bool fail(const InputScript& script, const ScriptCommand& command, const std::string& message);
    void frame(float x, float y, bool down, const std::vector<std::string>& keys = {});
    const ui::HitTarget* findTarget(const std::string& label) const;
    // The target labelled `label` (id or visible label) once the screen shown has drawn its
    // targets, drawing a few frames for a screen still arriving; null when there is none.
    const ui::HitTarget* awaitTarget(const std::string& label);
    std::string missingTarget(const std::string& label) const;   // the error, with what is tappable
    // A finger pressed at (x1, y1), moved to (x2, y2) over `ms`, lifted there.
    void drag(float x1, float y1, float x2, float y2, int ms);

    KioskApp& app_;
    std::string error_;
    float x_ = -1, y_ = -1;
};

} // namespace kiosk::app
