#include "kiosk/tools/publish/content_schemas.h"

namespace kiosk::publish {
namespace {

constexpr std::string_view kExhibition = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "exhibition.json (kiosk content format 1, docs/CONTENT.md)",
  "type": "object",
  "definitions": {
    "text": {"description": "A text in several languages: language code -> text",
             "type": ["object", "string"], "additionalProperties": {"type": "string"}},
    "color": {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"},
    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
  },
  "required": ["id", "title", "languages", "default_language", "theme"],
  "properties": {
    "$schema": {"type": "string"}, "$comment": {"type": "string"},
    "format": {"type": "integer", "enum": [1]},
    "id": {"$ref": "#/definitions/id"},
    "sample": {"type": "boolean"},
    "title": {"$ref": "#/definitions/text"},
    "subtitle": {"$ref": "#/definitions/text"},
    "languages": {"type": "array", "minItems": 1, "items": {
      "type": "object", "required": ["code", "name"], "additionalProperties": false,
      "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "dir": {"enum": ["ltr", "rtl"]}}}},
    "default_language": {"type": "string"},
    "fallback": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    "theme": {"type": "object", "additionalProperties": false, "properties": {
      "background": {"$ref": "#/definitions/color"}, "surface": {"$ref": "#/definitions/color"},
      "accent": {"$ref": "#/definitions/color"}, "text": {"$ref": "#/definitions/color"},
      "muted": {"$ref": "#/definitions/color"}}},
    "featured": {"type": "array", "items": {"$ref": "#/definitions/id"}},
    "attract_image": {"type": "string"}
  },
  "additionalProperties": false
}
)json";

constexpr std::string_view kCategories = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "categories.json (kiosk content format 1, docs/CONTENT.md)",
  "type": "array",
  "items": {
    "type": "object",
    "required": ["id", "title"],
    "additionalProperties": false,
    "properties": {
      "$comment": {"type": "string"},
      "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
      "title": {"type": ["object", "string"], "additionalProperties": {"type": "string"}},
      "summary": {"type": ["object", "string"], "additionalProperties": {"type": "string"}},
      "image": {"type": "string"},
      "color": {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"}
    }
  }
}
)json";

constexpr std::string_view kItem = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "items/<id>/item.json (kiosk content format 1, docs/CONTENT.md)",
  "type": "object",
  "definitions": {
    "text": {"type": ["object", "string"], "additionalProperties": {"type": "string"}},
    "date": {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
  },
  "required": ["id", "category", "title", "summary", "story", "origin", "images"],
  "properties": {
    "$schema": {"type": "string"}, "$comment": {"type": "string"},
    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
    "category": {"type": "string"},
    "title": {"$ref": "#/definitions/text"},
    "summary": {"$ref": "#/definitions/text"},
    "story": {"$ref": "#/definitions/text"},
    "origin": {"$ref": "#/definitions/text"},
    "partners": {"$ref": "#/definitions/text"},
    "images": {"type": "array", "minItems": 1, "items": {
      "type": "object", "required": ["file"], "additionalProperties": false,
      "properties": {"file": {"type": "string"}, "caption": {"$ref": "#/definitions/text"}}}},
    "link": {"type": "string", "pattern": "^https?://"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "facts": {"type": "array", "items": {"type": "string"}},
    "available_from": {"$ref": "#/definitions/date"},
    "available_until": {"$ref": "#/definitions/date"},
    "kiosk_tags": {"type": "array", "items": {"type": "string"}}
  },
  "additionalProperties": false
}
)json";

constexpr std::string_view kFact = R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "facts/<id>.json (kiosk content format 1, docs/CONTENT.md)",
  "type": "object",
  "definitions": {"text": {"type": ["object", "string"], "additionalProperties": {"type": "string"}}},
  "required": ["id", "title", "chart", "data", "series", "source"],
  "properties": {
    "$schema": {"type": "string"}, "$comment": {"type": "string"},
    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
    "title": {"$ref": "#/definitions/text"},
    "summary": {"$ref": "#/definitions/text"},
    "chart": {"enum": ["bar", "line"]},
    "unit": {"$ref": "#/definitions/text"},
    "data": {"type": "string", "pattern": "\\.csv$"},
    "csv": {"type": "object", "additionalProperties": false, "properties": {
      "separator": {"enum": [",", ";", "\t"]}, "decimal": {"enum": [".", ","]}}},
    "series": {"type": "object", "additionalProperties": {"$ref": "#/definitions/text"}},
    "notes": {"$ref": "#/definitions/text"},
    "source": {"type": "object", "required": ["name", "year"], "additionalProperties": false, "properties": {
      "name": {"type": "string"}, "year": {"type": "integer"}, "url": {"type": "string"}}}
  },
  "additionalProperties": false
}
)json";

constexpr ContentSchema kSchemas[] = {
    {"exhibition.schema.json", kExhibition},
    {"categories.schema.json", kCategories},
    {"item.schema.json", kItem},
    {"fact.schema.json", kFact},
};

} // namespace

const ContentSchema* contentSchemas(std::size_t& count) {
    count = sizeof(kSchemas) / sizeof(kSchemas[0]);
    return kSchemas;
}

} // namespace kiosk::publish
