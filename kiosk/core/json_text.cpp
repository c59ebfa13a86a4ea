#include "kiosk/core/json_text.h"

namespace kiosk {
namespace {

using nlohmann::json;

// A SAX handler that builds nothing and only remembers where the parser gave up: used after a
// parse failed with an exception that carries no position (out_of_range 406 and friends).
class ErrorLocator final : public nlohmann::json_sax<json> {
public:
    std::size_t offset = 0;
    bool failed = false;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        // `position` counts the characters read, the offending token included.
        offset = position;
        failed = true;
        return false;
    }
};

// "[json.exception.parse_error.101] parse error at line 4, column 9: MESSAGE" -> "MESSAGE";
// "[json.exception.out_of_range.406] number overflow parsing '1e999'" -> "number overflow ...".
std::string plainMessage(const char* what) {
    std::string message = what;
    if (const auto bracket = message.find("] "); message.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos)
        message = message.substr(bracket + 2);
    if (message.rfind("parse error", 0) == 0)
        if (const auto colon = message.find(": "); colon != std::string::npos) message = message.substr(colon + 2);
    return message;
}

} // namespace

bool jsonNestsDeeperThan(std::string_view text, int maxDepth) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') ++i;
            else if (c == '"') inString = false;
            continue;
        }
        if (c == '"') inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > maxDepth) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

ParsedJson parseJsonText(std::string_view text, int maxDepth) {
    ParsedJson out;
    if (jsonNestsDeeperThan(text, maxDepth)) {
        out.error = JsonTextError{0, "JSON nested deeper than " + std::to_string(maxDepth) + " levels"};
        return out;
    }
    try {
        out.value = json::parse(text.begin(), text.end());
        return out;
    } catch (const json::parse_error& e) {
        // e.byte is the 1-based position of the error.
        out.error = JsonTextError{e.byte ? e.byte - 1 : 0, plainMessage(e.what())};
    } catch (const json::exception& e) {
        // out_of_range (a number beyond a double), or anything else a future version throws:
        // parse again with a handler that only records the position.
        ErrorLocator locator;
        try {
            json::sax_parse(text.begin(), text.end(), &locator);
        } catch (const std::exception&) {
        }
        out.error = JsonTextError{locator.failed && locator.offset ? locator.offset - 1 : 0, plainMessage(e.what())};
    }
    out.value = nullptr;
    return out;
}

} // namespace kiosk
