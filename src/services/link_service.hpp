#pragma once
// Identity resolution for the running server: every stored person record in
// an in-memory online index, new records linked the moment a report stores
// them, and any pair's match explained field by field.
//
// Human decisions win: a practitioner may decide that two records are the
// same person or are not, with a reason, and undo that decision later. The
// standing decisions are loaded at start and kept in memory beside the index;
// they override the model in every link this service gives (LinksFor, Match,
// Explain) and in the grouping of course-of-conduct findings
// (StandingDecisions).
//
// Thread-safe: look-ups share a lock; adding records and changing decisions
// take it exclusively. Decisions are made one at a time.

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/link_decision.hpp"
#include "domain/records.hpp"
#include "domain/result.hpp"
#include "linkage/online_index.hpp"
#include "refdata/refdata.hpp"
#include "services/access_control.hpp"
#include "services/actor.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace threadline::services {

// A practitioner's decision as one viewer is shown it.
struct DecisionView {
  domain::LinkDecision decision;
  std::string decided_by_name;  // display name of who decided
  std::string undone_by_name;   // and of who undid it
  // False when the viewer may not see the other record of the pair: the
  // reasons and who decided are then left out (the decision and its dates
  // remain), since a reason may describe that record.
  bool details_shown = true;
};

// The decision as the API shows it: id, person_a, person_b, decision,
// active, reason, decided_by, decided_by_name, decided_at, undone_by,
// undone_by_name, undone_at, undo_reason ("details_withheld" when not shown).
boost::json::object DecisionJson(const DecisionView& view);

struct PersonLink {
  domain::Id person_id;
  double probability = 0;        // 1 when a person decided they are the same
  double weight = 0;             // the model's match weight in bits (log2 of the Bayes factor)
  double model_probability = 0;  // what the model alone says
  // The standing "same person" decision on the pair, if a person made one
  // (a "not the same person" decision removes the link instead).
  std::optional<DecisionView> decision;
};

class LinkService {
 public:
  // Loads the model (data/linkage/model-v1.json), indexes every person in
  // the store and loads the standing decisions. Fails when the model or
  // nickname table does not load.
  static Result<std::unique_ptr<LinkService>> Create(store::Store& store,
                                                     const AccessControl& access,
                                                     const refdata::RefData& data, Clock clock);

  // Online linking: adds freshly stored person records to the index.
  void Index(const std::vector<domain::Person>& persons);
  // Person records deleted from the store (retention review): never linked
  // again, and the decisions naming them dropped (the store dropped them too).
  void ForgetPersons(const std::vector<domain::Id>& ids);

  // Other person records that are the same individual, strongest first:
  // those a person decided are (probability 1), then those the model finds
  // with probability at least `min_probability`, less those a person decided
  // are not. kNotFound for an unknown person or one the actor may not see.
  // The read is audited. The linked records may belong to agencies the actor
  // cannot read: their ids are pointers to ask for sharing (or emergency
  // access), not identities; a decision on such a pair is shown without its
  // reason or who made it.
  Result<std::vector<PersonLink>> LinksFor(const Actor& actor, const domain::Id& person_id,
                                           double min_probability = 0.5);

  // LinksFor without access checks or audit (for internal derivations such
  // as the link chart); decisions carry no names.
  std::vector<PersonLink> Match(const domain::Person& person, double min_probability) const;

  // The field-by-field contribution to the match weight of two records, as
  // JSON text and as readable text, with the standing decision on the pair
  // (who, when and why) and the probability it leaves (1 or 0 when decided).
  // kNotFound when either is unknown or not visible to the actor (the
  // explanation shows both records' values).
  struct ExplainedPair {
    std::string json;
    std::string text;
    std::optional<DecisionView> decision;
  };
  Result<ExplainedPair> Explain(const Actor& actor, const domain::Id& a, const domain::Id& b);

  // Records a practitioner's decision on the pair (a, b):
  // {"decision": "same" | "different", "reason": "..."}. Needs `link.decide`
  // and a person (not a service account); kInvalidArgument for a bad body or
  // a == b; kNotFound unless the actor may see both records; kConflict when
  // the pair already has a standing decision (undo it first) or the decision
  // contradicts standing ones (records decided the same person cannot be
  // decided different through a chain of decisions, and the reverse). The
  // decision and its audit entries (one per record) are written together.
  Result<DecisionView> Decide(const Actor& actor, const domain::Id& a, const domain::Id& b,
                              const boost::json::object& body);
  // Undoes the standing decision on the pair: {"reason": "..."}. The same
  // checks; kNotFound when the pair has no standing decision. The decision
  // stays in the history, marked undone.
  Result<DecisionView> Undo(const Actor& actor, const domain::Id& a, const domain::Id& b,
                            const boost::json::object& body);
  // Every decision naming the person, standing and undone, newest first.
  // Needs `link.read`; kNotFound unless the actor may see the person. Audited.
  Result<std::vector<DecisionView>> DecisionsFor(const Actor& actor, const domain::Id& person_id);

  // The standing decisions (for grouping; nothing disclosed).
  std::vector<domain::LinkDecision> StandingDecisions() const;
  // Changes whenever a decision is made or undone, so derived data can tell
  // it must be recomputed.
  uint64_t decisions_version() const;

  size_t indexed() const;

 private:
  LinkService(store::Store& store, const AccessControl& access, linkage::OnlineIndex index,
              Clock clock)
      : store_(store), access_(access), index_(std::move(index)), clock_(std::move(clock)) {}

  // The person, when the actor may see them (kNotFound otherwise), and the
  // basis of the disclosure for the audit record.
  Result<domain::Person> ReadVisiblePerson(const Actor& actor, const domain::Id& id,
                                           std::string& purpose) const;
  // kPermissionDenied unless the actor may decide and is a person (not a
  // service account or the system).
  Status CheckDecider(const Actor& actor) const;
  // kConflict when `decision` would contradict the standing decisions
  // (mutex_ held, shared).
  Status CheckConsistent(const domain::LinkDecision& decision) const;
  // Adds or removes a standing decision in memory (mutex_ held exclusively).
  void Remember(const domain::LinkDecision& decision);
  void Forget(const domain::LinkDecision& decision);
  // The standing decision on a pair (mutex_ held).
  const domain::LinkDecision* StandingOn(const domain::Id& a, const domain::Id& b) const;
  // Display names for who decided and who undid, and whether `actor` may
  // see `other` (details_shown).
  Status Describe(store::ReadTx& tx, const Actor& actor, const domain::Id& other,
                  DecisionView& view) const;

  store::Store& store_;
  const AccessControl& access_;
  mutable std::shared_mutex mutex_;
  linkage::OnlineIndex index_;
  // Where each person record sits in the index (its first entry).
  std::unordered_map<domain::Id, uint32_t> position_;
  // Deleted records: still in the index, which cannot remove, but never matched.
  std::unordered_set<domain::Id> deleted_;
  // Standing decisions, each under both of its records.
  std::unordered_map<domain::Id, std::map<domain::Id, domain::LinkDecision>> decisions_;
  uint64_t decisions_version_ = 0;
  // Held while a decision is checked and written, so two cannot cross.
  std::mutex decide_mutex_;
  Clock clock_;
};

}  // namespace threadline::services
