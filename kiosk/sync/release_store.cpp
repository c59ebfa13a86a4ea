#include "kiosk/sync/release_store.h"

#include <algorithm>

#include <charconv>
#include <cerrno>
#include <cstring>
#include <set>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/log.h"
#include "kiosk/core/release_signing.h"
#include "kiosk/core/sync_limits.h"
#include "kiosk/sync/durable_file.h"

namespace kiosk::sync {
namespace fs = std::filesystem;

Result<std::unique_ptr<StoreWriterLock>> StoreWriterLock::tryAcquire(const fs::path& dataDir) {
    const fs::path root = dataDir / "content-store";
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) return Error{quotedForMessage(root.string()) + ": cannot create: " + ec.message()};
    const fs::path file = root / "lock";
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Error{quotedForMessage(file.string()) + ": cannot open: " + std::strerror(errno)};
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            return Error{"another sync is running on " + quotedForMessage(root.string()) +
                         " (the kiosk's own sync or kiosk --sync-once); try again when it has finished"};
        return Error{quotedForMessage(file.string()) + ": cannot lock: " + std::strerror(error)};
    }
    return std::unique_ptr<StoreWriterLock>(new StoreWriterLock(fd));
}

StoreWriterLock::~StoreWriterLock() {
    if (fd_ >= 0) ::close(fd_);   // closing the descriptor releases the flock
}

ReleaseStore::ReleaseStore(const fs::path& dataDir) : root_(dataDir / "content-store") {}

fs::path ReleaseStore::objectPath(const std::string& sha256) const { return root_ / "objects" / objectRelativePath(sha256); }
fs::path ReleaseStore::partPath(const std::string& sha256) const { return root_ / "tmp" / (sha256 + ".part"); }
fs::path ReleaseStore::releaseDir(std::uint64_t version) const { return root_ / "releases" / std::to_string(version); }

Result<bool> ReleaseStore::open() {
    std::error_code ec;
    for (const char* sub : {"objects", "tmp", "manifests", "releases"}) {
        fs::create_directories(root_ / sub, ec);
        if (ec) return Error{(root_ / sub).string() + ": cannot create: " + ec.message()};
    }
    // An install interrupted before its rename leaves a ".partial" folder: not a release.
    for (const auto& entry : fs::directory_iterator(root_ / "releases", ec))
        if (entry.path().extension() == ".partial") fs::remove_all(entry.path(), ec);
    return true;
}

bool ReleaseStore::hasObject(const ManifestFile& file) const {
    std::error_code ec;
    const auto size = fs::file_size(objectPath(file.sha256), ec);
    return !ec && size == file.size;
}

Result<bool> ReleaseStore::adoptObject(const fs::path& verifiedFile, const std::string& sha256) {
    auto synced = fsyncFile(verifiedFile);
    if (!synced) return synced;
    const fs::path target = objectPath(sha256);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Error{target.parent_path().string() + ": cannot create: " + ec.message()};
    fs::rename(verifiedFile, target, ec);
    if (ec) return Error{target.string() + ": cannot move into the store: " + ec.message()};
    crashPoint("object adopted");
    return fsyncDirectory(target.parent_path());
}

std::uint64_t ReleaseStore::readPointer(const char* name) const {
    auto text = readWholeFile(root_ / name, 64);
    if (!text) return 0;
    std::uint64_t version = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    while (end > begin && (end[-1] == '\n' || end[-1] == ' ')) --end;
    const auto [last, ec] = std::from_chars(begin, end, version);
    return (ec == std::errc() && last == end) ? version : 0;
}

std::uint64_t ReleaseStore::currentVersion() const { return readPointer("current"); }
std::uint64_t ReleaseStore::previousVersion() const { return readPointer("previous"); }

Result<ReleaseManifest> ReleaseStore::keptManifest(std::uint64_t version) const {
    auto bytes = readWholeFile(root_ / "manifests" / (std::to_string(version) + ".json"), sync_limits::kMaxManifestBytes);
    if (!bytes) return Error{bytes.error()};
    return parseManifest(*bytes);
}

InstalledRelease ReleaseStore::installed() const {
    InstalledRelease kept;
    for (const std::uint64_t version : {currentVersion(), previousVersion()}) {
        if (version == 0 || verifyRelease(version, false)) continue;
        auto bytes = readWholeFile(root_ / "manifests" / (std::to_string(version) + ".json"), sync_limits::kMaxManifestBytes);
        if (!bytes) continue;
        kept = {version, sha256Hex(*bytes)};
        break;
    }
    const InstalledRelease highest = highestInstalled();
    return highest.version >= kept.version ? highest : kept;
}

bool ReleaseStore::currentIntact() const {
    const std::uint64_t current = currentVersion();
    return current > 0 && !verifyRelease(current, false);
}

