#include "services/link_service.hpp"

#include <mutex>

#include "linkage/record.hpp"
#include "linkage/scorer.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

constexpr size_t kLoadPage = 5000;

}  // namespace

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
  return service;
}

void LinkService::Index(const std::vector<domain::Person>& persons) {
  std::unique_lock lock(mutex_);
  for (const auto& p : persons) index_.Add(linkage::FromPerson(p));
}

size_t LinkService::indexed() const {
  std::shared_lock lock(mutex_);
  return index_.size();
}

std::vector<PersonLink> LinkService::Match(const domain::Person& person,
                                           double min_probability) const {
  std::vector<PersonLink> out;
  std::shared_lock lock(mutex_);
  for (const auto& m : index_.Link(linkage::FromPerson(person))) {
    if (m.id == person.id || m.probability < min_probability) continue;
    out.push_back({m.id, m.probability, m.weight});
  }
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

Result<std::vector<PersonLink>> LinkService::LinksFor(const Actor& actor,
                                                      const domain::Id& person_id,
                                                      double min_probability) {
  if (Status s = access_.Require(actor, "link.read"); !s.ok()) return s.error();
  std::string purpose;
  auto person = ReadVisiblePerson(actor, person_id, purpose);
  if (!person.ok()) return person.error();
  std::vector<PersonLink> out = Match(*person, min_probability);
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
  ExplainedPair out;
  {
    std::shared_lock lock(mutex_);
    const auto e = index_.ExplainPair(ra, rb);
    out.json = linkage::ExplanationToJson(e, &ra, &rb);
    out.text = linkage::ExplanationToText(e, &ra, &rb);
  }
  const Status audited = AuditDisclosures(store_, actor, "person.link_explain", "person", {a, b},
                                          clock_(), {purpose_a, purpose_b});
  if (!audited.ok()) return audited.error();
  return out;
}

}  // namespace threadline::services
