// kiosk-logs export and report, on an organizers' database and on a kiosk's own database copy.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "kiosk/tools/logs/event_database.h"
#include "kiosk/tools/logs/logs_export.h"
#include "kiosk/tools/logs/logs_report.h"
#include "logs_test_support.h"

using namespace kiosk;
using namespace kiosk::logs;

namespace {

// A kiosk database with a few hand-made events, closed (so the WAL is checkpointed) and copied.
std::filesystem::path kioskCopy(const storage::testing::TempDir& dir) {
    const auto live = dir.path / "live.db";
    {
        auto store = storage::EventStore::open(live);
        REQUIRE(store);
        auto add = [&](const char* day, EventType type, std::string item, double value) {
            Event e;
            e.type = type;
            e.timestampMs = storage::parseIsoUtc(day).value();
            e.sessionId = "abc";
            e.screen = "item";
            e.item = std::move(item);
            e.language = "zh-Hans";
            e.value = value;
            e.extraJson = R"({"k":"v, \"q\""})";
            (*store)->record(e);
        };
        add("2026-05-01T09:00:00Z", EventType::View, "plain", 1200);
        add("2026-05-02T09:00:00Z", EventType::View, "comma, \"quote\"\nnewline 龙井", 1500.5);
        add("2026-05-03T09:00:00Z", EventType::QrShown, "plain", 0);
    }
    const auto copy = dir.path / "hall-a-01.db";
    std::filesystem::copy_file(live, copy);
    return copy;
}

std::string exportText(const std::filesystem::path& db, ExportFormat format, TimeRange range = {}) {
    std::ostringstream out;
    auto written = exportEvents(db.string(), format, range, out);
    REQUIRE_MESSAGE(written, (written ? "" : written.error()));
    return out.str();
}

} // namespace

TEST_SUITE("logs") {

TEST_CASE("CSV fields are quoted as RFC 4180 says") {
    CHECK(csvField("plain") == "plain");
    CHECK(csvField("a,b") == "\"a,b\"");
    CHECK(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csvField("two\nlines") == "\"two\nlines\"");
    CHECK(csvField("cr\r") == "\"cr\r\"");
    CHECK(csvField("中文") == "中文");
}

TEST_CASE("CSV export of a kiosk's own database copy opens right in spreadsheets") {
    storage::testing::TempDir dir;
    const auto db = kioskCopy(dir);
    const std::string csv = exportText(db, ExportFormat::Csv);
    REQUIRE(csv.size() > 3);
    CHECK(csv.substr(0, 3) == "\xEF\xBB\xBF");
    CHECK(csv.find("kiosk,id,time_utc,session,type,screen,item,language,value,release,extra\r\n") == 3);
    CHECK(csv.find("hall-a-01,1,2026-05-01T09:00:00.000Z,abc,view,item,plain,zh-Hans,1200,,\"{\"\"k\"\":\"\"v, \\\"\"q\\\"\"\"\"}\"\r\n") !=
          std::string::npos);
    CHECK(csv.find("\"comma, \"\"quote\"\"\nnewline 龙井\",zh-Hans,1500.5,") != std::string::npos);
    CHECK(csv.find(",qr_shown,") != std::string::npos);
    // Four records: header + three events, each ending in CRLF (the quoted newline is LF only).
    std::size_t records = 0;
    for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++records;
    CHECK(records == 4);
}

TEST_CASE("--since and --until pick the events by UTC time") {
    storage::testing::TempDir dir;
    const auto db = kioskCopy(dir);
    TimeRange range;
    range.sinceMs = storage::parseIsoUtc("2026-05-02").value();
    range.untilMs = storage::parseIsoUtc("2026-05-03").value();
    const std::string ndjson = exportText(db, ExportFormat::Ndjson, range);
    std::istringstream lines(ndjson);
    std::vector<nlohmann::json> events;
    for (std::string line; std::getline(lines, line);) events.push_back(nlohmann::json::parse(line));
    REQUIRE(events.size() == 1);
    CHECK(events[0]["id"] == 2);
    CHECK(events[0]["kiosk"] == "hall-a-01");
    CHECK(events[0]["item"] == "comma, \"quote\"\nnewline 龙井");
    CHECK(events[0]["extra"]["k"] == "v, \"q\"");
}

TEST_CASE("export refuses what is not an event database, with the file named") {
    storage::testing::TempDir dir;
    std::ostringstream out;
    auto missing = exportEvents((dir.path / "none.db").string(), ExportFormat::Csv, {}, out);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().find("none.db") != std::string::npos);
    std::ofstream(dir.path / "text.db") << "hello, this is not sqlite at all, really not............................";
    auto text = exportEvents((dir.path / "text.db").string(), ExportFormat::Csv, {}, out);
    CHECK_FALSE(text);
    {
        auto empty = storage::SqliteDb::open(dir.path / "empty.db");
        REQUIRE(empty);
        REQUIRE((*empty)->exec("CREATE TABLE other(x)"));
    }
    auto other = exportEvents((dir.path / "empty.db").string(), ExportFormat::Csv, {}, out);
    REQUIRE_FALSE(other);
    CHECK(other.error().find("has no events") != std::string::npos);
}

