// Engagement-log benchmarks:
//   1. sustained events/s into the store (recorded and committed, default batching)
//   2. UI-thread cost of one logged event (EventLog::add -> EventStore::record), p50/p99
//   3. pulling N events from a kiosk's API into the organizers' database (loopback)
//   4. exporting N events as CSV and NDJSON, and writing the report
// Usage: bench_logs [EVENTS] [--save-kiosk-db FILE | --kiosk-db FILE]   (EVENTS default 1000000)
//   --save-kiosk-db FILE  keeps a copy of the kiosk database that step 1 recorded
//   --kiosk-db FILE       starts from that copy instead: skips steps 1 and 2, the NDJSON export
//                         and the report (for profiling pull + CSV export again and again)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/api/api_server.h"
#include "kiosk/core/log.h"
#include "kiosk/storage/event_store.h"
#include "kiosk/tools/logs/organizer_database.h"
#include "kiosk/tools/logs/logs_export.h"
#include "kiosk/tools/logs/logs_pull.h"
#include "kiosk/tools/logs/logs_report.h"

using namespace kiosk;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds of the whole process (all threads) so far: comparable between runs on a shared
// machine, where wall-clock times depend on the other work on it.
double processCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

Event sampleEvent(std::int64_t i) {
    static const char* kItems[] = {"ne-zha-2", "black-myth-wukong", "longjing-tea", "silk-scarf", "pu-er"};
    Event e;
    e.type = i % 10 == 0 ? EventType::SessionStart : EventType::View;
    e.timestampMs = 1777600000000 + i * 1000;
    e.sessionId = "0123456789abcdef0123456789ab" + std::to_string(i / 10 % 10000);
    e.screen = "item";
    e.item = kItems[i % 5];
    e.language = "zh-Hans";
    e.value = static_cast<double>(i % 30000);
    e.releaseVersion = "2026-05-01.1";
    return e;
}

} // namespace

