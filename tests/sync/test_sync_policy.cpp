// Pure sync logic: manifests, paths, signatures, the refusals, backoff.
#include <doctest/doctest.h>

#include "kiosk/core/release_manifest.h"
#include "kiosk/core/release_signing.h"
#include "kiosk/core/sync_policy.h"

using namespace kiosk;

namespace {

ReleaseManifest sampleManifest(std::uint64_t version = 3, std::string channel = "stable") {
    ReleaseManifest manifest;
    manifest.version = version;
    manifest.channel = std::move(channel);
    manifest.createdUnix = 1000;
    manifest.expiresUnix = 2000;
    manifest.files = {{"exhibition.json", sha256Hex("a"), 1}, {"items/tea/item.json", sha256Hex("bb"), 2}};
    return manifest;
}

const SyncPolicyLimits kLimits{100, 1000, 100};

} // namespace

TEST_SUITE("sync") {

TEST_CASE("a manifest survives serialise and parse unchanged") {
    const ReleaseManifest manifest = sampleManifest();
    const std::string bytes = serializeManifest(manifest);
    auto parsed = parseManifest(bytes);
    REQUIRE(parsed.ok());
    CHECK(parsed->version == 3);
    CHECK(parsed->channel == "stable");
    CHECK(parsed->expiresUnix == 2000);
    REQUIRE(parsed->files.size() == 2);
    CHECK(parsed->files[1].path == "items/tea/item.json");
    CHECK(parsed->files[1].size == 2);
    CHECK(parsed->totalBytes() == 3);
    CHECK(serializeManifest(*parsed) == bytes);
}

TEST_CASE("malformed manifests are errors, not crashes") {
    CHECK_FALSE(parseManifest("").ok());
    CHECK_FALSE(parseManifest("[]").ok());
    CHECK_FALSE(parseManifest(R"({"format": 2, "version": 1})").ok());
    CHECK_FALSE(parseManifest(R"({"format": 1, "version": -1, "channel": "s", "created_unix": 0, "expires_unix": 0, "files": []})").ok());
    CHECK_FALSE(parseManifest(R"({"format": 1, "version": 1, "channel": "s", "created_unix": 0, "expires_unix": 0, "files": [{"path": "a", "sha256": "XYZ", "size": 1}]})").ok());
    CHECK_FALSE(parseManifest(R"({"format": 1, "version": 1, "channel": "s", "created_unix": 0, "expires_unix": 0, "files": [{"path": "a", "sha256": ")" +
                              sha256Hex("") + R"(", "size": -5}]})").ok());
    ReleaseManifest duplicate = sampleManifest();
    duplicate.files.push_back(duplicate.files[0]);
    CHECK_FALSE(parseManifest(serializeManifest(duplicate)).ok());
    ReleaseManifest fileAsFolder = sampleManifest();
    fileAsFolder.files.push_back({"exhibition.json/x", sha256Hex("c"), 1});
    CHECK_FALSE(parseManifest(serializeManifest(fileAsFolder)).ok());
}

TEST_CASE("unsafe paths are named") {
    CHECK_FALSE(unsafePathReason("items/tea/photo.jpg").has_value());
    CHECK(unsafePathReason("/etc/passwd").value() == "absolute path");
    CHECK(unsafePathReason("items/../../etc").value() == "'..' in path");
    CHECK(unsafePathReason("..").value() == "'..' in path");
    CHECK(unsafePathReason("items\\tea").value() == "backslash in path");
    CHECK(unsafePathReason(std::string("a\0b", 3)).value() == "NUL in path");
    CHECK(unsafePathReason("a//b").value() == "empty path segment");
    CHECK(unsafePathReason("./a").value() == "'.' segment in path");
    CHECK(unsafePathReason("C:/x").value() == "drive letter in path");
    CHECK(unsafePathReason(std::string(300, 'a')).has_value());
    CHECK(unsafePathReason("").has_value());
}

