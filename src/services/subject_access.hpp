#pragma once
// Subject access: everything Threadline holds about one person, for a data
// protection officer to check before disclosure (Data Protection Act 2018).
//
// Promises:
//  - the person record in full, and every report they take part in with
//    their role, occurrence date, force, recording and behaviours;
//  - other people in those reports appear only as "third party" with their
//    role: no name, address, identifier or id;
//  - narratives and screening answers, which speak of third parties too, are
//    included and flagged for the officer's review rather than silently cut;
//  - who has consulted the record (from the audit log);
//  - the export itself is audited ("person.subject_export").

#include <string>

#include "domain/result.hpp"
#include "services/actor.hpp"
#include "store/store.hpp"

namespace threadline::services {

// The export as a JSON document. kNotFound for an unknown person.
Result<std::string> ExportSubject(store::Store& store, const Actor& actor,
                                  const domain::Id& person_id, int64_t now_seconds);

}  // namespace threadline::services
