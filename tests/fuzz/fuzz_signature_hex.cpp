// libFuzzer target for the hex text of public keys and detached signatures (NAME.pub and
// manifest.json.sig come from the release server or the file system). The input is split at
// its first newline: the first part is read as a public key, the rest as a signature of a
// fixed message under a fixed key (and of the input itself under the parsed key).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kiosk/core/release_signing.h"

namespace {
kiosk::KeyPair gPair;
std::string gSignature;
constexpr std::string_view kMessage = "{\"format\": 1}\n";
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (!kiosk::initCrypto()) std::abort();
    gPair = kiosk::generateKeyPair();
    gSignature = kiosk::signDetachedHex(kMessage, gPair.secretKey);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view keyText = input.substr(0, newline);
    const std::string_view signatureText = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
    auto key = kiosk::parsePublicKey(keyText);
    if (key) {
        // A parsed key prints back as the same 64 hex digits (case and surrounding spaces aside).
        if (kiosk::toHex(key->data(), key->size()).size() != 64) std::abort();
        (void)kiosk::verifyDetachedHex(input, signatureText, *key);
    }
    // Only the real signature verifies: anything else the fuzzer makes must be refused.
    if (kiosk::verifyDetachedHex(kMessage, signatureText, gPair.publicKey)) {
        std::string_view trimmed = signatureText;
        while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ' || trimmed.back() == '\r' ||
                                    trimmed.back() == '\t' || trimmed.back() == '\v' || trimmed.back() == '\f'))
            trimmed.remove_suffix(1);
        while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t' || trimmed.front() == '\n' ||
                                    trimmed.front() == '\r' || trimmed.front() == '\v' || trimmed.front() == '\f'))
            trimmed.remove_prefix(1);
        if (trimmed.size() != gSignature.size()) std::abort();
    }
    return 0;
}
