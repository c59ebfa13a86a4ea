// Fleet: the fleet file, pulling several kiosks at once with one down and one hung, Retry-After,
// TLS certificate pins, and `kiosk-logs fleet` (table, HTML page, exit status).
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <httplib.h>

#include "kiosk/tools/logs/fleet_file.h"
#include "kiosk/tools/logs/logs_fleet.h"
#include "kiosk/tools/logs/logs_pull.h"
#include "logs_test_support.h"

using namespace kiosk;
using namespace kiosk::logs;
using namespace kiosk::logs::testing;
using Clock = std::chrono::steady_clock;

namespace {

// A loopback socket that accepts connections and never answers (nor closes them).
struct HungServer {
    int listener = -1;
    int port = 0;
    std::atomic<bool> stop{false};
    std::vector<int> accepted;
    std::thread thread;
    HungServer() {
        listener = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(listener >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(listener, 64) == 0);
        socklen_t length = sizeof address;
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
        port = ntohs(address.sin_port);
        thread = std::thread([this] {
            while (!stop) {
                timeval wait{0, 100000};
                fd_set set;
                FD_ZERO(&set);
                FD_SET(listener, &set);
                if (::select(listener + 1, &set, nullptr, nullptr, &wait) > 0) {
                    const int fd = ::accept(listener, nullptr, nullptr);
                    if (fd >= 0) accepted.push_back(fd);
                }
            }
        });
    }
    ~HungServer() {
        stop = true;
        thread.join();
        for (int fd : accepted) ::close(fd);
        ::close(listener);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// Forwards to a kiosk over plain HTTP or TLS; the first `busyAnswers` requests get 429 with
// Retry-After: retryAfter.
struct FrontServer {
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = 0;
    std::atomic<int> requests{0};
    int busyAnswers = 0;
    std::string retryAfter = "1";
    bool tls = false;

    FrontServer(const std::string& target, std::unique_ptr<httplib::Server> s, bool isTls) : server(std::move(s)), tls(isTls) {
        server->Get(".*", [this, target](const httplib::Request& req, httplib::Response& res) {
            if (requests++ < busyAnswers) {
                res.status = 429;
                res.set_header("Retry-After", retryAfter);
                return;
            }
            httplib::Client client(target);
            std::string path = req.path;
            if (!req.params.empty()) {
                path += "?";
                for (const auto& [k, v] : req.params) path += k + "=" + v + "&";
                path.pop_back();
            }
            auto upstream = client.Get(path.c_str(), {{"Authorization", req.get_header_value("Authorization")}});
            if (!upstream) { res.status = 502; return; }
            res.status = upstream->status;
            res.set_content(upstream->body, upstream->get_header_value("Content-Type").c_str());
        });
        port = server->bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server->listen_after_bind(); });
        while (!server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FrontServer() {
        server->stop();
        thread.join();
    }
    std::string url() const { return std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port); }
};

int shell(const std::string& command, std::string* output = nullptr) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe);
    std::string text;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
    const int status = ::pclose(pipe);
    if (output) *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

PullOptions quick() {
    PullOptions options;
    options.pageEvents = 100;
    options.retryFirstDelayMs = 1;
    options.noProgressTimeoutMs = 1000;
    options.kioskDeadlineSeconds = 4;
    return options;
}

std::unique_ptr<OrganizerDatabase> organizer(const std::filesystem::path& file) {
    auto db = openOrganizerDatabase(file.string());
    REQUIRE_MESSAGE(db, (db ? "" : db.error()));
    return std::move(*db);
}

} // namespace

