// Prints char32_t strings as UTF-8 in doctest messages.
#pragma once
#include <string>

#include <doctest/doctest.h>

#include "kiosk/core/utf8.h"

namespace doctest {
template <>
struct StringMaker<std::u32string> {
    static String convert(const std::u32string& text) { return ("\"" + kiosk::utf8::encode(text) + "\"").c_str(); }
};
} // namespace doctest
