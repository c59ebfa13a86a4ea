#include "kiosk/tools/logs/event_database.h"

#include <filesystem>

#include "kiosk/storage/sqlite_db.h"

namespace kiosk::logs {
namespace {

using storage::SqliteDb;

// A kiosk's own events.db (read only; it may be a copy with or without its -wal file).
Result<std::int64_t> forEachKioskEvent(SqliteDb& db, const std::filesystem::path& file, const TimeRange& range,
                                       const EventVisitor& visit) {
    const std::string extra = db.hasColumn("events", "extra") ? "extra" : "''";
    auto stmt = db.prepare("SELECT id, ts_ms, session, type, screen, item, language, value, release, " + extra +
                           " FROM events WHERE ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, id");
    if (!stmt) return Error{file.string() + ": " + stmt.error()};
    stmt->bind(1, range.sinceMs.value_or(INT64_MIN)).bind(2, range.untilMs.value_or(INT64_MAX));
    std::string kioskId;
    if (db.hasTable("kiosk_info")) kioskId = storage::valueOr(db.queryText("SELECT value FROM kiosk_info WHERE key = 'kiosk_id'"), std::string());
    KioskEvent row;
    row.kiosk = kioskId.empty() ? file.stem().string() : kioskId;
    std::int64_t count = 0;
    for (;;) {
        auto step = stmt->step();
        if (!step) return Error{file.string() + ": " + step.error()};
        if (!*step) break;
        row.stored.id = stmt->integer(0);
        Event& e = row.stored.event;
        e.timestampMs = stmt->integer(1);
        e.sessionId.assign(stmt->textView(2));
        row.stored.typeName.assign(stmt->textView(3));
        e.type = storage::eventTypeFromName(row.stored.typeName).value_or(EventType::Error);
        e.screen.assign(stmt->textView(4));
        e.item.assign(stmt->textView(5));
        e.language.assign(stmt->textView(6));
        e.value = stmt->real(7);
        e.releaseVersion.assign(stmt->textView(8));
        e.extraJson.assign(stmt->textView(9));
        visit(row);
        ++count;
    }
    return count;
}

} // namespace

Result<std::int64_t> forEachEvent(const std::string& where, const TimeRange& range, const EventVisitor& visit) {
    if (isPostgresUri(where)) {
        auto db = openPostgresOrganizerDatabase(where);
        if (!db) return Error{db.error()};
        return (*db)->forEachEvent(range, visit);
    }
    const std::filesystem::path file(where);
    if (!std::filesystem::exists(file)) return Error{file.string() + ": no such database"};
    {
        auto opened = SqliteDb::open(file);
        if (!opened) return Error{opened.error()};
        if (!(*opened)->hasTable("events"))
            return Error{file.string() + ": has no events (not a kiosk or organizers' database)"};
        if (!(*opened)->hasTable("kiosks")) return forEachKioskEvent(**opened, file, range, visit);
    }
    auto db = openSqliteOrganizerDatabase(where);   // migrates an old organizers' database first
    if (!db) return Error{db.error()};
    return (*db)->forEachEvent(range, visit);
}

} // namespace kiosk::logs
