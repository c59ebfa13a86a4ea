// KioskClient: kiosk-logs' HTTP(S) client for one kiosk's API (libcurl, one easy handle, so
// requests to the same kiosk reuse the connection). One thread per client.
//
// Certificate pinning: `pin` is "sha256:<64 hex digits>", the SHA-256 of the kiosk's TLS
// certificate in DER form (what `kiosk --make-api-cert` prints, and
// `openssl x509 -in cert.pem -outform der | sha256sum`). With a pin, the certificate chain
// and host name are not checked against any CA: the certificate must be exactly the pinned
// one, checked during the TLS handshake, before the token is sent. Without a pin, https://
// URLs are checked against the system's CA store as usual.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace kiosk::logs {

// "sha256:AB:CD..." / "sha256:abcd..." -> "sha256:abcd..." (64 lower-case hex digits).
Result<std::string> normalizeCertificatePin(std::string_view pin);

struct KioskClientSettings {
    std::string url;     // http(s)://host:port (no path)
    std::string token;   // Bearer token
    std::string pin;     // normalized certificate pin, or "" (see above)
    int connectTimeoutMs = 5000;
    // A request that receives nothing for this long fails (a kiosk that accepts and never
    // answers, a stalled transfer).
    int noProgressTimeoutMs = 15000;
};

struct KioskResponse {
    bool transferred = false;              // an HTTP answer arrived completely
    long status = 0;
    std::string body;
    std::string contentType;
    std::int64_t retryAfterSeconds = -1;   // Retry-After of a 429/503 (-1: none)
    std::string error;                     // transport or TLS failure (when !transferred)
    bool pinMismatch = false;
};

class KioskClient {
public:
    explicit KioskClient(KioskClientSettings settings);
    ~KioskClient();
    KioskClient(const KioskClient&) = delete;
    KioskClient& operator=(const KioskClient&) = delete;

    // GET url+path, giving up at `deadline` whatever happens. Never throws.
    KioskResponse get(const std::string& path, std::chrono::steady_clock::time_point deadline);
    const KioskClientSettings& settings() const { return settings_; }

    // What the pin check saw during the last TLS handshake ("sha256:..."); for messages.
    struct PinCheck {
        std::string expected;
        std::string seen;
    };

private:
    KioskClientSettings settings_;
    PinCheck pinCheck_;
    void* curl_ = nullptr;
    void* headers_ = nullptr;   // curl_slist*
};

} // namespace kiosk::logs
