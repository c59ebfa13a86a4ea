// kiosk-logs: organizers' tool for the kiosks' engagement logs. Links the core and the
// storage library; no UI.
//   kiosk-logs pull [URL... --token-file F [--pin sha256:HEX]] [--fleet fleet.toml] --db FILE|postgresql://...
//   kiosk-logs export --db FILE --format csv|ndjson [--since DATE] [--until DATE] [--out FILE]
//   kiosk-logs report --db FILE --out report.html [--since DATE] [--until DATE]
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "kiosk/api/api_server.h"
#include "kiosk/storage/event_record.h"
#include "kiosk/tools/logs/event_database.h"
#include "kiosk/tools/logs/fleet_file.h"
#include "kiosk/tools/logs/logs_fleet.h"
#include "kiosk/tools/logs/logs_export.h"
#include "kiosk/tools/logs/logs_pull.h"
#include "kiosk/tools/logs/logs_report.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitSomeKiosksFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitBusy = 3;   // another pull holds the organizers' database

const char* kUsage =
    "usage:\n"
    "  kiosk-logs pull [URL... --token-file FILE [--pin sha256:HEX]] [--fleet fleet.toml] --db FILE|postgresql://...\n"
    "                  [--deadline SECONDS] [--timeout SECONDS] [--page-events N]\n"
    "  kiosk-logs fleet --fleet fleet.toml [--db FILE|postgresql://...] [--html fleet.html] [--deadline SECONDS]\n"
    "                   [--timeout SECONDS]   (exit status 1: some kiosk needs attention)\n"
    "  kiosk-logs export --db FILE --format csv|ndjson [--since DATE] [--until DATE] [--out FILE]\n"
    "  kiosk-logs report --db FILE --out report.html [--since DATE] [--until DATE] [--content DIR [--language CODE]]\n"
    "DATE is YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC); --until a whole day includes that day.\n";

int usage(const std::string& problem) {
    std::fprintf(stderr, "kiosk-logs: %s\n%s", problem.c_str(), kUsage);
    return kExitUsage;
}

struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
};

kiosk::Result<Arguments> parseArguments(int argc, char** argv, const std::vector<std::string>& known) {
    Arguments args;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0) {
            if (std::find(known.begin(), known.end(), arg) == known.end())
                return kiosk::Error{"unknown option " + arg};
            if (i + 1 >= argc) return kiosk::Error{arg + " needs a value"};
            args.options[arg] = argv[++i];
        } else {
            args.positional.push_back(arg);
        }
    }
    return args;
}

kiosk::Result<kiosk::logs::TimeRange> timeRange(const Arguments& args) {
    kiosk::logs::TimeRange range;
    if (auto it = args.options.find("--since"); it != args.options.end()) {
        auto since = kiosk::storage::parseIsoUtc(it->second);
        if (!since) return kiosk::Error{"--since: " + since.error()};
        range.sinceMs = *since;
    }
    if (auto it = args.options.find("--until"); it != args.options.end()) {
        auto until = kiosk::storage::parseIsoUtc(it->second);
        if (!until) return kiosk::Error{"--until: " + until.error()};
        range.untilMs = *until + (it->second.size() == 10 ? 24ll * 3600 * 1000 : 0);
    }
    if (range.sinceMs && range.untilMs && *range.untilMs <= *range.sinceMs)
        return kiosk::Error{"--until is not after --since"};
    return range;
}

