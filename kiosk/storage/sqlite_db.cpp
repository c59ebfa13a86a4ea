#include "kiosk/storage/sqlite_db.h"

#include <sqlite3.h>

namespace kiosk::storage {

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_) sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = other.stmt_;
        other.stmt_ = nullptr;
    }
    return *this;
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}
Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string message = sqlite3_errmsg(db_);
    sqlite3_reset(stmt_);
    return Error{message};
}

Status Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return Error{row.error()};
        if (!*row) break;
    }
    sqlite3_reset(stmt_);
    return {};
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!data) return {};
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}
bool Statement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::filesystem::path& file, Mode mode) {
    std::unique_ptr<SqliteDb> db(new SqliteDb());
    db->file_ = file;
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                             : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(file.c_str(), &db->db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db->db_ ? sqlite3_errmsg(db->db_) : "out of memory";
        return Error{file.string() + ": cannot open database: " + message};
    }
    sqlite3_busy_timeout(db->db_, 5000);
    sqlite3_extended_result_codes(db->db_, 1);
    // Refuse files that are not SQLite databases early, with a clear message.
    auto probe = db->queryInteger("SELECT count(*) FROM sqlite_master");
    if (!probe) return Error{file.string() + ": not a usable SQLite database: " + probe.error()};
    return db;
}

SqliteDb::~SqliteDb() {
    if (db_) sqlite3_close_v2(db_);
}

Status SqliteDb::exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        return Error{text};
    }
    return {};
}

Result<Statement> SqliteDb::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
        return Error{std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql)};
    return Statement(db_, stmt);
}

Result<std::int64_t> SqliteDb::queryInteger(std::string_view sql, std::int64_t fallback) {
    auto stmt = prepare(sql);
    if (!stmt) return Error{stmt.error()};
    auto row = stmt->step();
    if (!row) return Error{row.error()};
    return *row ? stmt->integer(0) : fallback;
}

Result<std::string> SqliteDb::queryText(std::string_view sql) {
    auto stmt = prepare(sql);
    if (!stmt) return Error{stmt.error()};
    auto row = stmt->step();
    if (!row) return Error{row.error()};
    return *row ? stmt->text(0) : std::string();
}

bool SqliteDb::hasTable(const std::string& table) {
    auto stmt = prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    if (!stmt) return false;
    stmt->bind(1, table);
    auto row = stmt->step();
    return row && *row;
}

bool SqliteDb::hasColumn(const std::string& table, const std::string& column) {
    auto stmt = prepare("SELECT 1 FROM pragma_table_info(?) WHERE name=?");
    if (!stmt) return false;
    stmt->bind(1, table).bind(2, column);
    auto row = stmt->step();
    return row && *row;
}

std::int64_t SqliteDb::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int SqliteDb::changes() const { return sqlite3_changes(db_); }
std::string SqliteDb::errorMessage() const { return sqlite3_errmsg(db_); }

Transaction::Transaction(SqliteDb& db) : db_(db) {
    auto begun = db_.exec("BEGIN IMMEDIATE");
    begun_ = begun.ok();
    if (!begun_) error_ = begun.error();
}

Transaction::~Transaction() {
    if (begun_ && !done_) (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
    if (!begun_) return Error{error_};
    auto committed = db_.exec("COMMIT");
    if (!committed) return committed;
    done_ = true;
    return {};
}

std::string integrityCheck(SqliteDb& db) {
    auto stmt = db.prepare("PRAGMA integrity_check");
    if (!stmt) return stmt.error();
    std::string report;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        if (!report.empty()) report += "\n";
        report += stmt->text(0);
    }
    return report;
}

} // namespace kiosk::storage
