#include "kiosk/app/sync_commands.h"

#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "kiosk/app/kiosk_app.h"
#include "kiosk/core/content_loader.h"
#include "kiosk/core/log.h"
#include "kiosk/sync/release_store.h"
#include "kiosk/sync/sync_client.h"
#include "kiosk/sync/sync_service.h"
#include "platform/paths.h"

namespace kiosk::app {

ContentSnapshot loadReleaseSnapshot(const std::filesystem::path& folder, std::uint64_t version,
                                    const std::vector<std::string>& tags) {
    ContentLoadResult content = loadExhibition(folder);
    for (const auto& problem : content.problems) log::warn(problem.toString());
    if (!content.snapshot) return nullptr;
    Exhibition exhibition = filterForKiosk(*content.snapshot, todayUtc(), tags);
    exhibition.releaseVersion = std::to_string(version);
    return std::make_shared<const Exhibition>(std::move(exhibition));
}

api::ApiCallbacks::SyncReply syncRequestReply(sync::SyncService& service, int waitSeconds) {
    const sync::SyncRequestResult result = service.requestSyncAndWait(std::chrono::seconds(waitSeconds));
    nlohmann::json body = {{"cycle_id", result.cycleId}, {"finished", result.finished}};
    if (result.finished) {
        body["result"] = result.result;
        body["succeeded"] = result.succeeded;
    }
    return {result.finished ? 200 : 202, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

nlohmann::json syncStatusJson(const sync::SyncStatus& status) {
    return {{"last_result", status.lastResult.empty() ? "never" : status.lastResult},
            {"last_cycle_id", status.lastCycleId},
            {"running_cycle_id", status.runningCycleId},
            {"running", status.running},
            {"last_attempt_unix", status.lastAttemptUnix},
            {"last_success_unix", status.lastSuccessUnix},
            {"installed_version", status.currentVersion},
            {"installed_release_expired", status.installedReleaseExpired}};
}

int runSyncCommand(const KioskOptions& options) {
    KioskConfig config;
    if (!options.configFile.empty()) {
        auto loaded = loadKioskConfig(options.configFile);
        if (!loaded) {
            std::fprintf(stderr, "kiosk: %s\n", loaded.error().c_str());
            return KioskApp::kExitUsage;
        }
        config = std::move(*loaded);
        for (const auto& warning : config.warnings) log::warn(warning);
    }
    if (!options.dataDir.empty()) config.dataDir = options.dataDir;
    if (config.dataDir.empty()) config.dataDir = platform::defaultDataDir();

    if (options.checkStore) {
        const sync::StoreCheckReport report = sync::ReleaseStore(config.dataDir).checkStore();
        for (const auto& problem : report.problems) std::printf("problem: %s\n", problem.c_str());
        std::printf("%s: %d objects and %d releases checked, %zu problems\n", report.ok() ? "store ok" : "store damaged",
                    report.objectsChecked, report.releasesChecked, report.problems.size());
        return report.ok() ? KioskApp::kExitOk : KioskApp::kExitSyncFailed;
    }

    auto settings = sync::syncSettingsFromConfig(config);
    if (!settings) {
        std::printf("failed: %s\n", settings.error().c_str());
        return KioskApp::kExitUsage;
    }
    const SyncOutcome outcome = sync::runSyncCycle(*settings, config.dataDir);
    std::printf("%s\n", outcome.line().c_str());
    return outcome.succeeded() ? KioskApp::kExitOk : KioskApp::kExitSyncFailed;
}

} // namespace kiosk::app