// Command-line URLs and/or the fleet file's kiosks, each with its token and pin.
kiosk::Result<std::vector<kiosk::logs::KioskTarget>> pullTargets(Arguments& args) {
    std::vector<kiosk::logs::KioskTarget> targets;
    std::map<std::string, std::string> tokens;   // token file -> token
    auto token = [&](const std::string& file) -> kiosk::Result<std::string> {
        if (auto it = tokens.find(file); it != tokens.end()) return it->second;
        auto loaded = kiosk::api::loadApiToken(file);
        if (!loaded) return loaded;
        tokens[file] = *loaded;
        return loaded;
    };
    if (args.options.count("--fleet")) {
        auto fleet = kiosk::logs::loadFleetFile(args.options["--fleet"]);
        if (!fleet) return kiosk::Error{fleet.error()};
        for (const auto& entry : *fleet) {
            auto t = token(entry.tokenFile.string());
            if (!t) return kiosk::Error{"kiosk " + entry.kioskId + ": " + t.error()};
            targets.push_back({entry.kioskId, entry.url, *t, entry.pin, entry.hall});
        }
    }
    if (!args.positional.empty()) {
        if (!args.options.count("--token-file")) return kiosk::Error{"kiosk URLs on the command line need --token-file"};
        auto t = token(args.options["--token-file"]);
        if (!t) return kiosk::Error{t.error()};
        std::string pin;
        if (args.options.count("--pin")) {
            auto normalized = kiosk::logs::normalizeCertificatePin(args.options["--pin"]);
            if (!normalized) return kiosk::Error{"--pin: " + normalized.error()};
            if (args.positional.size() != 1) return kiosk::Error{"--pin pins one kiosk's certificate: give one URL (or use a fleet file)"};
            pin = *normalized;
        }
        for (const auto& url : args.positional) targets.push_back({"", url, *t, pin, ""});
    } else if (args.options.count("--pin")) {
        return kiosk::Error{"--pin goes with one kiosk URL on the command line (fleet files have a pin per kiosk)"};
    }
    if (targets.empty()) return kiosk::Error{"pull needs kiosk URLs or --fleet FILE"};
    for (const auto& target : targets)
        if (target.url.rfind("http://", 0) == 0)
            std::fprintf(stderr, "kiosk-logs: warning: %s is plain http: the token and events cross the network unencrypted "
                                 "(use https:// with a certificate pin)\n", target.url.c_str());
    return targets;
}

kiosk::Result<int> secondsOption(Arguments& args, const std::string& name, int fallback) {
    if (!args.options.count(name)) return fallback;
    const std::string& text = args.options[name];
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > 24 * 3600)
        return kiosk::Error{name + " must be a number of seconds from 1 to 86400"};
    return value;
}

int pull(int argc, char** argv) {
    auto args = parseArguments(argc, argv, {"--token-file", "--db", "--fleet", "--pin", "--deadline", "--timeout", "--page-events"});
    if (!args) return usage(args.error());
    if (!args->options.count("--db")) return usage("pull needs --db FILE or --db postgresql://...");
    auto targets = pullTargets(*args);
    if (!targets) return usage(targets.error());
    kiosk::logs::PullOptions options;
    auto deadline = secondsOption(*args, "--deadline", options.kioskDeadlineSeconds);
    auto timeout = secondsOption(*args, "--timeout", options.noProgressTimeoutMs / 1000);
    if (!deadline) return usage(deadline.error());
    if (!timeout) return usage(timeout.error());
    options.kioskDeadlineSeconds = *deadline;
    options.noProgressTimeoutMs = *timeout * 1000;
    if (args->options.count("--page-events")) {
        const std::string& text = args->options["--page-events"];
        int value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > kiosk::logs::limits::kPullPageEvents)
            return usage("--page-events must be a number from 1 to " + std::to_string(kiosk::logs::limits::kPullPageEvents));
        options.pageEvents = value;
    }
    auto db = kiosk::logs::openOrganizerDatabase(args->options["--db"]);
    if (!db) {
        std::fprintf(stderr, "kiosk-logs: %s\n", db.error().c_str());
        return kExitUsage;
    }
    auto results = kiosk::logs::pullKiosks(**db, *targets, options);
    if (!results) {
        std::fprintf(stderr, "kiosk-logs: %s\n", results.error().c_str());
        return kExitBusy;
    }
    int failed = 0;
    for (const auto& result : *results) {
        const std::string name = result.kioskId.empty() ? result.url : result.kioskId + " (" + result.url + ")";
        if (result.ok) {
            std::printf("%s: %lld new events in %d pages, now at event %lld\n", name.c_str(),
                        static_cast<long long>(result.newEvents), result.pages, static_cast<long long>(result.cursor));
        } else {
            ++failed;
            std::fprintf(stderr, "kiosk-logs: %s: %s (kept %lld new events; now at event %lld)\n", name.c_str(),
                         result.error.c_str(), static_cast<long long>(result.newEvents),
                         static_cast<long long>(result.cursor));
        }
    }
    if (failed) std::fprintf(stderr, "kiosk-logs: %d of %zu kiosks could not be pulled completely; run pull again later\n",
                             failed, results->size());
    return failed ? kExitSomeKiosksFailed : kExitOk;
}

