// The kiosk's configuration file (TOML). Every key, with its default, range, unit and meaning,
// is one row of the table in kiosk/core/config_settings.cpp; the README's reference is checked
// against it. Errors are reported as "file:line:column: message", all of them in one run;
// unknown keys are warnings with a "did you mean" when one is close.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/opening_hours.h"
#include "kiosk/core/result.h"

namespace kiosk {

// Defaults come from the settings table: a default-constructed KioskConfig has them all.
// Fields have no initializers on purpose (a second default would drift from the table).
struct KioskConfig {
    KioskConfig();

    // [kiosk]
    std::string kioskId;
    std::vector<std::string> tags;                 // targeting tags
    std::filesystem::path contentDir;              // bundled / authoring exhibition folder
    std::filesystem::path dataDir;                 // releases, event log, state
    std::string defaultLanguage;                   // empty: the exhibition's default
    int idleTimeoutSeconds;
    int idleCountdownSeconds;
    std::string adminPin;                          // plain PIN (4-12 digits); prefer adminPinHash
    std::string adminPinHash;                      // Argon2id (kiosk --hash-pin); empty: adminPin
    int adminTimeoutSeconds;                       // technician overlay closes and locks without a touch

    // [display]
    int width, height;                             // 0: the screen's own size
    bool fullscreen;
    int rotationDegrees;                           // 0, 90, 180, 270 clockwise (core/display_rotation.h)
    OpeningHours openingHours;                     // [display.schedule], read in kiosk_config.cpp; none: always on
    int imageMemoryMb;                             // decoded images kept (LRU); sized for a 2 GB board
    std::string cecDevice;                         // HDMI-CEC adapter for standby outside opening hours; "" off (platform/screen_power.h)

    // [sync]
    std::string syncUrl;
    std::filesystem::path syncPublicKey;
    std::string syncChannel;
    int syncIntervalSeconds;
    int syncMaxFiles;
    std::int64_t syncMaxBytes;
    std::int64_t syncMaxObjectBytes;
    int syncLowSpeedBytesPerSecond;                // slower than this
    int syncLowSpeedSeconds;                       // for this long: abort
    int syncParallelDownloads;
    std::filesystem::path syncCaFile;              // empty: the system CA store
    std::string syncPinnedPublicKey;               // libcurl form "sha256//BASE64"; empty: no pinning
    int syncConnectTimeoutSeconds;
    int syncReserveMb;                             // MiB kept free when downloading
    int syncMinAverageBytesPerSecond;              // whole-object deadline; 0: none

    // [api]
    std::string apiListen;
    std::filesystem::path apiTokenFile;            // the API is enabled when this names a token
    int apiMaxRequestBytes;
    int apiMaxRequestsPerMinute;                   // per client address
    int apiMaxConnections;                         // requests with the token handled at once
    std::filesystem::path apiTlsCert;              // with apiTlsKey: HTTPS only (PEM files)
    std::filesystem::path apiTlsKey;               // must be readable by its owner only

    // [log]
    int logRetentionDays;
    int logMaxDatabaseMb;
    int logBatchMs;                                // a power cut loses at most this window
    int logBatchEvents;

    std::vector<std::string> warnings;             // "file:line:column: unknown key 'x' in [kiosk] (did you mean 'y'?)"
};

// The defaults (for modules whose options mirror a config key: one source for the value).
const KioskConfig& kioskConfigDefaults();

// Parses a config file. Relative paths in it are resolved against the file's folder.
// On errors, the message lists every error found, one per line, then the unknown-key warnings.
Result<KioskConfig> loadKioskConfig(const std::filesystem::path& file);
// Parses config text (for tests); `name` is used in messages, `baseDir` for relative paths.
Result<KioskConfig> parseKioskConfig(std::string_view text, const std::string& name,
                                     const std::filesystem::path& baseDir);

} // namespace kiosk
