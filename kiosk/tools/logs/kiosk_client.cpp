#include "kiosk/tools/logs/kiosk_client.h"

#include <algorithm>
#include <cctype>
#include <mutex>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace kiosk::logs {
namespace {

constexpr std::string_view kPinPrefix = "sha256:";
constexpr std::size_t kSha256HexDigits = 64;

std::string hex(const unsigned char* bytes, unsigned length) {
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < length; ++i) {
        out += kDigits[bytes[i] >> 4];
        out += kDigits[bytes[i] & 15];
    }
    return out;
}

// Replaces OpenSSL's chain verification: the leaf certificate must be the pinned one.
int verifyPinnedCertificate(X509_STORE_CTX* store, void* arg) {
    auto* check = static_cast<KioskClient::PinCheck*>(arg);
    X509* cert = X509_STORE_CTX_get0_cert(store);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (!cert || X509_digest(cert, EVP_sha256(), digest, &length) != 1) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_UNSPECIFIED);
        return 0;
    }
    check->seen = std::string(kPinPrefix) + hex(digest, length);
    if (check->seen != check->expected) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
        return 0;
    }
    return 1;
}

CURLcode installPinCheck(CURL*, void* sslContext, void* arg) {
    auto* ctx = static_cast<SSL_CTX*>(sslContext);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_cert_verify_callback(ctx, verifyPinnedCertificate, arg);
    return CURLE_OK;
}

struct BodySink {
    CURL* curl;
    std::string* body;
};
// A page is ~1 MB arriving in 16 KiB pieces: room for the announced length is made once
// (bounded, so that a hostile Content-Length cannot make us allocate) instead of doubling.
constexpr curl_off_t kMaxBodyReserveBytes = 64 * 1024 * 1024;
constexpr long kReceiveBufferBytes = 256 * 1024;
std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* out) {
    auto* sink = static_cast<BodySink*>(out);
    if (sink->body->empty()) {
        curl_off_t announced = -1;
        if (curl_easy_getinfo(sink->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK && announced > 0)
            sink->body->reserve(static_cast<std::size_t>(std::min(announced, kMaxBodyReserveBytes)));
    }
    sink->body->append(data, size * count);
    return size * count;
}

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

Result<std::string> normalizeCertificatePin(std::string_view pin) {
    if (pin.size() < kPinPrefix.size() || pin.substr(0, kPinPrefix.size()) != kPinPrefix)
        return Error{"certificate pin '" + std::string(pin) + "' must start with sha256: (sha256:<64 hex digits>)"};
    std::string digits;
    for (char c : pin.substr(kPinPrefix.size())) {
        if (c == ':') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return Error{"certificate pin '" + std::string(pin) + "': not a hexadecimal digit '" + std::string(1, c) + "'"};
        digits += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (digits.size() != kSha256HexDigits)
        return Error{"certificate pin '" + std::string(pin) + "' must have 64 hex digits (a SHA-256), it has " +
                     std::to_string(digits.size())};
    return std::string(kPinPrefix) + digits;
}

KioskClient::KioskClient(KioskClientSettings settings) : settings_(std::move(settings)) {
    initCurlOnce();
    CURL* curl = curl_easy_init();
    curl_ = curl;
    pinCheck_.expected = settings_.pin;
    if (!curl) return;
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.connectTimeoutMs));
    // Nothing received for noProgressTimeoutMs: give up (1 byte/s over that many seconds).
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, std::max(1L, static_cast<long>(settings_.noProgressTimeoutMs / 1000)));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
    // Pages are ~1 MB: larger reads, a sixteenth of the system calls of the default 16 KiB.
    curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "kiosk-logs/" KIOSK_VERSION);
    // The token never goes anywhere but this kiosk: no proxies from the environment.
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    const std::string authorization = "Authorization: Bearer " + settings_.token;
    headers_ = curl_slist_append(nullptr, authorization.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(headers_));
    if (!settings_.pin.empty()) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);   // the pin is the kiosk's identity
        curl_easy_setopt(curl, CURLOPT_SSL_SESSIONID_CACHE, 0L);   // every handshake checks the pin
        curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, installPinCheck);
        curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, &pinCheck_);
    }
}

KioskClient::~KioskClient() {
    if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
    if (headers_) curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

KioskResponse KioskClient::get(const std::string& path, std::chrono::steady_clock::time_point deadline) {
    KioskResponse response;
    CURL* curl = static_cast<CURL*>(curl_);
    if (!curl) {
        response.error = "cannot create a libcurl handle";
        return response;
    }
    using namespace std::chrono;
    const auto leftMs = duration_cast<milliseconds>(deadline - steady_clock::now()).count();
    if (leftMs <= 0) {
        response.error = "deadline reached";
        return response;
    }
    const std::string url = settings_.url + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(leftMs));
    BodySink sink{curl, &response.body};
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    pinCheck_.seen.clear();
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        response.body.clear();
        if (!settings_.pin.empty() && !pinCheck_.seen.empty() && pinCheck_.seen != pinCheck_.expected) {
            response.pinMismatch = true;
            response.error = "TLS: the kiosk's certificate is " + pinCheck_.seen + ", not the pinned " + pinCheck_.expected +
                             " (a different kiosk, a new certificate, or someone in between)";
        } else if (code == CURLE_OPERATION_TIMEDOUT) {
            const auto waitedMs = duration_cast<milliseconds>(steady_clock::now() - (deadline - milliseconds(leftMs))).count();
            response.error = "no answer within " + std::to_string(waitedMs / 1000) + " s (" + curl_easy_strerror(code) + ")";
        } else {
            response.error = curl_easy_strerror(code);
        }
        return response;
    }
    response.transferred = true;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    char* type = nullptr;
    if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) response.contentType = type;
    curl_off_t retryAfter = 0;
    if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retryAfter) == CURLE_OK && retryAfter > 0)
        response.retryAfterSeconds = static_cast<std::int64_t>(retryAfter);
    else if (response.status == 429 || response.status == 503)
        response.retryAfterSeconds = -1;
    return response;
}

} // namespace kiosk::logs
