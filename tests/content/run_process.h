// Runs a program and captures its output (for the tests that drive the executables).
#pragma once
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace content_test {

struct ProcessResult {
    int exitCode = -1;
    std::string output;   // stdout, with stderr appended when asked
};

// `command` is passed to /bin/sh; arguments must already be quoted.
inline ProcessResult runProcess(const std::string& command) {
    ProcessResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

} // namespace content_test
