// The kiosk's API, served for real on loopback and called with cpp-httplib's client.
#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <set>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/api/api_server.h"
#include "kiosk/api/screenshot_exchange.h"
#include "kiosk/storage/event_store.h"
#include "tests/api/api_test_support.h"
#include "tests/support/temp_dir.h"

using namespace kiosk;
using namespace kiosk::api;
using kiosk::testing::TempDir;

namespace {

const std::string kToken = "test-token-0123456789abcdef";

struct Fixture {
    TempDir dir;
    std::unique_ptr<storage::EventStore> store;
    std::unique_ptr<ApiServer> server;

    explicit Fixture(ApiOptions options = {}, ApiCallbacks callbacks = {}) {
        auto opened = storage::EventStore::open(dir.path / "events.db");
        REQUIRE(opened);
        store = std::move(*opened);
        options.listen = {"127.0.0.1", 0};
        if (options.token.empty()) options.token = kToken;
        auto started = ApiServer::start(options, store.get(), std::move(callbacks));
        REQUIRE_MESSAGE(started, (started ? "" : started.error()));
        server = std::move(*started);
    }
    httplib::Client client(const std::string& token = kToken) const {
        httplib::Client c("127.0.0.1", server->port());
        if (!token.empty()) c.set_bearer_token_auth(token.c_str());
        c.set_read_timeout(30, 0);
        return c;
    }
    void addEvents(int count) {
        for (int i = 0; i < count; ++i) {
            Event e;
            e.type = EventType::View;
            e.timestampMs = utcNowMs();
            e.screen = "item";
            e.item = "item-" + std::to_string(i);
            e.value = i;
            store->record(std::move(e));
        }
        store->flush();
    }
};

std::vector<nlohmann::json> lines(const std::string& body) {
    std::vector<nlohmann::json> out;
    std::size_t start = 0;
    while (start < body.size()) {
        const auto end = body.find('\n', start);
        out.push_back(nlohmann::json::parse(body.substr(start, end - start)));
        start = end == std::string::npos ? body.size() : end + 1;
    }
    return out;
}

} // namespace

