// The organizers' database in a SQLite file (the default).
//   v1: kiosks keyed by URL; events keyed by (URL, source id).
//   v2: kiosks keyed by an integer, unique by kiosk id; events stored in time order
//       (primary key ts_ms, kiosk, source_id) with a unique index on (kiosk, source_id); fleet
//       snapshots.
//   v3: v2 without the unique index. Exactly-once rests on the cursor, moved in the same
//       transaction as the page it ends (a page holds only ids above it), and on the primary
//       key, which already holds (kiosk, source_id) with the event's time: an event stored again
//       (a cursor set back, a page fetched twice) has the same key and is ignored. The index
//       doubled the B-tree work of every insert (a third of a pull's storing time). New files
//       use 64 KiB pages.
// Older files are migrated on open: v1 rows of the same kiosk id reached at several URLs are
// merged, duplicated events dropped; v2 loses its index.
// The pull lock is an flock() on "<file>.pull-lock": released by the kernel when the process
// ends, however it ends.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>

#include <chrono>
#include <thread>
#include "kiosk/core/log.h"
#include "kiosk/storage/sqlite_db.h"
#include "kiosk/tools/logs/organizer_database.h"

namespace kiosk::logs {
namespace {

using storage::SqliteDb;
using storage::Statement;
using storage::Transaction;

constexpr int kSqliteOrganizerSchemaVersion = 3;
constexpr int kSqliteNewFilePageBytes = 64 * 1024;   // SQLite's largest page
constexpr int kSqliteCacheKiB = 8 * 1024;   // page cache: pulls append at the right edge of both B-trees, exports read through mmap
constexpr std::int64_t kSqliteExportMapBytes = std::int64_t{4} << 30;   // memory-mapped while exporting (address space, not RAM)

const char* kCreateV3 =
    "CREATE TABLE kiosks(key INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL UNIQUE, url TEXT NOT NULL DEFAULT '',"
    " cursor INTEGER NOT NULL DEFAULT 0, last_pull_ms INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE events(ts_ms INTEGER NOT NULL, kiosk INTEGER NOT NULL, source_id INTEGER NOT NULL,"
    " session TEXT NOT NULL, type TEXT NOT NULL, screen TEXT NOT NULL, item TEXT NOT NULL, language TEXT NOT NULL,"
    " value REAL NOT NULL, release TEXT NOT NULL, extra TEXT NOT NULL,"
    " PRIMARY KEY(ts_ms, kiosk, source_id)) WITHOUT ROWID;"
    "CREATE TABLE fleet_snapshots(kiosk_id TEXT NOT NULL, url TEXT NOT NULL, taken_ms INTEGER NOT NULL,"
    " reachable INTEGER NOT NULL, error TEXT NOT NULL, status TEXT NOT NULL);"
    "CREATE INDEX fleet_snapshots_by_kiosk ON fleet_snapshots(kiosk_id, reachable, taken_ms);";

class SqliteOrganizerDatabase final : public OrganizerDatabase {
public:
    explicit SqliteOrganizerDatabase(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
    ~SqliteOrganizerDatabase() override {
        // Durable before the lock goes: checkpoint the WAL into the file (fsyncs both).
        if (lockFd_ >= 0) (void)db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        if (lockFd_ >= 0) ::close(lockFd_);   // releases the flock
    }

    std::string describe() const override { return db_->file().string(); }

    Status lockForPull() override {
        if (lockFd_ >= 0) return {};
        const std::string lockFile = db_->file().string() + ".pull-lock";
        const int fd = ::open(lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) return Error{lockFile + ": cannot create the pull lock: " + std::strerror(errno)};
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            char holder[32] = {};
            const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
            ::close(fd);
            std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : std::string("?");
            while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
            return Error{describe() + ": another kiosk-logs pull (pid " + pid +
                         ") is writing to this organizers' database; wait for it to finish and pull again"};
        }
        const std::string pid = std::to_string(::getpid()) + "\n";
        if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
        lockFd_ = fd;
        return {};
    }

