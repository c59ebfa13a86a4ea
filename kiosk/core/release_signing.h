// Ed25519 signatures (libsodium) and SHA-256 (OpenSSL EVP) for releases. Key and signature files are hex text:
//   NAME.pub  64 hex digits (32-byte public key), given to every kiosk
//   NAME.key  128 hex digits (64-byte secret key), mode 0600, stays with the curator
//   manifest.json.sig  128 hex digits: the detached signature of manifest.json's exact bytes
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk {

using PublicKey = std::array<unsigned char, 32>;
using SecretKey = std::array<unsigned char, 64>;

// Initialises libsodium once; false if it cannot (no entropy source).
bool initCrypto();

struct KeyPair {
    PublicKey publicKey{};
    SecretKey secretKey{};
};
KeyPair generateKeyPair();
// The public half of a secret key.
PublicKey publicKeyOf(const SecretKey& secretKey);

std::string toHex(const unsigned char* data, std::size_t size);
Result<PublicKey> parsePublicKey(std::string_view hexText);
Result<PublicKey> readPublicKeyFile(const std::filesystem::path& file);
// Several public keys: 64 hex digits each, separated by whitespace or newlines; '#' starts a
// comment to the end of the line. At least one, at most sync_limits::kMaxTrustedKeys.
Result<std::vector<PublicKey>> parsePublicKeyList(std::string_view text);
Result<std::vector<PublicKey>> readPublicKeysFile(const std::filesystem::path& file);
Result<SecretKey> readSecretKeyFile(const std::filesystem::path& file);

// Detached signature of `message` as hex text (no newline).
std::string signDetachedHex(std::string_view message, const SecretKey& key);
// True when `signatureText` (hex, surrounding whitespace allowed) signs `message` under `key`.
bool verifyDetachedHex(std::string_view message, std::string_view signatureText, const PublicKey& key);

// Incremental SHA-256 through OpenSSL's EVP interface (SHA extensions / SIMD on x86 and ARMv8;
// libsodium's is portable C and was the sync's bottleneck). Movable, not copyable.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&& other) noexcept;
    Sha256& operator=(Sha256&& other) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, std::size_t size);
    // The digest as 64 lowercase hex digits; the object then starts over (empty input).
    std::string finishHex();
    // Forgets what was hashed so far.
    void reset();
private:
    void* context_ = nullptr;   // EVP_MD_CTX
};
std::string sha256Hex(std::string_view bytes);
Result<std::string> sha256File(const std::filesystem::path& file);

} // namespace kiosk