TEST_SUITE("api") {

TEST_CASE("listen addresses and tokens are checked") {
    auto plain = parseListenAddress("127.0.0.1:8765");
    REQUIRE(plain);
    CHECK(plain->host == "127.0.0.1");
    CHECK(plain->port == 8765);
    auto v6 = parseListenAddress("[::1]:80");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK_FALSE(parseListenAddress("8765"));
    CHECK_FALSE(parseListenAddress("host:"));
    CHECK_FALSE(parseListenAddress("host:99999"));
    CHECK_FALSE(parseListenAddress("host:80x"));

    TempDir dir;
    std::ofstream(dir.path / "good") << "  " << kToken << "\n";
    std::filesystem::permissions(dir.path / "good", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::ofstream(dir.path / "short") << "abc\n";
    std::ofstream(dir.path / "spaces") << "abcdefgh ijklmnopqrstu\n";
    std::ofstream(dir.path / "open") << kToken << "\n";
    for (const char* name : {"short", "spaces"})
        std::filesystem::permissions(dir.path / name, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::filesystem::permissions(dir.path / "open", std::filesystem::perms::owner_read | std::filesystem::perms::others_read);
    auto good = loadApiToken(dir.path / "good");
    REQUIRE(good);
    CHECK(*good == kToken);
    CHECK_FALSE(loadApiToken(dir.path / "short"));
    CHECK_FALSE(loadApiToken(dir.path / "spaces"));
    auto open = loadApiToken(dir.path / "open");
    REQUIRE_FALSE(open);
    CHECK(open.error().find("chmod 600") != std::string::npos);
    auto missing = loadApiToken(dir.path / "missing");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().find("missing") != std::string::npos);

    CHECK(constantTimeEquals("abc", "abc"));
    CHECK_FALSE(constantTimeEquals("abc", "abd"));
    CHECK_FALSE(constantTimeEquals("abc", "abcd"));
    CHECK_FALSE(constantTimeEquals("", "a"));
    CHECK_FALSE(ApiServer::start(ApiOptions{{"127.0.0.1", 0}, "short"}, nullptr, {}));
}

TEST_CASE("health needs no token, everything else needs the right bearer token") {
    Fixture f;
    f.addEvents(5);
    auto health = f.client("").Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(nlohmann::json::parse(health->body)["status"] == "ok");
    CHECK(nlohmann::json::parse(health->body)["version"] == KIOSK_VERSION);

    for (const std::string& token : {std::string(), std::string("wrong-token-0123456789abcdef"),
                                     kToken + "x", kToken.substr(0, kToken.size() - 1)}) {
        CAPTURE(token);
        auto client = f.client(token);
        for (const char* path : {"/v1/status", "/v1/events?after=0", "/v1/screenshot"}) {
            auto res = client.Get(path);
            REQUIRE(res);
            CHECK(res->status == 401);
            CHECK(res->body == "unauthorized\n");
        }
        auto sync = client.Post("/v1/sync");
        REQUIRE(sync);
        CHECK(sync->status == 401);
    }
    // Other schemes do not count, even with the token in them.
    httplib::Client basic("127.0.0.1", f.server->port());
    auto res = basic.Get("/v1/events", {{"Authorization", "Basic " + kToken}});
    REQUIRE(res);
    CHECK(res->status == 401);
    // A 401 never advanced the pulled cursor.
    CHECK(f.store->stats().pulledThroughId == 0);

    auto ok = f.client().Get("/v1/events?after=0");
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(lines(ok->body).size() == 5);
}

TEST_CASE("events come in pages, ascending, and asking for the next page acknowledges the last") {
    Fixture f;
    f.addEvents(250);
    auto client = f.client();
    std::int64_t after = 0;
    std::vector<std::size_t> pageSizes;
    for (;;) {
        auto res = client.Get(("/v1/events?after=" + std::to_string(after) + "&limit=100").c_str());
        REQUIRE(res);
        REQUIRE(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "application/x-ndjson");
        CHECK(res->get_header_value("X-Last-Event-Id") == "250");
        auto page = lines(res->body);
        pageSizes.push_back(page.size());
        if (page.empty()) break;
        for (const auto& line : page) {
            CHECK(line["id"].get<std::int64_t>() == after + 1);
            after = line["id"].get<std::int64_t>();
        }
    }
    CHECK(pageSizes == std::vector<std::size_t>{100, 100, 50, 0});
    CHECK(f.store->stats().pulledThroughId == 250);
    CHECK(f.store->stats().unpulledEvents == 0);

    for (const char* bad : {"/v1/events?after=-1", "/v1/events?after=abc", "/v1/events?limit=0",
                            "/v1/events?limit=ten", "/v1/events?after=1e3"}) {
        CAPTURE(bad);
        auto res = client.Get(bad);
        REQUIRE(res);
        CHECK(res->status == 400);
    }
    auto huge = client.Get("/v1/events?after=0&limit=999999999");
    REQUIRE(huge);
    CHECK(lines(huge->body).size() == 250);
    auto unknown = client.Get("/v1/nothing");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
}

TEST_CASE("status has the kiosk's fields and the event figures") {
    ApiCallbacks callbacks;
    callbacks.status = [] { return nlohmann::json{{"kiosk_id", "hall-a-01"}, {"tags", {"hall-a"}}}; };
    Fixture f({}, callbacks);
    f.addEvents(3);
    auto res = f.client().Get("/v1/status");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto body = nlohmann::json::parse(res->body);
    CHECK(body["kiosk_id"] == "hall-a-01");
    CHECK(body["events"]["stored"] == 3);
    CHECK(body["events"]["unpulled"] == 3);
}

TEST_CASE("sync answers 503 until configured, then runs the callback") {
    {
        Fixture f;
        auto res = f.client().Post("/v1/sync");
        REQUIRE(res);
        CHECK(res->status == 503);
        CHECK(res->body == "sync not configured\n");
    }
    int calls = 0;
    ApiCallbacks callbacks;
    callbacks.sync = [&](int) { ++calls; return kiosk::api::ApiCallbacks::SyncReply{200, R"({"result":"up to date"})"}; };
    Fixture f({}, callbacks);
    auto res = f.client().Post("/v1/sync");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(nlohmann::json::parse(res->body)["result"] == "up to date");
    CHECK(calls == 1);
    // ?wait= is passed on, bounded.
    int waited = -1;
    callbacks.sync = [&](int waitSeconds) { waited = waitSeconds; return ApiCallbacks::SyncReply{202, R"({"cycle_id":7})"}; };
    Fixture g({}, callbacks);
    res = g.client().Post("/v1/sync?wait=5");
    REQUIRE(res);
    CHECK(res->status == 202);
    CHECK(waited == 5);
    res = g.client().Post("/v1/sync?wait=100000");
    REQUIRE(res);
    CHECK(res->status == 400);
}

TEST_CASE("screenshots go through the main loop's exchange") {
    ScreenshotExchange exchange;
    ApiCallbacks callbacks;
    callbacks.screenshot = [&] { return exchange.request(std::chrono::seconds(30)); };
    Fixture f({}, callbacks);
    std::atomic<bool> stop{false};
    std::thread mainLoop([&] {
        while (!stop) {
            exchange.waitForRequest(std::chrono::milliseconds(100));
            if (exchange.pending()) exchange.fulfil({0x89, 'P', 'N', 'G'});
        }
    });
    auto res = f.client().Get("/v1/screenshot");
    stop = true;
    mainLoop.join();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "image/png");
    CHECK(res->body == std::string("\x89PNG"));

    exchange.shutdown();
    auto after = f.client().Get("/v1/screenshot");
    REQUIRE(after);
    CHECK(after->status == 503);
}

TEST_CASE("requests over the size limit are refused") {
    ApiOptions options;
    options.maxRequestBytes = 1024;
    ApiCallbacks callbacks;
    callbacks.sync = [](int) { return kiosk::api::ApiCallbacks::SyncReply{200, "{}"}; };
    Fixture f(options, callbacks);
    auto big = f.client().Post("/v1/sync", std::string(4096, 'x'), "text/plain");
    REQUIRE(big);
    CHECK(big->status == 413);
    auto small = f.client().Post("/v1/sync", std::string(10, 'x'), "text/plain");
    REQUIRE(small);
    CHECK(small->status == 200);
}

TEST_CASE("anonymous requests and failed tokens are rate limited per address, requests with the token never are") {
    ApiOptions options;
    options.maxRequestsPerMinute = 5;
    Fixture f(options);
    auto anonymous = f.client("");
    for (int i = 0; i < 3; ++i) {
        auto res = anonymous.Get("/v1/health");
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    for (int i = 0; i < 2; ++i) {
        auto res = f.client("wrong-token-0123456789abcdef").Get("/v1/events");
        REQUIRE(res);
        CHECK(res->status == 401);
    }
    for (const char* path : {"/v1/health", "/v1/events"}) {
        auto limited = anonymous.Get(path);
        REQUIRE(limited);
        CHECK(limited->status == 429);
        const int retryAfter = std::atoi(limited->get_header_value("Retry-After").c_str());
        CHECK(retryAfter >= 1);
        CHECK(retryAfter <= 60);
    }
    auto wrong = f.client("wrong-token-0123456789abcdef").Get("/v1/events");
    REQUIRE(wrong);
    CHECK(wrong->status == 429);
    // The organizer at the same address is neither counted nor refused.
    auto organizer = f.client();
    for (int i = 0; i < 20; ++i) {
        auto res = organizer.Get(i % 2 ? "/v1/health" : "/v1/events?after=0");
        REQUIRE(res);
        CHECK(res->status == 200);
    }
}

TEST_CASE("Bearer is accepted in any case") {
    Fixture f;
    httplib::Client client("127.0.0.1", f.server->port());
    for (const std::string scheme : {"bearer", "BEARER", "Bearer", "bEaReR"}) {
        CAPTURE(scheme);
        auto res = client.Get("/v1/events", {{"Authorization", scheme + " " + kToken}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
}

TEST_CASE("hostile requests are refused before they are buffered, and the server keeps serving") {
    using namespace kiosk::api::testing;
    ApiCallbacks callbacks;
    std::atomic<int> syncs{0};
    callbacks.sync = [&](int) { ++syncs; return kiosk::api::ApiCallbacks::SyncReply{200, R"({"result":"ok"})"}; };
    Fixture f({}, callbacks);
    const int port = f.server->port();
    const std::string auth = "Authorization: Bearer " + kToken + "\r\n";

    SUBCASE("a request line over 8 KB: 414") {
        const std::string target = "/v1/events?x=" + std::string(limits::kMaxRequestLineBytes, 'a');
        CHECK(statusOf(rawExchange(port, "GET " + target + " HTTP/1.1\r\nHost: k\r\n" + auth + "\r\n")) == 414);
    }
    SUBCASE("one header line over 8 KB: 431") {
        const std::string header = "X-Big: " + std::string(limits::kMaxHeaderLineBytes, 'a') + "\r\n";
        CHECK(statusOf(rawExchange(port, "GET /v1/events HTTP/1.1\r\nHost: k\r\n" + auth + header + "\r\n")) == 431);
    }
    SUBCASE("headers over 32 KB together, each under 8 KB: 431") {
        std::string headers;
        for (int i = 0; i < 6; ++i) headers += "X-H" + std::to_string(i) + ": " + std::string(6000, 'a') + "\r\n";
        CHECK(statusOf(rawExchange(port, "GET /v1/events HTTP/1.1\r\nHost: k\r\n" + auth + headers + "\r\n")) == 431);
    }
    SUBCASE("headers past the connection's memory: refused and closed, whatever follows") {
        const int fd = connectLoopback(port);
        REQUIRE(fd >= 0);
        std::string request = "GET /v1/events HTTP/1.1\r\nHost: k\r\nX-Endless: ";
        sendAll(fd, request);
        std::size_t sent = 0;
        const std::string chunk(64 * 1024, 'a');
        while (sent < 64u * 1024 * 1024 && sendAll(fd, chunk, 2000)) sent += chunk.size();
        CHECK(sent < 16u * 1024 * 1024);   // the server stopped taking bytes long before
        ::close(fd);
    }
    SUBCASE("a body without the token: 401 at once, the body is never read") {
        const int fd = connectLoopback(port);
        REQUIRE(fd >= 0);
        REQUIRE(sendAll(fd, "POST /v1/sync HTTP/1.1\r\nHost: k\r\nContent-Length: 100000000\r\n\r\n"));
        const std::string answer = readUntilClosed(fd);   // returns once the server closes: no body was sent
        CHECK(statusOf(answer) == 401);
        ::close(fd);
    }
    SUBCASE("a body longer than the route takes: 413 before it is read") {
        const int fd = connectLoopback(port);
        REQUIRE(fd >= 0);
        REQUIRE(sendAll(fd, "POST /v1/sync HTTP/1.1\r\nHost: k\r\n" + auth + "Content-Length: 100000000\r\n\r\n"));
        CHECK(statusOf(readUntilClosed(fd)) == 413);
        ::close(fd);
        const int get = connectLoopback(port);
        REQUIRE(sendAll(get, "GET /v1/status HTTP/1.1\r\nHost: k\r\n" + auth + "Content-Length: 10\r\n\r\n"));
        CHECK(statusOf(readUntilClosed(get)) == 413);   // GET takes no body at all
        ::close(get);
    }
    SUBCASE("a chunked body past the limit is cut off") {
        const int fd = connectLoopback(port);
        REQUIRE(fd >= 0);
        REQUIRE(sendAll(fd, "POST /v1/sync HTTP/1.1\r\nHost: k\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n"));
        const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
        for (int i = 0; i < 4 && sendAll(fd, chunk, 2000); ++i) {}
        CHECK(closedByServer(fd, 10000));
        ::close(fd);
        CHECK(syncs == 0);
    }
    SUBCASE("a bad target, a wrong method, HEAD") {
        CHECK(statusOf(rawExchange(port, "GET /v1/events?after=%zz HTTP/1.1\r\nHost: k\r\n" + auth + "\r\n")) == 400);
        const std::string wrongMethod = rawExchange(port, "DELETE /v1/events HTTP/1.1\r\nHost: k\r\n" + auth + "Connection: close\r\n\r\n");
        CHECK(statusOf(wrongMethod) == 405);
        const std::string head = rawExchange(port, "HEAD /v1/health HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n");
        CHECK(statusOf(head) == 200);
        CHECK(head.find("\"status\"") == std::string::npos);   // no body for HEAD
    }
    SUBCASE("a client that says nothing is let go after the request deadline") {
        const int fd = connectLoopback(port);
        REQUIRE(fd >= 0);
        CHECK(closedByServer(fd, (limits::kRequestDeadlineSeconds + 5) * 1000));
        ::close(fd);
    }
    // Whatever came before, the server still answers.
    auto ok = f.client().Get("/v1/events?after=0");
    REQUIRE(ok);
    CHECK(ok->status == 200);
}

TEST_CASE("no more than max_connections requests are handled at once, the others wait their turn") {
    std::mutex mutex;
    std::condition_variable changed;
    int inFlight = 0, maxInFlight = 0;
    bool released = false;
    ApiOptions options;
    options.maxConnections = 2;
    ApiCallbacks callbacks;
    callbacks.sync = [&](int) {
        std::unique_lock lock(mutex);
        maxInFlight = std::max(maxInFlight, ++inFlight);
        changed.notify_all();
        changed.wait(lock, [&] { return released; });
        --inFlight;
        return ApiCallbacks::SyncReply{200, "{}"};
    };
    Fixture f(options, callbacks);
    std::vector<std::thread> clients;
    std::atomic<int> succeeded{0};
    for (int i = 0; i < 5; ++i)
        clients.emplace_back([&] {
            auto client = f.client();
            auto res = client.Post("/v1/sync");
            if (res && res->status == 200) ++succeeded;
        });
    {
        std::unique_lock lock(mutex);
        REQUIRE(changed.wait_for(lock, std::chrono::seconds(60), [&] { return inFlight == 2; }));
    }
    // Give a third request every chance to slip in (it must not), then let them all finish.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    {
        std::lock_guard lock(mutex);
        CHECK(inFlight == 2);
        released = true;
    }
    changed.notify_all();
    for (auto& t : clients) t.join();
    CHECK(maxInFlight == 2);
    CHECK(succeeded == 5);
}

TEST_CASE("concurrent pulls while the kiosk keeps writing see every event once, in order") {
    ApiOptions options;
    options.maxRequestsPerMinute = 1000000;   // the pullers poll without pause while they wait for events
    Fixture f(options);
    constexpr int kTotal = 3000;
    std::thread writer([&] {
        for (int i = 0; i < kTotal; ++i) {
            Event e;
            e.timestampMs = utcNowMs();
            e.value = i;
            f.store->record(std::move(e));
            if (i % 100 == 0) std::this_thread::yield();
        }
        f.store->flush();
    });
    auto puller = [&](std::vector<std::int64_t>& seen) {
        auto client = f.client();
        std::int64_t after = 0;
        while (after < kTotal) {
            auto res = client.Get(("/v1/events?limit=137&after=" + std::to_string(after)).c_str());
            if (!res || res->status != 200) {
                MESSAGE("request failed: " << (res ? std::to_string(res->status) : httplib::to_string(res.error())));
                seen.push_back(-1);
                return;
            }
            for (const auto& line : lines(res->body)) {
                seen.push_back(line["id"].get<std::int64_t>());
                after = seen.back();
            }
        }
    };
    std::vector<std::int64_t> first, second;
    std::thread a([&] { puller(first); });
    std::thread b([&] { puller(second); });
    writer.join();
    a.join();
    b.join();
    for (const auto* seen : {&first, &second}) {
        REQUIRE(seen->size() == static_cast<std::size_t>(kTotal));
        for (std::size_t i = 0; i < seen->size(); ++i) CHECK((*seen)[i] == static_cast<std::int64_t>(i + 1));
    }
}

}

#include "kiosk/core/kiosk_config.h"

TEST_SUITE("api") {

TEST_CASE("the [api] and [log] keys of the kiosk config are read and checked") {
    TempDir dir;
    std::ofstream(dir.path / "token") << kToken << "\n";
    std::filesystem::permissions(dir.path / "token", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto config = parseKioskConfig(
        "[api]\nlisten = \"0.0.0.0:9000\"\ntoken_file = \"token\"\nmax_request_bytes = 2048\n"
        "max_requests_per_minute = 30\nmax_connections = 2\ntls_cert = \"tls/api-cert.pem\"\ntls_key = \"/k/api-key.pem\"\n"
        "[log]\nretention_days = 30\nmax_database_mb = 64\nbatch_ms = 100\nbatch_events = 50\n",
        "kiosk.toml", dir.path);
    REQUIRE_MESSAGE(config, (config ? "" : config.error()));
    CHECK(config->apiListen == "0.0.0.0:9000");
    CHECK(config->apiTokenFile == dir.path / "token");
    CHECK(config->apiMaxRequestBytes == 2048);
    CHECK(config->apiMaxRequestsPerMinute == 30);
    CHECK(config->apiMaxConnections == 2);
    CHECK(config->apiTlsCert == dir.path / "tls/api-cert.pem");
    CHECK(config->apiTlsKey == std::filesystem::path("/k/api-key.pem"));
    CHECK(config->logRetentionDays == 30);
    CHECK(config->logMaxDatabaseMb == 64);
    CHECK(config->logBatchMs == 100);
    CHECK(config->logBatchEvents == 50);
    CHECK(config->warnings.empty());

    auto bad = parseKioskConfig("[log]\n\nbatch_ms = 0\n", "kiosk.toml", "/etc/kiosk");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().find("kiosk.toml:3:") == 0);
    auto wrongType = parseKioskConfig("[api]\nmax_connections = \"many\"\n", "kiosk.toml", "/etc/kiosk");
    REQUIRE_FALSE(wrongType);
    CHECK(wrongType.error().find("kiosk.toml:2:") == 0);
}

}

TEST_SUITE("api") {

TEST_CASE("the server listens on names and IPv6 literals, a busy port is a clear error") {
    ApiOptions options;
    options.token = kToken;
    options.listen = {"localhost", 0};
    auto byName = ApiServer::start(options, nullptr, {});
    REQUIRE_MESSAGE(byName, (byName ? "" : byName.error()));
    httplib::Client client("127.0.0.1", (*byName)->port());
    auto health = client.Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);

    options.listen = {"::1", 0};
    auto v6 = ApiServer::start(options, nullptr, {});
    if (v6) CHECK((*v6)->port() > 0);
    else MESSAGE("no IPv6 loopback here: " << v6.error());

    options.listen = {"127.0.0.1", (*byName)->port()};
    auto busy = ApiServer::start(options, nullptr, {});
    REQUIRE_FALSE(busy);
    CHECK(busy.error().find("cannot listen") != std::string::npos);
    options.listen = {"no-such-host.invalid", 0};
    CHECK_FALSE(ApiServer::start(options, nullptr, {}));
}

}
