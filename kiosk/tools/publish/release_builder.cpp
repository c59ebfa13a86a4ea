#include "kiosk/tools/publish/release_builder.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <fstream>
#include <map>
#include <set>

#include "kiosk/core/content_loader.h"
#include "kiosk/core/release_keys.h"
#include "kiosk/core/release_manifest.h"
#include "kiosk/core/sync_limits.h"

namespace kiosk::publish {
namespace fs = std::filesystem;
namespace {

Result<bool> writeFileAtomically(const fs::path& file, std::string_view bytes) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    const fs::path temp = file.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) return Error{temp.string() + ": cannot write"};
    }
    fs::rename(temp, file, ec);
    if (ec) return Error{file.string() + ": cannot rename: " + ec.message()};
    return true;
}

Result<std::string> readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open"};
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool parseVersionName(const std::string& stem, std::uint64_t& version) {
    const auto [end, ec] = std::from_chars(stem.data(), stem.data() + stem.size(), version);
    return ec == std::errc() && end == stem.data() + stem.size() && version > 0;
}

// Every release manifest in releases/, by version.
std::map<std::uint64_t, fs::path> releaseManifests(const fs::path& outDir) {
    std::map<std::uint64_t, fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(outDir / "releases", ec)) {
        if (entry.path().extension() != ".json") continue;
        std::uint64_t version = 0;
        if (parseVersionName(entry.path().stem().string(), version)) out[version] = entry.path();
    }
    return out;
}

} // namespace

std::uint64_t latestReleaseVersion(const fs::path& outDir) {
    std::uint64_t latest = 0;
    const auto manifests = releaseManifests(outDir);
    if (!manifests.empty()) latest = manifests.rbegin()->first;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(outDir / "channels", ec)) {
        auto bytes = readFile(entry.path() / "manifest.json");
        if (!bytes) continue;
        if (auto manifest = parseManifest(*bytes)) latest = std::max(latest, manifest->version);
    }
    return latest;
}

ContentLoadOptions publishCheckOptions(long long maxImagePixels) {
    ContentLoadOptions options;
    options.decodeImages = true;
    options.maxImagePixels = maxImagePixels;
    return options;
}

Result<BuildReport> buildRelease(const BuildOptions& options) {
    BuildReport report;
    std::error_code ec;
    if (!fs::is_directory(options.sourceDir, ec)) return Error{options.sourceDir.string() + ": not a folder"};
    if (options.channel.empty() || unsafePathReason(options.channel) || options.channel.find('/') != std::string::npos)
        return Error{"channel '" + options.channel + "' must be a plain name like 'stable'"};
    std::set<std::string> used;   // relative paths of the files to publish; empty: all
    const auto addUsed = [&](const fs::path& file) {
        used.insert(file.lexically_normal().lexically_relative(options.sourceDir.lexically_normal()).generic_string());
    };
    if (!options.skipContentCheck) {
        const ContentLoadResult checked = loadExhibition(options.sourceDir, publishCheckOptions(options.maxImagePixels));
        if (checked.hasErrors() || !checked.snapshot) {
            std::string message = "the exhibition has errors; nothing was published:";
            for (const auto& problem : checked.problems)
                if (problem.severity == Severity::Error) message += "\n  " + problem.toString();
            return Error{message};
        }
        for (const auto& file : checked.referencedFiles) addUsed(file);
    }
    for (const auto& file : options.onlyFiles) addUsed(file);
    const std::int64_t now = options.nowUnix ? options.nowUnix : static_cast<std::int64_t>(std::time(nullptr));
    ReleaseManifest manifest;
    manifest.version = latestReleaseVersion(options.outDir) + 1;
    manifest.channel = options.channel;
    manifest.createdUnix = now;
    manifest.expiresUnix = now + static_cast<std::int64_t>(options.expiresDays) * 24 * 3600;

    // Collect the files (hidden ones such as .git or .DS_Store are not content).
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(options.sourceDir, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) return Error{options.sourceDir.string() + ": " + ec.message()};
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file()) continue;
        if (!used.empty() && !used.count(it->path().lexically_normal()
                                             .lexically_relative(options.sourceDir.lexically_normal())
                                             .generic_string())) {
            report.skipped.push_back(fs::relative(it->path(), options.sourceDir).generic_string());
            continue;
        }
        files.push_back(it->path());
    }
    std::sort(report.skipped.begin(), report.skipped.end());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        ManifestFile entry;
        entry.path = fs::relative(file, options.sourceDir).generic_string();
        if (auto reason = unsafePathReason(entry.path)) return Error{file.string() + ": cannot publish this name: " + *reason};
        auto hash = sha256File(file);
        if (!hash) return Error{hash.error()};
        entry.sha256 = *hash;
        entry.size = fs::file_size(file);
        const fs::path object = options.outDir / "objects" / objectRelativePath(entry.sha256);
        if (!fs::exists(object, ec)) {
            fs::create_directories(object.parent_path(), ec);
            const fs::path temp = object.string() + ".tmp";
            fs::copy_file(file, temp, fs::copy_options::overwrite_existing, ec);
            if (ec) return Error{temp.string() + ": cannot write: " + ec.message()};
            fs::rename(temp, object, ec);
            if (ec) return Error{object.string() + ": cannot write: " + ec.message()};
            ++report.objectsAdded;
            report.bytesAdded += entry.size;
        }
        manifest.files.push_back(std::move(entry));
    }
    std::sort(manifest.files.begin(), manifest.files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });

    const std::string bytes = serializeManifest(manifest);
    if (!parseManifest(bytes)) return Error{"internal error: the manifest written does not parse"};
    const std::string signature = signDetachedHex(bytes, options.secretKey) + "\n";
    const std::string version = std::to_string(manifest.version);
    // History first, then the channel: signature before manifest, so a kiosk never sees the new
    // manifest with no signature (it may briefly see the old manifest with the new signature,
    // refuse it as a bad signature, and succeed on its next cycle).
    for (const auto& [file, text] : std::vector<std::pair<fs::path, std::string>>{
             {options.outDir / "releases" / (version + ".json.sig"), signature},
             {options.outDir / "releases" / (version + ".json"), bytes},
             {options.outDir / "channels" / options.channel / "manifest.json.sig", signature},
             {options.outDir / "channels" / options.channel / "manifest.json", bytes}}) {
        auto written = writeFileAtomically(file, text);
        if (!written) return Error{written.error()};
    }
    report.version = manifest.version;
    report.files = static_cast<int>(manifest.files.size());
    return report;
}

