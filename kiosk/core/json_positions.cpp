#include "kiosk/core/json_positions.h"

#include <set>

#include "kiosk/core/utf8.h"

namespace kiosk {

TextPosition positionOfOffset(std::string_view text, std::size_t offset) {
    TextPosition position{1, 1};
    const std::size_t end = offset < text.size() ? offset : text.size();
    for (std::size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') { ++position.line; position.column = 1; }
        else if ((c & 0xC0) != 0x80) ++position.column;   // count code points, not bytes
    }
    return position;
}

std::string appendPointer(std::string_view pointer, std::string_view token) {
    std::string out(pointer);
    out += '/';
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

namespace {

// A cursor over the text that keeps line and column up to date as it moves.
class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;   // a UTF-8 byte-order mark is not a column
    }
    bool atEnd() const { return pos_ >= text_.size(); }
    char peek() const { return atEnd() ? '\0' : text_[pos_]; }
    TextPosition position() const { return position_; }
    void advance() {
        if (atEnd()) return;
        const auto c = static_cast<unsigned char>(text_[pos_++]);
        if (c == '\n') { ++position_.line; position_.column = 1; }
        else if ((c & 0xC0) != 0x80) ++position_.column;
    }
    void skipWhitespace() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) advance();
    }
    // Reads a string starting at the opening quote; decodes the escapes JSON allows.
    bool readString(std::string* out) {
        advance();   // opening quote
        while (!atEnd()) {
            const char c = peek();
            if (c == '"') { advance(); return true; }
            if (c == '\\') {
                advance();
                const char e = peek();
                advance();
                if (e == 'u') {
                    char32_t unit = 0;
                    if (!readHex4(unit)) return false;
                    if (unit >= 0xD800 && unit <= 0xDBFF && peek() == '\\') {
                        advance();
                        if (peek() != 'u') return false;
                        advance();
                        char32_t low = 0;
                        if (!readHex4(low)) return false;
                        if (low >= 0xDC00 && low <= 0xDFFF) unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    }
                    if (out) utf8::append(*out, unit);
                } else if (out) {
                    switch (e) {
                    case 'n': *out += '\n'; break;
                    case 't': *out += '\t'; break;
                    case 'r': *out += '\r'; break;
                    case 'b': *out += '\b'; break;
                    case 'f': *out += '\f'; break;
                    default: *out += e; break;   // \" \\ \/
                    }
                }
                continue;
            }
            if (out) *out += c;
            advance();
        }
        return false;
    }
    // Numbers and literals: everything up to a delimiter. False when nothing was read.
    bool skipScalar() {
        const std::size_t start = pos_;
        while (!atEnd()) {
            const char c = peek();
            if (c == ',' || c == ']' || c == '}' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                c == '"' || c == '{' || c == '[')
                break;
            advance();
        }
        return pos_ > start;
    }

private:
    bool readHex4(char32_t& out) {
        for (int i = 0; i < 4; ++i) {
            const char h = peek();
            int digit = -1;
            if (h >= '0' && h <= '9') digit = h - '0';
            else if (h >= 'a' && h <= 'f') digit = h - 'a' + 10;
            else if (h >= 'A' && h <= 'F') digit = h - 'A' + 10;
            if (digit < 0) return false;
            out = out * 16 + static_cast<char32_t>(digit);
            advance();
        }
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    TextPosition position_{1, 1};
};

struct Frame {
    bool object = false;
    std::string pointer;
    int index = 0;                 // arrays: index of the current element
    std::set<std::string> keys;    // objects: keys seen so far
};

enum class Expect { Value, ValueOrEnd, Key, KeyOrEnd, Colon, CommaOrEnd };

} // namespace

JsonPositions JsonPositions::scan(std::string_view text, int maxDepth) {
    JsonPositions out;
    Cursor cursor(text);
    std::vector<Frame> stack;   // explicit stack: deep nesting cannot overflow the call stack
    std::string valuePointer;   // pointer of the value about to be read
    bool valueIsMember = false; // members are recorded at their key, not their value
    Expect expect = Expect::Value;

    const auto afterValue = [&] { expect = Expect::CommaOrEnd; };
    while (true) {
        cursor.skipWhitespace();
        if (cursor.atEnd()) break;
        const char c = cursor.peek();
        switch (expect) {
        case Expect::ValueOrEnd:
            if (c == ']') {
                cursor.advance();
                stack.pop_back();
                if (stack.empty()) return out;
                afterValue();
                continue;
            }
            [[fallthrough]];
        case Expect::Value: {
            if (!valueIsMember) out.positions_.emplace(valuePointer, cursor.position());
            valueIsMember = false;
            if (c == '{' || c == '[') {
                if (static_cast<int>(stack.size()) >= maxDepth) { out.tooDeep_ = true; return out; }
                cursor.advance();
                stack.push_back(Frame{c == '{', valuePointer, 0, {}});
                if (c == '{') expect = Expect::KeyOrEnd;
                else { expect = Expect::ValueOrEnd; valuePointer = appendPointer(stack.back().pointer, "0"); }
                continue;
            }
            const bool ok = c == '"' ? cursor.readString(nullptr) : cursor.skipScalar();
            if (!ok) return out;
            if (stack.empty()) return out;
            afterValue();
            continue;
        }
        case Expect::KeyOrEnd:
            if (c == '}') {
                cursor.advance();
                stack.pop_back();
                if (stack.empty()) return out;
                afterValue();
                continue;
            }
            [[fallthrough]];
        case Expect::Key: {
            if (c != '"') return out;
            const TextPosition keyPosition = cursor.position();
            std::string key;
            if (!cursor.readString(&key)) return out;
            Frame& frame = stack.back();
            valuePointer = appendPointer(frame.pointer, key);
            if (!frame.keys.insert(key).second) out.duplicates_.push_back({valuePointer, keyPosition});
            out.positions_[valuePointer] = keyPosition;   // the last one wins, as in the parser
            valueIsMember = true;
            expect = Expect::Colon;
            continue;
        }
        case Expect::Colon:
            if (c != ':') return out;
            cursor.advance();
            expect = Expect::Value;
            continue;
        case Expect::CommaOrEnd: {
            Frame& frame = stack.back();
            if (c == ',') {
                cursor.advance();
                if (frame.object) expect = Expect::Key;
                else {
                    ++frame.index;
                    valuePointer = appendPointer(frame.pointer, std::to_string(frame.index));
                    expect = Expect::Value;
                }
                continue;
            }
            if (c == (frame.object ? '}' : ']')) {
                cursor.advance();
                stack.pop_back();
                if (stack.empty()) return out;
                continue;   // still CommaOrEnd, now in the parent
            }
            return out;
        }
        }
    }
    return out;
}

TextPosition JsonPositions::find(std::string_view pointer) const {
    const auto it = positions_.find(std::string(pointer));
    return it == positions_.end() ? TextPosition{} : it->second;
}

} // namespace kiosk
