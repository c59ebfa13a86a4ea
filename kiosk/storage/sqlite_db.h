// A thin RAII layer over SQLite: one connection (SqliteDb) and prepared statements (Statement).
// Errors come back as Result with SQLite's own message.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kiosk::storage {

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Binding is 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bindNull(int index);

    // Steps once: true when a row is available, false when done. Errors as Result.
    Result<bool> step();
    // Steps to the end (for statements without rows).
    Status run();
    void reset();

    std::int64_t integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb {
public:
    enum class Mode { ReadWrite, ReadOnly };
    static Result<std::unique_ptr<SqliteDb>> open(const std::filesystem::path& file, Mode mode = Mode::ReadWrite);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    Status exec(const std::string& sql);
    Result<Statement> prepare(std::string_view sql);
    // Runs a query returning a single integer (e.g. PRAGMA user_version); `fallback` if no row.
    Result<std::int64_t> queryInteger(std::string_view sql, std::int64_t fallback = 0);
    Result<std::string> queryText(std::string_view sql);
    bool hasTable(const std::string& table);
    bool hasColumn(const std::string& table, const std::string& column);
    std::int64_t lastInsertId() const;
    int changes() const;
    std::string errorMessage() const;
    const std::filesystem::path& file() const { return file_; }
    sqlite3* handle() const { return db_; }

private:
    SqliteDb() = default;
    sqlite3* db_ = nullptr;
    std::filesystem::path file_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back if not committed.
class Transaction {
public:
    explicit Transaction(SqliteDb& db);
    ~Transaction();
    bool begun() const { return begun_; }
    const std::string& error() const { return error_; }
    Status commit();

private:
    SqliteDb& db_;
    bool begun_ = false;
    bool done_ = false;
    std::string error_;
};

// The value, or `fallback` when the result is an error.
template <class T>
T valueOr(const Result<T>& result, T fallback) {
    return result ? result.value() : fallback;
}

// Runs PRAGMA integrity_check; "ok" or SQLite's report.
std::string integrityCheck(SqliteDb& db);

} // namespace kiosk::storage
