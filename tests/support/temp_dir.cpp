#include "tests/support/temp_dir.h"

#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

namespace kiosk::testing {

namespace {
std::filesystem::path testFolder(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("kiosk-test-" + std::to_string(::getpid()) + "-" + name);
}
} // namespace

TempDir::TempDir(const std::string& name) {
    std::random_device device;
    path = testFolder(name + "-" + std::to_string(device()) + std::to_string(device()));
    std::filesystem::create_directories(path);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
}

std::filesystem::path scratchDir(const std::string& name) {
    const auto dir = testFolder(name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path writeFile(const std::filesystem::path& file, const std::string& text) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace kiosk::testing