    Result<KioskRecord> kiosk(const std::string& kioskId, const std::string& url) override {
        if (kioskId.empty()) return Error{"a kiosk needs a kiosk id"};
        auto add = db_->prepare("INSERT INTO kiosks(kiosk_id, url) VALUES (?, ?)"
                                " ON CONFLICT(kiosk_id) DO UPDATE SET url = excluded.url");
        if (!add) return Error{add.error()};
        add->bind(1, kioskId).bind(2, url);
        if (auto done = add->run(); !done) return Error{done.error()};
        auto row = db_->prepare("SELECT key, cursor FROM kiosks WHERE kiosk_id = ?");
        if (!row) return Error{row.error()};
        row->bind(1, kioskId);
        auto found = row->step();
        if (!found) return Error{found.error()};
        if (!*found) return Error{"kiosk " + kioskId + " vanished from the database"};
        return KioskRecord{row->integer(0), kioskId, row->integer(1)};
    }

    Result<std::int64_t> storePage(std::int64_t kioskKey, const std::vector<storage::StoredEventView>& events) override {
        if (events.empty()) return std::int64_t{0};
        if (!insert_.stmtReady) {
            // One statement inserts kRowsPerInsert events: SQLite's cost per statement run (start,
            // halt, reset) was a quarter of the store's time with one event per statement.
            auto many = db_->prepare(insertSql(kRowsPerInsert));
            if (!many) return Error{many.error()};
            auto one = db_->prepare(insertSql(1));
            if (!one) return Error{one.error()};
            auto cursor = db_->prepare("UPDATE kiosks SET cursor = max(cursor, ?), last_pull_ms = ? WHERE key = ?");
            if (!cursor) return Error{cursor.error()};
            insert_.many = std::move(*many);
            insert_.one = std::move(*one);
            insert_.cursor = std::move(*cursor);
            insert_.stmtReady = true;
        }
        Transaction transaction(*db_);
        if (!transaction.begun()) return Error{transaction.error()};
        std::int64_t added = 0;
        const auto bindEvent = [kioskKey](Statement& insert, int first, const storage::StoredEventView& e) {
            insert.bind(first, e.timestampMs).bind(first + 1, kioskKey).bind(first + 2, e.id)
                .bindStatic(first + 3, e.session).bindStatic(first + 4, e.type).bindStatic(first + 5, e.screen)
                .bindStatic(first + 6, e.item).bindStatic(first + 7, e.language).bind(first + 8, e.value)
                .bindStatic(first + 9, e.release).bindStatic(first + 10, e.extra);
        };
        std::size_t next = 0;
        while (next < events.size()) {
            const bool batch = events.size() - next >= kRowsPerInsert;
            Statement& insert = batch ? insert_.many : insert_.one;
            const std::size_t rows = batch ? kRowsPerInsert : 1;
            for (std::size_t row = 0; row < rows; ++row)
                bindEvent(insert, static_cast<int>(row * kInsertColumns) + 1, events[next + row]);
            auto done = insert.run();   // resets the statement, also on failure
            if (!done) return Error{done.error()};
            added += db_->changes();    // rows ignored as already stored are not counted
            next += rows;
        }
        Statement& cursor = insert_.cursor;
        cursor.bind(1, events.back().id).bind(2, static_cast<std::int64_t>(utcNowMs())).bind(3, kioskKey);
        auto moved = cursor.run();
        cursor.reset();
        if (!moved) return Error{moved.error()};
        auto committed = transaction.commit();
        if (!committed) return Error{committed.error()};
        return added;
    }

    Status recordPullResult(std::int64_t kioskKey, const std::string& error) override {
        auto stmt = db_->prepare("UPDATE kiosks SET last_error = ?, last_pull_ms = ? WHERE key = ?");
        if (!stmt) return Error{stmt.error()};
        stmt->bind(1, error).bind(2, static_cast<std::int64_t>(utcNowMs())).bind(3, kioskKey);
        return stmt->run();
    }