int main(int argc, char** argv) {
    std::int64_t events = 1000000;
    std::filesystem::path saveKioskDb, reuseKioskDb;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--save-kiosk-db" && i + 1 < argc) saveKioskDb = argv[++i];
        else if (arg == "--kiosk-db" && i + 1 < argc) reuseKioskDb = argv[++i];
        else if (!arg.empty() && arg[0] != '-') events = std::atoll(arg.c_str());
        else { std::fprintf(stderr, "usage: bench_logs [EVENTS] [--save-kiosk-db FILE | --kiosk-db FILE]\n"); return 2; }
    }
    log::setQuiet(true);
    const auto dir = std::filesystem::temp_directory_path() / ("kiosk-bench-logs-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const bool full = reuseKioskDb.empty();
    if (!full) {
        std::filesystem::copy_file(reuseKioskDb, dir / "kiosk.db");
        std::printf("engagement-log benchmarks, pull + CSV export of %s, in %s\n", reuseKioskDb.c_str(), dir.c_str());
    } else {
        std::printf("engagement-log benchmarks, %lld events, in %s\n", static_cast<long long>(events), dir.c_str());
    }

    // 1. Sustained throughput: record as fast as the writer keeps up (no overflow), until committed.
    if (full) {
        storage::EventStoreOptions options;
        options.retentionCheckIntervalMs = 0;
        auto store = storage::EventStore::open(dir / "kiosk.db", options);
        if (!store) { std::fprintf(stderr, "%s\n", store.error().c_str()); return 1; }
        const auto start = Clock::now();
        for (std::int64_t i = 0; i < events; ++i) {
            // Back off while the queue is nearly full, so every event is stored (sustained rate).
            if (i % 1000 == 0)
                while ((*store)->queuedEvents() > options.maxQueuedEvents - 2000)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            (*store)->record(sampleEvent(i));
        }
        (*store)->flush();
        const double seconds = secondsSince(start);
        const auto stats = (*store)->stats();
        std::printf("store: %lld events committed in %.2f s = %.0f events/s sustained (overflowed %lld), database %.1f MiB\n",
                    static_cast<long long>(stats.storedEvents), seconds, static_cast<double>(stats.storedEvents) / seconds,
                    static_cast<long long>(stats.overflowedEvents), static_cast<double>(stats.databaseBytes) / 1048576.0);
    }
    if (full && !saveKioskDb.empty()) std::filesystem::copy_file(dir / "kiosk.db", saveKioskDb, std::filesystem::copy_options::overwrite_existing);

    // 2. UI-thread cost per logged event, at a visitor-like pace plus bursts.
    if (full) {
        storage::EventStoreOptions options;
        options.retentionCheckIntervalMs = 0;
        auto store = storage::EventStore::open(dir / "ui-cost.db", options);
        if (!store) return 1;
        EventLog eventLog(store->get());
        eventLog.startSession("en");
        eventLog.setReleaseVersion("2026-05-01.1");
        std::vector<double> ns;
        const int kSamples = 100000;
        ns.reserve(kSamples);
        for (int i = 0; i < kSamples; ++i) {
            const auto start = Clock::now();
            eventLog.add(EventType::View, "item", "longjing-tea", 1234.0);
            ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count());
            if (i % 20 == 19) std::this_thread::sleep_for(std::chrono::milliseconds(1));   // ~20,000 events/s
        }
        std::sort(ns.begin(), ns.end());
        std::printf("UI thread: EventLog::add + record: p50 %.0f ns, p99 %.0f ns, max %.0f ns (%d samples)\n",
                    ns[ns.size() / 2], ns[ns.size() * 99 / 100], ns.back(), kSamples);
    }

    double pullSeconds = 0, csvSeconds = 0, pullCpuSeconds = 0, csvCpuSeconds = 0;
    // 3. Pulling everything from a kiosk's API on loopback.
    {
        auto store = storage::EventStore::open(dir / "kiosk.db");
        if (!store) return 1;
        api::ApiOptions options;
        options.listen = {"127.0.0.1", 0};
        options.token = "bench-token-0123456789abcdef";
        options.maxRequestsPerMinute = 1000000;
        api::ApiCallbacks callbacks;
        callbacks.status = [] { return nlohmann::json{{"kiosk_id", "bench-kiosk"}}; };
        auto server = api::ApiServer::start(options, store->get(), callbacks);
        if (!server) { std::fprintf(stderr, "%s\n", server.error().c_str()); return 1; }
        // Timed like `kiosk-logs pull`: from opening the organizers' database to closing it (its
        // final checkpoint makes the pull durable).
        const auto start = Clock::now();
        const double cpuStart = processCpuSeconds();
        auto db = logs::openOrganizerDatabase((dir / "organizer.db").string());
        if (!db) return 1;
        logs::PullOptions pull;
        auto result = logs::pullKiosk(**db, {"", "http://127.0.0.1:" + std::to_string((*server)->port()), options.token, "", ""}, pull);
        const auto closeStart = Clock::now();
        db->reset();
        const double closeSeconds = secondsSince(closeStart);
        const double seconds = secondsSince(start);
        pullSeconds = seconds;
        pullCpuSeconds = processCpuSeconds() - cpuStart;
        std::printf("pull: %lld events in %d pages in %.2f s = %.0f events/s (%s), CPU %.2f s (kiosk and organizer); "
                    "fetching %.2f s, storing %.2f s (overlapped; store thread CPU %.2f s), fetch thread waiting for the store %.2f s, "
                    "closing the database %.2f s\n",
                    static_cast<long long>(result.newEvents), result.pages, seconds,
                    static_cast<double>(result.newEvents) / seconds, result.ok ? "ok" : result.error.c_str(), pullCpuSeconds,
                    result.fetchSeconds, result.storeSeconds, result.storeCpuSeconds, result.waitForStoreSeconds,
                    closeSeconds);
    }

    // 4. Exports and the report from the organizers' database.
    for (auto format : {logs::ExportFormat::Csv, logs::ExportFormat::Ndjson}) {
        if (!full && format == logs::ExportFormat::Ndjson) continue;
        const auto file = dir / (format == logs::ExportFormat::Csv ? "export.csv" : "export.ndjson");
        std::ofstream out(file, std::ios::binary);
        const auto start = Clock::now();
        const double cpuStart = processCpuSeconds();
        auto written = logs::exportEvents((dir / "organizer.db").string(), format, {}, out);
        out.close();
        const double seconds = secondsSince(start);
        const double cpu = processCpuSeconds() - cpuStart;
        if (format == logs::ExportFormat::Csv) {
            csvSeconds = seconds;
            csvCpuSeconds = cpu;
        }
        std::printf("export %s: %lld events in %.2f s = %.0f events/s, CPU %.2f s, %.1f MiB\n",
                    format == logs::ExportFormat::Csv ? "csv" : "ndjson", written ? static_cast<long long>(*written) : -1LL,
                    seconds, written ? static_cast<double>(*written) / seconds : 0.0, cpu,
                    static_cast<double>(std::filesystem::file_size(file)) / 1048576.0);
    }
    double load = 0;
    if (std::ifstream loadavg("/proc/loadavg"); loadavg) loadavg >> load;
    std::printf("pull + CSV export: %.2f s wall, %.2f s CPU (goal: at most 3 s for 1,000,000 events; load average %.1f)\n",
                pullSeconds + csvSeconds, pullCpuSeconds + csvCpuSeconds, load);
    if (full) {
        const auto start = Clock::now();
        auto written = logs::writeReport((dir / "organizer.db").string(), {}, dir / "report.html");
        std::printf("report: %lld events in %.2f s\n", written ? static_cast<long long>(*written) : -1LL, secondsSince(start));
    }
    std::filesystem::remove_all(dir);
    return 0;
}
