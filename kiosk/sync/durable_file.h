// Writing files so that a power cut leaves either the old or the new contents, never a mix:
// write a temporary file, fsync it, rename it over the target, fsync the folder.
// Also the crash-point hook the crash tests use to SIGKILL a sync at every durable step.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace kiosk::sync {

Result<bool> writeFileDurably(const std::filesystem::path& file, std::string_view bytes);
Result<bool> fsyncFile(const std::filesystem::path& file);
Result<bool> fsyncDirectory(const std::filesystem::path& dir);
Result<std::string> readWholeFile(const std::filesystem::path& file, std::uintmax_t maxBytes);

// Called between durable steps with a short name ("object adopted", "pointer switched", ...).
// Tests install a hook that kills the process at the N-th call; normally nothing is installed.
void setCrashPointHook(std::function<void(const char* step)> hook);
void crashPoint(const char* step);

} // namespace kiosk::sync