TEST_CASE("the report counts sessions, lengths, languages, items and the funnel") {
    ReportData data;
    auto event = [&](const std::string& kiosk, const std::string& session, const char* type, const char* time,
                     const std::string& screen, const std::string& item, const std::string& language, double value) {
        KioskEvent row;
        row.kiosk = kiosk;
        row.stored.typeName = type;
        row.stored.event.timestampMs = storage::parseIsoUtc(time).value();
        row.stored.event.sessionId = session;
        row.stored.event.screen = screen;
        row.stored.event.item = item;
        row.stored.event.language = language;
        row.stored.event.value = value;
        data.add(row);
    };
    event("k1", "a", "session_start", "2026-05-01T09:10:00Z", "attract", "", "en", 0);
    event("k1", "a", "language", "2026-05-01T09:10:05Z", "language", "", "ar", 0);
    event("k1", "a", "view", "2026-05-01T09:10:30Z", "item", "tea", "ar", 20000);
    event("k1", "a", "view", "2026-05-01T09:11:00Z", "home", "", "ar", 5000);
    event("k1", "a", "session_end", "2026-05-01T09:12:00Z", "", "", "ar", 120000);
    event("k1", "b", "session_start", "2026-05-01T10:00:00Z", "attract", "", "en", 0);
    event("k1", "b", "session_end", "2026-05-01T10:00:20Z", "", "", "en", 20000);
    event("k2", "a", "session_start", "2026-05-02T09:00:00Z", "attract", "", "en", 0);   // same id, other kiosk
    event("k2", "a", "language", "2026-05-02T09:00:05Z", "language", "", "en", 0);
    event("k2", "a", "view", "2026-05-02T09:00:30Z", "item", "tea", "en", 4000);
    event("k2", "a", "view", "2026-05-02T09:01:30Z", "item", "silk", "en", 9000);
    event("k2", "a", "session_end", "2026-05-02T09:02:00Z", "", "", "en", 60000);

    CHECK(data.sessions == 3);
    CHECK(data.sessionsByHourUtc[9] == 2);
    CHECK(data.sessionsByHourUtc[10] == 1);
    CHECK(data.sessionsByDay.at("2026-05-01") == 2);
    CHECK(median(data.sessionLengthsMs) == 60000);
    CHECK(data.languages.at("ar") == 1);
    CHECK(data.languages.at("en") == 1);
    CHECK(data.itemViews.at("tea") == 2);
    CHECK(data.itemViews.count("") == 0);
    CHECK(data.itemDwellMs.at("tea") == 24000);
    CHECK(data.sessionsStarted.size() == 3);
    CHECK(data.sessionsWithLanguage.size() == 2);
    CHECK(data.sessionsWithItem.size() == 2);
    CHECK(data.kiosks.at("k1").sessions == 2);
    CHECK(median(data.kiosks.at("k1").sessionLengthsMs) == 70000);
    CHECK(median({}) == 0);

    const std::string html = renderReportHtml(data, "Report <test>");
    CHECK(html.find("<title>Report &lt;test&gt;</title>") != std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("<td>k2</td>") != std::string::npos);
}

