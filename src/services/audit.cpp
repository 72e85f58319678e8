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

Status AuditDisclosures(store::Store& store, const Actor& actor, const std::string& action,
                        const std::string& record_type, const std::vector<domain::Id>& record_ids,
                        int64_t now_seconds) {
  if (record_ids.empty()) return Status::Ok();
  return store.Write([&](store::WriteTx& tx) -> Status {
    for (const auto& id : record_ids) {
      auto a = tx.AppendAudit(MakeAuditEntry(actor, action, record_type, id, now_seconds));
      if (!a.ok()) return a.status();
    }
    return Status::Ok();
  });
}

Status AuditRead(store::Store& store, const Actor& actor, std::string action,
                 std::string record_type, domain::Id record_id, int64_t now_seconds) {
  return AuditDisclosures(store, actor, action, record_type, {std::move(record_id)}, now_seconds);
}

}  // namespace threadline::services
