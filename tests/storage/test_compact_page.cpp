// The compact page format of GET /v1/events?format=compact: round trips of hostile values and
// refusal of damaged pages.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "kiosk/storage/event_record.h"
#include "kiosk/storage/event_store.h"
#include "tests/support/temp_dir.h"

using namespace kiosk;
using namespace kiosk::storage;

namespace {

StoredEvent sample(std::int64_t id) {
    StoredEvent s;
    s.id = id;
    s.typeName = "view";
    s.event.type = EventType::View;
    s.event.timestampMs = 1777600000000 + id % 1000000;   // ids up to INT64_MAX: no overflow
    s.event.sessionId = "0123456789abcdef";
    s.event.screen = "item";
    s.event.item = "longjing-tea";
    s.event.language = "zh-Hans";
    s.event.value = 1200;
    s.event.releaseVersion = "2026-05-01.1";
    s.event.extraJson = R"({"k":1})";
    return s;
}

void checkSame(const StoredEvent& a, const StoredEvent& b) {
    CHECK(a.id == b.id);
    CHECK(a.typeName == b.typeName);
    CHECK(a.event.type == b.event.type);
    CHECK(a.event.timestampMs == b.event.timestampMs);
    CHECK(a.event.sessionId == b.event.sessionId);
    CHECK(a.event.screen == b.event.screen);
    CHECK(a.event.item == b.event.item);
    CHECK(a.event.language == b.event.language);
    CHECK(std::memcmp(&a.event.value, &b.event.value, sizeof(double)) == 0);   // bit for bit
    CHECK(a.event.releaseVersion == b.event.releaseVersion);
    CHECK(a.event.extraJson == b.event.extraJson);
}

std::vector<StoredEvent> roundTrip(const std::vector<StoredEvent>& events) {
    auto decoded = decodeCompactPage(encodeCompactPage(events));
    REQUIRE_MESSAGE(decoded, (decoded ? "" : decoded.error()));
    REQUIRE(decoded->size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) checkSame(events[i], (*decoded)[i]);
    return *decoded;
}

} // namespace

