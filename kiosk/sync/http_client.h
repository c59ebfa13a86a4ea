// A small libcurl client for sync: one easy handle per HttpClient (keep-alive between requests
// of the same thread). Proxies come from libcurl's environment variables (http_proxy,
// https_proxy, no_proxy); TLS uses the system CA store, an optional CA file and an optional
// public-key pin. Only http and https, at most a few redirects.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/kiosk_config.h"

namespace kiosk::sync {

struct HttpSettings {
    int connectTimeoutSeconds = kioskConfigDefaults().syncConnectTimeoutSeconds;
    int lowSpeedBytesPerSecond = kioskConfigDefaults().syncLowSpeedBytesPerSecond;   // slower than this ...
    int lowSpeedSeconds = kioskConfigDefaults().syncLowSpeedSeconds;            // ... for this long: the transfer is aborted
    std::filesystem::path caFile;        // empty: system CA store
    std::string pinnedPublicKey;         // libcurl CURLOPT_PINNEDPUBLICKEY form; empty: none
    const std::atomic<bool>* cancel = nullptr;   // when set and true, transfers stop at once
};

// Counters shared by all clients of one cycle (tests and the benchmark read them).
struct HttpCounters {
    std::atomic<int> requests{0};
    std::atomic<std::uint64_t> bytesReceived{0};   // bodies and headers
};

enum class HttpFailure {
    None,
    Transient,      // connection dropped, timeout, 5xx, 429: retry later (resume if possible)
    SlowTransfer,   // below the low-speed limit: give up this cycle
    Permanent,      // 4xx, bad URL, TLS pin mismatch
    Cancelled,      // HttpSettings::cancel was set (the kiosk is shutting down)
    TooMuchData,    // more bytes than expected: endless-data attack
    WrongBytes,     // the hash does not match
    LocalDisk,      // cannot write the temporary file (disk full)
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::string etag;
    std::string lastModified;
    std::int64_t retryAfterSeconds = -1;
    HttpFailure failure = HttpFailure::None;
    std::string error;                    // for a failure: a short description
};

class HttpClient {
public:
    HttpClient(const HttpSettings& settings, HttpCounters* counters);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // GET into memory, at most maxBodyBytes. Extra headers like "If-None-Match: ...".
    HttpResponse get(const std::string& url, const std::vector<std::string>& headers, std::uint64_t maxBodyBytes);

    // GET into `partFile`, resuming from its current size with an HTTP Range request, never
    // accepting more than expectedSize bytes in all, then checking the SHA-256. On success the
    // file holds exactly the expected bytes. On WrongBytes the part file is deleted.
    HttpResponse download(const std::string& url, const std::filesystem::path& partFile, std::uint64_t expectedSize,
                          const std::string& expectedSha256);

private:
    void prepare(const std::string& url);
    HttpSettings settings_;
    HttpCounters* counters_;
    void* curl_ = nullptr;
};

} // namespace kiosk::sync
