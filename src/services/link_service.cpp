#include "services/link_service.hpp"

#include <algorithm>
#include <set>

#include "domain/awaiter.hpp"
#include "domain/datetime.hpp"
#include "domain/text.hpp"
#include "linkage/record.hpp"
#include "linkage/scorer.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

constexpr size_t kLoadPage = 5000;
// A reason says why, in a sentence or a paragraph.
constexpr size_t kMinReason = 10;
constexpr size_t kMaxReason = 2000;

boost::json::value TextOrNull(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

// The reason in `body`, checked; an error is added under "reason".
std::string ReadReason(const boost::json::object& body, std::vector<FieldError>& errors) {
  const auto* value = body.if_contains("reason");
  if (value == nullptr) {
    errors.push_back({"reason", "is required: say why"});
    return {};
  }
  if (!value->is_string()) {
    errors.push_back({"reason", "must be a string"});
    return {};
  }
  std::string reason(value->as_string());
  if (!domain::IsValidUtf8(reason) || !domain::HasNoControlCharacters(reason)) {
    errors.push_back({"reason", "must be text without control characters"});
  } else if (const size_t n = domain::CharacterCount(reason); n < kMinReason || n > kMaxReason) {
    errors.push_back({"reason", "say why, in 10 to 2000 characters"});
  }
  return reason;
}

void RejectUnknown(const boost::json::object& body, std::initializer_list<std::string_view> known,
                   std::vector<FieldError>& errors) {
  for (const auto& [key, value] : body) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end()) {
      errors.push_back({std::string(key), "is not a known field"});
    }
  }
}

std::string Words(const domain::LinkDecision& d) {
  return d.same() ? "the same person" : "not the same person";
}

// The audit purpose of a decision or undo on one record: what was done,
// the other record, and the reason given.
std::string Purpose(std::string said, const domain::Id& other, const std::string& reason) {
  said += other;
  said += ": ";
  said += reason;
  return said;
}

// Display names of users, each read once.
class Names {
 public:
  explicit Names(store::ReadTx& tx) : tx_(tx) {}
  Result<std::string> Of(const domain::Id& user_id) {
    if (user_id.empty()) return std::string();
    const auto it = names_.find(user_id);
    if (it != names_.end()) return it->second;
    auto user = tx_.GetUser(user_id);
    if (!user.ok() && user.error().code != ErrorCode::kNotFound) return user.error();
    return names_[user_id] = user.ok() ? user->display_name : std::string();
  }

 private:
  store::ReadTx& tx_;
  std::map<domain::Id, std::string> names_;
};

Status FillNames(Names& names, DecisionView& view) {
  auto decided = names.Of(view.decision.decided_by);
  if (!decided.ok()) return decided.status();
  auto undone = names.Of(view.decision.undone_by);
  if (!undone.ok()) return undone.status();
  view.decided_by_name = std::move(*decided);
  view.undone_by_name = std::move(*undone);
  return Status::Ok();
}

}  // namespace

boost::json::object DecisionJson(const DecisionView& view) {
  const domain::LinkDecision& d = view.decision;
  boost::json::object o{{"id", d.id},
                        {"person_a", d.person_a},
                        {"person_b", d.person_b},
                        {"decision", d.decision},
                        {"active", d.active()},
                        {"decided_at", d.decided_at},
                        {"undone_at", TextOrNull(d.undone_at)}};
  if (view.details_shown) {
    o["reason"] = d.reason;
    o["decided_by"] = d.decided_by;
    o["decided_by_name"] = TextOrNull(view.decided_by_name);
    o["undone_by"] = TextOrNull(d.undone_by);
    o["undone_by_name"] = TextOrNull(view.undone_by_name);
    o["undo_reason"] = TextOrNull(d.undo_reason);
  } else {
    for (const char* key : {"reason", "decided_by", "decided_by_name", "undone_by",
                            "undone_by_name", "undo_reason"}) {
      o[key] = nullptr;
    }
    o["details_withheld"] =
        "the other record is not shared with your agency: ask its owner why it was decided";
  }
  return o;
}

