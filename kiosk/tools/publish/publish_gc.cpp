// kiosk-publish gc DIR [--keep N]: removes objects no release among the newest N (and no
// channel's current release) lists. Kiosks still fetching an older release lose nothing they need
// as long as N covers the releases still in flight.
#include <charconv>
#include <cstdio>
#include <string>

#include "kiosk/core/sync_limits.h"
#include "kiosk/tools/publish/publish_command.h"
#include "kiosk/tools/publish/release_builder.h"

namespace kiosk::publish {
namespace {

int runGc(const std::vector<std::string>& args) {
    std::filesystem::path outDir;
    int keep = sync_limits::kDefaultKeepReleases;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help") {
            std::puts("usage: kiosk-publish gc DIR [--keep N]\n"
                      "  keeps the newest N releases (default 5) and each channel's current one");
            return kExitOk;
        } else if (arg == "--keep" && i + 1 < args.size()) {
            const std::string& text = args[++i];
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), keep);
            if (ec != std::errc() || end != text.data() + text.size() || keep < 1) {
                std::fprintf(stderr, "kiosk-publish gc: --keep wants a whole number of at least 1 (got '%s')\n", text.c_str());
                return kExitUsage;
            }
        } else if (!arg.empty() && arg[0] != '-' && outDir.empty()) outDir = arg;
        else {
            std::fprintf(stderr, "kiosk-publish gc: unexpected '%s' (see --help)\n", arg.c_str());
            return kExitUsage;
        }
    }
    if (outDir.empty()) {
        std::fputs("kiosk-publish gc: DIR is required\n", stderr);
        return kExitUsage;
    }
    auto report = collectReleaseGarbage(outDir, keep);
    if (!report) {
        std::fprintf(stderr, "kiosk-publish gc: %s\n", report.error().c_str());
        return kExitFailed;
    }
    std::printf("kept %zu releases; removed %d old manifests and %d objects (%llu bytes)\n", report->keptVersions.size(),
                report->manifestsRemoved, report->objectsRemoved, static_cast<unsigned long long>(report->bytesRemoved));
    return kExitOk;
}

const PublishCommandRegistration registration({"gc", "gc DIR [--keep N]",
                                               "remove objects that no recent release uses", runGc});

} // namespace
} // namespace kiosk::publish
