#include "kiosk/tools/logs/logs_pull.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/core/event_log.h"
#include "kiosk/storage/event_record.h"

namespace kiosk::logs {
namespace {

using Clock = std::chrono::steady_clock;

double threadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// One fetched page, checked, as the store thread takes it: the events as views into the
// response body (compact pages) or into events parsed from NDJSON (kiosks without the compact
// format). Moved whole between threads, so the views stay valid.
struct FetchedPage {
    std::string body;
    storage::CompactPageViews views;
    std::vector<storage::StoredEvent> parsed;   // NDJSON only
};

// Parses and checks one NDJSON page (kiosks without the compact format).
Status parseNdjsonPage(std::string_view body, FetchedPage& page) {
    std::size_t start = 0;
    while (start < body.size()) {
        auto end = body.find('\n', start);
        if (end == std::string::npos) return Error{"page ends in the middle of a line (cut off?)"};
        auto parsed = storage::fromJsonLine(body.substr(start, end - start));
        if (!parsed) return Error{"line " + std::to_string(page.parsed.size() + 1) + ": " + parsed.error()};
        page.parsed.push_back(std::move(*parsed));
        start = end + 1;
    }
    for (const auto& stored : page.parsed) {
        const Event& e = stored.event;
        page.views.events.push_back({stored.id, static_cast<std::int64_t>(e.timestampMs), e.sessionId, stored.typeName, e.screen,
                                     e.item, e.language, e.value, e.releaseVersion, e.extraJson});
    }
    return {};
}

Result<FetchedPage> parsePage(std::string body, std::int64_t cursor) {
    FetchedPage page;
    page.body = std::move(body);
    const bool compact = page.body.compare(0, storage::kCompactMagic.size(), storage::kCompactMagic) == 0;
    auto parsed = compact ? storage::decodeCompactPage(page.body, page.views) : parseNdjsonPage(page.body, page);
    if (!parsed) return Error{parsed.error()};
    std::int64_t previous = cursor;
    for (const auto& stored : page.views.events) {
        if (stored.id <= previous) return Error{"event ids are not ascending above the cursor"};
        previous = stored.id;
    }
    return page;
}

// The one thread that writes pages to the database; fetch threads queue pages and wait for
// the result of their previous page only when they have the next one in hand.
class PageStorer {
public:
    PageStorer(OrganizerDatabase& db, std::mutex& dbMutex) : db_(db), dbMutex_(dbMutex), thread_([this] { run(); }) {}
    ~PageStorer() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    struct Stored {
        Result<std::int64_t> added = Error{"not stored"};
        double seconds = 0, cpuSeconds = 0;
    };
    std::future<Stored> store(std::int64_t kioskKey, FetchedPage page) {
        Job job{kioskKey, std::move(page), {}};
        auto future = job.done.get_future();
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(job));
        }
        wake_.notify_one();
        return future;
    }

private:
    struct Job {
        std::int64_t kioskKey;
        FetchedPage page;
        std::promise<Stored> done;
    };
    void run() {
        for (;;) {
            Job job;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
                if (jobs_.empty()) return;
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            Stored stored;
            {
                const auto start = Clock::now();
                const double cpuStart = threadCpuSeconds();
                std::lock_guard dbLock(dbMutex_);
                stored.added = db_.storePage(job.kioskKey, job.page.views.events);
                stored.seconds = std::chrono::duration<double>(Clock::now() - start).count();
                stored.cpuSeconds = threadCpuSeconds() - cpuStart;
            }
            job.done.set_value(std::move(stored));
        }
    }
    OrganizerDatabase& db_;
    std::mutex& dbMutex_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

struct PullContext {
    OrganizerDatabase& db;
    std::mutex dbMutex;
    PageStorer storer;
    const PullOptions& options;
    std::mutex claimsMutex;
    std::map<std::string, std::string> claimedIds;   // kiosk id -> URL pulling it in this run