Result<RotateKeysReport> rotateReleaseKeys(const RotateKeysOptions& options) {
    std::error_code ec;
    if (!fs::is_directory(options.outDir, ec)) return Error{options.outDir.string() + ": not a folder"};
    const PublicKey signer = publicKeyOf(options.signingKey);
    ReleaseKeys keys;
    const fs::path file = options.outDir / "keys.json";
    if (fs::exists(file, ec)) {
        auto bytes = readFile(file);
        if (!bytes) return Error{bytes.error()};
        auto current = parseReleaseKeys(*bytes);
        if (!current) return Error{file.string() + ": " + current.error()};
        if (std::find(current->keys.begin(), current->keys.end(), signer) == current->keys.end())
            return Error{"the signing key is not in keys.json version " + std::to_string(current->version) +
                         ": kiosks would refuse the new list (sign with a key listed there)"};
        keys = std::move(*current);
    } else {
        keys.keys = {signer};   // kiosks trust it from [sync] public_key
    }
    for (const auto& key : options.add)
        if (std::find(keys.keys.begin(), keys.keys.end(), key) == keys.keys.end()) keys.keys.push_back(key);
    for (const auto& key : options.retire) keys.keys.erase(std::remove(keys.keys.begin(), keys.keys.end(), key), keys.keys.end());
    if (keys.keys.empty()) return Error{"no key would be left: add one before retiring the last"};
    if (keys.keys.size() > sync_limits::kMaxTrustedKeys)
        return Error{"more than " + std::to_string(sync_limits::kMaxTrustedKeys) + " keys"};
    ++keys.version;
    const std::string bytes = serializeReleaseKeys(keys);
    if (!parseReleaseKeys(bytes)) return Error{"internal error: the keys file written does not parse"};
    auto written = writeFileAtomically(options.outDir / "keys.json.sig", signDetachedHex(bytes, options.signingKey) + "\n");
    if (!written) return Error{written.error()};
    written = writeFileAtomically(file, bytes);
    if (!written) return Error{written.error()};
    return RotateKeysReport{keys.version, keys.keys};
}