Result<std::unique_ptr<LinkService>> LinkService::Create(store::Store& store,
                                                         const AccessControl& access,
                                                         const refdata::RefData& data,
                                                         Clock clock) {
  const auto model_text = data.Read("linkage/model-v1.json");
  if (!model_text) return Internal("linkage/model-v1.json is missing from the reference data");
  auto model = linkage::ModelFromJson(*model_text);
  if (!model.ok()) return model.error();
  const auto nickname_text = data.Read("linkage/nicknames.csv");
  if (!nickname_text) return Internal("linkage/nicknames.csv is missing from the reference data");
  auto nicknames = linkage::NicknameTable::Parse(*nickname_text);
  if (!nicknames.ok()) return nicknames.error();
  auto index = linkage::OnlineIndex::Create(std::move(*model), std::move(*nicknames));
  if (!index.ok()) return index.error();
  std::unique_ptr<LinkService> service(
      new LinkService(store, access, std::move(*index), std::move(clock)));
  domain::Id after;
  while (true) {
    std::vector<domain::Person> page;
    const Status s = store.Read([&](store::ReadTx& tx) {
      auto p = tx.ListPersons(after, kLoadPage);
      if (p.ok()) page = std::move(*p);
      return p.status();
    });
    if (!s.ok()) return s.error();
    if (page.empty()) break;
    after = page.back().id;
    service->Index(page);
  }
  std::vector<domain::LinkDecision> decisions;
  const Status loaded = store.Read([&](store::ReadTx& tx) {
    auto d = tx.ListLinkDecisions();
    if (d.ok()) decisions = std::move(*d);
    return d.status();
  });
  if (!loaded.ok()) return loaded.error();
  {
    std::unique_lock lock(service->mutex_);
    for (const auto& d : decisions) {
      if (d.active()) service->Remember(d);
    }
  }
  return service;
}

void LinkService::Index(const std::vector<domain::Person>& persons) {
  std::unique_lock lock(mutex_);
  for (const auto& p : persons) position_.try_emplace(p.id, index_.Add(linkage::FromPerson(p)));
}

size_t LinkService::indexed() const {
  std::shared_lock lock(mutex_);
  return index_.size();
}

void LinkService::ForgetPersons(const std::vector<domain::Id>& ids) {
  std::unique_lock lock(mutex_);
  for (const auto& id : ids) {
    deleted_.insert(id);
    position_.erase(id);
    const auto it = decisions_.find(id);
    if (it == decisions_.end()) continue;
    const auto standing = it->second;  // Forget() edits the map being walked
    for (const auto& [other, decision] : standing) Forget(decision);
    ++decisions_version_;
  }
}

void LinkService::Remember(const domain::LinkDecision& decision) {
  decisions_[decision.person_a][decision.person_b] = decision;
  decisions_[decision.person_b][decision.person_a] = decision;
}

void LinkService::Forget(const domain::LinkDecision& decision) {
  for (const auto& [one, other] : {std::pair{decision.person_a, decision.person_b},
                                   std::pair{decision.person_b, decision.person_a}}) {
    const auto it = decisions_.find(one);
    if (it == decisions_.end()) continue;
    it->second.erase(other);
    if (it->second.empty()) decisions_.erase(it);
  }
}

const domain::LinkDecision* LinkService::StandingOn(const domain::Id& a,
                                                    const domain::Id& b) const {
  const auto it = decisions_.find(a);
  if (it == decisions_.end()) return nullptr;
  const auto found = it->second.find(b);
  return found == it->second.end() ? nullptr : &found->second;
}

std::vector<domain::LinkDecision> LinkService::StandingDecisions() const {
  std::vector<domain::LinkDecision> out;
  std::shared_lock lock(mutex_);
  for (const auto& [person, decided] : decisions_) {
    for (const auto& [other, d] : decided) {
      if (person == d.person_a) out.push_back(d);
    }
  }
  return out;
}

uint64_t LinkService::decisions_version() const {
  std::shared_lock lock(mutex_);
  return decisions_version_;
}

