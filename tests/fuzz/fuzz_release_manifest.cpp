// libFuzzer target for release manifests, which the kiosk parses before their signature is
// checked (they come from whatever server the sync URL points at). Properties checked:
// parseManifest never crashes; an accepted manifest has only safe paths and valid hashes, and
// survives serialise -> parse unchanged; unsafePathReason and objectRelativePath take any bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kiosk/core/release_manifest.h"

namespace {
void require(bool condition) {
    if (!condition) std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)kiosk::unsafePathReason(bytes);
    if (kiosk::isSha256Hex(bytes)) require(kiosk::objectRelativePath(bytes).size() == 67);
    auto manifest = kiosk::parseManifest(bytes);
    if (!manifest) return 0;
    for (const auto& file : manifest->files) {
        require(!kiosk::unsafePathReason(file.path));
        require(kiosk::isSha256Hex(file.sha256));
    }
    (void)manifest->totalBytes();
    const std::string again = kiosk::serializeManifest(*manifest);
    auto reparsed = kiosk::parseManifest(again);
    require(reparsed.ok());
    require(kiosk::serializeManifest(*reparsed) == again);
    return 0;
}
