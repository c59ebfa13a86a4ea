// The kiosk's sync entry points: `--sync-once`, `--check-store`, and loading an installed
// release as a content snapshot (at start and when the sync service installs a new one).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kiosk/api/api_server.h"
#include "kiosk/core/command_line.h"
#include "kiosk/core/content_model.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/sync/sync_service.h"

namespace kiosk::app {

// Runs --sync-once or --check-store; prints one line (or a report) and returns the exit code.
int runSyncCommand(const KioskOptions& options);

// Loads a release folder as a snapshot for this kiosk (releaseVersion set, targeting applied);
// null when the folder does not load. Problems are logged.
ContentSnapshot loadReleaseSnapshot(const std::filesystem::path& folder, std::uint64_t version,
                                    const std::vector<std::string>& tags);

// POST /v1/sync: starts a cycle and waits up to waitSeconds for that cycle (not an earlier one):
// 200 {"cycle_id", "finished": true, "result", "succeeded"}, or 202 {"cycle_id", "finished": false}
// while it still runs (GET /v1/status shows sync.last_cycle_id once it is done).
api::ApiCallbacks::SyncReply syncRequestReply(sync::SyncService& service, int waitSeconds);

// The "sync" object of GET /v1/status, read live from the service.
nlohmann::json syncStatusJson(const sync::SyncStatus& status);

} // namespace kiosk::app
