#include "services/audit.hpp"

#include "domain/datetime.hpp"

namespace threadline::services {

namespace {

// The entry of one action by `actor`, as views: the one place an actor's
// fields become an audit entry's.
store::ReadAuditEntry EntryOf(const Actor& actor, std::string_view at, std::string_view action,
                              std::string_view record_type, std::string_view record_id,
                              std::string_view purpose) {
  return {at,        actor.user_id,    actor.agency_id, action, record_type,
          record_id, actor.request_id, actor.source,    purpose};
}

}  // namespace

domain::AuditEntry MakeAuditEntry(const Actor& actor, std::string_view action,
                                  std::string_view record_type, std::string_view record_id,
                                  int64_t now_seconds, std::string_view purpose) {
  return EntryOf(actor, domain::FormatTimestamp(now_seconds), action, record_type, record_id,
                 purpose)
      .ToAuditEntry();
}

Status AuditDisclosures(store::Store& store, const Actor& actor, const std::string& action,
                        const std::string& record_type, const std::vector<domain::Id>& record_ids,
                        int64_t now_seconds, const std::vector<std::string>& purposes) {
  std::vector<domain::AuditEntry> entries;
  entries.reserve(record_ids.size());
  for (size_t i = 0; i < record_ids.size(); ++i) {
    entries.push_back(MakeAuditEntry(actor, action, record_type, record_ids[i], now_seconds,
                                     i < purposes.size() ? purposes[i] : std::string()));
  }
  return store.AppendReadAudit(std::move(entries));
}

Status AuditRead(store::Store& store, const Actor& actor, std::string_view action,
                 std::string_view record_type, std::string_view record_id, int64_t now_seconds,
                 std::string_view purpose) {
  // Views of what the caller holds: every read runs this, and the queue
  // copies them straight into its own buffers.
  const std::string at = domain::FormatTimestamp(now_seconds);
  return store.AppendReadAuditEntry(EntryOf(actor, at, action, record_type, record_id, purpose));
}

}  // namespace threadline::services
