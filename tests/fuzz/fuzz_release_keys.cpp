// libFuzzer target for the key list of key rotation: keys.json (fetched from the release server
// and kept on the kiosk) and the `[sync] public_key` file (one hex key a line, '#' comments).
// The same bytes go to both parsers and, signed by a key the kiosk trusts (so that the fuzzer
// gets past the signature), to judgeReleaseKeys against an accepted keys file of version 3.
// Properties checked: an accepted key list has 1..kMaxTrustedKeys distinct keys and a positive
// version and survives serialise -> parse unchanged; the verdict follows the version (lower:
// refused, equal: refused unless the same bytes, higher: accepted); an unsigned or wrongly
// signed file is always refused; a key-file list has 1..kMaxTrustedKeys keys that print back.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosk/core/release_keys.h"
#include "kiosk/core/sync_limits.h"

namespace {

kiosk::KeyPair gTrusted;
kiosk::KeyPair gOther;
const kiosk::TrustedKeysState kAccepted{3, std::string(64, '0')};

void require(bool condition) {
    if (!condition) std::abort();
}

bool distinct(const std::vector<kiosk::PublicKey>& keys) {
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (std::count(keys.begin(), keys.end(), keys[i]) != 1) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (!kiosk::initCrypto()) std::abort();
    gTrusted = kiosk::generateKeyPair();
    gOther = kiosk::generateKeyPair();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    auto parsed = kiosk::parseReleaseKeys(bytes);
    if (parsed) {
        require(parsed->version > 0);
        require(!parsed->keys.empty() && parsed->keys.size() <= kiosk::sync_limits::kMaxTrustedKeys);
        require(distinct(parsed->keys));
        const std::string again = kiosk::serializeReleaseKeys(*parsed);
        auto reparsed = kiosk::parseReleaseKeys(again);
        require(reparsed.ok());
        require(reparsed->version == parsed->version && reparsed->keys == parsed->keys);
        require(kiosk::serializeReleaseKeys(*reparsed) == again);
    } else {
        require(parsed.error().rfind("keys.json: ", 0) == 0);
    }

    const std::vector<kiosk::PublicKey> trusted{gTrusted.publicKey};
    const auto verdict = kiosk::judgeReleaseKeys(bytes, kiosk::signDetachedHex(bytes, gTrusted.secretKey), trusted, kAccepted);
    require(verdict.reason.empty() || verdict.reason.rfind("keys.json: ", 0) == 0);
    if (!parsed) {
        require(verdict.kind == kiosk::KeysVerdict::Kind::Refuse);
    } else if (parsed->version < kAccepted.version) {
        require(verdict.kind == kiosk::KeysVerdict::Kind::Refuse);
    } else if (parsed->version == kAccepted.version) {
        // No input hashes to the accepted state's made-up hash: always mix-and-match.
        require(verdict.kind == kiosk::KeysVerdict::Kind::Refuse);
    } else {
        require(verdict.kind == kiosk::KeysVerdict::Kind::Accept);
        require(verdict.keys.keys == parsed->keys && verdict.keys.version == parsed->version);
    }
    // Signed by a key the kiosk does not trust, or not signed: refused whatever it says. (The
    // other key's signature is checked for one input in 8 only: signing dominates the run time.)
    if (size % 8 == 0)
        require(kiosk::judgeReleaseKeys(bytes, kiosk::signDetachedHex(bytes, gOther.secretKey), trusted, kAccepted).kind ==
                kiosk::KeysVerdict::Kind::Refuse);
    require(kiosk::judgeReleaseKeys(bytes, bytes, trusted, kAccepted).kind == kiosk::KeysVerdict::Kind::Refuse);

    auto list = kiosk::parsePublicKeyList(bytes);
    if (list) {
        require(!list->empty() && list->size() <= kiosk::sync_limits::kMaxTrustedKeys);
        for (const auto& key : *list) {
            const std::string hex = kiosk::toHex(key.data(), key.size());
            auto back = kiosk::parsePublicKey(hex);
            require(back.ok() && *back == key);
        }
    }
    return 0;
}
