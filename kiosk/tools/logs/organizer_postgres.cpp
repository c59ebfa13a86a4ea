// The organizers' database in PostgreSQL (libpq): `--db postgresql://user@host/db`.
//
// Same tables and guarantees as the SQLite file: a page is copied (COPY FROM STDIN) into a
// temporary table and inserted with ON CONFLICT DO NOTHING together with the cursor update in
// one transaction. Text columns hold valid UTF-8 (PostgreSQL refuses anything else): invalid
// bytes and NUL are stored as U+FFFD. The schema is created under a transaction-level
// advisory lock (two first pulls do not race); the pull lock is a session-level advisory lock,
// released by the server when the connection goes, however the process ends. The view
// `kiosk_events` gives dashboards (Grafana, Metabase) the events with their kiosk id and time.
#include <libpq-fe.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <map>

#include "kiosk/core/event_log.h"
#include "kiosk/core/utf8.h"
#include "kiosk/tools/logs/organizer_database.h"

namespace kiosk::logs {
namespace {

constexpr int kPostgresSchemaVersion = 1;
constexpr int kLockClass = 0x6B696F73;   // "kios": advisory lock keys of kiosk-logs
constexpr int kSchemaLockId = 1;
constexpr int kPullLockId = 2;

const char* kCreateSchema =
    "CREATE TABLE IF NOT EXISTS kiosk_logs_schema(version integer NOT NULL);"
    "CREATE TABLE IF NOT EXISTS kiosks(key bigserial PRIMARY KEY, kiosk_id text NOT NULL UNIQUE,"
    " url text NOT NULL DEFAULT '', cursor bigint NOT NULL DEFAULT 0, last_pull_ms bigint NOT NULL DEFAULT 0,"
    " last_error text NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS events(kiosk bigint NOT NULL REFERENCES kiosks(key), source_id bigint NOT NULL,"
    " ts_ms bigint NOT NULL, session text NOT NULL, type text NOT NULL, screen text NOT NULL, item text NOT NULL,"
    " language text NOT NULL, value double precision NOT NULL, release text NOT NULL, extra text NOT NULL,"
    " PRIMARY KEY(kiosk, source_id));"
    "CREATE INDEX IF NOT EXISTS events_by_time ON events(ts_ms, kiosk, source_id);"
    "CREATE TABLE IF NOT EXISTS fleet_snapshots(kiosk_id text NOT NULL, url text NOT NULL, taken_ms bigint NOT NULL,"
    " reachable boolean NOT NULL, error text NOT NULL, status text NOT NULL);"
    "CREATE INDEX IF NOT EXISTS fleet_snapshots_by_kiosk ON fleet_snapshots(kiosk_id, reachable, taken_ms);"
    "CREATE OR REPLACE VIEW kiosk_events AS SELECT k.kiosk_id, e.source_id AS event_id,"
    " to_timestamp(e.ts_ms / 1000.0) AS time, e.session, e.type, e.screen, e.item, e.language, e.value, e.release,"
    " e.extra FROM events e JOIN kiosks k ON k.key = e.kiosk;";

// PostgreSQL text: valid UTF-8 without NUL.
std::string pgText(std::string_view text) {
    std::string clean = utf8::isValid(text) ? std::string(text) : utf8::sanitize(text);
    if (clean.find('\0') != std::string::npos) {
        std::string out;
        for (char c : clean) {
            if (c == '\0') utf8::append(out, utf8::kReplacement);
            else out += c;
        }
        clean = std::move(out);
    }
    return clean;
}

// COPY text format: backslash, tab, newline and carriage return escaped.
void appendCopyField(std::string& out, std::string_view text) {
    const std::string clean = pgText(text);
    for (char c : clean) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

// A field of COPY ... TO STDOUT text output, unescaped.
void copyUnescape(std::string_view field, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            out += field[i];
            continue;
        }
        const char c = field[++i];
        switch (c) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        default:
            if (c >= '0' && c <= '7') {   // \ooo octal
                int value = c - '0';
                for (int k = 0; k < 2 && i + 1 < field.size() && field[i + 1] >= '0' && field[i + 1] <= '7'; ++k)
                    value = value * 8 + (field[++i] - '0');
                out += static_cast<char>(value);
            } else {
                out += c;
            }
        }
    }
}

