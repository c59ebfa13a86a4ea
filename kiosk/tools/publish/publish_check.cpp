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

std::string shownPath(const fs::path& source, const std::string& file) {
    if (!file.empty() && fs::path(file).is_absolute()) return file;
    return (source / file).lexically_normal().generic_string();
}

int printJson(const CheckArgs& args, const ContentLoadResult& result, int errors, int warnings) {
    using nlohmann::json;
    json problems = json::array();
    for (const auto& problem : result.problems)
        problems.push_back({{"file", shownPath(args.source, problem.file)},
                            {"line", problem.line},
                            {"column", problem.column},
                            {"severity", problem.severity == Severity::Error ? "error" : "warning"},
                            {"message", problem.message}});
    json translations = json::array();
    if (result.snapshot) {
        for (const auto& language : result.snapshot->languages) {
            json missing = json::array();
            for (const auto& entry : result.missingTranslations)
                if (entry.language == language.code)
                    missing.push_back({{"file", shownPath(args.source, entry.file)},
                                       {"line", entry.line},
                                       {"field", entry.field},
                                       {"falls_back_to", entry.fallsBackTo}});
            translations.push_back({{"language", language.code}, {"missing", std::move(missing)}});
        }
    }
    const json out = {{"source", args.source.generic_string()},
                      {"publishable", errors == 0},
                      {"errors", errors},
                      {"warnings", warnings},
                      {"problems", std::move(problems)},
                      {"translations", std::move(translations)}};
    std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
    return errors == 0 ? kExitOk : kExitFailed;
}

void printTranslationReport(const CheckArgs& args, const ContentLoadResult& result) {
    if (!result.snapshot) return;
    std::printf("\nTranslations:\n");
    for (const auto& language : result.snapshot->languages) {
        std::vector<const MissingTranslation*> missing;
        for (const auto& entry : result.missingTranslations)
            if (entry.language == language.code) missing.push_back(&entry);
        if (missing.empty()) {
            std::printf("  %-8s %s: complete\n", language.code.c_str(), language.nativeName.c_str());
            continue;
        }
        std::printf("  %-8s %s: %zu text%s missing\n", language.code.c_str(), language.nativeName.c_str(),
                    missing.size(), missing.size() == 1 ? "" : "s");
        for (const auto* entry : missing)
            std::printf("    %s:%d: %s shows %s\n", shownPath(args.source, entry->file).c_str(), entry->line,
                        entry->field.c_str(),
                        entry->fallsBackTo.empty() ? "nothing" : ("the " + entry->fallsBackTo + " text").c_str());
    }
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
    int errors = 0, warnings = 0;
    for (const auto& problem : result.problems) (problem.severity == Severity::Error ? errors : warnings)++;
    if (args.json) return printJson(args, result, errors, warnings);

    for (auto problem : result.problems) {
        problem.file = shownPath(args.source, problem.file);
        std::printf("%s\n", problem.toString().c_str());
    }
    if (result.snapshot) {
        const auto& ex = *result.snapshot;
        std::printf("%s%s: %zu languages, %zu categories, %zu items, %zu facts\n", result.problems.empty() ? "" : "\n",
                    args.source.c_str(), ex.languages.size(), ex.categories.size(), ex.items.size(), ex.facts.size());
    }
    printTranslationReport(args, result);
    std::printf("\n%d error%s, %d warning%s: %s\n", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
                errors == 0 ? "publishable" : "NOT publishable, fix the errors above");
    return errors == 0 ? kExitOk : kExitFailed;
}

const PublishCommandRegistration kCheckRegistration(PublishCommand{
    "check", "check SRC [--json] [--max-image-pixels N]",
    "check an exhibition folder: problems as file:line, translation report", runCheck});

} // namespace
} // namespace kiosk::publish
