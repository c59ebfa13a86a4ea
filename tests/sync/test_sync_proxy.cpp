// Sync through an HTTP proxy given the libcurl way (http_proxy environment variable).
#include <cstdlib>

#include <doctest/doctest.h>

#include "kiosk/sync/release_store.h"
#include "sync_test_support.h"

using namespace synctest;

TEST_SUITE("sync") {

TEST_CASE("sync works through an HTTP proxy from the environment") {
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "src", 2, 3000);
    publisher.publish(dir / "src");
    ReleaseServer origin(publisher.tree);

    // A minimal forward proxy: absolute-form requests are fetched from the origin.
    httplib::Server proxy;
    std::atomic<int> proxied{0};
    proxy.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
        const std::string prefix = origin.baseUrl();
        if (req.target.rfind(prefix, 0) != 0) { res.status = 502; return; }
        httplib::Client upstream(prefix);
        httplib::Headers headers;
        for (const char* name : {"If-None-Match", "Range"})
            if (req.has_header(name)) headers.emplace(name, req.get_header_value(name));
        auto answer = upstream.Get(req.target.substr(prefix.size()), headers);
        if (!answer) { res.status = 502; return; }
        ++proxied;
        res.status = answer->status;
        for (const char* name : {"ETag", "Content-Range"})
            if (answer->has_header(name)) res.set_header(name, answer->get_header_value(name));
        res.set_content(answer->body, "application/octet-stream");
    });
    const int port = proxy.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread proxyThread([&] { proxy.listen_after_bind(); });
    while (!proxy.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    const std::string proxyUrl = "http://127.0.0.1:" + std::to_string(port);
    ::setenv("http_proxy", proxyUrl.c_str(), 1);
    ::unsetenv("no_proxy");
    ::unsetenv("NO_PROXY");
    const auto settings = testSettings(origin.baseUrl(), publisher.keys.publicKey);
    const kiosk::SyncOutcome outcome = kiosk::sync::runSyncCycle(settings, dir / "data");
    ::unsetenv("http_proxy");
    proxy.stop();
    proxyThread.join();

    CHECK(outcome.line() == "updated to version 1");
    CHECK(proxied == 3 + 4);   // manifest, signature, keys.json (404), four objects
    CHECK(kiosk::sync::ReleaseStore(dir / "data").checkStore().ok());
}

} // TEST_SUITE
