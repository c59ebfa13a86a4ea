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

// A kiosk (or any program) running in the background, for tests that signal it or look at
// its window while it runs.
struct BackgroundProcess {
    int pid = -1;
    std::filesystem::path outputFile;   // stdout and stderr
    int waitStatus = -1;                // set once the exit was collected
};
// Starts `program` (KIOSK_EXECUTABLE when empty) with `args`; `env` entries are added.
BackgroundProcess startProcess(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                               const std::string& program = "");
// True while the process has not exited.
bool processRunning(BackgroundProcess& process);
// Sends `signal` (0: none) and waits up to `timeoutMs` for the exit; then SIGKILL. Returns the
// exit code (128 + signal when killed by one) and the output.
ProcessResult stopProcess(BackgroundProcess& process, int signal, int timeoutMs);
// Kills a background process still running when a test ends early (a failed REQUIRE).
struct StopOnExit {
    BackgroundProcess& process;
    ~StopOnExit() { if (process.pid > 0) stopProcess(process, 9, 5000); }
};
// Runs a shell command line and returns its exit code and output.
ProcessResult runShell(const std::string& command);

// A fresh empty directory for one test.
std::filesystem::path scratchDir(const std::string& name);
// Writes text to a file and returns its path.
std::filesystem::path writeFile(const std::filesystem::path& file, const std::string& text);

} // namespace kiosk::test
