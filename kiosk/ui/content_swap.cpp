#include "kiosk/ui/content_swap.h"

namespace kiosk::ui {

void ContentSwap::offer(ContentSnapshot content) {
    std::lock_guard lock(mutex_);
    pending_ = std::move(content);
}

bool ContentSwap::pending() const {
    std::lock_guard lock(mutex_);
    return pending_ != nullptr;
}

ContentSnapshot ContentSwap::peek() const {
    std::lock_guard lock(mutex_);
    return pending_;
}

ContentSnapshot ContentSwap::take() {
    std::lock_guard lock(mutex_);
    ContentSnapshot next = std::move(pending_);
    pending_.reset();
    return next;
}

bool ContentSwap::placeExists(const Exhibition& ex, const Destination& place) {
    switch (place.screen) {
    case ScreenId::Item: return ex.findItem(place.subject) != nullptr;
    case ScreenId::Category: return ex.findCategory(place.subject) != nullptr;
    case ScreenId::Facts: return place.subject.empty() || ex.findFact(place.subject) != nullptr;
    default: return true;
    }
}

} // namespace kiosk::ui
