// New content waiting to be shown. The sync thread (or the preview's file watcher) offers a
// snapshot at any time; the UI thread takes it at an idle moment only (the attract loop, or no
// input for idleTimeoutSeconds, never under a visitor's finger; in a curator's preview at the
// next frame). A later offer replaces one not yet taken. KioskUi then applies it
// (applyPendingContent) and either goes back to the attract loop or, in preview, keeps the place
// shown when it still exists (keepScreenAfterReload).
#pragma once
#include <mutex>

#include "kiosk/core/content_model.h"
#include "kiosk/ui/screen.h"

namespace kiosk::ui {

class ContentSwap {
public:
    // Any thread.
    void offer(ContentSnapshot content);
    bool pending() const;
    // Any thread: the snapshot offered last, still pending (null when none).
    ContentSnapshot peek() const;
    // UI thread: the snapshot offered last (null when none), which is no longer pending.
    ContentSnapshot take();

    // True when new content may replace the shown one now: in preview always, else on the
    // attract loop or once the visitor has gone idle; never while a finger is down.
    static bool idleMoment(bool preview, ScreenId screen, bool visitorIdle, bool fingerDown) {
        return (preview || screen == ScreenId::Attract || visitorIdle) && !fingerDown;
    }
    // True when `place` still exists in `exhibition`: its item, category or fact (facts
    // without a subject always), every other screen always.
    static bool placeExists(const Exhibition& exhibition, const Destination& place);

private:
    mutable std::mutex mutex_;
    ContentSnapshot pending_;
};

} // namespace kiosk::ui