TEST_SUITE("logs") {

TEST_CASE("the fleet file: ids, URLs, pins, token files, mistakes are reported with file and line") {
    storage::testing::TempDir dir;
    const auto file = dir.path / "fleet.toml";
    std::ofstream(file) << "token_file = \"api-token\"\n"
                           "[[kiosk]]\nid = \"hall-a-01\"\nurl = \"https://10.0.0.21:8765/\"\n"
                           "pin = \"sha256:" << std::string(32, 'A') << std::string(32, 'b') << "\"\nhall = \"Hall A\"\n"
                           "[[kiosk]]\nid = \"hall-b-01\"\nurl = \"http://10.0.0.22:8765\"\ntoken_file = \"/etc/other\"\n";
    auto fleet = loadFleetFile(file);
    REQUIRE_MESSAGE(fleet, (fleet ? "" : fleet.error()));
    REQUIRE(fleet->size() == 2);
    CHECK((*fleet)[0].kioskId == "hall-a-01");
    CHECK((*fleet)[0].url == "https://10.0.0.21:8765");
    CHECK((*fleet)[0].pin == "sha256:" + std::string(32, 'a') + std::string(32, 'b'));
    CHECK((*fleet)[0].tokenFile == dir.path / "api-token");
    CHECK((*fleet)[0].hall == "Hall A");
    CHECK((*fleet)[1].tokenFile == "/etc/other");
    CHECK((*fleet)[1].pin.empty());

    auto refused = [&](const std::string& text, const std::string& expected) {
        std::ofstream(file) << text;
        auto bad = loadFleetFile(file);
        REQUIRE_FALSE(bad);
        CHECK_MESSAGE(bad.error().find(expected) != std::string::npos, bad.error());
        CHECK_MESSAGE(bad.error().find("fleet.toml:") != std::string::npos, bad.error());
    };
    const std::string ok = "token_file = \"t\"\n[[kiosk]]\nid = \"a\"\nurl = \"http://x:1\"\n";
    refused(ok + "pinn = \"sha256:00\"\n", "unknown key 'pinn'");
    refused(ok + "[[kiosk]]\nid = \"a\"\nurl = \"http://y:1\"\n", "appears twice");
    refused("token_file = \"t\"\n[[kiosk]]\nid = \"a\"\nurl = \"https://x:1\"\npin = \"sha256:abc\"\n", "64 hex digits");
    refused("token_file = \"t\"\n[[kiosk]]\nid = \"a\"\nurl = \"https://x:1\"\npin = \"md5:abc\"\n", "sha256:");
    refused("token_file = \"t\"\n[[kiosk]]\nid = \"a\"\nurl = \"ftp://x:1\"\n", "http");
    refused("token_file = \"t\"\n[[kiosk]]\nurl = \"http://x:1\"\n", "needs an id");
    refused("[[kiosk]]\nid = \"a\"\nurl = \"http://x:1\"\n", "token_file");
    refused("token_file = \"t\"\n[[kiosk]]\nid = \"a\"\nurl = \"http://x:1\"\npin = \"sha256:" + std::string(64, '0') + "\"\n",
            "plain http");
    refused("token_file = \"t\"\n[[kiosk]\n", "fleet.toml:");
}

TEST_CASE("kiosks are pulled at once: one down and one hung do not stall the others") {
    TestKiosk first("hall-a-01"), second("hall-b-01");
    simulateVisitors(*first.store, 60, utcNowMs() - 3600000, 10000, 21);
    simulateVisitors(*second.store, 40, utcNowMs() - 3600000, 10000, 22);
    std::string downUrl;
    {
        TestKiosk gone("gone");
        downUrl = gone.url();
    }
    HungServer hung;
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");
    const auto start = Clock::now();
    auto results = pullKiosks(*db, {{"", hung.url(), kToken, "", ""}, {"", first.url(), kToken, "", ""},
                                    {"", downUrl, kToken, "", ""}, {"", second.url(), kToken, "", ""}},
                              quick());
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    REQUIRE(results);
    CHECK_FALSE((*results)[0].ok);
    CHECK_MESSAGE((*results)[0].error.find("no answer") != std::string::npos, (*results)[0].error);
    CHECK((*results)[1].ok);
    CHECK_FALSE((*results)[2].ok);
    CHECK((*results)[3].ok);
    CHECK(db->countEvents("hall-a-01").value().events == first.store->stats().lastId);
    CHECK(db->countEvents("hall-b-01").value().events == second.store->stats().lastId);
    // Generous bound: the hung kiosk's deadline (4 s), not attempts x timeouts in a row.
    CHECK(seconds < 30);
}

TEST_CASE("a kiosk answering 429 with Retry-After is waited for, within a bound") {
    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 30, utcNowMs() - 3600000, 10000, 23);
    storage::testing::TempDir dir;
    auto db = organizer(dir.path / "organizer.db");
    {
        FrontServer busy(kiosk.url(), std::make_unique<httplib::Server>(), false);
        busy.busyAnswers = 2;
        busy.retryAfter = "1";
        auto result = pullKiosk(*db, {"", busy.url(), kToken, "", ""}, quick());
        CHECK_MESSAGE(result.ok, result.error);
        CHECK(result.retryAfterWaits == 2);
        CHECK(result.retries == 0);
        CHECK(db->countEvents("hall-a-01").value().events == kiosk.store->stats().lastId);
    }
    {
        FrontServer busy(kiosk.url(), std::make_unique<httplib::Server>(), false);
        busy.busyAnswers = 1000;
        busy.retryAfter = "3600";   // far beyond what a pull waits
        const auto start = Clock::now();
        auto result = pullKiosk(*db, {"", busy.url(), kToken, "", ""}, quick());
        CHECK_FALSE(result.ok);
        CHECK_MESSAGE(result.error.find("Retry-After") != std::string::npos, result.error);
        CHECK(result.retryAfterWaits == 0);
        CHECK(std::chrono::duration<double>(Clock::now() - start).count() < 30);
    }
}

