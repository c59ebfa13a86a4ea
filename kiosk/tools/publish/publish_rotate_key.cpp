// kiosk-publish rotate-key DIR --key FILE [--add NEW.pub]... [--retire OLD.pub]...:
// writes the next keys.json of the release tree DIR, so kiosks learn new signing keys and drop
// retired ones without anyone editing them (kiosk/core/release_keys.h).
#include <cstdio>
#include <string>

#include "kiosk/tools/publish/publish_command.h"
#include "kiosk/tools/publish/release_builder.h"

namespace kiosk::publish {
namespace {

const char* kRotateUsage =
    "usage: kiosk-publish rotate-key DIR --key FILE [--add NEW.pub]... [--retire OLD.pub]...\n"
    "  DIR            the release tree (as for build --out)\n"
    "  --key FILE     a secret key kiosks trust now (listed in DIR/keys.json, or the one of\n"
    "                 [sync] public_key for the first rotation); it signs the new keys.json\n"
    "  --add FILE     a public key (.pub) to trust from now on\n"
    "  --retire FILE  a public key to trust no more (a leaked or lost key)\n"
    "Then publish with a trusted key (build --key NEW.key): kiosks read keys.json before the manifest.\n";

int runRotateKey(const std::vector<std::string>& args) {
    RotateKeysOptions options;
    std::filesystem::path keyFile;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == "--help") { std::fputs(kRotateUsage, stdout); return kExitOk; }
        if (arg == "--key" && hasValue) keyFile = args[++i];
        else if ((arg == "--add" || arg == "--retire") && hasValue) {
            auto keys = readPublicKeysFile(args[++i]);
            if (!keys) {
                std::fprintf(stderr, "kiosk-publish rotate-key: %s\n", keys.error().c_str());
                return kExitFailed;
            }
            auto& list = arg == "--add" ? options.add : options.retire;
            list.insert(list.end(), keys->begin(), keys->end());
        } else if (!arg.empty() && arg[0] != '-' && options.outDir.empty()) options.outDir = arg;
        else {
            std::fprintf(stderr, "kiosk-publish rotate-key: unexpected '%s'\n%s", arg.c_str(), kRotateUsage);
            return kExitUsage;
        }
    }
    if (options.outDir.empty() || keyFile.empty() || (options.add.empty() && options.retire.empty())) {
        std::fprintf(stderr, "kiosk-publish rotate-key: DIR, --key and at least one --add or --retire are required\n%s",
                     kRotateUsage);
        return kExitUsage;
    }
    auto key = readSecretKeyFile(keyFile);
    if (!key) {
        std::fprintf(stderr, "kiosk-publish rotate-key: %s\n", key.error().c_str());
        return kExitFailed;
    }
    options.signingKey = *key;
    auto report = rotateReleaseKeys(options);
    if (!report) {
        std::fprintf(stderr, "kiosk-publish rotate-key: %s\n", report.error().c_str());
        return kExitFailed;
    }
    std::printf("keys.json version %llu: %zu trusted keys\n", static_cast<unsigned long long>(report->version),
                report->keys.size());
    for (const auto& trusted : report->keys) std::printf("  %s\n", toHex(trusted.data(), trusted.size()).c_str());
    return kExitOk;
}

const PublishCommandRegistration registration({"rotate-key", "rotate-key DIR --key FILE [--add PUB] [--retire PUB]",
                                               "add or retire release signing keys (keys.json)", runRotateKey});

} // namespace
} // namespace kiosk::publish
