#include <doctest/doctest.h>

#include "kiosk/core/utf8.h"

using namespace kiosk;

TEST_SUITE("core.utf8") {

TEST_CASE("valid text in many scripts round-trips") {
    const std::string text = "Silk 丝绸 حرير ผ้าไหม Шёлк lụa 😀";
    CHECK(utf8::isValid(text));
    CHECK(utf8::encode(utf8::decode(text)) == text);
}

TEST_CASE("invalid sequences are found and replaced, never crash") {
    CHECK(utf8::firstInvalid("ab\xC3") == 2);               // truncated
    CHECK(utf8::firstInvalid("\xC0\xAF") == 0);             // overlong
    CHECK(utf8::firstInvalid("\xED\xA0\x80") == 0);         // surrogate
    CHECK(utf8::firstInvalid("\xF4\x90\x80\x80") == 0);     // beyond U+10FFFF
    CHECK(utf8::sanitize("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
    CHECK(utf8::decode("\xFF\xFE").size() == 2);
}

}
