#pragma once
// Large text the SQLite backend keeps compressed: a screening's result is
// about 8 KB of JSON, which SQLite stores as a chain of overflow pages, and
// every commit writes whole pages. Compressed against a dictionary of a few
// results (a few hundred bytes; alone, a zstd frame is about a third of the
// size) three rows share a page, so a screening writes a fraction of the
// pages it did. PostgreSQL compresses large values itself and does not use
// this.

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace threadline::store::sqlite {

// `text` compressed against the newest dictionary: a zstd skippable frame
// naming the dictionary, then the zstd frame. Results repeat the same
// sentences and keys from one screening to the next, so against a
// dictionary of a few results one packs to about a quarter of what it packs
// to alone, and several rows share a page.
std::string PackText(std::string_view text);

// The text packed in `packed`: as PackText writes it, or a bare zstd frame
// (as rows were written before the dictionary). A frame that is damaged,
// truncated, not zstd, larger than kMaxUnpackedText or packed against a
// dictionary this version does not hold is an Internal error naming `what`.
Result<std::string> UnpackText(std::string_view packed, std::string_view what);

// The bytes of dictionary 1: a few screening results, one a line. They
// never change, since every row packed against them needs these very bytes
// to be read; a better dictionary is added as number 2.
std::string_view ResultDictionary1();

// No stored document comes near this; a frame claiming more is damaged.
inline constexpr size_t kMaxUnpackedText = size_t{16} << 20;

}  // namespace threadline::store::sqlite
