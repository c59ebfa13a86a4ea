// Loads an exhibition authoring folder into an immutable snapshot.
// The kiosk and kiosk-publish use the same loader: a bad item is left out and reported,
// the rest of the exhibition loads.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/content_model.h"

namespace kiosk {

enum class Severity { Warning, Error };

struct ContentProblem {
    std::string file;     // relative to the exhibition folder
    int line = 0;         // 1-based; 0 when unknown
    int column = 0;       // 1-based; 0 when unknown
    Severity severity = Severity::Error;
    std::string message;

    // "file:line:column: error: message" (line/column left out when unknown)
    std::string toString() const;
};

struct ContentLoadResult {
    ContentSnapshot snapshot;                  // null when the exhibition itself is unusable
    std::vector<ContentProblem> problems;
    bool hasErrors() const;
};

ContentLoadResult loadExhibition(const std::filesystem::path& folder);

} // namespace kiosk
