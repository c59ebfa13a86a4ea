// kiosk-publish keygen / build / gc: the tree a curator publishes.
#include <sys/stat.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>

#include <doctest/doctest.h>

#include "kiosk/core/release_manifest.h"
#include "sync_test_support.h"

using namespace synctest;

namespace {

int run(const std::string& command) {
    const int status = std::system((command + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const std::string kPublish = KIOSK_PUBLISH_EXE;

int countFiles(const fs::path& dir) {
    int count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        count += entry.is_regular_file();
    return count;
}

// A PNG whose header claims width x height (no pixel data): what a camera's panorama looks
// like to a header reader.
std::string pngHeaderOnly(std::uint32_t width, std::uint32_t height) {
    const auto crc32 = [](const std::string& bytes) {
        std::uint32_t crc = 0xffffffffu;
        for (unsigned char c : bytes) {
            crc ^= c;
            for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        return crc ^ 0xffffffffu;
    };
    const auto be32 = [](std::uint32_t v) {
        return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
    };
    const auto chunk = [&](const std::string& type, const std::string& data) {
        return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
    };
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5)) +
           chunk("IEND", "");
}

std::string runOutput(const std::string& command, int& exitCode) {
    std::string out;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    const int status = ::pclose(pipe);
    exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

} // namespace

TEST_SUITE("sync") {

TEST_CASE("build runs exactly the checks check runs (images decoded, limits) and publishes nothing on an error") {
    TempDir dir;
    REQUIRE(run(kPublish + " keygen --out " + (dir / "keys").string()) == 0);
    const fs::path fixtures = fs::path(KIOSK_SOURCE_DIR) / "tests/fixtures/content";
    const fs::path src = dir / "src";
    fs::copy(fixtures / "good", src, fs::copy_options::recursive);
    const std::string check = kPublish + " check " + src.string();
    const std::string build = kPublish + " build " + src.string() + " --key " + (dir / "keys/release.key").string() +
                              " --out " + (dir / "tree").string();
    const auto nothingPublished = [&] {
        CHECK_FALSE(fs::exists(dir / "tree/channels"));
        CHECK_FALSE(fs::exists(dir / "tree/releases"));
    };
    SUBCASE("an image that does not decode") {
        fs::copy(fixtures / "bad/undecodable-image", src, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        CHECK(run(check) == 1);
        int code = 0;
        const std::string output = runOutput(build, code);
        CHECK(code == 1);
        CHECK_MESSAGE(output.find("cover.png") != std::string::npos, output);
        nothingPublished();
    }
    SUBCASE("a 30000x30000 PNG") {
        writeFile(src / "items/alpha/cover.png", pngHeaderOnly(30000, 30000));
        CHECK(run(check) == 1);
        CHECK(run(build) == 1);
        nothingPublished();
    }
    SUBCASE("--max-image-pixels means the same for both") {
        CHECK(run(check + " --max-image-pixels 100") == 1);
        CHECK(run(build + " --max-image-pixels 100") == 1);
        nothingPublished();
        CHECK(run(check + " --max-image-pixels 1000000") == 0);
        CHECK(run(build + " --max-image-pixels 1000000") == 0);
        CHECK(fs::exists(dir / "tree/channels/stable/manifest.json"));
    }
}

TEST_CASE("push: objects first, then releases, then the channel's signature and manifest last") {
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "src", 3, 1000);
    publisher.publish(dir / "src");
    const fs::path dest = dir / "www";
    int code = 0;
    const std::string output = runOutput(kPublish + " push " + publisher.tree.string() + " " + dest.string() + " --verbose", code);
    REQUIRE_MESSAGE(code == 0, output);
    std::vector<std::string> placed;
    std::size_t at = 0;
    while ((at = output.find("placed ", at)) != std::string::npos) {
        const auto end = output.find('\n', at);
        placed.push_back(output.substr(at + 7, end - at - 7));
        at = end;
    }
    REQUIRE(placed.size() == static_cast<std::size_t>(countFiles(publisher.tree)));
    CHECK(placed.back() == "channels/stable/manifest.json");
    CHECK(placed[placed.size() - 2] == "channels/stable/manifest.json.sig");
    std::size_t lastObject = 0, firstOther = placed.size();
    for (std::size_t i = 0; i < placed.size(); ++i) {
        if (placed[i].rfind("objects/", 0) == 0) lastObject = i;
        else firstOther = std::min(firstOther, i);
    }
    CHECK(lastObject < firstOther);
    for (const auto& file : placed) CHECK(readFile(dest / file) == readFile(publisher.tree / file));
    // No temporary files left; a second push copies only what changed.
    for (const auto& entry : fs::recursive_directory_iterator(dest)) CHECK(entry.path().extension() != ".tmp");
    writeFile(dir / "src/media/file0.bin", "changed");
    publisher.publish(dir / "src");
    const std::string again = runOutput(kPublish + " push " + publisher.tree.string() + " " + dest.string(), code);
    CHECK(code == 0);
    CHECK_MESSAGE(again.find("5 files copied") != std::string::npos, again);   // 1 object, 2 release files, sig, manifest
    // A kiosk syncing from the pushed copy gets the release.
    ReleaseServer server(dest);
    auto settings = testSettings(server.baseUrl(), publisher.keys.publicKey);
    CHECK(kiosk::sync::runSyncCycle(settings, dir / "data").line() == "updated to version 2");
    CHECK(run(kPublish + " push " + (dir / "nothing").string() + " " + dest.string()) == 1);
}

TEST_CASE("keygen writes a 0600 secret key and never overwrites one") {
    TempDir dir;
    REQUIRE(run(kPublish + " keygen --out " + dir.path().string()) == 0);
    struct stat info {};
    REQUIRE(::stat((dir / "release.key").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(kiosk::readSecretKeyFile(dir / "release.key").ok());
    CHECK(kiosk::readPublicKeyFile(dir / "release.pub").ok());
    const std::string before = readFile(dir / "release.key");
    CHECK(run(kPublish + " keygen --out " + dir.path().string()) != 0);
    CHECK(readFile(dir / "release.key") == before);
    CHECK(run(kPublish + " keygen") == 2);
}

TEST_CASE("build via the command line: checker first, signed manifest, objects by hash") {
    TempDir dir;
    REQUIRE(run(kPublish + " keygen --out " + (dir / "keys").string()) == 0);
    makeExhibition(dir / "src", 2, 1000);
    const std::string build = kPublish + " build " + (dir / "src").string() + " --key " + (dir / "keys/release.key").string() +
                              " --out " + (dir / "tree").string();
    REQUIRE(run(build) == 0);
    const std::string manifestBytes = readFile(dir / "tree/channels/stable/manifest.json");
    auto manifest = kiosk::parseManifest(manifestBytes);
    REQUIRE(manifest.ok());
    CHECK(manifest->version == 1);
    // exhibition.json and categories.json: the two media files are used by no item, so the
    // command line build skips them (issue 17: only what the exhibition references is published).
    CHECK(manifest->files.size() == 2);
    for (const auto& file : manifest->files) CHECK(file.path.rfind("media/", 0) != 0);
    auto publicKey = kiosk::readPublicKeyFile(dir / "keys/release.pub");
    REQUIRE(publicKey.ok());
    CHECK(kiosk::verifyDetachedHex(manifestBytes, readFile(dir / "tree/channels/stable/manifest.json.sig"), *publicKey));
    for (const auto& file : manifest->files)
        CHECK(readFile(dir / "tree/objects" / kiosk::objectRelativePath(file.sha256)) == readFile(dir / "src" / file.path));

    // A broken exhibition is not published.
    writeFile(dir / "src/exhibition.json", "{ not json");
    CHECK(run(build) == 1);
    CHECK(kiosk::parseManifest(readFile(dir / "tree/channels/stable/manifest.json"))->version == 1);
    CHECK(run(kPublish + " build " + (dir / "src").string() + " --out x") == 2);
}

TEST_CASE("publishing again after a small edit adds only the changed object, versions increase") {
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "src", 5, 2000);
    writeFile(dir / "src/.git/config", "not content");
    writeFile(dir / "src/.DS_Store", "not content");
    CHECK(publisher.publish(dir / "src") == 1);
    const int objectsBefore = countFiles(dir / "tree/objects");
    CHECK(objectsBefore == 7);   // hidden files are not published
    writeFile(dir / "src/media/file3.bin", "changed");
    CHECK(publisher.publish(dir / "src") == 2);
    CHECK(countFiles(dir / "tree/objects") == objectsBefore + 1);
    // Another channel shares the version sequence of the tree.
    CHECK(publisher.publish(dir / "src", "beta") == 3);
    CHECK(fs::exists(dir / "tree/channels/beta/manifest.json"));
    CHECK(fs::exists(dir / "tree/releases/2.json.sig"));
}

TEST_CASE("gc keeps the newest N releases and each channel's current one") {
    TempDir dir;
    Publisher publisher{kiosk::generateKeyPair(), dir / "tree"};
    makeExhibition(dir / "src", 1, 100);
    for (int i = 0; i < 4; ++i) {
        writeFile(dir / "src/media/changing.txt", "edit " + std::to_string(i));
        publisher.publish(dir / "src");
    }
    const fs::path oldObject = dir / "tree/objects" / kiosk::objectRelativePath(kiosk::sha256Hex("edit 0"));
    const fs::path newObject = dir / "tree/objects" / kiosk::objectRelativePath(kiosk::sha256Hex("edit 3"));
    REQUIRE(fs::exists(oldObject));
    auto report = kiosk::publish::collectReleaseGarbage(dir / "tree", 2);
    REQUIRE(report.ok());
    CHECK(report->keptVersions == std::vector<std::uint64_t>{3, 4});
    CHECK(report->objectsRemoved == 2);
    CHECK_FALSE(fs::exists(oldObject));
    CHECK(fs::exists(newObject));
    CHECK(fs::exists(dir / "tree/objects" / kiosk::objectRelativePath(kiosk::sha256Hex("edit 2"))));
    CHECK_FALSE(fs::exists(dir / "tree/releases/1.json"));
    CHECK(run(kPublish + " gc " + (dir / "tree").string() + " --keep 1") == 0);
    CHECK_FALSE(fs::exists(dir / "tree/objects" / kiosk::objectRelativePath(kiosk::sha256Hex("edit 2"))));
    CHECK(fs::exists(newObject));
    CHECK(run(kPublish + " gc " + (dir / "src").string()) == 1);
}

} // TEST_SUITE
