// The kiosk's sync entry points: `--sync-once`, `--check-store`, and loading an installed
// release as a content snapshot (at start and when the sync service installs a new one).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/command_line.h"
#include "kiosk/core/content_model.h"
#include "kiosk/core/kiosk_config.h"

namespace kiosk::app {

// Runs --sync-once or --check-store; prints one line (or a report) and returns the exit code.
int runSyncCommand(const KioskOptions& options);

// Loads a release folder as a snapshot for this kiosk (releaseVersion set, targeting applied);
// null when the folder does not load. Problems are logged.
ContentSnapshot loadReleaseSnapshot(const std::filesystem::path& folder, std::uint64_t version,
                                    const std::vector<std::string>& tags);

} // namespace kiosk::app