int fleet(int argc, char** argv) {
    auto args = parseArguments(argc, argv, {"--fleet", "--db", "--html", "--deadline", "--timeout"});
    if (!args) return usage(args.error());
    if (!args->positional.empty()) return usage("unexpected argument " + args->positional.front());
    if (!args->options.count("--fleet")) return usage("fleet needs --fleet fleet.toml");
    auto targets = pullTargets(*args);
    if (!targets) return usage(targets.error());
    kiosk::logs::FleetCheckOptions options;
    auto deadline = secondsOption(*args, "--deadline", options.request.kioskDeadlineSeconds);
    auto timeout = secondsOption(*args, "--timeout", options.request.noProgressTimeoutMs / 1000);
    if (!deadline) return usage(deadline.error());
    if (!timeout) return usage(timeout.error());
    options.request.kioskDeadlineSeconds = *deadline;
    options.request.noProgressTimeoutMs = *timeout * 1000;
    std::unique_ptr<kiosk::logs::OrganizerDatabase> db;
    if (args->options.count("--db")) {
        auto opened = kiosk::logs::openOrganizerDatabase(args->options["--db"]);
        if (!opened) {
            std::fprintf(stderr, "kiosk-logs: %s\n", opened.error().c_str());
            return kExitUsage;
        }
        db = std::move(*opened);
    }
    const auto rows = kiosk::logs::checkFleet(*targets, db.get(), options);
    std::printf("%s", kiosk::logs::fleetTable(rows).c_str());
    if (args->options.count("--html")) {
        const std::string& file = args->options["--html"];
        std::ofstream out(file, std::ios::binary);
        out << kiosk::logs::fleetHtml(rows, kiosk::utcNowMs());
        out.close();
        if (!out) {
            std::fprintf(stderr, "kiosk-logs: %s: cannot write the fleet page\n", file.c_str());
            return kExitUsage;
        }
    }
    const bool attention = std::any_of(rows.begin(), rows.end(), [](const auto& row) { return !row.attention.empty(); });
    return attention ? kExitSomeKiosksFailed : kExitOk;
}

int exportCommand(int argc, char** argv) {
    auto args = parseArguments(argc, argv, {"--db", "--format", "--since", "--until", "--out"});
    if (!args) return usage(args.error());
    if (!args->positional.empty()) return usage("unexpected argument " + args->positional.front());
    if (!args->options.count("--db") || !args->options.count("--format")) return usage("export needs --db and --format");
    const std::string format = args->options["--format"];
    if (format != "csv" && format != "ndjson") return usage("--format must be csv or ndjson");
    auto range = timeRange(*args);
    if (!range) return usage(range.error());
    std::ofstream file;
    std::ostream* out = &std::cout;
    if (args->options.count("--out")) {
        file.open(args->options["--out"], std::ios::binary);
        if (!file) return usage(args->options["--out"] + ": cannot write");
        out = &file;
    }
    auto written = kiosk::logs::exportEvents(args->options["--db"],
                                             format == "csv" ? kiosk::logs::ExportFormat::Csv : kiosk::logs::ExportFormat::Ndjson,
                                             *range, *out);
    if (!written) {
        std::fprintf(stderr, "kiosk-logs: %s\n", written.error().c_str());
        return kExitUsage;
    }
    if (file.is_open()) std::fprintf(stderr, "kiosk-logs: exported %lld events\n", static_cast<long long>(*written));
    return kExitOk;
}

int report(int argc, char** argv) {
    auto args = parseArguments(argc, argv, {"--db", "--out", "--since", "--until", "--content", "--language"});
    if (!args) return usage(args.error());
    if (!args->positional.empty()) return usage("unexpected argument " + args->positional.front());
    if (!args->options.count("--db") || !args->options.count("--out")) return usage("report needs --db and --out");
    auto range = timeRange(*args);
    if (!range) return usage(range.error());
    kiosk::logs::ReportNames names;
    if (args->options.count("--content")) {
        auto loaded = kiosk::logs::loadReportNames(args->options["--content"], args->options["--language"]);
        if (!loaded) return usage(loaded.error());
        names = std::move(*loaded);
    } else if (args->options.count("--language")) {
        return usage("--language goes with --content DIR (the exhibition the titles come from)");
    }
    auto written = kiosk::logs::writeReport(args->options["--db"], *range, args->options["--out"], names);
    if (!written) {
        std::fprintf(stderr, "kiosk-logs: %s\n", written.error().c_str());
        return kExitUsage;
    }
    std::printf("report of %lld events written to %s\n", static_cast<long long>(*written), args->options["--out"].c_str());
    return kExitOk;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage("no command given");
    const std::string command = argv[1];
    if (command == "pull") return pull(argc, argv);
    if (command == "export") return exportCommand(argc, argv);
    if (command == "report") return report(argc, argv);
    if (command == "fleet") return fleet(argc, argv);
    if (command == "--help" || command == "help") {
        std::printf("%s", kUsage);
        return kExitOk;
    }
    return usage("unknown command '" + command + "'");
}
