#pragma once
// English given-name equivalence (Robert ~ Bob ~ Rob), read from the bundled
// table data/linkage/nicknames.csv (or a replacement in the data override
// directory). Names are compared in NameTokens form.
//
// Thread-safety: immutable after construction; share freely.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/result.hpp"

namespace threadline::linkage {

// Up to kMaxGroups group ids per name; group 0 means "none".
inline constexpr size_t kMaxNicknameGroups = 3;
using NicknameGroups = std::array<uint16_t, kMaxNicknameGroups>;

class NicknameTable {
 public:
  NicknameTable() = default;

  // Parses the table text: one group per line, comma separated, '#' comments.
  // kInvalidArgument when a line holds fewer than two names or a name is not
  // lower-case ASCII letters.
  static Result<NicknameTable> Parse(std::string_view text);
  // The shipped table (refdata "linkage/nicknames.csv"); kInternal if absent or broken.
  static Result<NicknameTable> Default();

  // The groups a name belongs to (all zero when none).
  NicknameGroups Groups(std::string_view name) const;
  // True when the two names share a group (never true for equal names that
  // are in no group; compare names for equality separately).
  bool Equivalent(std::string_view a, std::string_view b) const;
  size_t group_count() const { return group_count_; }

 private:
  std::unordered_map<std::string, NicknameGroups> groups_;
  size_t group_count_ = 0;
};

// True when two group sets intersect (ignoring 0).
bool SharesGroup(const NicknameGroups& a, const NicknameGroups& b);

}  // namespace threadline::linkage