    Status setCursor(std::int64_t kioskKey, std::int64_t cursor) override {
        auto stmt = db_->prepare("UPDATE kiosks SET cursor = ? WHERE key = ?");
        if (!stmt) return Error{stmt.error()};
        stmt->bind(1, cursor).bind(2, kioskKey);
        return stmt->run();
    }

    Status recordSnapshot(const FleetSnapshot& s) override {
        auto stmt = db_->prepare(
            "INSERT INTO fleet_snapshots(kiosk_id, url, taken_ms, reachable, error, status) VALUES (?,?,?,?,?,?)");
        if (!stmt) return Error{stmt.error()};
        stmt->bind(1, s.kioskId).bind(2, s.url).bind(3, s.takenMs).bind(4, std::int64_t{s.reachable ? 1 : 0})
            .bind(5, s.error).bind(6, s.statusJson);
        return stmt->run();
    }

    Result<std::vector<FleetSnapshot>> lastReachableSnapshots() override {
        auto stmt = db_->prepare(
            "SELECT s.kiosk_id, s.url, s.taken_ms, s.status FROM fleet_snapshots s"
            " JOIN (SELECT kiosk_id, max(taken_ms) AS t FROM fleet_snapshots WHERE reachable = 1 GROUP BY kiosk_id) m"
            " ON m.kiosk_id = s.kiosk_id AND m.t = s.taken_ms WHERE s.reachable = 1 ORDER BY s.kiosk_id");
        if (!stmt) return Error{stmt.error()};
        std::vector<FleetSnapshot> snapshots;
        for (;;) {
            auto row = stmt->step();
            if (!row) return Error{row.error()};
            if (!*row) break;
            FleetSnapshot s;
            s.kioskId = stmt->text(0);
            s.url = stmt->text(1);
            s.takenMs = stmt->integer(2);
            s.reachable = true;
            s.statusJson = stmt->text(3);
            if (!snapshots.empty() && snapshots.back().kioskId == s.kioskId) continue;
            snapshots.push_back(std::move(s));
        }
        return snapshots;
    }

    Result<std::vector<PullState>> pullStates() override {
        auto stmt = db_->prepare("SELECT kiosk_id, url, last_error, last_pull_ms, cursor FROM kiosks ORDER BY kiosk_id");
        if (!stmt) return Error{stmt.error()};
        std::vector<PullState> states;
        for (;;) {
            auto row = stmt->step();
            if (!row) return Error{row.error()};
            if (!*row) break;
            states.push_back({stmt->text(0), stmt->text(1), stmt->text(2), stmt->integer(3), stmt->integer(4)});
        }
        return states;
    }

