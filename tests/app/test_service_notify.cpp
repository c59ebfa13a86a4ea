// The kiosk as a systemd Type=notify service: READY=1 after the first frame, STATUS= with the
// release and screen, WATCHDOG=1 pings. A real AF_UNIX datagram socket stands in for systemd's
// notify socket; outside systemd (no NOTIFY_SOCKET) nothing is sent.
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "process_runner.h"

using namespace kiosk::test;

namespace {

class NotifySocket {
public:
    explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
        bound_ = fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~NotifySocket() { if (fd_ >= 0) close(fd_); }
    bool bound() const { return bound_; }
    std::vector<std::string> messages() {
        std::vector<std::string> out;
        char buffer[4096];
        for (ssize_t n; (n = recv(fd_, buffer, sizeof buffer, 0)) > 0;) out.emplace_back(buffer, static_cast<std::size_t>(n));
        return out;
    }
private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool bound_ = false;
};

} // namespace

TEST_SUITE("app.service") {

TEST_CASE("under systemd: READY after the first frame, STATUS with release and screen, WATCHDOG pings") {
    const auto dir = scratchDir("notify");
    NotifySocket socket(dir / "notify.sock");
    REQUIRE(socket.bound());
    const auto run = runKiosk({"--headless", "--size", "640x360", "--frames", "5"},
                              {"NOTIFY_SOCKET=" + (dir / "notify.sock").string(), "WATCHDOG_USEC=3000000"});
    INFO(run.output);
    REQUIRE(run.exitCode == 0);
    const auto messages = socket.messages();
    REQUIRE_FALSE(messages.empty());
    CHECK(messages.front().find("READY=1") != std::string::npos);
    CHECK(messages.front().find("STATUS=release bundled, screen attract") != std::string::npos);
    int ready = 0, watchdog = 0;
    for (const auto& m : messages) {
        ready += m.find("READY=1") != std::string::npos;
        watchdog += m.find("WATCHDOG=1") != std::string::npos;
    }
    CHECK(ready == 1);        // once, not per frame
    CHECK(watchdog >= 1);
}

TEST_CASE("without a watchdog interval there are no WATCHDOG pings, without NOTIFY_SOCKET nothing at all") {
    const auto dir = scratchDir("notify-nowatchdog");
    NotifySocket socket(dir / "notify.sock");
    REQUIRE(socket.bound());
    REQUIRE(runKiosk({"--headless", "--size", "640x360", "--frames", "3"},
                     {"NOTIFY_SOCKET=" + (dir / "notify.sock").string()}).exitCode == 0);
    const auto messages = socket.messages();
    REQUIRE_FALSE(messages.empty());
    for (const auto& m : messages) CHECK(m.find("WATCHDOG=1") == std::string::npos);
    REQUIRE(runKiosk({"--headless", "--size", "640x360", "--frames", "3"}).exitCode == 0);
    CHECK(socket.messages().empty());
}

}
