#include "kiosk/core/boot_attempts.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

#include "kiosk/core/json_text.h"
#include "kiosk/core/limits.h"

namespace kiosk {
namespace {

constexpr std::uintmax_t kMaxBootAttemptsFileBytes = 64 * 1024;
constexpr int kMaxBootAttemptsJsonDepth = 4;

Result<bool> fsyncPath(const std::filesystem::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return Error{path.string() + ": " + std::strerror(errno)};
    const int rc = ::fsync(fd);
    const int fsyncErrno = errno;
    ::close(fd);
    if (rc != 0) return Error{path.string() + ": fsync: " + std::strerror(fsyncErrno)};
    return true;
}

} // namespace

bool BootAttempts::isBad(std::uint64_t release) const {
    return std::binary_search(badVersions.begin(), badVersions.end(), release);
}

bool startsExhausted(const BootAttempts& state, std::uint64_t release) {
    return release != 0 && state.version == release && state.failedStarts >= limits::kFailedStartsBeforeReleaseIsBad;
}

void markBad(BootAttempts& state, std::uint64_t release) {
    if (state.isBad(release)) return;
    state.badVersions.insert(std::upper_bound(state.badVersions.begin(), state.badVersions.end(), release), release);
}

void recordStartAttempt(BootAttempts& state, std::uint64_t release) {
    if (state.version != release) {
        state.version = release;
        state.failedStarts = 0;
    }
    if (state.failedStarts < limits::kFailedStartsBeforeReleaseIsBad) ++state.failedStarts;
}

void recordFirstFrame(BootAttempts& state) { state.failedStarts = 0; }

std::string serializeBootAttempts(const BootAttempts& state) {
    std::string out = "{\"version\": " + std::to_string(state.version) +
                      ", \"failed_starts\": " + std::to_string(state.failedStarts) + ", \"bad_versions\": [";
    for (std::size_t i = 0; i < state.badVersions.size(); ++i)
        out += (i ? ", " : "") + std::to_string(state.badVersions[i]);
    return out + "]}\n";
}

BootAttempts parseBootAttempts(std::string_view text) {
    BootAttempts state;
    if (text.size() > kMaxBootAttemptsFileBytes) return state;
    const auto parsed = parseJsonText(text, kMaxBootAttemptsJsonDepth);
    if (parsed.error || !parsed.value.is_object()) return state;
    const auto& doc = parsed.value;
    if (const auto it = doc.find("version"); it != doc.end() && it->is_number_unsigned())
        state.version = it->get<std::uint64_t>();
    if (const auto it = doc.find("failed_starts"); it != doc.end() && it->is_number_unsigned())
        state.failedStarts = static_cast<int>(std::min<std::uint64_t>(it->get<std::uint64_t>(),
                                                                       limits::kFailedStartsBeforeReleaseIsBad));
    if (const auto it = doc.find("bad_versions"); it != doc.end() && it->is_array())
        for (const auto& value : *it)
            if (value.is_number_unsigned() && value.get<std::uint64_t>() > 0) markBad(state, value.get<std::uint64_t>());
    return state;
}

std::filesystem::path bootAttemptsFile(const std::filesystem::path& dataDir) { return dataDir / "boot-attempts.json"; }

BootAttempts readBootAttempts(const std::filesystem::path& dataDir) {
    const auto file = bootAttemptsFile(dataDir);
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size > kMaxBootAttemptsFileBytes) return {};
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parseBootAttempts(text);
}

Result<bool> writeBootAttempts(const std::filesystem::path& dataDir, const BootAttempts& state) {
    std::error_code ec;
    std::filesystem::create_directories(dataDir, ec);
    if (ec) return Error{dataDir.string() + ": " + ec.message()};
    const auto file = bootAttemptsFile(dataDir);
    auto temporary = file;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << serializeBootAttempts(state);
        out.flush();
        if (!out) return Error{temporary.string() + ": cannot write"};
    }
    if (auto synced = fsyncPath(temporary, O_RDONLY); !synced) return synced;
    std::filesystem::rename(temporary, file, ec);
    if (ec) return Error{file.string() + ": " + ec.message()};
    return fsyncPath(dataDir, O_RDONLY | O_DIRECTORY);
}

} // namespace kiosk
