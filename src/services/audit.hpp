#pragma once
// Audit records for use cases: one entry per read or write of a record.

#include <string>
#include <string_view>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "services/actor.hpp"
#include "store/store.hpp"

namespace threadline::services {

domain::AuditEntry MakeAuditEntry(const Actor& actor, std::string_view action,
                                  std::string_view record_type, std::string_view record_id,
                                  int64_t now_seconds, std::string_view purpose = {});

// Appends one entry per record disclosed (a list, a search, a comparison),
// all together: "who has seen this record" must include those who saw it
// among others. Nothing is appended when `record_ids` is empty. `purposes`,
// when not empty, holds the basis of each disclosure (parallel to
// `record_ids`). The entries go through Store::AppendReadAudit: durable
// before this returns on a plain store, queued and written behind the answer
// on the read-audit queue (store/audit_queue.hpp), which refuses (and so
// withholds the answer) while the log cannot be written.
Status AuditDisclosures(store::Store& store, const Actor& actor, const std::string& action,
                        const std::string& record_type, const std::vector<domain::Id>& record_ids,
                        int64_t now_seconds, const std::vector<std::string>& purposes = {});

// Appends one entry for a read, as AuditDisclosures. The read's answer is
// withheld if the entry cannot be appended.
Status AuditRead(store::Store& store, const Actor& actor, std::string_view action,
                 std::string_view record_type, std::string_view record_id, int64_t now_seconds,
                 std::string_view purpose = {});

}  // namespace threadline::services
