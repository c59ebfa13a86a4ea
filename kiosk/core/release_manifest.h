// A release manifest: what a curator published for one channel. The kiosk trusts it only after
// its detached Ed25519 signature checks out (release_signing.h) and sync_policy.h accepts it.
// The manifest is JSON; its exact bytes are what is signed, so it is never re-serialised on
// the kiosk: the bytes received are the bytes kept.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk {

inline constexpr int kReleaseManifestFormat = 1;

struct ManifestFile {
    std::string path;      // relative, '/'-separated, checked by unsafePathReason()
    std::string sha256;    // 64 lowercase hex digits; also the object's name on the server
    std::uint64_t size = 0;
};

struct ReleaseManifest {
    int format = kReleaseManifestFormat;
    std::uint64_t version = 0;          // strictly increasing per release tree
    std::string channel;
    std::int64_t createdUnix = 0;       // seconds since the epoch, UTC
    std::int64_t expiresUnix = 0;
    std::vector<ManifestFile> files;    // sorted by path, no duplicates

    std::uint64_t totalBytes() const;
};

// The manifest as published (stable key order, one file a line, ends with a newline).
std::string serializeManifest(const ReleaseManifest& manifest);

// Parses and checks the structure: format, types, hash syntax, sizes, safe unique paths.
// Policy (version, channel, expiry, limits) is sync_policy.h's business.
Result<ReleaseManifest> parseManifest(std::string_view bytes);

// Why a manifest path is unsafe to create under a release folder, or nullopt when it is safe:
// empty, absolute, "..", ".", empty segments, backslashes, NUL or control characters, too long.
std::optional<std::string> unsafePathReason(std::string_view path);

bool isSha256Hex(std::string_view text);

// Text from outside (a manifest path, a server's name) made safe for a message or a log line:
// in single quotes, with ' and \ escaped, NUL as \0, newline/CR/tab as \n \r \t, other control
// bytes as \xNN, cut after kMaxQuotedMessageBytes with "...". A NUL can no longer cut a line short
// and a newline can no longer forge a log line.
std::string quotedForMessage(std::string_view text);

// Where an object lives in a release tree or a store: "ab/abcdef..." (two-level fan-out).
std::string objectRelativePath(std::string_view sha256);

} // namespace kiosk
