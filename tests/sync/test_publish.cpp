// kiosk-publish keygen / build / gc: the tree a curator publishes.
#include <sys/stat.h>

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

} // namespace

TEST_SUITE("sync") {

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
    CHECK(manifest->files.size() == 4);
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

TEST_CASE("publishing again after a small edit adds only the changed object; versions increase") {
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
