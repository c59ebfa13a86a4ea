// A fresh temporary folder for one test, removed afterwards (storage, api and logs tests).
#pragma once
#include <filesystem>
#include <random>
#include <string>

namespace kiosk::storage::testing {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::random_device device;
        path = std::filesystem::temp_directory_path() /
               ("kiosk-storage-test-" + std::to_string(device()) + std::to_string(device()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

} // namespace kiosk::storage::testing
