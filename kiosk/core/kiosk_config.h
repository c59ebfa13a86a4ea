// The kiosk's configuration file (TOML). One documented file; see README "Configuration".
// Errors are reported as "file:line: message"; unknown keys are warnings.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/core/sync_limits.h"

namespace kiosk {

struct KioskConfig {
    // [kiosk]
    std::string kioskId = "kiosk";
    std::vector<std::string> tags;                 // targeting tags
    std::filesystem::path contentDir;              // bundled / authoring exhibition folder
    std::filesystem::path dataDir;                 // releases, event log, state
    std::string defaultLanguage;                   // empty: the exhibition's default
    int idleTimeoutSeconds = 60;
    int idleCountdownSeconds = 10;
    std::string adminPin = "2468";
    int adminTimeoutSeconds = 60;                  // technician overlay closes and locks without a touch

    // [display]
    int width = 0, height = 0;                     // 0: the screen's own size
    bool fullscreen = true;
    int imageMemoryMb = 256;                       // decoded images kept (LRU); sized for a 2 GB board

    // [sync]
    std::string syncUrl;
    std::filesystem::path syncPublicKey;
    std::string syncChannel = "stable";
    int syncIntervalSeconds = 300;
    int syncMaxFiles = sync_limits::kDefaultMaxFiles;
    std::int64_t syncMaxBytes = sync_limits::kDefaultMaxBytes;
    std::int64_t syncMaxObjectBytes = sync_limits::kDefaultMaxObjectBytes;
    int syncLowSpeedBytesPerSecond = sync_limits::kDefaultLowSpeedBytesPerSecond;   // slower than this
    int syncLowSpeedSeconds = sync_limits::kDefaultLowSpeedSeconds;                 // for this long: abort
    int syncParallelDownloads = sync_limits::kDefaultParallelDownloads;
    std::filesystem::path syncCaFile;              // empty: the system CA store
    std::string syncPinnedPublicKey;               // libcurl form "sha256//BASE64"; empty: no pinning
    int syncConnectTimeoutSeconds = sync_limits::kDefaultConnectTimeoutSeconds;

    // [api]
    std::string apiListen = "127.0.0.1:8765";
    std::filesystem::path apiTokenFile;            // the API is enabled when this names a token
    int apiMaxRequestBytes = 64 * 1024;
    int apiMaxRequestsPerMinute = 600;             // per client address
    int apiMaxConnections = 4;                     // handled at once; more wait their turn

    // [log]
    int logRetentionDays = 180;
    int logMaxDatabaseMb = 512;
    int logBatchMs = 250;                          // a power cut loses at most this window
    int logBatchEvents = 256;

    std::vector<std::string> warnings;             // "file:line: unknown key 'x'"
};

// Parses a config file. Relative paths in it are resolved against the file's folder.
Result<KioskConfig> loadKioskConfig(const std::filesystem::path& file);
// Parses config text (for tests); `name` is used in messages, `baseDir` for relative paths.
Result<KioskConfig> parseKioskConfig(std::string_view text, const std::string& name,
                                     const std::filesystem::path& baseDir);

} // namespace kiosk
