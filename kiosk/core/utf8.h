// UTF-8 helpers: validation, decoding with replacement, encoding.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Byte offset of the first invalid sequence, or npos when the text is valid UTF-8.
std::size_t firstInvalid(std::string_view text);
bool isValid(std::string_view text);
// Decodes, turning each invalid sequence into U+FFFD.
std::u32string decode(std::string_view text);
void append(std::string& out, char32_t cp);
std::string encode(std::u32string_view text);
// Returns the text with invalid sequences replaced by U+FFFD.
std::string sanitize(std::string_view text);

} // namespace kiosk::utf8
