#include "kiosk/ui/navigation.h"

#include <algorithm>

namespace kiosk::ui {

namespace {
bool samePlace(const Destination& a, const Destination& b) { return a.screen == b.screen && a.subject == b.subject; }
// The language screen and the technician overlay are not places to come back to.
bool placeToComeBackTo(ScreenId id) { return id != ScreenId::Attract && id != ScreenId::Language && id != ScreenId::Admin; }
} // namespace

void Navigation::clearRequests() {
    requests_.clear();
    backRequested_ = false;
}

Navigation::Move Navigation::takeMove() {
    Move move;
    if (!requests_.empty()) {
        const Destination next = requests_.back();
        clearRequests();
        if (next.screen == ScreenId::Attract) move.kind = Move::Kind::ToAttract;
        else if (!samePlace(next, current_)) move = {Move::Kind::To, next, false};
        return move;
    }
    if (!backRequested_) return move;
    backRequested_ = false;
    Destination target{ScreenId::Home, {}};
    if (!backStack_.empty()) target = backStack_.back();
    else if (current_.screen == ScreenId::Home) target = {ScreenId::Attract, {}};
    if (target.screen == ScreenId::Attract) move.kind = Move::Kind::ToAttract;
    else move = {Move::Kind::To, target, true};
    return move;
}

void Navigation::commit(const Move& move) {
    if (move.kind != Move::Kind::To) return;
    if (move.back) {
        if (!backStack_.empty()) backStack_.pop_back();
    } else {
        if (placeToComeBackTo(current_.screen)) backStack_.push_back(current_);
        if (move.target.screen == ScreenId::Home) backStack_.clear();
    }
    current_ = move.target;
}

void Navigation::resetToAttract() {
    backStack_.clear();
    clearRequests();
    current_ = {ScreenId::Attract, {}};
}

bool Navigation::keepExisting(const std::function<bool(const Destination&)>& exists) {
    std::erase_if(backStack_, [&](const Destination& d) { return !exists(d); });
    if (exists(current_)) return false;
    current_ = {ScreenId::Home, {}};
    return true;
}

} // namespace kiosk::ui
