#include "kiosk/app/run_stats.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

namespace kiosk::app {

void RunStats::frameDone(double cpuMs, const char* screen) {
    if (slowest_.size() < kSlowestFramesKept || cpuMs > slowest_.back().cpuMs) {
        if (slowest_.size() == kSlowestFramesKept) slowest_.pop_back();
        const auto at = std::find_if(slowest_.begin(), slowest_.end(), [&](const SlowFrame& f) { return f.cpuMs < cpuMs; });
        slowest_.insert(at, SlowFrame{cpuMs, frames_, screen});
    }
    if (frameCpuMs_.size() < kFrameWindow) frameCpuMs_.push_back(cpuMs);
    else frameCpuMs_[frames_ % kFrameWindow] = cpuMs;
    ++frames_;
}

double RunStats::percentile(double p) const {
    if (frameCpuMs_.empty()) return 0;
    std::vector<double> sorted = frameCpuMs_;
    std::sort(sorted.begin(), sorted.end());
    const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(std::floor(rank));
    const std::size_t hi = std::min(sorted.size() - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - static_cast<double>(lo));
}

Result<bool> RunStats::write(const std::filesystem::path& file, long peakRssKb, const std::vector<std::string>& screens) const {
    nlohmann::json doc;
    doc["startup_ms"] = startupMs_;
    doc["complete_ms"] = completeMs_;
    doc["complete_cpu_ms"] = std::round(completeCpuMs_);
    doc["frames"] = frames();
    doc["frame_ms_p50"] = std::round(percentile(50) * 1000) / 1000;
    doc["frame_ms_p99"] = std::round(percentile(99) * 1000) / 1000;
    doc["peak_rss_kb"] = peakRssKb;
    // Screens shown, in order, without consecutive repeats.
    std::vector<std::string> shown;
    for (const auto& s : screens) if (shown.empty() || shown.back() != s) shown.push_back(s);
    doc["screens"] = shown;
    doc["renderer"] = renderer_;
    doc["renderer_reason"] = rendererReason_;
    doc["damage"] = {{"frames", damage_.frames}, {"partial_frames", damage_.partialFrames},
                     {"skipped_frames", damage_.skippedFrames}, {"mismatched_frames", damage_.mismatchedFrames},
                     {"damaged_fraction", damage_.totalPixels > 0 ? static_cast<double>(damage_.damagedPixels) /
                                                                        static_cast<double>(damage_.totalPixels) : 0.0}};
    nlohmann::json slowest = nlohmann::json::array();
    for (const SlowFrame& f : slowest_)
        slowest.push_back({{"frame", f.frame}, {"screen", f.screen}, {"cpu_ms", std::round(f.cpuMs * 1000) / 1000}});
    doc["slowest_frames"] = slowest;
    doc["rehearsal"] = {{"screens", rehearsals_}, {"cpu_ms", std::round(rehearsalCpuMs_ * 10) / 10}};
    doc["atlas"] = {{"glyphs", atlas_.glyphs}, {"from_cache", atlas_.fromCache}, {"build_ms", std::round(atlas_.buildMs * 10) / 10},
                    {"ui_thread_builds", atlas_.uiThreadBuilds}, {"background_rebuilds", atlas_.backgroundRebuilds},
                    {"swaps", atlas_.swaps}, {"fallback_glyphs", atlas_.fallbackGlyphs},
                    {"preparations", atlas_.preparations}, {"from_preparation", atlas_.fromPreparation}};
    std::ofstream out(file);
    if (!out) return Error{file.string() + ": cannot write stats"};
    out << doc.dump(2) << "\n";
    if (!out) return Error{file.string() + ": cannot write stats"};
    return true;
}

} // namespace kiosk::app