    Result<std::int64_t> forEachEvent(const TimeRange& range, const EventVisitor& visit) override {
        std::vector<std::string> names;
        {
            auto kiosks = db_->prepare("SELECT key, kiosk_id FROM kiosks");
            if (!kiosks) return Error{kiosks.error()};
            for (;;) {
                auto row = kiosks->step();
                if (!row) return Error{row.error()};
                if (!*row) break;
                const auto key = static_cast<std::size_t>(std::max<std::int64_t>(0, kiosks->integer(0)));
                if (key >= names.size()) names.resize(key + 1);
                names[key] = kiosks->text(1);
            }
        }
        // One pass over the whole table: reading it through a memory map saves copying every page
        // into SQLite's page cache (and growing that cache) on the way.
        (void)db_->exec("PRAGMA mmap_size=" + std::to_string(kSqliteExportMapBytes));
        auto stmt = db_->prepare(
            "SELECT ts_ms, kiosk, source_id, session, type, screen, item, language, value, release, extra"
            " FROM events WHERE ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, kiosk, source_id");
        if (!stmt) return Error{stmt.error()};
        stmt->bind(1, range.sinceMs.value_or(INT64_MIN)).bind(2, range.untilMs.value_or(INT64_MAX));
        // Two threads: this one's helper steps SQLite and copies rows into batches, this thread
        // visits them (formats CSV, ...): on two cores the reading and the formatting overlap.
        // Rows live in a ring of batches whose strings keep their capacity: no allocation per row.
        struct Batch {
            std::vector<KioskEvent> rows = std::vector<KioskEvent>(kExportBatchRows);
            std::size_t count = 0;
        };
        std::array<Batch, kExportBatches> batches;
        std::mutex mutex;
        std::condition_variable changed;
        std::size_t produced = 0, consumed = 0;
        bool finished = false, stopping = false;
        std::string error;
        Statement& query = *stmt;
        std::thread reader([&] {
            for (;;) {
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return stopping || produced - consumed < batches.size(); });
                    if (stopping) return;
                }
                Batch& batch = batches[produced % batches.size()];
                batch.count = 0;
                bool end = false;
                std::string failed;
                while (batch.count < batch.rows.size()) {
                    auto step = query.step();
                    if (!step) {
                        failed = describe() + ": " + step.error();
                        break;
                    }
                    if (!*step) {
                        end = true;
                        break;
                    }
                    KioskEvent& row = batch.rows[batch.count++];
                    Event& e = row.stored.event;
                    e.timestampMs = query.integer(0);
                    const auto key = static_cast<std::size_t>(std::max<std::int64_t>(0, query.integer(1)));
                    if (key < names.size()) row.kiosk.assign(names[key]);
                    else row.kiosk = "kiosk #" + std::to_string(key);
                    row.stored.id = query.integer(2);
                    e.sessionId.assign(query.textView(3));
                    row.stored.typeName.assign(query.textView(4));
                    e.type = storage::eventTypeFromName(row.stored.typeName).value_or(EventType::Error);
                    e.screen.assign(query.textView(5));
                    e.item.assign(query.textView(6));
                    e.language.assign(query.textView(7));
                    e.value = query.real(8);
                    e.releaseVersion.assign(query.textView(9));
                    e.extraJson.assign(query.textView(10));
                }
                {
                    std::lock_guard lock(mutex);
                    ++produced;
                    if (!failed.empty()) error = std::move(failed);
                    finished = end || !error.empty();
                }
                changed.notify_all();
                if (end || !error.empty()) return;
            }
        });
        // Stops and joins the reader however this ends (a visitor may throw).
        struct Join {
            std::thread& thread;
            std::mutex& mutex;
            std::condition_variable& changed;
            bool& stopping;
            ~Join() {
                {
                    std::lock_guard lock(mutex);
                    stopping = true;
                }
                changed.notify_all();
                thread.join();
            }
        } join{reader, mutex, changed, stopping};
        std::int64_t count = 0;
        for (;;) {
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return consumed < produced || finished; });
                if (consumed == produced) break;   // finished, all visited
            }
            const Batch& batch = batches[consumed % batches.size()];
            for (std::size_t i = 0; i < batch.count; ++i) visit(batch.rows[i]);
            count += static_cast<std::int64_t>(batch.count);
            {
                std::lock_guard lock(mutex);
                ++consumed;
            }
            changed.notify_all();
        }
        std::lock_guard lock(mutex);
        if (!error.empty()) return Error{error};
        return count;
    }

    Result<KioskCounts> countEvents(const std::string& kioskId) override {
        auto stmt = db_->prepare(
            "SELECT count(*), count(DISTINCT source_id), coalesce(min(source_id), 0), coalesce(max(source_id), 0)"
            " FROM events WHERE kiosk = (SELECT key FROM kiosks WHERE kiosk_id = ?)");
        if (!stmt) return Error{stmt.error()};
        stmt->bind(1, kioskId);
        auto row = stmt->step();
        if (!row) return Error{row.error()};
        return KioskCounts{stmt->integer(0), stmt->integer(1), stmt->integer(2), stmt->integer(3)};
    }

