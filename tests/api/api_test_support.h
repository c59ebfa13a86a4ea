// Helpers for the API tests: raw sockets on loopback (to send what no HTTP client would), and
// the real kiosk executable started headless with its API on a free loopback port.
#pragma once
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

#include <httplib.h>

#include "tests/support/temp_dir.h"

namespace kiosk::api::testing {

inline int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

// A blocking TCP connection to 127.0.0.1:port, or -1.
inline int connectLoopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends everything unless the peer closes (false then). Never raises SIGPIPE. A send that blocks
// longer than `timeoutMs` counts as failed too.
inline bool sendAll(int fd, std::string_view bytes, int timeoutMs = 10000) {
    while (!bytes.empty()) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, timeoutMs) <= 0) return false;
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Reads until the peer closes or `timeoutMs` passes without data.
inline std::string readUntilClosed(int fd, int timeoutMs = 10000) {
    std::string out;
    char buffer[16384];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeoutMs) <= 0) break;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

// True when the server has closed (or reset) the connection within `timeoutMs`; discards data.
inline bool closedByServer(int fd, int timeoutMs) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    char buffer[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count()))) <= 0) return false;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return true;
    }
}

// One request on a new connection; the raw answer (status line, headers, body).
inline std::string rawExchange(int port, std::string_view request, int timeoutMs = 10000) {
    const int fd = connectLoopback(port);
    if (fd < 0) return {};
    sendAll(fd, request, timeoutMs);
    std::string answer = readUntilClosed(fd, timeoutMs);
    ::close(fd);
    return answer;
}

// The status code of a raw answer ("HTTP/1.1 431 ..."), 0 when there is none.
inline int statusOf(const std::string& answer) {
    if (answer.size() < 12 || answer.compare(0, 5, "HTTP/") != 0) return 0;
    return std::atoi(answer.c_str() + answer.find(' ') + 1);
}

// Resident memory of a process in KiB (VmRSS in /proc/PID/status), -1 if unknown.
inline long residentKb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

// The real kiosk, headless, with its API on loopback. Killed (SIGKILL) if still running at the end.
class KioskProcess {
public:
    struct Setup {
        std::string apiToml;                 // extra lines for [api]
        bool privateTokenFile = true;        // chmod 600 the token file
    };
    const std::string token = "kiosk-api-test-token-0123456789";

