#include "kiosk/storage/event_record.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

namespace kiosk::storage {

std::optional<EventType> eventTypeFromName(std::string_view name) {
    static constexpr std::array kAll = {EventType::SessionStart, EventType::SessionEnd, EventType::Language,
                                        EventType::View,         EventType::Swipe,      EventType::QrShown,
                                        EventType::FactsView,    EventType::IdleReset,  EventType::Sync,
                                        EventType::Error};
    for (EventType type : kAll)
        if (name == eventTypeName(type)) return type;
    return std::nullopt;
}

void appendIsoUtc(std::string& out, std::int64_t timestampMs) {
    using namespace std::chrono;
    const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(timestampMs)));
    const year_month_day ymd(day);
    std::int64_t rest = timestampMs - duration_cast<milliseconds>(day.time_since_epoch()).count();
    const int year = static_cast<int>(ymd.year());
    if (year < 0 || year > 9999) {   // out of the four-digit range: the slow, general way
        char text[48];
        std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year, static_cast<unsigned>(ymd.month()),
                      static_cast<unsigned>(ymd.day()), static_cast<int>(rest / 3600000), static_cast<int>(rest / 60000 % 60),
                      static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
        out += text;
        return;
    }
    const int ms = static_cast<int>(rest % 1000);
    rest /= 1000;
    const int fields[] = {year / 100, year % 100, static_cast<int>(static_cast<unsigned>(ymd.month())),
                          static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(rest / 3600),
                          static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60)};
    static constexpr char kAfter[] = {'\0', '-', '-', 'T', ':', ':', '.'};
    char text[24];
    char* p = text;
    for (int i = 0; i < 7; ++i) {
        *p++ = static_cast<char>('0' + fields[i] / 10);
        *p++ = static_cast<char>('0' + fields[i] % 10);
        if (kAfter[i]) *p++ = kAfter[i];
    }
    *p++ = static_cast<char>('0' + ms / 100);
    *p++ = static_cast<char>('0' + ms / 10 % 10);
    *p++ = static_cast<char>('0' + ms % 10);
    *p++ = 'Z';
    out.append(text, static_cast<std::size_t>(p - text));
}

std::string isoUtc(std::int64_t timestampMs) {
    std::string text;
    appendIsoUtc(text, timestampMs);
    return text;
}

Result<std::int64_t> parseIsoUtc(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const std::string copy(text);
    char tail[8] = {};
    int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%7s", &y, &mo, &d, &h, &mi, &s, tail);
    const bool dateOnly = fields == 3 && copy.size() == 10;
    const bool withTime = (fields >= 5) && (fields < 7 || std::string_view(tail) == "Z");
    if (!dateOnly && !withTime)
        return Error{"'" + copy + "' is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC)"};
    using namespace std::chrono;
    const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0)
        return Error{"'" + copy + "' is not a valid date"};
    const auto midnight = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count();
    return midnight + ((h * 60 + mi) * 60 + s) * 1000ll;
}

std::string toJsonLine(const StoredEvent& stored) {
    const Event& e = stored.event;
    nlohmann::json line = {{"id", stored.id},
                           {"ts_ms", e.timestampMs},
                           {"time", isoUtc(e.timestampMs)},
                           {"session", e.sessionId},
                           {"type", stored.typeName},
                           {"screen", e.screen},
                           {"item", e.item},
                           {"language", e.language},
                           {"value", e.value},
                           {"release", e.releaseVersion}};
    if (!e.extraJson.empty()) {
        auto extra = nlohmann::json::parse(e.extraJson, nullptr, false);
        line["extra"] = extra.is_discarded() ? nlohmann::json(e.extraJson) : extra;
    }
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<StoredEvent> fromJsonLine(std::string_view text) {
    auto line = nlohmann::json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object()) return Error{"not a JSON object"};
    StoredEvent stored;
    try {
        stored.id = line.at("id").get<std::int64_t>();
        stored.typeName = line.at("type").get<std::string>();
        Event& e = stored.event;
        e.type = eventTypeFromName(stored.typeName).value_or(EventType::Error);
        e.timestampMs = line.at("ts_ms").get<std::int64_t>();
        e.sessionId = line.value("session", "");
        e.screen = line.value("screen", "");
        e.item = line.value("item", "");
        e.language = line.value("language", "");
        e.value = line.value("value", 0.0);
        e.releaseVersion = line.value("release", "");
        if (line.contains("extra") && !line["extra"].is_null())
            e.extraJson = line["extra"].is_string() ? line["extra"].get<std::string>() : line["extra"].dump();
    } catch (const nlohmann::json::exception& error) {
        return Error{std::string("bad event line: ") + error.what()};
    }
    if (stored.id <= 0) return Error{"bad event line: id must be positive"};
    return stored;
}