struct PgResult {
    PGresult* result = nullptr;
    explicit PgResult(PGresult* r) : result(r) {}
    ~PgResult() { PQclear(result); }
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
};

class PostgresOrganizerDatabase final : public OrganizerDatabase {
public:
    explicit PostgresOrganizerDatabase(PGconn* connection) : pg_(connection) {
        const char* host = PQhost(pg_);
        const std::string hostText = host && host[0] != '/' ? host : "localhost";
        describe_ = std::string("postgresql://") + hostText + ":" + PQport(pg_) + "/" + PQdb(pg_);
    }
    ~PostgresOrganizerDatabase() override { PQfinish(pg_); }

    std::string describe() const override { return describe_; }

    // Runs SQL with text parameters; returns the result or the server's message.
    Result<std::shared_ptr<PgResult>> run(const std::string& sql, const std::vector<std::string>& params = {}) {
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p.c_str());
        auto result = std::make_shared<PgResult>(PQexecParams(pg_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                                              values.data(), nullptr, nullptr, 0));
        const auto status = PQresultStatus(result->result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            return Error{describe_ + ": " + trimmed(PQresultErrorMessage(result->result))};
        return result;
    }
    // Several statements, no parameters (simple query protocol).
    Status exec(const std::string& sql) {
        PgResult result(PQexec(pg_, sql.c_str()));
        const auto status = PQresultStatus(result.result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            return Error{describe_ + ": " + trimmed(PQresultErrorMessage(result.result))};
        return {};
    }

    Status createSchema() {
        if (auto begun = exec("BEGIN"); !begun) return begun;
        auto locked = run("SELECT pg_advisory_xact_lock($1, $2)", {std::to_string(kLockClass), std::to_string(kSchemaLockId)});
        if (!locked) return rollback(locked.error());
        if (auto made = exec(kCreateSchema); !made) return rollback(made.error());
        auto version = run("SELECT version FROM kiosk_logs_schema");
        if (!version) return rollback(version.error());
        if (PQntuples((*version)->result) == 0) {
            if (auto stamped = exec("INSERT INTO kiosk_logs_schema VALUES (" + std::to_string(kPostgresSchemaVersion) + ")");
                !stamped)
                return rollback(stamped.error());
        } else if (std::atoi(PQgetvalue((*version)->result, 0, 0)) > kPostgresSchemaVersion) {
            return rollback("organizers' database version " + std::string(PQgetvalue((*version)->result, 0, 0)) +
                            " is newer than this kiosk-logs supports");
        }
        return exec("COMMIT");
    }

    Status lockForPull() override {
        if (pullLocked_) return {};
        auto locked = run("SELECT pg_try_advisory_lock($1, $2)", {std::to_string(kLockClass), std::to_string(kPullLockId)});
        if (!locked) return Error{locked.error()};
        if (std::string(PQgetvalue((*locked)->result, 0, 0)) != "t") {
            std::string holder = "?";
            auto who = run("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                           " WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.granted",
                           {std::to_string(kLockClass), std::to_string(kPullLockId)});
            if (who && PQntuples((*who)->result) > 0) holder = PQgetvalue((*who)->result, 0, 0);
            return Error{describe_ + ": another kiosk-logs pull (" + holder +
                         ") is writing to this organizers' database; wait for it to finish and pull again"};
        }
        pullLocked_ = true;
        return {};
    }

    Result<KioskRecord> kiosk(const std::string& kioskId, const std::string& url) override {
        if (kioskId.empty()) return Error{"a kiosk needs a kiosk id"};
        auto row = run("INSERT INTO kiosks(kiosk_id, url) VALUES ($1, $2) ON CONFLICT(kiosk_id) DO UPDATE SET url = excluded.url"
                       " RETURNING key, cursor",
                       {pgText(kioskId), pgText(url)});
        if (!row) return Error{row.error()};
        return KioskRecord{std::atoll(PQgetvalue((*row)->result, 0, 0)), kioskId, std::atoll(PQgetvalue((*row)->result, 0, 1))};
    }

    Result<std::int64_t> storePage(std::int64_t kioskKey, const std::vector<storage::StoredEventView>& events) override {
        if (events.empty()) return std::int64_t{0};
        if (!incomingReady_) {
            auto made = exec("CREATE TEMP TABLE incoming(source_id bigint, ts_ms bigint, session text, type text, screen text,"
                             " item text, language text, value double precision, release text, extra text)"
                             " ON COMMIT DELETE ROWS");
            if (!made) return Error{made.error()};
            incomingReady_ = true;
        }
        if (auto begun = exec("BEGIN"); !begun) return Error{begun.error()};
        {
            PgResult copy(PQexec(pg_, "COPY incoming FROM STDIN"));
            if (PQresultStatus(copy.result) != PGRES_COPY_IN) return Error{rollbackText(PQresultErrorMessage(copy.result))};
        }
        std::string data;
        data.reserve(events.size() * 140);
        char number[32];
        for (const auto& e : events) {
            data.append(number, static_cast<std::size_t>(std::to_chars(number, number + sizeof number, e.id).ptr - number));
            data += '\t';
            data.append(number, static_cast<std::size_t>(std::to_chars(number, number + sizeof number, e.timestampMs).ptr - number));
            for (std::string_view text : {e.session, e.type, e.screen, e.item, e.language}) {
                data += '\t';
                appendCopyField(data, text);
            }
            data += '\t';
            data.append(number, static_cast<std::size_t>(std::to_chars(number, number + sizeof number, e.value).ptr - number));
            data += '\t';
            appendCopyField(data, e.release);
            data += '\t';
            appendCopyField(data, e.extra);
            data += '\n';
        }
        if (PQputCopyData(pg_, data.data(), static_cast<int>(data.size())) != 1 || PQputCopyEnd(pg_, nullptr) != 1)
            return Error{rollbackText(PQerrorMessage(pg_))};
        {
            PgResult copied(PQgetResult(pg_));
            if (PQresultStatus(copied.result) != PGRES_COMMAND_OK) {
                const std::string message = PQresultErrorMessage(copied.result);
                while (PGresult* rest = PQgetResult(pg_)) PQclear(rest);
                return Error{rollbackText(message)};
            }
            while (PGresult* rest = PQgetResult(pg_)) PQclear(rest);
        }
        auto inserted = run("INSERT INTO events(kiosk, source_id, ts_ms, session, type, screen, item, language, value, release,"
                            " extra) SELECT $1, source_id, ts_ms, session, type, screen, item, language, value, release, extra"
                            " FROM incoming ON CONFLICT DO NOTHING",
                            {std::to_string(kioskKey)});
        if (!inserted) return Error{rollbackText(inserted.error())};
        const std::int64_t added = std::atoll(PQcmdTuples((*inserted)->result));
        auto cursor = run("UPDATE kiosks SET cursor = GREATEST(cursor, $1), last_pull_ms = $2 WHERE key = $3",
                          {std::to_string(events.back().id), std::to_string(utcNowMs()), std::to_string(kioskKey)});
        if (!cursor) return Error{rollbackText(cursor.error())};
        if (auto committed = exec("COMMIT"); !committed) return Error{committed.error()};
        return added;
    }

    Status recordPullResult(std::int64_t kioskKey, const std::string& error) override {
        auto done = run("UPDATE kiosks SET last_error = $1, last_pull_ms = $2 WHERE key = $3",
                        {pgText(error), std::to_string(utcNowMs()), std::to_string(kioskKey)});
        if (!done) return Error{done.error()};
        return {};
    }

    Status setCursor(std::int64_t kioskKey, std::int64_t cursor) override {
        auto done = run("UPDATE kiosks SET cursor = $1 WHERE key = $2", {std::to_string(cursor), std::to_string(kioskKey)});
        if (!done) return Error{done.error()};
        return {};
    }

    Status recordSnapshot(const FleetSnapshot& s) override {
        auto done = run("INSERT INTO fleet_snapshots(kiosk_id, url, taken_ms, reachable, error, status) VALUES ($1,$2,$3,$4,$5,$6)",
                        {pgText(s.kioskId), pgText(s.url), std::to_string(s.takenMs), s.reachable ? "true" : "false",
                         pgText(s.error), pgText(s.statusJson)});
        if (!done) return Error{done.error()};
        return {};
    }

    Result<std::vector<FleetSnapshot>> lastReachableSnapshots() override {
        auto rows = run("SELECT DISTINCT ON (kiosk_id) kiosk_id, url, taken_ms, status FROM fleet_snapshots"
                        " WHERE reachable ORDER BY kiosk_id, taken_ms DESC");
        if (!rows) return Error{rows.error()};
        std::vector<FleetSnapshot> snapshots;
        PGresult* r = (*rows)->result;
        for (int i = 0; i < PQntuples(r); ++i) {
            FleetSnapshot s;
            s.kioskId = PQgetvalue(r, i, 0);
            s.url = PQgetvalue(r, i, 1);
            s.takenMs = std::atoll(PQgetvalue(r, i, 2));
            s.reachable = true;
            s.statusJson = PQgetvalue(r, i, 3);
            snapshots.push_back(std::move(s));
        }
        return snapshots;
    }

    Result<std::vector<PullState>> pullStates() override {
        auto rows = run("SELECT kiosk_id, url, last_error, last_pull_ms, cursor FROM kiosks ORDER BY kiosk_id");
        if (!rows) return Error{rows.error()};
        std::vector<PullState> states;
        PGresult* r = (*rows)->result;
        for (int i = 0; i < PQntuples(r); ++i)
            states.push_back({PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), std::atoll(PQgetvalue(r, i, 3)),
                              std::atoll(PQgetvalue(r, i, 4))});
        return states;
    }

