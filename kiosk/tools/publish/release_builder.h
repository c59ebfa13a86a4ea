// Building and pruning a static release tree (used by kiosk-publish build/gc, tests, benchmarks):
//   channels/<channel>/manifest.json      the channel's current manifest (revalidated by caches)
//   channels/<channel>/manifest.json.sig  its detached Ed25519 signature (hex)
//   releases/<N>.json, releases/<N>.json.sig   every published manifest, for history and gc
//   objects/ab/abcdef...                  each file once, named by its SHA-256 (immutable)
// Any static web server can serve it; deploy/nginx-release.conf shows the caching headers.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/limits.h"
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
    long long maxImagePixels = limits::kMaxImagePixels;   // as `check --max-image-pixels`
    // With skipContentCheck: publish only these files (absolute or relative to the working
    // folder, as the checker's ContentLoadResult::referencedFiles); empty: every file.
    std::vector<std::filesystem::path> onlyFiles;
};

// The content checks `kiosk-publish check` runs (every image decoded, pixel limit applied);
// `build` runs exactly these before it writes anything.
ContentLoadOptions publishCheckOptions(long long maxImagePixels);

struct BuildReport {
    std::uint64_t version = 0;
    int files = 0;
    int objectsAdded = 0;
    std::uint64_t bytesAdded = 0;
    std::vector<std::string> problems;  // the checker's output when it refused
    // Files of the folder the exhibition does not use (notes, editor backups, unused images):
    // not published. Relative to the source folder, sorted.
    std::vector<std::string> skipped;
};

// Runs the content checker (refuses on errors, writing nothing), then writes the release with
// the files the exhibition uses; the others are listed in `skipped`.
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

// keys.json for key rotation (kiosk/core/release_keys.h): the next version of the tree's key
// list, `add` added and `retire` removed, signed with `signingKey`, which must be in the current
// list (or, for the first keys.json, be the key kiosks trust from [sync] public_key). Writes
// keys.json.sig, then keys.json, each atomically.
struct RotateKeysOptions {
    std::filesystem::path outDir;
    SecretKey signingKey{};
    std::vector<PublicKey> add;
    std::vector<PublicKey> retire;
};
struct RotateKeysReport {
    std::uint64_t version = 0;
    std::vector<PublicKey> keys;
};
Result<RotateKeysReport> rotateReleaseKeys(const RotateKeysOptions& options);

// Copies a release tree to a static server's folder in the order kiosks can live with:
// objects/ first, then releases/, then keys.json (.sig first), then each channel's
// manifest.json.sig and manifest.json last. A kiosk polling meanwhile sees the old manifest or
// the new one with every object it lists already there. Local DEST: each file is copied to a
// temporary name beside its target and renamed (atomic); objects already present with the same
// size are skipped. `placed` (may be null) is told each file placed, in order.
struct PushReport {
    int filesCopied = 0;
    int filesSkipped = 0;
    std::uint64_t bytesCopied = 0;
};
Result<PushReport> pushReleaseTree(const std::filesystem::path& treeDir, const std::filesystem::path& destDir,
                                   const std::function<void(const std::string& relativePath)>& placed);
// The same order for an rsync destination ("host:path", "user@host:path", "rsync://..."):
// the rsync command lines, one per step (run by `kiosk-publish push`).
std::vector<std::vector<std::string>> rsyncPushCommands(const std::filesystem::path& treeDir, const std::string& dest);

// The highest release version in outDir (0 if none).
std::uint64_t latestReleaseVersion(const std::filesystem::path& outDir);

} // namespace kiosk::publish
