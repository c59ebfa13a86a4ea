#include "kiosk/sync/http_client.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include <curl/curl.h>
#include <unistd.h>

#include "kiosk/core/release_signing.h"
#include "kiosk/core/sync_limits.h"
#include "kiosk/core/sync_policy.h"

namespace kiosk::sync {
namespace {

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct HeaderCapture {
    HttpResponse* response;
    HttpCounters* counters;
};

std::string trim(std::string text) {
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && text[start] == ' ') ++start;
    return text.substr(start);
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    auto* capture = static_cast<HeaderCapture*>(user);
    const size_t bytes = size * count;
    if (capture->counters) capture->counters->bytesReceived += bytes;
    const std::string line(data, bytes);
    if (line.rfind("HTTP/", 0) == 0) {   // a new response (after a redirect or 100): start over
        capture->response->etag.clear();
        capture->response->lastModified.clear();
        capture->response->retryAfterSeconds = -1;
        return bytes;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) return bytes;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string value = trim(line.substr(colon + 1));
    if (name == "etag") capture->response->etag = value;
    else if (name == "last-modified") capture->response->lastModified = value;
    else if (name == "retry-after") capture->response->retryAfterSeconds = parseRetryAfterSeconds(value);
    return bytes;
}

struct MemorySink {
    std::string* body;
    std::uint64_t maxBytes;
    bool overflow = false;
    HttpCounters* counters;
};

size_t onMemoryBody(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<MemorySink*>(user);
    const size_t bytes = size * count;
    if (sink->counters) sink->counters->bytesReceived += bytes;
    if (sink->body->size() + bytes > sink->maxBytes) {
        sink->overflow = true;
        return 0;   // aborts the transfer
    }
    sink->body->append(data, bytes);
    return bytes;
}

struct FileSink {
    CURL* curl;
    FILE* file;
    std::uint64_t resumeFrom;        // bytes already in the file when the request started
    std::uint64_t written;           // bytes in the file now
    std::uint64_t expectedSize;
    Sha256* hash;
    bool restarted = false;          // the server ignored Range and sent everything
    bool overflow = false;
    bool diskError = false;
    int diskErrno = 0;
    bool errorStatus = false;
    HttpCounters* counters;
};

size_t onFileBody(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<FileSink*>(user);
    const size_t bytes = size * count;
    if (sink->counters) sink->counters->bytesReceived += bytes;
    long status = 0;
    curl_easy_getinfo(sink->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200 && status != 206) {   // an error page: not content
        sink->errorStatus = true;
        return bytes;
    }
    if (status == 200 && sink->resumeFrom > 0 && !sink->restarted) {
        // The server ignored the Range request and sends the whole object: start the file over.
        sink->restarted = true;
        if (std::fflush(sink->file) != 0 || std::fseek(sink->file, 0, SEEK_SET) != 0 ||
            ::ftruncate(fileno(sink->file), 0) != 0) {
            sink->diskError = true;
            sink->diskErrno = errno;
            return 0;
        }
        sink->written = 0;
        *sink->hash = Sha256();
    }
    if (sink->written + bytes > sink->expectedSize) {
        sink->overflow = true;
        return 0;
    }
    if (std::fwrite(data, 1, bytes, sink->file) != bytes) {
        sink->diskError = true;
        sink->diskErrno = errno;
        return 0;
    }
    sink->hash->update(data, bytes);
    sink->written += bytes;
    return bytes;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel && cancel->load() ? 1 : 0;   // non-zero aborts the transfer
}

HttpFailure classifyStatus(long status) {
    if (status == 429 || status == 408 || status >= 500) return HttpFailure::Transient;
    return HttpFailure::Permanent;
}

HttpFailure classifyCurlError(CURLcode code) {
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return HttpFailure::SlowTransfer;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_TOO_MANY_REDIRECTS: return HttpFailure::Permanent;
    default: return HttpFailure::Transient;
    }
}

} // namespace

HttpClient::HttpClient(const HttpSettings& settings, HttpCounters* counters) : settings_(settings), counters_(counters) {
    initCurlOnce();
    curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
    if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

void HttpClient::prepare(const std::string& url) {
    CURL* curl = static_cast<CURL*>(curl_);
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, static_cast<long>(sync_limits::kMaxRedirects));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings_.connectTimeoutSeconds));
    if (settings_.lowSpeedBytesPerSecond > 0) {
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(settings_.lowSpeedBytesPerSecond));
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(settings_.lowSpeedSeconds));
    }
    if (!settings_.caFile.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.caFile.c_str());
    if (!settings_.pinnedPublicKey.empty()) curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, settings_.pinnedPublicKey.c_str());
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "exhibition-kiosk/" KIOSK_VERSION);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");   // manifests compress well
    if (settings_.cancel) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(settings_.cancel));
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }
    if (counters_) ++counters_->requests;
}

