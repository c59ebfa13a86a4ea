#include "platform/texture_cache.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "kiosk/core/image_decode.h"
#include "kiosk/core/log.h"

namespace kiosk::platform {

TextureCache::TextureCache(TextureFactory& factory, TextureCacheOptions options)
    : factory_(factory), options_(options), worker_([this] { decodeWorker(); }) {}

TextureCache::~TextureCache() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
    clear();
    if (pixel_) factory_.destroyImageTexture(pixel_);
}

void TextureCache::destroy(Entry& entry) {
    if (entry.texture.texture) factory_.destroyImageTexture(entry.texture.texture);
    entry.texture = {};
    bytes_ -= entry.bytes;
    entry.bytes = 0;
}

void TextureCache::clear() {
    for (auto& [key, entry] : entries_) destroy(entry);
    entries_.clear();
    lru_.clear();
    aspects_.clear();
    bytes_ = 0;
    std::lock_guard lock(mutex_);
    ++generation_;
    inFlight_ -= requests_.size();
    requests_.clear();
    done_.clear();
}

void TextureCache::release(const std::filesystem::path& file) {
    // Headless decodes block the frame that asks: an attract loop of eight slides, let go of
    // each time round, decoded 14,400 images in 24 virtual hours (100 s of `wait 86400000`, not
    // 13). There the hint is not taken; the budget still bounds what is kept.
    if (!options_.decodeInBackground) return;
    const std::string name = file.string();
    for (auto it = entries_.begin(); it != entries_.end();) {
        const Entry& entry = it->second;
        const bool goes = entry.file == name && !entry.decoding && entry.texture && entry.lastUsedFrame < frame_;
        if (!goes) { ++it; continue; }
        const auto next = std::next(it);
        forget(it);
        it = next;
    }
}

std::list<std::string>::iterator TextureCache::forget(std::unordered_map<std::string, Entry>::iterator entry) {
    destroy(entry->second);
    const auto next = lru_.erase(entry->second.lru);
    entries_.erase(entry);
    return next;
}

void TextureCache::touch(const std::string& key, Entry& entry) {
    entry.lastUsedFrame = frame_;
    lru_.erase(entry.lru);
    lru_.push_front(key);
    entry.lru = lru_.begin();
}

void TextureCache::upload(Entry& entry, Result<DecodedImage> decoded) {
    entry.decoding = false;
    const std::string& file = entry.file;
    if (!decoded) {
        log::warnOnce("image:" + file, "image " + file + " cannot be shown (" + decoded.error() + "); showing a placeholder");
        ++failed_;
        return;
    }
    DecodedImage& image = *decoded;
    const int width = image.width, height = image.height;
    std::string error;
    void* texture = factory_.createImageTexture(std::move(image), error);
    if (!texture) {
        log::warnOnce("image:" + file, "image " + file + " cannot be shown (" + error + "); showing a placeholder");
        ++failed_;
        return;
    }
    entry.texture = {static_cast<ImTextureID>(texture), width, height};
    entry.bytes = static_cast<std::int64_t>(width) * height * 4;
    bytes_ += entry.bytes;
}

std::string TextureCache::keyOf(const std::filesystem::path& file, int coverWidth, int coverHeight) {
    // No file name holds a line break.
    return file.string() + '\n' + std::to_string(coverWidth) + 'x' + std::to_string(coverHeight);
}

TextureCache::Place TextureCache::place(const std::filesystem::path& file, int coverWidth, int coverHeight) const {
    Place p;
    p.coverWidth = coverWidth <= 0 && coverHeight <= 0 ? options_.coverWidth : coverWidth;
    p.coverHeight = coverWidth <= 0 && coverHeight <= 0 ? options_.coverHeight : coverHeight;
    p.decodeWidth = std::min(p.coverWidth, options_.coverWidth);
    p.decodeHeight = std::min(p.coverHeight, options_.coverHeight);
    p.key = keyOf(file, p.decodeWidth, p.decodeHeight);
    return p;
}

void TextureCache::startDecode(const std::filesystem::path& file, const Place& place) {
    // Room first: the new image's bytes (its cover box, and a quarter more for a picture of
    // another aspect) come out of images not drawn in this frame, before it is decoded, not after.
    makeRoom(static_cast<std::int64_t>(place.decodeWidth) * place.decodeHeight * 4 * 25 / 16);
    lru_.push_front(place.key);
    Entry& entry = entries_[place.key];
    entry.lru = lru_.begin();
    entry.lastUsedFrame = frame_;
    entry.file = file.string();
    entry.decoding = true;
    {
        std::lock_guard lock(mutex_);
        // The whole display: a JPEG's DCT-scaled size within 1.25x is kept (a 4000x3000 photo
        // stays 2000x1500, without a second 11 MB buffer to resize it into at the same time).
        const bool wholeDisplay = place.decodeWidth >= options_.coverWidth && place.decodeHeight >= options_.coverHeight;
        requests_.push_back(Request{place.key, file, place.decodeWidth, place.decodeHeight, !wholeDisplay, generation_});
        ++inFlight_;
    }
    wake_.notify_one();
}

void TextureCache::waitAndUpload() {
    // Headless: decoded at once for deterministic frames, but on the decode thread as in a
    // window, where the UI thread never decodes (frame CPU is the UI thread's work). Waiting
    // costs the UI thread little; a thread started per image cost it 0.1-0.4 ms each.
    {
        std::unique_lock lock(mutex_);
        decoded_.wait(lock, [&] { return inFlight_ == 0; });
    }
    ++decodeWaits_;
    uploadDecoded();
}

