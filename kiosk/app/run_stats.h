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
    void frameDone(double cpuMs) { frameCpuMs_.push_back(cpuMs); }
    void firstFramePresented(std::int64_t startupMs) { if (startupMs_ < 0) startupMs_ = startupMs; }
    std::size_t frames() const { return frameCpuMs_.size(); }
    double percentile(double p) const;   // of frame CPU ms; 0 when no frames

    // Writes {startup_ms, frames, frame_ms_p50, frame_ms_p99, peak_rss_kb, screens}.
    Result<bool> write(const std::filesystem::path& file, long peakRssKb, const std::vector<std::string>& screens) const;

private:
    std::vector<double> frameCpuMs_;
    std::int64_t startupMs_ = -1;
};

} // namespace kiosk::app
