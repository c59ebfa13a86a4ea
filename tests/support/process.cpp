#include "tests/support/process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>

#include "tests/support/temp_dir.h"

namespace kiosk::testing {

namespace {

BackgroundProcess start(const std::string& program, const std::vector<std::string>& args, const std::vector<std::string>& env,
                        bool keepOutput) {
    static std::atomic<int> counter{0};
    BackgroundProcess process;
    if (keepOutput)
        process.outputFile = std::filesystem::temp_directory_path() /
                             ("kiosk-test-" + std::to_string(::getpid()) + "-process-" + std::to_string(++counter) + ".log");
    // Everything the child needs is prepared before fork(): after it only async-signal-safe calls.
    std::vector<std::string> environment = env;
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string outputPath = keepOutput ? process.outputFile.string() : std::string("/dev/null");
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out = ::open(outputPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0) { ::dup2(out, 1); ::dup2(out, 2); ::close(out); }
        for (auto& e : environment) ::putenv(e.data());
        ::execvp(program.c_str(), argv.data());
        ::_exit(127);
    }
    process.pid = pid;
    return process;
}

int exitCodeOf(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

} // namespace

BackgroundProcess startProcess(const std::string& program, const std::vector<std::string>& args,
                               const std::vector<std::string>& env) {
    return start(program, args, env, true);
}

BackgroundProcess startQuiet(const std::vector<std::string>& commandLine) {
    if (commandLine.empty()) return {};
    return start(commandLine[0], std::vector<std::string>(commandLine.begin() + 1, commandLine.end()), {}, false);
}

bool processRunning(BackgroundProcess& process) {
    if (process.pid <= 0 || process.waitStatus >= 0) return false;
    int status = 0;
    if (::waitpid(process.pid, &status, WNOHANG) == 0) return true;
    process.waitStatus = status;
    return false;
}

ProcessResult stopProcess(BackgroundProcess& process, int signal, int timeoutMs) {
    ProcessResult result;
    if (process.pid <= 0) return result;
    int status = process.waitStatus;
    pid_t done = status >= 0 ? process.pid : 0;
    if (signal != 0 && done == 0) ::kill(process.pid, signal);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (done == 0 && (done = ::waitpid(process.pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (done == 0) {
        ::kill(process.pid, SIGKILL);
        ::waitpid(process.pid, &status, 0);
        result.timedOut = true;
        result.output = "(did not exit within " + std::to_string(timeoutMs) + " ms: killed)\n";
    }
    if (done >= 0) result.exitCode = exitCodeOf(status);
    process.waitStatus = status;
    if (!process.outputFile.empty()) {
        result.output += readFile(process.outputFile);
        std::error_code ignored;
        std::filesystem::remove(process.outputFile, ignored);
    }
    process.pid = -1;
    return result;
}

int waitExit(BackgroundProcess process, int timeoutMs) {
    const ProcessResult result = stopProcess(process, 0, timeoutMs);
    const int status = process.waitStatus;
    if (result.exitCode < 0) return result.exitCode;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

ProcessResult runProgram(const std::string& program, const std::vector<std::string>& args, const std::vector<std::string>& env,
                         int timeoutMs) {
    BackgroundProcess process = startProcess(program, args, env);
    if (process.pid < 0) return {};
    return stopProcess(process, 0, timeoutMs);
}

ProcessResult runShell(const std::string& command, int timeoutMs) {
    return runProgram("/bin/sh", {"-c", "(" + command + "\n) 2>&1"}, {}, timeoutMs);
}

std::string shellQuoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

} // namespace kiosk::testing
