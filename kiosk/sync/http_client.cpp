#include "kiosk/sync/http_client.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include <curl/curl.h>
#include <unistd.h>

#include "kiosk/core/release_manifest.h"
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
    std::uint64_t headerBytes = 0;        // of the current response
    bool tooLarge = false;                // more than kMaxResponseHeaderBytes: aborted
    std::int64_t contentRangeStart = -1;  // "Content-Range: bytes START-END/TOTAL"
};

// The first byte position of a Content-Range value, or -1.
std::int64_t contentRangeStart(const std::string& value) {
    if (value.rfind("bytes ", 0) != 0) return -1;
    std::int64_t start = -1;
    const char* begin = value.data() + 6;
    const auto [end, ec] = std::from_chars(begin, value.data() + value.size(), start);
    return (ec == std::errc() && end != begin && *end == '-') ? start : -1;
}

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
        capture->headerBytes = 0;
        capture->contentRangeStart = -1;
    }
    capture->headerBytes += bytes;
    if (capture->headerBytes > sync_limits::kMaxResponseHeaderBytes) {
        capture->tooLarge = true;
        return 0;   // aborts the transfer
    }
    if (line.rfind("HTTP/", 0) == 0) return bytes;
    const auto colon = line.find(':');
    if (colon == std::string::npos) return bytes;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string value = trim(line.substr(colon + 1));
    if (name == "etag") capture->response->etag = value;
    else if (name == "last-modified") capture->response->lastModified = value;
    else if (name == "retry-after") capture->response->retryAfterSeconds = parseRetryAfterSeconds(value);
    else if (name == "content-range") capture->contentRangeStart = contentRangeStart(value);
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
    CURL* curl = nullptr;
    FILE* file = nullptr;
    HeaderCapture* headers = nullptr;
    std::uint64_t resumeFrom = 0;    // bytes already in the file when the request started
    std::uint64_t written = 0;       // bytes in the file now
    std::uint64_t expectedSize = 0;
    Sha256* hash = nullptr;
    bool checkedStart = false;       // the first body bytes of this response were looked at
    bool restarted = false;          // the server ignored Range and sent everything
    bool badRange = false;           // a 206 for another range than asked
    bool overflow = false;
    bool diskError = false;
    int diskErrno = 0;
    bool errorStatus = false;
    HttpCounters* counters = nullptr;
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
    if (!sink->checkedStart) {
        sink->checkedStart = true;
        if (status == 206 && sink->headers->contentRangeStart != static_cast<std::int64_t>(sink->resumeFrom)) {
            sink->badRange = true;   // not the bytes after ours: nothing to append
            return 0;
        }
        if (status == 200 && sink->resumeFrom > 0) {
            // The server ignored the Range request and sends the whole object: start the file over.
            sink->restarted = true;
            if (std::fflush(sink->file) != 0 || std::fseek(sink->file, 0, SEEK_SET) != 0 ||
                ::ftruncate(fileno(sink->file), 0) != 0) {
                sink->diskError = true;
                sink->diskErrno = errno;
                return 0;
            }
            sink->written = 0;
            sink->hash->reset();
        }
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
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_OUT_OF_MEMORY: return HttpFailure::Permanent;   // an oversized header line (see describeCurlError)
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
    errorBuffer_[0] = '\0';
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer_);
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
    } else if (capture.tooLarge) {
        response.failure = HttpFailure::Permanent;
        response.error = describeCurlError(code, url, true);
    } else if (code == CURLE_ABORTED_BY_CALLBACK) {
        response.failure = HttpFailure::Cancelled;
        response.error = "cancelled";
    } else if (code != CURLE_OK) {
        response.failure = classifyCurlError(code);
        response.error = describeCurlError(code, url, false);
    } else if (response.status != 200 && response.status != 304) {
        response.failure = classifyStatus(response.status);
        response.error = url + ": HTTP " + std::to_string(response.status);
    }
    return response;
}

std::string HttpClient::describeCurlError(int code, const std::string& url, bool headerTooLarge) const {
    if (headerTooLarge) return url + ": response header too large (more than " +
                                std::to_string(sync_limits::kMaxResponseHeaderBytes) + " bytes)";
    // libcurl refuses a header line over CURL_MAX_HTTP_HEADER (100 KiB) with CURLE_OUT_OF_MEMORY
    // before any callback sees it: that is what "Out of memory" means during a transfer.
    if (code == CURLE_OUT_OF_MEMORY) return url + ": response header too large (a header line over 100 KiB)";
    std::string text = curl_easy_strerror(static_cast<CURLcode>(code));
    if (errorBuffer_[0] != '\0') text += " (" + std::string(errorBuffer_) + ")";
    return url + ": " + text;
}

