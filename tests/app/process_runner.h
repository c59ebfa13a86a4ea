// Runs the kiosk executable (KIOSK_EXECUTABLE) from the app tests, on the shared test support
// (tests/support: time limits, temporary folders).
#pragma once
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk::test {

using namespace kiosk::testing;

// Runs the kiosk with these arguments until it exits (killed after kDefaultProcessTimeoutMs);
// `env` entries are "NAME=value" added to the environment.
ProcessResult runKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
// Starts the kiosk in the background, for tests that signal it or look at its window.
BackgroundProcess startKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

} // namespace kiosk::test
