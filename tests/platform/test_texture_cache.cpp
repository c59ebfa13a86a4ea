// The image cache (platform/texture_cache.h) on a real headless display with the software
// renderer: images decoded at exactly the size of the place they are drawn in, a texture in
// standing in while another size decodes, the byte budget with least-recently-used eviction.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>

#include <imgui.h>

#include "platform/display.h"
#include "platform/texture_cache.h"

using kiosk::platform::Display;
using kiosk::platform::DisplayOptions;
using kiosk::platform::TextureCache;
using kiosk::platform::TextureCacheOptions;

namespace {

struct HeadlessDisplay {
    ImGuiContext* context = ImGui::CreateContext();
    std::unique_ptr<Display> display;
    HeadlessDisplay() {
        ImGui::GetIO().IniFilename = nullptr;
        DisplayOptions options;
        options.headless = true;
        options.width = 1920;
        options.height = 1080;
        auto opened = Display::open(options);
        REQUIRE_MESSAGE(opened.ok(), "headless display");
        display = std::move(opened.value());
    }
    ~HeadlessDisplay() {
        display.reset();
        ImGui::DestroyContext(context);
    }
};

// A 1600x1000 JPEG of the sample exhibition.
std::filesystem::path photo(const char* item = "african-crafts-ciie") {
    return std::filesystem::path(KIOSK_SOURCE_DIR) / "content/items" / item / "cover.jpg";
}

} // namespace

