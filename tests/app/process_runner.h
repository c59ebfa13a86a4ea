// Runs the kiosk executable (KIOSK_EXECUTABLE) from the app tests and reads its event log, on the shared test support
// (tests/support: time limits, temporary folders).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/storage/event_store.h"

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::test {

using namespace kiosk::testing;

// Runs the kiosk with these arguments until it exits (killed after kDefaultProcessTimeoutMs);
// `env` entries are "NAME=value" added to the environment.
ProcessResult runKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
// Starts the kiosk in the background, for tests that signal it or look at its window.
BackgroundProcess startKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// Every event in the event database of a kiosk run with `--data dataDir`, oldest first (fails
// the test when it cannot be read).
std::vector<kiosk::storage::StoredEvent> eventsIn(const std::filesystem::path& dataDir);
long countType(const std::vector<kiosk::storage::StoredEvent>& events, const std::string& type);

} // namespace kiosk::test
