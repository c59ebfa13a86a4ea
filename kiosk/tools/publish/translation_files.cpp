#include "kiosk/tools/publish/translation_files.h"

#include <expat.h>

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <type_traits>

namespace kiosk::publish {
namespace {

std::string csvField(const std::string& text) {
    if (text.find_first_of(",;\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// XML reads a CR (or CR LF) as LF, and tabs and line breaks inside an attribute as spaces:
// those are written as character references so that they come back as they were.
std::string xmlEscape(std::string_view text, bool attribute) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\r': out += "&#13;"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        default: out += c;
        }
    }
    return out;
}
std::string xmlText(std::string_view text) { return xmlEscape(text, false); }
std::string xmlAttribute(std::string_view text) { return xmlEscape(text, true); }

std::string kib(std::size_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

// RFC 4180 records, handed one by one to `onRow` (with the line the record starts on), so that
// no more than one record's cells are held at a time; the separator is the first ',' or ';'
// outside quotes of the first line. Field length and column count are checked before a byte or
// a cell is added.
using CsvRowVisitor = std::function<Status(std::vector<std::string>& row, int line)>;
Status parseCsv(std::string_view text, const CsvRowVisitor& onRow) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);   // spreadsheets add one
    char separator = ',';
    for (char c : text) {
        if (c == '\n') break;
        if (c == ',' || c == ';') { separator = c; break; }
    }
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, any = false;
    int line = 1, rowLine = 1;
    const auto tooLong = [&] {
        return Error{"line " + std::to_string(line) + ": a field is longer than " + kib(limits::kMaxTranslationFieldBytes)};
    };
    const auto endCell = [&]() -> Status {
        if (row.size() >= limits::kMaxTranslationCsvColumns)
            return Error{"line " + std::to_string(rowLine) + ": more than " + std::to_string(limits::kMaxTranslationCsvColumns) +
                         " columns"};
        row.push_back(std::move(cell));
        cell.clear();
        return {};
    };
    const auto endRow = [&]() -> Status {
        if (auto ended = endCell(); !ended) return ended;
        auto visited = onRow(row, rowLine);
        row.clear();
        return visited;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') { ++i; }
            else if (c == '"') { quoted = false; continue; }
            else if (c == '\n') ++line;
            if (cell.size() >= limits::kMaxTranslationFieldBytes) return tooLong();
            cell += c;
            continue;
        }
        if (c == '"') { quoted = true; any = true; }
        else if (c == separator) {
            if (auto ended = endCell(); !ended) return ended;
            any = true;
        } else if (c == '\r') continue;
        else if (c == '\n') {
            if (any || !cell.empty()) {
                if (auto ended = endRow(); !ended) return ended;
            }
            row.clear(); cell.clear(); any = false;
            ++line;
            rowLine = line;
        } else {
            if (cell.size() >= limits::kMaxTranslationFieldBytes) return tooLong();
            cell += c;
            any = true;
        }
    }
    if (quoted) return Error{"line " + std::to_string(rowLine) + ": a quoted field is not closed (a missing '\"')"};
    if (any || !cell.empty()) return endRow();
    return {};
}

Result<TranslationFile> readCsv(std::string_view text) {
    std::map<std::string, std::size_t> column;
    bool header = true;
    TranslationFile out;
    auto parsed = parseCsv(text, [&](std::vector<std::string>& row, int line) -> Status {
        if (header) {
            header = false;
            for (std::size_t i = 0; i < row.size(); ++i) column[row[i]] = i;
            for (const char* needed : {"id", "translation", "target_language"})
                if (!column.count(needed))
                    return Error{std::string("line 1: no column '") + needed +
                                 "' (the first line must name the columns: source_language,target_language,id,source,translation,note)"};
            return {};
        }
        const auto cell = [&](const char* name) -> std::string {
            const auto it = column.find(name);
            return it != column.end() && it->second < row.size() ? std::move(row[it->second]) : std::string();
        };
        std::string target = cell("target_language");
        if (out.targetLanguage.empty()) out.targetLanguage = target;
        else if (!target.empty() && target != out.targetLanguage)
            return Error{"line " + std::to_string(line) + ": target language '" + target + "' differs from '" +
                         out.targetLanguage + "' above (one language per file)"};
        if (out.sourceLanguage.empty()) out.sourceLanguage = cell("source_language");
        TranslationUnit unit{cell("id"), cell("source"), cell("translation"), cell("note")};
        if (unit.id.empty()) return Error{"line " + std::to_string(line) + ": the id is empty"};
        if (out.units.size() >= limits::kMaxTranslationUnits)
            return Error{"line " + std::to_string(line) + ": more than " + std::to_string(limits::kMaxTranslationUnits) +
                         " texts in one file"};
        out.units.push_back(std::move(unit));
        return {};
    });
    if (!parsed) return Error{parsed.error()};
    if (header) return Error{"the file is empty"};
    return out;
}