    Result<std::int64_t> forEachEvent(const TimeRange& range, const EventVisitor& visit) override {
        // COPY TO STDOUT streams rows as they are read (no whole result in memory); the bounds
        // are integers, written into the statement.
        const std::string sql =
            "COPY (SELECT k.kiosk_id, e.source_id, e.ts_ms, e.session, e.type, e.screen, e.item, e.language, e.value,"
            " e.release, e.extra FROM events e JOIN kiosks k ON k.key = e.kiosk WHERE e.ts_ms >= " +
            std::to_string(range.sinceMs.value_or(INT64_MIN)) + " AND e.ts_ms < " + std::to_string(range.untilMs.value_or(INT64_MAX)) +
            " ORDER BY e.ts_ms, e.kiosk, e.source_id) TO STDOUT";
        {
            PgResult started(PQexec(pg_, sql.c_str()));
            if (PQresultStatus(started.result) != PGRES_COPY_OUT)
                return Error{describe_ + ": " + trimmed(PQresultErrorMessage(started.result))};
        }
        std::int64_t count = 0;
        KioskEvent row;
        std::string_view fields[11];
        std::string scratch;
        for (;;) {
            char* line = nullptr;
            const int length = PQgetCopyData(pg_, &line, 0);
            if (length == -1) break;
            if (length < 0) return Error{describe_ + ": " + trimmed(PQerrorMessage(pg_))};
            std::string_view text(line, static_cast<std::size_t>(length));
            if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
            std::size_t start = 0;
            for (int f = 0; f < 11; ++f) {
                std::size_t end = text.find('\t', start);
                if (end == std::string_view::npos) end = text.size();
                fields[f] = text.substr(start, end - start);
                start = end + 1;
            }
            auto textField = [&](int f, std::string& out) {
                if (fields[f].find('\\') == std::string_view::npos) out.assign(fields[f]);
                else copyUnescape(fields[f], out);
            };
            Event& e = row.stored.event;
            textField(0, row.kiosk);
            std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), row.stored.id);
            std::int64_t ts = 0;
            std::from_chars(fields[2].data(), fields[2].data() + fields[2].size(), ts);
            e.timestampMs = ts;
            textField(3, e.sessionId);
            textField(4, row.stored.typeName);
            e.type = storage::eventTypeFromName(row.stored.typeName).value_or(EventType::Error);
            textField(5, e.screen);
            textField(6, e.item);
            textField(7, e.language);
            scratch.assign(fields[8]);
            e.value = std::strtod(scratch.c_str(), nullptr);
            textField(9, e.releaseVersion);
            textField(10, e.extraJson);
            PQfreemem(line);
            visit(row);
            ++count;
        }
        PgResult finished(PQgetResult(pg_));
        if (PQresultStatus(finished.result) != PGRES_COMMAND_OK)
            return Error{describe_ + ": " + trimmed(PQresultErrorMessage(finished.result))};
        while (PGresult* rest = PQgetResult(pg_)) PQclear(rest);
        return count;
    }

    Result<KioskCounts> countEvents(const std::string& kioskId) override {
        auto row = run("SELECT count(*), count(DISTINCT source_id), coalesce(min(source_id), 0), coalesce(max(source_id), 0)"
                       " FROM events WHERE kiosk = (SELECT key FROM kiosks WHERE kiosk_id = $1)",
                       {pgText(kioskId)});
        if (!row) return Error{row.error()};
        PGresult* r = (*row)->result;
        return KioskCounts{std::atoll(PQgetvalue(r, 0, 0)), std::atoll(PQgetvalue(r, 0, 1)), std::atoll(PQgetvalue(r, 0, 2)),
                           std::atoll(PQgetvalue(r, 0, 3))};
    }

