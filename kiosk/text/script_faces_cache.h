// Which font files draw each script, remembered on disk (`<data>/font-faces.cache`) so that a
// restart does not start fontconfig (reading its configuration costs ~6 ms and the sixteen
// lookups of findScriptFaces another ~4 ms on a 2-core x86 machine, more on a Pi).
//
// The answer of fontconfig depends on its configuration files and on the font folders it
// scans; fontconfig's own caches are checked the same way: a folder's modification time
// changes when a font is installed into it or removed from it. So the file records, with the
// faces, a stamp (modification time in nanoseconds and size) of every configuration file,
// every folder holding one, every font folder fontconfig knows and every chosen font file,
// plus the kiosk version and the environment variables fontconfig reads. The file is used
// only when every stamp still matches; otherwise fontconfig is asked and the file written again
// (temporary file, rename). A file that cannot be parsed is "corrupt" and is rewritten too.
//
// Format (text, one record per line, fields separated by one tab, paths last):
//   kiosk-font-faces 1
//   version <kiosk version>
//   env <NAME>=<value>
//   stamp <mtime ns> <size> <path>
//   face <regular|bold> <index> <size factor x1000> <language> <path>
//   end <number of stamp and face lines>
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/text/font_stack.h"

namespace kiosk::text {

struct ScriptFaces {
    std::vector<FaceSpec> regular;   // findScriptFaces(false)
    std::vector<FaceSpec> bold;      // findScriptFaces(true)
    bool fromCache = false;
    std::string note;                // why the file was not used ("missing", "stale: ...", "corrupt: ...")
};

// The faces of both weights: from `cacheFile` when it is still valid, otherwise from fontconfig
// (and `cacheFile` is written; an empty path: fontconfig every time, nothing written).
ScriptFaces findScriptFacesCached(const std::filesystem::path& cacheFile);

} // namespace kiosk::text