InstalledRelease ReleaseStore::highestInstalled() const {
    auto text = readWholeFile(root_ / "highest", 256);
    if (!text) return {};
    const auto space = text->find(' ');
    if (space == std::string::npos) return {};
    std::uint64_t version = 0;
    const auto [last, ec] = std::from_chars(text->data(), text->data() + space, version);
    std::string sha = text->substr(space + 1);
    while (!sha.empty() && (sha.back() == '\n' || sha.back() == ' ')) sha.pop_back();
    if (ec != std::errc() || last != text->data() + space || !isSha256Hex(sha)) return {};
    return {version, sha};
}

Result<bool> ReleaseStore::raiseHighest(const InstalledRelease& release) {
    if (release.version <= highestInstalled().version) return true;
    return writeFileDurably(root_ / "highest", std::to_string(release.version) + " " + release.manifestSha256 + "\n");
}

Result<bool> ReleaseStore::setDisplayedVersion(std::uint64_t version) {
    if (version == displayedVersion()) return true;
    return writeFileDurably(root_ / "displayed", std::to_string(version) + "\n");
}

std::uint64_t ReleaseStore::displayedVersion() const { return readPointer("displayed"); }

Result<std::string> ReleaseStore::acceptedKeysBytes() const {
    return readWholeFile(root_ / "keys.json", sync_limits::kMaxKeysFileBytes);
}

Result<bool> ReleaseStore::saveAcceptedKeys(std::string_view bytes, std::string_view signatureText) {
    auto written = writeFileDurably(root_ / "keys.json.sig", signatureText);
    if (!written) return written;
    return writeFileDurably(root_ / "keys.json", bytes);
}

std::uint64_t ReleaseStore::partBytes(const ManifestFile& file) const {
    std::error_code ec;
    const auto size = fs::file_size(partPath(file.sha256), ec);
    return ec ? 0 : std::min<std::uint64_t>(size, file.size);
}

void ReleaseStore::removePartFiles() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_ / "tmp", ec)) fs::remove(entry.path(), ec);
}

Result<bool> ReleaseStore::installRelease(const ReleaseManifest& manifest, std::string_view manifestBytes,
                                          std::string_view signatureText) {
    const std::string name = std::to_string(manifest.version);
    auto written = writeFileDurably(root_ / "manifests" / (name + ".sig"), signatureText);
    if (!written) return written;
    written = writeFileDurably(root_ / "manifests" / (name + ".json"), manifestBytes);
    if (!written) return written;
    crashPoint("manifest kept");

    const fs::path partial = root_ / "releases" / (name + ".partial");
    const fs::path final = releaseDir(manifest.version);
    std::error_code ec;
    fs::remove_all(partial, ec);
    std::set<fs::path> folders{partial};
    fs::create_directories(partial, ec);
    if (ec) return Error{partial.string() + ": cannot create: " + ec.message()};
    for (const auto& file : manifest.files) {
        const fs::path target = partial / file.path;
        fs::create_directories(target.parent_path(), ec);
        if (ec) return Error{target.parent_path().string() + ": cannot create: " + ec.message()};
        for (fs::path dir = target.parent_path(); dir != partial && folders.insert(dir).second;) dir = dir.parent_path();
        // Hard links cost no space; objects are never written after they enter the store.
        fs::create_hard_link(objectPath(file.sha256), target, ec);
        if (ec) {
            ec.clear();
            fs::copy_file(objectPath(file.sha256), target, ec);
            if (ec) return Error{target.string() + ": cannot materialise: " + ec.message()};
            auto synced = fsyncFile(target);
            if (!synced) return synced;
        }
    }
    for (const auto& dir : folders) {
        auto synced = fsyncDirectory(dir);
        if (!synced) return synced;
    }
    crashPoint("release folder written");
    if (fs::exists(final, ec)) fs::remove_all(final, ec);   // a damaged copy of this version
    fs::rename(partial, final, ec);
    if (ec) return Error{final.string() + ": cannot rename release folder: " + ec.message()};
    auto synced = fsyncDirectory(root_ / "releases");
    if (!synced) return synced;
    crashPoint("release folder renamed");

    const std::uint64_t oldCurrent = currentVersion();
    if (oldCurrent != 0 && oldCurrent != manifest.version) {
        written = writeFileDurably(root_ / "previous", std::to_string(oldCurrent) + "\n");
        if (!written) return written;
    }
    crashPoint("previous pointer written");
    written = writeFileDurably(root_ / "current", name + "\n");
    if (!written) return written;
    crashPoint("current pointer switched");
    written = raiseHighest({manifest.version, sha256Hex(manifestBytes)});
    if (!written) return written;
    crashPoint("highest version raised");
    return true;
}

