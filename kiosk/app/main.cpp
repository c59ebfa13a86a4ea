// The kiosk executable. See `kiosk --help` and README "Command line".
#include <cstdio>
#include <string>
#include <vector>

#include "kiosk/app/kiosk_app.h"
#include "kiosk/core/command_line.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto options = kiosk::parseKioskCommandLine(args);
    if (!options) {
        std::fprintf(stderr, "kiosk: %s\n%s", options.error().c_str(), kiosk::kioskUsage());
        return kiosk::app::KioskApp::kExitUsage;
    }
    if (options->showHelp) {
        std::fputs(kiosk::kioskUsage(), stdout);
        return 0;
    }
    if (options->showVersion) {
        std::printf("kiosk %s\n", KIOSK_VERSION);
        return 0;
    }
    kiosk::app::KioskApp app(std::move(*options));
    return app.run();
}