HttpResponse HttpClient::get(const std::string& url, const std::vector<std::string>& headers, std::uint64_t maxBodyBytes) {
    HttpResponse response;
    if (!curl_) return {0, {}, {}, {}, -1, HttpFailure::Permanent, "cannot initialise libcurl"};
    CURL* curl = static_cast<CURL*>(curl_);
    prepare(url);
    curl_slist* list = nullptr;
    for (const auto& header : headers) list = curl_slist_append(list, header.c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> listGuard(list, &curl_slist_free_all);
    if (list) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    HeaderCapture capture{&response, counters_};
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &capture);
    MemorySink sink{&response.body, maxBodyBytes, false, counters_};
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onMemoryBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    const CURLcode code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    if (sink.overflow) {
        response.failure = HttpFailure::TooMuchData;
        response.error = url + ": more than " + std::to_string(maxBodyBytes) + " bytes (endless data)";
    } else if (code == CURLE_ABORTED_BY_CALLBACK) {
        response.failure = HttpFailure::Cancelled;
        response.error = "cancelled";
    } else if (code != CURLE_OK) {
        response.failure = classifyCurlError(code);
        response.error = url + ": " + curl_easy_strerror(code);
    } else if (response.status != 200 && response.status != 304) {
        response.failure = classifyStatus(response.status);
        response.error = url + ": HTTP " + std::to_string(response.status);
    }
    return response;
}

HttpResponse HttpClient::download(const std::string& url, const std::filesystem::path& partFile,
                                  std::uint64_t expectedSize, const std::string& expectedSha256) {
    HttpResponse response;
    if (!curl_) return {0, {}, {}, {}, -1, HttpFailure::Permanent, "cannot initialise libcurl"};
    CURL* curl = static_cast<CURL*>(curl_);
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(partFile.c_str(), "a+b"), &std::fclose);
    if (!file) {
        response.failure = HttpFailure::LocalDisk;
        response.error = partFile.string() + ": cannot create: " + std::strerror(errno);
        return response;
    }
    // What is already there (an interrupted earlier attempt) is hashed first, then resumed.
    Sha256 hash;
    std::uint64_t existing = 0;
    {
        std::vector<char> buffer(1 << 16);
        std::fseek(file.get(), 0, SEEK_SET);
        while (true) {
            const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
            if (n > 0) { hash.update(buffer.data(), n); existing += n; }
            if (n < buffer.size()) break;
        }
        std::fseek(file.get(), 0, SEEK_END);
    }
    if (existing > expectedSize) {   // garbage from an earlier bad response
        if (::ftruncate(fileno(file.get()), 0) != 0) {
            response.failure = HttpFailure::LocalDisk;
            response.error = partFile.string() + ": cannot truncate";
            return response;
        }
        existing = 0;
        hash = Sha256();
    }
    FileSink sink{curl, file.get(), existing, existing, expectedSize, &hash, false, false, false, 0, false, counters_};
    CURLcode code = CURLE_OK;
    if (existing < expectedSize) {
        prepare(url);
        HeaderCapture capture{&response, counters_};
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &capture);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onFileBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
        if (existing > 0) curl_easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(existing));
        code = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    } else {
        response.status = 200;
    }
    const bool flushed = std::fflush(file.get()) == 0;
    if (sink.diskError || !flushed) {
        response.failure = HttpFailure::LocalDisk;
        response.error = partFile.string() + ": cannot write: " + std::strerror(sink.diskErrno ? sink.diskErrno : errno);
        return response;
    }
    if (sink.overflow) {
        response.failure = HttpFailure::TooMuchData;
        response.error = url + ": more bytes than the manifest's " + std::to_string(expectedSize) + " (endless data)";
        file.reset();
        std::filesystem::remove(partFile);
        return response;
    }
    if (code == CURLE_ABORTED_BY_CALLBACK) {
        response.failure = HttpFailure::Cancelled;
        response.error = "cancelled";
        return response;
    }
    if (response.status == 416) {    // our part is not a prefix the server knows: start over
        file.reset();
        std::filesystem::remove(partFile);
        response.failure = HttpFailure::Transient;
        response.error = url + ": HTTP 416 on resume";
        return response;
    }
    if (sink.errorStatus || (response.status != 0 && response.status != 200 && response.status != 206)) {
        response.failure = classifyStatus(response.status);
        response.error = url + ": HTTP " + std::to_string(response.status);
        return response;
    }
    if (code != CURLE_OK) {          // no response at all, or the transfer broke off
        response.failure = classifyCurlError(code);
        response.error = url + ": " + curl_easy_strerror(code) + " after " + std::to_string(sink.written) + " of " +
                         std::to_string(expectedSize) + " bytes";
        return response;
    }
    if (sink.written != expectedSize) {
        response.failure = HttpFailure::Transient;
        response.error = url + ": connection ended after " + std::to_string(sink.written) + " of " +
                         std::to_string(expectedSize) + " bytes";
        return response;
    }
    if (hash.finishHex() != expectedSha256) {
        file.reset();
        std::filesystem::remove(partFile);
        response.failure = HttpFailure::WrongBytes;
        response.error = url + ": the bytes received do not match their SHA-256";
        return response;
    }
    return response;
}

} // namespace kiosk::sync
