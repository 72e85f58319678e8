#include "linkage/nicknames.hpp"

#include "refdata/refdata.hpp"

namespace threadline::linkage {

Result<NicknameTable> NicknameTable::Parse(std::string_view text) {
  NicknameTable table;
  const auto rows = refdata::ParseSimpleTable(text);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() < 2) {
      return InvalidArgument("nickname group " + std::to_string(r + 1) + " has fewer than 2 names");
    }
    const auto group = static_cast<uint16_t>(++table.group_count_);
    for (const auto& name : rows[r]) {
      for (char c : name) {
        if ((c < 'a' || c > 'z') && c != '-') {
          return InvalidArgument("nickname '" + name + "' is not lower-case ASCII");
        }
      }
      std::string key;
      for (char c : name) {
        if (c != '-') key += c;  // same form as NameTokens joined
      }
      auto& slots = table.groups_[key];
      for (auto& slot : slots) {
        if (slot == group) break;
        if (slot == 0) {
          slot = group;
          break;
        }
      }
    }
  }
  return table;
}

Result<NicknameTable> NicknameTable::Default() {
  const auto text = refdata::FromEnvironment().Read("linkage/nicknames.csv");
  if (!text) return Internal("linkage/nicknames.csv missing from reference data");
  auto table = Parse(*text);
  if (!table.ok()) return Internal("linkage/nicknames.csv: " + table.error().message);
  return table;
}

NicknameGroups NicknameTable::Groups(std::string_view name) const {
  auto it = groups_.find(std::string(name));
  return it == groups_.end() ? NicknameGroups{} : it->second;
}

bool NicknameTable::Equivalent(std::string_view a, std::string_view b) const {
  return SharesGroup(Groups(a), Groups(b));
}

bool SharesGroup(const NicknameGroups& a, const NicknameGroups& b) {
  for (uint16_t x : a) {
    if (x == 0) break;
    for (uint16_t y : b) {
      if (y == 0) break;
      if (x == y) return true;
    }
  }
  return false;
}

}  // namespace threadline::linkage
