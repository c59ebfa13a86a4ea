#include "kiosk/tools/publish/translation_files.h"

#include <expat.h>

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

std::string xmlEscape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

// RFC 4180 records; the separator is the first ',' or ';' outside quotes of the first line.
Result<std::vector<std::vector<std::string>>> parseCsv(std::string_view text, std::vector<int>& lines) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);   // spreadsheets add one
    char separator = ',';
    for (char c : text) {
        if (c == '\n') break;
        if (c == ',' || c == ';') { separator = c; break; }
    }
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, any = false;
    int line = 1, rowLine = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') { cell += '"'; ++i; }
            else if (c == '"') quoted = false;
            else { if (c == '\n') ++line; cell += c; }
            continue;
        }
        if (c == '"') { quoted = true; any = true; }
        else if (c == separator) { row.push_back(std::move(cell)); cell.clear(); any = true; }
        else if (c == '\r') continue;
        else if (c == '\n') {
            if (any || !cell.empty()) { row.push_back(std::move(cell)); rows.push_back(std::move(row)); lines.push_back(rowLine); }
            row.clear(); cell.clear(); any = false;
            ++line;
            rowLine = line;
        } else { cell += c; any = true; }
    }
    if (quoted) return Error{"line " + std::to_string(rowLine) + ": a quoted field is not closed (a missing '\"')"};
    if (any || !cell.empty()) { row.push_back(std::move(cell)); rows.push_back(std::move(row)); lines.push_back(rowLine); }
    return rows;
}

Result<TranslationFile> readCsv(std::string_view text) {
    std::vector<int> lines;
    auto rows = parseCsv(text, lines);
    if (!rows) return Error{rows.error()};
    if (rows->empty()) return Error{"the file is empty"};
    const auto& header = rows->front();
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
    for (const char* needed : {"id", "translation", "target_language"})
        if (!column.count(needed))
            return Error{std::string("line 1: no column '") + needed +
                         "' (the first line must name the columns: source_language,target_language,id,source,translation,note)"};
    TranslationFile out;
    for (std::size_t r = 1; r < rows->size(); ++r) {
        const auto& row = (*rows)[r];
        const auto cell = [&](const char* name) -> std::string {
            const auto it = column.find(name);
            return it != column.end() && it->second < row.size() ? row[it->second] : std::string();
        };
        const std::string target = cell("target_language");
        if (out.targetLanguage.empty()) out.targetLanguage = target;
        else if (!target.empty() && target != out.targetLanguage)
            return Error{"line " + std::to_string(lines[r]) + ": target language '" + target + "' differs from '" +
                         out.targetLanguage + "' above (one language per file)"};
        if (out.sourceLanguage.empty()) out.sourceLanguage = cell("source_language");
        TranslationUnit unit{cell("id"), cell("source"), cell("translation"), cell("note")};
        if (unit.id.empty()) return Error{"line " + std::to_string(lines[r]) + ": the id is empty"};
        out.units.push_back(std::move(unit));
    }
    return out;
}

// XLIFF through expat: <file source-language target-language>, <trans-unit id>, <source>,
// <target>, <note>. Inline markup inside <target> keeps its text.
struct XliffState {
    TranslationFile file;
    std::string* text = nullptr;   // the element whose characters are being collected
    TranslationUnit unit;
    bool inUnit = false;
    std::string error;
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
    const std::string_view element = localName(name);
    if (element == "source" || element == "target" || element == "note") state.text = nullptr;
    else if (element == "trans-unit") {
        state.inUnit = false;
        state.file.units.push_back(std::move(state.unit));
    }
}

void XMLCALL characters(void* data, const char* text, int length) {
    auto& state = *static_cast<XliffState*>(data);
    if (state.text) state.text->append(text, static_cast<std::size_t>(length));
}

Result<TranslationFile> readXliff(std::string_view text) {
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(XML_ParserCreateNS("UTF-8", '|'),
                                                                                          &XML_ParserFree);
    if (!parser) return Error{"cannot create an XML parser"};
    XliffState state;
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), startElement, endElement);
    XML_SetCharacterDataHandler(parser.get(), characters);
    if (XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE) == XML_STATUS_ERROR)
        return Error{"line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": not valid XML: " +
                     XML_ErrorString(XML_GetErrorCode(parser.get()))};
    if (!state.error.empty()) return Error{state.error};
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
            out += "  <file original=\"" + xmlEscape(contentFile) + "\" source-language=\"" + xmlEscape(file.sourceLanguage) +
                   "\" target-language=\"" + xmlEscape(file.targetLanguage) + "\" datatype=\"plaintext\">\n    <body>\n";
            openFile = contentFile;
        }
        out += "      <trans-unit id=\"" + xmlEscape(unit.id) + "\" resname=\"" + xmlEscape(pointer) +
               "\" xml:space=\"preserve\">\n";
        out += "        <source>" + xmlEscape(unit.source) + "</source>\n";
        out += "        <target state=\"" + std::string(unit.translation.empty() ? "needs-translation" : "translated") +
               "\">" + xmlEscape(unit.translation) + "</target>\n";
        if (!unit.note.empty()) out += "        <note>" + xmlEscape(unit.note) + "</note>\n";
        out += "      </trans-unit>\n";
    }
    if (!openFile.empty()) out += "    </body>\n  </file>\n";
    out += "</xliff>\n";
    return out;
}

Result<TranslationFile> readTranslationFile(std::string_view text) {
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
    if (i < text.size() && text[i] == '<') return readXliff(text);
    return readCsv(text);
}

} // namespace kiosk::publish
