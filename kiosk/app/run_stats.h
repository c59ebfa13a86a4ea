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

    // `screen`: the screen the frame drew (kept for the slowest frames only).
    void frameDone(double cpuMs, const char* screen = "");
    void firstFramePresented(std::int64_t startupMs) { if (startupMs_ < 0) startupMs_ = startupMs; }
    // The first frame drawn with no image still decoding: the first complete screen.
    void firstCompleteFrame(std::int64_t sinceStartMs, double processCpuMs) {
        if (completeMs_ < 0) { completeMs_ = sinceStartMs; completeCpuMs_ = processCpuMs; }
    }
    std::size_t frames() const { return frames_; }
    double percentile(double p) const;   // of frame CPU ms over the window; 0 when no frames

    // The renderer the display uses and why; damage figures of the software renderer.
    struct DamageFigures {
        std::int64_t frames = 0, partialFrames = 0, skippedFrames = 0, mismatchedFrames = 0;
        std::int64_t damagedPixels = 0, totalPixels = 0;
    };
    void setRenderer(std::string name, std::string reason, DamageFigures damage) {
        renderer_ = std::move(name);
        rendererReason_ = std::move(reason);
        damage_ = damage;
    }

    // The glyph atlas's counters (ui::AtlasStats).
    struct AtlasFigures {
        int glyphs = 0;
        bool fromCache = false;
        double buildMs = 0;
        int uiThreadBuilds = 0, backgroundRebuilds = 0, swaps = 0;
        std::int64_t fallbackGlyphs = 0;
        int preparations = 0;           // atlases of new content packed on the preparation thread
        bool fromPreparation = false;   // the last build took one
    };
    void setAtlas(AtlasFigures atlas) { atlas_ = atlas; }

    // One screen rehearsed at an idle moment (ui/screen_rehearsal.h), with the UI thread's CPU it took.
    void rehearsalDone(double cpuMs) { ++rehearsals_; rehearsalCpuMs_ += cpuMs; }

    // Writes {startup_ms, complete_ms, complete_cpu_ms, frames, frame_ms_p50, frame_ms_p99, peak_rss_kb, screens, renderer,
    // renderer_reason, damage: {frames, partial_frames, skipped_frames, mismatched_frames,
    // damaged_fraction}, slowest_frames: [{frame, screen, cpu_ms}], atlas: {glyphs, from_cache, build_ms, ui_thread_builds, background_rebuilds,
    // swaps, fallback_glyphs}, rehearsal: {screens, cpu_ms}}.
    Result<bool> write(const std::filesystem::path& file, long peakRssKb, const std::vector<std::string>& screens) const;

private:
    static constexpr std::size_t kSlowestFramesKept = 5;
    struct SlowFrame {
        double cpuMs = 0;
        std::size_t frame = 0;   // 0: the first frame
        std::string screen;
    };
    std::vector<SlowFrame> slowest_;   // the kSlowestFramesKept slowest frames of the run, slowest first
    std::vector<double> frameCpuMs_;   // ring buffer of the last kFrameWindow frames
    std::size_t frames_ = 0;
    std::int64_t startupMs_ = -1;
    std::int64_t completeMs_ = -1;
    double completeCpuMs_ = 0;
    std::string renderer_, rendererReason_;
    DamageFigures damage_;
    AtlasFigures atlas_;
    int rehearsals_ = 0;
    double rehearsalCpuMs_ = 0;
};

} // namespace kiosk::app