namespace {

// Every regular file under treeDir/sub, sorted, as paths relative to treeDir.
std::vector<std::string> filesUnder(const fs::path& treeDir, const std::string& sub) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(treeDir / sub, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() != ".tmp")
            out.push_back(fs::relative(it->path(), treeDir).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

// The push order: objects, releases, keys, channel signatures, channel manifests.
std::vector<std::string> pushOrder(const fs::path& treeDir) {
    std::vector<std::string> order = filesUnder(treeDir, "objects");
    const auto releases = filesUnder(treeDir, "releases");
    order.insert(order.end(), releases.begin(), releases.end());
    std::error_code ec;
    for (const char* name : {"keys.json.sig", "keys.json"})
        if (fs::is_regular_file(treeDir / name, ec)) order.push_back(name);
    std::vector<std::string> manifests;
    for (const auto& file : filesUnder(treeDir, "channels")) {
        if (file.size() > 4 && file.compare(file.size() - 4, 4, ".sig") == 0) order.push_back(file);
        else manifests.push_back(file);
    }
    order.insert(order.end(), manifests.begin(), manifests.end());
    return order;
}

} // namespace

Result<PushReport> pushReleaseTree(const fs::path& treeDir, const fs::path& destDir,
                                   const std::function<void(const std::string&)>& placed) {
    PushReport report;
    std::error_code ec;
    if (!fs::is_directory(treeDir / "objects", ec) || !fs::is_directory(treeDir / "channels", ec))
        return Error{treeDir.string() + ": not a release tree (no objects/ or channels/)"};
    for (const auto& relative : pushOrder(treeDir)) {
        const fs::path source = treeDir / relative;
        const fs::path target = destDir / relative;
        const bool immutable = relative.rfind("objects/", 0) == 0 || relative.rfind("releases/", 0) == 0;
        if (immutable && fs::exists(target, ec) && fs::file_size(target, ec) == fs::file_size(source, ec)) {
            ++report.filesSkipped;
            continue;
        }
        fs::create_directories(target.parent_path(), ec);
        if (ec) return Error{target.parent_path().string() + ": cannot create: " + ec.message()};
        const fs::path temp = target.string() + ".push.tmp";
        fs::copy_file(source, temp, fs::copy_options::overwrite_existing, ec);
        if (ec) return Error{temp.string() + ": cannot write: " + ec.message()};
        fs::rename(temp, target, ec);
        if (ec) return Error{target.string() + ": cannot rename: " + ec.message()};
        ++report.filesCopied;
        report.bytesCopied += fs::file_size(target, ec);
        if (placed) placed(relative);
    }
    return report;
}

std::vector<std::vector<std::string>> rsyncPushCommands(const fs::path& treeDir, const std::string& dest) {
    std::string base = dest;
    if (!base.empty() && base.back() != '/') base += '/';
    const std::string tree = treeDir.string() + "/";
    // rsync writes each file to a temporary name and renames it: a file appears whole or not at all.
    const std::vector<std::string> rsync = {"rsync", "--recursive", "--times", "--compress", "--exclude=*.tmp"};
    const auto step = [&](std::vector<std::string> extra) {
        std::vector<std::string> command = rsync;
        command.insert(command.end(), extra.begin(), extra.end());
        return command;
    };
    std::vector<std::vector<std::string>> commands;
    commands.push_back(step({"--ignore-existing", tree + "objects/", base + "objects/"}));
    commands.push_back(step({"--ignore-existing", tree + "releases/", base + "releases/"}));
    std::error_code ec;
    if (fs::is_regular_file(treeDir / "keys.json", ec)) {
        commands.push_back(step({tree + "keys.json.sig", base}));
        commands.push_back(step({tree + "keys.json", base}));
    }
    commands.push_back(step({"--include=*/", "--include=*.sig", "--exclude=*", tree + "channels/", base + "channels/"}));
    commands.push_back(step({tree + "channels/", base + "channels/"}));
    return commands;
}

Result<GcReport> collectReleaseGarbage(const fs::path& outDir, int keepReleases) {
    GcReport report;
    std::error_code ec;
    if (!fs::is_directory(outDir / "objects", ec)) return Error{outDir.string() + ": not a release tree (no objects/)"};
    std::set<std::uint64_t> kept;
    std::set<std::string> keptObjects;
    const auto manifests = releaseManifests(outDir);
    int count = 0;
    for (auto it = manifests.rbegin(); it != manifests.rend() && count < keepReleases; ++it, ++count) kept.insert(it->first);
    std::vector<std::string> keptBytes;
    for (const auto& entry : fs::directory_iterator(outDir / "channels", ec)) {
        auto bytes = readFile(entry.path() / "manifest.json");
        if (!bytes) continue;
        auto manifest = parseManifest(*bytes);
        if (!manifest) return Error{(entry.path() / "manifest.json").string() + ": " + manifest.error() + " (nothing removed)"};
        kept.insert(manifest->version);
        for (const auto& file : manifest->files) keptObjects.insert(file.sha256);
    }
    for (const auto version : kept) {
        const auto it = manifests.find(version);
        if (it == manifests.end()) continue;
        auto bytes = readFile(it->second);
        if (!bytes) return Error{bytes.error() + " (nothing removed)"};
        auto manifest = parseManifest(*bytes);
        if (!manifest) return Error{it->second.string() + ": " + manifest.error() + " (nothing removed)"};
        for (const auto& file : manifest->files) keptObjects.insert(file.sha256);
    }
    for (const auto& [version, path] : manifests) {
        if (kept.count(version)) continue;
        fs::remove(path, ec);
        fs::remove(path.string() + ".sig", ec);
        ++report.manifestsRemoved;
    }
    std::vector<fs::path> unused;
    for (const auto& entry : fs::recursive_directory_iterator(outDir / "objects", ec))
        if (entry.is_regular_file() && !keptObjects.count(entry.path().filename().string())) unused.push_back(entry.path());
    for (const auto& path : unused) {
        report.bytesRemoved += fs::file_size(path, ec);
        if (fs::remove(path, ec)) ++report.objectsRemoved;
    }
    report.keptVersions.assign(kept.begin(), kept.end());
    return report;
}

} // namespace kiosk::publish