TEST_CASE("report writes one self-contained page from an organizers' database") {
    kiosk::logs::testing::TestKiosk kiosk("hall-a-01");
    kiosk::logs::testing::simulateVisitors(*kiosk.store, 40, storage::parseIsoUtc("2026-05-01T08:00:00Z").value(),
                                           900000, 11);
    storage::testing::TempDir dir;
    {
        auto db = openOrganizerDatabase((dir.path / "organizer.db").string());
        REQUIRE(db);
    }
    // Pulling is tested elsewhere; here the kiosk's copy is reported on directly, and an empty
    // organizers' database gives a page that says so.
    kiosk.store->flush();
    auto written = writeReport(kiosk.store->file().string(), {}, dir.path / "kiosk.html");
    REQUIRE(written);
    CHECK(*written == kiosk.store->stats().storedEvents);
    std::ifstream in(dir.path / "kiosk.html");
    std::stringstream html;
    html << in.rdbuf();
    CHECK(html.str().find("Sessions per hour") != std::string::npos);
    CHECK(html.str().find("<div class='figure'>Sessions<b>40</b>") != std::string::npos);
    auto empty = writeReport((dir.path / "organizer.db").string(), {}, dir.path / "empty.html");
    REQUIRE(empty);
    CHECK(*empty == 0);
    auto bad = writeReport((dir.path / "organizer.db").string(), {}, dir.path / "no" / "dir" / "r.html");
    CHECK_FALSE(bad);
}

TEST_CASE("report: languages by native names, items by title from --content, the kiosk id from the events") {
    storage::testing::TempDir dir;
    const auto live = dir.path / "live" / "events.db";
    std::filesystem::create_directories(live.parent_path());
    {
        storage::EventStoreOptions options;
        options.kioskId = "hall-q-07";
        auto store = storage::EventStore::open(live, options);
        REQUIRE(store);
        const std::int64_t t = storage::parseIsoUtc("2026-05-01T09:00:00Z").value();
        auto add = [&](EventType type, const char* screen, const char* item, const char* language, double value, int at) {
            Event e;
            e.type = type;
            e.timestampMs = t + at * 1000;
            e.sessionId = "s1";
            e.screen = screen;
            e.item = item;
            e.language = language;
            e.value = value;
            (*store)->record(e);
        };
        add(EventType::SessionStart, "attract", "", "en", 0, 0);
        add(EventType::Language, "language", "", "zh-Hans", 0, 1);
        add(EventType::View, "item", "black-myth-wukong", "zh-Hans", 20000, 2);
        add(EventType::View, "item", "no-such-item", "zh-Hans", 1000, 3);
        add(EventType::Language, "language", "", "xx", 0, 4);   // not in the exhibition: shown as its code
        add(EventType::SessionEnd, "", "", "zh-Hans", 30000, 5);
    }
    const auto copy = dir.path / "events.db";   // copied as "events.db": the id comes from inside
    std::filesystem::copy_file(live, copy);
    auto names = loadReportNames(std::filesystem::path(KIOSK_SOURCE_DIR) / "content", "");
    REQUIRE_MESSAGE(names, (names ? "" : names.error()));
    CHECK(names->languages.at("zh-Hans") == "简体中文");
    CHECK(names->items.at("black-myth-wukong").find("Wukong") != std::string::npos);
    auto written = writeReport(copy.string(), {}, dir.path / "r.html", *names);
    REQUIRE_MESSAGE(written, (written ? "" : written.error()));
    std::ifstream in(dir.path / "r.html");
    std::stringstream html;
    html << in.rdbuf();
    const std::string page = html.str();
    CHECK(page.find(">简体中文</text>") != std::string::npos);
    CHECK(page.find(">zh-Hans</text>") == std::string::npos);
    CHECK(page.find(">xx</text>") != std::string::npos);
    CHECK(page.find(">" + htmlEscape(names->items.at("black-myth-wukong")) + "</text>") != std::string::npos);
    CHECK(page.find(">black-myth-wukong</text>") == std::string::npos);
    CHECK(page.find(">no-such-item</text>") != std::string::npos);
    CHECK(page.find("<td>hall-q-07</td>") != std::string::npos);
    CHECK(page.find("<td>events</td>") == std::string::npos);
    CHECK(page.find("Sharing Beauty") != std::string::npos);
    // In Chinese, the titles come in Chinese.
    auto chinese = loadReportNames(std::filesystem::path(KIOSK_SOURCE_DIR) / "content", "zh-Hans").value();
    CHECK(chinese.exhibitionTitle == "美美与共");
    CHECK_FALSE(loadReportNames(dir.path / "no-such-folder", ""));
    // The CSV export names the kiosk by its id too.
    std::ostringstream csv;
    REQUIRE(exportEvents(copy.string(), ExportFormat::Csv, {}, csv));
    CHECK(csv.str().find("\r\nhall-q-07,1,") != std::string::npos);
}

}
