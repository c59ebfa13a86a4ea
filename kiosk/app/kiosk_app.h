// KioskApp: the running kiosk. Wires configuration, content, the event log, the display and
// the UI, and runs the main loop: event-driven in a window, on a virtual clock when headless.
// Its collaborators (display, content source, event store, sync, API) come in as KioskAppParts
// (kiosk_app_parts.h): main.cpp passes the real ones, a test may pass its own.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/content_preview.h"
#include "kiosk/app/kiosk_app_parts.h"
#include "kiosk/api/api_server.h"
#include "kiosk/api/screenshot_exchange.h"
#include "kiosk/app/run_stats.h"
#include "kiosk/core/boot_attempts.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/command_line.h"
#include "kiosk/core/event_log.h"
#include "kiosk/core/frame_scheduler.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/ui_strings.h"
#include "kiosk/storage/event_store.h"
#include "kiosk/sync/sync_service.h"
#include "kiosk/ui/kiosk_ui.h"
#include "platform/display.h"
#include "platform/screen_power.h"
#include "platform/service_notifier.h"
#include "platform/texture_cache.h"

struct ImGuiContext;

namespace kiosk::app {

// Pointer state for one frame, as a script or the window gives it.
struct PointerState {
    float x = -1, y = -1;
    bool down = false;
};

class KioskApp {
public:
    // Exit codes of the kiosk executable.
    static constexpr int kExitOk = 0;
    static constexpr int kExitScriptFailed = 1;
    static constexpr int kExitUsage = 2;
    static constexpr int kExitNoDisplay = 3;
    static constexpr int kExitContent = 4;
    static constexpr int kExitSyncFailed = 5;    // --sync-once refused/failed, --check-store found damage

    KioskApp(KioskOptions options, KioskAppParts parts);
    ~KioskApp();

    // Sets everything up and runs until done; returns the process exit code.
    int run();

    // Used by the script player (headless). An input frame (`input`) asks the scheduler for the
    // few frames that follow input, as a touch in the window does.
    void renderFrame(const PointerState& pointer, const std::vector<std::string>& keys, bool input = false);
    void advanceClock(std::int64_t ms) { virtualClock_.advance(ms); }
    // Headless: lets virtual time pass until `untilMs`, drawing the frames the scheduler asks
    // for (only UI work unless --rasterize-all), and a last frame at `untilMs` if the picture
    // was still changing. Returns false when a stop was requested (SIGTERM, SIGINT).
    bool passTime(std::int64_t untilMs, const PointerState& pointer);
    // Idle (nothing moves, no input): rehearses up to `steps` screens a tap may lead to
    // (ui/screen_rehearsal.h) and lets the renderer prepare their shapes. Not frame time: a
    // window's UI thread would be waiting for input.
    void rehearseWhileIdle(int steps);
    // Loads an exhibition folder and offers it to the UI, as the preview watcher and sync do.
    Result<bool> offerContentFolder(const std::filesystem::path& folder);
    // True when the scheduler will draw another frame without new input or a timer.
    bool framePending() const { return scheduler_.pictureChanging(); }
    std::int64_t nowMs() const { return clock_->nowMs(); }
    ui::KioskUi& ui() { return *ui_; }
    platform::Display& display() { return *display_; }
    // Content sync (null when [sync] url is not configured): requestSyncNow() and status() are
    // what POST /v1/sync and the technician overlay use.
    sync::SyncService* syncService() { return syncService_.get(); }

    // Stops the main loop from another thread or a signal handler.
    static void requestStop();
    static bool stopRequested();

private:
    int setUp();
    int runHeadless();
    int runWindow();
    // Outside [display.schedule]'s opening hours: blanks the screen once, logs, returns false.
    bool openingHoursAllowDrawing();
    // Starts what the first frame does not need (the sync service), once.
    void startAfterFirstFrame();
    int finish(int code);
    void openEventStore();
    void startApi();
    void serviceApiRequests(bool afterFrame);   // main loop: screenshots, status figures
    void logSyncResults();                       // main loop: one `sync` event per finished cycle
    void pinDisplayedRelease();                  // tells the sync service which release the UI shows

    // What GET /v1/status shows; written by the main loop, read by API threads.
    struct StatusSnapshot {
        std::string releaseVersion;
        std::int64_t releaseSeenAtMs = 0;      // steady clock, when this release was first shown
        std::string lastSyncResult = "never";
        std::int64_t lastSyncAttemptUnix = 0, lastSyncSuccessUnix = 0;   // 0: never
        double frameMsP50 = 0, frameMsP99 = 0;
        std::int64_t frames = 0;
        std::string screen;
    };

    KioskOptions options_;
    KioskAppParts parts_;
    KioskConfig config_;
    SteadyClock steadyClock_;
    VirtualClock virtualClock_;
    const Clock* clock_ = &steadyClock_;
    UiStrings strings_;
    MemoryEventSink memorySink_;
    std::unique_ptr<storage::EventStore> eventStore_;   // <data_dir>/events.db; memorySink_ if it cannot open
    api::ScreenshotExchange screenshots_;
    std::unique_ptr<api::ApiServer> api_;
    mutable std::mutex statusMutex_;
    StatusSnapshot status_;
    std::int64_t statusRefreshedAtMs_ = -1;
    std::int64_t startedAtMs_ = 0;
    std::unique_ptr<EventLog> eventLog_;
    int loggedSyncCycles_ = 0;
    std::string pinnedRelease_ = "-";            // the release version last given to setDisplayedVersion
    ImGuiContext* imgui_ = nullptr;
    std::unique_ptr<platform::Display> display_;
    platform::ServiceNotifier service_;   // systemd READY/STATUS/WATCHDOG (no-op outside systemd)
    std::unique_ptr<platform::TextureCache> textures_;
    std::unique_ptr<ui::KioskUi> ui_;
    std::unique_ptr<sync::SyncService> syncService_;   // stopped before ui_ goes
    RunStats stats_;
    FrameScheduler scheduler_;   // when the next frame is drawn, in every loop
    std::int64_t lastFrameMs_ = -1;
    bool firstFrame_ = true;
    bool firstCompleteFrame_ = true;
    bool startedAfterFirstFrame_ = false;   // work kept off the start-up path (sync) has started   // the first frame with every image in (--stats complete_ms)
    bool withinOpeningHours_ = true;
    std::unique_ptr<platform::ScreenPower> screenPower_;   // HDMI-CEC standby/on at the opening hours
    // Crash containment (core/boot_attempts.h): kept only when showing an installed release or
    // the bundled exhibition, not an authoring folder (--content).
    BootAttempts bootAttempts_;
    bool bootAttemptsActive_ = false;
    std::vector<std::uint64_t> newlyBadReleases_;   // logged once the event store is open
    // `--content DIR`: reload the authoring folder when it changes (curator's preview).
    std::unique_ptr<ContentPreview> preview_;
    std::atomic<bool> contentOffered_{false};
};

} // namespace kiosk::app