HttpResponse HttpClient::download(const std::string& url, const std::filesystem::path& partFile,
                                  std::uint64_t expectedSize, const std::string& expectedSha256,
                                  std::chrono::steady_clock::time_point deadline) {
    HttpResponse response;
    if (!curl_) return {0, {}, {}, {}, -1, HttpFailure::Permanent, "cannot initialise libcurl"};
    CURL* curl = static_cast<CURL*>(curl_);
    const auto removePart = [&](std::unique_ptr<FILE, int (*)(FILE*)>& file) {
        file.reset();
        std::error_code ec;
        std::filesystem::remove(partFile, ec);
    };
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(partFile.c_str(), "a+b"), &std::fclose);
    if (!file) {
        response.failure = HttpFailure::LocalDisk;
        response.error = quotedForMessage(partFile.string()) + ": cannot create: " + std::strerror(errno);
        return response;
    }
    // Large buffers: a write system call per MiB, not per 4 KiB.
    std::setvbuf(file.get(), nullptr, _IOFBF, sync_limits::kDownloadWriteBufferBytes);
    // What is already there (an interrupted earlier attempt) is hashed first, then resumed.
    Sha256 hash;
    std::uint64_t existing = 0;
    {
        std::vector<char> buffer(sync_limits::kDownloadWriteBufferBytes);
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
            response.error = quotedForMessage(partFile.string()) + ": cannot truncate";
            return response;
        }
        existing = 0;
        hash.reset();
    }
    HeaderCapture capture{&response, counters_};
    FileSink sink;
    sink.curl = curl;
    sink.file = file.get();
    sink.headers = &capture;
    sink.resumeFrom = existing;
    sink.written = existing;
    sink.expectedSize = expectedSize;
    sink.hash = &hash;
    sink.counters = counters_;
    CURLcode code = CURLE_OK;
    bool deadlinePassed = false;
    if (existing < expectedSize) {
        const auto now = std::chrono::steady_clock::now();
        if (deadline <= now) {
            deadlinePassed = true;
            code = CURLE_OPERATION_TIMEDOUT;
        } else {
            prepare(url);
            curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
            curl_easy_setopt(curl, CURLOPT_HEADERDATA, &capture);
            curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onFileBody);
            curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
            curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);   // objects: the exact bytes, ranges of them
            curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, static_cast<long>(sync_limits::kCurlReceiveBufferBytes));
            if (deadline != std::chrono::steady_clock::time_point::max()) {
                const auto remainingMs = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
                curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, remainingMs)));
            }
            // A plain Range header rather than CURLOPT_RESUME_FROM: libcurl aborts a resume with
            // CURLE_RANGE_ERROR when the server answers 200 (python -m http.server, some proxies),
            // before any body arrives; with CURLOPT_RANGE the 200 reaches onFileBody, which starts
            // the file over.
            const std::string range = std::to_string(existing) + "-";
            if (existing > 0) curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
            code = curl_easy_perform(curl);
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
            // (libcurl's timer may fire a millisecond before our clock says the deadline is here)
            deadlinePassed = code == CURLE_OPERATION_TIMEDOUT && deadline != std::chrono::steady_clock::time_point::max() &&
                             std::chrono::steady_clock::now() + std::chrono::milliseconds(sync_limits::kDeadlineSlackMs) >= deadline;
        }
    } else {
        response.status = 200;
    }
    const bool flushed = std::fflush(file.get()) == 0;
    if (sink.diskError || !flushed) {
        response.failure = HttpFailure::LocalDisk;
        response.error = quotedForMessage(partFile.string()) + ": cannot write: " +
                         std::strerror(sink.diskErrno ? sink.diskErrno : errno);
        return response;
    }
    if (sink.overflow) {
        response.failure = HttpFailure::TooMuchData;
        response.error = url + ": more bytes than the manifest's " + std::to_string(expectedSize) + " (endless data)";
        removePart(file);
        return response;
    }
    if (capture.tooLarge) {
        response.failure = HttpFailure::Permanent;
        response.error = describeCurlError(code, url, true);
        return response;
    }
    if (code == CURLE_ABORTED_BY_CALLBACK) {
        response.failure = HttpFailure::Cancelled;
        response.error = "cancelled";
        return response;
    }
    if (sink.badRange || code == CURLE_RANGE_ERROR || response.status == 416) {
        // Our part is not a prefix the server will continue: start over on the next attempt.
        removePart(file);
        response.failure = HttpFailure::Transient;
        response.error = url + (response.status == 416 ? ": HTTP 416 on resume" : ": the server did not continue at byte " +
                                                                                    std::to_string(existing) + "; starting over");
        return response;
    }
    if (sink.errorStatus || (response.status != 0 && response.status != 200 && response.status != 206)) {
        response.failure = classifyStatus(response.status);
        response.error = url + ": HTTP " + std::to_string(response.status);
        return response;
    }
    if (deadlinePassed) {
        response.failure = HttpFailure::SlowTransfer;
        response.error = url + ": object deadline passed after " + std::to_string(sink.written) + " of " +
                         std::to_string(expectedSize) + " bytes (too slow on average; resumed next cycle)";
        return response;
    }
    if (code != CURLE_OK) {          // no response at all, or the transfer broke off
        response.failure = classifyCurlError(code);
        response.error = describeCurlError(code, url, false) + " after " + std::to_string(sink.written) + " of " +
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
        removePart(file);
        response.failure = HttpFailure::WrongBytes;
        response.error = url + ": the bytes received do not match their SHA-256";
        return response;
    }
    return response;
}

} // namespace kiosk::sync