TEST_CASE("TLS: the pinned certificate is accepted, any other is refused before the token is sent") {
    storage::testing::TempDir dir;
    const std::string cert = (dir.path / "cert.pem").string(), key = (dir.path / "key.pem").string();
    const std::string other = (dir.path / "other.pem").string(), otherKey = (dir.path / "other-key.pem").string();
    for (const auto& [c, k] : {std::pair{cert, key}, std::pair{other, otherKey}})
        REQUIRE(shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=kiosk"
                      " -keyout " + k + " -out " + c) == 0);
    std::string digest;
    REQUIRE(shell("openssl x509 -in " + cert + " -outform der | sha256sum | cut -d' ' -f1", &digest) == 0);
    const std::string pin = "sha256:" + digest.substr(0, 64);
    std::string otherDigest;
    REQUIRE(shell("openssl x509 -in " + other + " -outform der | sha256sum | cut -d' ' -f1", &otherDigest) == 0);

    TestKiosk kiosk("hall-a-01");
    simulateVisitors(*kiosk.store, 20, utcNowMs() - 3600000, 10000, 24);
    FrontServer front(kiosk.url(), std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str()), true);
    auto db = organizer(dir.path / "organizer.db");

    PullOptions options = quick();
    auto wrong = pullKiosk(*db, {"", front.url(), kToken, "sha256:" + otherDigest.substr(0, 64), ""}, options);
    CHECK_FALSE(wrong.ok);
    CHECK_MESSAGE(wrong.error.find("not the pinned") != std::string::npos, wrong.error);
    CHECK(wrong.error.find(pin) != std::string::npos);   // says which certificate it saw
    CHECK(wrong.retries == 0);
    CHECK(front.requests == 0);   // no request (no token) went to the impostor
    auto none = pullKiosk(*db, {"", front.url(), kToken, "", ""}, options);   // CA check: self-signed refused
    CHECK_FALSE(none.ok);
    CHECK(front.requests == 0);

    auto right = pullKiosk(*db, {"", front.url(), kToken, pin, ""}, options);
    CHECK_MESSAGE(right.ok, right.error);
    CHECK(db->countEvents("hall-a-01").value().events == kiosk.store->stats().lastId);

    // The same through the tool: --pin on the command line.
    const auto token = writeToken(dir.path);
    std::string output;
    db.reset();
    CHECK(shell(std::string(KIOSK_LOGS_EXE) + " pull " + front.url() + " --pin sha256:" + std::string(64, '1') +
                " --token-file " + token.string() + " --db " + (dir.path / "organizer.db").string(), &output) == 1);
    CHECK_MESSAGE(output.find("not the pinned") != std::string::npos, output);
    CHECK(shell(std::string(KIOSK_LOGS_EXE) + " pull " + front.url() + " --pin " + pin + " --token-file " + token.string() +
                " --db " + (dir.path / "organizer.db").string(), &output) == 0);
}

