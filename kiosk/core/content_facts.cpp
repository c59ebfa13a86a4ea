// Trade facts: facts/<id>.json (titles, source, chart kind, series names) plus the figures
// in a CSV file, since curators keep figures in spreadsheets.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include "kiosk/core/content_reader.h"
#include "kiosk/core/limits.h"

namespace kiosk::content_detail {

namespace {

// How a fact's CSV is written: a spreadsheet set to French or German saves "1,5" with ';'
// between columns. Declared in the fact file: "csv": {"separator": ";", "decimal": ","}.
struct CsvFormat {
    char separator = ',';
    char decimal = '.';
};

std::vector<std::string> splitCsvLine(const std::string& text, char separator) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (c == separator && !quoted) { cells.push_back(cell); cell.clear(); }
        else if (c != '\r') cell.push_back(c);
    }
    cells.push_back(cell);
    return cells;
}

std::string trimmed(const std::string& text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    return text.substr(begin, end - begin);
}

// Reads the CSV into `fact`. Every row with a mistake gets one message naming the row's label
// and the column's name; the fact is left out when there is any (returns false).
bool loadCsv(ContentReader& reader, const fs::path& file, const fs::path& factFile, const CsvFormat& format,
             Fact& fact) {
    std::string data;
    if (!reader.readFile(file, limits::kMaxCsvBytes, data)) return false;
    std::istringstream in(data);
    std::string line;
    int lineNumber = 0;
    std::vector<std::string> header;
    bool ok = true;
    const std::string factName = reader.relative(factFile);
    const auto fail = [&](std::string message) {
        reader.problem(file, Severity::Error, std::move(message), {lineNumber, 0});
        ok = false;
    };
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.empty() || line == "\r") continue;
        const auto cells = splitCsvLine(line, format.separator);
        if (header.empty()) {
            header = cells;
            for (auto& name : header) name = trimmed(name);
            if (header.size() < 2) {
                const char other = format.separator == ',' ? ';' : ',';
                if (line.find(other) != std::string::npos || line.find('\t') != std::string::npos) {
                    const std::string used = line.find(other) != std::string::npos ? std::string(1, other) : "a tab";
                    fail("the columns are separated by '" + used + "', not '" + std::string(1, format.separator) +
                         "' (a spreadsheet set to another language?): add \"csv\": {\"separator\": \"" +
                         (used == "a tab" ? std::string("\\t") : used) + "\"" +
                         (other == ';' ? ", \"decimal\": \",\"" : "") + "} to " + factName +
                         ", or save the file with '" + std::string(1, format.separator) + "' between columns");
                } else {
                    fail("the first line must name the columns: label" + std::string(1, format.separator) +
                         "<series id>..., e.g. label" + std::string(1, format.separator) + "exports");
                }
                return false;
            }
            if (static_cast<int>(header.size()) > limits::kMaxCsvColumns) {
                fail("too many columns (" + std::to_string(header.size()) + ", limit " +
                     std::to_string(limits::kMaxCsvColumns) + ")");
                return false;
            }
            for (std::size_t i = 1; i < header.size(); ++i) {
                const auto it = std::find_if(fact.series.begin(), fact.series.end(),
                                             [&](const FactSeries& s) { return s.id == header[i]; });
                if (it == fact.series.end()) fact.series.push_back(FactSeries{header[i], {}, {}});
            }
            continue;
        }
        if (static_cast<int>(fact.labels.size()) >= limits::kMaxChartPoints) {
            fail("too many rows for a chart (limit " + std::to_string(limits::kMaxChartPoints) + ")");
            return false;
        }
        const std::string label = trimmed(cells[0]);
        if (cells.size() < header.size()) {
            std::string missing;
            for (std::size_t i = cells.size(); i < header.size(); ++i) missing += (missing.empty() ? "'" : ", '") + header[i] + "'";
            fail("row '" + label + "' has no value for " + missing + ": add " +
                 (header.size() - cells.size() == 1 ? "it" : "them") + " after a '" + std::string(1, format.separator) + "'");
            continue;
        }
        if (cells.size() > header.size()) {
            std::string hint;
            if (format.separator == ',' && format.decimal == '.')
                hint = " (a decimal comma? write 1.5, not 1,5, or declare \"csv\": {\"separator\": \";\", \"decimal\": \",\"} "
                       "in " + factName + ")";
            fail("row '" + label + "' has " + std::to_string(cells.size()) + " values but the first line names " +
                 std::to_string(header.size()) + " columns" + hint + ": remove the extra ones");
            continue;
        }
        fact.labels.push_back(label);
        std::vector<double> values;
        bool rowOk = true;
        for (std::size_t i = 1; i < cells.size() && rowOk; ++i) {
            std::string text = trimmed(cells[i]);
            if (text.empty()) {
                fail("row '" + label + "' has no value for '" + header[i] + "': write a number (every row needs one per column)");
                rowOk = false;
                break;
            }
            if (format.decimal == ',') {
                if (text.find('.') != std::string::npos) {
                    fail("row '" + label + "', column '" + header[i] + "': '" + text +
                         "' has a '.', but this file uses a decimal comma (\"decimal\": \",\" in " + factName +
                         "): write " + std::string(text).replace(text.find('.'), 1, ",") + " and no thousands separators");
                    rowOk = false;
                    break;
                }
                std::replace(text.begin(), text.end(), ',', '.');
            }
            double value = 0;
            const char* begin = text.data();
            const char* end = text.data() + text.size();
            const auto [parsedEnd, ec] = std::from_chars(begin, end, value);
            if (ec != std::errc() || parsedEnd != end || !std::isfinite(value)) {   // from_chars reads "nan", "inf"
                std::string hint = "write digits only, with '" + std::string(1, format.decimal) +
                                   "' as the decimal point (no units, currency or % signs), e.g. 16" +
                                   std::string(1, format.decimal) + "4";
                if (format.decimal == '.' && text.find(',') != std::string::npos)
                    hint = "a decimal comma? write " + std::string(text).replace(text.find(','), 1, ".") +
                           ", or declare \"csv\": {\"decimal\": \",\"} in " + factName;
                fail("row '" + label + "', column '" + header[i] + "': '" + cells[i] + "' is not a number: " + hint);
                rowOk = false;
                break;
            }
            values.push_back(value);
        }
        if (!rowOk) continue;
        for (std::size_t i = 1; i < header.size(); ++i) {
            auto it = std::find_if(fact.series.begin(), fact.series.end(),
                                   [&](const FactSeries& s) { return s.id == header[i]; });
            it->values.push_back(values[i - 1]);
        }
    }
    if (!ok) return false;
    if (fact.labels.empty()) {
        lineNumber = 0;
        fail("the CSV has no data rows: add one line per label under the first line, e.g. 2024" +
             std::string(1, format.separator) + "17" + std::string(1, format.decimal) + "3");
        return false;
    }
    // Series in the order of the CSV's columns (the JSON object's order is lost by the parser).
    std::stable_sort(fact.series.begin(), fact.series.end(), [&](const FactSeries& a, const FactSeries& b) {
        const auto column = [&](const std::string& id) {
            return std::find(header.begin() + 1, header.end(), id) - header.begin();
        };
        return column(a.id) < column(b.id);
    });
    return true;
}

} // namespace

