#include "kiosk/core/json_edit.h"

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/json_text.h"
#include "kiosk/core/limits.h"

namespace kiosk {
namespace {

struct Span {
    std::size_t begin = 0, end = 0;   // [begin, end) of a value in the text
};

struct Member {
    std::string key;
    Span value;
};

// A small reader over a text already known to be valid JSON, that keeps byte offsets.
class SpanReader {
public:
    explicit SpanReader(std::string_view text) : text_(text) {}

    void skipSpace() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }
    // Skips the value at the cursor; returns its span.
    Span skipValue() {
        skipSpace();
        const std::size_t begin = pos_;
        if (pos_ >= text_.size()) return {begin, begin};
        const char c = text_[pos_];
        if (c == '"') skipString();
        else if (c == '{' || c == '[') {
            int depth = 0;
            while (pos_ < text_.size()) {
                const char d = text_[pos_];
                if (d == '"') { skipString(); continue; }
                if (d == '{' || d == '[') ++depth;
                if (d == '}' || d == ']') {
                    --depth;
                    if (depth == 0) { ++pos_; break; }
                }
                ++pos_;
            }
        } else {
            while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']' &&
                   text_[pos_] != ' ' && text_[pos_] != '\n' && text_[pos_] != '\r' && text_[pos_] != '\t')
                ++pos_;
        }
        return {begin, pos_};
    }
    // The members of the object starting at the cursor (which must be '{').
    std::vector<Member> members() {
        std::vector<Member> out;
        ++pos_;   // {
        while (true) {
            skipSpace();
            if (pos_ >= text_.size() || text_[pos_] == '}') { ++pos_; break; }
            if (text_[pos_] == ',') { ++pos_; continue; }
            const Span keySpan = skipValue();
            skipSpace();
            ++pos_;   // :
            Member member;
            member.key = nlohmann::json::parse(text_.substr(keySpan.begin, keySpan.end - keySpan.begin)).get<std::string>();
            member.value = skipValue();
            out.push_back(std::move(member));
        }
        return out;
    }
    std::vector<Span> elements() {
        std::vector<Span> out;
        ++pos_;   // [
        while (true) {
            skipSpace();
            if (pos_ >= text_.size() || text_[pos_] == ']') { ++pos_; break; }
            if (text_[pos_] == ',') { ++pos_; continue; }
            out.push_back(skipValue());
        }
        return out;
    }
    void seek(std::size_t pos) { pos_ = pos; }

private:
    void skipString() {
        ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
        ++pos_;
    }
    std::string_view text_;
    std::size_t pos_ = 0;
};

std::string unescapeToken(std::string_view token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size()) { out += token[i + 1] == '1' ? '/' : '~'; ++i; }
        else out += token[i];
    }
    return out;
}

std::optional<Span> findPointer(std::string_view text, std::string_view pointer) {
    SpanReader reader(text);
    Span current = reader.skipValue();
    std::size_t at = 0;
    while (at < pointer.size()) {
        if (pointer[at] != '/') return std::nullopt;
        const std::size_t next = pointer.find('/', at + 1);
        const std::string token = unescapeToken(pointer.substr(at + 1, next == std::string_view::npos ? std::string_view::npos : next - at - 1));
        at = next == std::string_view::npos ? pointer.size() : next;
        reader.seek(current.begin);
        const char c = text[current.begin];
        bool found = false;
        if (c == '{') {
            for (const auto& member : reader.members())
                if (member.key == token) { current = member.value; found = true; }   // the last one wins, as in the parser
        } else if (c == '[') {
            const auto elements = reader.elements();
            std::size_t index = 0;
            bool digits = !token.empty();
            for (char d : token) {
                if (d < '0' || d > '9') digits = false;
                else index = index * 10 + static_cast<std::size_t>(d - '0');
            }
            if (digits && index < elements.size()) { current = elements[index]; found = true; }
        }
        if (!found) return std::nullopt;
    }
    return current;
}

// The indentation (spaces and tabs) of the line holding `offset`.
std::string indentationAt(std::string_view text, std::size_t offset) {
    std::size_t lineStart = text.rfind('\n', offset);
    lineStart = lineStart == std::string_view::npos ? 0 : lineStart + 1;
    std::size_t end = lineStart;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    return std::string(text.substr(lineStart, end - lineStart));
}

} // namespace

Result<TextEdit> setLanguageText(std::string& json, std::string_view textPointer, std::string_view language,
                                 std::string_view text) {
    if (parseJsonText(json, limits::kMaxJsonNestingDepth).error) return Error{"the file is not valid JSON"};
    const auto map = findPointer(json, textPointer);
    if (!map) return Error{"no text at '" + std::string(textPointer) + "'"};
    if (json[map->begin] != '{')
        return Error{"'" + std::string(textPointer) + "' is not a language map (a plain string is shown in every "
                     "language: write it as {\"en\": \"...\"} to translate it)"};
    const std::string encoded = nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    SpanReader reader(json);
    reader.seek(map->begin);
    const auto members = reader.members();
    for (const auto& member : members) {
        if (member.key != language) continue;
        if (json[member.value.begin] != '"') return Error{"'" + std::string(textPointer) + "/" + std::string(language) + "' is not a string"};
        const std::string old = json.substr(member.value.begin, member.value.end - member.value.begin);
        if (nlohmann::json::parse(old).get<std::string>() == text) return TextEdit::Unchanged;
        json.replace(member.value.begin, member.value.end - member.value.begin, encoded);
        return TextEdit::Changed;
    }
    const std::string memberText = nlohmann::json(std::string(language)).dump() + ": " + encoded;
    if (members.empty()) {
        json.insert(map->begin + 1, memberText);
        return TextEdit::Added;
    }
    const Span last = members.back().value;
    const bool oneLine = json.substr(map->begin, map->end - map->begin).find('\n') == std::string::npos;
    if (oneLine) json.insert(last.end, ", " + memberText);
    else json.insert(last.end, ",\n" + indentationAt(json, last.begin) + memberText);
    return TextEdit::Added;
}

} // namespace kiosk
