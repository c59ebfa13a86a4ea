// Shared fixtures of the sync tests: temporary folders, a small exhibition, a release tree
// published with the real publishing code, and a real HTTP server on loopback (cpp-httplib)
// serving that tree, with switches that make it misbehave on purpose.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "kiosk/core/release_signing.h"
#include "kiosk/sync/sync_client.h"
#include "kiosk/tools/publish/release_builder.h"

namespace synctest {
namespace fs = std::filesystem;

class TempDir {
public:
    TempDir();
    ~TempDir();
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }
private:
    fs::path path_;
};

void writeFile(const fs::path& file, const std::string& bytes);
std::string readFile(const fs::path& file);
// Deterministic pseudo-random bytes.
std::string patternBytes(std::size_t size, std::uint32_t seed);

// A minimal valid exhibition plus `mediaFiles` files of `mediaBytes` bytes under media/.
void makeExhibition(const fs::path& dir, int mediaFiles, std::size_t mediaBytes, const std::string& title = "Sync test");

// What the server does wrong, switched on per test. Object faults apply to /objects/ requests.
struct Faults {
    std::atomic<bool> dropFirstObjectRequestHalfway{false};  // send half the body, then close
    std::atomic<bool> wrongBytesOnce{false};                 // first object request: same length, other bytes
    std::atomic<bool> wrongBytesAlways{false};
    std::atomic<bool> endlessObject{false};                  // chunked, never ends (capped at 64 MiB)
    std::atomic<bool> endlessManifest{false};
    std::atomic<bool> oneBytePerSecond{false};               // objects trickle
    std::atomic<int> objectStatus{0};                        // e.g. 500, 429, 404 for the next N object requests
    std::atomic<int> objectStatusCount{0};
    std::atomic<int> manifestStatus{0};
    std::atomic<int> manifestStatusCount{0};
    std::atomic<int> retryAfterSeconds{-1};
    std::atomic<bool> ignoreRange{false};         // answer Range requests with 200 and the whole object
    std::atomic<bool> hugeManifestHeader{false};  // a 100 KiB response header on the manifest
    std::atomic<int> dripBytesPerSecond{0};       // objects at this rate (in 10 steps a second)
};

struct RequestRecord {
    std::string path;
    std::string range;          // the Range header, if any
    int status = 0;
};

class ReleaseServer {
public:
    explicit ReleaseServer(fs::path treeDir);
    ~ReleaseServer();
    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
    Faults faults;
    std::vector<RequestRecord> requests();
    void clearRequests();
    int objectRequests();

private:
    void record(const httplib::Request& req, int status);
    fs::path tree_;
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    std::vector<RequestRecord> requests_;
};

// A publisher: key pair + release tree, publishing a source folder with the real builder.
struct Publisher {
    kiosk::KeyPair keys = kiosk::generateKeyPair();
    fs::path tree;
    std::uint64_t publish(const fs::path& source, const std::string& channel = "stable", int expiresDays = 30,
                          std::int64_t nowUnix = 0);
};

// Sync settings for tests: fast retries, small low-speed window.
kiosk::sync::SyncSettings testSettings(const std::string& baseUrl, const kiosk::PublicKey& key);

// A publisher, a release tree, a loopback server serving it and a kiosk data folder.
struct Fixture {
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    fs::path source = dir / "src";
    fs::path data = dir / "data";
    std::unique_ptr<ReleaseServer> server;
    kiosk::sync::SyncSettings settings;

    explicit Fixture(int files = 4, std::size_t bytes = 20000);
    kiosk::SyncOutcome sync(kiosk::sync::SyncCycleStats* stats = nullptr) { return kiosk::sync::runSyncCycle(settings, data, stats); }
    // The current release equals the source folder, byte for byte, and loads as an exhibition.
    void checkCurrentMatchesSource(std::uint64_t version);
};

// A loopback TCP port that was free a moment ago (for a server or a kiosk API to listen on).
int freePort();

} // namespace synctest
