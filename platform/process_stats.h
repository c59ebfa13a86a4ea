// Process statistics for --stats and the status API.
#pragma once
#include <cstdint>

namespace kiosk::platform {

long peakRssKb();                  // peak resident set size
double threadCpuMs();              // CPU time used by the calling thread
double processCpuMs();             // CPU time used by the whole process (all threads)
std::int64_t processStartMs();     // monotonic ms at which this process started (approx.)
std::int64_t monotonicMs();

} // namespace kiosk::platform