TEST_CASE("signatures: the right key verifies, a changed byte or another key does not") {
    const KeyPair keys = generateKeyPair();
    const KeyPair other = generateKeyPair();
    const std::string message = serializeManifest(sampleManifest());
    const std::string signature = signDetachedHex(message, keys.secretKey);
    CHECK(signature.size() == 128);
    CHECK(verifyDetachedHex(message, signature + "\n", keys.publicKey));
    CHECK_FALSE(verifyDetachedHex(message, signature, other.publicKey));
    std::string tampered = message;
    tampered[10] ^= 1;
    CHECK_FALSE(verifyDetachedHex(tampered, signature, keys.publicKey));
    CHECK_FALSE(verifyDetachedHex(message, "not hex", keys.publicKey));
    CHECK_FALSE(verifyDetachedHex(message, "", keys.publicKey));
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("judgeManifest accepts a good manifest and refuses each attack with a reason") {
    const KeyPair keys = generateKeyPair();
    const auto judge = [&](const ReleaseManifest& manifest, InstalledRelease installed = {}, std::int64_t now = 1500,
                           SyncPolicyLimits limits = kLimits, const SecretKey* signer = nullptr) {
        const std::string bytes = serializeManifest(manifest);
        return judgeManifest(bytes, signDetachedHex(bytes, signer ? *signer : keys.secretKey), keys.publicKey, "stable",
                             installed, now, limits);
    };
    CHECK(judge(sampleManifest()).kind == ManifestVerdict::Kind::Accept);

    const KeyPair attacker = generateKeyPair();
    auto verdict = judge(sampleManifest(), {}, 1500, kLimits, &attacker.secretKey);
    CHECK(verdict.kind == ManifestVerdict::Kind::Refuse);
    CHECK(verdict.reason.find("bad signature") != std::string::npos);

    verdict = judge(sampleManifest(3, "beta"));
    CHECK(verdict.reason.find("wrong channel") != std::string::npos);

    verdict = judge(sampleManifest(2), {3, "x"});
    CHECK(verdict.kind == ManifestVerdict::Kind::Refuse);
    CHECK(verdict.reason.find("rollback") != std::string::npos);

    const std::string bytes = serializeManifest(sampleManifest(3));
    verdict = judge(sampleManifest(3), {3, sha256Hex(bytes)});
    CHECK(verdict.kind == ManifestVerdict::Kind::AlreadyInstalled);
    verdict = judge(sampleManifest(3), {3, sha256Hex("other bytes")});
    CHECK(verdict.reason.find("mix-and-match") != std::string::npos);

    verdict = judge(sampleManifest(), {}, 2000);
    CHECK(verdict.reason.find("expired") != std::string::npos);

    verdict = judge(sampleManifest(), {}, 1500, {1, 1000, 100});
    CHECK(verdict.reason.find("too many files") != std::string::npos);
    verdict = judge(sampleManifest(), {}, 1500, {100, 2, 100});
    CHECK(verdict.reason.find("release too large") != std::string::npos);
    verdict = judge(sampleManifest(), {}, 1500, {100, 1000, 1});
    CHECK(verdict.reason.find("file too large") != std::string::npos);

    ReleaseManifest unsafe = sampleManifest();
    unsafe.files.push_back({"../outside", sha256Hex("c"), 1});
    verdict = judge(unsafe);
    CHECK(verdict.kind == ManifestVerdict::Kind::Refuse);
    CHECK(verdict.reason.find("unsafe path") != std::string::npos);
}

TEST_CASE("outcome lines are the ones --sync-once prints") {
    CHECK(SyncOutcome::upToDate(4).line() == "up to date");
    CHECK(SyncOutcome::updated(5).line() == "updated to version 5");
    CHECK(SyncOutcome::refused("bad signature").line() == "refused: bad signature");
    CHECK(SyncOutcome::failed("HTTP 500").line() == "failed: HTTP 500");
    CHECK(SyncOutcome::updated(5).succeeded());
    CHECK_FALSE(SyncOutcome::refused("x").succeeded());
}

TEST_CASE("backoff grows, stays capped, and honours Retry-After") {
    RetryBackoff backoff(100, 1000, 42);
    std::int64_t previousCeiling = 0;
    for (int i = 0; i < 8; ++i) {
        const std::int64_t ceiling = std::min<std::int64_t>(1000, 100LL << i);
        const std::int64_t delay = backoff.nextDelayMs();
        CHECK(delay >= ceiling / 2);
        CHECK(delay <= ceiling);
        CHECK(ceiling >= previousCeiling);
        previousCeiling = ceiling;
    }
    backoff.reset();
    CHECK(backoff.nextDelayMs(7) == 7000);
    CHECK(parseRetryAfterSeconds(" 120\r\n") == 120);
    CHECK(parseRetryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == -1);
    std::mt19937_64 random(1);
    for (int i = 0; i < 50; ++i) {
        const std::int64_t wait = jitteredIntervalMs(300, random);
        CHECK(wait >= 240000);
        CHECK(wait <= 360000);
    }
}

} // TEST_SUITE
