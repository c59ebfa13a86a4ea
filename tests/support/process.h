// Running programs from tests, always with a time limit: a program that hangs is killed
// (SIGKILL) and the test fails on its exit code instead of hanging CI.
#pragma once
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::testing {

// The limit for a program a test runs to its end (generous: the sanitizer build on a loaded machine).
inline constexpr int kDefaultProcessTimeoutMs = 300000;

struct ProcessResult {
    int exitCode = -1;    // 128 + signal when a signal ended it; -1 when it could not start
    std::string output;   // stdout and stderr together
    bool timedOut = false;
};

// Runs `program` with `args` (no shell) until it exits or `timeoutMs` pass; `env` entries
// ("NAME=value") are added to the environment.
ProcessResult runProgram(const std::string& program, const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {}, int timeoutMs = kDefaultProcessTimeoutMs);
// Runs a /bin/sh command line (arguments quoted with shellQuoted()), stdout and stderr together
// unless the command redirects them itself (e.g. 2>/dev/null).
ProcessResult runShell(const std::string& command, int timeoutMs = kDefaultProcessTimeoutMs);
std::string shellQuoted(const std::string& text);

// A program running in the background, for tests that signal it or look at it while it runs.
struct BackgroundProcess {
    pid_t pid = -1;
    std::filesystem::path outputFile;   // stdout and stderr ("" with startQuiet: discarded)
    int waitStatus = -1;                // set once the exit was collected
};
// Starts `program` with `args`; `env` entries are added.
BackgroundProcess startProcess(const std::string& program, const std::vector<std::string>& args,
                               const std::vector<std::string>& env = {});
// Starts `commandLine` (the program, then its arguments) with its output discarded.
BackgroundProcess startQuiet(const std::vector<std::string>& commandLine);
// True while the process has not exited.
bool processRunning(BackgroundProcess& process);
// Sends `signal` (0: none) and waits up to `timeoutMs` for the exit; then SIGKILL. Returns the
// exit code (128 + signal when a signal ended it) and the output.
ProcessResult stopProcess(BackgroundProcess& process, int signal, int timeoutMs);
// Waits up to `timeoutMs` for the exit (then SIGKILL); the exit code, or minus the signal that ended it.
int waitExit(BackgroundProcess process, int timeoutMs = kDefaultProcessTimeoutMs);
// Kills a background process still running when a test ends early (a failed REQUIRE).
struct StopOnExit {
    BackgroundProcess& process;
    ~StopOnExit() { if (process.pid > 0) stopProcess(process, 9, 5000); }
};

} // namespace kiosk::testing
