#include "u32_printer.h"

#include "kiosk/text/bidi.h"

using kiosk::text::Direction;
using kiosk::text::paragraphDirection;
using kiosk::text::visualString;

TEST_SUITE("text") {

TEST_CASE("bidi: paragraph direction by its first strong character, else the fallback") {
    CHECK(paragraphDirection(U"مرحبا world", Direction::LeftToRight) == Direction::RightToLeft);
    CHECK(paragraphDirection(U"hello عالم", Direction::RightToLeft) == Direction::LeftToRight);
    CHECK(paragraphDirection(U"2024 (3)", Direction::RightToLeft) == Direction::RightToLeft);
    CHECK(paragraphDirection(U"2024 (3)", Direction::LeftToRight) == Direction::LeftToRight);
}

TEST_CASE("bidi: Arabic is reversed, Latin and numbers inside it keep their order") {
    // ا ب ج then a Latin word and a number.
    CHECK(visualString(U"ابج", Direction::RightToLeft) == U"جبا");
    // Rule W7: digits after Latin are Latin; after Arabic they are a run of their own.
    CHECK(visualString(U"ابج ABC 123", Direction::RightToLeft) == U"ABC 123 جبا");
    CHECK(visualString(U"ابج 123 ABC", Direction::RightToLeft) == U"ABC 123 جبا");
    CHECK(visualString(U"ابج 123 دهو", Direction::RightToLeft) == U"وهد 123 جبا");
    CHECK(visualString(U"ABC ابج 123 DEF", Direction::LeftToRight) == U"ABC 123 جبا DEF");
}

TEST_CASE("bidi: brackets are mirrored and pair up in right-to-left text") {
    // "ا (ب) 12" in an RTL paragraph: visually "12 (ب) ا" with brackets still opening outward.
    CHECK(visualString(U"ا (ب) 12", Direction::RightToLeft) == U"12 (ب) ا");
    // Latin in brackets inside Arabic: the brackets belong to the Arabic run.
    CHECK(visualString(U"ا (AB) ب", Direction::RightToLeft) == U"ب (AB) ا");
}

TEST_CASE("bidi: left-to-right text is unchanged, empty text stays empty") {
    CHECK(visualString(U"Hello (world) 42", Direction::LeftToRight) == U"Hello (world) 42");
    CHECK(visualString(U"", Direction::RightToLeft).empty());
}

} // TEST_SUITE
