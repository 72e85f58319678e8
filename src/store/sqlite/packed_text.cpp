#include "store/sqlite/packed_text.hpp"

#include <zstd.h>

#include <cstdint>
#include <memory>
#include <new>

namespace threadline::store::sqlite {
namespace {

// Level 1: the ratio on results is within 2% of level 3's at about half the
// time, and compressing happens inside the request.
constexpr int kLevel = 1;

// The skippable frame before a frame packed against a dictionary: zstd's
// skippable-frame magic, the length of what follows (4), then the
// dictionary's number, all little-endian. Standard zstd tools skip it.
constexpr uint32_t kSkippableMagic = 0x184D2A50U;
constexpr size_t kPrefixSize = 12;
constexpr uint32_t kNewestDictionary = 1;

void PutLe32(char* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xFFU);
}

uint32_t GetLe32(std::string_view in) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

struct CctxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DctxFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};
struct CdictFree {
  void operator()(ZSTD_CDict* d) const { ZSTD_freeCDict(d); }
};
struct DdictFree {
  void operator()(ZSTD_DDict* d) const { ZSTD_freeDDict(d); }
};

// The dictionaries, digested once and shared by every thread (zstd reads
// them only). Raw content: the dictionary is exactly the file's bytes, so no
// zstd version can change what it means.
ZSTD_CDict* NewestCdict() {
  static const std::unique_ptr<ZSTD_CDict, CdictFree> cdict(
      ZSTD_createCDict(ResultDictionary1().data(), ResultDictionary1().size(), kLevel));
  return cdict.get();
}

ZSTD_DDict* Ddict(uint32_t number) {
  static const std::unique_ptr<ZSTD_DDict, DdictFree> one(
      ZSTD_createDDict(ResultDictionary1().data(), ResultDictionary1().size()));
  return number == 1 ? one.get() : nullptr;
}

// One context per thread: creating one per call costs more than
// compressing a result. Frames carry a checksum, so a damaged one is an
// error rather than different text.
ZSTD_CCtx* ThreadCctx() {
  thread_local std::unique_ptr<ZSTD_CCtx, CctxFree> cctx = [] {
    std::unique_ptr<ZSTD_CCtx, CctxFree> c(ZSTD_createCCtx());
    ZSTD_CDict* dict = NewestCdict();
    if (c && dict != nullptr) {
      ZSTD_CCtx_refCDict(c.get(), dict);
      ZSTD_CCtx_setParameter(c.get(), ZSTD_c_checksumFlag, 1);
      return c;
    }
    return std::unique_ptr<ZSTD_CCtx, CctxFree>();
  }();
  return cctx.get();
}

ZSTD_DCtx* ThreadDctx() {
  thread_local std::unique_ptr<ZSTD_DCtx, DctxFree> dctx(ZSTD_createDCtx());
  return dctx.get();
}

Error Damaged(std::string_view what, std::string_view why) {
  return Internal("the stored " + std::string(what) + " is damaged (" + std::string(why) + ")");
}

}  // namespace

std::string PackText(std::string_view text) {
  ZSTD_CCtx* cctx = ThreadCctx();
  if (cctx == nullptr) throw std::bad_alloc();
  std::string out(kPrefixSize + ZSTD_compressBound(text.size()), '\0');
  PutLe32(out.data(), kSkippableMagic);
  PutLe32(out.data() + 4, 4);
  PutLe32(out.data() + 8, kNewestDictionary);
  const size_t n = ZSTD_compress2(cctx, out.data() + kPrefixSize, out.size() - kPrefixSize,
                                  text.data(), text.size());
  // The bound is always enough, so compression cannot fail for lack of
  // room; an allocation failure inside zstd is the only way here.
  if (ZSTD_isError(n) != 0U) throw std::bad_alloc();
  out.resize(kPrefixSize + n);
  return out;
}

Result<std::string> UnpackText(std::string_view packed, std::string_view what) {
  const ZSTD_DDict* dict = nullptr;
  if (packed.size() >= kPrefixSize && GetLe32(packed) == kSkippableMagic &&
      GetLe32(packed.substr(4)) == 4) {
    const uint32_t number = GetLe32(packed.substr(8));
    dict = Ddict(number);
    if (dict == nullptr) {
      return Damaged(what, "packed against dictionary " + std::to_string(number) +
                               ", which this version does not hold");
    }
    packed.remove_prefix(kPrefixSize);
  }
  const unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
      size > kMaxUnpackedText) {
    return Damaged(what, "not a whole zstd frame");
  }
  ZSTD_DCtx* dctx = ThreadDctx();
  if (dctx == nullptr) throw std::bad_alloc();
  std::string out(static_cast<size_t>(size), '\0');
  const size_t n = dict != nullptr ? ZSTD_decompress_usingDDict(dctx, out.data(), out.size(),
                                                                packed.data(), packed.size(), dict)
                                   : ZSTD_decompressDCtx(dctx, out.data(), out.size(),
                                                         packed.data(), packed.size());
  if (ZSTD_isError(n) != 0U || n != out.size()) {
    return Damaged(what, ZSTD_isError(n) != 0U ? ZSTD_getErrorName(n) : "shorter than it says");
  }
  return out;
}

}  // namespace threadline::store::sqlite
