// Key rotation (keys.json, a small TUF root role): kiosks learn new signing keys and drop retired
// ones from the release tree; a keys file signed by a retired key, or an older keys file, is refused.
#include <cstdlib>

#include <doctest/doctest.h>

#include "kiosk/core/release_keys.h"
#include "kiosk/sync/release_store.h"
#include "sync_test_support.h"

using namespace synctest;
using kiosk::SyncOutcome;
using kiosk::sync::ReleaseStore;

namespace {

std::string hexOf(const kiosk::PublicKey& key) { return kiosk::toHex(key.data(), key.size()); }

kiosk::publish::RotateKeysReport rotate(const fs::path& tree, const kiosk::SecretKey& signer,
                                        std::vector<kiosk::PublicKey> add, std::vector<kiosk::PublicKey> retire) {
    kiosk::publish::RotateKeysOptions options;
    options.outDir = tree;
    options.signingKey = signer;
    options.add = std::move(add);
    options.retire = std::move(retire);
    auto report = kiosk::publish::rotateReleaseKeys(options);
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? std::string() : report.error()));
    return *report;
}

} // namespace

TEST_SUITE("sync") {

TEST_CASE("keys.json parses strictly and is judged: signature, rollback, mix-and-match") {
    const kiosk::KeyPair a = kiosk::generateKeyPair(), b = kiosk::generateKeyPair();
    const kiosk::ReleaseKeys keys{2, {a.publicKey, b.publicKey}};
    const std::string bytes = kiosk::serializeReleaseKeys(keys);
    auto parsed = kiosk::parseReleaseKeys(bytes);
    REQUIRE(parsed.ok());
    CHECK(parsed->version == 2);
    CHECK(parsed->keys == keys.keys);
    for (const std::string bad : {"", "[]", R"({"format":1,"version":0,"keys":["00"]})", R"({"format":1,"version":1,"keys":[]})",
                                  R"({"format":2,"version":1,"keys":[]})", R"({"format":1,"version":1,"keys":[1]})",
                                  R"({"format":1,"version":-1,"keys":[]})", R"({"format":1,"version":99999999999999999999999,"keys":[]})"})
        CHECK_FALSE(kiosk::parseReleaseKeys(bad).ok());
    // Nesting is refused before the JSON parser builds anything (the format nests 2 deep).
    const std::string deep = R"({"format":1,"version":1,"keys":[")" + hexOf(a.publicKey) + R"("],"x":)" +
                             std::string(20000, '[') + std::string(20000, ']') + "}";
    auto tooDeep = kiosk::parseReleaseKeys(deep);
    REQUIRE_FALSE(tooDeep.ok());
    CHECK(tooDeep.error() == "keys.json: nested too deep");
    const std::string signature = kiosk::signDetachedHex(bytes, a.secretKey);
    CHECK(kiosk::judgeReleaseKeys(bytes, signature, {a.publicKey}, {}).kind == kiosk::KeysVerdict::Kind::Accept);
    CHECK(kiosk::judgeReleaseKeys(bytes, signature, {b.publicKey}, {}).reason.find("bad signature") != std::string::npos);
    CHECK(kiosk::judgeReleaseKeys(bytes, signature, {a.publicKey}, {3, "x"}).reason.find("rollback") != std::string::npos);
    CHECK(kiosk::judgeReleaseKeys(bytes, signature, {a.publicKey}, {2, "x"}).reason.find("mix-and-match") != std::string::npos);
    CHECK(kiosk::judgeReleaseKeys(bytes, signature, {a.publicKey}, {2, kiosk::sha256Hex(bytes)}).kind ==
          kiosk::KeysVerdict::Kind::Unchanged);
    // [sync] public_key may list several keys.
    auto list = kiosk::parsePublicKeyList("# two keys\n" + hexOf(a.publicKey) + "\n" + hexOf(b.publicKey) + "  # new one\n");
    REQUIRE(list.ok());
    CHECK(*list == std::vector<kiosk::PublicKey>{a.publicKey, b.publicKey});
    CHECK_FALSE(kiosk::parsePublicKeyList("# nothing\n").ok());
    CHECK_FALSE(kiosk::parsePublicKeyList(hexOf(a.publicKey) + " 1234").ok());
}

TEST_CASE("key rotation: accepted from the tree, the retired key refused, a rolled-back keys file refused") {
    Fixture f;   // version 1, signed with key A; the kiosk trusts A from its config
    REQUIRE(f.sync().line() == "updated to version 1");
    const kiosk::KeyPair a = f.publisher.keys;
    const kiosk::KeyPair b = kiosk::generateKeyPair();
    const kiosk::KeyPair c = kiosk::generateKeyPair();

    // The curator rotates A -> B (keys.json v1 signed by A) and publishes with B.
    CHECK(rotate(f.publisher.tree, a.secretKey, {b.publicKey}, {a.publicKey}).version == 1);
    f.publisher.keys = b;
    writeFile(f.source / "media/file0.bin", "signed by B");
    f.publisher.publish(f.source);
    CHECK(f.sync().line() == "updated to version 2");
    ReleaseStore store(f.data);
    REQUIRE(store.acceptedKeysBytes().ok());
    CHECK(kiosk::parseReleaseKeys(*store.acceptedKeysBytes())->version == 1);

    SUBCASE("a release signed by the retired key is refused") {
        f.publisher.keys = a;
        writeFile(f.source / "media/file0.bin", "signed by A, retired");
        f.publisher.publish(f.source);
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.kind == SyncOutcome::Kind::Refused);
        CHECK_MESSAGE(outcome.reason.find("bad signature") != std::string::npos, outcome.line());
        CHECK(store.currentVersion() == 2);
    }
    SUBCASE("a keys file signed by the retired key is refused") {
        const std::string bytes = kiosk::serializeReleaseKeys({2, {a.publicKey}});
        writeFile(f.publisher.tree / "keys.json", bytes);
        writeFile(f.publisher.tree / "keys.json.sig", kiosk::signDetachedHex(bytes, a.secretKey));
        writeFile(f.source / "media/file0.bin", "v3");
        f.publisher.publish(f.source);   // signed by B
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.kind == SyncOutcome::Kind::Refused);
        CHECK_MESSAGE(outcome.reason.rfind("keys.json: bad signature", 0) == 0, outcome.line());
        CHECK(store.currentVersion() == 2);
        CHECK(kiosk::parseReleaseKeys(*store.acceptedKeysBytes())->version == 1);
    }
    SUBCASE("rollback of the keys file is refused") {
        CHECK(rotate(f.publisher.tree, b.secretKey, {c.publicKey}, {}).version == 2);   // B adds C
        const std::string v2 = readFile(f.publisher.tree / "keys.json");
        const std::string v2Signature = readFile(f.publisher.tree / "keys.json.sig");
        CHECK(rotate(f.publisher.tree, b.secretKey, {}, {c.publicKey}).version == 3);   // and retires it again
        writeFile(f.source / "media/file0.bin", "v3");
        f.publisher.publish(f.source);
        REQUIRE(f.sync().line() == "updated to version 3");
        CHECK(kiosk::parseReleaseKeys(*store.acceptedKeysBytes())->version == 3);
        // An attacker (or a stale mirror) serves keys.json version 2 again, validly signed by B.
        writeFile(f.publisher.tree / "keys.json", v2);
        writeFile(f.publisher.tree / "keys.json.sig", v2Signature);
        writeFile(f.source / "media/file0.bin", "v4");
        f.publisher.publish(f.source);
        const SyncOutcome outcome = f.sync();
        CHECK(outcome.kind == SyncOutcome::Kind::Refused);
        CHECK_MESSAGE(outcome.reason.find("keys.json: rollback to version 2") != std::string::npos, outcome.line());
        CHECK(store.currentVersion() == 3);
    }
    SUBCASE("kiosk-publish rotate-key on the command line; a key not listed cannot sign the next list") {
        writeFile(f.dir / "c.pub", hexOf(c.publicKey) + "\n");
        writeFile(f.dir / "a.key", kiosk::toHex(a.secretKey.data(), a.secretKey.size()) + "\n");
        writeFile(f.dir / "b.key", kiosk::toHex(b.secretKey.data(), b.secretKey.size()) + "\n");
        const std::string publish = std::string(KIOSK_PUBLISH_EXE) + " rotate-key " + f.publisher.tree.string();
        CHECK(std::system((publish + " --key " + (f.dir / "a.key").string() + " --add " + (f.dir / "c.pub").string() +
                           " >/dev/null 2>&1").c_str()) != 0);   // A is retired
        CHECK(std::system((publish + " --key " + (f.dir / "b.key").string() + " --add " + (f.dir / "c.pub").string() +
                           " >/dev/null 2>&1").c_str()) == 0);
        auto keys = kiosk::parseReleaseKeys(readFile(f.publisher.tree / "keys.json"));
        REQUIRE(keys.ok());
        CHECK(keys->version == 2);
        CHECK(keys->keys == std::vector<kiosk::PublicKey>{b.publicKey, c.publicKey});
        f.publisher.keys = c;
        writeFile(f.source / "media/file0.bin", "signed by C");
        f.publisher.publish(f.source);
        CHECK(f.sync().line() == "updated to version 3");
    }
}

} // TEST_SUITE
