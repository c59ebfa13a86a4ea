// "Did you mean ...?" for misspelt names (content fields, config keys).
#pragma once
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Levenshtein distance (insertions, deletions, substitutions), byte-wise.
std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is within `maxDistance` edits (default: 2), else empty.
std::string_view closestMatch(std::string_view word, std::span<const std::string_view> candidates,
                              std::size_t maxDistance = 2);
std::string_view closestMatch(std::string_view word, std::initializer_list<std::string_view> candidates,
                              std::size_t maxDistance = 2);

} // namespace kiosk