// XLIFF through expat: <file source-language target-language>, <trans-unit id>, <source>,
// <target>, <note>. Inline markup inside <target> keeps its text.
struct XliffState {
    TranslationFile file;
    std::string* text = nullptr;   // the element whose characters are being collected
    TranslationUnit unit;
    bool inUnit = false;
    int depth = 0;
    std::string error;
    XML_Parser parser = nullptr;
    // Ends the parse with `message` (the first one counts).
    void fail(std::string message) {
        if (error.empty()) error = "line " + std::to_string(XML_GetCurrentLineNumber(parser)) + ": " + std::move(message);
        text = nullptr;
        XML_StopParser(parser, XML_FALSE);
    }
};

const char* attribute(const char** attributes, const char* name) {
    for (int i = 0; attributes[i]; i += 2)
        if (std::string_view(attributes[i]) == name) return attributes[i + 1];
    return nullptr;
}

std::string_view localName(const char* name) {
    std::string_view n(name);
    const auto colon = n.rfind('|');   // namespace separator given to expat
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

void XMLCALL startElement(void* data, const char* name, const char** attributes) {
    auto& state = *static_cast<XliffState*>(data);
    if (!state.error.empty()) return;
    if (++state.depth > limits::kMaxTranslationXmlDepth)
        return state.fail("elements nested deeper than " + std::to_string(limits::kMaxTranslationXmlDepth));
    for (int i = 0; attributes[i]; ++i)
        if (std::strlen(attributes[i]) > limits::kMaxTranslationFieldBytes)
            return state.fail("an attribute is longer than " + kib(limits::kMaxTranslationFieldBytes));
    const std::string_view element = localName(name);
    if (element == "file") {
        if (const char* source = attribute(attributes, "source-language")) state.file.sourceLanguage = source;
        if (const char* target = attribute(attributes, "target-language")) {
            if (!state.file.targetLanguage.empty() && state.file.targetLanguage != target && state.error.empty())
                state.error = std::string("target language '") + target + "' differs from '" + state.file.targetLanguage + "'";
            state.file.targetLanguage = target;
        }
    } else if (element == "trans-unit") {
        state.unit = {};
        state.inUnit = true;
        if (const char* id = attribute(attributes, "id")) state.unit.id = id;
    } else if (state.inUnit && element == "source" && !state.text) state.text = &state.unit.source;
    else if (state.inUnit && element == "target" && !state.text) state.text = &state.unit.translation;
    else if (state.inUnit && element == "note" && !state.text) state.text = &state.unit.note;
}

void XMLCALL endElement(void* data, const char* name) {
    auto& state = *static_cast<XliffState*>(data);
    if (!state.error.empty()) return;
    --state.depth;
    const std::string_view element = localName(name);
    if (element == "source" || element == "target" || element == "note") state.text = nullptr;
    else if (element == "trans-unit") {
        state.inUnit = false;
        if (state.file.units.size() >= limits::kMaxTranslationUnits)
            return state.fail("more than " + std::to_string(limits::kMaxTranslationUnits) + " texts in one file");
        state.file.units.push_back(std::move(state.unit));
    }
}

void XMLCALL characters(void* data, const char* text, int length) {
    auto& state = *static_cast<XliffState*>(data);
    if (!state.text) return;
    if (state.text->size() + static_cast<std::size_t>(length) > limits::kMaxTranslationFieldBytes)
        return state.fail("a text is longer than " + kib(limits::kMaxTranslationFieldBytes));
    state.text->append(text, static_cast<std::size_t>(length));
}

// XLIFF needs no document type: refusing one refuses entity definitions (expansion bombs) and
// external entities before expat acts on them.
void XMLCALL startDoctype(void* data, const char*, const char*, const char*, int) {
    static_cast<XliffState*>(data)->fail("a <!DOCTYPE> is not allowed in an XLIFF file");
}

void XMLCALL entityDeclaration(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                               const XML_Char*, const XML_Char*) {
    static_cast<XliffState*>(data)->fail("entity declarations are not allowed in an XLIFF file");
}

Result<TranslationFile> readXliff(std::string_view text) {
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(XML_ParserCreateNS("UTF-8", '|'),
                                                                                          &XML_ParserFree);
    if (!parser) return Error{"cannot create an XML parser"};
    XliffState state;
    state.parser = parser.get();
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), startElement, endElement);
    XML_SetCharacterDataHandler(parser.get(), characters);
    XML_SetStartDoctypeDeclHandler(parser.get(), startDoctype);
    XML_SetEntityDeclHandler(parser.get(), entityDeclaration);
    // The size limit (checked by the caller) keeps the length within int.
    const XML_Status parsed = XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE);
    if (!state.error.empty()) return Error{state.error};
    if (parsed == XML_STATUS_ERROR)
        return Error{"line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": not valid XML: " +
                     XML_ErrorString(XML_GetErrorCode(parser.get()))};
    if (state.file.targetLanguage.empty()) return Error{"no target-language on <file>: is this an XLIFF 1.2 file?"};
    return std::move(state.file);
}

} // namespace

