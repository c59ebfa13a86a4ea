// TextureCache: the decoded images the screens show, as textures of the display's renderer
// (TextureFactory: SDL textures, or pixman images with the software renderer), within a memory budget.
//
// - Images are decoded at the size they are shown at (platform/image_decoder: libturbojpeg DCT
//   scaling for JPEG, then one resize), exactly covering the place they are drawn in (at most
//   the display): a 400x250 card's photo of a 4000x3000 file is decoded at 1/8 scale and resized
//   to 400x300 (0.5 MB). The software renderer then copies the pixels instead of filtering them
//   in every frame (a picture smaller than its place is enlarged once; one for the whole display
//   larger than it keeps its DCT-scaled size within 1.25x, and is filtered). A file in two places
//   of different sizes has two textures; while one decodes in the background, a texture of the
//   file already in and large enough stands in for the placeholder.
// - The textures' bytes stay within `budgetBytes` ([display] image_memory_mb): before an image
//   is decoded and after each frame (trim()) the least recently used textures not drawn in that
//   frame are destroyed. A frame that itself needs more than the budget keeps what it draws.
// - With `decodeInBackground`, files are decoded on a worker thread; until an image is ready
//   get() returns a stand-in (above) or an empty texture, and the screen draws its placeholder.
//   Headless runs decode at once, so that scripts and goldens are deterministic, on the same
//   decode thread, which get() waits for (the UI thread's CPU per frame then counts what a
//   window's UI thread does).
// Broken, missing or oversized images give an empty texture; each is logged once.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <list>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "kiosk/ui/image_source.h"
#include "platform/display.h"
#include "platform/image_decoder.h"

namespace kiosk::platform {

struct TextureCacheOptions {
    std::int64_t budgetBytes = 256LL * 1024 * 1024;
    int coverWidth = 1920, coverHeight = 1080;   // the display: images never need more pixels
    bool decodeInBackground = false;
};

class TextureCache final : public ui::ImageSource {
public:
    TextureCache(TextureFactory& factory, TextureCacheOptions options);
    ~TextureCache() override;

    ui::ImageTexture get(const std::filesystem::path& file, int coverWidth = 0, int coverHeight = 0) override;
    float aspect(const std::filesystem::path& file) override;
    // The place's texture if it is in, else a texture of the file large enough (standIn()),
    // else a 1x1 texture: the shapes a picture is drawn with, without a decode.
    ui::ImageTexture peek(const std::filesystem::path& file, int coverWidth = 0, int coverHeight = 0) override;
    void clear() override;
    // Destroys the file's textures (every size) not drawn in this frame, when decoding in the
    // background (headless, where decodes block, they stay within the budget); a decode in
    // flight or a file that failed stays as it is.
    void release(const std::filesystem::path& file) override;

    // Main loop, before the UI draws: starts a frame and uploads images decoded meanwhile;
    // returns true when some were uploaded (the screen should be drawn again).
    bool beginFrame();
    // Main loop, after the frame is drawn: evicts least recently used textures over the budget.
    void trim();
    // The pictures a screen about to be drawn for the first time asks for (from its rehearsal,
    // KioskUi::picturesAhead()), before it draws: their decodes start together. Headless waits
    // for them once, instead of once a picture inside the frame; a window decodes them in the
    // background as get() would, a frame earlier.
    void request(const std::vector<ui::PictureRequest>& pictures);
    // True while images are being decoded in the background.
    bool loading() const;
    // Blocks until every decode asked for so far is done, at most `limitMs`; true when done.
    // The next beginFrame() makes them textures. Start-up waits so for the first screen's
    // images: the first frame is then the complete screen, not its placeholders.
    bool waitForDecodes(int limitMs);

    std::size_t textureCount() const { return entries_.size(); }
    std::size_t failedCount() const { return failed_; }
    std::int64_t bytesInUse() const { return bytes_; }
    std::uint64_t evictions() const { return evictions_; }
    std::uint64_t decodeWaits() const { return decodeWaits_; }   // headless: times the UI thread waited for decodes

private:
    struct Entry {
        ui::ImageTexture texture;                  // empty: failed, or still decoding
        std::int64_t bytes = 0;
        std::int64_t lastUsedFrame = 0;
        bool decoding = false;
        std::string file;                          // for messages (the key adds the size)
        std::list<std::string>::iterator lru;      // position in lru_ (front: most recent)
    };
    struct Decoded {
        std::string key;
        Result<DecodedImage> image;
    };
    struct Request {
        std::string key;
        std::filesystem::path file;
        int coverWidth = 0, coverHeight = 0;
        bool exact = true;   // decodeImageForDisplay's exactCover
        std::uint64_t generation = 0;
    };
    static std::string keyOf(const std::filesystem::path& file, int coverWidth, int coverHeight);
    // A place asked for: its cover box (0 x 0: the display's), the size its texture is decoded
    // at (never more than the display) and its entry's key.
    struct Place {
        int coverWidth = 0, coverHeight = 0;
        int decodeWidth = 0, decodeHeight = 0;
        std::string key;
    };
    Place place(const std::filesystem::path& file, int coverWidth, int coverHeight) const;
    // Makes the place's entry (decoding) and queues its decode, after making room for it.
    void startDecode(const std::filesystem::path& file, const Place& place);
    // Headless: waits until every queued decode is done, and makes textures of them.
    void waitAndUpload();
    // A decoded texture of `file` covering the place, or an empty one.
    ui::ImageTexture standIn(const std::filesystem::path& file, int coverWidth, int coverHeight);

    void upload(Entry& entry, Result<DecodedImage> decoded);
    // Makes textures of the decodes done; true when some were uploaded.
    bool uploadDecoded();
    void touch(const std::string& key, Entry& entry);
    // Evicts least recently used textures not drawn in this frame until `incomingBytes` more fit the budget.
    void makeRoom(std::int64_t incomingBytes);
    void destroy(Entry& entry);
    // Destroys an entry's texture and removes it from entries_ and lru_; returns the lru_
    // position after it.
    std::list<std::string>::iterator forget(std::unordered_map<std::string, Entry>::iterator entry);
    void decodeWorker();

    TextureFactory& factory_;
    TextureCacheOptions options_;
    std::unordered_map<std::string, Entry> entries_;
    void* pixel_ = nullptr;                        // peek()'s 1x1 texture, made when first needed
    std::unordered_map<std::string, float> aspects_;   // aspect() of files asked for (0: unreadable)
    std::list<std::string> lru_;
    std::int64_t frame_ = 0;
    std::int64_t bytes_ = 0;
    std::size_t failed_ = 0;
    std::uint64_t evictions_ = 0;
    std::uint64_t decodeWaits_ = 0;
    std::uint64_t generation_ = 0;                 // bumped by clear(): late decodes are dropped

    // The decode thread (get() waits for it unless decodeInBackground).
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable decoded_;   // a decode is done
    std::deque<Request> requests_;
    std::deque<std::pair<Decoded, std::uint64_t>> done_;
    std::size_t inFlight_ = 0;
    bool stopping_ = false;
    std::thread worker_;
};

} // namespace kiosk::platform