ui::ImageTexture TextureCache::get(const std::filesystem::path& file, int askedWidth, int askedHeight) {
    // Every place has a texture of exactly its size (0 x 0: the display's; never more than the
    // display), which the software renderer copies instead of scaling: a card's photo drawn
    // from a texture twice its size cost a bilinear filter and four texels read per pixel, in
    // every frame. (The whole display's texture may be up to 1.25x larger: see below.)
    const Place asked = place(file, askedWidth, askedHeight);
    if (auto it = entries_.find(asked.key); it != entries_.end()) {
        touch(asked.key, it->second);
        // While it decodes in the background, a texture of the file that covers the place
        // stands in for the placeholder.
        if (it->second.decoding) return standIn(file, asked.coverWidth, asked.coverHeight);
        return it->second.texture;
    }
    startDecode(file, asked);
    if (options_.decodeInBackground) return standIn(file, asked.coverWidth, asked.coverHeight);   // until the worker is done
    waitAndUpload();
    return entries_[asked.key].texture;
}

void TextureCache::request(const std::vector<ui::PictureRequest>& pictures) {
    bool started = false;
    for (const ui::PictureRequest& picture : pictures) {
        const Place asked = place(picture.file, picture.coverWidth, picture.coverHeight);
        if (entries_.count(asked.key)) continue;
        startDecode(picture.file, asked);
        started = true;
    }
    if (started && !options_.decodeInBackground) waitAndUpload();   // one wait for them all
}

ui::ImageTexture TextureCache::standIn(const std::filesystem::path& file, int coverWidth, int coverHeight) {
    const std::string name = file.string();
    for (auto& [key, entry] : entries_)
        if (entry.file == name && entry.texture && entry.texture.width >= coverWidth && entry.texture.height >= coverHeight) {
            touch(key, entry);
            return entry.texture;
        }
    return {};
}

ui::ImageTexture TextureCache::peek(const std::filesystem::path& file, int coverWidth, int coverHeight) {
    const Place asked = place(file, coverWidth, coverHeight);
    if (auto it = entries_.find(asked.key); it != entries_.end() && it->second.texture) return it->second.texture;
    if (ui::ImageTexture other = standIn(file, asked.decodeWidth, asked.decodeHeight)) return other;
    if (!pixel_) {
        const std::uint8_t grey[4] = {128, 128, 128, 255};
        std::string error;
        pixel_ = factory_.createImageTexture(DecodedImage::fromStraightRgba(grey, 1, 1), error);
        if (!pixel_) return {};
    }
    return {pixel_, 1, 1};
}

float TextureCache::aspect(const std::filesystem::path& file) {
    std::string name = file.string();
    if (const auto known = aspects_.find(name); known != aspects_.end()) return known->second;
    // Read once a file, from its header (a few small reads, no decode); a file without a
    // readable header gives 0, as its texture will be empty.
    float found = 0;
    if (const Result<ImageInfo> size = readImageSize(file))
        found = static_cast<float>(size->width) / static_cast<float>(size->height);
    aspects_.emplace(std::move(name), found);
    return found;
}

bool TextureCache::beginFrame() {
    ++frame_;
    return options_.decodeInBackground && uploadDecoded();
}

bool TextureCache::uploadDecoded() {
    std::deque<std::pair<Decoded, std::uint64_t>> done;
    std::uint64_t generation;
    {
        std::lock_guard lock(mutex_);
        done.swap(done_);
        generation = generation_;
    }
    bool uploaded = false;
    for (auto& [decoded, decodedGeneration] : done) {
        const auto it = entries_.find(decoded.key);
        if (decodedGeneration != generation || it == entries_.end() || !it->second.decoding) continue;
        upload(it->second, std::move(decoded.image));
        uploaded = true;
    }
    return uploaded;
}

void TextureCache::trim() { makeRoom(0); }

void TextureCache::makeRoom(std::int64_t incomingBytes) {
    // Least recently used first, never what this frame drew.
    auto it = lru_.end();
    while (bytes_ + incomingBytes > options_.budgetBytes && it != lru_.begin()) {
        --it;
        const auto entry = entries_.find(*it);
        if (entry == entries_.end()) { it = lru_.erase(it); continue; }
        if (entry->second.lastUsedFrame >= frame_) break;   // everything before is newer still
        if (entry->second.bytes == 0) continue;              // failed or decoding: costs nothing
        ++evictions_;
        it = forget(entry);   // `it` is the entry's own place in lru_
    }
}

bool TextureCache::loading() const {
    std::lock_guard lock(mutex_);
    return inFlight_ > 0 || !done_.empty();
}

bool TextureCache::waitForDecodes(int limitMs) {
    std::unique_lock lock(mutex_);
    return decoded_.wait_for(lock, std::chrono::milliseconds(limitMs), [&] { return inFlight_ == 0; });
}

void TextureCache::decodeWorker() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stopping_ || !requests_.empty(); });
        if (stopping_) return;
        Request request = std::move(requests_.front());
        requests_.pop_front();
        lock.unlock();
        Result<DecodedImage> image = decodeImageForDisplay(request.file, request.coverWidth, request.coverHeight, request.exact);
        lock.lock();
        --inFlight_;
        if (request.generation == generation_) done_.push_back({Decoded{request.key, std::move(image)}, request.generation});
        decoded_.notify_all();
    }
}

} // namespace kiosk::platform
