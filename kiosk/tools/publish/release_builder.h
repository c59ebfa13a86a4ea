// Building and pruning a static release tree (used by kiosk-publish build/gc, tests, benchmarks):
//   channels/<channel>/manifest.json      the channel's current manifest (revalidated by caches)
//   channels/<channel>/manifest.json.sig  its detached Ed25519 signature (hex)
//   releases/<N>.json, releases/<N>.json.sig   every published manifest, for history and gc
//   objects/ab/abcdef...                  each file once, named by its SHA-256 (immutable)
// Any static web server can serve it; deploy/nginx-release.conf shows the caching headers.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/release_signing.h"
#include "kiosk/core/result.h"

namespace kiosk::publish {

struct BuildOptions {
    std::filesystem::path sourceDir;
    std::filesystem::path outDir;
    SecretKey secretKey{};
    std::string channel = "stable";
    int expiresDays = 30;
    std::int64_t nowUnix = 0;           // 0: the current time
    bool skipContentCheck = false;      // tests and benchmarks that publish arbitrary files
};

struct BuildReport {
    std::uint64_t version = 0;
    int files = 0;
    int objectsAdded = 0;
    std::uint64_t bytesAdded = 0;
    std::vector<std::string> problems;  // the checker's output when it refused
};

// Runs the content checker (refuses on errors), then writes the release.
Result<BuildReport> buildRelease(const BuildOptions& options);

struct GcReport {
    std::vector<std::uint64_t> keptVersions;
    int manifestsRemoved = 0;
    int objectsRemoved = 0;
    std::uint64_t bytesRemoved = 0;
};

// Keeps the newest `keepReleases` releases and every channel's current one; removes older
// release manifests and every object none of the kept ones lists.
Result<GcReport> collectReleaseGarbage(const std::filesystem::path& outDir, int keepReleases);

// The highest release version in outDir (0 if none).
std::uint64_t latestReleaseVersion(const std::filesystem::path& outDir);

} // namespace kiosk::publish