private:
    static std::string trimmed(std::string text) {
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        return text;
    }
    Error rollback(const std::string& message) {
        (void)exec("ROLLBACK");
        return Error{message};
    }
    std::string rollbackText(const std::string& message) {
        (void)exec("ROLLBACK");
        return message.rfind(describe_, 0) == 0 ? message : describe_ + ": " + trimmed(message);
    }

    PGconn* pg_;
    std::string describe_;
    bool pullLocked_ = false;
    bool incomingReady_ = false;
};

} // namespace

Result<std::unique_ptr<OrganizerDatabase>> openPostgresOrganizerDatabase(const std::string& uri) {
    // The application name shows in pg_stat_activity: who holds the pull lock.
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    const std::string application = "kiosk-logs pid " + std::to_string(::getpid()) + " on " + host;
    const char* keywords[] = {"dbname", "application_name", "connect_timeout", nullptr};
    const char* values[] = {uri.c_str(), application.c_str(), "10", nullptr};
    PGconn* connection = PQconnectdbParams(keywords, values, 1);   // expand_dbname: the URI's own settings
    if (!connection) return Error{"PostgreSQL: out of memory"};
    if (PQstatus(connection) != CONNECTION_OK) {
        std::string message = PQerrorMessage(connection);
        PQfinish(connection);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        return Error{"cannot connect to the PostgreSQL organizers' database: " + message};
    }
    PQsetClientEncoding(connection, "UTF8");
    auto db = std::make_unique<PostgresOrganizerDatabase>(connection);
    (void)db->exec("SET client_min_messages = warning");
    if (auto made = db->createSchema(); !made) return Error{made.error()};
    return std::unique_ptr<OrganizerDatabase>(std::move(db));
}

} // namespace kiosk::logs
