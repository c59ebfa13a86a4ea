#include "kiosk/core/release_manifest.h"

#include <set>

#include <nlohmann/json.hpp>

#include "kiosk/core/json_text.h"
#include "kiosk/core/sync_limits.h"

namespace kiosk {
using nlohmann::json;

std::uint64_t ReleaseManifest::totalBytes() const {
    std::uint64_t total = 0;
    for (const auto& file : files) total += file.size;
    return total;
}

bool isSha256Hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string quotedForMessage(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "'";
    std::size_t shown = 0;
    for (const char c : text) {
        if (shown++ >= sync_limits::kMaxQuotedMessageBytes) {
            out += "...";
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '\'': out += "\\'"; break;
        case '\\': out += "\\\\"; break;
        case '\0': out += "\\0"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (byte < 0x20 || byte == 0x7f) {
                out += "\\x";
                out += kHex[byte >> 4];
                out += kHex[byte & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += "'";
    return out;
}

std::string objectRelativePath(std::string_view sha256) {
    return std::string(sha256.substr(0, 2)) + "/" + std::string(sha256);
}

std::optional<std::string> unsafePathReason(std::string_view path) {
    if (path.empty()) return "empty path";
    if (path.size() > sync_limits::kMaxManifestPathBytes)
        return "path longer than " + std::to_string(sync_limits::kMaxManifestPathBytes) + " bytes";
    if (path.front() == '/') return "absolute path";
    for (unsigned char c : path) {
        if (c == 0) return "NUL in path";
        if (c == '\\') return "backslash in path";
        if (c < 0x20 || c == 0x7f) return "control character in path";
    }
    if (path.size() >= 2 && path[1] == ':') return "drive letter in path";
    std::size_t start = 0;
    int depth = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view segment = path.substr(start, end - start);
        if (segment.empty()) return "empty path segment";
        if (segment == "..") return "'..' in path";
        if (segment == ".") return "'.' segment in path";
        if (segment.size() > sync_limits::kMaxManifestPathSegmentBytes) return "path segment too long";
        if (++depth > sync_limits::kMaxManifestPathDepth) return "path nested too deep";
        start = end + 1;
    }
    return std::nullopt;
}

std::string serializeManifest(const ReleaseManifest& manifest) {
    // Written by hand for a stable, diff-friendly layout: one file a line.
    std::string out = "{\n";
    out += "  \"format\": " + std::to_string(manifest.format) + ",\n";
    out += "  \"version\": " + std::to_string(manifest.version) + ",\n";
    out += "  \"channel\": " + json(manifest.channel).dump() + ",\n";
    out += "  \"created_unix\": " + std::to_string(manifest.createdUnix) + ",\n";
    out += "  \"expires_unix\": " + std::to_string(manifest.expiresUnix) + ",\n";
    out += "  \"files\": [";
    for (std::size_t i = 0; i < manifest.files.size(); ++i) {
        const auto& file = manifest.files[i];
        out += i == 0 ? "\n" : ",\n";
        out += "    {\"path\": " + json(file.path).dump() + ", \"sha256\": \"" + file.sha256 +
               "\", \"size\": " + std::to_string(file.size) + "}";
    }
    out += manifest.files.empty() ? "]\n" : "\n  ]\n";
    out += "}\n";
    return out;
}

Result<ReleaseManifest> parseManifest(std::string_view bytes) {
    if (bytes.size() > sync_limits::kMaxManifestBytes) return Error{"manifest too large"};
    if (jsonNestsDeeperThan(bytes, sync_limits::kMaxManifestJsonDepth)) return Error{"manifest nested too deep"};
    json doc = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return Error{"manifest is not a JSON object"};
    ReleaseManifest manifest;
    const auto integer = [&](const char* key, auto& out) -> bool {
        const auto it = doc.find(key);
        if (it == doc.end() || !it->is_number_integer()) return false;
        if constexpr (std::is_unsigned_v<std::remove_reference_t<decltype(out)>>) {
            if (!it->is_number_unsigned()) return false;
        }
        out = it->get<std::remove_reference_t<decltype(out)>>();
        return true;
    };
    if (!integer("format", manifest.format)) return Error{"manifest: 'format' missing"};
    if (manifest.format != kReleaseManifestFormat)
        return Error{"manifest format " + std::to_string(manifest.format) + " is not supported (this kiosk reads " +
                     std::to_string(kReleaseManifestFormat) + ")"};
    if (!integer("version", manifest.version) || manifest.version == 0)
        return Error{"manifest: 'version' must be a positive whole number"};
    if (!integer("created_unix", manifest.createdUnix)) return Error{"manifest: 'created_unix' missing"};
    if (!integer("expires_unix", manifest.expiresUnix)) return Error{"manifest: 'expires_unix' missing"};
    if (const auto it = doc.find("channel"); it != doc.end() && it->is_string()) manifest.channel = it->get<std::string>();
    else return Error{"manifest: 'channel' missing"};
    const auto files = doc.find("files");
    if (files == doc.end() || !files->is_array()) return Error{"manifest: 'files' must be a list"};
    if (files->size() > sync_limits::kMaxManifestFiles) return Error{"manifest lists too many files"};
    std::set<std::string> seen;
    for (const auto& entry : *files) {
        if (!entry.is_object()) return Error{"manifest: each file must be an object"};
        ManifestFile file;
        const auto path = entry.find("path");
        const auto hash = entry.find("sha256");
        const auto size = entry.find("size");
        if (path == entry.end() || !path->is_string()) return Error{"manifest: a file has no 'path'"};
        file.path = path->get<std::string>();
        if (auto reason = unsafePathReason(file.path)) return Error{"unsafe path " + quotedForMessage(file.path) + ": " + *reason};
        if (hash == entry.end() || !hash->is_string() || !isSha256Hex(hash->get<std::string>()))
            return Error{"manifest: " + quotedForMessage(file.path) + " has no valid sha256"};
        file.sha256 = hash->get<std::string>();
        if (size == entry.end() || !size->is_number_unsigned()) return Error{"manifest: " + quotedForMessage(file.path) + " has no valid size"};
        file.size = size->get<std::uint64_t>();
        if (!seen.insert(file.path).second) return Error{"manifest: " + quotedForMessage(file.path) + " is listed twice"};
        manifest.files.push_back(std::move(file));
    }
    // A file and a folder of the same name cannot both exist.
    for (const auto& file : manifest.files)
        for (std::size_t slash = file.path.find('/'); slash != std::string::npos; slash = file.path.find('/', slash + 1))
            if (seen.count(file.path.substr(0, slash)))
                return Error{"unsafe path " + quotedForMessage(file.path) + ": a listed file is also used as a folder"};
    return manifest;
}

} // namespace kiosk
