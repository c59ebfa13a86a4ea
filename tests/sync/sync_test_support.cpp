#include "sync_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>

#include <doctest/doctest.h>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/log.h"
#include "kiosk/sync/release_store.h"

namespace synctest {

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kiosk-sync-XXXXXX").string();
    const char* made = ::mkdtemp(pattern.data());
    REQUIRE(made != nullptr);
    path_ = made;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void writeFile(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
}

std::string readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (!in || ec) return {};
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

std::string patternBytes(std::size_t size, std::uint32_t seed) {
    std::mt19937 random(seed);
    std::string out(size, '\0');
    for (auto& c : out) c = static_cast<char>(random() & 0xff);
    return out;
}

void makeExhibition(const fs::path& dir, int mediaFiles, std::size_t mediaBytes, const std::string& title) {
    writeFile(dir / "exhibition.json",
              R"({"id": "sync-test", "title": {"en": ")" + title + R"("}, "languages": [{"code": "en", "name": "English"}]})");
    writeFile(dir / "categories.json", R"([{"id": "crafts", "title": {"en": "Crafts"}}])");
    for (int i = 0; i < mediaFiles; ++i)
        writeFile(dir / "media" / ("file" + std::to_string(i) + ".bin"), patternBytes(mediaBytes, static_cast<std::uint32_t>(i + 1)));
}

ReleaseServer::ReleaseServer(fs::path treeDir) : tree_(std::move(treeDir)) {
    server_.set_keep_alive_max_count(1000);
    server_.Get(R"(/channels/([a-z0-9_-]+)/manifest\.json(\.sig)?)", [this](const httplib::Request& req, httplib::Response& res) {
        const bool signature = req.matches[2].length() > 0;
        if (!signature && faults.manifestStatusCount > 0) {
            --faults.manifestStatusCount;
            res.status = faults.manifestStatus;
            if (faults.retryAfterSeconds >= 0) res.set_header("Retry-After", std::to_string(faults.retryAfterSeconds.load()));
            record(req, res.status);
            return;
        }
        if (!signature && faults.endlessManifest) {
            res.set_chunked_content_provider("application/octet-stream", [](size_t offset, httplib::DataSink& sink) {  // not compressible by the server
                const std::string chunk(64 * 1024, ' ');
                if (offset > 64u * 1024 * 1024 || !sink.write(chunk.data(), chunk.size())) return false;
                return true;
            });
            record(req, 200);
            return;
        }
        const fs::path file = tree_ / "channels" / req.matches[1].str() / (signature ? "manifest.json.sig" : "manifest.json");
        if (!fs::exists(file)) { res.status = 404; record(req, 404); return; }
        const std::string bytes = readFile(file);
        const std::string etag = "\"" + kiosk::sha256Hex(bytes).substr(0, 16) + "\"";
        res.set_header("ETag", etag);
        if (!signature && faults.hugeManifestHeader) res.set_header("X-Padding", std::string(100 * 1024, 'p'));
        if (req.get_header_value("If-None-Match") == etag) {
            res.status = 304;
            record(req, 304);
            return;
        }
        res.set_content(bytes, "application/json");
        record(req, 200);
    });
    server_.Get(R"(/keys\.json(\.sig)?)", [this](const httplib::Request& req, httplib::Response& res) {
        const fs::path file = tree_ / (req.matches[1].length() > 0 ? "keys.json.sig" : "keys.json");
        if (!fs::exists(file)) { res.status = 404; record(req, 404); return; }
        res.set_content(readFile(file), "application/json");
        record(req, 200);
    });
    server_.Get(R"(/objects/([0-9a-f]{2})/([0-9a-f]{64}))", [this](const httplib::Request& req, httplib::Response& res) {
        if (faults.objectStatusCount > 0) {
            --faults.objectStatusCount;
            res.status = faults.objectStatus;
            if (faults.retryAfterSeconds >= 0) res.set_header("Retry-After", std::to_string(faults.retryAfterSeconds.load()));
            res.set_content("error", "text/plain");
            record(req, res.status);
            return;
        }
        const fs::path file = tree_ / "objects" / req.matches[1].str() / req.matches[2].str();
        if (!fs::exists(file)) { res.status = 404; record(req, 404); return; }
        auto bytes = std::make_shared<std::string>(readFile(file));
        if (faults.endlessObject) {
            res.set_chunked_content_provider("application/octet-stream", [](size_t offset, httplib::DataSink& sink) {
                const std::string chunk(64 * 1024, 'x');
                if (offset > 64u * 1024 * 1024 || !sink.write(chunk.data(), chunk.size())) return false;
                return true;
            });
            record(req, 200);
            return;
        }
        if (faults.oneBytePerSecond) {
            res.set_content_provider(bytes->size(), "application/octet-stream", [bytes](size_t offset, size_t, httplib::DataSink& sink) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1000));
                return offset < bytes->size() && offset < 8 && sink.write(bytes->data() + offset, 1);
            });
            record(req, 200);
            return;
        }
        if (faults.dripBytesPerSecond > 0) {
            const std::size_t step = std::max(1, faults.dripBytesPerSecond.load() / 10);
            res.set_content_provider(bytes->size(), "application/octet-stream", [bytes, step](size_t offset, size_t, httplib::DataSink& sink) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                return offset < bytes->size() && sink.write(bytes->data() + offset, std::min(step, bytes->size() - offset));
            });
            record(req, 200);
            return;
        }
        if (faults.ignoreRange && req.has_header("Range")) {
            // Like python -m http.server: the Range header is ignored, the whole object comes back.
            res.status = 200;
            res.set_chunked_content_provider("application/octet-stream", [bytes](size_t offset, httplib::DataSink& sink) {
                if (offset >= bytes->size()) {
                    sink.done();
                    return true;
                }
                return sink.write(bytes->data() + offset, std::min<std::size_t>(64 * 1024, bytes->size() - offset));
            });
            record(req, 200);
            return;
        }
        if (faults.wrongBytesAlways || faults.wrongBytesOnce.exchange(false)) {
            std::string wrong = *bytes;
            for (auto& c : wrong) c = static_cast<char>(c ^ 0x5a);
            res.set_content(wrong, "application/octet-stream");
            record(req, 200);
            return;
        }
        if (faults.dropFirstObjectRequestHalfway.exchange(false)) {
            res.set_content_provider(bytes->size(), "application/octet-stream", [bytes](size_t offset, size_t, httplib::DataSink& sink) {
                const std::size_t half = bytes->size() / 2;
                if (offset >= half) return false;   // closes the connection mid-body
                return sink.write(bytes->data() + offset, half - offset);
            });
            record(req, 200);
            return;
        }
        res.set_content(*bytes, "application/octet-stream");   // httplib answers Range requests with 206
        record(req, req.has_header("Range") ? 206 : 200);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

