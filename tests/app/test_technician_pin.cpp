// The technician PIN end to end: `kiosk --hash-pin`, config checks and the default-PIN warning.
// The PIN pad itself (growing delays after wrong PINs) is tested in process: tests/ui/test_visitor_flows.cpp.
#include <doctest/doctest.h>

#include <string>

#include "process_runner.h"

using namespace kiosk::test;

TEST_SUITE("app.pin") {

TEST_CASE("--hash-pin prints an Argon2id hash and refuses what the pad cannot type") {
    const auto good = runKiosk({"--hash-pin", "97531"});
    CHECK(good.exitCode == 0);
    CHECK(good.output.rfind("$argon2id$", 0) == 0);
    for (const char* bad : {"", "123", "secret", "1234567890123"}) {
        CAPTURE(bad);
        const auto run = runKiosk({"--hash-pin", bad});
        CHECK(run.exitCode == 2);
        CHECK(run.output.find("$argon2id$") == std::string::npos);
    }
}

TEST_CASE("config: a plain PIN that is empty or not digits, or a hash that is not Argon2id, is refused") {
    const auto dir = scratchDir("pin-config");
    for (const char* line : {"admin_pin = \"\"", "admin_pin = \"secret\"", "admin_pin = \"12\"", "admin_pin_hash = \"2468\""}) {
        CAPTURE(line);
        const auto config = writeFile(dir / "k.toml", std::string("[kiosk]\n") + line + "\n");
        const auto run = runKiosk({"--headless", "--config", config.string(), "--frames", "1"});
        CHECK(run.exitCode == 2);
        CHECK(run.output.find("k.toml:2") != std::string::npos);
    }
}

TEST_CASE("the default PIN gives a loud warning, a configured hash does not") {
    const auto dir = scratchDir("pin-warning");
    const auto plain = runKiosk({"--headless", "--size", "640x360", "--frames", "1"});
    CHECK(plain.exitCode == 0);
    CHECK(plain.output.find("SECURITY WARNING") != std::string::npos);
    const auto hash = runKiosk({"--hash-pin", "97531"});
    REQUIRE(hash.exitCode == 0);
    const auto config = writeFile(dir / "k.toml", "[kiosk]\nadmin_pin_hash = \"" + hash.output.substr(0, hash.output.find('\n')) + "\"\n");
    const auto hashed = runKiosk({"--headless", "--config", config.string(), "--size", "640x360", "--frames", "1"});
    INFO(hashed.output);
    CHECK(hashed.exitCode == 0);
    CHECK(hashed.output.find("SECURITY WARNING") == std::string::npos);
}

}
