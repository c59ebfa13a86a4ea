// The kiosk's local release store, under <data>/content-store/:
//   objects/ab/abcdef...      verified objects, named by their SHA-256
//   tmp/<sha256>.part         downloads in progress (kept across restarts for HTTP Range resume)
//   manifests/N.json, N.sig   the exact signed manifest bytes of each kept release
//   releases/N/               release N materialised as a plain exhibition folder (hard links)
//   current, previous         pointer files holding a version number, replaced atomically
//   http-cache.json           ETag / Last-Modified of the installed manifest
//   highest                   "VERSION SHA256" of the highest release ever installed: the
//                             rollback floor, only ever raised (damaged releases cannot lower it)
//   displayed                 the version the UI shows now: garbage collection keeps it
//   keys.json, keys.json.sig  the release keys file accepted last (key rotation)
//   lock                      flock()ed by the one process syncing (StoreWriterLock)
// Installing writes everything a release needs first and flips `current` last, each step
// durable (fsync + rename + fsync of the folder), so a power cut leaves the old or the new
// release whole. The previous release is kept for rollback; gc removes the rest.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/release_manifest.h"
#include "kiosk/core/result.h"
#include "kiosk/core/sync_policy.h"

namespace kiosk::sync {

struct HttpValidators {
    std::uint64_t version = 0;       // the installed version these belong to
    std::string url;                 // the manifest URL they came from (channel or server may change)
    std::string etag;
    std::string lastModified;
};

struct StartupRelease {
    std::filesystem::path folder;    // empty: no usable release, show the bundled exhibition
    std::uint64_t version = 0;
    std::vector<std::string> notes;  // why a release was skipped, for the log
};

struct StoreCheckReport {
    int objectsChecked = 0;
    int releasesChecked = 0;
    std::vector<std::string> problems;
    bool ok() const { return problems.empty(); }
};

// One writer at a time: an exclusive advisory lock (flock) on content-store/lock, held by whoever
// syncs for a whole cycle (the kiosk's sync thread, `kiosk --sync-once`). The kernel drops it
// when the process dies, so a SIGKILLed sync never leaves a stale lock.
class StoreWriterLock {
public:
    // Never waits: an error "another sync is running ..." when someone else holds it.
    static Result<std::unique_ptr<StoreWriterLock>> tryAcquire(const std::filesystem::path& dataDir);
    ~StoreWriterLock();
    StoreWriterLock(const StoreWriterLock&) = delete;
    StoreWriterLock& operator=(const StoreWriterLock&) = delete;

private:
    explicit StoreWriterLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

class ReleaseStore {
public:
    explicit ReleaseStore(const std::filesystem::path& dataDir);

    // Creates the folders and removes leftovers of an interrupted install (never a kept release).
    Result<bool> open();

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path objectPath(const std::string& sha256) const;
    std::filesystem::path partPath(const std::string& sha256) const;
    std::filesystem::path releaseDir(std::uint64_t version) const;

    // True when the object is in the store with the expected size (the hash was checked on entry).
    bool hasObject(const ManifestFile& file) const;
    // Moves a fully downloaded, already hash-verified file into the store, durably.
    Result<bool> adoptObject(const std::filesystem::path& verifiedFile, const std::string& sha256);

    // Writes the manifest, materialises the release folder from the objects (all must be present),
    // then switches `current` to it (the old current becomes `previous`).
    Result<bool> installRelease(const ReleaseManifest& manifest, std::string_view manifestBytes,
                                std::string_view signatureText);

    std::uint64_t currentVersion() const;
    std::uint64_t previousVersion() const;
    // The installed release for the rollback check: the highest ever installed (its own file),
    // or for stores written before that file existed, the current release if intact, else the
    // previous one.
    InstalledRelease installed() const;
    // True when `current` names a release whose folder is whole (sizes checked).
    bool currentIntact() const;
    Result<ReleaseManifest> keptManifest(std::uint64_t version) const;

    // Fast check (sizes) or full check (SHA-256 of every file) of one kept release.
    std::optional<std::string> verifyRelease(std::uint64_t version, bool fullHash) const;
    // What to show on start: current if intact, else previous, else nothing (bundled).
    // Versions in `badVersions` (core/boot_attempts.h) are skipped.
    StartupRelease chooseStartupRelease(const std::vector<std::uint64_t>& badVersions = {}) const;
    // Full hash check of every object and every kept release (kiosk --check-store).
    StoreCheckReport checkStore() const;
    // Removes releases other than current, previous and the displayed one, objects none of them
    // uses, stale parts.
    void collectGarbage();
    // Deletes every partial download (tmp/*.part): after a cycle gave up for lack of space.
    void removePartFiles();
    // Bytes already downloaded towards `file` (its part file), at most its size.
    std::uint64_t partBytes(const ManifestFile& file) const;

    // The release the UI shows (0: the bundled exhibition); kept by collectGarbage().
    Result<bool> setDisplayedVersion(std::uint64_t version);
    std::uint64_t displayedVersion() const;

    // The highest release ever installed here (rollback floor), from its own durable file;
    // {0, ""} when none. raiseHighest() never lowers it.
    InstalledRelease highestInstalled() const;
    Result<bool> raiseHighest(const InstalledRelease& release);

    // The keys file accepted last (keys.json + .sig, kept as received; release_keys.h), or an
    // error when there is none. saveAcceptedKeys() writes both durably, signature first.
    Result<std::string> acceptedKeysBytes() const;
    Result<bool> saveAcceptedKeys(std::string_view bytes, std::string_view signatureText);

    HttpValidators httpValidators() const;
    Result<bool> saveHttpValidators(const HttpValidators& validators);

private:
    std::uint64_t readPointer(const char* name) const;
    std::filesystem::path root_;
};

} // namespace kiosk::sync
