#include "process_runner.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <fstream>
#include <sstream>

namespace kiosk::test {

namespace {
std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}
} // namespace

ProcessResult runKiosk(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    std::string command = "env";
    for (const auto& e : env) command += " " + shellQuote(e);
    command += " " + shellQuote(KIOSK_EXECUTABLE);
    for (const auto& a : args) command += " " + shellQuote(a);
    command += " 2>&1";
    ProcessResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

BackgroundProcess startProcess(const std::vector<std::string>& args, const std::vector<std::string>& env,
                               const std::string& program) {
    static int counter = 0;
    BackgroundProcess process;
    process.outputFile = std::filesystem::temp_directory_path() /
                         ("kiosk-test-" + std::to_string(getpid()) + "-bg-" + std::to_string(++counter) + ".log");
    const std::string exe = program.empty() ? std::string(KIOSK_EXECUTABLE) : program;
    const pid_t pid = fork();
    if (pid == 0) {
        const int out = open(process.outputFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0) { dup2(out, 1); dup2(out, 2); close(out); }
        for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(exe.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execvp(exe.c_str(), argv.data());
        _exit(127);
    }
    process.pid = pid;
    return process;
}

namespace {
std::string readWhole(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}
} // namespace

bool processRunning(BackgroundProcess& process) {
    if (process.pid <= 0 || process.waitStatus >= 0) return false;
    int status = 0;
    if (waitpid(process.pid, &status, WNOHANG) == 0) return true;
    process.waitStatus = status;
    return false;
}

ProcessResult stopProcess(BackgroundProcess& process, int signal, int timeoutMs) {
    ProcessResult result;
    if (process.pid <= 0) return result;
    int status = process.waitStatus;
    pid_t done = status >= 0 ? process.pid : 0;
    if (signal != 0 && done == 0) kill(process.pid, signal);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (done == 0 && (done = waitpid(process.pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (done == 0) {
        kill(process.pid, SIGKILL);
        waitpid(process.pid, &status, 0);
        result.output = "(did not exit in time: killed)\n";
    }
    if (done >= 0) result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.output += readWhole(process.outputFile);
    process.pid = -1;
    return result;
}

ProcessResult runShell(const std::string& command) {
    ProcessResult result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::filesystem::path scratchDir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("kiosk-test-" + std::to_string(getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path writeFile(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

} // namespace kiosk::test
