// Key rotation for release signing (a small version of TUF's root role). A release tree may carry
//   keys.json       {"format": 1, "version": N, "keys": ["<64 hex digits>", ...]}
//   keys.json.sig   its detached Ed25519 signature (hex), by a key the kiosk trusts now
// A kiosk starts trusting the keys of `[sync] public_key`; once it has accepted a keys file, the
// keys listed there replace that set (a retired key is trusted no more), and only a higher
// version, signed by a key of the current set, replaces it (never rolled back). Pure decisions,
// no I/O: kiosk/sync fetches and stores the files.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/release_signing.h"
#include "kiosk/core/result.h"

namespace kiosk {

inline constexpr int kReleaseKeysFormat = 1;

struct ReleaseKeys {
    std::uint64_t version = 0;
    std::vector<PublicKey> keys;   // at least one, at most sync_limits::kMaxTrustedKeys, no duplicates
};

std::string serializeReleaseKeys(const ReleaseKeys& keys);
Result<ReleaseKeys> parseReleaseKeys(std::string_view bytes);

// The keys file a kiosk has accepted before (version 0: none).
struct TrustedKeysState {
    std::uint64_t version = 0;
    std::string sha256;            // of the accepted file's bytes
};

struct KeysVerdict {
    enum class Kind { Accept, Unchanged, Refuse };
    Kind kind = Kind::Refuse;
    std::string reason;            // for Refuse, starting with "keys.json: "
    ReleaseKeys keys;              // for Accept / Unchanged
};

// Signature by one of `trusted`, then structure, then version against `accepted` (lower:
// rollback; equal with other bytes: mix-and-match; equal bytes: unchanged).
KeysVerdict judgeReleaseKeys(std::string_view bytes, std::string_view signatureText,
                             const std::vector<PublicKey>& trusted, const TrustedKeysState& accepted);

} // namespace kiosk
