// The fleet file (fleet.toml): the kiosks an organizer pulls and watches.
//
//   # Defaults for every kiosk below (each may override them).
//   token_file = "api-token"          # relative paths are relative to this file
//
//   [[kiosk]]
//   id = "hall-a-01"                  # the kiosk's configured [kiosk] id: required, unique
//   url = "https://10.0.0.21:8765"    # scheme://host:port
//   pin = "sha256:5f1c...e9"          # SHA-256 of its TLS certificate (kiosk --make-api-cert)
//   token_file = "tokens/hall-a"      # optional: this kiosk's own token
//   hall = "Hall A"                   # optional: shown in `kiosk-logs fleet`
//
// Unknown keys are errors (a typo must not silently drop a pin); every problem is reported
// with the file and line.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::logs {

struct FleetEntry {
    std::string kioskId;
    std::string url;
    std::string pin;                    // normalized "sha256:<hex>", or "" (plain http or CA-checked https)
    std::filesystem::path tokenFile;    // absolute or relative to the working directory
    std::string hall;
};

Result<std::vector<FleetEntry>> loadFleetFile(const std::filesystem::path& file);

} // namespace kiosk::logs
