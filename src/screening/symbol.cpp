#include "screening/symbol.hpp"

#include <mutex>
#include <ostream>
#include <unordered_set>

namespace threadline::screening {
namespace {

struct Hash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct Pool {
  std::mutex mu;
  // Node-based: an element's text never moves once inserted, even on rehash
  // (short strings live inside the node).
  std::unordered_set<std::string, Hash, std::equal_to<>> texts;
};

Pool& ThePool() {
  static Pool* pool = new Pool;  // never destroyed: Symbols may be read during exit
  return *pool;
}

}  // namespace

Symbol Symbol::Intern(std::string_view text) {
  Pool& pool = ThePool();
  std::lock_guard lock(pool.mu);
  auto it = pool.texts.find(text);
  if (it == pool.texts.end()) it = pool.texts.emplace(text).first;
  return Symbol(std::string_view(*it));
}

std::ostream& operator<<(std::ostream& os, Symbol s) { return os << s.view(); }

}  // namespace threadline::screening
