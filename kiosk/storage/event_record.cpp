#include "kiosk/storage/event_record.h"

#include <array>
#include <chrono>
#include <cstdio>

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

std::string isoUtc(std::int64_t timestampMs) {
    using namespace std::chrono;
    const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(timestampMs)));
    const year_month_day ymd(day);
    std::int64_t rest = timestampMs - duration_cast<milliseconds>(day.time_since_epoch()).count();
    const int ms = static_cast<int>(rest % 1000);
    rest /= 1000;
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(rest / 3600),
                  static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60), ms);
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

} // namespace kiosk::storage