std::vector<PersonLink> LinkService::Match(const domain::Person& person,
                                           double min_probability) const {
  std::vector<PersonLink> out;
  const auto record = linkage::FromPerson(person);
  std::shared_lock lock(mutex_);
  std::set<domain::Id> seen;
  for (const auto& m : index_.Link(record)) {
    if (m.id == person.id || deleted_.contains(m.id) || !seen.insert(m.id).second) continue;
    const domain::LinkDecision* decided = StandingOn(person.id, m.id);
    if (decided != nullptr && !decided->same()) continue;  // a person said: not them
    if (decided == nullptr && m.probability < min_probability) continue;
    PersonLink link{m.id, decided != nullptr ? 1.0 : m.probability, m.weight, m.probability, {}};
    if (decided != nullptr) link.decision = DecisionView{*decided, {}, {}, true};
    out.push_back(std::move(link));
  }
  // Records a person decided are this one, though the model did not find them.
  const auto decided = decisions_.find(person.id);
  if (decided != decisions_.end()) {
    for (const auto& [other, d] : decided->second) {
      if (!d.same() || seen.contains(other)) continue;
      PersonLink link{other, 1.0, 0, 0, DecisionView{d, {}, {}, true}};
      const auto at = position_.find(other);
      if (at != position_.end()) {
        if (auto e = index_.Explain(record, at->second); e.ok()) {
          link.weight = e->total_weight;
          link.model_probability = e->probability;
        }
      }
      out.push_back(std::move(link));
    }
  }
  // Decided links first, then the model's, strongest first.
  std::stable_sort(out.begin(), out.end(), [](const PersonLink& x, const PersonLink& y) {
    if (x.decision.has_value() != y.decision.has_value()) return x.decision.has_value();
    if (x.probability != y.probability) return x.probability > y.probability;
    return x.weight > y.weight;
  });
  return out;
}

