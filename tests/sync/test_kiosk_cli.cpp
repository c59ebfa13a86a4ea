// `kiosk --config FILE --sync-once` and `kiosk --data DIR --check-store`, as a technician runs them.
#include <sys/wait.h>

#include <cstdio>

#include <doctest/doctest.h>

#include "kiosk/sync/release_store.h"
#include "sync_test_support.h"

using namespace synctest;

namespace {

struct CommandResult {
    int exitCode = -1;
    std::string output;
};

CommandResult runCommand(const std::string& command) {
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) result.output += buffer;
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

} // namespace

TEST_SUITE("sync") {

TEST_CASE("kiosk --sync-once prints one line and exits 0 only when up to date or updated") {
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "src", 2, 5000);
    publisher.publish(dir / "src");
    ReleaseServer server(publisher.tree);
    writeFile(dir / "release.pub", kiosk::toHex(publisher.keys.publicKey.data(), publisher.keys.publicKey.size()) + "\n");
    const auto writeConfig = [&](const std::string& url, const std::string& channel) {
        writeFile(dir / "kiosk.toml", "[kiosk]\ndata_dir = \"data\"\n\n[sync]\nurl = \"" + url + "\"\npublic_key = \"release.pub\"\n"
                                      "channel = \"" + channel + "\"\ninterval_seconds = 60\nmax_files = 100\n"
                                      "low_speed_seconds = 2\nparallel_downloads = 2\n");
    };
    const std::string kiosk = std::string(KIOSK_EXE) + " --config " + (dir / "kiosk.toml").string();

    writeConfig(server.baseUrl(), "stable");
    CommandResult result = runCommand(kiosk + " --sync-once");
    CHECK(result.output == "updated to version 1\n");
    CHECK(result.exitCode == 0);
    result = runCommand(kiosk + " --sync-once");
    CHECK(result.output == "up to date\n");
    CHECK(result.exitCode == 0);

    result = runCommand(std::string(KIOSK_EXE) + " --data " + (dir / "data").string() + " --check-store");
    CHECK(result.exitCode == 0);
    CHECK(result.output.find("store ok") != std::string::npos);

    writeConfig(server.baseUrl(), "beta");
    result = runCommand(kiosk + " --sync-once");
    CHECK(result.output.rfind("failed: ", 0) == 0);
    CHECK(result.output.find("HTTP 404") != std::string::npos);
    CHECK(result.exitCode != 0);
    // The stable manifest served where the beta one belongs: signed, but for other kiosks.
    fs::create_directories(publisher.tree / "channels/beta");
    fs::copy(publisher.tree / "channels/stable/manifest.json", publisher.tree / "channels/beta/manifest.json");
    fs::copy(publisher.tree / "channels/stable/manifest.json.sig", publisher.tree / "channels/beta/manifest.json.sig");
    result = runCommand(kiosk + " --sync-once");
    CHECK(result.output.rfind("refused: wrong channel", 0) == 0);
    CHECK(result.exitCode != 0);

    writeConfig("http://127.0.0.1:1", "stable");
    result = runCommand(kiosk + " --sync-once");
    CHECK(result.output.rfind("failed: ", 0) == 0);
    CHECK(result.exitCode != 0);

    // A damaged object is found by the full check.
    kiosk::sync::ReleaseStore store(dir / "data");
    const fs::path object = store.releaseDir(1) / "media/file0.bin";
    std::string bytes = readFile(object);
    bytes[10] ^= 1;
    { std::FILE* out = std::fopen(object.c_str(), "r+b"); REQUIRE(out); std::fwrite(bytes.data(), 1, bytes.size(), out); std::fclose(out); }
    result = runCommand(std::string(KIOSK_EXE) + " --data " + (dir / "data").string() + " --check-store");
    CHECK(result.exitCode != 0);
    CHECK(result.output.find("damaged") != std::string::npos);
}

} // TEST_SUITE