TEST_CASE("kiosk-logs fleet: the status table, the HTML page, and the exit status with one kiosk down and one hung") {
    TestKiosk up("hall-a-01"), impostor("hall-z-99");
    simulateVisitors(*up.store, 10, utcNowMs() - 3600000, 10000, 25);
    std::string downUrl;
    {
        TestKiosk gone("gone");
        downUrl = gone.url();
    }
    HungServer hung;
    storage::testing::TempDir dir;
    const auto token = writeToken(dir.path);
    const auto fleetFile = dir.path / "fleet.toml";
    auto writeFleet = [&](bool withTrouble) {
        std::ofstream out(fleetFile);
        out << "token_file = \"api-token\"\n"
            << "[[kiosk]]\nid = \"hall-a-01\"\nurl = \"" << up.url() << "\"\nhall = \"Hall <A>\"\n";
        if (withTrouble)
            out << "[[kiosk]]\nid = \"hall-b-01\"\nurl = \"" << downUrl << "\"\n"
                << "[[kiosk]]\nid = \"hall-c-01\"\nurl = \"" << hung.url() << "\"\n"
                << "[[kiosk]]\nid = \"hall-d-01\"\nurl = \"" << impostor.url() << "\"\n";
    };
    const std::string db = (dir.path / "organizer.db").string();
    const std::string html = (dir.path / "fleet.html").string();
    const std::string tool = std::string(KIOSK_LOGS_EXE);
    std::string output;

    writeFleet(false);
    REQUIRE(shell(tool + " pull --fleet " + fleetFile.string() + " --db " + db, &output) == 0);
    CHECK(shell(tool + " fleet --fleet " + fleetFile.string() + " --db " + db + " --html " + html, &output) == 0);
    CHECK_MESSAGE(output.find("hall-a-01") != std::string::npos, output);
    CHECK(output.find("1 kiosk, 0 need attention") != std::string::npos);

    writeFleet(true);
    const auto start = Clock::now();
    CHECK(shell(tool + " fleet --fleet " + fleetFile.string() + " --db " + db + " --html " + html +
                " --deadline 3 --timeout 1", &output) == 1);
    CHECK(std::chrono::duration<double>(Clock::now() - start).count() < 30);   // generous: the deadlines run side by side
    INFO(output);
    CHECK(output.find("4 kiosks, 3 need attention") != std::string::npos);
    std::istringstream lines(output);
    std::map<std::string, std::string> rowOf;
    for (std::string line; std::getline(lines, line);) rowOf[line.substr(0, line.find(' '))] = line;
    CHECK(rowOf["hall-a-01"].find(" ok") != std::string::npos);
    CHECK(rowOf["hall-a-01"].find("Hall <A>") != std::string::npos);
    CHECK(rowOf["hall-a-01"].find(" now ") != std::string::npos);
    CHECK(rowOf["hall-b-01"].find("ATTENTION: not reachable") != std::string::npos);
    CHECK(rowOf["hall-b-01"].find("never") != std::string::npos);   // never seen
    CHECK(rowOf["hall-c-01"].find("ATTENTION: not reachable: no answer") != std::string::npos);
    CHECK(rowOf["hall-d-01"].find("says it is 'hall-z-99'") != std::string::npos);

    const std::string page = readFile(html);
    CHECK(page.find("<!DOCTYPE html>") == 0);
    CHECK(page.find("Hall &lt;A&gt;") != std::string::npos);
    CHECK(page.find("Hall <A>") == std::string::npos);
    CHECK(page.find("class='attention'") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("4 kiosks, 3 need attention") != std::string::npos);

    // The snapshots are in the database: hall-a-01 was seen, hall-b-01 never.
    auto organizerDb = organizer(dir.path / "organizer.db");
    auto seen = organizerDb->lastReachableSnapshots().value();
    REQUIRE(seen.size() == 1);   // not the impostor at hall-d-01's address either
    CHECK(seen[0].kioskId == "hall-a-01");
    CHECK(seen[0].statusJson.find("\"kiosk_id\":\"hall-a-01\"") != std::string::npos);

    // A kiosk that was seen before and is down now says when it was last seen.
    up.server.reset();
    CHECK(shell(tool + " fleet --fleet " + fleetFile.string() + " --db " + db + " --deadline 3 --timeout 1", &output) == 1);
    std::istringstream again(output);
    for (std::string line; std::getline(again, line);)
        if (line.rfind("hall-a-01", 0) == 0) CHECK_MESSAGE(line.find(" s ago") != std::string::npos, line);
}

}
