// JSON Schemas (draft-07) of the content files, so that editors flag mistakes while typing.
// `kiosk-publish new exhibition` writes them into the exhibition's hidden `.schema/` folder
// (hidden files are never published) and the files it writes name theirs in "$schema".
// They describe the format of docs/CONTENT.md; kiosk-publish check stays the authority.
#pragma once
#include <string_view>

namespace kiosk::publish {

struct ContentSchema {
    std::string_view fileName;   // e.g. "item.schema.json"
    std::string_view text;
};

// exhibition, categories, item, fact.
const ContentSchema* contentSchemas(std::size_t& count);

} // namespace kiosk::publish
