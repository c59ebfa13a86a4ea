// Sync over HTTPS: the system CA store refuses a self-signed server, ca_file accepts it, and a
// public-key pin must match.
#include <cstdlib>

#include <doctest/doctest.h>

#include "sync_test_support.h"

using namespace synctest;

namespace {

bool shell(const std::string& command) { return std::system(("(" + command + ") >/dev/null 2>&1").c_str()) == 0; }

} // namespace

TEST_SUITE("sync") {

TEST_CASE("HTTPS: system CA store, ca_file and public-key pinning") {
    TempDir dir;
    const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    REQUIRE(shell("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
                  " -keyout " + key + " -out " + cert));
    REQUIRE(shell("openssl x509 -in " + cert + " -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 "
                  "-binary | openssl base64 -A > " + (dir / "pin").string()));
    const std::string pin = "sha256//" + readFile(dir / "pin");

    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "src", 1, 1000);
    publisher.publish(dir / "src");
    httplib::SSLServer server(cert.c_str(), key.c_str());
    REQUIRE(server.is_valid());
    REQUIRE(server.set_mount_point("/", publisher.tree.string()));
    const int port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread thread([&] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    auto settings = testSettings("https://127.0.0.1:" + std::to_string(port), publisher.keys.publicKey);
    settings.http.lowSpeedSeconds = 10;
    const auto syncInto = [&](const char* name) { return kiosk::sync::runSyncCycle(settings, dir / name).line(); };

    const std::string untrusted = syncInto("data-system-ca");
    CHECK(untrusted.rfind("failed: ", 0) == 0);
    CHECK(untrusted.find("certificate") != std::string::npos);

    settings.http.caFile = cert;
    CHECK(syncInto("data-ca-file") == "updated to version 1");

    settings.http.pinnedPublicKey = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const std::string wrongPin = syncInto("data-wrong-pin");
    CHECK(wrongPin.rfind("failed: ", 0) == 0);
    CHECK(wrongPin.find("pinned public key") != std::string::npos);

    settings.http.pinnedPublicKey = pin;
    CAPTURE(pin);
    CHECK(syncInto("data-pinned") == "updated to version 1");

    server.stop();
    thread.join();
}

} // TEST_SUITE
