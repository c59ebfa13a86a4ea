#include "kiosk/storage/event_store.h"

#include <algorithm>
#include <chrono>

#include "kiosk/core/log.h"

namespace kiosk::storage {
namespace {

std::string clip(std::string text) {
    if (text.size() > limits::kMaxEventTextBytes) text.resize(limits::kMaxEventTextBytes);
    return text;
}

// The page after `afterId`, at most `limit` (clamped) events, columns in the order both readers
// use: id, ts_ms, session, type, screen, item, language, value, release, extra.
Result<Statement> preparePageAfter(SqliteDb& db, std::int64_t afterId, int limit) {
    auto stmt = db.prepare(
        "SELECT id, ts_ms, session, type, screen, item, language, value, release, extra"
        " FROM events WHERE id > ? ORDER BY id LIMIT ?");
    if (!stmt) return Error{stmt.error()};
    stmt->bind(1, afterId).bind(2, static_cast<std::int64_t>(std::clamp(limit, 0, limits::kMaxPageEvents)));
    return stmt;
}

} // namespace

Result<std::unique_ptr<EventStore>> EventStore::open(const std::filesystem::path& file, EventStoreOptions options) {
    auto writer = openEventDatabase(file);
    if (!writer) return Error{writer.error()};
    auto reader = SqliteDb::open(file);
    if (!reader) return Error{reader.error()};
    (void)(*writer)->exec("PRAGMA journal_size_limit=" + std::to_string(limits::kWalSizeLimitBytes));
    if (!options.kioskId.empty()) {
        auto id = (*writer)->prepare("INSERT INTO kiosk_info(key, value) VALUES ('kiosk_id', ?)"
                                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value");
        if (id) {
            id->bind(1, options.kioskId);
            (void)id->run();
        }
    }
    auto insert = (*writer)->prepare(
        "INSERT INTO events(ts_ms, session, type, screen, item, language, value, release, extra)"
        " VALUES (?,?,?,?,?,?,?,?,?)");
    if (!insert) return Error{file.string() + ": " + insert.error()};

    std::unique_ptr<EventStore> store(new EventStore());
    store->file_ = file;
    store->options_ = std::move(options);
    store->options_.batchMs = std::max(1, store->options_.batchMs);
    store->options_.batchEvents = std::max(1, store->options_.batchEvents);
    store->options_.maxQueuedEvents = std::max<std::size_t>(1, store->options_.maxQueuedEvents);
    store->writer_ = std::move(*writer);
    store->reader_ = std::move(*reader);
    store->insert_ = std::move(*insert);
    store->thread_ = std::thread([s = store.get()] { s->writerLoop(); });
    return store;
}

EventStore::~EventStore() {
    {
        std::lock_guard lock(queueMutex_);
        stopping_ = true;
    }
    queueWake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void EventStore::record(Event event) {
    {
        std::lock_guard lock(queueMutex_);
        if (queue_.size() >= options_.maxQueuedEvents) {
            overflowSinceLogged_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        queue_.push_back(std::move(event));
        ++enqueuedCount_;
        if (queue_.size() < static_cast<std::size_t>(options_.batchEvents)) return;
    }
    queueWake_.notify_one();
}

void EventStore::flush() {
    std::unique_lock lock(queueMutex_);
    const std::uint64_t target = enqueuedCount_;
    flushRequested_ = true;
    queueWake_.notify_one();
    committedWake_.wait(lock, [&] { return handledCount_ >= target || !thread_.joinable(); });
}

void EventStore::writerLoop() {
    using Clock = std::chrono::steady_clock;
    auto nextRetention = Clock::now();
    for (;;) {
        std::deque<Event> batch;
        bool stop = false;
        {
            std::unique_lock lock(queueMutex_);
            queueWake_.wait_for(lock, std::chrono::milliseconds(options_.batchMs), [&] {
                return stopping_ || flushRequested_ || queue_.size() >= static_cast<std::size_t>(options_.batchEvents);
            });
            batch.swap(queue_);
            flushRequested_ = false;
            stop = stopping_;
        }
        const std::int64_t overflowed = overflowSinceLogged_.exchange(0);
        if (overflowed > 0) {
            log::warnOnce("event-queue-overflow", "event log: the writer fell behind; events were dropped and counted");
            Event note;
            note.type = EventType::Error;
            note.timestampMs = utcNowMs();
            note.item = "event_queue_overflow";
            note.value = static_cast<double>(overflowed);
            note.extraJson = "{\"dropped_events\":" + std::to_string(overflowed) + "}";
            batch.push_back(std::move(note));
        }
        const std::size_t handled = batch.size() - (overflowed > 0 ? 1 : 0);
        if (!batch.empty() || pulledThroughAsked_.load() > pulledThroughStored_) {
            std::lock_guard writerLock(writerMutex_);
            if (!batch.empty()) writeBatch(batch);
            if (overflowed > 0) (void)bumpMeta("overflowed_events", overflowed);
            storePulledThrough();
        }
        {
            std::lock_guard lock(queueMutex_);
            handledCount_ += handled;
        }
        committedWake_.notify_all();
        if (stop) {
            std::lock_guard lock(queueMutex_);
            if (queue_.empty()) break;
            continue;
        }
        if (options_.retentionCheckIntervalMs > 0 && Clock::now() >= nextRetention &&
            (!options_.retentionWaitsForStart || retentionAllowed_.load())) {
            nextRetention = Clock::now() + std::chrono::milliseconds(options_.retentionCheckIntervalMs);
            auto report = applyRetention(utcNowMs());
            if (!report) log::warnOnce("event-retention", "event log retention: " + report.error());
        }
    }
}

Result<std::int64_t> EventStore::insertAll(const std::deque<Event>& batch) {
    Transaction transaction(*writer_);
    if (!transaction.begun()) return Error{transaction.error()};
    for (const Event& e : batch) {
        insert_.reset();
        std::string extra = e.extraJson;
        if (extra.size() > limits::kMaxExtraJsonBytes) extra = "{\"truncated\":true}";
        insert_.bind(1, static_cast<std::int64_t>(e.timestampMs))
            .bind(2, clip(e.sessionId))
            .bind(3, std::string_view(eventTypeName(e.type)))
            .bind(4, clip(e.screen))
            .bind(5, clip(e.item))
            .bind(6, clip(e.language))
            .bind(7, e.value)
            .bind(8, clip(e.releaseVersion))
            .bind(9, extra);
        auto done = insert_.run();
        if (!done) return Error{done.error()};
    }
    const std::int64_t last = writer_->lastInsertId();
    auto committed = transaction.commit();
    if (!committed) return Error{committed.error()};
    return last;
}

void EventStore::writeBatch(std::deque<Event>& batch) {
    auto last = insertAll(batch);
    if (!last) {
        // One retry (e.g. a transient lock); then the batch is counted as lost.
        last = insertAll(batch);
    }
    if (!last) {
        failedWriteEvents_.fetch_add(static_cast<std::int64_t>(batch.size()));
        log::warnOnce("event-write-failed", "event log: cannot write to " + file_.string() + ": " + last.error());
        return;
    }
    if (options_.onCommitted) options_.onCommitted(*last);
}

Status EventStore::bumpMeta(const char* key, std::int64_t delta) {
    auto stmt = writer_->prepare("UPDATE meta SET value = value + ? WHERE key = ?");
    if (!stmt) return Error{stmt.error()};
    stmt->bind(1, delta).bind(2, std::string_view(key));
    return stmt->run();
}

Result<std::vector<StoredEvent>> EventStore::readAfter(std::int64_t afterId, int limit) const {
    std::lock_guard lock(readerMutex_);
    auto stmt = preparePageAfter(*reader_, afterId, limit);
    if (!stmt) return Error{stmt.error()};
    std::vector<StoredEvent> events;
    for (;;) {
        auto row = stmt->step();
        if (!row) return Error{row.error()};
        if (!*row) break;
        StoredEvent stored;
        stored.id = stmt->integer(0);
        stored.typeName = stmt->text(3);
        Event& e = stored.event;
        e.type = eventTypeFromName(stored.typeName).value_or(EventType::Error);
        e.timestampMs = stmt->integer(1);
        e.sessionId = stmt->text(2);
        e.screen = stmt->text(4);
        e.item = stmt->text(5);
        e.language = stmt->text(6);
        e.value = stmt->real(7);
        e.releaseVersion = stmt->text(8);
        e.extraJson = stmt->text(9);
        events.push_back(std::move(stored));
    }
    return events;
}

Result<std::string> EventStore::readAfterCompact(std::int64_t afterId, int limit) const {
    std::lock_guard lock(readerMutex_);
    auto stmt = preparePageAfter(*reader_, afterId, limit);
    if (!stmt) return Error{stmt.error()};
    std::string page;
    page.reserve(static_cast<std::size_t>(std::clamp(limit, 0, limits::kMaxPageEvents)) * 120 + 256);
    appendCompactHeader(page);
    std::size_t count = 0;
    for (;;) {
        auto row = stmt->step();
        if (!row) return Error{row.error()};
        if (!*row) break;
        StoredEventView e;
        e.id = stmt->integer(0);
        e.timestampMs = stmt->integer(1);
        e.session = stmt->textView(2);
        e.type = stmt->textView(3);
        e.screen = stmt->textView(4);
        e.item = stmt->textView(5);
        e.language = stmt->textView(6);
        e.value = stmt->real(7);
        e.release = stmt->textView(8);
        e.extra = stmt->textView(9);
        appendCompactLine(page, e);
        ++count;
    }
    appendCompactTrailer(page, count);
    return page;
}

Status EventStore::markPulledThrough(std::int64_t id) {
    const std::int64_t clamped = std::min(id, lastId());
    std::int64_t current = pulledThroughAsked_.load();
    while (clamped > current && !pulledThroughAsked_.compare_exchange_weak(current, clamped)) {
    }
    return {};
}

void EventStore::storePulledThrough() {
    const std::int64_t asked = pulledThroughAsked_.load();
    if (asked <= pulledThroughStored_) return;
    auto stmt = writer_->prepare("UPDATE meta SET value = max(value, ?) WHERE key = 'pulled_through_id'");
    if (!stmt) return;
    stmt->bind(1, asked);
    if (stmt->run()) pulledThroughStored_ = asked;
}

std::int64_t EventStore::diskBytes() {
    std::error_code error;
    const auto fileBytes = std::filesystem::file_size(file_, error);
    const std::int64_t main = error ? 0 : static_cast<std::int64_t>(fileBytes);
    const auto walBytes = std::filesystem::file_size(file_.string() + "-wal", error);
    return main + (error ? 0 : static_cast<std::int64_t>(walBytes));
}

bool EventStore::checkpointAndTruncateWal() {
    // The API's reader connection must not hold a read transaction meanwhile.
    std::lock_guard readerLock(readerMutex_);
    auto stmt = writer_->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!stmt) return false;
    auto row = stmt->step();
    return row && *row && stmt->integer(0) == 0;   // busy = 0: done
}

std::int64_t EventStore::lastId() const {
    std::lock_guard lock(readerMutex_);
    return valueOr(reader_->queryInteger("SELECT seq FROM sqlite_sequence WHERE name='events'"), std::int64_t{0});
}

std::size_t EventStore::queuedEvents() const {
    std::lock_guard lock(queueMutex_);
    return queue_.size();
}

EventStoreStats EventStore::stats() const {
    EventStoreStats stats;
    {
        std::lock_guard lock(queueMutex_);
        stats.queuedEvents = static_cast<std::int64_t>(queue_.size());
    }
    stats.failedWriteEvents = failedWriteEvents_.load();
    std::lock_guard lock(readerMutex_);
    SqliteDb& db = *reader_;
    auto meta = [&](const char* key) {
        auto stmt = db.prepare("SELECT value FROM meta WHERE key = ?");
        if (!stmt) return std::int64_t{0};
        stmt->bind(1, std::string_view(key));
        auto row = stmt->step();
        return row && *row ? stmt->integer(0) : std::int64_t{0};
    };
    stats.pulledThroughId = std::max(meta("pulled_through_id"), pulledThroughAsked_.load());
    stats.overflowedEvents = meta("overflowed_events") + overflowSinceLogged_.load();
    stats.droppedUnpulledEvents = meta("dropped_unpulled_events");
    stats.storedEvents = valueOr(db.queryInteger("SELECT count(*) FROM events"), std::int64_t{0});
    auto unpulled = db.prepare("SELECT count(*) FROM events WHERE id > ?");
    if (unpulled) {
        unpulled->bind(1, stats.pulledThroughId);
        auto row = unpulled->step();
        if (row && *row) stats.unpulledEvents = unpulled->integer(0);
    }
    stats.lastId = valueOr(db.queryInteger("SELECT seq FROM sqlite_sequence WHERE name='events'"), std::int64_t{0});
    std::error_code error;
    const auto fileBytes = std::filesystem::file_size(file_, error);
    stats.databaseBytes = error ? 0 : static_cast<std::int64_t>(fileBytes);
    const auto walBytes = std::filesystem::file_size(file_.string() + "-wal", error);
    if (!error) stats.databaseBytes += static_cast<std::int64_t>(walBytes);
    return stats;
}

Result<RetentionReport> EventStore::applyRetention(std::int64_t nowUtcMs) {
    std::lock_guard lock(writerMutex_);
    RetentionReport report;
    storePulledThrough();
    auto pulledThrough = writer_->queryInteger("SELECT value FROM meta WHERE key='pulled_through_id'");
    if (!pulledThrough) return Error{pulledThrough.error()};
    const std::int64_t cutoffMs = nowUtcMs - static_cast<std::int64_t>(options_.retentionDays) * 24 * 3600 * 1000;

    // 1. Pulled and older than the retention.
    auto old = writer_->prepare("DELETE FROM events WHERE id <= ? AND ts_ms < ?");
    if (!old) return Error{old.error()};
    old->bind(1, *pulledThrough).bind(2, cutoffMs);
    if (auto done = old->run(); !done) return Error{done.error()};
    report.deletedPulledEvents += writer_->changes();

    // 2. Over the size limit on disk (file + WAL): pulled events oldest first, then (last
    // resort) unpulled ones. Each step gives pages back (incremental vacuum) and checkpoints
    // the WAL into the file and truncates it. If a reader keeps the WAL from being truncated,
    // only the file counts (never delete events for a WAL that will shrink soon anyway).
    (void)writer_->exec("PRAGMA incremental_vacuum");
    bool walTruncated = checkpointAndTruncateWal();
    auto measured = [&] {
        std::int64_t bytes = diskBytes();
        if (!walTruncated) {
            std::error_code error;
            const auto fileBytes = std::filesystem::file_size(file_, error);
            bytes = error ? 0 : static_cast<std::int64_t>(fileBytes);
        }
        return bytes;
    };
    auto chunk = writer_->prepare(
        "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id <= ? ORDER BY id LIMIT ?)");
    if (!chunk) return Error{chunk.error()};
    for (int pass = 0; pass < 2; ++pass) {
        const std::int64_t bound = pass == 0 ? *pulledThrough : INT64_MAX;
        while (measured() > options_.maxDatabaseBytes) {
            chunk->reset();
            chunk->bind(1, bound).bind(2, static_cast<std::int64_t>(limits::kRetentionDeleteChunkEvents));
            if (auto done = chunk->run(); !done) return Error{done.error()};
            const int deleted = writer_->changes();
            if (deleted == 0) break;
            (pass == 0 ? report.deletedPulledEvents : report.droppedUnpulledEvents) += deleted;
            (void)writer_->exec("PRAGMA incremental_vacuum");
            walTruncated = checkpointAndTruncateWal();
        }
    }
    (void)writer_->exec("PRAGMA incremental_vacuum");
    if (report.droppedUnpulledEvents > 0) {
        log::warn("event log: database over its size limit; dropped " + std::to_string(report.droppedUnpulledEvents) +
                  " events organizers had not pulled yet");
        (void)bumpMeta("dropped_unpulled_events", report.droppedUnpulledEvents);
        Event note;
        note.type = EventType::Error;
        note.timestampMs = nowUtcMs;
        note.item = "retention_dropped_unpulled";
        note.value = static_cast<double>(report.droppedUnpulledEvents);
        note.extraJson = "{\"dropped_events\":" + std::to_string(report.droppedUnpulledEvents) + "}";
        std::deque<Event> batch{std::move(note)};
        writeBatch(batch);
    }
    (void)checkpointAndTruncateWal();
    report.databaseBytesAfter = diskBytes();
    return report;
}

} // namespace kiosk::storage
