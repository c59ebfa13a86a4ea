// Runs the kiosk executable as a child process and collects its exit code and output.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::test {

struct ProcessResult {
    int exitCode = -1;
    std::string output;   // stdout and stderr together
};

// Runs KIOSK_EXECUTABLE with these arguments; `env` entries are "NAME=value" added to the environment.
ProcessResult runKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// A fresh empty directory for one test.
std::filesystem::path scratchDir(const std::string& name);
// Writes text to a file and returns its path.
std::filesystem::path writeFile(const std::filesystem::path& file, const std::string& text);

} // namespace kiosk::test
