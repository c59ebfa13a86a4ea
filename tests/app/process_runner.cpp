#include "process_runner.h"

#include <doctest/doctest.h>

namespace kiosk::test {

ProcessResult runKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    return runProgram(KIOSK_EXECUTABLE, args, env);
}

BackgroundProcess startKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    return startProcess(KIOSK_EXECUTABLE, args, env);
}

std::vector<kiosk::storage::StoredEvent> eventsIn(const std::filesystem::path& dataDir) {
    auto store = kiosk::storage::EventStore::open(dataDir / "events.db");
    REQUIRE_MESSAGE(store, (store ? "" : store.error()));
    auto events = (*store)->readAfter(0, 100000);
    REQUIRE_MESSAGE(events, (events ? "" : events.error()));
    return *events;
}

long countType(const std::vector<kiosk::storage::StoredEvent>& events, const std::string& type) {
    long n = 0;
    for (const auto& e : events) n += e.typeName == type;
    return n;
}

} // namespace kiosk::test