Result<domain::Person> LinkService::ReadVisiblePerson(const Actor& actor, const domain::Id& id,
                                                      std::string& purpose) const {
  if (!domain::IsWellFormedId(id)) return NotFound("no such person");
  Result<domain::Person> out = NotFound("no such person");
  const Status s = store_.Read([&](store::ReadTx& tx) -> Status {
    out = tx.GetPerson(id);
    if (!out.ok()) return out.status();
    auto d = access_.DisclosePerson(tx, actor, *out);
    if (!d.ok()) return d.status();
    if (!d->visible) return NotFound("no such person");
    purpose = AuditPurpose(*d);
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return out;
}

Status LinkService::Describe(store::ReadTx& tx, const Actor& actor, const domain::Id& other,
                             DecisionView& view) const {
  auto visible = access_.VisiblePerson(tx, actor, other);
  if (!visible.ok()) return visible.status();
  view.details_shown = visible->has_value();
  if (!view.details_shown) return Status::Ok();
  Names names(tx);
  return FillNames(names, view);
}

Result<std::vector<PersonLink>> LinkService::LinksFor(const Actor& actor,
                                                      const domain::Id& person_id,
                                                      double min_probability) {
  if (Status s = access_.Require(actor, "link.read"); !s.ok()) return s.error();
  std::string purpose;
  auto person = ReadVisiblePerson(actor, person_id, purpose);
  if (!person.ok()) return person.error();
  std::vector<PersonLink> out = Match(*person, min_probability);
  if (std::any_of(out.begin(), out.end(), [](const PersonLink& l) { return l.decision; })) {
    const Status described = store_.Read([&](store::ReadTx& tx) -> Status {
      for (auto& link : out) {
        if (!link.decision) continue;
        if (Status s = Describe(tx, actor, link.person_id, *link.decision); !s.ok()) return s;
      }
      return Status::Ok();
    });
    if (!described.ok()) return described.error();
  }
  if (Status s = AuditRead(store_, actor, "person.links", "person", person_id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return out;
}

Result<LinkService::ExplainedPair> LinkService::Explain(const Actor& actor, const domain::Id& a,
                                                        const domain::Id& b) {
  if (Status s = access_.Require(actor, "link.read"); !s.ok()) return s.error();
  std::string purpose_a;
  std::string purpose_b;
  auto first = ReadVisiblePerson(actor, a, purpose_a);
  if (!first.ok()) return first.error();
  auto second = ReadVisiblePerson(actor, b, purpose_b);
  if (!second.ok()) return second.error();
  const auto ra = linkage::FromPerson(*first);
  const auto rb = linkage::FromPerson(*second);
  linkage::Explanation e;
  ExplainedPair out;
  {
    std::shared_lock lock(mutex_);
    e = index_.ExplainPair(ra, rb);
    if (const auto* d = StandingOn(a, b); d != nullptr)
      out.decision = DecisionView{*d, {}, {}, true};
  }
  if (out.decision) {
    const Status named = store_.Read([&](store::ReadTx& tx) {
      Names names(tx);
      return FillNames(names, *out.decision);
    });
    if (!named.ok()) return named.error();
  }
  boost::json::object root =
      boost::json::parse(linkage::ExplanationToJson(e, &ra, &rb)).as_object();
  out.text = linkage::ExplanationToText(e, &ra, &rb);
  if (out.decision) {
    const domain::LinkDecision& d = out.decision->decision;
    root["probability"] = d.same() ? 1.0 : 0.0;
    root["decided_by_person"] = true;
    root["decision"] = DecisionJson(*out.decision);
    const std::string who = out.decision->decided_by_name.empty()
                                ? d.decided_by
                                : out.decision->decided_by_name + " (" + d.decided_by + ")";
    out.text += "decided        " + Words(d) + ", by " + who + " at " + d.decided_at + ": " +
                d.reason + "\n";
    out.text += std::string("               the decision overrides the model: probability ") +
                (d.same() ? "1" : "0") + "\n";
  } else {
    root["probability"] = e.probability;
    root["decided_by_person"] = false;
    root["decision"] = nullptr;
  }
  out.json = boost::json::serialize(root);
  const Status audited = AuditDisclosures(store_, actor, "person.link_explain", "person", {a, b},
                                          clock_(), {purpose_a, purpose_b});
  if (!audited.ok()) return audited.error();
  return out;
}

Status LinkService::CheckDecider(const Actor& actor) const {
  if (Status s = access_.Require(actor, "link.decide"); !s.ok()) return s;
  if (actor.user_id.empty() || actor.role == "service" || actor.is_system()) {
    return PermissionDenied("only a person signed in may decide who is the same person");
  }
  return Status::Ok();
}

Status LinkService::CheckConsistent(const domain::LinkDecision& decision) const {
  // The records joined to `from` by standing "same person" decisions.
  auto joined = [this](const domain::Id& from) {
    std::set<domain::Id> out = {from};
    std::vector<domain::Id> todo = {from};
    while (!todo.empty()) {
      const domain::Id at = todo.back();
      todo.pop_back();
      const auto it = decisions_.find(at);
      if (it == decisions_.end()) continue;
      for (const auto& [other, d] : it->second) {
        if (d.same() && out.insert(other).second) todo.push_back(other);
      }
    }
    return out;
  };
  std::set<domain::Id> group = joined(decision.person_a);
  if (!decision.same()) {
    if (!group.contains(decision.person_b)) return Status::Ok();
    Error e = Conflict(
        "these records are the same person through other standing decisions: undo one of "
        "those first");
    e.allowed = {"undo a decision that joins them"};
    return e;
  }
  group.merge(joined(decision.person_b));
  for (const auto& member : group) {
    const auto it = decisions_.find(member);
    if (it == decisions_.end()) continue;
    for (const auto& [other, d] : it->second) {
      if (d.same() || !group.contains(other)) continue;
      Error e = Conflict("records " + d.person_a + " and " + d.person_b +
                         " were decided not the same person, and this decision would join "
                         "them: undo that decision first");
      e.allowed = {"undo the decision that they are not the same person"};
      return e;
    }
  }
  return Status::Ok();
}

Result<DecisionView> LinkService::Decide(const Actor& actor, const domain::Id& a,
                                         const domain::Id& b, const boost::json::object& body) {
  if (Status s = CheckDecider(actor); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  RejectUnknown(body, {"decision", "reason"}, errors);
  std::string decision;
  if (const auto* value = body.if_contains("decision"); value == nullptr) {
    errors.push_back({"decision", "is required: same or different"});
  } else if (!value->is_string() || (value->as_string() != domain::kSamePerson &&
                                     value->as_string() != domain::kDifferentPerson)) {
    errors.push_back({"decision", "must be same or different"});
  } else {
    decision = std::string(value->as_string());
  }
  std::string reason = ReadReason(body, errors);
  if (a == b) errors.push_back({"b", "must be another person record than a"});
  if (!errors.empty()) return InvalidArgument("the decision is not valid", std::move(errors));
  if (!domain::IsWellFormedId(a) || !domain::IsWellFormedId(b)) return NotFound("no such person");

  std::lock_guard one_at_a_time(decide_mutex_);
  const KeepThread held_over_the_write;  // the lock belongs to this thread
  const int64_t now = clock_();
  domain::LinkDecision d;
  d.id = domain::NewId();
  std::tie(d.person_a, d.person_b) = domain::CanonicalPair(a, b);
  d.decision = std::move(decision);
  d.reason = std::move(reason);
  d.decided_by = actor.user_id;
  d.decided_at = domain::FormatTimestamp(now);
  DecisionView view{d, {}, {}, true};
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    for (const auto& id : {a, b}) {
      auto visible = access_.VisiblePerson(tx, actor, id);
      if (!visible.ok()) return visible.status();
      if (!visible->has_value()) return NotFound("no such person");
    }
    auto standing = tx.GetStandingLinkDecision(a, b);
    if (standing.ok()) {
      Error e = Conflict("a person already decided these records are " + Words(*standing) + " (" +
                         standing->decided_at + "): undo that decision first");
      e.allowed = {"undo the decision"};
      return e;
    }
    if (standing.error().code != ErrorCode::kNotFound) return standing.status();
    {
      std::shared_lock lock(mutex_);
      if (Status s = CheckConsistent(d); !s.ok()) return s;
    }
    if (Status s = tx.InsertLinkDecision(d); !s.ok()) return s;
    const std::string said =
        d.same() ? "decided the same person as " : "decided not the same person as ";
    for (const auto& [one, other] : {std::pair{a, b}, std::pair{b, a}}) {
      auto audited = tx.AppendAudit(MakeAuditEntry(actor, "person.link_decide", "person", one, now,
                                                   Purpose(said, other, d.reason)));
      if (!audited.ok()) return audited.status();
    }
    Names names(tx);
    return FillNames(names, view);
  });
  if (!written.ok()) return written.error();
  {
    std::unique_lock lock(mutex_);
    Remember(d);
    ++decisions_version_;
  }
  return view;
}

Result<DecisionView> LinkService::Undo(const Actor& actor, const domain::Id& a, const domain::Id& b,
                                       const boost::json::object& body) {
  if (Status s = CheckDecider(actor); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  RejectUnknown(body, {"reason"}, errors);
  std::string reason = ReadReason(body, errors);
  if (a == b) errors.push_back({"b", "must be another person record than a"});
  if (!errors.empty()) return InvalidArgument("the undo is not valid", std::move(errors));
  if (!domain::IsWellFormedId(a) || !domain::IsWellFormedId(b)) return NotFound("no such person");

  std::lock_guard one_at_a_time(decide_mutex_);
  const KeepThread held_over_the_write;  // the lock belongs to this thread
  const int64_t now = clock_();
  DecisionView view;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    for (const auto& id : {a, b}) {
      auto visible = access_.VisiblePerson(tx, actor, id);
      if (!visible.ok()) return visible.status();
      if (!visible->has_value()) return NotFound("no such person");
    }
    auto standing = tx.GetStandingLinkDecision(a, b);
    if (!standing.ok()) {
      if (standing.error().code != ErrorCode::kNotFound) return standing.status();
      return NotFound("no person has decided about these records: there is nothing to undo");
    }
    domain::LinkDecision& d = *standing;
    d.undone_by = actor.user_id;
    d.undone_at = domain::FormatTimestamp(now);
    d.undo_reason = reason;
    if (Status s = tx.UndoLinkDecision(d.id, d.undone_by, d.undone_at, d.undo_reason); !s.ok()) {
      return s;
    }
    const std::string said = "undid the decision that it is " + Words(d) + " as ";
    for (const auto& [one, other] : {std::pair{a, b}, std::pair{b, a}}) {
      auto audited = tx.AppendAudit(MakeAuditEntry(actor, "person.link_undo", "person", one, now,
                                                   Purpose(said, other, reason)));
      if (!audited.ok()) return audited.status();
    }
    view.decision = d;
    Names names(tx);
    return FillNames(names, view);
  });
  if (!written.ok()) return written.error();
  {
    std::unique_lock lock(mutex_);
    Forget(view.decision);
    ++decisions_version_;
  }
  return view;
}

Result<std::vector<DecisionView>> LinkService::DecisionsFor(const Actor& actor,
                                                            const domain::Id& person_id) {
  if (Status s = access_.Require(actor, "link.read"); !s.ok()) return s.error();
  std::string purpose;
  auto person = ReadVisiblePerson(actor, person_id, purpose);
  if (!person.ok()) return person.error();
  std::vector<DecisionView> out;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto decisions = tx.ListLinkDecisionsFor(person_id);
    if (!decisions.ok()) return decisions.status();
    Names names(tx);
    std::map<domain::Id, bool> visible;
    for (auto& d : *decisions) {
      DecisionView view{std::move(d), {}, {}, true};
      const domain::Id other = view.decision.Other(person_id);
      auto known = visible.find(other);
      if (known == visible.end()) {
        auto v = access_.VisiblePerson(tx, actor, other);
        if (!v.ok()) return v.status();
        known = visible.emplace(other, v->has_value()).first;
      }
      view.details_shown = known->second;
      if (view.details_shown) {
        if (Status s = FillNames(names, view); !s.ok()) return s;
      }
      out.push_back(std::move(view));
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s =
          AuditRead(store_, actor, "person.link_decisions", "person", person_id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return out;
}

}  // namespace threadline::services
