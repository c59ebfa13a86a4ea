// Trade facts: facts/<id>.json (titles, source, chart kind, series names) plus the figures
// in a CSV file, since curators keep figures in spreadsheets.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "kiosk/core/content_reader.h"
#include "kiosk/core/limits.h"

namespace kiosk::content_detail {

namespace {

std::vector<std::string> splitCsvLine(const std::string& text) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) { cells.push_back(cell); cell.clear(); }
        else if (c != '\r') cell.push_back(c);
    }
    cells.push_back(cell);
    return cells;
}

bool loadCsv(ContentReader& reader, const fs::path& file, Fact& fact) {
    std::string data;
    if (!reader.readFile(file, limits::kMaxCsvBytes, data)) return false;
    std::istringstream in(data);
    std::string line;
    int lineNumber = 0;
    std::vector<std::string> header;
    const auto fail = [&](std::string message) {
        reader.problem(file, Severity::Error, std::move(message), {lineNumber, 0});
        return false;
    };
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.empty() || line == "\r") continue;
        const auto cells = splitCsvLine(line);
        if (header.empty()) {
            header = cells;
            if (header.size() < 2) return fail("CSV header needs a label column and at least one series");
            if (static_cast<int>(header.size()) > limits::kMaxCsvColumns)
                return fail("too many columns (" + std::to_string(header.size()) + ", limit " +
                            std::to_string(limits::kMaxCsvColumns) + ")");
            for (std::size_t i = 1; i < header.size(); ++i) {
                const auto it = std::find_if(fact.series.begin(), fact.series.end(),
                                             [&](const FactSeries& s) { return s.id == header[i]; });
                if (it == fact.series.end()) fact.series.push_back(FactSeries{header[i], {}, {}});
            }
            continue;
        }
        if (cells.size() != header.size())
            return fail("expected " + std::to_string(header.size()) + " cells, found " + std::to_string(cells.size()));
        if (static_cast<int>(fact.labels.size()) >= limits::kMaxChartPoints)
            return fail("too many rows for a chart (limit " + std::to_string(limits::kMaxChartPoints) + ")");
        fact.labels.push_back(cells[0]);
        for (std::size_t i = 1; i < cells.size(); ++i) {
            double value = 0;
            const char* begin = cells[i].data();
            const char* end = cells[i].data() + cells[i].size();
            while (begin < end && *begin == ' ') ++begin;
            const auto [parsedEnd, ec] = std::from_chars(begin, end, value);
            if (ec != std::errc() || parsedEnd != end) return fail("not a number: '" + cells[i] + "'");
            if (!std::isfinite(value)) return fail("not a finite number: '" + cells[i] + "'");   // from_chars reads "nan", "inf"
            auto it = std::find_if(fact.series.begin(), fact.series.end(),
                                   [&](const FactSeries& s) { return s.id == header[i]; });
            it->values.push_back(value);
        }
    }
    if (fact.labels.empty()) { lineNumber = 0; return fail("CSV has no data rows"); }
    return true;
}

} // namespace

void loadFacts(ContentReader& reader, Exhibition& ex) {
    const fs::path dir = reader.root() / "facts";
    std::error_code ec;
    for (const auto& file : reader.jsonFilesIn(dir)) {
        const std::size_t problemsBefore = reader.problemCount();
        auto doc = reader.parseJson(file);
        if (!doc) continue;
        if (!doc->value.is_object()) {
            reader.problem(file, Severity::Error, "a fact file must hold a JSON object", {1, 1});
            continue;
        }
        JsonObject object(reader, *doc, doc->value, "");
        object.warnUnknownFields({"id", "title", "summary", "unit", "notes", "chart", "series", "source", "data"}, "a fact");
        Fact fact;
        fact.id = object.string("id", true);
        fact.title = object.text("title", true);
        fact.summary = object.text("summary", false);
        fact.unit = object.text("unit", false);
        fact.notes = object.text("notes", false);
        const std::string chart = object.string("chart", false);
        if (chart == "line") fact.chart = ChartKind::Line;
        else if (!chart.empty() && chart != "bar") object.problem("chart", Severity::Error, "'chart' must be \"bar\" or \"line\"");
        if (auto series = object.object("series", false)) {
            for (const auto& [seriesId, names] : series->value().items()) {
                FactSeries entry;
                entry.id = seriesId;
                entry.name = series->text(seriesId.c_str(), false);
                fact.series.push_back(std::move(entry));
            }
        }
        if (auto source = object.object("source", true)) {
            source->warnUnknownFields({"name", "year", "url"}, "a fact's source");
            fact.source.name = source->string("name", true);
            fact.source.url = source->string("url", false);
            if (auto year = source->integer("year", true)) fact.source.year = static_cast<int>(*year);
        }
        const fs::path csv = object.path("data", dir, true);
        if (!csv.empty() && fs::is_regular_file(csv, ec)) {
            loadCsv(reader, csv, fact);
        }
        // Series named in JSON but absent from the CSV have no values.
        std::erase_if(fact.series, [&](const FactSeries& s) {
            if (s.values.size() == fact.labels.size() && !fact.labels.empty()) return false;
            if (!fact.labels.empty())
                object.problem("series", Severity::Warning, "series '" + s.id + "' has no column in the CSV; it is left out");
            return true;
        });
        if (!fact.id.empty() && fact.id != file.stem().string())
            object.problem("id", Severity::Warning,
                           "fact id '" + fact.id + "' differs from its file name '" + file.filename().string() + "'");
        for (const auto& s : fact.series)
            if (s.name.empty() && !s.values.empty())
                object.problem("series", Severity::Warning,
                               "series '" + s.id + "' of the CSV has no display name in 'series'");
        if (!fact.id.empty() && ex.findFact(fact.id)) object.problem("id", Severity::Error, "duplicate fact id '" + fact.id + "'");
        if (reader.hasFatalErrorSince(problemsBefore)) continue;
        if (fact.series.empty()) {
            reader.problem(file, Severity::Error, "the chart has no data; the fact is left out", object.at("data"));
            continue;
        }
        ex.facts.push_back(std::move(fact));
    }
}

} // namespace kiosk::content_detail
