// Crash containment, as A/B updaters do it (RAUC's and Mender's boot counting): a kiosk that
// starts on release N and does not reach its first frame, three starts in a row, marks N bad,
// starts on the previous release (then the bundled exhibition) and never installs N again.
//
// The bookkeeping is one small JSON file in the data folder, <data>/boot-attempts.json:
//   {"version": 7, "failed_starts": 1, "bad_versions": [5]}
// written durably (temporary file, fsync, rename, fsync of the folder) before the content is
// loaded (the start counts as failed until proven otherwise) and again after the first frame
// (failed_starts back to 0). Whatever kills the kiosk in between (an abort in a library, the
// OOM killer, a display that never opens, a watchdog) counts; the cause does not matter.
// Contract: the pure functions below never throw; an unreadable file reads as a fresh state
// (the kiosk must start even if this file is damaged).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk {

struct BootAttempts {
    std::uint64_t version = 0;               // the release the last start tried (0: bundled)
    int failedStarts = 0;                    // starts of `version` without a first frame since
    std::vector<std::uint64_t> badVersions;  // sorted, never installed or started again

    bool isBad(std::uint64_t release) const;
};

// True when `release` (a candidate to start) has used up its starts and must be marked bad now.
// The bundled exhibition (0) is never marked: there is nothing to fall back to after it.
bool startsExhausted(const BootAttempts& state, std::uint64_t release);
// Adds `release` to the bad list (idempotent).
void markBad(BootAttempts& state, std::uint64_t release);
// Called before loading the release that will be shown: one more start that has not yet
// reached its first frame (the count restarts when the release differs from the last one).
void recordStartAttempt(BootAttempts& state, std::uint64_t release);
// Called after the first frame: the release works.
void recordFirstFrame(BootAttempts& state);

std::string serializeBootAttempts(const BootAttempts& state);
BootAttempts parseBootAttempts(std::string_view text);

std::filesystem::path bootAttemptsFile(const std::filesystem::path& dataDir);
BootAttempts readBootAttempts(const std::filesystem::path& dataDir);
// Durable write (see above). Creates the data folder if needed.
Result<bool> writeBootAttempts(const std::filesystem::path& dataDir, const BootAttempts& state);

} // namespace kiosk