TEST_SUITE("platform.texture_cache") {

TEST_CASE("every place gets a texture of exactly its size: small for a card, the display's for the whole screen") {
    REQUIRE(std::filesystem::exists(photo()));
    HeadlessDisplay screen;
    TextureCache cache(*screen.display, TextureCacheOptions{});
    // The picture's aspect comes from its header, before (and without) any decode.
    CHECK(cache.aspect(photo()) == doctest::Approx(1.6));
    CHECK(cache.textureCount() == 0u);
    CHECK(cache.bytesInUse() == 0);
    CHECK(cache.aspect(std::filesystem::path(KIOSK_SOURCE_DIR) / "content/no-such-picture.jpg") == 0.0f);
    // peek() starts no decode: a 1x1 stand-in until the picture is in, then its own texture.
    const auto peeked = cache.peek(photo(), 400, 250);
    REQUIRE(peeked);
    CHECK(peeked.width == 1);
    CHECK(cache.textureCount() == 0u);
    CHECK_FALSE(cache.loading());
    // A card 400x250 of a 1600x1000 photo (the same aspect): 400x250, not 1600x1000.
    const auto card = cache.get(photo(), 400, 250);
    REQUIRE(card);
    CHECK(card.width == 400);
    CHECK(card.height == 250);
    CHECK(cache.bytesInUse() == 400 * 250 * 4);
    CHECK(cache.aspect(photo()) == doctest::Approx(1.6));
    CHECK(cache.peek(photo(), 400, 250).texture == card.texture);
    // The same place again: the same texture.
    CHECK(cache.get(photo(), 400, 250).texture == card.texture);
    // A place of another aspect: covered exactly on one side, the other cropped when drawn.
    const auto square = cache.get(photo(), 300, 300);
    REQUIRE(square);
    CHECK(square.width == 480);
    CHECK(square.height == 300);
    // The whole screen: the 1600x1000 picture enlarged once to cover 1920x1080 (drawn as a copy).
    const auto full = cache.get(photo());
    REQUIRE(full);
    CHECK(full.width == 1920);
    CHECK(full.height == 1200);
    CHECK(cache.get(photo(), 1920, 1080).texture == full.texture);
    CHECK(cache.get(photo(), 5000, 5000).texture == full.texture);   // never more than the display
    CHECK(cache.textureCount() == 3u);
    CHECK(cache.bytesInUse() == (400 * 250 + 480 * 300 + 1920 * 1200) * 4);
}

TEST_CASE("decoding in the background: the placeholder first, then the image, which start-up can wait for") {
    REQUIRE(std::filesystem::exists(photo()));
    HeadlessDisplay screen;
    TextureCacheOptions options;
    options.decodeInBackground = true;
    TextureCache cache(*screen.display, options);
    CHECK_FALSE(cache.get(photo(), 400, 250));   // asked: decoding on the worker
    CHECK(cache.textureCount() == 1u);
    CHECK(cache.waitForDecodes(10000));
    CHECK(cache.loading());                        // decoded, not yet a texture
    CHECK_FALSE(cache.get(photo(), 400, 250));     // the same frame: still the placeholder
    CHECK(cache.beginFrame());                     // the next frame makes it a texture
    const auto thumb = cache.get(photo(), 400, 250);
    CHECK(thumb);
    CHECK(thumb.width >= 400);
    CHECK_FALSE(cache.loading());
    CHECK(cache.waitForDecodes(0));                // nothing in flight: at once
    // Another place, smaller: while its own texture decodes, the one in stands in.
    CHECK(cache.get(photo(), 200, 125).texture == thumb.texture);
    CHECK(cache.waitForDecodes(10000));
    CHECK(cache.beginFrame());
    const auto small = cache.get(photo(), 200, 125);
    CHECK(small.width == 200);
    CHECK(small.texture != thumb.texture);
    // A larger place has no stand-in: the placeholder until it is in.
    CHECK_FALSE(cache.get(photo(), 800, 500));
    CHECK(cache.waitForDecodes(10000));
    // A missing file: the wait ends too, and the placeholder stays.
    CHECK_FALSE(cache.get(photo("no-such-item"), 400, 250));
    CHECK(cache.waitForDecodes(10000));
    (void)cache.beginFrame();
    CHECK_FALSE(cache.get(photo("no-such-item"), 400, 250));
}

TEST_CASE("in a window, a released file's textures go unless drawn in this frame, and asked for again it is decoded again") {
    REQUIRE(std::filesystem::exists(photo()));
    HeadlessDisplay screen;
    TextureCacheOptions options;
    options.decodeInBackground = true;   // as in a window
    TextureCache cache(*screen.display, options);
    // Asks, lets the worker decode, and takes the texture in the next frame.
    const auto ready = [&](const std::filesystem::path& file, int w, int h) {
        (void)cache.get(file, w, h);
        REQUIRE(cache.waitForDecodes(10000));
        (void)cache.beginFrame();
        return cache.get(file, w, h);
    };
    const auto other = ready(photo("black-myth-wukong"), 400, 250);
    const auto thumb = ready(photo(), 400, 250);
    const auto full = ready(photo(), 0, 0);
    REQUIRE(other);
    REQUIRE(thumb);
    REQUIRE(full);
    CHECK(cache.get(photo(), 400, 250).texture == thumb.texture);   // both drawn in this frame
    CHECK(cache.textureCount() == 3u);
    cache.release(photo());            // drawn in this frame: kept
    CHECK(cache.textureCount() == 3u);
    (void)cache.beginFrame();
    (void)cache.get(photo("black-myth-wukong"), 400, 250);
    cache.release(photo());            // both sizes go, the other file stays
    CHECK(cache.textureCount() == 1u);
    CHECK(cache.bytesInUse() == static_cast<std::int64_t>(other.width) * other.height * 4);
    CHECK(cache.evictions() == 0u);    // a release is no eviction
    cache.release(photo("no-such-item"));   // nothing to let go: nothing happens
    CHECK(cache.textureCount() == 1u);
    const auto again = ready(photo(), 0, 0);
    REQUIRE(again);
    CHECK(again.width == 1920);
    CHECK(cache.textureCount() == 2u);
}

TEST_CASE("headless, a released file's textures stay (within the budget): its decodes would block every time round") {
    REQUIRE(std::filesystem::exists(photo()));
    HeadlessDisplay screen;
    TextureCache cache(*screen.display, TextureCacheOptions{});
    const auto full = cache.get(photo());
    REQUIRE(full);
    (void)cache.beginFrame();
    cache.release(photo());
    CHECK(cache.textureCount() == 1u);
    CHECK(cache.get(photo()).texture == full.texture);
}

TEST_CASE("over its budget the cache evicts the least recently used images before decoding, never this frame's") {
    HeadlessDisplay screen;
    TextureCacheOptions options;
    options.budgetBytes = 20LL * 1024 * 1024;   // one 1920x1200 image (8.8 MiB) and not the room a second asks first (12.4 MiB); two once in
    TextureCache cache(*screen.display, options);
    cache.beginFrame();
    const auto first = cache.get(photo("african-crafts-ciie"));
    REQUIRE(first);
    cache.trim();
    CHECK(cache.evictions() == 0u);
    // The next frame asks for another full-screen image: room for it (up to 1.25 x 1.25 of a
    // 1920x1080 box) is made before it is decoded, out of the image the frame does not draw.
    cache.beginFrame();
    const auto second = cache.get(photo("jingdezhen-porcelain"));
    REQUIRE(second);
    CHECK(cache.evictions() == 1u);
    CHECK(cache.textureCount() == 1u);
    // Both drawn in one frame: kept, over the budget if need be.
    cache.beginFrame();
    (void)cache.get(photo("jingdezhen-porcelain"));
    const auto again = cache.get(photo("african-crafts-ciie"));
    REQUIRE(again);
    cache.trim();
    CHECK(cache.evictions() == 1u);
    CHECK(cache.textureCount() == 2u);
    // A frame with neither: the budget holds both (17.6 MiB), nothing goes.
    cache.beginFrame();
    cache.trim();
    CHECK(cache.textureCount() == 2u);
    CHECK(cache.bytesInUse() <= options.budgetBytes);
}

TEST_CASE("pictures asked for ahead decode together: headless waits once for them all, a window in the background") {
    const std::vector<kiosk::ui::PictureRequest> cards = {{photo("african-crafts-ciie"), 400, 250},
                                                          {photo("jingdezhen-porcelain"), 400, 250},
                                                          {photo("black-myth-wukong"), 400, 250}};
    {
        HeadlessDisplay screen;
        TextureCache cache(*screen.display, TextureCacheOptions{});
        cache.beginFrame();
        cache.request(cards);
        CHECK(cache.decodeWaits() == 1u);
        CHECK(cache.textureCount() == 3u);
        for (const auto& card : cards) {
            const auto texture = cache.get(card.file, card.coverWidth, card.coverHeight);
            REQUIRE(texture);
            CHECK(texture.width == 400);
        }
        CHECK(cache.decodeWaits() == 1u);   // the screen's own asks found them in
        cache.request(cards);               // nothing new: no wait
        CHECK(cache.decodeWaits() == 1u);
        CHECK(cache.textureCount() == 3u);
        // Asked one by one instead: a wait each.
        (void)cache.get(photo("ne-zha-2"), 400, 250);
        (void)cache.get(photo("paper-cutting"), 400, 250);
        CHECK(cache.decodeWaits() == 3u);
    }
    HeadlessDisplay screen;
    TextureCacheOptions options;
    options.decodeInBackground = true;
    TextureCache cache(*screen.display, options);
    cache.beginFrame();
    cache.request(cards);
    CHECK(cache.decodeWaits() == 0u);   // a window never waits
    CHECK(cache.textureCount() == 3u);
    REQUIRE(cache.waitForDecodes(10000));
    CHECK(cache.beginFrame());          // uploaded
    for (const auto& card : cards) CHECK(cache.get(card.file, card.coverWidth, card.coverHeight));
}

} // TEST_SUITE
