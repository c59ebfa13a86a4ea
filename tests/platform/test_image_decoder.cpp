// Decoding for display (platform/image_decoder.h): the pixels come out premultiplied BGRA in
// a PixelBuffer the texture takes over. Checked against stb_image's own RGBA decode of the same
// files (a real JPEG of the sample exhibition, a PNG with transparency written here).
#include <algorithm>
#include <cstdlib>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include <doctest/doctest.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include "platform/image_decoder.h"
#include "platform/pixel_buffer.h"

using kiosk::platform::decodeImageForDisplay;
using kiosk::platform::enlargeBilinear;
using kiosk::platform::DecodedImage;
using kiosk::platform::PixelBuffer;

namespace {

struct StbImage {
    int width = 0, height = 0;
    unsigned char* rgba = nullptr;
    explicit StbImage(const std::filesystem::path& file) {
        int channels = 0;
        rgba = stbi_load(file.c_str(), &width, &height, &channels, 4);
    }
    ~StbImage() { stbi_image_free(rgba); }
    StbImage(const StbImage&) = delete;
    StbImage& operator=(const StbImage&) = delete;
};

int channel(std::uint32_t argb, int shift) { return static_cast<int>((argb >> shift) & 0xFF); }

} // namespace

TEST_SUITE("platform.image_decoder") {

TEST_CASE("pixel buffers: large ones are 2 MiB aligned, writable to the last pixel, and move") {
    PixelBuffer big(1920 * 1080);
    REQUIRE(big.size() == 1920u * 1080u);
    CHECK(reinterpret_cast<std::uintptr_t>(big.data()) % (2 * 1024 * 1024) == 0);
    big.data()[0] = 1;
    big.data()[big.size() - 1] = 2;
    PixelBuffer moved(std::move(big));
    CHECK(big.empty());
    CHECK(big.data() == nullptr);
    REQUIRE(moved.size() == 1920u * 1080u);
    CHECK(moved.data()[0] == 1u);
    CHECK(moved.data()[moved.size() - 1] == 2u);
    PixelBuffer small(16);
    small.data()[15] = 7;
    moved = std::move(small);
    CHECK(moved.size() == 16u);
    CHECK(moved.data()[15] == 7u);
    CHECK(PixelBuffer(0).empty());
}

TEST_CASE("a JPEG decodes to opaque BGRA with the colours stb_image sees") {
    const std::filesystem::path file = std::filesystem::path(KIOSK_SOURCE_DIR) / "content/images/categories/drama-film.jpg";
    StbImage reference(file);
    REQUIRE(reference.rgba != nullptr);
    // Cover size = the image's own: no DCT scaling, no resize, pixel for pixel.
    auto decoded = decodeImageForDisplay(file, reference.width, reference.height);
    REQUIRE_MESSAGE(decoded, (decoded ? "" : decoded.error()));
    REQUIRE(decoded->width == reference.width);
    REQUIRE(decoded->height == reference.height);
    CHECK(decoded->opaque);
    REQUIRE(decoded->pixels.size() == static_cast<std::size_t>(reference.width) * reference.height);
    int worst = 0;
    for (std::size_t i = 0; i < decoded->pixels.size(); ++i) {
        const std::uint32_t p = decoded->pixels.data()[i];
        REQUIRE(channel(p, 24) == 255);
        // libjpeg-turbo and stb_image round the IDCT and upsampling a little differently.
        worst = std::max({worst, std::abs(channel(p, 16) - reference.rgba[i * 4]), std::abs(channel(p, 8) - reference.rgba[i * 4 + 1]),
                          std::abs(channel(p, 0) - reference.rgba[i * 4 + 2])});
    }
    CHECK(worst <= 24);
}

TEST_CASE("a transparent PNG decodes premultiplied, and a larger one is scaled to cover the screen") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kiosk-decoder-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    // 4x2: opaque red, half-transparent green, fully transparent blue, 25 % white; twice.
    const unsigned char rgba[] = {255, 0, 0, 255, 0, 200, 0, 128, 0, 0, 255, 0, 255, 255, 255, 64,
                                  255, 0, 0, 255, 0, 200, 0, 128, 0, 0, 255, 0, 255, 255, 255, 64};
    const auto png = dir / "alpha.png";
    REQUIRE(stbi_write_png(png.c_str(), 4, 2, 4, rgba, 16) != 0);
    auto decoded = decodeImageForDisplay(png, 4, 2);
    REQUIRE_MESSAGE(decoded, (decoded ? "" : decoded.error()));
    CHECK_FALSE(decoded->opaque);
    REQUIRE(decoded->pixels.size() == 8u);
    const std::uint32_t* p = decoded->pixels.data();
    CHECK(p[0] == 0xFFFF0000u);
    CHECK(p[1] == (128u << 24 | ((200u * 128 + 127) / 255) << 8));
    CHECK(p[2] == 0u);
    CHECK(p[3] == (64u << 24 | 64u << 16 | 64u << 8 | 64u));

    // 400x200 shown on a 100x100 screen: scaled once to 200x100 (covers, keeps the aspect).
    std::vector<unsigned char> big(400 * 200 * 4);
    for (std::size_t i = 0; i < big.size(); i += 4) {
        big[i] = 10;
        big[i + 1] = 20;
        big[i + 2] = 30;
        big[i + 3] = 255;
    }
    const auto large = dir / "large.png";
    REQUIRE(stbi_write_png(large.c_str(), 400, 200, 4, big.data(), 400 * 4) != 0);
    auto scaled = decodeImageForDisplay(large, 100, 100);
    REQUIRE_MESSAGE(scaled, (scaled ? "" : scaled.error()));
    CHECK(scaled->width == 200);
    CHECK(scaled->height == 100);
    CHECK(scaled->opaque);
    CHECK(scaled->pixels.data()[100 * 50 + 7] == 0xFF0A141Eu);
    // The exact cover of a place: 400x200 for a 30x10 place is 30x15; for a place larger than
    // the picture, enlarged once to cover it (the renderer copies it, never filters it), with or
    // without exactCover.
    auto small = decodeImageForDisplay(large, 30, 10, true);
    REQUIRE(small);
    CHECK(small->width == 30);
    CHECK(small->height == 15);
    CHECK(small->pixels.data()[30 * 7 + 15] == 0xFF0A141Eu);
    for (const bool exact : {true, false}) {
        auto larger = decodeImageForDisplay(large, 600, 400, exact);
        REQUIRE(larger);
        CHECK(larger->width == 800);
        CHECK(larger->height == 400);
        CHECK(larger->pixels.data()[800 * 200 + 400] == 0xFF0A141Eu);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("a JPEG for a place is resized to exactly cover it, not kept at its DCT-scaled size") {
    // The sample photos are 1600x1000. Without exactCover, a 700x400 place keeps the 800x500 of
    // the 1/2 DCT scale (within 1.25x); with it, the texture is 700x438 (one side exact).
    const auto photo = std::filesystem::path(KIOSK_SOURCE_DIR) / "content/items/african-crafts-ciie/cover.jpg";
    REQUIRE(std::filesystem::exists(photo));
    auto kept = decodeImageForDisplay(photo, 700, 400);
    REQUIRE(kept);
    CHECK(kept->width == 800);
    CHECK(kept->height == 500);
    auto exact = decodeImageForDisplay(photo, 700, 400, true);
    REQUIRE(exact);
    CHECK(exact->width == 700);
    CHECK(exact->height == 438);
    // The whole 1080p display: 1600x1000 enlarged to 1920x1200, drawn as a copy; the colours are
    // the picture's (the centre pixel within a few levels of the file's, decoded as it is).
    auto screen = decodeImageForDisplay(photo, 1920, 1080);
    REQUIRE(screen);
    CHECK(screen->width == 1920);
    CHECK(screen->height == 1200);
    auto original = decodeImageForDisplay(photo, 1600, 1000);
    REQUIRE(original);
    REQUIRE(original->width == 1600);
    const auto channel = [](std::uint32_t p, int shift) { return static_cast<int>((p >> shift) & 0xFF); };
    const std::uint32_t a = screen->pixels.data()[600 * 1920 + 960], b = original->pixels.data()[500 * 1600 + 800];
    for (int shift : {0, 8, 16}) CHECK(std::abs(channel(a, shift) - channel(b, shift)) <= 12);
}

TEST_CASE("enlarging in place gives exactly the pixels of enlarging into another buffer") {
    // The first rows of an in-place enlargement are where the output would overwrite source
    // rows still to be read: small and odd sizes, one side only, and both.
    std::uint32_t seed = 12345;
    const auto next = [&] { seed = seed * 1664525u + 1013904223u; return seed; };
    const int sizes[][4] = {{1600, 1000, 1920, 1200}, {3, 2, 7, 5}, {1, 1, 4, 3}, {5, 5, 5, 9}, {5, 5, 9, 5},
                            {17, 3, 18, 40}, {40, 30, 41, 31}, {2, 7, 64, 8}};
    for (const auto& size : sizes) {
        const int w = size[0], h = size[1], W = size[2], H = size[3];
        CAPTURE(w); CAPTURE(h); CAPTURE(W); CAPTURE(H);
        std::vector<std::uint32_t> source(static_cast<std::size_t>(w) * h);
        for (auto& p : source) p = next();
        std::vector<std::uint32_t> apart(static_cast<std::size_t>(W) * H);
        enlargeBilinear(source.data(), w, h, apart.data(), W, H);
        std::vector<std::uint32_t> inPlace(static_cast<std::size_t>(W) * H, 0xDEADBEEFu);
        std::copy(source.begin(), source.end(), inPlace.begin());
        enlargeBilinear(inPlace.data(), w, h, inPlace.data(), W, H);
        CHECK(inPlace == apart);
        // The corners are the source's corners (pixel centres aligned, edges clamped).
        CHECK(apart.front() == source.front());
        CHECK(apart.back() == source.back());
    }
    // A flat colour stays flat; premultiplied translucent pixels stay premultiplied.
    std::vector<std::uint32_t> flat(6 * 4, 0x80402010u);
    flat.resize(13 * 9);
    enlargeBilinear(flat.data(), 6, 4, flat.data(), 13, 9);
    CHECK(std::all_of(flat.begin(), flat.end(), [](std::uint32_t p) { return p == 0x80402010u; }));
    // Between a black and a white pixel, a ramp that only rises.
    std::vector<std::uint32_t> ramp = {0xFF000000u, 0xFFFFFFFFu};
    ramp.resize(8);
    enlargeBilinear(ramp.data(), 2, 1, ramp.data(), 8, 1);
    for (std::size_t i = 1; i < ramp.size(); ++i) CHECK((ramp[i] & 0xFF) >= (ramp[i - 1] & 0xFF));
    CHECK((ramp[0] & 0xFF) == 0);
    CHECK((ramp[7] & 0xFF) == 0xFF);
}

} // TEST_SUITE
