// Input scripts: a plain-text list of commands, one a line, '#' comments.
//   wait MS | tap X Y | tap "LABEL" | drag X1 Y1 X2 Y2 MS | swipe "LABEL" left|right|up|down [MS]
//   | shot FILE.png | expect SCREEN [SUBJECT] | key NAME
//   | offer DIR (a new exhibition folder offered, as sync offers a release: shown at an idle moment)
// `swipe` drags a finger across the labelled target (the item's "gallery", a category's grid),
// through its centre over 60 % of its width (left, right) or height (up, down): the same
// gesture in every layout and reading direction, where a drag's pixels would miss it.
// Used by tests, benchmarks and curators to drive the kiosk headless.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk {

struct ScriptCommand {
    enum class Kind { Wait, TapAt, TapLabel, Drag, Swipe, Shot, Expect, Key, Offer };
    Kind kind = Kind::Wait;
    int line = 0;            // 1-based line in the script, for messages
    int ms = 0;              // wait, drag and swipe duration
    float x1 = 0, y1 = 0, x2 = 0, y2 = 0;   // tap, drag; swipe: the direction (x2, y2): (-1, 0) is left
    std::string text;        // label, file, screen, key name or folder
    std::string subject;     // expect: the item, category or fact id the screen must show (optional)
};

struct InputScript {
    std::string name;        // file name, for messages
    std::vector<ScriptCommand> commands;
};

// Screen names `expect` accepts.
const std::vector<std::string>& knownScreenNames();
// Key names `key` accepts.
const std::vector<std::string>& knownKeyNames();

// Parses script text; errors name the line: "script.txt:3: unknown command 'tapp'".
Result<InputScript> parseInputScript(std::string_view text, const std::string& name);
Result<InputScript> loadInputScript(const std::filesystem::path& file);

} // namespace kiosk