private:
    std::unique_ptr<SqliteDb> db_;
    int lockFd_ = -1;
    static constexpr std::size_t kInsertColumns = 11;
    static constexpr std::size_t kExportBatchRows = 2048;   // rows handed from the reading thread at once
    static constexpr std::size_t kExportBatches = 4;        // batches in flight between the two threads
    static constexpr std::size_t kRowsPerInsert = 64;   // 704 parameters (SQLite allows 32,766)
    static std::string insertSql(std::size_t rows) {
        std::string sql = "INSERT OR IGNORE INTO events(ts_ms, kiosk, source_id, session, type, screen, item, language, value,"
                          " release, extra) VALUES ";
        for (std::size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?)";
        return sql;
    }
    struct {
        bool stmtReady = false;
        Statement many;   // kRowsPerInsert events
        Statement one;
        Statement cursor;
    } insert_;
};

// v2 -> v3, inside the caller's transaction.
Status migrateV2(SqliteDb& db) { return db.exec("DROP INDEX IF EXISTS events_once"); }

// v1 -> v3, inside the caller's transaction.
Status migrateV1(SqliteDb& db) {
    auto renamed = db.exec("DROP INDEX IF EXISTS events_by_time;"
                           "ALTER TABLE kiosks RENAME TO kiosks_v1;"
                           "ALTER TABLE events RENAME TO events_v1;");
    if (!renamed) return renamed;
    if (auto created = db.exec(kCreateV3); !created) return created;
    // One row per kiosk id (a v1 row that never learnt its kiosk id keeps its URL as id); the
    // cursor is the highest of its URLs' cursors (each URL's events run from the start).
    struct Merged { std::string url; std::int64_t cursor = 0, lastPullMs = -1; std::string lastError; };
    std::map<std::string, Merged> kiosks;
    std::map<std::string, std::string> idOfUrl;
    {
        auto rows = db.prepare("SELECT url, kiosk_id, cursor, last_pull_ms, last_error FROM kiosks_v1"
                               " UNION ALL SELECT DISTINCT kiosk, '', 0, 0, '' FROM events_v1"
                               " WHERE kiosk NOT IN (SELECT url FROM kiosks_v1)");
        if (!rows) return Error{rows.error()};
        for (;;) {
            auto row = rows->step();
            if (!row) return Error{row.error()};
            if (!*row) break;
            const std::string url = rows->text(0);
            const std::string id = rows->text(1).empty() ? url : rows->text(1);
            idOfUrl[url] = id;
            Merged& m = kiosks[id];
            m.cursor = std::max(m.cursor, rows->integer(2));
            if (rows->integer(3) > m.lastPullMs) {
                m.lastPullMs = rows->integer(3);
                m.url = url;
                m.lastError = rows->text(4);
            }
        }
    }
    auto addKiosk = db.prepare("INSERT INTO kiosks(kiosk_id, url, cursor, last_pull_ms, last_error) VALUES (?,?,?,?,?)");
    if (!addKiosk) return Error{addKiosk.error()};
    for (const auto& [id, m] : kiosks) {
        addKiosk->reset();
        addKiosk->bind(1, id).bind(2, m.url).bind(3, m.cursor).bind(4, std::max<std::int64_t>(0, m.lastPullMs)).bind(5, m.lastError);
        if (auto done = addKiosk->run(); !done) return done;
    }
    if (auto mapped = db.exec("CREATE TEMP TABLE url_key(url TEXT PRIMARY KEY, key INTEGER NOT NULL)"); !mapped) return mapped;
    auto addUrl = db.prepare("INSERT INTO url_key(url, key) SELECT ?, key FROM kiosks WHERE kiosk_id = ?");
    if (!addUrl) return Error{addUrl.error()};
    for (const auto& [url, id] : idOfUrl) {
        addUrl->reset();
        addUrl->bind(1, url).bind(2, id);
        if (auto done = addUrl->run(); !done) return done;
    }
    auto copied = db.exec(
        "INSERT OR IGNORE INTO events(ts_ms, kiosk, source_id, session, type, screen, item, language, value, release, extra)"
        " SELECT e.ts_ms, u.key, e.source_id, e.session, e.type, e.screen, e.item, e.language, e.value, e.release, e.extra"
        " FROM events_v1 e JOIN url_key u ON u.url = e.kiosk;"
        "DROP TABLE events_v1; DROP TABLE kiosks_v1; DROP TABLE url_key;");
    if (!copied) return copied;
    return {};
}

} // namespace

