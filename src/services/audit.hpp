#pragma once
// Audit records for use cases: one entry per read or write of a record.

#include <string>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "services/actor.hpp"
#include "store/store.hpp"

namespace threadline::services {

domain::AuditEntry MakeAuditEntry(const Actor& actor, std::string action, std::string record_type,
                                  domain::Id record_id, int64_t now_seconds,
                                  std::string purpose = {});

// Appends one entry per record disclosed (a list, a search, a comparison),
// all in one transaction: "who has seen this record" must include those who
// saw it among others. Nothing is appended when `record_ids` is empty.
// `purposes`, when not empty, holds the basis of each disclosure (parallel
// to `record_ids`).
Status AuditDisclosures(store::Store& store, const Actor& actor, const std::string& action,
                        const std::string& record_type, const std::vector<domain::Id>& record_ids,
                        int64_t now_seconds, const std::vector<std::string>& purposes = {});

// Appends one entry in its own transaction (for reads, which do not write
// otherwise). The read's answer is withheld if the audit cannot be written.
Status AuditRead(store::Store& store, const Actor& actor, std::string action,
                 std::string record_type, domain::Id record_id, int64_t now_seconds,
                 std::string purpose = {});

}  // namespace threadline::services
