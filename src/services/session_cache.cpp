#include "services/session_cache.hpp"

#include <mutex>

namespace threadline::services {

std::optional<SessionCache::Entry> SessionCache::Find(const std::string& token_hash,
                                                      int64_t now) const {
  const std::shared_lock lock(mutex_);
  const auto it = entries_.find(token_hash);
  if (it == entries_.end() || it->second.read_at != now) return std::nullopt;
  return it->second;
}

uint64_t SessionCache::generation() const {
  const std::shared_lock lock(mutex_);
  return generation_;
}

void SessionCache::Put(const std::string& token_hash, Entry entry, uint64_t generation) {
  const std::unique_lock lock(mutex_);
  if (generation != generation_) return;
  if (entries_.size() >= kMaxEntries && !entries_.contains(token_hash)) entries_.clear();
  entries_.insert_or_assign(token_hash, std::move(entry));
}

void SessionCache::ForgetSession(const std::string& token_hash) {
  const std::unique_lock lock(mutex_);
  ++generation_;
  entries_.erase(token_hash);
}

void SessionCache::ForgetUser(const domain::Id& user_id) {
  const std::unique_lock lock(mutex_);
  ++generation_;
  std::erase_if(entries_, [&](const auto& e) { return e.second.user.id == user_id; });
}

}  // namespace threadline::services