    explicit KioskProcess(const Setup& setup) : port_(freeLoopbackPort()) {
        namespace fs = std::filesystem;
        fs::create_directories(dir.path / "content");
        std::ofstream(dir.path / "content" / "exhibition.json")
            << R"({"id":"t","title":{"en":"API test"},"languages":[{"code":"en","name":"English"}]})";
        std::ofstream(dir.path / "content" / "categories.json") << "[]";
        std::ofstream(dir.path / "token") << token << "\n";
        fs::permissions(dir.path / "token", setup.privateTokenFile
                                                ? fs::perms::owner_read | fs::perms::owner_write
                                                : fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                                      fs::perms::others_read);
        std::ofstream(dir.path / "kiosk.toml") << "[kiosk]\nid = \"api-test-kiosk\"\ntags = [\"hall-z\"]\n[api]\nlisten = \"127.0.0.1:"
                                               << port_ << "\"\ntoken_file = \"token\"\n" << setup.apiToml;
        // Under LeakSanitizer, fontconfig's own process-lifetime cache shows up as a leak of the
        // kiosk (not of the API); suppress exactly that library for the child.
        std::ofstream(dir.path / "lsan.supp") << "leak:libfontconfig.so\n";
        const std::string config = (dir.path / "kiosk.toml").string(), content = (dir.path / "content").string(),
                          data = (dir.path / "data").string(), lsan = "suppressions=" + (dir.path / "lsan.supp").string(),
                          errors = (dir.path / "stderr.txt").string();
        // ASan keeps freed memory in quarantine (256 MB by default): keep it small, so RSS
        // figures say what the kiosk holds rather than what the sanitizer does.
        const char* asan = std::getenv("ASAN_OPTIONS");
        const std::string asanOptions = std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "quarantine_size_mb=16";
        pid_ = ::fork();
        if (pid_ == 0) {
            ::setenv("LSAN_OPTIONS", lsan.c_str(), 1);
            ::setenv("ASAN_OPTIONS", asanOptions.c_str(), 1);
            if (FILE* f = std::freopen(errors.c_str(), "w", stderr)) (void)f;
            ::execl(KIOSK_EXECUTABLE, KIOSK_EXECUTABLE, "--headless", "--config", config.c_str(), "--content",
                    content.c_str(), "--data", data.c_str(), "--size", "640x360", static_cast<char*>(nullptr));
            ::_exit(127);
        }
    }
    ~KioskProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    KioskProcess(const KioskProcess&) = delete;
    KioskProcess& operator=(const KioskProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    long residentKb() const { return testing::residentKb(pid_); }

    httplib::Client client(bool authorized = true) const {
        httplib::Client c("127.0.0.1", port_);
        if (authorized) c.set_bearer_token_auth(token.c_str());
        c.set_connection_timeout(10, 0);
        c.set_read_timeout(60, 0);
        return c;
    }
    // Waits for GET /v1/health (start-up: fonts, sanitizers); false if the kiosk never answers.
    bool waitUntilServing() const {
        auto c = client(false);
        for (int attempt = 0; attempt < 600; ++attempt) {
            if (auto health = c.Get("/v1/health"); health && health->status == 200) return true;
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
    // What the kiosk wrote to stderr so far.
    std::string errors() const {
        std::ifstream in(dir.path / "stderr.txt");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    // Waits for the kiosk to exit by itself; its exit status (-1 if it did not exit normally).
    int waitExit() {
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return done > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    // SIGTERM, then the exit status (-1 if it did not exit normally).
    int stop() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return done > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    kiosk::testing::TempDir dir;

private:
    int port_;
    pid_t pid_ = -1;
};

// An organizer asking GET /v1/events with the token every `intervalMs` on a new connection,
// while an attack runs; remembers the slowest answer and every failure.
class AuthorizedProbe {
public:
    AuthorizedProbe(int port, std::string token, int intervalMs = 100)
        : thread_([this, port, token = std::move(token), intervalMs] {
              while (!stop_) {
                  httplib::Client c("127.0.0.1", port);
                  c.set_bearer_token_auth(token.c_str());
                  c.set_connection_timeout(5, 0);
                  c.set_read_timeout(5, 0);
                  const auto started = std::chrono::steady_clock::now();
                  auto res = c.Get("/v1/events?after=0&limit=10");
                  // Like kiosk-logs (and browsers, for idempotent requests), a connection closed
                  // before any answer (the server shedding anonymous connections from this same
                  // address before it read the token) is retried once on a new connection; both
                  // attempts count against the time bound, and retries must stay rare.
                  const bool closedUnanswered =
                      !res && (res.error() == httplib::Error::Write || res.error() == httplib::Error::Read);
                  if (closedUnanswered) {
                      {
                          std::lock_guard lock(mutex_);
                          ++retries_;
                      }
                      res = c.Get("/v1/events?after=0&limit=10");
                  }
                  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                  {
                      std::lock_guard lock(mutex_);
                      ++requests_;
                      slowestSeconds_ = std::max(slowestSeconds_, seconds);
                      if (!res || res->status != 200) {
                          ++failures_;
                          lastFailure_ = res ? "status " + std::to_string(res->status) : httplib::to_string(res.error());
                      }
                  }
                  std::this_thread::sleep_for(std::chrono::milliseconds(intervalMs));
              }
          }) {}
    ~AuthorizedProbe() { finish(); }
    void finish() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    int requests() { std::lock_guard lock(mutex_); return requests_; }
    int failures() { std::lock_guard lock(mutex_); return failures_; }
    double slowestSeconds() { std::lock_guard lock(mutex_); return slowestSeconds_; }
    std::string lastFailure() { std::lock_guard lock(mutex_); return lastFailure_; }
    int retries() { std::lock_guard lock(mutex_); return retries_; }

private:
    std::mutex mutex_;
    int requests_ = 0, failures_ = 0, retries_ = 0;
    double slowestSeconds_ = 0;
    std::string lastFailure_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

} // namespace kiosk::api::testing
