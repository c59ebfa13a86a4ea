// Editing one text inside a JSON file the way a person would: only the characters of that
// text change; indentation, key order, line breaks and every other byte stay as they were.
// Used by `kiosk-publish translations import` to write translations back into content files.
#pragma once
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace kiosk {

// What setLanguageText() did.
enum class TextEdit { Unchanged, Changed, Added };

// In `json` (a valid JSON text), the value at the JSON pointer `textPointer` must be an object
// of language code -> string (a language map). Sets its member `language` to `text`: replaces
// the string when the member exists, else adds the member after the last one (on the same
// line for a one-line map, on a new line with the same indentation otherwise).
// Errors: no value at the pointer, not a language map, the member is not a string.
Result<TextEdit> setLanguageText(std::string& json, std::string_view textPointer, std::string_view language,
                                 std::string_view text);

} // namespace kiosk
