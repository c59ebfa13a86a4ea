// The rules for the kiosk API's settings, shared by the config parser (checked when the config
// is read), the API server and kiosk-logs: listen addresses and bearer-token files.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace kiosk {

inline constexpr std::size_t kMinApiTokenBytes = 16;
inline constexpr std::size_t kMaxApiTokenBytes = 4096;

struct ListenAddress {
    std::string host;
    int port = 0;   // 0: any free port (tests)
};
// "127.0.0.1:8765", "0.0.0.0:8765", "[::1]:8765", "localhost:0"; port 0 to 65535.
Result<ListenAddress> parseListenAddress(std::string_view text);

// Reads a token file: it must exist, be readable by its owner only (mode 0600 or 0400: no
// group or other permission bits), hold one line without spaces (surrounding whitespace
// ignored) of kMinApiTokenBytes to kMaxApiTokenBytes. Errors name the file.
Result<std::string> loadApiToken(const std::filesystem::path& file);

} // namespace kiosk
