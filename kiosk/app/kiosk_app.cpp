#include "kiosk/app/kiosk_app.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "kiosk/api/api_certificate.h"
#include "kiosk/app/script_player.h"
#include "kiosk/app/sync_commands.h"
#include "kiosk/core/admin_pin.h"
#include "kiosk/core/content_loader.h"
#include "kiosk/core/limits.h"
#include "kiosk/core/log.h"
#include "kiosk/text/line_breaks.h"
#include "platform/paths.h"
#include "platform/process_stats.h"

namespace kiosk::app {
namespace {

std::atomic<bool> gStopRequested{false};
// How often the main loop refreshes what GET /v1/status shows (frame percentiles sort every frame time).
constexpr std::int64_t kStatusRefreshMs = 10000;

void onSignal(int) { gStopRequested.store(true); }

} // namespace

void KioskApp::requestStop() { gStopRequested.store(true); }
bool KioskApp::stopRequested() { return gStopRequested.load(); }

KioskApp::KioskApp(KioskOptions options, KioskAppParts parts) : options_(std::move(options)), parts_(std::move(parts)) {}

KioskApp::~KioskApp() {
    preview_.reset();   // its thread offers content to the UI: stop it first
    syncService_.reset();
    screenshots_.shutdown();   // releases API threads waiting for a frame
    api_.reset();
    ui_.reset();
    textures_.reset();
    display_.reset();
    if (imgui_) ImGui::DestroyContext(imgui_);
    eventLog_.reset();
    eventStore_.reset();   // commits what is still queued
}

void KioskApp::openEventStore() {
    std::error_code error;
    std::filesystem::create_directories(config_.dataDir, error);
    storage::EventStoreOptions options;
    options.retentionDays = config_.logRetentionDays;
    options.retentionWaitsForStart = true;   // allowed after the first frame (startAfterFirstFrame)
    options.maxDatabaseBytes = static_cast<std::int64_t>(config_.logMaxDatabaseMb) * 1024 * 1024;
    options.batchMs = config_.logBatchMs;
    options.batchEvents = config_.logBatchEvents;
    options.kioskId = config_.kioskId;
    auto store = error ? Result<std::unique_ptr<storage::EventStore>>(Error{config_.dataDir.string() + ": " + error.message()})
                       : parts_.openEventStore(config_.dataDir / "events.db", options);
    if (!store) {
        log::warnOnce("event-store-open", "event log: " + store.error() + "; keeping events in memory only");
        eventLog_ = std::make_unique<EventLog>(&memorySink_);
        return;
    }
    eventStore_ = std::move(*store);
    eventLog_ = std::make_unique<EventLog>(eventStore_.get());
}

void KioskApp::startApi() {
    if (config_.apiTokenFile.empty()) return;   // the API is off without a token
    auto token = api::loadApiToken(config_.apiTokenFile);
    auto listen = api::parseListenAddress(config_.apiListen);
    if (!token || !listen) {
        log::error("API not started: " + (token ? listen.error() : token.error()));
        return;
    }
    api::ApiOptions options;
    options.listen = *listen;
    options.token = *token;
    options.maxRequestBytes = static_cast<std::size_t>(config_.apiMaxRequestBytes);
    options.maxRequestsPerMinute = config_.apiMaxRequestsPerMinute;
    options.maxConnections = config_.apiMaxConnections;
    if (!config_.apiTlsCert.empty() || !config_.apiTlsKey.empty()) {
        if (config_.apiTlsCert.empty() || config_.apiTlsKey.empty()) {
            log::error("API not started: [api] tls_cert and tls_key go together (kiosk --make-api-cert DIR makes both)");
            return;
        }
        auto certificate = api::readPemFile(config_.apiTlsCert, false);
        auto key = api::readPemFile(config_.apiTlsKey, true);
        if (!certificate || !key) {
            log::error("API not started: " + (certificate ? key.error() : certificate.error()));
            return;
        }
        options.tlsCertificatePem = std::move(*certificate);
        options.tlsKeyPem = std::move(*key);
    }
    api::ApiCallbacks callbacks;
    callbacks.status = [this] {
        std::lock_guard lock(statusMutex_);
        const std::int64_t now = steadyClock_.nowMs();
        nlohmann::json status = {
            {"kiosk_id", config_.kioskId},
            {"tags", config_.tags},
            {"release", {{"version", status_.releaseVersion},
                         {"age_seconds", status_.releaseSeenAtMs ? (now - status_.releaseSeenAtMs) / 1000 : 0}}},
            {"last_sync_result", status_.lastSyncResult},
            {"bad_releases", bootAttempts_.badVersions},   // fixed after start: no lock needed
            // Content sync times (UNIX seconds, 0 = never) and the kiosk's clock, for fleet views.
            {"sync", {{"last_attempt_unix", status_.lastSyncAttemptUnix}, {"last_success_unix", status_.lastSyncSuccessUnix}}},
            {"time_unix", utcNowMs() / 1000},
            {"uptime_seconds", (now - startedAtMs_) / 1000},
            {"screen", status_.screen},
            // Fixed after start: which renderer draws and why ([display] renderer).
            {"renderer", {{"name", display_->rendererName()}, {"reason", display_->rendererReason()}}},
            {"frames", {{"count", status_.frames}, {"cpu_ms_p50", status_.frameMsP50}, {"cpu_ms_p99", status_.frameMsP99}}}};
        if (syncService_) {   // live, not the 10-second snapshot
            const sync::SyncStatus sync = syncService_->status();
            status["sync"] = syncStatusJson(sync);
            if (!sync.lastResult.empty()) status["last_sync_result"] = sync.lastResult;
        }
        // Events kept in memory when the event store could not open: bounded, oldest dropped.
        status["events_in_memory"] = {{"active", eventStore_ == nullptr},
                                      {"kept", memorySink_.size()},
                                      {"dropped", memorySink_.droppedCount()}};
        std::error_code error;
        const auto space = std::filesystem::space(config_.dataDir, error);
        if (!error) status["storage"] = {{"data_dir", config_.dataDir.string()},
                                         {"free_bytes", space.available}, {"total_bytes", space.capacity}};
        return status;
    };
    if (syncService_)
        callbacks.sync = [this](int waitSeconds) { return syncRequestReply(*syncService_, waitSeconds); };
    callbacks.screenshot = [this] {
        return screenshots_.request(std::chrono::milliseconds(api::limits::kScreenshotWaitMs));
    };
    auto server = parts_.startApi(options, eventStore_.get(), std::move(callbacks));
    if (!server) {
        log::error(server.error());
        return;
    }
    api_ = std::move(*server);
    log::info(std::string("API listening on ") + (api_->tls() ? "https://" : "http://") + listen->host + ":" +
              std::to_string(api_->port()));
}

void KioskApp::pinDisplayedRelease() {
    const std::string& shown = ui_->content()->releaseVersion;
    if (shown == pinnedRelease_) return;
    pinnedRelease_ = shown;
    syncService_->setDisplayedVersion(std::strtoull(shown.c_str(), nullptr, 10));
}

void KioskApp::logSyncResults() {
    if (!syncService_) return;
    pinDisplayedRelease();
    const sync::SyncStatus status = syncService_->status();
    if (status.cyclesRun == loggedSyncCycles_) return;
    loggedSyncCycles_ = status.cyclesRun;
    const nlohmann::json extra = {{"result", status.lastResult}, {"version", status.currentVersion}};
    eventLog_->add(EventType::Sync, "", {}, static_cast<double>(status.currentVersion), extra.dump());
}

void KioskApp::serviceApiRequests(bool afterFrame) {
    if (!api_) return;
    const std::int64_t now = steadyClock_.nowMs();
    if (afterFrame && screenshots_.pending()) screenshots_.fulfil(display_->encodePng());
    if (statusRefreshedAtMs_ >= 0 && now - statusRefreshedAtMs_ < kStatusRefreshMs) return;
    statusRefreshedAtMs_ = now;
    std::lock_guard lock(statusMutex_);
    const std::string& release = ui_->content()->releaseVersion;
    if (release != status_.releaseVersion) {
        status_.releaseVersion = release;
        status_.releaseSeenAtMs = now;
    }
    status_.frameMsP50 = stats_.percentile(50);
    status_.frameMsP99 = stats_.percentile(99);
    status_.frames = static_cast<std::int64_t>(stats_.frames());
    status_.screen = ui_->screenHistory().empty() ? "" : ui_->screenHistory().back();
    if (syncService_) {
        const sync::SyncStatus sync = syncService_->status();
        if (!sync.lastResult.empty()) status_.lastSyncResult = sync.lastResult;
        status_.lastSyncAttemptUnix = sync.lastAttemptUnix;
        status_.lastSyncSuccessUnix = sync.lastSuccessUnix;
    }
}

int KioskApp::setUp() {
    // From the start: a stop request during start-up (the glyph atlas is built before the
    // first frame) ends the kiosk through the usual way out, not by the default action.
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    // Line breaking's data (libthai's dictionary above all) loads meanwhile, not in the first
    // frame (waited for below; the future's destructor waits on every early return).
    std::future<void> lineBreakData = std::async(std::launch::async, text::loadLineBreakData);
    if (!options_.configFile.empty()) {
        auto loaded = loadKioskConfig(options_.configFile);
        if (!loaded) {
            std::fprintf(stderr, "kiosk: %s\n", loaded.error().c_str());
            return kExitUsage;
        }
        config_ = std::move(*loaded);
        for (const auto& warning : config_.warnings) log::warn(warning);
    }
    if (!options_.contentDir.empty()) config_.contentDir = options_.contentDir;
    if (config_.contentDir.empty()) config_.contentDir = platform::bundledContentDir();
    if (!options_.dataDir.empty()) config_.dataDir = options_.dataDir;
    if (config_.dataDir.empty()) config_.dataDir = platform::defaultDataDir();
    if (!options_.language.empty()) config_.defaultLanguage = options_.language;
    if (options_.width > 0) { config_.width = options_.width; config_.height = options_.height; }

    for (const auto& problem : strings_.loadBuiltIn(platform::assetsDir() / "i18n")) log::warn(problem);

    // The installed release (current, else previous) unless --content names a folder; the
    // bundled exhibition when there is none or it does not load.
    // Crash containment (core/boot_attempts.h): a release that used up its starts without a
    // first frame is marked bad and skipped; the start is recorded before anything is loaded.
    ContentSnapshot snapshot;
    std::uint64_t startedRelease = 0;
    if (options_.contentDir.empty()) {
        bootAttempts_ = readBootAttempts(config_.dataDir);
        const sync::ReleaseStore store(config_.dataDir);
        auto release = store.chooseStartupRelease(bootAttempts_.badVersions);
        while (startsExhausted(bootAttempts_, release.version)) {
            markBad(bootAttempts_, release.version);
            newlyBadReleases_.push_back(release.version);
            log::error("release " + std::to_string(release.version) + " did not reach its first frame " +
                       std::to_string(limits::kFailedStartsBeforeReleaseIsBad) +
                       " starts in a row: marked bad, starting the previous release (or the bundled exhibition)");
            release = store.chooseStartupRelease(bootAttempts_.badVersions);
        }
        for (const auto& note : release.notes) log::warn("sync: " + note);
        if (!release.folder.empty()) snapshot = loadReleaseSnapshot(release.folder, release.version, config_.tags);
        startedRelease = snapshot ? release.version : 0;
        recordStartAttempt(bootAttempts_, startedRelease);
        if (auto written = writeBootAttempts(config_.dataDir, bootAttempts_); !written)
            log::warn("crash containment: " + written.error());
        bootAttemptsActive_ = true;
    }
    if (!snapshot) {
        ContentLoadResult content = parts_.loadContentFolder(config_.contentDir);
        for (const auto& problem : content.problems) log::warn(problem.toString());
        if (!content.snapshot) {
            std::fprintf(stderr, "kiosk: cannot show the exhibition in %s (see the errors above)\n", config_.contentDir.c_str());
            return kExitContent;
        }
        snapshot = options_.preview ? previewSnapshot(content, config_.tags)
                                    : std::make_shared<const Exhibition>(filterForKiosk(*content.snapshot, todayUtc(), config_.tags));
    }

    openEventStore();
    for (const std::uint64_t bad : newlyBadReleases_) {
        const nlohmann::json extra = {{"kind", "release_marked_bad"}, {"version", bad},
                                      {"failed_starts", limits::kFailedStartsBeforeReleaseIsBad}};
        eventLog_->add(EventType::Error, "", {}, static_cast<double>(bad), extra.dump());
    }

    IMGUI_CHECKVERSION();
    imgui_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;

    platform::DisplayOptions displayOptions;
    displayOptions.headless = options_.headless;
    displayOptions.windowed = options_.windowed || !config_.fullscreen;
    displayOptions.width = config_.width;
    displayOptions.height = config_.height;
    displayOptions.rotationDegrees = config_.rotationDegrees;
    (void)platform::parseRendererChoice(config_.renderer, displayOptions.renderer);   // checked by the config table
    displayOptions.checkDamage = options_.checkDamage;
    displayOptions.fullRedraw = options_.fullRedraw;
    auto display = parts_.openDisplay(displayOptions);
    if (!display) {
        std::fprintf(stderr,
                     "kiosk: %s\n"
                     "kiosk: to run without a display: kiosk --headless --frames 60 --screenshot kiosk.png\n",
                     display.error().c_str());
        // A display that does not open is no fault of the release: this start does not count.
        if (bootAttemptsActive_ && bootAttempts_.failedStarts > 0) {
            --bootAttempts_.failedStarts;
            (void)writeBootAttempts(config_.dataDir, bootAttempts_);
        }
        return kExitNoDisplay;
    }
    display_ = std::move(*display);
    if (!options_.headless) {
        // In a hall the kiosk owns its virtual terminal (the unit's TTYPath=): no console blanking.
        if (platform::disableConsoleBlanking(STDIN_FILENO)) log::info("display: console blanking switched off on this terminal");
        // HDMI-CEC only matters where the screen is switched off outside the opening hours.
        screenPower_ = std::make_unique<platform::ScreenPower>(config_.openingHours.scheduled() ? config_.cecDevice : std::string());
    }
    platform::TextureCacheOptions imageOptions;
    imageOptions.budgetBytes = static_cast<std::int64_t>(config_.imageMemoryMb) * 1024 * 1024;
    imageOptions.coverWidth = display_->width();
    imageOptions.coverHeight = display_->height();
    imageOptions.decodeInBackground = !options_.headless;   // headless: deterministic, decoded at once
    textures_ = std::make_unique<platform::TextureCache>(*display_, imageOptions);

    ui::KioskUiSettings settings;
    settings.startLanguage = config_.defaultLanguage;
    settings.idleTimeoutSeconds = config_.idleTimeoutSeconds;
    settings.idleCountdownSeconds = config_.idleCountdownSeconds;
    settings.adminPinHash = config_.adminPinHash;
    if (settings.adminPinHash.empty() && !config_.adminPin.empty() && config_.adminPin != kDefaultAdminPin) {
        log::warn("config: admin_pin is kept in plain text; put the output of `kiosk --hash-pin PIN` in admin_pin_hash instead");
        if (auto hash = hashAdminPin(config_.adminPin)) settings.adminPinHash = *hash;
    }
    if (settings.adminPinHash.empty())
        log::warn("SECURITY WARNING: the technician PIN is the public default 2468: anyone can open the technician "
                  "overlay and stop the kiosk. Set [kiosk] admin_pin_hash (kiosk --hash-pin PIN).");
    settings.adminTimeoutSeconds = config_.adminTimeoutSeconds;
    settings.atlasCacheFile = config_.dataDir / "glyph-atlas.cache";
    settings.waitForGlyphRebuild = options_.headless;   // deterministic frames
    settings.preview = options_.preview;
    ui_ = std::make_unique<ui::KioskUi>(snapshot, strings_, *textures_, *eventLog_, settings);
    ui_->onQuit = [] { requestStop(); };
    {
        // The first screen's images are start-up work: decoded now (headless) or on the
        // decoding thread while the atlas is made (window), and waited for, so that the first
        // frame is the complete screen, not its placeholders (at most kFirstImagesWaitMs: a
        // slow card shows the placeholder rather than nothing).
        constexpr int kFirstImagesWaitMs = 1000;
        for (const auto& image : ui_->firstFrameImages()) (void)textures_->get(image);
        // So is the glyph atlas: built (or read from its cache) before the first frame, not
        // inside it.
        const ImVec2 size(static_cast<float>(display_->uiWidth()), static_cast<float>(display_->uiHeight()));
        if (ui_->fontsNeedBuilding(size)) ui_->buildFonts(*ImGui::GetIO().Fonts, size);
        display_->uploadFonts(&ui_->fonts());
        lineBreakData.wait();
        if (!textures_->waitForDecodes(kFirstImagesWaitMs)) log::info("start-up: the first screen's images are still decoding");
    }
    ui_->onStatusLines = [this] {
        std::vector<std::pair<std::string, std::string>> lines;
        lines.emplace_back("kiosk", config_.kioskId);
        lines.emplace_back("content", config_.contentDir.string());
        lines.emplace_back("data", config_.dataDir.string());
        lines.emplace_back("screen", std::to_string(display_->width()) + "x" + std::to_string(display_->height()));
        lines.emplace_back("renderer", display_->rendererName());
        lines.emplace_back("frame p50 / p99", std::to_string(stats_.percentile(50)).substr(0, 5) + " / " +
                                                   std::to_string(stats_.percentile(99)).substr(0, 5) + " ms");
        lines.emplace_back("memory", std::to_string(platform::peakRssKb() / 1024) + " MiB peak");
        lines.emplace_back("images", std::to_string(textures_->bytesInUse() / (1024 * 1024)) + " of " +
                                         std::to_string(config_.imageMemoryMb) + " MiB, " +
                                         std::to_string(textures_->evictions()) + " evicted");
        if (syncService_) {
            const sync::SyncStatus status = syncService_->status();
            lines.emplace_back("sync", status.running ? "running" : status.lastResult.empty() ? "not yet" : status.lastResult);
        }
        return lines;
    };
    // A curator's preview: `--content DIR` reloads the folder when its files change. Not in
    // scripted or frame-counted headless runs, which must stay deterministic.
    const bool scripted = options_.headless && (!options_.scriptFile.empty() || options_.frames > 0);
    if (!options_.contentDir.empty() && !scripted) {
        auto preview = ContentPreview::start(
            config_.contentDir, config_.tags,
            [this](ContentSnapshot next) {
                ui_->offerContent(std::move(next));
                contentOffered_.store(true);
            },
            limits::kContentReloadDebounceMs, options_.preview);
        if (preview) preview_ = std::move(*preview);
        else log::warn("content preview off: " + preview.error());
    }
    if (!config_.syncUrl.empty()) {
        auto syncSettings = sync::syncSettingsFromConfig(config_);
        if (!syncSettings) log::warn("sync: " + syncSettings.error() + "; content sync is off");
        else {
            syncService_ = parts_.makeSyncService(
                std::move(*syncSettings), config_.dataDir,
                [this](const std::filesystem::path& folder, std::uint64_t version) {
                    if (auto next = loadReleaseSnapshot(folder, version, config_.tags)) ui_->offerContent(std::move(next));
                });
            ui_->onSyncNow = [this] { syncService_->requestSyncNow(); };
            pinDisplayedRelease();   // before the first cycle: its garbage collection keeps what is shown
            // Started after the first frame (startAfterFirstFrame): start-up keeps the CPU.
        }
    }
    if (options_.headless) clock_ = &virtualClock_;
    startedAtMs_ = steadyClock_.nowMs();
    startApi();
    serviceApiRequests(false);   // status figures from the start
    return kExitOk;
}

void KioskApp::renderFrame(const PointerState& pointer, const std::vector<std::string>& keys, bool input) {
    if (!openingHoursAllowDrawing()) {
        startAfterFirstFrame();   // closed at start: the blank screen is the first frame
        // Closed: nothing is drawn; look again at the opening hours a minute later.
        scheduler_.frameDrawn(nowMs(), false, nowMs() + limits::kOpeningHoursCheckMs);
        return;
    }
    if (input) scheduler_.requestFrames(limits::kFramesAfterInput);
    const double cpuStart = platform::threadCpuMs();
    const ImVec2 size(static_cast<float>(display_->uiWidth()), static_cast<float>(display_->uiHeight()));
    if (ui_->fontsNeedBuilding(size)) ui_->buildFonts(*ImGui::GetIO().Fonts, size);   // new content or scale (idle moments)
    ui_->updateGlyphAtlas();   // run-time glyphs: rebuilt in the background, swapped in when idle
    display_->uploadFonts(&ui_->fonts());
    const std::int64_t now = clock_->nowMs();
    const float dt = lastFrameMs_ < 0 ? 1.0f / 60.0f : static_cast<float>(now - lastFrameMs_) / 1000.0f;
    lastFrameMs_ = now;
    if (textures_->beginFrame()) scheduler_.requestFrames(1);   // images decoded meanwhile: show them
    textures_->request(ui_->picturesAhead());   // a screen opened: its rehearsed pictures, together
    display_->beginFrame(dt);
    ImGuiIO& io = ImGui::GetIO();
    if (display_->headless()) {
        io.MousePos = ImVec2(pointer.x, pointer.y);
        io.MouseDown[0] = pointer.down;
    }
    ImGui::NewFrame();
    ui_->frame(io.DisplaySize, now, keys);
    logSyncResults();
    const ImU32 clear = ui_->clearColor();   // ImGui packs colours as 0xAABBGGRR
    // Headless frames are rasterized only when captured, unless --rasterize-all.
    const bool rasterize = !display_->headless() || options_.rasterizeAll;
    display_->endFrame((clear & 0xFF) << 24 | ((clear >> 8) & 0xFF) << 16 | ((clear >> 16) & 0xFF) << 8 | 0xFF, rasterize);
    textures_->trim();
    scheduler_.frameDrawn(now, ui_->animating(), ui_->nextWakeMs());
    // Images still decoding in the background: look again at display rate until they are in.
    if (textures_->loading()) scheduler_.requestFrames(1);
    stats_.frameDone(platform::threadCpuMs() - cpuStart, ui_->currentScreenName());
    service_.frameShown(platform::monotonicMs(), "release " + (ui_->content()->releaseVersion.empty() ? std::string("bundled") : ui_->content()->releaseVersion) + ", screen " + ui_->currentScreenName());
    if (firstCompleteFrame_ && !textures_->loading()) {
        firstCompleteFrame_ = false;
        stats_.firstCompleteFrame(platform::monotonicMs() - platform::processStartMs(), platform::processCpuMs());
    }
    if (firstFrame_) {
        firstFrame_ = false;
        startAfterFirstFrame();
        stats_.firstFramePresented(platform::monotonicMs() - platform::processStartMs());
        if (bootAttemptsActive_) {   // this release works: its failed starts are forgotten
            recordFirstFrame(bootAttempts_);
            if (auto written = writeBootAttempts(config_.dataDir, bootAttempts_); !written)
                log::warn("crash containment: " + written.error());
        }
    }
}

void KioskApp::startAfterFirstFrame() {
    if (startedAfterFirstFrame_) return;
    startedAfterFirstFrame_ = true;
    if (syncService_) syncService_->start();
    if (eventStore_) eventStore_->allowRetention();   // the retention pass, on the writer thread
}

bool KioskApp::openingHoursAllowDrawing() {
    const bool open = config_.openingHours.isOpen(localTimeNow());
    if (open != withinOpeningHours_) {
        withinOpeningHours_ = open;
        log::info(open ? "display: opening hours begin: drawing again"
                       : "display: outside the opening hours (" + config_.openingHours.describe() +
                             "): screen blanked, rendering stopped");
        if (!open) display_->presentBlank();
        if (screenPower_) screenPower_->setScreenOn(open);
    }
    if (!open) service_.frameShown(platform::monotonicMs(), "closed (opening hours)");   // READY even when closed
    return open;
}

Result<bool> KioskApp::offerContentFolder(const std::filesystem::path& folder) {
    ContentLoadResult content = loadExhibition(folder);
    for (const auto& problem : content.problems) log::warn(problem.toString());
    if (!content.snapshot) return Error{folder.string() + ": cannot show this exhibition (see the errors above)"};
    ui_->offerContent(options_.preview ? previewSnapshot(content, config_.tags)
                                       : std::make_shared<const Exhibition>(filterForKiosk(*content.snapshot, todayUtc(), config_.tags)));
    scheduler_.requestFrames(1);
    return true;
}

void KioskApp::rehearseWhileIdle(int steps) {
    for (int i = 0; i < steps && ui_->rehearsalPending(); ++i) {
        const double cpuStart = platform::threadCpuMs();
        const ImDrawList* drawn = ui_->rehearseNext();
        if (!drawn) break;
        display_->prepareOffscreen(*drawn);
        stats_.rehearsalDone(platform::threadCpuMs() - cpuStart);
    }
}

bool KioskApp::passTime(std::int64_t untilMs, const PointerState& pointer) {
    const PointerState released{pointer.x, pointer.y, false};
    while (!stopRequested()) {
        // Nothing moves: time a window would spend waiting for input. Rehearsals are for frames
        // someone sees: --rasterize-all draws every frame as a window does.
        if (options_.rasterizeAll && !scheduler_.pictureChanging()) rehearseWhileIdle(ui::ScreenRehearsal::kMaxPerScreen);
        // With --rasterize-all every animation frame is drawn, as a window would; otherwise
        // nobody looks, so time jumps from one wake-up (timer, requested frame) to the next.
        const std::int64_t next = options_.rasterizeAll ? scheduler_.nextFrameMs() : scheduler_.nextUnobservedFrameMs();
        if (next < 0 || next >= untilMs) break;
        if (next > nowMs()) advanceClock(next - nowMs());
        renderFrame(released, {});
    }
    if (stopRequested()) return false;
    if (nowMs() < untilMs) {
        // The picture at the end of the wait: what a screen that kept drawing would show.
        const bool changing = scheduler_.pictureChanging();
        advanceClock(untilMs - nowMs());
        if (changing) renderFrame(released, {});
    }
    return true;
}

int KioskApp::runHeadless() {
    ScriptPlayer player(*this);
    renderFrame({}, {});
    if (!options_.scriptFile.empty()) {
        auto script = loadInputScript(options_.scriptFile);
        if (!script) {
            std::fprintf(stderr, "kiosk: %s\n", script.error().c_str());
            return kExitUsage;
        }
        if (!player.play(*script)) {
            std::fprintf(stderr, "kiosk: script failed: %s\n", player.error().c_str());
            return kExitScriptFailed;
        }
    }
    if (options_.frames > 0) {
        for (int i = 1; i < options_.frames && !stopRequested(); ++i) {
            advanceClock(limits::kFrameMs);
            renderFrame({}, {});
        }
    }
    if (options_.scriptFile.empty() && options_.frames < 0) {
        // No script and no frame count: keep running on the real clock until stopped,
        // drawing only when the scheduler says so (the API and sync keep working meanwhile).
        clock_ = &steadyClock_;
        while (!stopRequested()) {
            if (contentOffered_.exchange(false)) scheduler_.requestFrames(limits::kFramesAfterInput);
            if (screenshots_.pending()) scheduler_.requestFrames(1);
            const std::int64_t now = clock_->nowMs();
            const std::int64_t next = scheduler_.nextUnobservedFrameMs();
            if (next < 0 || next > now) {
                const std::int64_t wait = next < 0 ? 1000 : std::min<std::int64_t>(next - now, 1000);
                // Sleeps until the next frame is due, or at once when the API wants a screenshot.
                screenshots_.waitForRequest(std::chrono::milliseconds(std::max<std::int64_t>(1, wait)));
                serviceApiRequests(false);
                continue;
            }
            renderFrame({}, {});
            serviceApiRequests(true);
        }
    }
    return kExitOk;
}

int KioskApp::runWindow() {
    int rendered = 0;
    const bool windowed = options_.windowed || !config_.fullscreen;
    bool screenshotPending = !options_.screenshotFile.empty();
    std::vector<std::string> keys;   // keys pressed since the last frame
    while (!stopRequested() && !ui_->quitRequested()) {
        service_.mainLoopAlive(platform::monotonicMs());   // systemd watchdog (the loop wakes at least every second)
        const std::int64_t now = clock_->nowMs();
        const std::int64_t next = scheduler_.nextFrameMs();
        // Idle with screens left to rehearse: one after looking for input without waiting.
        const bool rehearse = !scheduler_.pictureChanging() && ui_->rehearsalPending();
        // Blocks until input, the next frame's time, or a second (to notice a stop request).
        const int timeout = rehearse ? 0 : static_cast<int>(next < 0 ? 1000 : std::clamp<std::int64_t>(next - now, 0, 1000));
        platform::DisplayInput input = display_->pollInput(timeout);
        if (input.quit) {
            // A window manager's close request ends a windowed kiosk only; fullscreen, only a
            // signal or the technician overlay ends it.
            if (windowed) break;
            log::info("window close request ignored: a fullscreen kiosk ends with SIGTERM or the technician overlay");
        }
        bool quit = false;
        for (const auto& key : input.keys)
            if (key == "escape" && windowed && !options_.preview) quit = true;   // preview: Esc is "back"
        if (quit) break;
        keys.insert(keys.end(), input.keys.begin(), input.keys.end());
        if (input.anyEvent) scheduler_.requestFrames(limits::kFramesAfterInput);
        if (contentOffered_.exchange(false)) scheduler_.requestFrames(limits::kFramesAfterInput);   // preview reloaded
        const bool screenshotWanted = screenshots_.pending();
        if (screenshotWanted) scheduler_.requestFrames(1);
        serviceApiRequests(false);
        if (!scheduler_.due(clock_->nowMs())) {
            if (rehearse && !input.anyEvent) rehearseWhileIdle(1);
            continue;
        }
        if (screenshotPending && options_.frames > 0 && rendered + 1 >= options_.frames) display_->captureNextFrame();
        if (screenshotWanted) display_->captureNextFrame();
        renderFrame({}, keys);
        keys.clear();
        if (screenshotWanted) serviceApiRequests(true);
        ++rendered;
        if (options_.frames > 0 && rendered >= options_.frames) break;
    }
    if (screenshotPending && options_.frames <= 0) {
        display_->captureNextFrame();
        renderFrame({}, {});
    }
    return kExitOk;
}

int KioskApp::finish(int code) {
    if (!options_.screenshotFile.empty() && display_) {
        auto saved = display_->saveScreenshot(options_.screenshotFile);
        if (!saved) {
            std::fprintf(stderr, "kiosk: %s\n", saved.error().c_str());
            if (code == kExitOk) code = kExitUsage;
        }
    }
    if (!options_.statsFile.empty() && ui_) {
        const platform::DamageCheck& d = display_->damageCheck();
        stats_.setRenderer(display_->rendererName(), display_->rendererReason(),
                           {d.frames, d.partialFrames, d.skippedFrames, d.mismatchedFrames, d.damagedPixels, d.totalPixels});
        const ui::AtlasStats& a = ui_->fonts().stats();
        stats_.setAtlas({a.glyphs, a.fromCache, a.buildMs, a.uiThreadBuilds, a.backgroundRebuilds, a.swaps, a.fallbackGlyphs,
                         a.preparations, a.fromPreparation});
        auto written = stats_.write(options_.statsFile, platform::peakRssKb(), ui_->screenHistory());
        if (!written) {
            std::fprintf(stderr, "kiosk: %s\n", written.error().c_str());
            if (code == kExitOk) code = kExitUsage;
        }
    }
    return code;
}

int KioskApp::run() {
    // Before any display is opened.
    if (options_.syncOnce || options_.checkStore) return runSyncCommand(options_);
    const int setUpResult = setUp();
    if (setUpResult != kExitOk) return setUpResult;
    const int code = options_.headless ? runHeadless() : runWindow();
    // The kiosk is stopping (end of a run, SIGTERM, SIGINT, the technician's exit): the visitor's
    // session ends here, logged like an idle reset; the event store commits it when it closes.
    ui_->endVisit(clock_->nowMs());
    if (stopRequested()) log::info("stopping: signal received");
    return finish(code);
}

} // namespace kiosk::app
