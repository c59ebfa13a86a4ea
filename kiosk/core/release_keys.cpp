#include "kiosk/core/release_keys.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kiosk/core/json_text.h"
#include "kiosk/core/sync_limits.h"

namespace kiosk {
using nlohmann::json;

std::string serializeReleaseKeys(const ReleaseKeys& keys) {
    std::string out = "{\n  \"format\": " + std::to_string(kReleaseKeysFormat) + ",\n  \"version\": " +
                      std::to_string(keys.version) + ",\n  \"keys\": [";
    for (std::size_t i = 0; i < keys.keys.size(); ++i)
        out += (i == 0 ? "\n    \"" : ",\n    \"") + toHex(keys.keys[i].data(), keys.keys[i].size()) + "\"";
    out += keys.keys.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

Result<ReleaseKeys> parseReleaseKeys(std::string_view bytes) {
    if (bytes.size() > sync_limits::kMaxKeysFileBytes) return Error{"keys.json: too large"};
    if (jsonNestsDeeperThan(bytes, sync_limits::kMaxKeysJsonDepth)) return Error{"keys.json: nested too deep"};
    const json doc = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Error{"keys.json: not a JSON object"};
    const auto format = doc.find("format");
    if (format == doc.end() || !format->is_number_unsigned() || format->get<std::uint64_t>() != kReleaseKeysFormat)
        return Error{"keys.json: 'format' must be " + std::to_string(kReleaseKeysFormat)};
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_unsigned() || version->get<std::uint64_t>() == 0)
        return Error{"keys.json: 'version' must be a positive whole number"};
    const auto list = doc.find("keys");
    if (list == doc.end() || !list->is_array() || list->empty()) return Error{"keys.json: 'keys' must be a non-empty list"};
    if (list->size() > sync_limits::kMaxTrustedKeys)
        return Error{"keys.json: more than " + std::to_string(sync_limits::kMaxTrustedKeys) + " keys"};
    ReleaseKeys keys;
    keys.version = version->get<std::uint64_t>();
    for (const auto& entry : *list) {
        if (!entry.is_string()) return Error{"keys.json: each key must be a string of 64 hex digits"};
        auto key = parsePublicKey(entry.get<std::string>());
        if (!key) return Error{"keys.json: " + key.error()};
        if (std::find(keys.keys.begin(), keys.keys.end(), *key) != keys.keys.end()) return Error{"keys.json: a key is listed twice"};
        keys.keys.push_back(*key);
    }
    return keys;
}

KeysVerdict judgeReleaseKeys(std::string_view bytes, std::string_view signatureText,
                             const std::vector<PublicKey>& trusted, const TrustedKeysState& accepted) {
    KeysVerdict verdict;
    const auto refuse = [&](std::string reason) {
        verdict.kind = KeysVerdict::Kind::Refuse;
        verdict.reason = "keys.json: " + std::move(reason);
        return verdict;
    };
    bool signedByTrusted = false;
    for (const auto& key : trusted) signedByTrusted = signedByTrusted || verifyDetachedHex(bytes, signatureText, key);
    if (!signedByTrusted) return refuse("bad signature (not signed by a key this kiosk trusts now; a retired key?)");
    auto parsed = parseReleaseKeys(bytes);
    if (!parsed) return refuse(parsed.error().substr(std::string("keys.json: ").size()));
    if (parsed->version < accepted.version)
        return refuse("rollback to version " + std::to_string(parsed->version) + " (version " +
                      std::to_string(accepted.version) + " is trusted)");
    if (parsed->version == accepted.version) {
        if (sha256Hex(bytes) != accepted.sha256)
            return refuse("version " + std::to_string(parsed->version) + " was signed again with other keys (mix-and-match)");
        verdict.kind = KeysVerdict::Kind::Unchanged;
    } else {
        verdict.kind = KeysVerdict::Kind::Accept;
    }
    verdict.keys = std::move(*parsed);
    return verdict;
}

} // namespace kiosk
