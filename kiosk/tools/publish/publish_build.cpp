// kiosk-publish build SRC --key FILE --out DIR [--channel NAME] [--expires-days N]:
// checks the exhibition, then writes a signed release into the static release tree DIR.
#include <charconv>
#include <cstdio>
#include <string>

#include "kiosk/core/sync_limits.h"
#include "kiosk/tools/publish/publish_command.h"
#include "kiosk/tools/publish/publish_report.h"
#include "kiosk/tools/publish/release_builder.h"

namespace kiosk::publish {
namespace {

const char* kBuildUsage =
    "usage: kiosk-publish build SRC --key FILE --out DIR [--channel NAME] [--expires-days N]\n"
    "                           [--max-image-pixels N]\n"
    "  SRC            the exhibition folder, checked first exactly as 'kiosk-publish check' does\n"
    "                 (images decoded); errors stop the build and nothing is written. Only the files\n"
    "                 the exhibition uses are published; others are listed as skipped\n"
    "  --key FILE     the secret key from 'kiosk-publish keygen'\n"
    "  --out DIR      the release tree to add the release to (served by any static web server)\n"
    "  --channel NAME the channel kiosks follow ([sync] channel); default: stable\n"
    "  --expires-days N  kiosks refuse the manifest after N days (default 30): re-publish before\n"
    "  --max-image-pixels N  largest image allowed, in pixels (as for check)\n";

int runBuild(const std::vector<std::string>& args) {
    BuildOptions options;
    options.expiresDays = sync_limits::kDefaultExpiresDays;
    std::filesystem::path keyFile;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == "--help") { std::fputs(kBuildUsage, stdout); return kExitOk; }
        else if (arg == "--key" && hasValue) keyFile = args[++i];
        else if (arg == "--out" && hasValue) options.outDir = args[++i];
        else if (arg == "--channel" && hasValue) options.channel = args[++i];
        else if (arg == "--expires-days" && hasValue) {
            const std::string& text = args[++i];
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), options.expiresDays);
            if (ec != std::errc() || end != text.data() + text.size() || options.expiresDays < 1 || options.expiresDays > 3650) {
                std::fprintf(stderr, "kiosk-publish build: --expires-days wants 1..3650 (got '%s')\n", text.c_str());
                return kExitUsage;
            }
        } else if (arg == "--max-image-pixels" && hasValue) {
            const std::string& text = args[++i];
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), options.maxImagePixels);
            if (ec != std::errc() || end != text.data() + text.size() || options.maxImagePixels <= 0) {
                std::fprintf(stderr, "kiosk-publish build: --max-image-pixels wants a positive whole number (got '%s')\n", text.c_str());
                return kExitUsage;
            }
        } else if (!arg.empty() && arg[0] != '-' && options.sourceDir.empty()) options.sourceDir = arg;
        else {
            std::fprintf(stderr, "kiosk-publish build: unexpected '%s'\n%s", arg.c_str(), kBuildUsage);
            return kExitUsage;
        }
    }
    if (options.sourceDir.empty() || keyFile.empty() || options.outDir.empty()) {
        std::fprintf(stderr, "kiosk-publish build: SRC, --key and --out are required\n%s", kBuildUsage);
        return kExitUsage;
    }
    auto key = readSecretKeyFile(keyFile);
    if (!key) {
        std::fprintf(stderr, "kiosk-publish build: %s\n", key.error().c_str());
        return kExitFailed;
    }
    options.secretKey = *key;
    // The check, in full and printed as `check` prints it; any error and nothing is written.
    const ContentLoadResult checked = loadExhibition(options.sourceDir, publishCheckOptions(options.maxImagePixels));
    if (printCheckReport(options.sourceDir, checked, false) != kExitOk || !checked.snapshot) {
        std::fprintf(stderr, "kiosk-publish build: the exhibition has errors; nothing was published\n");
        return kExitFailed;
    }
    options.skipContentCheck = true;   // just done
    options.onlyFiles = checked.referencedFiles;
    auto report = buildRelease(options);
    if (!report) {
        std::fprintf(stderr, "kiosk-publish build: %s\n", report.error().c_str());
        return kExitFailed;
    }
    for (const auto& skipped : report->skipped)
        std::printf("skipped (not used by the exhibition): %s\n", skipped.c_str());
    std::printf("published version %llu on channel '%s': %d files, %d new objects (%llu bytes)\n",
                static_cast<unsigned long long>(report->version), options.channel.c_str(), report->files,
                report->objectsAdded, static_cast<unsigned long long>(report->bytesAdded));
    return kExitOk;
}

const PublishCommandRegistration registration({"build", "build SRC --key FILE --out DIR [--channel NAME]",
                                               "check, sign and publish a release into a static tree", runBuild});

} // namespace
} // namespace kiosk::publish
