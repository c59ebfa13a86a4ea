// The technician PIN end to end: `kiosk --hash-pin`, config checks, the default-PIN warning,
// and growing delays after wrong attempts on the headless virtual clock (no real waiting).
#include <doctest/doctest.h>

#include <string>

#include "process_runner.h"

using namespace kiosk::test;

namespace {
// Holds the top-left corner to open the overlay, then types `pins` (each ends with OK).
std::string typePins(const std::vector<std::string>& pins, const std::string& between = "") {
    std::string script = "drag 20 20 22 22 3500\nexpect admin\n";
    for (const auto& pin : pins) {
        for (char digit : pin) script += std::string("tap \"pin:") + digit + "\"\n";
        script += "tap \"pin:OK\"\n" + between;
    }
    return script;
}
} // namespace

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

TEST_CASE("three wrong PINs lock the pad for a while, the right PIN opens it afterwards") {
    const auto dir = scratchDir("pin-delay");
    const auto hash = runKiosk({"--hash-pin", "97531"});
    REQUIRE(hash.exitCode == 0);
    const auto config = writeFile(dir / "k.toml", "[kiosk]\nadmin_pin_hash = \"" + hash.output.substr(0, hash.output.find('\n')) + "\"\n");
    const auto run = [&](const std::string& script) {
        const auto file = writeFile(dir / "s.txt", script);
        return runKiosk({"--headless", "--config", config.string(), "--data", (dir / "data").string(), "--script", file.string()});
    };
    // The right PIN opens the overlay: its "exit" button is there.
    CHECK(run(typePins({"97531"}) + "tap \"exit\"\n").exitCode == 0);
    // Right PIN right after three wrong ones: still locked, no "exit" to tap.
    const auto locked = run(typePins({"1111", "2222", "3333", "97531"}) + "tap \"exit\"\n");
    CHECK(locked.exitCode == 1);
    CHECK(locked.output.find("exit") != std::string::npos);
    // The same after waiting out the delay (virtual time): open.
    const auto waited = run(typePins({"1111", "2222", "3333"}) + "wait 6000\n" + typePins({"97531"}).substr(std::string("drag 20 20 22 22 3500\nexpect admin\n").size()) +
                            "tap \"exit\"\n");
    INFO(waited.output);
    CHECK(waited.exitCode == 0);
}

}
