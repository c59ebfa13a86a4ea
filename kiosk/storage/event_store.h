// EventStore: the kiosk's crash-safe event log. An EventSink backed by SQLite (WAL).
//
// The UI thread only enqueues (record(): a short lock around a bounded queue, no I/O). A
// background writer commits the queue in one transaction every `batchMs` or `batchEvents`
// events, with synchronous=FULL, so a power cut loses at most the last batch window and
// the file always passes PRAGMA integrity_check. If the writer falls behind, the events
// that do not fit in the queue are counted, and the count is itself logged as an event.
//
// Ids are monotonic and never reused (AUTOINCREMENT): they are the organizers' pull cursor.
// A GET of events after id X acknowledges everything up to X ("pulled"); retention deletes
// pulled old events first and drops unpulled ones only as the last resort, recording it.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosk/core/event_log.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/result.h"
#include "kiosk/storage/event_record.h"
#include "kiosk/storage/sqlite_db.h"
#include "kiosk/storage/storage_limits.h"

namespace kiosk::storage {

inline constexpr int kEventSchemaVersion = 3;

struct EventStoreOptions {
    // Defaults: the [log] keys of the settings table (kiosk/core/config_settings.cpp).
    int batchMs = kioskConfigDefaults().logBatchMs;
    int batchEvents = kioskConfigDefaults().logBatchEvents;
    std::size_t maxQueuedEvents = limits::kMaxQueuedEvents;
    int retentionDays = kioskConfigDefaults().logRetentionDays;
    std::int64_t maxDatabaseBytes = std::int64_t{kioskConfigDefaults().logMaxDatabaseMb} * 1024 * 1024;
    int retentionCheckIntervalMs = limits::kRetentionCheckIntervalMs;   // 0: only when asked
    // True: the writer thread's periodic retention waits for allowRetention() (the kiosk calls
    // it after its first frame, so that start-up does not pay for it).
    bool retentionWaitsForStart = false;
    // Recorded in the database (kiosk_info) so that reports of a copied file name the kiosk.
    std::string kioskId;
    // Called on the writer thread after each commit with the highest id committed (tests, tools).
    std::function<void(std::int64_t lastCommittedId)> onCommitted;
};

struct EventStoreStats {
    std::int64_t storedEvents = 0;
    std::int64_t unpulledEvents = 0;
    std::int64_t lastId = 0;
    std::int64_t pulledThroughId = 0;
    std::int64_t overflowedEvents = 0;       // dropped because the queue was full (all time)
    std::int64_t droppedUnpulledEvents = 0;  // deleted by retention before being pulled (all time)
    std::int64_t failedWriteEvents = 0;      // lost to write errors (since start)
    std::int64_t databaseBytes = 0;          // on disk: the file and its write-ahead log
    std::int64_t queuedEvents = 0;
};

struct RetentionReport {
    std::int64_t deletedPulledEvents = 0;
    std::int64_t droppedUnpulledEvents = 0;
    std::int64_t databaseBytesAfter = 0;     // the file and its write-ahead log
};

class EventStore final : public EventSink {
public:
    // Opens (creating or migrating) the database and starts the writer thread.
    static Result<std::unique_ptr<EventStore>> open(const std::filesystem::path& file, EventStoreOptions options = {});
    ~EventStore() override;   // commits what is queued, then stops the writer

    // UI thread: enqueue only.
    void record(Event event) override;

    // Blocks until everything recorded before the call is committed (or failed).
    void flush();
    // Events with id > afterId, ascending, at most `limit`.
    Result<std::vector<StoredEvent>> readAfter(std::int64_t afterId, int limit) const;
    // The same events as one compact page (event_record.h), encoded straight from the rows.
    Result<std::string> readAfterCompact(std::int64_t afterId, int limit) const;
    // Organizers have everything up to `id` (never moves backwards, never past the last id).
    // Cheap (no disk write on the caller's thread): the writer thread stores it with its next
    // batch window. A crash before that forgets the acknowledgement, which only keeps events
    // longer (they count as unpulled); retention stores it first.
    Status markPulledThrough(std::int64_t id);
    EventStoreStats stats() const;            // counts rows: not for every request
    std::int64_t lastId() const;              // highest id ever committed (cheap)
    std::size_t queuedEvents() const;         // waiting for the writer (cheap)
    // Lets the writer thread's periodic retention begin (retentionWaitsForStart); any thread.
    void allowRetention() { retentionAllowed_.store(true); }
    // Applies retention now (the writer also does it every retentionCheckIntervalMs).
    Result<RetentionReport> applyRetention(std::int64_t nowUtcMs);
    const std::filesystem::path& file() const { return file_; }

private:
    EventStore() = default;
    void writerLoop();
    void writeBatch(std::deque<Event>& batch);
    Result<std::int64_t> insertAll(const std::deque<Event>& batch);
    Status bumpMeta(const char* key, std::int64_t delta);
    void storePulledThrough();   // writer lock held
    // Bytes on disk: the database file plus its write-ahead log (what max_database_mb bounds).
    std::int64_t diskBytes();
    // Copies the WAL into the file and truncates it to zero bytes; false when a reader kept it.
    bool checkpointAndTruncateWal();

    std::filesystem::path file_;
    EventStoreOptions options_;

    // Queue (UI thread <-> writer).
    mutable std::mutex queueMutex_;
    std::condition_variable queueWake_;
    std::condition_variable committedWake_;
    std::deque<Event> queue_;
    std::uint64_t enqueuedCount_ = 0;     // events accepted into the queue so far
    std::uint64_t handledCount_ = 0;      // events committed or failed so far
    bool flushRequested_ = false;
    bool stopping_ = false;
    std::atomic<std::int64_t> overflowSinceLogged_{0};

    // Writer connection (writer thread, retention, cursor updates).
    mutable std::mutex writerMutex_;
    std::unique_ptr<SqliteDb> writer_;
    Statement insert_;
    // Reader connection (API threads).
    mutable std::mutex readerMutex_;
    std::unique_ptr<SqliteDb> reader_;

    std::atomic<std::int64_t> failedWriteEvents_{0};
    std::atomic<bool> retentionAllowed_{false};
    std::atomic<std::int64_t> pulledThroughAsked_{0};    // highest acknowledged id, maybe not stored yet
    std::atomic<std::int64_t> pulledThroughStored_{0};   // what meta holds at least (written under the writer lock)
    std::thread thread_;
};

// Opens or creates an event database and brings its schema to kEventSchemaVersion.
Result<std::unique_ptr<SqliteDb>> openEventDatabase(const std::filesystem::path& file);
// The durability the event store's promise rests on (a power cut loses at most one batch
// window, the file always passes integrity_check): journal_mode=WAL and synchronous=FULL in
// effect on `db`, read back from SQLite. An error names what is not in effect; the store then
// refuses the file (openEventDatabase) rather than write without durable commits.
Status checkDurability(SqliteDb& db);

} // namespace kiosk::storage
