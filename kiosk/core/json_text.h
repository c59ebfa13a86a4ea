// Parsing JSON that comes from outside the kiosk (content, UI strings, manifests, key lists)
// without ever letting an exception out. nlohmann-json throws parse_error for bad syntax but
// also out_of_range (406) for a number that overflows a double ("1e999"), which a catch of
// parse_error alone misses and which used to terminate the kiosk. Every JSON parser of
// outside input goes through parseJsonText().
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kiosk {

struct JsonTextError {
    std::size_t offset = 0;   // byte offset of the offending token (0-based)
    std::string message;      // without nlohmann's "[json.exception...]" prefix
};

struct ParsedJson {
    nlohmann::json value;                  // null when error is set
    std::optional<JsonTextError> error;
};

// Parses `text` as one JSON document. Never throws for any input: syntax errors, numbers out
// of range and nesting deeper than `maxDepth` arrays/objects (checked before the parser
// allocates anything) come back as `error`. The text must already be size-limited by the caller.
ParsedJson parseJsonText(std::string_view text, int maxDepth);

// True when arrays/objects in `text` nest deeper than `maxDepth` (strings are skipped; the
// text need not be valid JSON). One pass, no allocation.
bool jsonNestsDeeperThan(std::string_view text, int maxDepth);

} // namespace kiosk
