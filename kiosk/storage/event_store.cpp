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

} // namespace

Result<std::unique_ptr<EventStore>> EventStore::open(const std::filesystem::path& file, EventStoreOptions options) {
    auto writer = openEventDatabase(file);
    if (!writer) return Error{writer.error()};
    auto reader = SqliteDb::open(file);
    if (!reader) return Error{reader.error()};
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
        if (!batch.empty()) {
            std::lock_guard writerLock(writerMutex_);
            writeBatch(batch);
            if (overflowed > 0) (void)bumpMeta("overflowed_events", overflowed);
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
        if (options_.retentionCheckIntervalMs > 0 && Clock::now() >= nextRetention) {
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
    auto stmt = reader_->prepare(
        "SELECT id, ts_ms, session, type, screen, item, language, value, release, extra"
        " FROM events WHERE id > ? ORDER BY id LIMIT ?");
    if (!stmt) return Error{stmt.error()};
    stmt->bind(1, afterId).bind(2, static_cast<std::int64_t>(std::clamp(limit, 0, limits::kMaxPageEvents)));
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

Status EventStore::markPulledThrough(std::int64_t id) {
    std::lock_guard lock(writerMutex_);
    auto stmt = writer_->prepare(
        "UPDATE meta SET value = max(value, min(?, (SELECT seq FROM sqlite_sequence WHERE name='events')))"
        " WHERE key = 'pulled_through_id'");
    if (!stmt) return Error{stmt.error()};
    stmt->bind(1, id);
    return stmt->run();
}

std::int64_t EventStore::usedBytes() {
    auto pages = writer_->queryInteger("PRAGMA page_count");
    auto free = writer_->queryInteger("PRAGMA freelist_count");
    auto size = writer_->queryInteger("PRAGMA page_size");
    if (!pages || !free || !size) return 0;
    return (*pages - *free) * *size;
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
    stats.pulledThroughId = meta("pulled_through_id");
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
    const auto pages = valueOr(db.queryInteger("PRAGMA page_count"), std::int64_t{0});
    const auto free = valueOr(db.queryInteger("PRAGMA freelist_count"), std::int64_t{0});
    stats.databaseBytes = (pages - free) * valueOr(db.queryInteger("PRAGMA page_size"), std::int64_t{0});
    return stats;
}

Result<RetentionReport> EventStore::applyRetention(std::int64_t nowUtcMs) {
    std::lock_guard lock(writerMutex_);
    RetentionReport report;
    auto pulledThrough = writer_->queryInteger("SELECT value FROM meta WHERE key='pulled_through_id'");
    if (!pulledThrough) return Error{pulledThrough.error()};
    const std::int64_t cutoffMs = nowUtcMs - static_cast<std::int64_t>(options_.retentionDays) * 24 * 3600 * 1000;

    // 1. Pulled and older than the retention.
    auto old = writer_->prepare("DELETE FROM events WHERE id <= ? AND ts_ms < ?");
    if (!old) return Error{old.error()};
    old->bind(1, *pulledThrough).bind(2, cutoffMs);
    if (auto done = old->run(); !done) return Error{done.error()};
    report.deletedPulledEvents += writer_->changes();

    // 2. Over the size limit: pulled events oldest first, then (last resort) unpulled ones.
    auto chunk = writer_->prepare(
        "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id <= ? ORDER BY id LIMIT ?)");
    if (!chunk) return Error{chunk.error()};
    for (int pass = 0; pass < 2; ++pass) {
        const std::int64_t bound = pass == 0 ? *pulledThrough : INT64_MAX;
        while (usedBytes() > options_.maxDatabaseBytes) {
            chunk->reset();
            chunk->bind(1, bound).bind(2, static_cast<std::int64_t>(limits::kRetentionDeleteChunkEvents));
            if (auto done = chunk->run(); !done) return Error{done.error()};
            const int deleted = writer_->changes();
            if (deleted == 0) break;
            (pass == 0 ? report.deletedPulledEvents : report.droppedUnpulledEvents) += deleted;
            (void)writer_->exec("PRAGMA incremental_vacuum");
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
    report.databaseBytesAfter = usedBytes();
    return report;
}

} // namespace kiosk::storage