TEST_SUITE("storage") {

TEST_CASE("a compact page round-trips ordinary events and an empty page") {
    roundTrip({});
    roundTrip({sample(1), sample(2), sample(3)});
    const std::string page = encodeCompactPage({sample(7)});
    CHECK(page.rfind("#kiosk-events/1\tid\tts_ms\tsession\ttype\tscreen\titem\tlanguage\tvalue\trelease\textra\n", 0) == 0);
    CHECK(page.find("\n7\t1777600000007\t0123456789abcdef\tview\titem\tlongjing-tea\tzh-Hans\t1200\t2026-05-01.1\t{\"k\":1}\n") !=
          std::string::npos);
    CHECK(page.compare(page.size() - 7, 7, "#end\t1\n") == 0);
}

TEST_CASE("hostile values survive a compact round trip byte for byte") {
    StoredEvent s = sample(1);
    s.event.sessionId = std::string("tab\there\nnewline\rcr\\back\\\\slash", 31);
    s.event.screen = std::string("nul\0inside", 10);
    s.event.item = "\xff\xfe invalid UTF-8 \xc3\x28 and \xed\xa0\x80 surrogate";
    s.event.language = "\\t not a tab, \\n not a newline";   // literal backslash-letter pairs
    s.event.releaseVersion = "\"quotes\" and 'single' and #end\t0";
    s.event.extraJson = std::string(200000, 'x');   // huge, and not JSON at all
    s.event.extraJson[100] = '\n';
    s.typeName = "future_type\twith tab";   // unknown types survive as text
    s.event.type = EventType::Error;
    StoredEvent t = sample(2);
    t.event.value = -0.0;
    StoredEvent u = sample(3);
    u.event.value = 0.1 + 0.2;   // not a short decimal
    StoredEvent v = sample(4);
    v.event.value = std::numeric_limits<double>::denorm_min();
    StoredEvent w = sample(5);
    w.event.value = -1.7976931348623157e308;
    w.event.timestampMs = std::numeric_limits<std::int64_t>::min() + 1;
    StoredEvent x = sample(std::numeric_limits<std::int64_t>::max());
    x.event.sessionId.clear();
    x.event.extraJson = R"({"nested":{"a":[1,2,{"b":"c\td"}]},"emoji":"🍵"})";
    auto back = roundTrip({s, t, u, v, w, x});
    CHECK(std::signbit(back[1].event.value));
    CHECK(back[0].event.type == EventType::Error);

    // Random bytes in every text field, many times.
    std::mt19937 random(20261201);
    std::vector<StoredEvent> many;
    for (int i = 1; i <= 300; ++i) {
        StoredEvent r = sample(i);
        for (std::string* field : {&r.event.sessionId, &r.event.screen, &r.event.item, &r.event.language,
                                   &r.event.releaseVersion, &r.event.extraJson}) {
            field->clear();
            const int length = static_cast<int>(random() % 40);
            for (int k = 0; k < length; ++k) field->push_back(static_cast<char>("\t\n\r\\\0a#"[random() % 7] ^ (random() % 3 == 0 ? static_cast<char>(random()) : 0)));
        }
        many.push_back(std::move(r));
    }
    roundTrip(many);
}

TEST_CASE("damaged compact pages are refused, wherever they are cut") {
    const std::string page = encodeCompactPage({sample(1), sample(2), sample(3)});
    // Cut at every byte: never accepted as a complete page (even at a line boundary: the trailer is missing).
    for (std::size_t cut = 0; cut < page.size(); ++cut) {
        auto decoded = decodeCompactPage(std::string_view(page).substr(0, cut));
        CHECK_MESSAGE(!decoded, "cut at " << cut);
    }
    auto refused = [](std::string text, const std::string& expected) {
        auto decoded = decodeCompactPage(text);
        REQUIRE_FALSE(decoded);
        CHECK_MESSAGE(decoded.error().find(expected) != std::string::npos, decoded.error());
    };
    std::string noHeader = page.substr(page.find('\n') + 1);
    refused(noHeader, "header");
    std::string wrongCount = page;
    wrongCount.replace(wrongCount.rfind("#end\t3"), 6, "#end\t2");
    refused(wrongCount, "trailer says 2");
    refused(page + "1\t2\n", "after the trailer");
    std::string badEscape = page;
    badEscape.replace(badEscape.find("longjing-tea"), 12, "longjing\\qtea");
    refused(badEscape, "escape");
    std::string trailingBackslash = page;
    trailingBackslash.replace(trailingBackslash.find("zh-Hans"), 7, "zh-Hans\\");
    refused(trailingBackslash, "escape");
    std::string badId = page;
    badId.replace(badId.find("\n1\t") + 1, 1, "x");
    refused(badId, "id must be");
    std::string zeroId = page;
    zeroId.replace(zeroId.find("\n1\t") + 1, 1, "0");
    refused(zeroId, "id must be");
    std::string extraField = page;
    extraField.insert(extraField.find("\n2\t") , "\tmore");
    refused(extraField, "more fields");
    std::string fewer = page;
    fewer.replace(fewer.find("\t{\"k\":1}\n2\t"), 8, "");
    refused(fewer, "fewer fields");
    std::string badValue = page;
    badValue.replace(badValue.find("\t1200\t"), 6, "\t12x0\t");
    refused(badValue, "value");
    refused("#kiosk-events/1\tts_ms\ttype\n#end\t0\n", "no 'id' column");
    refused("#kiosk-events/2\tid\tts_ms\ttype\n#end\t0\n", "header");
}

TEST_CASE("a compact page from a newer kiosk with more columns, in another order, still reads") {
    const std::string page =
        "#kiosk-events/1\tts_ms\tid\tnew_column\ttype\tsession\n"
        "1777600000000\t5\twhatever\\tescaped\tview\tabc\n"
        "#end\t1\n";
    auto decoded = decodeCompactPage(page);
    REQUIRE_MESSAGE(decoded, (decoded ? "" : decoded.error()));
    REQUIRE(decoded->size() == 1);
    CHECK((*decoded)[0].id == 5);
    CHECK((*decoded)[0].event.timestampMs == 1777600000000);
    CHECK((*decoded)[0].event.sessionId == "abc");
    CHECK((*decoded)[0].event.item.empty());
    CHECK((*decoded)[0].event.value == 0);
}

TEST_CASE("a compact page decoded as views: plain fields point into the page, escaped ones are unescaped beside it") {
    StoredEvent plain = sample(1);
    StoredEvent escaped = sample(2);
    escaped.event.item = "tab\there";
    escaped.event.extraJson = std::string("back\\slash and \0 nul", 20);
    StoredEvent after = sample(3);   // after an escaped line: the views before it stay valid
    const std::string page = encodeCompactPage({plain, escaped, after});
    CompactPageViews views;
    REQUIRE(decodeCompactPage(page, views));
    REQUIRE(views.events.size() == 3);
    const auto inPage = [&](std::string_view field) {
        return field.data() >= page.data() && field.data() + field.size() <= page.data() + page.size();
    };
    CHECK(inPage(views.events[0].session));
    CHECK(inPage(views.events[0].item));
    CHECK(views.events[0].item == "longjing-tea");
    CHECK(views.events[1].item == "tab\there");
    CHECK_FALSE(inPage(views.events[1].item));
    CHECK(views.events[1].extra == escaped.event.extraJson);
    CHECK(views.events[1].screen == "item");
    CHECK(inPage(views.events[1].screen));
    CHECK(views.events[2].id == 3);
    CHECK(views.events[2].type == "view");
    CHECK(views.events[0].value == 1200);
    CHECK(views.events[2].timestampMs == after.event.timestampMs);
    // A damaged page leaves an error, not a partial list to store.
    CompactPageViews damaged;
    CHECK_FALSE(decodeCompactPage(std::string_view(page).substr(0, page.size() - 3), damaged));
}

TEST_CASE("compact text escaping alone") {
    std::string out;
    appendCompactEscaped(out, std::string("a\tb\nc\rd\\e\0f", 11));
    CHECK(out == "a\\tb\\nc\\rd\\\\e\\0f");
    CHECK(compactUnescape(out).value() == std::string("a\tb\nc\rd\\e\0f", 11));
    CHECK_FALSE(compactUnescape("bad\\x"));
    CHECK_FALSE(compactUnescape("end\\"));
}

TEST_CASE("ISO times are written in one fixed format") {
    CHECK(isoUtc(0) == "1970-01-01T00:00:00.000Z");
    CHECK(isoUtc(1777600000123) == "2026-05-01T01:46:40.123Z");
    CHECK(isoUtc(-1) == "1969-12-31T23:59:59.999Z");
    CHECK(isoUtc(253402300799999) == "9999-12-31T23:59:59.999Z");
    CHECK(isoUtc(parseIsoUtc("2024-02-29T12:34:56Z").value()) == "2024-02-29T12:34:56.000Z");
}

TEST_CASE("the store encodes a compact page straight from its rows, the same bytes as from its events") {
    kiosk::testing::TempDir dir;
    auto store = EventStore::open(dir.path / "events.db");
    REQUIRE(store);
    for (int i = 0; i < 30; ++i) {
        Event e = sample(i + 1).event;
        e.item = i % 3 ? "tab\there" : std::string("nul\0x", 5);
        (*store)->record(e);
    }
    (*store)->flush();
    for (std::int64_t after : {0, 7, 29, 30}) {
        auto events = (*store)->readAfter(after, 10);
        auto page = (*store)->readAfterCompact(after, 10);
        REQUIRE(events);
        REQUIRE(page);
        CHECK(*page == encodeCompactPage(*events));
    }
}

}
