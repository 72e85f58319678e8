#pragma once
// Identity resolution for the running server: every stored person record in
// an in-memory online index, new records linked the moment a report stores
// them, and any pair's match explained field by field.
//
// Thread-safe: look-ups share a lock; adding records takes it exclusively.

#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "domain/records.hpp"
#include "domain/result.hpp"
#include "linkage/online_index.hpp"
#include "refdata/refdata.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace threadline::services {

struct PersonLink {
  domain::Id person_id;
  double probability = 0;
  double weight = 0;  // match weight in bits (log2 of the Bayes factor with the prior)
};

class LinkService {
 public:
  // Loads the model (data/linkage/model-v1.json) and indexes every person in
  // the store. Fails when the model or nickname table does not load.
  static Result<std::unique_ptr<LinkService>> Create(store::Store& store,
                                                     const AccessControl& access,
                                                     const refdata::RefData& data, Clock clock);

  // Online linking: adds freshly stored person records to the index.
  void Index(const std::vector<domain::Person>& persons);

  // Other person records that are probably the same individual, strongest
  // first (probability at least `min_probability`). kNotFound for an
  // unknown person or one the actor may not see. The read is audited. The
  // linked records may belong to agencies the actor cannot read: their ids
  // are pointers to ask for sharing (or emergency access), not identities.
  Result<std::vector<PersonLink>> LinksFor(const Actor& actor, const domain::Id& person_id,
                                           double min_probability = 0.5);

  // Records probably the same individual as `person` (not audited: for
  // internal derivations such as course-of-conduct grouping).
  std::vector<PersonLink> Match(const domain::Person& person, double min_probability) const;

  // The field-by-field contribution to the match weight of two records, as
  // JSON text and as readable text. kNotFound when either is unknown or not
  // visible to the actor (the explanation shows both records' values).
  struct ExplainedPair {
    std::string json;
    std::string text;
  };
  Result<ExplainedPair> Explain(const Actor& actor, const domain::Id& a, const domain::Id& b);

  size_t indexed() const;

 private:
  LinkService(store::Store& store, const AccessControl& access, linkage::OnlineIndex index,
              Clock clock)
      : store_(store), access_(access), index_(std::move(index)), clock_(std::move(clock)) {}

  // The person, when the actor may see them (kNotFound otherwise), and the
  // basis of the disclosure for the audit record.
  Result<domain::Person> ReadVisiblePerson(const Actor& actor, const domain::Id& id,
                                           std::string& purpose) const;

  store::Store& store_;
  const AccessControl& access_;
  mutable std::shared_mutex mutex_;
  linkage::OnlineIndex index_;
  Clock clock_;
};

}  // namespace threadline::services
