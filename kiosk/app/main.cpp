// The kiosk executable. See `kiosk --help` and README "Command line".
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "kiosk/api/api_certificate.h"
#include "kiosk/app/allocator_tuning.h"
#include "kiosk/app/kiosk_app.h"
#include "kiosk/core/admin_pin.h"
#include "kiosk/core/command_line.h"

int main(int argc, char** argv) {
    kiosk::app::tuneAllocatorForLongRuns();
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
    if (options->hashPin) {
        std::string pin = *options->hashPin;
        if (pin == "-" && !std::getline(std::cin, pin)) pin.clear();
        auto hash = kiosk::hashAdminPin(pin);
        if (!hash) {
            std::fprintf(stderr, "kiosk: --hash-pin: %s\n", hash.error().c_str());
            return kiosk::app::KioskApp::kExitUsage;
        }
        std::printf("%s\n", hash->c_str());
        return 0;
    }
    if (!options->makeApiCertDir.empty()) {
        auto made = kiosk::api::writeSelfSignedCertificate(options->makeApiCertDir);
        if (!made) {
            std::fprintf(stderr, "kiosk: %s\n", made.error().c_str());
            return 1;
        }
        const auto dir = options->makeApiCertDir;
        std::fprintf(stderr, "kiosk: wrote %s and %s; set [api] tls_cert and tls_key to them and pin the line below\n",
                     (dir / kiosk::api::kCertificateFileName).c_str(), (dir / kiosk::api::kKeyFileName).c_str());
        std::printf("%s\n", made->fingerprint.c_str());
        return 0;
    }
    kiosk::app::KioskApp app(std::move(*options));
    return app.run();
}
