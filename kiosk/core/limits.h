// Every limit and timing constant of the kiosk, with its unit in its name.
// Change them here, nowhere else.
#pragma once
#include <cstddef>
#include <cstdint>

namespace kiosk::limits {

// Content
inline constexpr std::uintmax_t kMaxContentJsonBytes = 4u * 1024 * 1024;   // one exhibition/item/fact file
inline constexpr std::uintmax_t kMaxCsvBytes = 4u * 1024 * 1024;
inline constexpr int kMaxItems = 2000;
inline constexpr int kMaxImagesPerItem = 32;
inline constexpr int kMaxImagePixels = 4096 * 4096;                       // decoded, per image
inline constexpr int kMaxTextureSidePx = 2048;                             // images are scaled to fit
inline constexpr int kMaxChartPoints = 200;

// Visitor session
// (idle timeout, countdown and PIN are config keys: the settings table, config_settings.cpp)
inline constexpr int kAttractSlideMs = 6000;         // one featured item on the attract loop
inline constexpr int kTouchToStartCycleMs = 2200;    // "touch to start" changes language
inline constexpr int kTransitionMs = 280;            // screen change animation
inline constexpr float kTapSlopPx = 24.0f;           // movement that still counts as a tap (at 1080p)
inline constexpr int kAdminHoldMs = 3000;            // hidden gesture: hold the top-left corner

// Main loop
inline constexpr int kFrameMs = 16;                  // display-rate frame while animating
inline constexpr int kIdleFrameWaitMs = 250;         // virtual-clock step while nothing moves
inline constexpr int kFramesAfterInput = 3;          // frames rendered after an input event
inline constexpr std::int64_t kOpeningHoursCheckMs = 60 * 1000;   // closed: how often the opening hours are looked at again

// Crash containment (core/boot_attempts.h)
inline constexpr int kFailedStartsBeforeReleaseIsBad = 3;   // starts in a row without a first frame

// Input scripts
inline constexpr int kMaxScriptLines = 100000;
inline constexpr int kMaxScriptWaitMs = 24 * 3600 * 1000;
inline constexpr std::uintmax_t kMaxScriptBytes = 4u * 1024 * 1024;       // whole script file
inline constexpr std::size_t kMaxScriptLineBytes = 4096;                   // one command line

// Other files read from outside the kiosk (checked before their contents are read)
inline constexpr std::uintmax_t kMaxUiStringsFileBytes = 1024 * 1024;     // assets/i18n/<lang>.json
inline constexpr std::uintmax_t kMaxConfigFileBytes = 1024 * 1024;        // the TOML config
inline constexpr int kMaxCsvColumns = 64;                                  // facts CSV: label + series
inline constexpr std::uintmax_t kMaxImageFileBytes = 64u * 1024 * 1024;   // one JPEG/PNG as stored

} // namespace kiosk::limits

namespace kiosk::limits {
// Content format and checks
inline constexpr int kContentFormatVersion = 1;      // "format" in exhibition.json
inline constexpr int kMaxJsonNestingDepth = 64;      // deeper content files are rejected
inline constexpr int kContentReloadDebounceMs = 300; // authoring preview: quiet time before a reload
} // namespace kiosk::limits
