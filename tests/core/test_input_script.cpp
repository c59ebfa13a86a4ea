#include <doctest/doctest.h>

#include "kiosk/core/input_script.h"

using namespace kiosk;

TEST_SUITE("core.input_script") {

TEST_CASE("every command parses, comments and blank lines are skipped") {
    const auto script = parseInputScript(R"(# a visit
wait 500
tap 960 540

tap "العربية"   # by visible label
tap "item:ne-zha-2"
drag 100 500 900 500 300
shot out/a.png
expect home
key back
offer /srv/exhibition-b
swipe "gallery" left
swipe "item:ne-zha-2" down 600
)", "visit.txt");
    REQUIRE_MESSAGE(script.ok(), (script.ok() ? "" : script.error()));
    const auto& c = script->commands;
    REQUIRE(c.size() == 11);
    CHECK(c[0].kind == ScriptCommand::Kind::Wait);
    CHECK(c[0].ms == 500);
    CHECK(c[0].line == 2);
    CHECK(c[1].kind == ScriptCommand::Kind::TapAt);
    CHECK(c[1].x1 == 960);
    CHECK(c[2].kind == ScriptCommand::Kind::TapLabel);
    CHECK(c[2].text == "العربية");
    CHECK(c[2].line == 5);
    CHECK(c[3].text == "item:ne-zha-2");
    CHECK(c[4].kind == ScriptCommand::Kind::Drag);
    CHECK(c[4].x2 == 900);
    CHECK(c[4].ms == 300);
    CHECK(c[5].text == "out/a.png");
    CHECK(c[6].kind == ScriptCommand::Kind::Expect);
    CHECK(c[7].kind == ScriptCommand::Kind::Key);
    CHECK(c[8].kind == ScriptCommand::Kind::Offer);
    CHECK(c[8].text == "/srv/exhibition-b");
    CHECK(c[9].kind == ScriptCommand::Kind::Swipe);
    CHECK(c[9].text == "gallery");
    CHECK(c[9].x2 == -1);
    CHECK(c[9].y2 == 0);
    CHECK(c[9].ms == 300);
    CHECK(c[10].y2 == 1);
    CHECK(c[10].x2 == 0);
    CHECK(c[10].ms == 600);
}

TEST_CASE("bad lines are refused with their line number and the reason") {
    struct Bad { const char* text; const char* message; };
    const Bad cases[] = {
        {"wait 10\ntapp 1 2\n", "s.txt:2: unknown command 'tapp' (commands: wait, tap, drag, swipe, shot, expect, key, offer)"},
        {"wait soon\n", "s.txt:1: usage: wait MS (milliseconds, 0 to 86400000)"},
        {"wait -5\n", "s.txt:1: usage: wait MS (milliseconds, 0 to 86400000)"},
        {"tap 10\n\n", "s.txt:1: usage: tap X Y (pixels) or tap \"LABEL\""},
        {"\n\ntap \"unterminated\n", "s.txt:3: unterminated quoted text"},
        {"drag 1 2 3 4\n", "s.txt:1: usage: drag X1 Y1 X2 Y2 MS"},
        {"expect lobby\n", "s.txt:1: unknown screen 'lobby' (screens: attract, language, home, category, item, facts, admin)"},
        {"key f13\n", "s.txt:1: unknown key 'f13' (keys: escape, back, enter, left, right, up, down, home, pagedown, pageup, tab)"},
        {"shot\n", "s.txt:1: usage: shot FILE.png"},
        {"tap \"\"\n", "s.txt:1: tap needs a non-empty label"},
        {"offer\n", "s.txt:1: usage: offer DIR (an exhibition folder)"},
        {"swipe \"gallery\"\n", "s.txt:1: usage: swipe \"LABEL\" left|right|up|down [MS] (default 300)"},
        {"swipe \"gallery\" sideways\n", "s.txt:1: usage: swipe \"LABEL\" left|right|up|down [MS] (default 300)"},
        {"swipe \"gallery\" left soon\n", "s.txt:1: usage: swipe \"LABEL\" left|right|up|down [MS] (default 300)"},
        {"swipe \"\" left\n", "s.txt:1: swipe needs a non-empty label"},
    };
    for (const auto& bad : cases) {
        const auto script = parseInputScript(bad.text, "s.txt");
        REQUIRE_FALSE(script.ok());
        CHECK(script.error() == bad.message);
    }
}

TEST_CASE("a missing script file is a clear error") {
    const auto script = loadInputScript("/nonexistent/script.txt");
    REQUIRE_FALSE(script.ok());
    CHECK(script.error() == "/nonexistent/script.txt: cannot open script");
}

}
