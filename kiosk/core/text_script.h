// Which writing system a text is in, to notice a text typed under the wrong language
// (Arabic pasted into the "en" field, English left in the "zh-Hans" field).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

enum class WritingScript { Unknown, Latin, Arabic, Han, Kana, Hangul, Cyrillic, Greek, Hebrew, Thai, Devanagari };

// English name of a script, for messages ("Arabic").
const char* scriptName(WritingScript script);

// The script a language is normally written in, from its primary subtag ("zh-Hans" -> Han,
// "sr" -> Cyrillic); Unknown for languages this table does not know (no check is made).
WritingScript expectedScript(std::string_view languageCode);

// The script of a letter (code point); Unknown for digits, punctuation, symbols, spaces.
WritingScript scriptOf(char32_t codePoint);

// When `text` under `languageCode` has no letter of the language's script but at least
// kMinForeignLetters letters of one other script, the script it is written in; otherwise none.
// Names, brands and numbers mixed into a text in the right script never trigger it. Latin
// letters under a language of another script count only from kMinForeignLatinLetters on: titles
// and brands are often kept in English ("Black Myth: Wukong" in Russian and Thai), an English
// sentence left in the field is longer.
inline constexpr int kMinForeignLetters = 3;
inline constexpr int kMinForeignLatinLetters = 20;
std::optional<WritingScript> mismatchedScript(std::string_view languageCode, std::string_view text);

} // namespace kiosk
