// Navigation: where the visitor is, where "back" leads, and the moves that screens ask for while
// drawing. Screens call request()/requestBack() during a frame; KioskUi takes the frame's move
// after drawing (takeMove), leaves the old screen, commits the move and enters the new screen.
// Pure logic: no ImGui context, no clock, no event log. UI thread only.
#pragma once
#include <functional>
#include <vector>

#include "kiosk/ui/screen.h"

namespace kiosk::ui {

class Navigation {
public:
    // What the requests of one frame amount to.
    struct Move {
        enum class Kind {
            None,        // nothing asked, or the place already shown
            ToAttract,   // back to the attract loop: the visit ends (KioskUi::resetToAttract)
            To,          // another screen: `target`
        };
        Kind kind = Kind::None;
        Destination target;
        bool back = false;   // reached by "back": the target came off the back stack
    };

    // The place shown. Starts on the attract loop.
    const Destination& current() const { return current_; }
    // Where "back" leads, the most recent last. The attract loop, the language screen and the
    // technician overlay are never on it; going home clears it.
    const std::vector<Destination>& backStack() const { return backStack_; }

    // A forward move asked for this frame; the last one asked wins.
    void request(Destination destination) { requests_.push_back(std::move(destination)); }
    // "Back" asked for this frame; a forward request in the same frame wins over it.
    void requestBack() { backRequested_ = true; }
    void clearRequests();

    // The move the frame's requests amount to; the requests are consumed. Does not change the
    // place: call commit() with a Kind::To move (after leaving the old screen).
    // Back: the top of the back stack, else home; from home with an empty stack: the attract loop.
    Move takeMove();
    // Goes to a Kind::To move's target: a forward move pushes the place left (except attract,
    // language, admin) and a move home clears the stack; a back move pops the stack.
    void commit(const Move& move);
    // Back to the attract loop with nothing to go back to and no requests.
    void resetToAttract();
    // After new content: drops the back-stack places that `exists` rejects; the current place,
    // when rejected, becomes home. True when the current place changed.
    bool keepExisting(const std::function<bool(const Destination&)>& exists);

private:
    Destination current_{ScreenId::Attract, {}};
    std::vector<Destination> backStack_;
    std::vector<Destination> requests_;
    bool backRequested_ = false;
};

} // namespace kiosk::ui
