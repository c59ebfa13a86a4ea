// Figures of one kiosk run for --stats FILE.json.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::app {

class RunStats {
public:
    // Frame times are kept for the last kFrameWindow frames only: a kiosk runs for weeks.
    static constexpr std::size_t kFrameWindow = 20000;

    void frameDone(double cpuMs);
    void firstFramePresented(std::int64_t startupMs) { if (startupMs_ < 0) startupMs_ = startupMs; }
    std::size_t frames() const { return frames_; }
    double percentile(double p) const;   // of frame CPU ms over the window; 0 when no frames

    // Writes {startup_ms, frames, frame_ms_p50, frame_ms_p99, peak_rss_kb, screens}.
    Result<bool> write(const std::filesystem::path& file, long peakRssKb, const std::vector<std::string>& screens) const;

private:
    std::vector<double> frameCpuMs_;   // ring buffer of the last kFrameWindow frames
    std::size_t frames_ = 0;
    std::int64_t startupMs_ = -1;
};

} // namespace kiosk::app
