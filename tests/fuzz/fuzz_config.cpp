// libFuzzer target for the TOML config file and its validation (the config is edited by
// people on the kiosk and shipped by installers). Whatever the bytes, parseKioskConfig returns
// a config or an error naming the file, never throws or crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kiosk/core/kiosk_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto config = kiosk::parseKioskConfig(text, "fuzz.toml", "/etc/kiosk");
    if (!config) {
        if (config.error().rfind("fuzz.toml", 0) != 0) std::abort();   // errors name the file
        return 0;
    }
    for (const auto& warning : config->warnings)
        if (warning.rfind("fuzz.toml:", 0) != 0) std::abort();
    return 0;
}
