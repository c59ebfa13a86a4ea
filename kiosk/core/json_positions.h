// Where things are in a JSON text. nlohmann::json keeps no positions, so the content checker
// scans the text once more and maps JSON pointers ("/images/0/file") to the line and column
// of the member's key (or of the value, for array elements and the root). Field-level
// problems can then name the line a curator has to fix.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kiosk {

struct TextPosition {
    int line = 0;     // 1-based; 0 when unknown
    int column = 0;   // 1-based, in code points
};

// Line and column of a byte offset in a text (columns count UTF-8 code points).
TextPosition positionOfOffset(std::string_view text, std::size_t offset);

// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901).
std::string appendPointer(std::string_view pointer, std::string_view token);

class JsonPositions {
public:
    // Scans a JSON text. Never recurses and never fails: on malformed input (which the real
    // parser reports) or nesting deeper than maxDepth it keeps what it found so far.
    static JsonPositions scan(std::string_view text, int maxDepth);

    // Position of the member key (objects) or value (arrays, root) at `pointer`; {0,0} if unknown.
    TextPosition find(std::string_view pointer) const;

    struct DuplicateKey {
        std::string pointer;
        TextPosition position;   // of the repeated key
    };
    // Keys that appear twice in the same object: JSON parsers keep one of them silently.
    const std::vector<DuplicateKey>& duplicateKeys() const { return duplicates_; }
    bool tooDeep() const { return tooDeep_; }

private:
    std::unordered_map<std::string, TextPosition> positions_;
    std::vector<DuplicateKey> duplicates_;
    bool tooDeep_ = false;
};

} // namespace kiosk
