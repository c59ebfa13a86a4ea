#include "kiosk/core/admin_pin.h"

#include <sodium.h>

#include <algorithm>

namespace kiosk {

std::string adminPinFormatError(std::string_view pin) {
    if (!std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return "the PIN must be digits only (the technician pad has no letters)";
    if (pin.size() < static_cast<std::size_t>(kAdminPinMinDigits) || pin.size() > static_cast<std::size_t>(kAdminPinMaxDigits))
        return "the PIN must have " + std::to_string(kAdminPinMinDigits) + " to " + std::to_string(kAdminPinMaxDigits) +
               " digits (it has " + std::to_string(pin.size()) + ")";
    return {};
}

Result<std::string> hashAdminPin(std::string_view pin) {
    if (auto problem = adminPinFormatError(pin); !problem.empty()) return Error{problem};
    if (sodium_init() < 0) return Error{"libsodium could not be initialised"};
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error{"not enough memory to hash the PIN"};
    return std::string(out);
}

bool looksLikeArgon2idHash(std::string_view hash) {
    return hash.size() < crypto_pwhash_STRBYTES && hash.rfind("$argon2id$", 0) == 0;
}

AdminPinGuard::AdminPinGuard(std::string hash) : hash_(std::move(hash)), isDefault_(hash_.empty()) {}

std::int64_t AdminPinGuard::delayAfterWrongAttempts(int wrongAttempts) {
    if (wrongAttempts < kPinFreeAttempts) return 0;
    std::int64_t delay = kPinFirstDelayMs;
    for (int i = kPinFreeAttempts; i < wrongAttempts && delay < kPinMaxDelayMs; ++i) delay *= 2;
    return std::min(delay, kPinMaxDelayMs);
}

std::int64_t AdminPinGuard::waitMs(std::int64_t nowMs) const { return std::max<std::int64_t>(0, lockedUntilMs_ - nowMs); }

AdminPinGuard::Outcome AdminPinGuard::attempt(std::string_view entered, std::int64_t nowMs) {
    if (waitMs(nowMs) > 0) return Outcome::TooSoon;
    // The default PIN is public anyway: compared as text, no hash to compute at start-up.
    const bool right = adminPinFormatError(entered).empty() &&
                       (isDefault_ ? entered == kDefaultAdminPin
                                   : sodium_init() >= 0 && crypto_pwhash_str_verify(hash_.c_str(), entered.data(), entered.size()) == 0);
    if (right) {
        wrongAttempts_ = 0;
        lockedUntilMs_ = 0;
        return Outcome::Accepted;
    }
    ++wrongAttempts_;
    lockedUntilMs_ = nowMs + delayAfterWrongAttempts(wrongAttempts_);
    return Outcome::Wrong;
}

} // namespace kiosk
