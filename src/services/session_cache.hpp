#pragma once
// Sessions recently read, so that the requests of a busy session read the
// store about once a second rather than once each.
//
// Promises:
//  - an entry is trusted only within the clock second it was read in, so a
//    session ended or a user changed by another process (the command line)
//    takes effect within a second;
//  - an end or change made through this process (ForgetSession, ForgetUser)
//    takes effect at once, even for a read that was under way when it
//    happened: such a read's entry is not kept (see generation());
//  - at most kMaxEntries are kept; when full, the cache starts afresh.

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "domain/records.hpp"

namespace threadline::services {

class SessionCache {
 public:
  struct Entry {
    domain::Session session;
    domain::User user;
    int64_t read_at = 0;  // clock seconds
  };

  static constexpr size_t kMaxEntries = 4096;

  // The entry for `token_hash`, when it was read in second `now`.
  std::optional<Entry> Find(const std::string& token_hash, int64_t now) const;
  // Counts every Forget; take it before reading the store and give it to Put.
  uint64_t generation() const;
  // Keeps `entry` unless something was forgotten since `generation`.
  void Put(const std::string& token_hash, Entry entry, uint64_t generation);
  void ForgetSession(const std::string& token_hash);
  void ForgetUser(const domain::Id& user_id);

 private:
  mutable std::shared_mutex mutex_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace threadline::services