    PullContext(OrganizerDatabase& d, const PullOptions& o) : db(d), storer(d, dbMutex), options(o) {}
};

void rememberSnapshot(PullContext& context, const KioskPullResult& result, bool reachable) {
    FleetSnapshot snapshot;
    snapshot.kioskId = result.kioskId;
    snapshot.url = result.url;
    snapshot.takenMs = utcNowMs();
    snapshot.reachable = reachable;
    snapshot.error = reachable ? "" : result.error;
    snapshot.statusJson = result.statusJson;
    if (snapshot.kioskId.empty()) return;   // nothing to file it under
    std::lock_guard lock(context.dbMutex);
    (void)context.db.recordSnapshot(snapshot);
}

KioskPullResult pullOne(PullContext& context, const KioskTarget& target) {
    const PullOptions& options = context.options;
    KioskPullResult result;
    result.kioskId = target.kioskId;
    auto base = kioskBaseUrl(target.url);
    if (!base) {
        result.url = target.url;
        result.error = base.error();
        return result;
    }
    result.url = *base;
    const auto deadline = Clock::now() + std::chrono::seconds(std::max(1, options.kioskDeadlineSeconds));
    KioskClientSettings settings;
    settings.url = result.url;
    settings.token = target.token;
    settings.pin = target.pin;
    settings.connectTimeoutMs = options.connectTimeoutMs;
    settings.noProgressTimeoutMs = options.noProgressTimeoutMs;
    KioskClient client(settings);

    KioskResponse status = requestWithRetries(client, "/v1/status", options, deadline, result.retries, result.retryAfterWaits);
    if (!status.transferred || status.status != 200) {
        result.error = "kiosk not reachable: " + (status.transferred ? "HTTP " + std::to_string(status.status) : status.error);
        if (status.status == 401) result.error += " (wrong token?)";
        rememberSnapshot(context, result, false);
        return result;
    }
    result.statusJson = status.body;
    auto statusJson = nlohmann::json::parse(status.body, nullptr, false);
    std::string reportedId;
    if (statusJson.is_object() && statusJson.contains("kiosk_id") && statusJson["kiosk_id"].is_string())
        reportedId = statusJson["kiosk_id"].get<std::string>();
    if (reportedId.empty()) {
        result.error = "the kiosk's /v1/status has no kiosk_id: cannot tell which kiosk it is (nothing pulled)";
        return result;
    }
    if (!target.kioskId.empty() && reportedId != target.kioskId) {
        result.error = "the kiosk at " + result.url + " says it is '" + reportedId + "', the fleet file says '" +
                       target.kioskId + "' (nothing pulled; fix the fleet file or the kiosk's [kiosk] id)";
        rememberSnapshot(context, result, false);
        return result;
    }
    result.kioskId = reportedId;
    {
        std::lock_guard lock(context.claimsMutex);
        auto [it, added] = context.claimedIds.emplace(reportedId, result.url);
        if (!added) {
            result.error = "same kiosk id '" + reportedId + "' as " + it->second +
                           ": pulled once through that URL (two kiosks with one id? set distinct [kiosk] id values)";
            return result;
        }
    }
    rememberSnapshot(context, result, true);

    KioskRecord record;
    {
        std::lock_guard lock(context.dbMutex);
        auto found = context.db.kiosk(reportedId, result.url);
        if (!found) {
            result.error = "database: " + found.error();
            return result;
        }
        record = *found;
    }
    result.cursor = record.cursor;
    if (statusJson.contains("events") && statusJson["events"].is_object() && statusJson["events"].contains("last_id") &&
        statusJson["events"]["last_id"].is_number_integer()) {
        const auto lastId = statusJson["events"]["last_id"].get<std::int64_t>();
        if (lastId < result.cursor) {
            result.error = "the kiosk's last event id (" + std::to_string(lastId) + ") is below the cursor (" +
                           std::to_string(result.cursor) + "): was its event database replaced?";
            std::lock_guard lock(context.dbMutex);
            (void)context.db.recordPullResult(record.key, result.error);
            return result;
        }
    }

    std::optional<std::future<PageStorer::Stored>> pending;
    std::int64_t pendingLast = 0;
    auto finishPending = [&]() -> bool {
        if (!pending) return true;
        const auto waitStart = Clock::now();
        PageStorer::Stored stored = pending->get();
        result.waitForStoreSeconds += std::chrono::duration<double>(Clock::now() - waitStart).count();
        result.storeSeconds += stored.seconds;
        result.storeCpuSeconds += stored.cpuSeconds;
        pending.reset();
        if (!stored.added) {
            result.error = "cannot store events: " + stored.added.error();
            return false;
        }
        result.newEvents += *stored.added;
        ++result.pages;
        result.cursor = pendingLast;
        return true;
    };
    std::int64_t after = result.cursor;
    for (;;) {
        const std::string path = "/v1/events?after=" + std::to_string(after) + "&limit=" +
                                 std::to_string(options.pageEvents) + (options.compactPages ? "&format=compact" : "");
        // A page cut off or garbled on the way is asked for again, like a failed request.
        Result<FetchedPage> events = Error{"not fetched"};
        const auto fetchStart = Clock::now();
        for (int attempt = 1; attempt <= std::max(1, options.attempts); ++attempt) {
            KioskResponse page = requestWithRetries(client, path, options, deadline, result.retries, result.retryAfterWaits);
            if (!page.transferred || page.status != 200) {
                events = Error{page.transferred ? "HTTP " + std::to_string(page.status) : page.error};
                break;
            }
            events = parsePage(std::move(page.body), after);
            if (events) break;
            events = Error{"page refused: " + events.error()};
            if (attempt < options.attempts) ++result.retries;
        }
        result.fetchSeconds += std::chrono::duration<double>(Clock::now() - fetchStart).count();
        const bool previousStored = finishPending();
        if (!previousStored) break;
        if (!events) {
            result.error = "pulling events after " + std::to_string(after) + ": " + events.error();
            break;
        }
        if (events->views.events.empty()) {
            result.ok = true;
            break;
        }
        pendingLast = events->views.events.back().id;
        after = pendingLast;
        pending = context.storer.store(record.key, std::move(*events));
    }
    if (pending) finishPending();
    {
        std::lock_guard lock(context.dbMutex);
        (void)context.db.recordPullResult(record.key, result.error);
    }
    return result;
}

} // namespace