namespace {

constexpr std::array<std::string_view, 10> kCompactColumns = {"id",       "ts_ms", "session", "type",    "screen",
                                                              "item",     "language", "value", "release", "extra"};
constexpr std::string_view kCompactTrailer = "#end";

void appendNumber(std::string& out, std::int64_t value) {
    char text[24];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    out.append(text, static_cast<std::size_t>(end - text));
}

} // namespace

void appendCompactEscaped(std::string& out, std::string_view text) {
    // Fast path (nearly every field): one table lookup per byte, then one append.
    static constexpr auto kEscaped = [] {
        std::array<bool, 256> table{};
        for (unsigned char c : {'\\', '\t', '\n', '\r', '\0'}) table[c] = true;
        return table;
    }();
    std::size_t first = 0;
    while (first < text.size() && !kEscaped[static_cast<unsigned char>(text[first])]) ++first;
    if (first == text.size()) {
        out.append(text.data(), text.size());
        return;
    }
    std::size_t start = 0;
    for (std::size_t i = first; i < text.size(); ++i) {
        const char c = text[i];
        char escaped;
        switch (c) {
        case '\\': escaped = '\\'; break;
        case '\t': escaped = 't'; break;
        case '\n': escaped = 'n'; break;
        case '\r': escaped = 'r'; break;
        case '\0': escaped = '0'; break;
        default: continue;
        }
        out.append(text.data() + start, i - start);
        out.push_back('\\');
        out.push_back(escaped);
        start = i + 1;
    }
    out.append(text.data() + start, text.size() - start);
}

std::optional<std::string> compactUnescape(std::string_view field) {
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (c != '\\') {
            out.push_back(c);
            continue;
        }
        if (++i == field.size()) return std::nullopt;
        switch (field[i]) {
        case '\\': out.push_back('\\'); break;
        case 't': out.push_back('\t'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case '0': out.push_back('\0'); break;
        default: return std::nullopt;
        }
    }
    return out;
}

void appendCompactHeader(std::string& out) {
    out += kCompactMagic;
    for (std::string_view column : kCompactColumns) {
        out += '\t';
        out += column;
    }
    out += '\n';
}

void appendCompactLine(std::string& out, const StoredEventView& e) {
    appendNumber(out, e.id);
    out += '\t';
    appendNumber(out, e.timestampMs);
    for (std::string_view text : {e.session, e.type, e.screen, e.item, e.language}) {
        out += '\t';
        appendCompactEscaped(out, text);
    }
    out += '\t';
    char number[32];
    const auto end = std::to_chars(number, number + sizeof number, e.value).ptr;
    out.append(number, static_cast<std::size_t>(end - number));
    out += '\t';
    appendCompactEscaped(out, e.release);
    out += '\t';
    appendCompactEscaped(out, e.extra);
    out += '\n';
}

void appendCompactLine(std::string& out, const StoredEvent& stored) {
    const Event& e = stored.event;
    appendCompactLine(out, StoredEventView{stored.id, static_cast<std::int64_t>(e.timestampMs), e.sessionId, stored.typeName,
                                           e.screen, e.item, e.language, e.value, e.releaseVersion, e.extraJson});
}

