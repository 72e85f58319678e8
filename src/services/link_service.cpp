#include "services/link_service.hpp"

#include <mutex>

#include "linkage/record.hpp"
#include "linkage/scorer.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

constexpr size_t kLoadPage = 5000;

Result<domain::Person> ReadPerson(store::Store& store, const domain::Id& id) {
  if (!domain::IsWellFormedId(id)) return NotFound("no such person");
  Result<domain::Person> out = NotFound("no such person");
  const Status s = store.Read([&](store::ReadTx& tx) {
    out = tx.GetPerson(id);
    return out.status();
  });
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace

Result<std::unique_ptr<LinkService>> LinkService::Create(store::Store& store,
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
  std::unique_ptr<LinkService> service(new LinkService(store, std::move(*index), std::move(clock)));
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

Result<std::vector<PersonLink>> LinkService::LinksFor(const Actor& actor,
                                                      const domain::Id& person_id,
                                                      double min_probability) {
  auto person = ReadPerson(store_, person_id);
  if (!person.ok()) return person.error();
  std::vector<PersonLink> out = Match(*person, min_probability);
  if (Status s = AuditRead(store_, actor, "person.links", "person", person_id, clock_()); !s.ok()) {
    return s.error();
  }
  return out;
}

Result<LinkService::ExplainedPair> LinkService::Explain(const Actor& actor, const domain::Id& a,
                                                        const domain::Id& b) {
  auto first = ReadPerson(store_, a);
  if (!first.ok()) return first.error();
  auto second = ReadPerson(store_, b);
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
  const Status audited =
      AuditDisclosures(store_, actor, "person.link_explain", "person", {a, b}, clock_());
  if (!audited.ok()) return audited.error();
  return out;
}

}  // namespace threadline::services
