// kiosk-publish check SRC: validates an exhibition folder with the kiosk's own loader and
// prints the problems (file:line: message) and a translation report. Exit 0 when the folder
// can be published (warnings allowed), 1 on errors, 2 on usage errors.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/limits.h"
#include "kiosk/tools/publish/publish_command.h"
#include "kiosk/tools/publish/publish_report.h"
#include "kiosk/tools/publish/release_builder.h"

namespace kiosk::publish {
namespace {
namespace fs = std::filesystem;

constexpr const char* kCheckUsage =
    "usage: kiosk-publish check SRC [--json] [--max-image-pixels N]\n"
    "\n"
    "Checks the exhibition folder SRC the way the kiosk loads it, and decodes every image.\n"
    "  --json                 machine-readable findings on stdout\n"
    "  --max-image-pixels N   largest image allowed, in pixels (default %lld)\n"
    "Exit status: 0 publishable (warnings allowed), 1 errors found, 2 usage error.\n";

void printUsage(FILE* out) { std::fprintf(out, kCheckUsage, static_cast<long long>(limits::kMaxImagePixels)); }

struct CheckArgs {
    fs::path source;
    bool json = false;
    long long maxImagePixels = limits::kMaxImagePixels;
    bool help = false;
};

bool parseArgs(const std::vector<std::string>& args, CheckArgs& out, std::string& error) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") { out.help = true; return true; }
        if (arg == "--json") { out.json = true; continue; }
        if (arg == "--max-image-pixels") {
            if (i + 1 >= args.size()) { error = "--max-image-pixels needs a number"; return false; }
            const std::string& value = args[++i];
            long long pixels = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), pixels);
            if (ec != std::errc() || end != value.data() + value.size() || pixels <= 0) {
                error = "--max-image-pixels needs a positive whole number, not '" + value + "'";
                return false;
            }
            out.maxImagePixels = pixels;
            continue;
        }
        if (!arg.empty() && arg[0] == '-') { error = "unknown option '" + arg + "'"; return false; }
        if (!out.source.empty()) { error = "only one exhibition folder, please"; return false; }
        out.source = arg;
    }
    if (out.source.empty()) { error = "which exhibition folder? (kiosk-publish check SRC)"; return false; }
    return true;
}

int runCheck(const std::vector<std::string>& rawArgs) {
    CheckArgs args;
    std::string error;
    if (!parseArgs(rawArgs, args, error)) {
        std::fprintf(stderr, "kiosk-publish check: %s\n\n", error.c_str());
        printUsage(stderr);
        return kExitUsage;
    }
    if (args.help) { printUsage(stdout); return kExitOk; }
    std::error_code ec;
    if (!fs::is_directory(args.source, ec)) {
        std::fprintf(stderr, "kiosk-publish check: %s is not a folder\n", args.source.c_str());
        return kExitUsage;
    }
    const ContentLoadResult result = loadExhibition(args.source, publishCheckOptions(args.maxImagePixels));
    return printCheckReport(args.source, result, args.json);
}

const PublishCommandRegistration kCheckRegistration(PublishCommand{
    "check", "check SRC [--json] [--max-image-pixels N]",
    "check an exhibition folder: problems as file:line, translation report", runCheck});

} // namespace
} // namespace kiosk::publish
