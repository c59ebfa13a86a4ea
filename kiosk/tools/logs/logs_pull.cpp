#include "kiosk/tools/logs/logs_pull.h"

#include <chrono>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/event_log.h"
#include "kiosk/storage/event_record.h"

namespace kiosk::logs {
namespace {

using storage::SqliteDb;

// "http://host:port" without a trailing slash; httplib wants scheme://host:port only.
std::string baseUrl(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

struct Fetched {
    bool ok = false;
    int status = 0;
    std::string body;
    std::string error;
};

Fetched fetchWithRetries(httplib::Client& client, const std::string& path, const PullOptions& options,
                         KioskPullResult& result) {
    Fetched fetched;
    int delayMs = options.retryFirstDelayMs;
    for (int attempt = 1; attempt <= std::max(1, options.attempts); ++attempt) {
        auto res = client.Get(path.c_str());
        if (res && res->status == 200) {
            fetched.ok = true;
            fetched.status = 200;
            fetched.body = std::move(res->body);
            return fetched;
        }
        if (res) {
            fetched.status = res->status;
            fetched.error = "HTTP " + std::to_string(res->status);
            if (res->status == 401) {
                fetched.error += " (wrong token?)";
                return fetched;   // retrying will not help
            }
        } else {
            fetched.error = httplib::to_string(res.error());
        }
        if (attempt < options.attempts) {
            ++result.retries;
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
            delayMs *= 2;
        }
    }
    return fetched;
}

// Parses and checks one page; returns the events or why the page is refused.
Result<std::vector<storage::StoredEvent>> parsePage(const std::string& body, std::int64_t cursor) {
    std::vector<storage::StoredEvent> events;
    std::size_t start = 0;
    std::int64_t previous = cursor;
    while (start < body.size()) {
        auto end = body.find('\n', start);
        if (end == std::string::npos) return Error{"page ends in the middle of a line (cut off?)"};
        auto parsed = storage::fromJsonLine(std::string_view(body).substr(start, end - start));
        if (!parsed) return Error{"line " + std::to_string(events.size() + 1) + ": " + parsed.error()};
        if (parsed->id <= previous) return Error{"event ids are not ascending above the cursor"};
        previous = parsed->id;
        events.push_back(std::move(*parsed));
        start = end + 1;
    }
    return events;
}

Status storePage(SqliteDb& db, const std::string& url, const std::vector<storage::StoredEvent>& events) {
    storage::Transaction transaction(db);
    if (!transaction.begun()) return Error{transaction.error()};
    auto insert = db.prepare(
        "INSERT OR IGNORE INTO events(kiosk, source_id, ts_ms, session, type, screen, item, language, value,"
        " release, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    if (!insert) return Error{insert.error()};
    for (const auto& stored : events) {
        const Event& e = stored.event;
        insert->reset();
        insert->bind(1, url).bind(2, stored.id).bind(3, static_cast<std::int64_t>(e.timestampMs)).bind(4, e.sessionId)
            .bind(5, stored.typeName).bind(6, e.screen).bind(7, e.item).bind(8, e.language).bind(9, e.value)
            .bind(10, e.releaseVersion).bind(11, e.extraJson);
        auto done = insert->run();
        if (!done) return done;
    }
    auto cursor = db.prepare("UPDATE kiosks SET cursor = max(cursor, ?), last_pull_ms = ? WHERE url = ?");
    if (!cursor) return Error{cursor.error()};
    cursor->bind(1, events.back().id).bind(2, static_cast<std::int64_t>(utcNowMs())).bind(3, url);
    if (auto done = cursor->run(); !done) return done;
    return transaction.commit();
}

void remember(SqliteDb& db, const KioskPullResult& result) {
    auto stmt = db.prepare("UPDATE kiosks SET last_error = ?, kiosk_id = CASE WHEN ? <> '' THEN ? ELSE kiosk_id END WHERE url = ?");
    if (!stmt) return;
    stmt->bind(1, result.error).bind(2, result.kioskId).bind(3, result.kioskId).bind(4, result.url);
    (void)stmt->run();
}

} // namespace

KioskPullResult pullKiosk(SqliteDb& db, const std::string& url, const PullOptions& options) {
    KioskPullResult result;
    result.url = baseUrl(url);
    if (result.url.rfind("http://", 0) != 0 && result.url.rfind("https://", 0) != 0) {
        result.error = "not an http:// or https:// URL";
        return result;
    }
    {
        auto add = db.prepare("INSERT OR IGNORE INTO kiosks(url) VALUES (?)");
        if (!add) { result.error = add.error(); return result; }
        add->bind(1, result.url);
        if (auto done = add->run(); !done) { result.error = done.error(); return result; }
        auto cursor = db.prepare("SELECT cursor FROM kiosks WHERE url = ?");
        if (!cursor) { result.error = cursor.error(); return result; }
        cursor->bind(1, result.url);
        auto row = cursor->step();
        if (!row || !*row) { result.error = "cannot read the cursor"; return result; }
        result.cursor = cursor->integer(0);
    }

    httplib::Client client(result.url);
    client.set_bearer_token_auth(options.token.c_str());
    client.set_connection_timeout(limits::kPullConnectTimeoutSeconds, 0);
    client.set_read_timeout(limits::kPullReadTimeoutSeconds, 0);
    client.set_keep_alive(true);

    Fetched status = fetchWithRetries(client, "/v1/status", options, result);
    if (!status.ok) {
        result.error = "kiosk not reachable: " + status.error;
        remember(db, result);
        return result;
    }
    auto statusJson = nlohmann::json::parse(status.body, nullptr, false);
    if (statusJson.is_object() && statusJson.contains("kiosk_id") && statusJson["kiosk_id"].is_string())
        result.kioskId = statusJson["kiosk_id"].get<std::string>();
    if (statusJson.is_object() && statusJson.contains("events") && statusJson["events"].contains("last_id")) {
        const auto lastId = statusJson["events"]["last_id"].get<std::int64_t>();
        if (lastId < result.cursor) {
            result.error = "the kiosk's last event id (" + std::to_string(lastId) + ") is below the cursor (" +
                           std::to_string(result.cursor) + "): was its event database replaced?";
            remember(db, result);
            return result;
        }
    }

    for (;;) {
        const std::string path = "/v1/events?after=" + std::to_string(result.cursor) +
                                 "&limit=" + std::to_string(options.pageEvents);
        // A page cut off or garbled on the way is asked for again, like a failed request.
        Result<std::vector<storage::StoredEvent>> events = Error{"not fetched"};
        for (int attempt = 1; attempt <= std::max(1, options.attempts); ++attempt) {
            Fetched page = fetchWithRetries(client, path, options, result);
            if (!page.ok) {
                events = Error{page.error};
                break;
            }
            events = parsePage(page.body, result.cursor);
            if (events) break;
            events = Error{"page refused: " + events.error()};
            if (attempt < options.attempts) ++result.retries;
        }
        if (!events) {
            result.error = "pulling events after " + std::to_string(result.cursor) + ": " + events.error();
            break;
        }
        if (events->empty()) {
            result.ok = true;
            break;
        }
        auto stored = storePage(db, result.url, *events);
        if (!stored) {
            result.error = "cannot store events: " + stored.error();
            break;
        }
        ++result.pages;
        result.newEvents += static_cast<std::int64_t>(events->size());
        result.cursor = events->back().id;
    }
    // The final (empty) request after the cursor has told the kiosk everything up to it was pulled.
    remember(db, result);
    return result;
}

std::vector<KioskPullResult> pullKiosks(SqliteDb& db, const std::vector<std::string>& urls, const PullOptions& options) {
    std::vector<KioskPullResult> results;
    for (const auto& url : urls) results.push_back(pullKiosk(db, url, options));
    return results;
}

} // namespace kiosk::logs
