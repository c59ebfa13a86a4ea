// Logs events into an EventStore as fast as it can, and after each commit writes the highest
// committed id (8 bytes) to stdout, so the parent knows what the store acknowledged before
// it SIGKILLs this process. Usage: event_store_crash_child DB_FILE BATCH_MS
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "kiosk/core/log.h"
#include "kiosk/storage/event_store.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: event_store_crash_child DB_FILE BATCH_MS\n");
        return 2;
    }
    kiosk::log::setQuiet(true);
    kiosk::storage::EventStoreOptions options;
    options.batchMs = std::atoi(argv[2]);
    options.retentionCheckIntervalMs = 0;
    options.onCommitted = [](std::int64_t id) {
        if (::write(STDOUT_FILENO, &id, sizeof id) != static_cast<ssize_t>(sizeof id)) std::_Exit(3);
    };
    auto store = kiosk::storage::EventStore::open(argv[1], options);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().c_str());
        return 2;
    }
    for (std::int64_t sequence = 0;; ++sequence) {
        kiosk::Event e;
        e.type = kiosk::EventType::View;
        e.timestampMs = kiosk::utcNowMs();
        e.sessionId = "crash-test";
        e.screen = "item";
        e.item = "item";
        e.value = static_cast<double>(sequence);
        (*store)->record(std::move(e));
        if (sequence % 64 == 0) std::this_thread::yield();
    }
}