ReleaseServer::~ReleaseServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
}

void ReleaseServer::record(const httplib::Request& req, int status) {
    std::lock_guard lock(mutex_);
    requests_.push_back({req.path, req.get_header_value("Range"), status});
}

std::vector<RequestRecord> ReleaseServer::requests() {
    std::lock_guard lock(mutex_);
    return requests_;
}

void ReleaseServer::clearRequests() {
    std::lock_guard lock(mutex_);
    requests_.clear();
}

int ReleaseServer::objectRequests() {
    std::lock_guard lock(mutex_);
    int count = 0;
    for (const auto& r : requests_) count += r.path.rfind("/objects/", 0) == 0;
    return count;
}

std::uint64_t Publisher::publish(const fs::path& source, const std::string& channel, int expiresDays, std::int64_t nowUnix) {
    kiosk::publish::BuildOptions options;
    options.sourceDir = source;
    options.outDir = tree;
    options.secretKey = keys.secretKey;
    options.channel = channel;
    options.expiresDays = expiresDays;
    options.nowUnix = nowUnix;
    // The test exhibitions carry media files that no item references (sync moves bytes; what
    // they are does not matter to it): publish them too, after the full content check.
    for (const auto& entry : fs::recursive_directory_iterator(source))
        if (entry.is_regular_file()) options.onlyFiles.push_back(entry.path());
    auto report = kiosk::publish::buildRelease(options);
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? std::string() : report.error()));
    return report->version;
}

Fixture::Fixture(int files, std::size_t bytes) {
    makeExhibition(source, files, bytes);
    publisher.publish(source);
    server = std::make_unique<ReleaseServer>(publisher.tree);
    settings = testSettings(server->baseUrl(), publisher.keys.publicKey);
}

void Fixture::checkCurrentMatchesSource(std::uint64_t version) {
    kiosk::sync::ReleaseStore store(data);
    REQUIRE(store.currentVersion() == version);
    const fs::path release = store.releaseDir(version);
    for (const auto& entry : fs::recursive_directory_iterator(source)) {
        if (!entry.is_regular_file()) continue;
        CHECK(readFile(release / fs::relative(entry.path(), source)) == readFile(entry.path()));
    }
    CHECK(kiosk::loadExhibition(release).snapshot != nullptr);
    CHECK(store.checkStore().ok());
}

kiosk::sync::SyncSettings testSettings(const std::string& baseUrl, const kiosk::PublicKey& key) {
    kiosk::sync::SyncSettings settings;
    settings.baseUrl = baseUrl;
    settings.publicKeys = {key};
    settings.channel = "stable";
    settings.retryBaseMs = 20;
    settings.retryMaxMs = 200;
    settings.maxAttemptsPerRequest = 4;
    settings.http.connectTimeoutSeconds = 5;
    settings.http.lowSpeedBytesPerSecond = 1000;
    settings.http.lowSpeedSeconds = 1;
    settings.parallelDownloads = 3;
    settings.reserveBytes = 0;   // tests that need a reserve set one
    return settings;
}

// A loopback TCP port free at the time of the call (bound, read, released).
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

} // namespace synctest
