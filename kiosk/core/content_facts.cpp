// Trade facts: facts/<id>.json (titles, source, chart kind, series names) plus the figures
// in a CSV file, since curators keep figures in spreadsheets.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

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

// One record of the CSV (RFC 4180): its cells, where it starts and each cell starts (1-based
// lines: a quoted cell may span lines), and its text as written (for hints about separators).
struct CsvRecord {
    std::vector<std::string> cells;
    std::vector<int> cellLines;
    int line = 0;
    std::string raw;
    bool blank() const { return cells.size() == 1 && cells[0].empty() && raw.find('"') == std::string::npos; }
};

// Reads records from CSV text as RFC 4180 says: a cell that starts with '"' (after any spaces)
// is quoted until the next lone '"'; inside it, '""' is one '"' and separators and line breaks
// are part of the cell. Outside quotes a line break ends the record; '\r' is dropped.
class CsvRecords {
public:
    CsvRecords(const std::string& data, char separator) : data_(data), separator_(separator) {}

    // The next record; false at the end of the data. `unclosedQuoteLine` is set (and false
    // returned) when a quoted cell is never closed.
    bool next(CsvRecord& record, int& unclosedQuoteLine) {
        unclosedQuoteLine = 0;
        if (at_ >= data_.size()) return false;
        record = CsvRecord{};
        record.line = line_;
        const std::size_t start = at_;
        std::string cell;
        bool quoted = false, wasQuoted = false;
        int cellLine = line_, quoteLine = 0;
        const auto endCell = [&] {
            record.cells.push_back(std::move(cell));
            record.cellLines.push_back(cellLine);
            cell.clear();
            wasQuoted = false;
        };
        while (at_ < data_.size()) {
            const char c = data_[at_++];
            if (quoted) {
                if (c == '"') {
                    if (at_ < data_.size() && data_[at_] == '"') { cell.push_back('"'); ++at_; }
                    else quoted = false;
                } else if (c != '\r') {
                    if (c == '\n') ++line_;
                    cell.push_back(c);
                }
                continue;
            }
            if (c == '\n') { ++line_; break; }
            if (c == '\r') continue;
            if (c == separator_) { endCell(); cellLine = line_; continue; }
            if (c == '"' && !wasQuoted && cell.find_first_not_of(" \t") == std::string::npos) {
                cell.clear();   // spaces before the opening quote are not part of the cell
                quoted = wasQuoted = true;
                quoteLine = line_;
                continue;
            }
            cell.push_back(c);
        }
        record.raw = data_.substr(start, at_ - start);
        if (quoted) {
            unclosedQuoteLine = quoteLine;
            return false;
        }
        endCell();
        return true;
    }

private:
    const std::string& data_;
    char separator_;
    std::size_t at_ = 0;
    int line_ = 1;
};

// Spaces, tabs, line breaks and no-break spaces (U+00A0, as spreadsheets write them) around a
// cell, the same on both sides.
std::string trimmed(const std::string& text) {
    static const std::string kNoBreakSpace = "\xC2\xA0";
    std::size_t begin = 0, end = text.size();
    const auto blankAt = [&](std::size_t i) -> std::size_t {   // length of the blank at i, 0 if none
        if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') return 1;
        return text.compare(i, kNoBreakSpace.size(), kNoBreakSpace) == 0 ? kNoBreakSpace.size() : 0;
    };
    while (begin < end) {
        const std::size_t n = blankAt(begin);
        if (n == 0 || begin + n > end) break;
        begin += n;
    }
    while (end > begin) {
        if (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n' || text[end - 1] == '\r') { --end; continue; }
        if (end - begin >= kNoBreakSpace.size() && text.compare(end - kNoBreakSpace.size(), kNoBreakSpace.size(), kNoBreakSpace) == 0) {
            end -= kNoBreakSpace.size();
            continue;
        }
        break;
    }
    return text.substr(begin, end - begin);
}

// Reads the CSV into `fact`. A row with the wrong number of cells gets one message; otherwise
// every bad cell gets one, naming the row's label, the column's name and the line the cell is
// on. The fact is left out when there is any (returns false).
bool loadCsv(ContentReader& reader, const fs::path& file, const fs::path& factFile, const CsvFormat& format,
             Fact& fact) {
    std::string data;
    if (!reader.readFile(file, limits::kMaxCsvBytes, data)) return false;
    CsvRecords records(data, format.separator);
    CsvRecord record;
    int unclosedQuoteLine = 0;
    int lineNumber = 0;
    std::vector<std::string> header;
    bool ok = true;
    const std::string factName = reader.relative(factFile);
    const auto fail = [&](std::string message) {
        reader.problem(file, Severity::Error, std::move(message), {lineNumber, 0});
        ok = false;
    };
    while (records.next(record, unclosedQuoteLine)) {
        lineNumber = record.line;
        if (record.blank()) continue;
        const std::vector<std::string>& cells = record.cells;
        const std::string& line = record.raw;
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
        std::vector<double> values;
        bool rowOk = true;
        for (std::size_t i = 1; i < cells.size(); ++i) {
            lineNumber = record.cellLines[i];   // a quoted cell before it may have spanned lines
            const std::string written = trimmed(cells[i]);
            std::string text = written;
            if (text.empty()) {
                fail("row '" + label + "' has no value for '" + header[i] + "': write a number (every row needs one per column)");
                rowOk = false;
                continue;
            }
            if (format.decimal == ',') {
                if (text.find('.') != std::string::npos) {
                    fail("row '" + label + "', column '" + header[i] + "': '" + text +
                         "' has a '.', but this file uses a decimal comma (\"decimal\": \",\" in " + factName +
                         "): write " + std::string(text).replace(text.find('.'), 1, ",") + " and no thousands separators");
                    rowOk = false;
                    continue;
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
                fail("row '" + label + "', column '" + header[i] + "': '" + written + "' is not a number: " + hint);
                rowOk = false;
                continue;
            }
            values.push_back(value);
        }
        if (!rowOk) continue;
        fact.labels.push_back(label);
        for (std::size_t i = 1; i < header.size(); ++i) {
            auto it = std::find_if(fact.series.begin(), fact.series.end(),
                                   [&](const FactSeries& s) { return s.id == header[i]; });
            it->values.push_back(values[i - 1]);
        }
    }
    if (unclosedQuoteLine > 0) {
        lineNumber = unclosedQuoteLine;
        fail("a quoted cell starts here and is never closed: add the closing '\"' (a '\"' inside a quoted cell is "
             "written twice: \"\")");
        return false;
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
