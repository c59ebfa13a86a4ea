// The sync against a real nginx (Debian nginx-light) serving the tree with the repository's own
// deploy/nginx-release.conf: Range, ETag/304 and the caching headers the README promises, as
// shipped. Skipped, with a message, where nginx is not installed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "kiosk/sync/release_store.h"
#include "sync_test_support.h"

using namespace synctest;

namespace {

const char* findNginx() {
    for (const char* candidate : {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"})
        if (::access(candidate, X_OK) == 0) return candidate;
    return nullptr;
}

bool canConnect(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// deploy/nginx-release.conf with its "# site:" lines replaced for loopback, inside a minimal
// nginx.conf whose pid, logs and temporary folders live under `prefix`.
std::string nginxConfig(const fs::path& prefix, const fs::path& tree, int port) {
    std::ifstream in(fs::path(KIOSK_SOURCE_DIR) / "deploy/nginx-release.conf");
    REQUIRE(in.good());
    std::string site, line;
    while (std::getline(in, line)) {
        const bool comment = line.find_first_not_of(' ') != std::string::npos && line[line.find_first_not_of(' ')] == '#';
        if (comment || line.find("# site:") == std::string::npos) { site += line + "\n"; continue; }
        if (line.find("listen") != std::string::npos) site += "    listen 127.0.0.1:" + std::to_string(port) + ";\n";
        else if (line.find("root") != std::string::npos) site += "    root " + tree.string() + ";\n";
        // ssl_certificate*: dropped (plain HTTP on loopback)
    }
    std::string config;
    if (::geteuid() == 0) config += "user root;\n";   // workers read the test's private temporary folder
    config += "worker_processes 1;\npid " + (prefix / "nginx.pid").string() + ";\nerror_log " + (prefix / "error.log").string() +
              ";\nevents { worker_connections 64; }\nhttp {\n    access_log off;\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        config += std::string("    ") + temp + "_temp_path " + (prefix / (std::string(temp) + "_temp")).string() + ";\n";
    return config + site + "}\n";
}

class Nginx {
public:
    Nginx(const char* binary, const fs::path& prefix, const fs::path& tree) : port_(freePort()) {
        writeFile(prefix / "nginx.conf", nginxConfig(prefix, tree, port_));
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::execl(binary, binary, "-p", prefix.c_str(), "-c", (prefix / "nginx.conf").c_str(), "-e",
                    (prefix / "error.log").c_str(), "-g", "daemon off;", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 500 && !canConnect(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        REQUIRE_MESSAGE(canConnect(port_), readFile(prefix / "error.log"));
    }
    ~Nginx() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int port_;
    pid_t pid_ = -1;
};

// Response headers (lowercased names) and status of a request made with the curl command.
struct Head {
    int status = 0;
    std::string headers;   // lowercased
};
Head curlHead(const std::string& url, const std::string& extraHeader = "") {
    const std::string command = "curl -s -o /dev/null -D - " + (extraHeader.empty() ? "" : "-H '" + extraHeader + "' ") + "'" + url + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[1024];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    ::pclose(pipe);
    Head head;
    if (out.rfind("HTTP/", 0) == 0) head.status = std::atoi(out.c_str() + out.find(' ') + 1);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    head.headers = out;
    return head;
}

std::string headerValue(const Head& head, const std::string& name) {
    const auto at = head.headers.find("\n" + name + ":");
    if (at == std::string::npos) return {};
    const auto start = at + name.size() + 2;
    std::string value = head.headers.substr(start, head.headers.find('\n', start) - start);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    return value;
}

} // namespace

TEST_SUITE("sync") {

TEST_CASE("real nginx with deploy/nginx-release.conf: caching headers, Range, ETag/304, a whole sync") {
    const char* nginx = findNginx();
    if (!nginx) {
        MESSAGE("nginx is not installed (Debian: nginx-light); skipping the real-server test");
        return;
    }
    Fixture f(3, 300000);
    TempDir prefix;
    Nginx server(nginx, prefix.path(), f.publisher.tree);
    const std::string base = server.baseUrl();
    const auto manifest = kiosk::parseManifest(readFile(f.publisher.tree / "channels/stable/manifest.json"));
    REQUIRE(manifest.ok());
    const auto& big = manifest->files[manifest->files.size() - 1];
    const std::string objectUrl = base + "/objects/" + kiosk::objectRelativePath(big.sha256);

    // Objects: immutable, with an ETag, and byte ranges.
    Head head = curlHead(objectUrl);
    CHECK(head.status == 200);
    CHECK(headerValue(head, "cache-control") == "public, max-age=31536000, immutable");
    CHECK_FALSE(headerValue(head, "etag").empty());
    head = curlHead(objectUrl, "Range: bytes=1000-");
    CHECK(head.status == 206);
    CHECK(headerValue(head, "content-range") == "bytes 1000-" + std::to_string(big.size - 1) + "/" + std::to_string(big.size));
    // Manifests: revalidated, 304 on a matching ETag.
    head = curlHead(base + "/channels/stable/manifest.json");
    CHECK(head.status == 200);
    CHECK(headerValue(head, "cache-control") == "no-cache");
    const std::string etag = headerValue(head, "etag");
    REQUIRE_FALSE(etag.empty());
    CHECK(curlHead(base + "/channels/stable/manifest.json", "If-None-Match: " + etag).status == 304);
    CHECK(headerValue(curlHead(base + "/channels/stable/manifest.json.sig"), "cache-control") == "no-cache");
    // A missing object: 404 that no cache keeps; anything else: 404.
    head = curlHead(base + "/objects/00/" + std::string(64, '0'));
    CHECK(head.status == 404);
    CHECK(headerValue(head, "cache-control") == "no-store");
    CHECK(head.headers.find("immutable") == std::string::npos);
    CHECK(curlHead(base + "/channels/stable/manifest.json.tmp").status == 404);
    CHECK(curlHead(base + "/").status == 404);

    // The kiosk: a resumed download (a part file from an earlier cycle), then 304.
    f.settings = testSettings(base, f.publisher.keys.publicKey);
    const std::string prefixBytes = readFile(f.publisher.tree / "objects" / kiosk::objectRelativePath(big.sha256)).substr(0, 100000);
    writeFile(f.data / "content-store/tmp" / (big.sha256 + ".part"), prefixBytes);
    kiosk::sync::SyncCycleStats stats;
    CHECK(f.sync(&stats).line() == "updated to version 1");
    CHECK(stats.http.bytesReceived < manifest->totalBytes());   // the part was resumed, not fetched again
    f.checkCurrentMatchesSource(1);
    kiosk::sync::SyncCycleStats unchanged;
    CHECK(f.sync(&unchanged).line() == "up to date");
    CHECK(unchanged.http.requests == 1);
}

} // TEST_SUITE
