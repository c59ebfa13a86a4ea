// The technician PIN: format rules, Argon2id hashing (libsodium crypto_pwhash_str) and the
// growing delays after wrong attempts. Pure logic on a caller-supplied clock (tests use a
// virtual one); the technician overlay (ui/screen_admin.cpp) asks it.
// Config: `[kiosk] admin_pin_hash = "$argon2id$..."` made by `kiosk --hash-pin 123456`.
// Without one the kiosk uses the public default PIN and warns loudly (log and overlay).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace kiosk {

inline constexpr int kAdminPinMinDigits = 4;
inline constexpr int kAdminPinMaxDigits = 12;
inline constexpr const char* kDefaultAdminPin = "2468";     // public: warned about
inline constexpr int kPinFreeAttempts = 3;                  // wrong tries before any delay
inline constexpr std::int64_t kPinFirstDelayMs = 5000;      // after the 3rd wrong try; doubles
inline constexpr std::int64_t kPinMaxDelayMs = 5 * 60 * 1000;

// Empty when `pin` is 4 to 12 ASCII digits; else what is wrong with it (never echoes the PIN).
std::string adminPinFormatError(std::string_view pin);
// An Argon2id hash string for a valid PIN ("$argon2id$v=19$m=...,t=...,p=1$salt$hash").
Result<std::string> hashAdminPin(std::string_view pin);
// True when `hash` looks like a libsodium Argon2id string (checked at config time).
bool looksLikeArgon2idHash(std::string_view hash);

class AdminPinGuard {
public:
    // `hash`: an Argon2id string; empty means the public default PIN (isDefault() is true).
    // Checking a PIN against a hash takes ~0.1 s (x86-64) to ~0.5 s (Raspberry Pi 4): by design.
    explicit AdminPinGuard(std::string hash = {});

    bool isDefault() const { return isDefault_; }

    enum class Outcome { Accepted, Wrong, TooSoon };
    // Checks an entered PIN at `nowMs`. While a delay runs, nothing is checked (TooSoon).
    // A wrong PIN, or one of the wrong format, counts as a wrong attempt; a right one resets.
    Outcome attempt(std::string_view entered, std::int64_t nowMs);
    // Milliseconds until the next attempt is checked; 0: now.
    std::int64_t waitMs(std::int64_t nowMs) const;
    int wrongAttempts() const { return wrongAttempts_; }
    // The delay that follows `wrongAttempts` consecutive wrong attempts.
    static std::int64_t delayAfterWrongAttempts(int wrongAttempts);

private:
    std::string hash_;
    bool isDefault_ = false;
    int wrongAttempts_ = 0;
    std::int64_t lockedUntilMs_ = 0;
};

} // namespace kiosk
