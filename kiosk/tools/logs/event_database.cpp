#include "kiosk/tools/logs/event_database.h"

namespace kiosk::logs {

using storage::SqliteDb;
using storage::Transaction;

Result<std::unique_ptr<SqliteDb>> openOrganizerDatabase(const std::filesystem::path& file) {
    auto opened = SqliteDb::open(file);
    if (!opened) return opened;
    SqliteDb& db = **opened;
    const std::int64_t version = storage::valueOr(db.queryInteger("PRAGMA user_version"), std::int64_t{-1});
    const bool organizer = db.hasTable("kiosks");
    if (version != 0 && !organizer)
        return Error{file.string() + ": this is not an organizers' database (a kiosk's own event database? "
                                     "export and report read those; pull needs its own --db file)"};
    if (version > kOrganizerSchemaVersion)
        return Error{file.string() + ": organizers' database version " + std::to_string(version) +
                     " is newer than this kiosk-logs supports"};
    auto wal = db.queryText("PRAGMA journal_mode=WAL");
    if (!wal) return Error{file.string() + ": " + wal.error()};
    (void)db.exec("PRAGMA synchronous=FULL");
    if (version == 0) {
        Transaction transaction(db);
        if (!transaction.begun()) return Error{file.string() + ": " + transaction.error()};
        auto created = db.exec(
            "CREATE TABLE kiosks(url TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL DEFAULT '',"
            " cursor INTEGER NOT NULL DEFAULT 0, last_pull_ms INTEGER NOT NULL DEFAULT 0,"
            " last_error TEXT NOT NULL DEFAULT '');"
            "CREATE TABLE events(kiosk TEXT NOT NULL, source_id INTEGER NOT NULL, ts_ms INTEGER NOT NULL,"
            " session TEXT NOT NULL, type TEXT NOT NULL, screen TEXT NOT NULL, item TEXT NOT NULL,"
            " language TEXT NOT NULL, value REAL NOT NULL, release TEXT NOT NULL, extra TEXT NOT NULL,"
            " PRIMARY KEY(kiosk, source_id)) WITHOUT ROWID;"
            "CREATE INDEX events_by_time ON events(ts_ms, kiosk, source_id);"
            "PRAGMA user_version=1;");
        if (!created) return Error{file.string() + ": " + created.error()};
        auto committed = transaction.commit();
        if (!committed) return Error{file.string() + ": " + committed.error()};
    }
    return opened;
}

Result<std::int64_t> forEachEvent(const std::filesystem::path& file, const TimeRange& range,
                                  const std::function<void(const KioskEvent&)>& visit) {
    if (!std::filesystem::exists(file)) return Error{file.string() + ": no such database"};
    auto opened = SqliteDb::open(file);
    if (!opened) return Error{opened.error()};
    SqliteDb& db = **opened;
    if (!db.hasTable("events")) return Error{file.string() + ": has no events (not a kiosk or organizers' database)"};
    const bool organizer = db.hasTable("kiosks");
    const std::string extra = db.hasColumn("events", "extra") ? "extra" : "''";
    std::string sql;
    if (organizer) {
        sql = "SELECT CASE k.kiosk_id WHEN '' THEN e.kiosk ELSE k.kiosk_id END, e.source_id, e.ts_ms, e.session,"
              " e.type, e.screen, e.item, e.language, e.value, e.release, e.extra"
              " FROM events e LEFT JOIN kiosks k ON k.url = e.kiosk WHERE e.ts_ms >= ? AND e.ts_ms < ?"
              " ORDER BY e.ts_ms, e.kiosk, e.source_id";
    } else {
        sql = "SELECT '', id, ts_ms, session, type, screen, item, language, value, release, " + extra +
              " FROM events WHERE ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, id";
    }
    auto stmt = db.prepare(sql);
    if (!stmt) return Error{file.string() + ": " + stmt.error()};
    stmt->bind(1, range.sinceMs.value_or(INT64_MIN)).bind(2, range.untilMs.value_or(INT64_MAX));
    const std::string ownName = file.stem().string();
    std::int64_t count = 0;
    KioskEvent row;
    for (;;) {
        auto step = stmt->step();
        if (!step) return Error{file.string() + ": " + step.error()};
        if (!*step) break;
        row.kiosk = organizer ? stmt->text(0) : ownName;
        row.stored.id = stmt->integer(1);
        Event& e = row.stored.event;
        e.timestampMs = stmt->integer(2);
        e.sessionId = stmt->text(3);
        row.stored.typeName = stmt->text(4);
        e.type = storage::eventTypeFromName(row.stored.typeName).value_or(EventType::Error);
        e.screen = stmt->text(5);
        e.item = stmt->text(6);
        e.language = stmt->text(7);
        e.value = stmt->real(8);
        e.releaseVersion = stmt->text(9);
        e.extraJson = stmt->text(10);
        visit(row);
        ++count;
    }
    return count;
}

} // namespace kiosk::logs
