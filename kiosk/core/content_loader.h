// Loads an exhibition authoring folder into an immutable snapshot.
// The kiosk and kiosk-publish use the same loader: a bad item is left out and reported,
// the rest of the exhibition loads. Field-level problems name the line of the offending key.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/content_model.h"
#include "kiosk/core/limits.h"

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

// A text that exists in some language but not in `language`: the kiosk shows it in
// `fallsBackTo` (through the exhibition's fallback chains) instead.
struct MissingTranslation {
    std::string language;
    std::string file;        // relative to the exhibition folder
    int line = 0;
    std::string field;       // JSON pointer inside the file, e.g. "/images/0/caption"
    std::string fallsBackTo; // the language shown instead
};

// An item folder whose item.json has errors that leave the item out (the kiosk does not show
// it; the preview shows a marked placeholder card in its place).
struct BrokenItem {
    std::string folder;      // the item folder's name (usually its id)
    std::string category;    // its category id when it could be read, else empty
    LocalizedText title;     // its title when it could be read
    ContentProblem firstError;
};

// A text a visitor can see, where it is: for the translation round trip.
struct ContentText {
    std::string file;        // relative to the exhibition folder
    int line = 0;
    std::string field;       // JSON pointer inside the file, e.g. "/images/0/caption"
    LocalizedText text;      // "*" alone: a plain string, shown in every language
};

struct ContentLoadOptions {
    // Decode every referenced image (the checker does; the kiosk decodes lazily and shows
    // a placeholder for images that fail).
    bool decodeImages = false;
    long long maxImagePixels = limits::kMaxImagePixels;
};

struct ContentLoadResult {
    ContentSnapshot snapshot;                  // null when the exhibition itself is unusable
    std::vector<ContentProblem> problems;
    std::vector<MissingTranslation> missingTranslations;   // declared languages only
    std::vector<ContentText> texts;            // every text read, in file order
    std::vector<BrokenItem> brokenItems;       // items left out because of errors, by folder name
    // Every file the exhibition uses (absolute paths): the JSON and CSV files read and the
    // images referenced. `kiosk-publish build` publishes these and nothing else.
    std::vector<std::filesystem::path> referencedFiles;
    bool hasErrors() const;
};

ContentLoadResult loadExhibition(const std::filesystem::path& folder, const ContentLoadOptions& options = {});

} // namespace kiosk
