#include "kiosk/sync/durable_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

namespace kiosk::sync {
namespace {

std::function<void(const char*)>& crashHook() {
    static std::function<void(const char*)> hook;
    return hook;
}

std::string errnoText(const std::filesystem::path& path, const char* what) {
    return path.string() + ": " + what + ": " + std::strerror(errno);
}

} // namespace

void setCrashPointHook(std::function<void(const char* step)> hook) { crashHook() = std::move(hook); }

void crashPoint(const char* step) {
    if (crashHook()) crashHook()(step);
}

Result<bool> fsyncFile(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{errnoText(file, "cannot open for fsync")};
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return Error{errnoText(file, "fsync failed")};
    return true;
}

Result<bool> fsyncDirectory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Error{errnoText(dir, "cannot open folder for fsync")};
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return Error{errnoText(dir, "fsync of folder failed")};
    return true;
}

Result<bool> writeFileDurably(const std::filesystem::path& file, std::string_view bytes) {
    const std::filesystem::path temp = file.string() + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Error{errnoText(temp, "cannot create")};
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string message = errnoText(temp, "write failed");
            ::close(fd);
            ::unlink(temp.c_str());
            return Error{message};
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const std::string message = errnoText(temp, "fsync failed");
        ::close(fd);
        ::unlink(temp.c_str());
        return Error{message};
    }
    ::close(fd);
    crashPoint("temporary file written");
    if (::rename(temp.c_str(), file.c_str()) != 0) {
        const std::string message = errnoText(file, "rename failed");
        ::unlink(temp.c_str());
        return Error{message};
    }
    crashPoint("file renamed");
    return fsyncDirectory(file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path());
}

Result<std::string> readWholeFile(const std::filesystem::path& file, std::uintmax_t maxBytes) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open"};
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > maxBytes) return Error{file.string() + ": larger than " + std::to_string(maxBytes) + " bytes"};
    }
    return text;
}

} // namespace kiosk::sync
