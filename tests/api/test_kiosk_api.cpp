// The real kiosk executable, headless on the real clock, with its API on: health, status,
// a screenshot through the main loop, events, then SIGTERM ends it cleanly.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/storage/sqlite_db.h"
#include "tests/common/temp_dir.h"

using kiosk::storage::testing::TempDir;

namespace {

int freeLoopbackPort() {
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

} // namespace

TEST_SUITE("api") {

TEST_CASE("the headless kiosk serves its API, answers a screenshot from the main loop, and stops on SIGTERM") {
    TempDir dir;
    std::filesystem::create_directories(dir.path / "content");
    std::ofstream(dir.path / "content" / "exhibition.json")
        << R"({"id":"t","title":{"en":"API test"},"languages":[{"code":"en","name":"English"}]})";
    std::ofstream(dir.path / "content" / "categories.json") << "[]";
    const std::string token = "kiosk-api-test-token-0123456789";
    std::ofstream(dir.path / "token") << token << "\n";
    std::filesystem::permissions(dir.path / "token", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const int port = freeLoopbackPort();
    std::ofstream(dir.path / "kiosk.toml") << "[kiosk]\nid = \"api-test-kiosk\"\ntags = [\"hall-z\"]\n[api]\nlisten = \"127.0.0.1:"
                                           << port << "\"\ntoken_file = \"token\"\n";
    const std::string config = (dir.path / "kiosk.toml").string(), content = (dir.path / "content").string(),
                      data = (dir.path / "data").string();
    // Under LeakSanitizer, fontconfig's own process-lifetime cache shows up as a leak of the
    // kiosk (not of the API); suppress exactly that library for the child.
    std::ofstream(dir.path / "lsan.supp") << "leak:libfontconfig.so\n";
    const std::string lsan = "suppressions=" + (dir.path / "lsan.supp").string();
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::setenv("LSAN_OPTIONS", lsan.c_str(), 1);
        ::execl(KIOSK_EXECUTABLE, KIOSK_EXECUTABLE, "--headless", "--config", config.c_str(), "--content", content.c_str(),
                "--data", data.c_str(), "--size", "640x360", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    httplib::Client client("127.0.0.1", port);
    client.set_bearer_token_auth(token.c_str());
    client.set_read_timeout(60, 0);
    bool up = false;
    for (int attempt = 0; attempt < 600 && !up; ++attempt) {   // start-up bound only (fonts, sanitizers)
        auto health = client.Get("/v1/health");
        up = health && health->status == 200;
        if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(up);

    auto status = client.Get("/v1/status");
    REQUIRE(status);
    CHECK(status->status == 200);
    auto json = nlohmann::json::parse(status->body);
    CHECK(json["kiosk_id"] == "api-test-kiosk");
    CHECK(json["tags"] == nlohmann::json::array({"hall-z"}));
    CHECK(json["events"]["stored"].is_number());

    auto shot = client.Get("/v1/screenshot");
    REQUIRE(shot);
    CHECK(shot->status == 200);
    CHECK(shot->get_header_value("Content-Type") == "image/png");
    REQUIRE(shot->body.size() > 24);
    CHECK(shot->body.substr(1, 3) == "PNG");
    // Width and height from the IHDR chunk.
    auto be32 = [&](std::size_t at) {
        const auto* b = reinterpret_cast<const unsigned char*>(shot->body.data() + at);
        return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    };
    CHECK(be32(16) == 640);
    CHECK(be32(20) == 360);

    auto events = client.Get("/v1/events?after=0");
    REQUIRE(events);
    CHECK(events->status == 200);
    httplib::Client anonymous("127.0.0.1", port);
    auto refused = anonymous.Get("/v1/events?after=0");
    REQUIRE(refused);
    CHECK(refused->status == 401);

    ::kill(child, SIGTERM);
    int wstatus = 0;
    REQUIRE(::waitpid(child, &wstatus, 0) == child);
    CHECK(WIFEXITED(wstatus));
    CHECK(WEXITSTATUS(wstatus) == 0);
    auto db = kiosk::storage::SqliteDb::open(dir.path / "data" / "events.db");
    REQUIRE(db);
    CHECK(kiosk::storage::integrityCheck(**db) == "ok");
}

}