void loadFacts(ContentReader& reader, Exhibition& ex, std::set<std::string>& broken) {
    const fs::path dir = reader.root() / "facts";
    std::error_code ec;
    for (const auto& file : reader.jsonFilesIn(dir)) {
        const std::size_t problemsBefore = reader.problemCount();
        auto doc = reader.parseJson(file);
        if (!doc) { broken.insert(file.stem().string()); continue; }
        if (!doc->value.is_object()) {
            reader.problem(file, Severity::Error, "a fact file must hold a JSON object", {1, 1});
            continue;
        }
        JsonObject object(reader, *doc, doc->value, "");
        object.checkUnknownFields({"id", "title", "summary", "unit", "notes", "chart", "series", "source", "data", "csv"}, "a fact");
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
            source->checkUnknownFields({"name", "year", "url"}, "a fact's source");
            fact.source.name = source->string("name", true);
            fact.source.url = source->string("url", false);
            if (auto year = source->integer("year", true)) fact.source.year = static_cast<int>(*year);
        }
        CsvFormat format;
        if (auto csvFormat = object.object("csv", false)) {
            csvFormat->checkUnknownFields({"separator", "decimal"}, "'csv'");
            const std::string separator = csvFormat->string("separator", false);
            if (separator == "," || separator == ";" || separator == "\t") format.separator = separator == "\t" ? '\t' : separator[0];
            else if (!separator.empty())
                csvFormat->problem("separator", Severity::Error, "'separator' must be \",\", \";\" or \"\\t\" (a tab), not '" + separator + "'");
            const std::string decimal = csvFormat->string("decimal", false);
            if (decimal == "." || decimal == ",") format.decimal = decimal[0];
            else if (!decimal.empty())
                csvFormat->problem("decimal", Severity::Error, "'decimal' must be \".\" or \",\", not '" + decimal + "'");
            if (format.separator == format.decimal)
                csvFormat->problem("decimal", Severity::Error, "the decimal mark cannot also separate the columns: "
                                                               "use \"separator\": \";\" with \"decimal\": \",\"");
        }
        const fs::path csv = object.path("data", dir, true);
        bool csvOk = false;
        if (!csv.empty() && fs::is_regular_file(csv, ec) && !reader.hasFatalErrorSince(problemsBefore))
            csvOk = loadCsv(reader, csv, file, format, fact);
        if (!csvOk) {   // its own messages say why; no "no data" or "no column" messages after them
            broken.insert(file.stem().string());
            continue;
        }
        // Series named in JSON but absent from the CSV have no values.
        std::erase_if(fact.series, [&](const FactSeries& s) {
            if (s.values.size() == fact.labels.size() && !fact.labels.empty()) return false;
            if (!fact.labels.empty())
                object.problem("series", Severity::Warning, "series '" + s.id + "' has no column in " + reader.relative(csv) +
                                  "; it is left out (add the column, or remove the series)");
            return true;
        });
        if (!fact.id.empty() && fact.id != file.stem().string())
            object.problem("id", Severity::Warning,
                           "fact id '" + fact.id + "' differs from its file name '" + file.filename().string() + "'");
        for (const auto& s : fact.series)
            if (s.name.empty() && !s.values.empty())
                object.problem("series", Severity::Warning,
                               "series '" + s.id + "' of the CSV has no display name in 'series': add \"" + s.id +
                                   "\": {\"" + reader.exampleLanguage() + "\": \"...\"} to 'series'");
        if (!fact.id.empty() && ex.findFact(fact.id)) object.problem("id", Severity::Error, "duplicate fact id '" + fact.id + "'");
        if (reader.hasFatalErrorSince(problemsBefore)) { broken.insert(file.stem().string()); continue; }
        if (fact.series.empty()) {
            reader.problem(file, Severity::Error, "the chart has no data; the fact is left out", object.at("data"));
            continue;
        }
        ex.facts.push_back(std::move(fact));
    }
}

} // namespace kiosk::content_detail
