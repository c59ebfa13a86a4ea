#include "kiosk/core/log.h"

#include <cstdio>
#include <mutex>
#include <set>
#include <string>

namespace kiosk::log {
namespace {
std::mutex gMutex;
bool gQuiet = false;
std::set<std::string>& seenKeys() {
    static std::set<std::string> keys;
    return keys;
}
void write(const char* level, std::string_view message) {
    std::lock_guard lock(gMutex);
    std::fprintf(stderr, "kiosk: %s%.*s\n", level, static_cast<int>(message.size()), message.data());
}
} // namespace

void info(std::string_view message) {
    if (!gQuiet) write("", message);
}
void warn(std::string_view message) { write("warning: ", message); }
void error(std::string_view message) { write("error: ", message); }

bool warnOnce(std::string_view key, std::string_view message) {
    {
        std::lock_guard lock(gMutex);
        if (!seenKeys().insert(std::string(key)).second) return false;
    }
    warn(message);
    return true;
}

void setQuiet(bool quiet) { gQuiet = quiet; }

} // namespace kiosk::log