bool splitTranslationId(std::string_view id, std::string& file, std::string& pointer) {
    const auto hash = id.find('#');
    if (hash == std::string_view::npos) return false;
    file = std::string(id.substr(0, hash));
    pointer = std::string(id.substr(hash + 1));
    return !file.empty();
}

std::string writeTranslationCsv(const TranslationFile& file) {
    std::string out = "source_language,target_language,id,source,translation,note\n";
    for (const auto& unit : file.units)
        out += csvField(file.sourceLanguage) + "," + csvField(file.targetLanguage) + "," + csvField(unit.id) + "," +
               csvField(unit.source) + "," + csvField(unit.translation) + "," + csvField(unit.note) + "\n";
    return out;
}

std::string writeTranslationXliff(const TranslationFile& file) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n";
    std::string openFile;
    for (const auto& unit : file.units) {
        std::string contentFile, pointer;
        splitTranslationId(unit.id, contentFile, pointer);
        if (contentFile != openFile) {
            if (!openFile.empty()) out += "    </body>\n  </file>\n";
            out += "  <file original=\"" + xmlAttribute(contentFile) + "\" source-language=\"" + xmlAttribute(file.sourceLanguage) +
                   "\" target-language=\"" + xmlAttribute(file.targetLanguage) + "\" datatype=\"plaintext\">\n    <body>\n";
            openFile = contentFile;
        }
        out += "      <trans-unit id=\"" + xmlAttribute(unit.id) + "\" resname=\"" + xmlAttribute(pointer) +
               "\" xml:space=\"preserve\">\n";
        out += "        <source>" + xmlText(unit.source) + "</source>\n";
        out += "        <target state=\"" + std::string(unit.translation.empty() ? "needs-translation" : "translated") +
               "\">" + xmlText(unit.translation) + "</target>\n";
        if (!unit.note.empty()) out += "        <note>" + xmlText(unit.note) + "</note>\n";
        out += "      </trans-unit>\n";
    }
    if (!openFile.empty()) out += "    </body>\n  </file>\n";
    out += "</xliff>\n";
    return out;
}

Result<TranslationFile> readTranslationFile(std::string_view text) {
    if (text.size() > limits::kMaxTranslationFileBytes)
        return Error{"the file is larger than " + std::to_string(limits::kMaxTranslationFileBytes / (1024 * 1024)) +
                     " MiB (a translation file holds texts only)"};
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
    if (i < text.size() && text[i] == '<') return readXliff(text);
    return readCsv(text);
}

} // namespace kiosk::publish
