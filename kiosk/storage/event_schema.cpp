// The kiosk event database's schema and its migrations.
//   v1: events(id, ts_ms, session, type, screen, item, language, value, release)
//   v2: + events.extra (small JSON), meta(key, value) for the pull cursor and loss counters,
//       an index on ts_ms for retention and exports.
#include <string>

#include "kiosk/storage/event_store.h"

namespace kiosk::storage {
namespace {

const char* kCreateV1 =
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " ts_ms INTEGER NOT NULL,"
    " session TEXT NOT NULL,"
    " type TEXT NOT NULL,"
    " screen TEXT NOT NULL,"
    " item TEXT NOT NULL,"
    " language TEXT NOT NULL,"
    " value REAL NOT NULL,"
    " release TEXT NOT NULL);";

const char* kMigrateV1toV2 =
    "ALTER TABLE events ADD COLUMN extra TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO meta(key, value) VALUES ('pulled_through_id', 0), ('overflowed_events', 0),"
    " ('dropped_unpulled_events', 0);"
    "CREATE INDEX events_by_time ON events(ts_ms);";

} // namespace

Status checkDurability(SqliteDb& db) {
    auto journal = db.queryText("PRAGMA journal_mode");
    if (!journal) return Error{"cannot read journal_mode: " + journal.error()};
    if (*journal != "wal") return Error{"journal_mode is '" + *journal + "', not 'wal'"};
    auto synchronous = db.queryInteger("PRAGMA synchronous", -1);
    if (!synchronous) return Error{"cannot read synchronous: " + synchronous.error()};
    constexpr std::int64_t kSynchronousFull = 2;   // SQLite: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    if (*synchronous < kSynchronousFull)
        return Error{"synchronous is " + std::to_string(*synchronous) + ", not FULL (2)"};
    return {};
}

Result<std::unique_ptr<SqliteDb>> openEventDatabase(const std::filesystem::path& file) {
    auto opened = SqliteDb::open(file);
    if (!opened) return opened;
    SqliteDb& db = **opened;
    auto version = db.queryInteger("PRAGMA user_version");
    if (!version) return Error{file.string() + ": " + version.error()};
    if (*version > kEventSchemaVersion)
        return Error{file.string() + ": event database schema version " + std::to_string(*version) +
                     " is newer than this program supports (" + std::to_string(kEventSchemaVersion) + ")"};
    if (*version == 0 && db.hasTable("events"))
        return Error{file.string() + ": has an 'events' table but no schema version; not an event database"};
    // Incremental auto-vacuum lets retention give pages back; it only takes effect on a new file.
    if (*version == 0) {
        auto vacuum = db.exec("PRAGMA auto_vacuum=INCREMENTAL");
        if (!vacuum) return Error{file.string() + ": cannot set auto_vacuum=INCREMENTAL: " + vacuum.error()};
    }
    auto wal = db.queryText("PRAGMA journal_mode=WAL");
    if (!wal || *wal != "wal") return Error{file.string() + ": cannot switch to WAL mode"};
    auto full = db.exec("PRAGMA synchronous=FULL");
    if (!full) return Error{file.string() + ": cannot set synchronous=FULL: " + full.error()};
    if (auto durable = checkDurability(db); !durable)
        return Error{file.string() + ": refusing to store events without durable commits: " + durable.error()};

    for (std::int64_t v = *version; v < kEventSchemaVersion; ++v) {
        Transaction transaction(db);
        if (!transaction.begun()) return Error{file.string() + ": " + transaction.error()};
        Status step = v == 0 ? db.exec(std::string(kCreateV1) + kMigrateV1toV2) : db.exec(kMigrateV1toV2);
        if (!step) return Error{file.string() + ": migrating the schema from version " + std::to_string(v) + ": " + step.error()};
        auto stamped = db.exec("PRAGMA user_version=" + std::to_string(kEventSchemaVersion));
        if (!stamped) return Error{file.string() + ": " + stamped.error()};
        auto committed = transaction.commit();
        if (!committed) return Error{file.string() + ": " + committed.error()};
        v = kEventSchemaVersion - 1;   // each step above goes straight to the current version
    }
    return opened;
}

} // namespace kiosk::storage
