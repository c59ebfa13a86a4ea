#include "kiosk/core/input_script.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "kiosk/core/limits.h"

namespace kiosk {
namespace {

// Splits a line into words; a "double-quoted" word may hold spaces (\" and \\ escape).
Result<std::vector<std::string>> splitWords(std::string_view line) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        if (i >= line.size() || line[i] == '#') break;
        std::string word;
        if (line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '\\' && i + 1 < line.size()) { word.push_back(line[i + 1]); i += 2; continue; }
                if (line[i] == '"') { closed = true; ++i; break; }
                word.push_back(line[i++]);
            }
            if (!closed) return Error{"unterminated quoted text"};
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') word.push_back(line[i++]);
        }
        words.push_back(std::move(word));
    }
    return words;
}

bool toNumber(const std::string& text, float& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}
bool toInt(const std::string& text, int& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

const std::vector<std::string>& knownScreenNames() {
    static const std::vector<std::string> names = {"attract", "language", "home", "category", "item", "facts", "admin"};
    return names;
}

const std::vector<std::string>& knownKeyNames() {
    static const std::vector<std::string> names = {"escape", "back", "enter", "left", "right", "up", "down", "home",
                                                         "pagedown", "pageup", "tab"};
    return names;
}

Result<InputScript> parseInputScript(std::string_view text, const std::string& name) {
    if (text.size() > limits::kMaxScriptBytes)
        return Error{name + ": script larger than " + std::to_string(limits::kMaxScriptBytes) + " bytes"};
    InputScript script;
    script.name = name;
    std::istringstream in{std::string(text)};
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (lineNumber > limits::kMaxScriptLines) return Error{name + ": script is too long"};
        const auto fail = [&](const std::string& message) { return Error{name + ":" + std::to_string(lineNumber) + ": " + message}; };
        if (line.size() > limits::kMaxScriptLineBytes)
            return fail("line longer than " + std::to_string(limits::kMaxScriptLineBytes) + " bytes");
        auto words = splitWords(line);
        if (!words) return fail(words.error());
        if (words->empty()) continue;
        const std::vector<std::string>& w = *words;
        ScriptCommand command;
        command.line = lineNumber;
        const std::string& verb = w[0];
        if (verb == "wait") {
            command.kind = ScriptCommand::Kind::Wait;
            if (w.size() != 2 || !toInt(w[1], command.ms) || command.ms < 0 || command.ms > limits::kMaxScriptWaitMs)
                return fail("usage: wait MS (milliseconds, 0 to " + std::to_string(limits::kMaxScriptWaitMs) + ")");
        } else if (verb == "tap") {
            if (w.size() == 3) {
                command.kind = ScriptCommand::Kind::TapAt;
                if (!toNumber(w[1], command.x1) || !toNumber(w[2], command.y1) || command.x1 < 0 || command.y1 < 0)
                    return fail("usage: tap X Y (pixels) or tap \"LABEL\"");
            } else if (w.size() == 2) {
                float number;
                if (toNumber(w[1], number)) return fail("usage: tap X Y (pixels) or tap \"LABEL\"");
                command.kind = ScriptCommand::Kind::TapLabel;
                command.text = w[1];
                if (command.text.empty()) return fail("tap needs a non-empty label");
            } else {
                return fail("usage: tap X Y (pixels) or tap \"LABEL\"");
            }
        } else if (verb == "drag") {
            command.kind = ScriptCommand::Kind::Drag;
            if (w.size() != 6 || !toNumber(w[1], command.x1) || !toNumber(w[2], command.y1) ||
                !toNumber(w[3], command.x2) || !toNumber(w[4], command.y2) || !toInt(w[5], command.ms) ||
                command.ms < 0 || command.ms > 60000)
                return fail("usage: drag X1 Y1 X2 Y2 MS");
        } else if (verb == "swipe") {
            command.kind = ScriptCommand::Kind::Swipe;
            const auto usage = [&] { return fail("usage: swipe \"LABEL\" left|right|up|down [MS] (default 300)"); };
            if (w.size() != 3 && w.size() != 4) return usage();
            command.text = w[1];
            if (command.text.empty()) return fail("swipe needs a non-empty label");
            const std::string& direction = w[2];
            if (direction == "left") command.x2 = -1;
            else if (direction == "right") command.x2 = 1;
            else if (direction == "up") command.y2 = -1;
            else if (direction == "down") command.y2 = 1;
            else return usage();
            command.ms = 300;
            if (w.size() == 4 && (!toInt(w[3], command.ms) || command.ms < 0 || command.ms > 60000)) return usage();
        } else if (verb == "shot") {
            command.kind = ScriptCommand::Kind::Shot;
            if (w.size() != 2) return fail("usage: shot FILE.png");
            command.text = w[1];
        } else if (verb == "expect") {
            command.kind = ScriptCommand::Kind::Expect;
            if (w.size() != 2 && w.size() != 3) return fail("usage: expect SCREEN [SUBJECT] (e.g. expect item ne-zha-2)");
            command.text = w[1];
            if (w.size() == 3) command.subject = w[2];
            const auto& names = knownScreenNames();
            if (std::find(names.begin(), names.end(), command.text) == names.end())
                return fail("unknown screen '" + command.text + "' (screens: attract, language, home, category, item, facts, admin)");
        } else if (verb == "key") {
            command.kind = ScriptCommand::Kind::Key;
            if (w.size() != 2) return fail("usage: key NAME");
            command.text = w[1];
            const auto& names = knownKeyNames();
            if (std::find(names.begin(), names.end(), command.text) == names.end())
                return fail("unknown key '" + command.text + "' (keys: escape, back, enter, left, right, up, down, home, pagedown, pageup, tab)");
        } else if (verb == "offer") {
            command.kind = ScriptCommand::Kind::Offer;
            if (w.size() != 2 || w[1].empty()) return fail("usage: offer DIR (an exhibition folder)");
            command.text = w[1];
        } else {
            return fail("unknown command '" + verb + "' (commands: wait, tap, drag, swipe, shot, expect, key, offer)");
        }
        script.commands.push_back(std::move(command));
    }
    return script;
}

Result<InputScript> loadInputScript(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{file.string() + ": cannot open script"};
    std::error_code ec;
    if (const auto size = std::filesystem::file_size(file, ec); !ec && size > limits::kMaxScriptBytes)
        return Error{file.string() + ": script larger than " + std::to_string(limits::kMaxScriptBytes) + " bytes"};
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parseInputScript(buffer.str(), file.string());
}

} // namespace kiosk
