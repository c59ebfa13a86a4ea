#include "kiosk/core/release_signing.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <utility>
#include <vector>

#include <openssl/evp.h>
#include <sodium.h>

#include "kiosk/core/sync_limits.h"

namespace kiosk {
namespace {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_SECRETKEYBYTES == 64 && crypto_sign_BYTES == 64);

template <std::size_t N>
Result<std::array<unsigned char, N>> parseHexKey(std::string_view text, const char* what) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    std::array<unsigned char, N> out{};
    std::size_t written = 0;
    const char* end = nullptr;
    if (text.size() != N * 2 ||
        sodium_hex2bin(out.data(), N, text.data(), text.size(), nullptr, &written, &end) != 0 || written != N)
        return Error{std::string(what) + " must be " + std::to_string(N * 2) + " hex digits"};
    return out;
}

Result<std::string> readSmallFile(const std::filesystem::path& file, std::size_t maxBytes) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open"};
    std::string text(maxBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > maxBytes) return Error{file.string() + ": file too large for a key"};
    return text;
}

} // namespace

bool initCrypto() {
    static const bool ok = sodium_init() >= 0;
    return ok;
}

KeyPair generateKeyPair() {
    initCrypto();
    KeyPair pair;
    crypto_sign_keypair(pair.publicKey.data(), pair.secretKey.data());
    return pair;
}

PublicKey publicKeyOf(const SecretKey& secretKey) {
    initCrypto();
    PublicKey key{};
    crypto_sign_ed25519_sk_to_pk(key.data(), secretKey.data());
    return key;
}

std::string toHex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

Result<PublicKey> parsePublicKey(std::string_view hexText) { return parseHexKey<32>(hexText, "a public key"); }

Result<PublicKey> readPublicKeyFile(const std::filesystem::path& file) {
    auto text = readSmallFile(file, 1024);
    if (!text) return Error{text.error()};
    auto key = parsePublicKey(*text);
    if (!key) return Error{file.string() + ": " + key.error()};
    return key;
}

Result<std::vector<PublicKey>> parsePublicKeyList(std::string_view text) {
    std::vector<PublicKey> keys;
    std::size_t at = 0;
    while (at < text.size()) {
        const char c = text[at];
        if (c == '#') {
            const auto end = text.find('\n', at);
            at = end == std::string_view::npos ? text.size() : end;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) { ++at; continue; }
        std::size_t end = at;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '#') ++end;
        auto key = parsePublicKey(text.substr(at, end - at));
        if (!key) return Error{"key " + std::to_string(keys.size() + 1) + ": " + key.error()};
        if (keys.size() >= sync_limits::kMaxTrustedKeys)
            return Error{"more than " + std::to_string(sync_limits::kMaxTrustedKeys) + " public keys"};
        keys.push_back(*key);
        at = end;
    }
    if (keys.empty()) return Error{"no public key (64 hex digits) found"};
    return keys;
}

Result<std::vector<PublicKey>> readPublicKeysFile(const std::filesystem::path& file) {
    auto text = readSmallFile(file, 16 * 1024);
    if (!text) return Error{text.error()};
    auto keys = parsePublicKeyList(*text);
    if (!keys) return Error{file.string() + ": " + keys.error()};
    return keys;
}

Result<SecretKey> readSecretKeyFile(const std::filesystem::path& file) {
    auto text = readSmallFile(file, 1024);
    if (!text) return Error{text.error()};
    auto key = parseHexKey<64>(*text, "a secret key");
    sodium_memzero(text->data(), text->size());
    if (!key) return Error{file.string() + ": " + key.error()};
    return key;
}

std::string signDetachedHex(std::string_view message, const SecretKey& key) {
    initCrypto();
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         key.data());
    return toHex(signature, sizeof signature);
}

bool verifyDetachedHex(std::string_view message, std::string_view signatureText, const PublicKey& key) {
    initCrypto();
    auto signature = parseHexKey<crypto_sign_BYTES>(signatureText, "a signature");
    if (!signature) return false;
    return crypto_sign_verify_detached(signature->data(), reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), key.data()) == 0;
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) { reset(); }

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_)); }

Sha256::Sha256(Sha256&& other) noexcept : context_(other.context_) { other.context_ = nullptr; }

Sha256& Sha256::operator=(Sha256&& other) noexcept {
    std::swap(context_, other.context_);
    return *this;
}

void Sha256::reset() {
    if (!context_) context_ = EVP_MD_CTX_new();
    if (!context_ || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), EVP_sha256(), nullptr) != 1) std::abort();
}

void Sha256::update(const void* data, std::size_t size) {
    if (size > 0) EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), data, size);
}

std::string Sha256::finishHex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), digest, &length);
    reset();
    return toHex(digest, length);
}

std::string sha256Hex(std::string_view bytes) {
    Sha256 hash;
    hash.update(bytes.data(), bytes.size());
    return hash.finishHex();
}

Result<std::string> sha256File(const std::filesystem::path& file) {
    std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!in) return Error{file.string() + ": cannot open"};
    Sha256 hash;
    std::vector<char> buffer(1 << 20);
    while (true) {
        const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), in.get());
        if (n > 0) hash.update(buffer.data(), n);
        if (n < buffer.size()) break;
    }
    if (std::ferror(in.get())) return Error{file.string() + ": read error"};
    return hash.finishHex();
}

} // namespace kiosk