void appendCompactTrailer(std::string& out, std::size_t events) {
    out += kCompactTrailer;
    out += '\t';
    appendNumber(out, static_cast<std::int64_t>(events));
    out += '\n';
}

std::string encodeCompactPage(const std::vector<StoredEvent>& events) {
    std::string out;
    out.reserve(128 + events.size() * 128);
    appendCompactHeader(out);
    for (const auto& stored : events) appendCompactLine(out, stored);
    appendCompactTrailer(out, events.size());
    return out;
}

Status decodeCompactPage(std::string_view page, CompactPageViews& out) {
    out.events.clear();
    out.unescaped.clear();
    auto nextLine = [&](std::size_t& at, std::string_view& line) {
        if (at >= page.size()) return false;
        const void* found = std::memchr(page.data() + at, '\n', page.size() - at);
        if (!found) return false;
        const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(found) - page.data());
        line = page.substr(at, end - at);
        at = end + 1;
        return true;
    };
    std::size_t at = 0;
    std::string_view line;
    if (!nextLine(at, line)) return Error{"compact page: no header line"};
    // Header: the magic, then the column names; each known name gets its slot.
    constexpr int kNone = -1;
    std::vector<int> slotOfColumn;
    {
        std::size_t start = 0;
        bool first = true;
        while (start <= line.size()) {
            std::size_t end = line.find('\t', start);
            if (end == std::string_view::npos) end = line.size();
            const std::string_view name = line.substr(start, end - start);
            if (first) {
                if (name != kCompactMagic) return Error{"compact page: the first line is not a '#kiosk-events/1' header"};
                first = false;
            } else {
                int slot = kNone;
                for (std::size_t k = 0; k < kCompactColumns.size(); ++k)
                    if (kCompactColumns[k] == name) slot = static_cast<int>(k);
                slotOfColumn.push_back(slot);
            }
            start = end + 1;
        }
        for (int required : {0, 1, 3}) {
            if (std::find(slotOfColumn.begin(), slotOfColumn.end(), required) == slotOfColumn.end())
                return Error{"compact page: the header has no '" + std::string(kCompactColumns[static_cast<std::size_t>(required)]) +
                             "' column"};
        }
    }
    // The columns in the order the kiosk sends them today: one pass over a line, no slot table.
    bool standardColumns = slotOfColumn.size() == kCompactColumns.size();
    for (std::size_t k = 0; standardColumns && k < slotOfColumn.size(); ++k) standardColumns = slotOfColumn[k] == static_cast<int>(k);
    std::vector<StoredEventView>& events = out.events;
    events.reserve(page.size() / 64);   // an event line is rarely shorter: no re-allocation while filling
    std::array<std::string_view, kCompactColumns.size()> fields;
    for (;;) {
        if (!nextLine(at, line)) return Error{"compact page: cut off after " + std::to_string(events.size()) + " events (no trailer)"};
        auto where = [&] { return "compact page, event " + std::to_string(events.size() + 1) + ": "; };
        if (line.substr(0, kCompactTrailer.size()) == kCompactTrailer) {
            std::int64_t count = -1;
            const std::string_view number = line.substr(std::min(line.size(), kCompactTrailer.size() + 1));
            const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), count);
            if (line.size() <= kCompactTrailer.size() || line[kCompactTrailer.size()] != '\t' || error != std::errc() ||
                end != number.data() + number.size())
                return Error{"compact page: bad trailer line"};
            if (count != static_cast<std::int64_t>(events.size()))
                return Error{"compact page: the trailer says " + std::to_string(count) + " events, the page has " +
                             std::to_string(events.size())};
            if (at != page.size()) return Error{"compact page: data after the trailer"};
            return {};
        }
        bool escaped = false;
        std::size_t column = 0;
        if (standardColumns) {
            // memchr (vectorized) finds the tabs, and whether the line has any escape at all.
            const char* p = line.data();
            const char* const lineEnd = p + line.size();
            escaped = line.size() && std::memchr(p, '\\', line.size()) != nullptr;
            for (;; ++column) {
                const void* tab = std::memchr(p, '\t', static_cast<std::size_t>(lineEnd - p));
                const char* end = tab ? static_cast<const char*>(tab) : lineEnd;
                if (column >= fields.size()) return Error{where() + "more fields than header columns"};
                fields[column] = std::string_view(p, static_cast<std::size_t>(end - p));
                if (end == lineEnd) break;
                p = end + 1;
            }
        } else {
            fields.fill(std::string_view());
            std::size_t start = 0;
            for (;; ++column) {
                std::size_t end = line.find('\t', start);
                const bool last = end == std::string_view::npos;
                if (last) end = line.size();
                if (column >= slotOfColumn.size()) return Error{where() + "more fields than header columns"};
                if (slotOfColumn[column] != kNone) fields[static_cast<std::size_t>(slotOfColumn[column])] = line.substr(start, end - start);
                if (last) break;
                start = end + 1;
            }
            escaped = line.find('\\') != std::string_view::npos;
        }
        if (column + 1 != slotOfColumn.size()) return Error{where() + "fewer fields than header columns"};
        StoredEventView e;
        auto integerField = [&](std::string_view text, std::int64_t& value) {
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
            return error == std::errc() && end == text.data() + text.size() && !text.empty();
        };
        if (!integerField(fields[0], e.id) || e.id <= 0) return Error{where() + "id must be a positive whole number"};
        if (!integerField(fields[1], e.timestampMs)) return Error{where() + "ts_ms must be a whole number"};
        if (!fields[7].empty()) {
            const auto [end, error] = std::from_chars(fields[7].data(), fields[7].data() + fields[7].size(), e.value);
            if (error != std::errc() || end != fields[7].data() + fields[7].size()) return Error{where() + "value is not a number"};
        }
        std::string_view* texts[] = {nullptr, nullptr, &e.session, &e.type, &e.screen, &e.item,
                                     &e.language, nullptr, &e.release, &e.extra};
        for (std::size_t k = 0; k < kCompactColumns.size(); ++k) {
            if (!texts[k]) continue;
            const std::string_view field = fields[k];
            if (!escaped || field.find('\\') == std::string_view::npos) {
                *texts[k] = field;
                continue;
            }
            auto unescaped = compactUnescape(field);
            if (!unescaped) return Error{where() + std::string(kCompactColumns[k]) + " has a bad backslash escape"};
            // Unescaping only shrinks: room for the whole page means `unescaped` never moves.
            if (out.unescaped.capacity() < page.size()) {
                if (!out.unescaped.empty()) return Error{where() + "internal: unescape buffer moved"};
                out.unescaped.reserve(page.size());
            }
            const std::size_t offset = out.unescaped.size();
            out.unescaped += *unescaped;
            *texts[k] = std::string_view(out.unescaped.data() + offset, unescaped->size());
        }
        if (e.type.empty()) return Error{where() + "type is empty"};
        events.push_back(e);
    }
}

Result<std::vector<StoredEvent>> decodeCompactPage(std::string_view page) {
    CompactPageViews views;
    if (auto decoded = decodeCompactPage(page, views); !decoded) return Error{decoded.error()};
    std::vector<StoredEvent> events;
    events.reserve(views.events.size());
    for (const StoredEventView& v : views.events) {
        StoredEvent stored;
        stored.id = v.id;
        stored.typeName.assign(v.type);
        Event& e = stored.event;
        e.timestampMs = v.timestampMs;
        e.sessionId.assign(v.session);
        e.screen.assign(v.screen);
        e.item.assign(v.item);
        e.language.assign(v.language);
        e.value = v.value;
        e.releaseVersion.assign(v.release);
        e.extraJson.assign(v.extra);
        e.type = eventTypeFromName(stored.typeName).value_or(EventType::Error);
        events.push_back(std::move(stored));
    }
    return events;
}

} // namespace kiosk::storage