Result<std::string> kioskBaseUrl(const std::string& url) {
    std::string base = url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0)
        return Error{"'" + url + "' is not an http:// or https:// URL"};
    if (base.find('/', base.find("//") + 2) != std::string::npos)
        return Error{"'" + url + "': give the kiosk's address only (scheme://host:port), no path"};
    return base;
}

KioskResponse requestWithRetries(KioskClient& client, const std::string& path, const PullOptions& options,
                                 Clock::time_point deadline, int& retries, int& retryAfterWaits) {
    KioskResponse response;
    int delayMs = options.retryFirstDelayMs;
    int waitsHere = 0;
    for (int attempt = 1; attempt <= std::max(1, options.attempts);) {
        response = client.get(path, deadline);
        if (response.transferred && response.status == 200) return response;
        if (response.pinMismatch) return response;   // retrying will not help
        if (response.transferred && (response.status == 401 || response.status == 403 || response.status == 404 ||
                                     response.status == 400))
            return response;
        const auto now = Clock::now();
        if (response.transferred && (response.status == 429 || response.status == 503) && response.retryAfterSeconds >= 0) {
            const auto wait = std::chrono::seconds(response.retryAfterSeconds);
            if (response.retryAfterSeconds > options.maxRetryAfterSeconds || now + wait >= deadline ||
                waitsHere >= limits::kMaxRetryAfterWaits) {
                response.transferred = false;
                response.error = "HTTP " + std::to_string(response.status) + ": the kiosk asks to wait " +
                                 std::to_string(response.retryAfterSeconds) + " s (Retry-After), " +
                                 (waitsHere >= limits::kMaxRetryAfterWaits ? "again; gave up after waiting " +
                                                                                 std::to_string(waitsHere) + " times"
                                                                           : "longer than this pull may wait") +
                                 "; pull again later";
                return response;
            }
            ++waitsHere;
            ++retryAfterWaits;
            std::this_thread::sleep_for(wait);
            continue;   // asked to come back: not a failed attempt
        }
        if (now >= deadline) break;
        if (attempt < options.attempts) {
            ++retries;
            const auto sleep = std::min<Clock::duration>(std::chrono::milliseconds(delayMs), deadline - now);
            std::this_thread::sleep_for(sleep);
            delayMs *= 2;
        }
        ++attempt;
    }
    if (Clock::now() >= deadline && !(response.transferred && response.status == 200)) {
        if (response.transferred) {
            response.transferred = false;
            response.error = "HTTP " + std::to_string(response.status);
        }
        response.error += " (the kiosk's deadline passed)";
    }
    return response;
}

Result<std::vector<KioskPullResult>> pullKiosks(OrganizerDatabase& db, const std::vector<KioskTarget>& targets,
                                                const PullOptions& options) {
    if (auto locked = db.lockForPull(); !locked) return Error{locked.error()};
    std::vector<KioskPullResult> results(targets.size());
    PullContext context(db, options);
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < targets.size(); i = next++) results[i] = pullOne(context, targets[i]);
    };
    const std::size_t threads = std::min<std::size_t>(targets.size(), static_cast<std::size_t>(std::max(1, options.maxParallelKiosks)));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& thread : pool) thread.join();
    return results;
}

KioskPullResult pullKiosk(OrganizerDatabase& db, const KioskTarget& target, const PullOptions& options) {
    auto results = pullKiosks(db, {target}, options);
    if (!results) {
        KioskPullResult failed;
        failed.url = target.url;
        failed.error = results.error();
        return failed;
    }
    return std::move(results->front());
}

} // namespace kiosk::logs
