// The kiosk executable's command line. Parsing is pure so that it can be tested.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk {

struct KioskOptions {
    std::filesystem::path configFile;
    std::filesystem::path contentDir;
    std::filesystem::path dataDir;
    std::string language;
    bool windowed = false;
    bool preview = false;   // --preview DIR: curator's preview (contentDir = DIR, windowed)
    int width = 0, height = 0;            // --size WxH
    bool headless = false;
    int frames = -1;                      // --frames N; -1: not given
    bool rasterizeAll = false;            // --rasterize-all: headless rasterizes every frame at display rate
    bool checkDamage = false;             // --check-damage: software renderer compares each damaged frame with a full redraw
    bool fullRedraw = false;              // --full-redraw: software renderer redraws every pixel every frame (benchmarks)
    std::filesystem::path scriptFile;
    std::filesystem::path screenshotFile;
    std::filesystem::path statsFile;
    bool syncOnce = false;                // --sync-once: one sync cycle, one line, no window
    bool checkStore = false;              // --check-store: verify the release store, no window
    std::filesystem::path makeApiCertDir; // --make-api-cert DIR: write an HTTPS pair for the API, print its pin
    bool showVersion = false;
    bool showHelp = false;
    std::optional<std::string> hashPin;   // --hash-pin PIN ("-": read it from standard input)
};

Result<KioskOptions> parseKioskCommandLine(const std::vector<std::string>& args);
const char* kioskUsage();

} // namespace kiosk