constexpr int kWalSwitchAttempts = 100;   // x kWalSwitchRetryMs: up to 2 s for a concurrent opener
constexpr int kWalSwitchRetryMs = 20;

Result<std::unique_ptr<OrganizerDatabase>> openSqliteOrganizerDatabase(const std::string& where) {
    const std::filesystem::path file(where);
    auto opened = SqliteDb::open(file);
    if (!opened) return Error{opened.error()};
    SqliteDb& db = **opened;
    // Large pages for a new file (ignored for an existing one): a pull writes every page of the
    // events' B-tree to the WAL and checkpoints it into the file, one system call per page and
    // frame; 64 KiB pages need a sixteenth of the calls and of the B-tree's page splits.
    (void)db.exec("PRAGMA page_size=" + std::to_string(kSqliteNewFilePageBytes));
    // Switching a new file to WAL needs a moment alone with it, and SQLite answers "locked" at
    // once (no busy handler) when a second process is switching the same new file: retry briefly.
    auto wal = db.queryText("PRAGMA journal_mode=WAL");
    for (int attempt = 0; !wal && attempt < kWalSwitchAttempts && wal.error().find("locked") != std::string::npos; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kWalSwitchRetryMs));
        wal = db.queryText("PRAGMA journal_mode=WAL");
    }
    if (!wal) return Error{file.string() + ": " + wal.error()};
    // NORMAL in WAL mode: every commit is atomic and survives the process being killed; only a
    // power cut can lose the last commits, which the next pull fetches again (the cursor goes
    // back with them). The pull ends with a checkpoint that makes everything durable.
    (void)db.exec("PRAGMA synchronous=NORMAL");
    (void)db.exec("PRAGMA cache_size=" + std::to_string(-kSqliteCacheKiB));
    // Decide and create or migrate inside one write transaction: a second process opening a new
    // file at the same moment waits here (busy timeout), then sees the tables made by the first.
    Transaction transaction(db);
    if (!transaction.begun()) return Error{file.string() + ": " + transaction.error()};
    const std::int64_t version = storage::valueOr(db.queryInteger("PRAGMA user_version"), std::int64_t{-1});
    const bool organizer = db.hasTable("kiosks");
    if ((version != 0 || db.hasTable("events")) && !organizer)
        return Error{file.string() + ": this is not an organizers' database (a kiosk's own event database? "
                                     "export and report read those; pull needs its own --db file)"};
    if (version > kSqliteOrganizerSchemaVersion)
        return Error{file.string() + ": organizers' database version " + std::to_string(version) +
                     " is newer than this kiosk-logs supports"};
    if (version < kSqliteOrganizerSchemaVersion) {
        Status made = version == 0 ? db.exec(kCreateV3) : version == 1 ? migrateV1(db) : migrateV2(db);
        if (!made) return Error{file.string() + ": " + (version == 0 ? "creating" : "migrating") + " the schema: " + made.error()};
        auto stamped = db.exec("PRAGMA user_version=" + std::to_string(kSqliteOrganizerSchemaVersion));
        if (!stamped) return Error{file.string() + ": " + stamped.error()};
        auto committed = transaction.commit();
        if (!committed) return Error{file.string() + ": " + committed.error()};
        if (version == 1) log::info(file.string() + ": migrated to version 3 (kiosks by kiosk id, not URL)");
    }
    return std::unique_ptr<OrganizerDatabase>(new SqliteOrganizerDatabase(std::move(*opened)));
}

bool isPostgresUri(const std::string& where) {
    return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<OrganizerDatabase>> openOrganizerDatabase(const std::string& where) {
    if (isPostgresUri(where)) return openPostgresOrganizerDatabase(where);
    return openSqliteOrganizerDatabase(where);
}

} // namespace kiosk::logs
