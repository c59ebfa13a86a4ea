#include "platform/texture_cache.h"

#include <algorithm>
#include <chrono>
#include <vector>

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
    bytes_ = 0;
    std::lock_guard lock(mutex_);
    ++generation_;
    inFlight_ -= requests_.size();
    requests_.clear();
    done_.clear();
}

void TextureCache::release(const std::filesystem::path& file) {
    for (int c = 0; c < kSizeClasses; ++c) {
        const auto it = entries_.find(keyOf(file, c));
        if (it == entries_.end() || it->second.decoding || !it->second.texture || it->second.lastUsedFrame >= frame_) continue;
        forget(it);
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

std::string TextureCache::keyOf(const std::filesystem::path& file, int sizeClass) {
    return file.string() + '\n' + std::to_string(sizeClass);   // no file name holds a line break
}

int TextureCache::sizeClass(int coverWidth, int coverHeight) const {
    if (coverWidth <= 0 && coverHeight <= 0) return 0;
    int c = 0;
    while (c + 1 < kSizeClasses && coverWidth <= (options_.coverWidth >> (c + 1)) && coverHeight <= (options_.coverHeight >> (c + 1))) ++c;
    return c;
}

ui::ImageTexture TextureCache::get(const std::filesystem::path& file, int coverWidth, int coverHeight) {
    const int wanted = sizeClass(coverWidth, coverHeight);
    // An entry of this class or a larger one (more pixels than needed) serves: its texture, or
    // the placeholder while it decodes or when it failed (never a second decode of the file).
    for (int c = wanted; c >= 0; --c) {
        const std::string key = keyOf(file, c);
        if (auto it = entries_.find(key); it != entries_.end()) {
            touch(key, it->second);
            return it->second.texture;
        }
    }
    const std::string key = keyOf(file, wanted);
    const int decodeWidth = options_.coverWidth >> wanted, decodeHeight = options_.coverHeight >> wanted;
    // Room first: the new image's bytes (at most its cover box and a quarter more, see
    // image_decoder) come out of images not drawn in this frame, before it is decoded, not after.
    makeRoom(static_cast<std::int64_t>(decodeWidth) * decodeHeight * 4 * 25 / 16);
    lru_.push_front(key);
    Entry& entry = entries_[key];
    entry.lru = lru_.begin();
    entry.lastUsedFrame = frame_;
    entry.file = file.string();
    entry.decoding = true;
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(Request{key, file, decodeWidth, decodeHeight, generation_});
        ++inFlight_;
    }
    wake_.notify_one();
    if (options_.decodeInBackground) return {};   // the placeholder until the worker is done
    // Headless: decoded at once for deterministic frames, but on the decode thread as in a
    // window, where the UI thread never decodes (frame CPU is the UI thread's work). Waiting
    // costs the UI thread nothing; a thread started per image cost it 0.1-0.4 ms each.
    {
        std::unique_lock lock(mutex_);
        decoded_.wait(lock, [&] { return inFlight_ == 0; });
    }
    uploadDecoded();
    return entry.texture;
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
        Result<DecodedImage> image = decodeImageForDisplay(request.file, request.coverWidth, request.coverHeight);
        lock.lock();
        --inFlight_;
        if (request.generation == generation_) done_.push_back({Decoded{request.key, std::move(image)}, request.generation});
        decoded_.notify_all();
    }
}

} // namespace kiosk::platform
