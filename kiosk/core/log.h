// Minimal logging to stderr, with "log once" for repeated content problems.
#pragma once
#include <string>
#include <string_view>

namespace kiosk::log {

void info(std::string_view message);
void warn(std::string_view message);
void error(std::string_view message);
// Logs a warning the first time `key` is seen; returns true if it was logged now.
bool warnOnce(std::string_view key, std::string_view message);
// Silences info output (tests, benchmarks).
void setQuiet(bool quiet);

} // namespace kiosk::log
