#include "platform/process_stats.h"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace kiosk::platform {

long peakRssKb() {
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

double processCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

std::int64_t monotonicMs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

std::int64_t processStartMs() {
    // Field 22 of /proc/self/stat: start time in clock ticks since boot (CLOCK_BOOTTIME-like;
    // equal to CLOCK_MONOTONIC on a machine that never suspended).
    std::ifstream in("/proc/self/stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return monotonicMs();
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 22) {
            const long ticks = sysconf(_SC_CLK_TCK);
            timespec boot{};
            clock_gettime(CLOCK_BOOTTIME, &boot);
            const std::int64_t bootMs = static_cast<std::int64_t>(boot.tv_sec) * 1000 + boot.tv_nsec / 1000000;
            const std::int64_t startSinceBootMs = std::stoll(field) * 1000 / ticks;
            return monotonicMs() - (bootMs - startSinceBootMs);
        }
    }
    return monotonicMs();
}

} // namespace kiosk::platform
