#include "kiosk/text/script_faces_cache.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "kiosk/core/log.h"
#include "kiosk/core/result.h"

namespace kiosk::text {
namespace {

constexpr const char* kHeader = "kiosk-font-faces 1";
constexpr std::uintmax_t kMaxCacheBytes = 256 * 1024;   // a few dozen lines in practice
// What fontconfig reads from the environment (configuration, sysroot, user folders, language).
constexpr const char* kEnvironment[] = {"FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "FC_LANG",
                                        "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "LANG", "LC_ALL", "LC_CTYPE"};

// "<mtime ns>\t<size>" of a path, "-1\t-1" when it does not exist.
std::string stampOf(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "-1\t-1";
    const long long ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    return std::to_string(ns) + "\t" + std::to_string(static_cast<long long>(st.st_size));
}

std::vector<std::string> environmentLines() {
    std::vector<std::string> lines;
    for (const char* name : kEnvironment) {
        const char* value = std::getenv(name);
        lines.push_back(std::string("env\t") + name + "=" + (value ? value : ""));
    }
    return lines;
}

// The paths whose change can change fontconfig's answer (see the header).
std::set<std::string> watchedPaths(const ScriptFaces& faces) {
    std::set<std::string> paths;
    if (FcStrList* dirs = FcConfigGetFontDirs(nullptr)) {
        while (FcChar8* dir = FcStrListNext(dirs)) paths.insert(reinterpret_cast<const char*>(dir));
        FcStrListDone(dirs);
    }
    if (FcStrList* files = FcConfigGetConfigFiles(nullptr)) {
        while (FcChar8* file = FcStrListNext(files)) {
            const std::string path = reinterpret_cast<const char*>(file);
            paths.insert(path);
            paths.insert(std::filesystem::path(path).parent_path().string());
        }
        FcStrListDone(files);
    }
    // User font folders fontconfig would scan once they exist.
    const char* home = std::getenv("HOME");
    const char* dataHome = std::getenv("XDG_DATA_HOME");
    if (dataHome && *dataHome) paths.insert(std::string(dataHome) + "/fonts");
    if (home && *home) {
        paths.insert(std::string(home) + "/.local/share/fonts");
        paths.insert(std::string(home) + "/.fonts");
    }
    for (const auto* list : {&faces.regular, &faces.bold})
        for (const FaceSpec& face : *list) paths.insert(face.file);
    return paths;
}

std::string encode(const ScriptFaces& faces) {
    std::ostringstream out;
    out << kHeader << "\nversion\t" << KIOSK_VERSION << "\n";
    std::size_t records = 0;
    for (const std::string& line : environmentLines()) out << line << "\n";
    for (const std::string& path : watchedPaths(faces)) {
        if (path.find('\n') != std::string::npos) continue;
        out << "stamp\t" << stampOf(path) << "\t" << path << "\n";
        ++records;
    }
    for (const auto& [weight, list] : {std::pair{"regular", &faces.regular}, std::pair{"bold", &faces.bold}}) {
        for (const FaceSpec& face : *list) {
            out << "face\t" << weight << "\t" << face.index << "\t" << static_cast<int>(face.sizeFactor * 1000.0f + 0.5f) << "\t"
                << face.language << "\t" << face.file << "\n";
            ++records;
        }
    }
    out << "end\t" << records << "\n";
    return out.str();
}

// Splits a line at its first `count - 1` tabs (the last field keeps any tab it has).
std::vector<std::string> fields(const std::string& line, std::size_t count) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (parts.size() + 1 < count) {
        const std::size_t tab = line.find('\t', start);
        if (tab == std::string::npos) break;
        parts.push_back(line.substr(start, tab - start));
        start = tab + 1;
    }
    parts.push_back(line.substr(start));
    return parts;
}

bool parseInt(const std::string& text, long long& value) {
    if (text.empty() || text.size() > 20) return false;
    char* end = nullptr;
    value = std::strtoll(text.c_str(), &end, 10);
    return end && *end == '\0';
}

// The faces of a valid file; an error starting with "missing", "stale" or "corrupt" otherwise.
Result<ScriptFaces> readCache(const std::filesystem::path& file) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(file, error);
    if (error) return Error{"missing"};
    if (size > kMaxCacheBytes) return Error{"corrupt: " + std::to_string(size) + " bytes"};
    std::ifstream in(file, std::ios::binary);
    std::string line;
    if (!std::getline(in, line) || line != kHeader) return Error{"corrupt: not a font faces cache of this format"};
    if (!std::getline(in, line) || line != std::string("version\t") + KIOSK_VERSION) return Error{"stale: another kiosk version"};
    for (const std::string& expected : environmentLines())
        if (!std::getline(in, line) || line != expected) return Error{"stale: the environment changed (" + expected.substr(4) + ")"};
    ScriptFaces faces;
    std::size_t records = 0;
    bool ended = false;
    while (std::getline(in, line)) {
        if (ended) return Error{"corrupt: text after the end"};
        const std::string kind = line.substr(0, line.find('\t'));
        if (kind == "stamp") {
            const auto parts = fields(line, 4);
            long long ns = 0, bytes = 0;
            if (parts.size() != 4 || !parseInt(parts[1], ns) || !parseInt(parts[2], bytes)) return Error{"corrupt: " + line};
            if (stampOf(parts[3]) != parts[1] + "\t" + parts[2]) return Error{"stale: " + parts[3] + " changed"};
            ++records;
        } else if (kind == "face") {
            const auto parts = fields(line, 6);
            long long index = 0, factor = 0;
            if (parts.size() != 6 || (parts[1] != "regular" && parts[1] != "bold") || !parseInt(parts[2], index) ||
                !parseInt(parts[3], factor) || index < 0 || index > 65535 || factor <= 0 || factor > 10000 || parts[5].empty())
                return Error{"corrupt: " + line};
            FaceSpec face;
            face.index = static_cast<int>(index);
            face.sizeFactor = static_cast<float>(factor) / 1000.0f;
            face.language = parts[4];
            face.file = parts[5];
            (parts[1] == "bold" ? faces.bold : faces.regular).push_back(std::move(face));
            ++records;
        } else if (kind == "end") {
            long long count = 0;
            if (!parseInt(line.substr(4), count) || static_cast<std::size_t>(count) != records) return Error{"corrupt: truncated"};
            ended = true;
        } else {
            return Error{"corrupt: " + line.substr(0, 80)};
        }
    }
    if (!ended) return Error{"corrupt: truncated"};
    faces.fromCache = true;
    return faces;
}

void writeCache(const std::filesystem::path& file, const std::string& text) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    const std::filesystem::path temporary = file.string() + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) {
            std::filesystem::remove(temporary, error);
            log::warnOnce("font-faces-cache-write", file.string() + ": cannot write the font faces cache");
            return;
        }
    }
    // No fsync: a file lost or torn by a power cut is "missing" or "corrupt" and written again.
    std::filesystem::rename(temporary, file, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        log::warnOnce("font-faces-cache-write", file.string() + ": cannot write the font faces cache");
    }
}

} // namespace

ScriptFaces findScriptFacesCached(const std::filesystem::path& cacheFile) {
    std::string note = "no cache file";
    if (!cacheFile.empty()) {
        auto cached = readCache(cacheFile);
        if (cached) return std::move(*cached);
        note = cached.error();
        if (note.rfind("missing", 0) != 0) log::info("font faces cache " + cacheFile.string() + ": " + note + "; asking fontconfig");
    }
    ScriptFaces faces;
    faces.regular = findScriptFaces(false);
    faces.bold = findScriptFaces(true);
    faces.note = note;
    if (!cacheFile.empty()) writeCache(cacheFile, encode(faces));
    return faces;
}

} // namespace kiosk::text
