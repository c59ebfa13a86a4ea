#include "kiosk/core/suggest.h"

#include <algorithm>

namespace kiosk {

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string_view closestMatch(std::string_view word, std::span<const std::string_view> candidates,
                              std::size_t maxDistance) {
    std::string_view closest;
    std::size_t best = maxDistance + 1;
    for (const auto candidate : candidates) {
        const std::size_t distance = editDistance(word, candidate);
        if (distance < best) { best = distance; closest = candidate; }
    }
    return closest;
}

std::string_view closestMatch(std::string_view word, std::initializer_list<std::string_view> candidates,
                              std::size_t maxDistance) {
    return closestMatch(word, std::span<const std::string_view>(candidates.begin(), candidates.size()), maxDistance);
}

} // namespace kiosk