std::optional<std::string> ReleaseStore::verifyRelease(std::uint64_t version, bool fullHash) const {
    auto manifest = keptManifest(version);
    if (!manifest) return "release " + std::to_string(version) + ": " + manifest.error();
    const fs::path dir = releaseDir(version);
    for (const auto& file : manifest->files) {
        std::error_code ec;
        const fs::path path = dir / file.path;
        const auto size = fs::file_size(path, ec);
        if (ec) return "release " + std::to_string(version) + ": missing " + quotedForMessage(file.path);
        if (size != file.size)
            return "release " + std::to_string(version) + ": " + quotedForMessage(file.path) + " has " + std::to_string(size) +
                   " bytes, expected " + std::to_string(file.size);
        if (fullHash) {
            auto hash = sha256File(path);
            if (!hash || *hash != file.sha256) return "release " + std::to_string(version) + ": " + quotedForMessage(file.path) + " is damaged (hash mismatch)";
        }
    }
    return std::nullopt;
}

StartupRelease ReleaseStore::chooseStartupRelease(const std::vector<std::uint64_t>& badVersions) const {
    StartupRelease choice;
    for (const std::uint64_t version : {currentVersion(), previousVersion()}) {
        if (version == 0) continue;
        if (std::find(badVersions.begin(), badVersions.end(), version) != badVersions.end()) {
            choice.notes.push_back("release " + std::to_string(version) + " is marked bad (it did not start); skipping it");
            continue;
        }
        if (auto problem = verifyRelease(version, false)) {
            choice.notes.push_back(*problem + "; skipping it");
            continue;
        }
        choice.folder = releaseDir(version);
        choice.version = version;
        return choice;
    }
    return choice;
}

StoreCheckReport ReleaseStore::checkStore() const {
    StoreCheckReport report;
    std::error_code ec;
    if (!fs::is_directory(root_, ec)) {
        report.problems.push_back(root_.string() + ": no release store here");
        return report;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root_ / "objects", ec)) {
        if (!entry.is_regular_file()) continue;
        ++report.objectsChecked;
        const std::string name = entry.path().filename().string();
        auto hash = sha256File(entry.path());
        if (!hash) report.problems.push_back(hash.error());
        else if (*hash != name) report.problems.push_back("object " + name + " is damaged (its bytes hash to " + *hash + ")");
    }
    const std::uint64_t current = currentVersion();
    if (current == 0) report.problems.push_back("no current release (the bundled exhibition is shown)");
    for (const std::uint64_t version : {current, previousVersion()}) {
        if (version == 0) continue;
        ++report.releasesChecked;
        if (auto problem = verifyRelease(version, true)) report.problems.push_back(*problem);
    }
    return report;
}

void ReleaseStore::collectGarbage() {
    std::set<std::string> keptNames;
    std::set<std::string> keptObjects;
    for (const std::uint64_t version : {currentVersion(), previousVersion(), displayedVersion()}) {
        if (version == 0) continue;
        keptNames.insert(std::to_string(version));
        if (auto manifest = keptManifest(version))
            for (const auto& file : manifest->files) keptObjects.insert(file.sha256);
    }
    if (keptNames.empty()) return;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_ / "releases", ec))
        if (!keptNames.count(entry.path().filename().string())) fs::remove_all(entry.path(), ec);
    for (const auto& entry : fs::directory_iterator(root_ / "manifests", ec))
        if (!keptNames.count(entry.path().stem().string())) fs::remove(entry.path(), ec);
    std::vector<fs::path> unused;
    for (const auto& entry : fs::recursive_directory_iterator(root_ / "objects", ec))
        if (entry.is_regular_file() && !keptObjects.count(entry.path().filename().string())) unused.push_back(entry.path());
    for (const auto& path : unused) fs::remove(path, ec);
    removePartFiles();
}

HttpValidators ReleaseStore::httpValidators() const {
    HttpValidators validators;
    auto text = readWholeFile(root_ / "http-cache.json", 64 * 1024);
    if (!text) return validators;
    const auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (!doc.is_object()) return validators;
    validators.version = doc.value("version", std::uint64_t{0});
    validators.url = doc.value("url", std::string());
    validators.etag = doc.value("etag", std::string());
    validators.lastModified = doc.value("last_modified", std::string());
    return validators;
}

Result<bool> ReleaseStore::saveHttpValidators(const HttpValidators& validators) {
    nlohmann::json doc{{"version", validators.version}, {"url", validators.url}, {"etag", validators.etag}, {"last_modified", validators.lastModified}};
    return writeFileDurably(root_ / "http-cache.json", doc.dump() + "\n");
}

} // namespace kiosk::sync
