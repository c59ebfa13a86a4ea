// Test helpers: a scratch copy of the good fixture with a bad fixture laid over it.
#pragma once
#include <filesystem>
#include <string>
#include <unistd.h>

namespace content_test {

namespace fs = std::filesystem;

inline fs::path fixturesDir() { return fs::path(KIOSK_SOURCE_DIR) / "tests/fixtures/content"; }

// A temporary folder removed when the object goes away.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name) {
        path_ = fs::temp_directory_path() / ("kiosk-content-" + name + "-" + std::to_string(::getpid()) + "-" +
                                             std::to_string(counter()++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    static int& counter() {
        static int value = 0;
        return value;
    }
    fs::path path_;
};

// Copies the good fixture into `dir/exhibition`, then the named bad overlay over it.
inline fs::path makeExhibition(const ScratchDir& dir, const std::string& overlay = "") {
    const fs::path target = dir.path() / "exhibition";
    fs::copy(fixturesDir() / "good", target, fs::copy_options::recursive);
    if (!overlay.empty())
        fs::copy(fixturesDir() / "bad" / overlay, target,
                 fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    return target;
}

} // namespace content_test
