// Ed25519 signatures and SHA-256 for releases (libsodium). Key and signature files are hex text:
//   NAME.pub  64 hex digits (32-byte public key), given to every kiosk
//   NAME.key  128 hex digits (64-byte secret key), mode 0600, stays with the curator
//   manifest.json.sig  128 hex digits: the detached signature of manifest.json's exact bytes
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

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

std::string toHex(const unsigned char* data, std::size_t size);
Result<PublicKey> parsePublicKey(std::string_view hexText);
Result<PublicKey> readPublicKeyFile(const std::filesystem::path& file);
Result<SecretKey> readSecretKeyFile(const std::filesystem::path& file);

// Detached signature of `message` as hex text (no newline).
std::string signDetachedHex(std::string_view message, const SecretKey& key);
// True when `signatureText` (hex, surrounding whitespace allowed) signs `message` under `key`.
bool verifyDetachedHex(std::string_view message, std::string_view signatureText, const PublicKey& key);

// Incremental SHA-256.
class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    std::string finishHex();
private:
    alignas(64) unsigned char state_[128];   // crypto_hash_sha256_state (104 bytes in libsodium 1.0.18)
};
std::string sha256Hex(std::string_view bytes);
Result<std::string> sha256File(const std::filesystem::path& file);

} // namespace kiosk
