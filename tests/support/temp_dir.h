// Temporary folders for tests: one naming scheme (kiosk-test-<pid>-<name>...) under the system's
// temporary directory.
#pragma once
#include <filesystem>
#include <string>

namespace kiosk::testing {

// A fresh empty folder for one test, removed (with everything in it) when the object goes.
struct TempDir {
    explicit TempDir(const std::string& name = "tmp");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path path;
};

// A fresh empty folder named after `name`, kept after the test (its screenshots and logs can be
// looked at); emptied again when a later run of the same test asks for it.
std::filesystem::path scratchDir(const std::string& name);

// Writes `text` to `file` (creating its folder) and returns the path.
std::filesystem::path writeFile(const std::filesystem::path& file, const std::string& text);
// The whole file; empty when it cannot be read.
std::string readFile(const std::filesystem::path& file);

} // namespace kiosk::testing
