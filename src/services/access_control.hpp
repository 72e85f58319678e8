#pragma once
// Access checks for use cases: may this actor perform this action, and for
// one record, may they see it and which fields. Every use case calls these
// before it reads or writes; nothing above the services decides access.
//
// "Not yours" and "no such record" are the same answer (kNotFound), so ids
// cannot be probed.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/policy.hpp"
#include "domain/records.hpp"
#include "domain/result.hpp"
#include "refdata/refdata.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace threadline::services {

// A field the viewer may not see, and why (shown to them, never silent).
struct Withheld {
  std::string field;
  std::string reason;
};

// A record as this viewer may see it: withheld fields are emptied and listed.
template <typename T>
struct Disclosed {
  T record;
  std::string basis;  // "own agency", "agreement CODE", "emergency access ID"
  std::vector<Withheld> withheld;
};

class AccessControl {
 public:
  AccessControl(access::Policy policy, Clock clock)
      : policy_(std::move(policy)),
        clock_(std::move(clock)),
        cache_(std::make_unique<AgreementCache>()) {}

  // Loads data/access/roles.csv.
  static Result<AccessControl> Load(const refdata::RefData& data, Clock clock);

  // kUnauthenticated for an anonymous actor, kPermissionDenied when the role
  // (or a service token's scope) does not grant `action`.
  Status Require(const Actor& actor, std::string_view action) const;
  bool Allows(const Actor& actor, std::string_view action) const;

  // Whether and how `actor` may see one record owned by `owner_agency_id`.
  // Shared rather than copied: the decisions most reads come to (a record
  // of one's own agency, or another's under an agreement) are worked out
  // once and handed out again, so a read builds no disclosure of its own.
  using SharedDisclosure = std::shared_ptr<const access::Disclosure>;
  Result<SharedDisclosure> DiscloseShared(store::ReadTx& tx, const Actor& actor,
                                          std::string_view record_type, const domain::Id& record_id,
                                          const domain::Id& owner_agency_id, bool is_victim) const;
  // The same, as a copy of its own.
  Result<access::Disclosure> Disclose(store::ReadTx& tx, const Actor& actor,
                                      std::string_view record_type, const domain::Id& record_id,
                                      const domain::Id& owner_agency_id, bool is_victim) const;

  // Disclose() for a person record, working out whether they are a victim.
  Result<access::Disclosure> DisclosePerson(store::ReadTx& tx, const Actor& actor,
                                            const domain::Person& person) const;

  // The record when it exists and the actor may see it; nullopt when it does
  // not or they may not (one answer, so ids cannot be probed). An error only
  // when the store fails.
  Result<std::optional<domain::Report>> VisibleReport(store::ReadTx& tx, const Actor& actor,
                                                      const domain::Id& id) const;
  Result<std::optional<domain::Person>> VisiblePerson(store::ReadTx& tx, const Actor& actor,
                                                      const domain::Id& id) const;

  // The agencies whose records of `record_type` the actor may list: their
  // own and those sharing under an agreement in force today. Empty for the
  // system actor, meaning "no restriction" (check `is_system()`).
  Result<std::vector<domain::Id>> VisibleOwners(store::ReadTx& tx, const Actor& actor,
                                                std::string_view record_type) const;

  // Agreements received by `agency_id`, read through a cache: every read
  // of another agency's record needs them, and they change rarely. The cache
  // holds for `kAgreementCacheSeconds` (so other processes' changes are seen
  // soon) and is dropped at once by InvalidateAgreements(). The list is
  // shared, never copied, so a hit costs a look-up and no allocation.
  using AgreementList = std::shared_ptr<const std::vector<domain::SharingAgreement>>;
  Result<AgreementList> AgreementsTo(store::ReadTx& tx, const domain::Id& agency_id) const;
  void InvalidateAgreements() const;
  static constexpr int64_t kAgreementCacheSeconds = 5;

  const access::Policy& policy() const { return policy_; }
  std::string Today() const;
  int64_t Now() const { return clock_(); }

 private:
  struct AgreementCache {
    std::mutex mutex;
    std::map<domain::Id, std::pair<int64_t, AgreementList>, std::less<>> by_agency;
  };

  access::Policy policy_;
  Clock clock_;
  std::unique_ptr<AgreementCache> cache_;  // behind a pointer so the class stays movable
};

// Whether the person is a victim in any report (for field protection).
Result<bool> PersonIsVictim(store::ReadTx& tx, const domain::Id& person_id);

// The purpose recorded in the audit log for a disclosure.
std::string AuditPurpose(const access::Disclosure& disclosure);

// Empties the fields of each withheld field class and lists them.
Disclosed<domain::Person> RedactPerson(domain::Person person, const access::Disclosure& d);
Disclosed<domain::Report> RedactReport(domain::Report report, const access::Disclosure& d);
Disclosed<domain::Screening> RedactScreening(domain::Screening screening,
                                             const access::Disclosure& d);

}  // namespace threadline::services
