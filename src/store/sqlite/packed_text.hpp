#pragma once
// Large text the SQLite backend keeps compressed: a screening's result is
// about 8.5 KB of JSON, which SQLite stores as a chain of overflow pages, and
// every commit writes whole pages. Compressed (a zstd frame, about a third of
// the size) it fits in its table's page beside other rows, so a screening
// writes a fraction of the pages it did. PostgreSQL compresses large values
// itself and does not use this.

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace threadline::store::sqlite {

// A zstd frame holding `text`.
std::string PackText(std::string_view text);

// The text a PackText frame holds. A frame that is damaged, truncated, not
// zstd or larger than kMaxUnpackedText is an Internal error naming `what`.
Result<std::string> UnpackText(std::string_view packed, std::string_view what);

// No stored document comes near this; a frame claiming more is damaged.
inline constexpr size_t kMaxUnpackedText = size_t{16} << 20;

}  // namespace threadline::store::sqlite
