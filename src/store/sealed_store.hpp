#pragma once
// A Store decorator that keeps sensitive fields encrypted at rest.
//
// Every insert seals, and every read opens, these fields (see
// access/field_crypto.hpp for the format):
//   Person.address, Person.postcode, Person.phones, Person.emails,
//   Person.handles, Person.vehicles, Report.summary, Screening.answers_json,
//   Case.referral_reason, CaseItem.body_json, FindingRecord.detail_json,
//   FindingRecord.acknowledgement_note.
// Everything else passes through unchanged, so code above the store (linkage,
// screening, services) sees plain values and needs no change. Each sealed
// value is bound to its column and record (SealedAssociatedData), so a value
// copied into another row does not open.
//
// ListSealedCells and UpdateSealedCell pass through untouched: they deal in
// stored values, for key rotation (ResealAll).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/field_crypto.hpp"
#include "store/store.hpp"

namespace threadline::store {

// Wraps `inner` so the fields above are sealed with `keys`' current key on
// insert and opened on read. A value that does not open (unknown key id,
// tampering, a malformed value) fails the read with kInternal, the detail
// naming the field and record but never its content.
std::unique_ptr<Store> SealSensitiveFields(std::unique_ptr<Store> inner,
                                           std::shared_ptr<access::KeyRing> keys);

// Every sealed column, in the order rotation visits them.
const std::vector<SealedColumn>& AllSealedColumns();
// "table.column", for messages.
std::string_view SealedColumnName(SealedColumn column);

// The associated data a cell is sealed under: "persons.address:<id>",
// "persons.postcode:<id>", "person_identifiers.value:<person id>:<kind>",
// "reports.summary:<id>", "screenings.answers:<id>".
std::string SealedAssociatedData(SealedColumn column, const SealedCell& cell);

struct ResealCounts {
  int64_t resealed = 0;       // was sealed under an older key
  int64_t sealed = 0;         // was plain text written before sealing
  int64_t changed = 0;        // changed underneath while being resealed; a later run will see it
  int64_t failed = 0;         // did not open (unknown key, tampering); left as it was
  std::string first_failure;  // log detail of the first failure
};

struct ResealOptions {
  size_t batch = 500;  // cells per write transaction
  // Called after each batch with the running counts of the column.
  std::function<void(SealedColumn, const ResealCounts&)> progress;
};

// Reseals, under `keys`' current key, every stored value of every sealed
// column that is not under it yet. `store` must be the undecorated store.
// Each batch is read in its own read transaction and written in its own
// short write transaction (only cells still holding the value read are
// replaced), so a server using the same database keeps serving. Safe to run
// again at any time: values already under the current key are skipped.
// Fails only when the store does; values that do not open are counted.
Result<std::vector<std::pair<SealedColumn, ResealCounts>>> ResealAll(
    Store& store, access::KeyRing& keys, const ResealOptions& options = {});

}  // namespace threadline::store
