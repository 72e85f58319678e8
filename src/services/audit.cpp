#include "services/audit.hpp"

#include "domain/datetime.hpp"

namespace threadline::services {

domain::AuditEntry MakeAuditEntry(const Actor& actor, std::string action, std::string record_type,
                                  domain::Id record_id, int64_t now_seconds) {
  domain::AuditEntry e;
  e.at = domain::FormatTimestamp(now_seconds);
  e.actor_id = actor.user_id;
  e.agency_id = actor.agency_id;
  e.action = std::move(action);
  e.record_type = std::move(record_type);
  e.record_id = std::move(record_id);
  e.request_id = actor.request_id;
  e.source = actor.source;
  return e;
}

Status AuditRead(store::Store& store, const Actor& actor, std::string action,
                 std::string record_type, domain::Id record_id, int64_t now_seconds) {
  const auto entry = MakeAuditEntry(actor, std::move(action), std::move(record_type),
                                    std::move(record_id), now_seconds);
  return store.Write([&](store::WriteTx& tx) { return tx.AppendAudit(entry).status(); });
}

}  // namespace threadline::services
