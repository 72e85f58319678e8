#include "services/findings_service.hpp"

#include <exception>
#include <limits>
#include <unordered_map>

#include "linkage/clustering.hpp"
#include "services/audit.hpp"
#include "services/case_service.hpp"

namespace threadline::services {
namespace {

namespace conduct = linkage::conduct;

constexpr size_t kPage = 5000;
// Two records are taken as one individual for grouping only when the model
// is this sure; weaker links stay visible on the person page.
constexpr double kSamePersonProbability = 0.9;

// How many reports and persons the store holds: the version of the data the
// findings were derived from.
Status ReadCounts(store::ReadTx& tx, int64_t& reports, int64_t& persons) {
  auto r = tx.Count(store::Table::kReports);
  if (!r.ok()) return r.status();
  auto p = tx.Count(store::Table::kPersons);
  if (!p.ok()) return p.status();
  reports = *r;
  persons = *p;
  return Status::Ok();
}

struct Loaded {
  int64_t reports = 0;
  int64_t persons = 0;
  std::vector<domain::Report> all_reports;
  std::vector<domain::Person> all_persons;
};

Result<Loaded> LoadEverything(store::Store& store) {
  Loaded out;
  const Status s = store.Read([&](store::ReadTx& tx) -> Status {
    if (Status c = ReadCounts(tx, out.reports, out.persons); !c.ok()) return c;
    store::ReportFilter filter;
    filter.limit = kPage;
    do {
      auto page = tx.ListReports(filter);
      if (!page.ok()) return page.status();
      for (auto& report : page->reports) out.all_reports.push_back(std::move(report));
      filter.cursor = page->next_cursor;
    } while (!filter.cursor.empty());
    domain::Id after;
    while (true) {
      auto persons = tx.ListPersons(after, kPage);
      if (!persons.ok()) return persons.status();
      if (persons->empty()) break;
      after = persons->back().id;
      for (auto& person : *persons) out.all_persons.push_back(std::move(person));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return out;
}

// Person records joined into individuals: confident identity links taken
// transitively, as the model gives them, with practitioners' decisions
// applied on top through the clustering engine: "same person" joins two
// records whatever the model says, "not the same person" keeps them (and the
// groups they are in) apart even through a chain of other links.
conduct::EntityMap ResolveEntities(const LinkService& links,
                                   const std::vector<domain::Person>& persons) {
  std::unordered_map<domain::Id, uint32_t> index;
  for (size_t i = 0; i < persons.size(); ++i) index[persons[i].id] = static_cast<uint32_t>(i);
  std::vector<linkage::ScoredPair> pairs;
  for (size_t i = 0; i < persons.size(); ++i) {
    for (const auto& link : links.Match(persons[i], kSamePersonProbability)) {
      if (link.decision) continue;  // a constraint below
      const auto it = index.find(link.person_id);
      if (it != index.end()) {
        pairs.push_back({static_cast<uint32_t>(i), it->second, static_cast<float>(link.weight)});
      }
    }
  }
  std::vector<linkage::Constraint> constraints;
  for (const auto& d : links.StandingDecisions()) {
    const auto a = index.find(d.person_a);
    const auto b = index.find(d.person_b);
    if (a == index.end() || b == index.end()) continue;
    constraints.push_back(
        {a->second, b->second,
         d.same() ? linkage::ConstraintKind::kMustLink : linkage::ConstraintKind::kCannotLink});
  }
  // Every confident link joins (plain transitive closure, as grouping has
  // always used); only the decisions can refuse a merge.
  linkage::ClusterOptions options;
  options.match_threshold = 1e-9;
  options.min_cluster_support = 0;
  options.veto_weight = -std::numeric_limits<double>::infinity();
  options.max_cross_pairs = 1;
  const auto clusters = linkage::ClusterPairs(
      persons.size(), pairs, [](uint32_t, uint32_t) { return 0.0F; }, constraints, options);
  // Each individual is named after its first record.
  std::vector<const domain::Id*> name_of(clusters.cluster_count, nullptr);
  conduct::EntityMap entity_of;
  for (size_t i = 0; i < persons.size(); ++i) {
    const domain::Id*& name = name_of[clusters.cluster_of[i]];
    if (name == nullptr) name = &persons[i].id;
    entity_of[persons[i].id] = *name;
  }
  return entity_of;
}

}  // namespace

Status FindingsService::Refresh() {
  if (snapshot_) {
    int64_t reports = -1;
    int64_t persons = -1;
    const Status counted =
        store_.Read([&](store::ReadTx& tx) { return ReadCounts(tx, reports, persons); });
    if (!counted.ok()) return counted;
    // Reports and persons are only ever added, so equal counts (and no new
    // link decision) mean nothing changed.
    if (snapshot_->reports == reports && snapshot_->persons == persons &&
        snapshot_->decisions == links_.decisions_version()) {
      return Status::Ok();
    }
  }
  const uint64_t decisions = links_.decisions_version();
  auto loaded = LoadEverything(store_);
  if (!loaded.ok()) return loaded.status();
  const conduct::EntityMap entity_of = ResolveEntities(links_, loaded->all_persons);
  const conduct::Input input{loaded->all_reports, loaded->all_persons, &entity_of};
  const conduct::Options options;
  auto grouping = conduct::GroupCourses(input, options);
  if (!grouping.ok()) return grouping.status();
  auto fresh = std::make_shared<Snapshot>();
  fresh->reports = loaded->reports;
  fresh->persons = loaded->persons;
  fresh->decisions = decisions;
  fresh->findings = conduct::FindFindings(input, *grouping, options, conduct::DefaultClassifier);
  if (observer_) {
    std::set<std::string> before;
    if (snapshot_) {
      for (const auto& f : snapshot_->findings) before.insert(f.id);
    }
    for (const auto& f : fresh->findings) {
      if (!before.contains(f.id)) pending_.insert(f.id);
    }
  }
  snapshot_ = std::move(fresh);
  return Status::Ok();
}

FindingsService::FindingsService(store::Store& store, LinkService& links,
                                 const AccessControl& access, Clock clock)
    : store_(store), links_(links), access_(access), clock_(std::move(clock)) {}

Status FindingsService::Recompute() { return Current().status(); }

Result<std::shared_ptr<const FindingsService::Snapshot>> FindingsService::Current() {
  std::shared_ptr<const Snapshot> snapshot;
  std::set<std::string> ids;
  FindingsObserver observer;
  {
    std::lock_guard lock(mutex_);
    if (Status s = Refresh(); !s.ok()) return s.error();
    snapshot = snapshot_;
    if (observer_ && !pending_.empty()) {
      ids.swap(pending_);
      observer = observer_;
    }
  }
  if (!ids.empty()) Notify(*snapshot, std::move(ids), observer);
  return snapshot;
}

void FindingsService::Notify(const Snapshot& snapshot, std::set<std::string> ids,
                             const FindingsObserver& observer) {
  std::vector<FindingNotice> notices;
  for (const auto& f : snapshot.findings) {
    if (!ids.contains(f.id)) continue;  // a finding since replaced is not told of
    FindingNotice n;
    n.id = f.id;
    n.type = std::string(conduct::FindingTypeName(f.type));
    for (const auto& r : f.reports) n.report_ids.push_back(r.id);
    n.victims = static_cast<int>(f.victims.size());
    n.reports = static_cast<int>(f.reports.size());
    notices.push_back(std::move(n));
  }
  if (notices.empty()) return;
  bool told = false;
  try {
    told = observer(notices).ok();
  } catch (const std::exception&) {
    told = false;  // the listing goes on; the findings are offered again
  }
  if (told) return;
  std::lock_guard lock(mutex_);
  for (auto& n : notices) pending_.insert(std::move(n.id));
}

void FindingsService::OnNewFindings(FindingsObserver observer) {
  std::lock_guard lock(mutex_);
  observer_ = std::move(observer);
}

Result<std::vector<reporting::FindingFact>> FindingsService::Facts() {
  auto current = Current();
  if (!current.ok()) return current.error();
  const std::shared_ptr<const Snapshot> snapshot = std::move(*current);
  std::vector<reporting::FindingFact> out;
  out.reserve(snapshot->findings.size());
  for (const auto& f : snapshot->findings) {
    std::string last;
    for (const auto& r : f.reports) last = std::max(last, r.occurred_at);
    out.push_back({f.id, std::string(conduct::FindingTypeName(f.type)), last, f.forces});
  }
  return out;
}

Result<std::vector<conduct::Finding>> FindingsService::List(const Actor& actor,
                                                            const std::string& force_code,
                                                            const std::string& type) {
  if (Status s = access_.Require(actor, "findings.read"); !s.ok()) return s.error();
  const bool pseudonymise = Pseudonymiser::AppliesTo(actor);
  std::string own_code;
  if (!pseudonymise && !actor.is_system()) {
    const Status s = store_.Read([&](store::ReadTx& tx) -> Status {
      auto agency = tx.GetAgency(actor.agency_id);
      if (!agency.ok()) return agency.status();
      own_code = agency->code;
      return Status::Ok();
    });
    if (!s.ok()) return s.error();
  }
  std::vector<FieldError> errors;
  std::optional<conduct::FindingType> wanted;
  if (!type.empty()) {
    wanted = conduct::ParseFindingType(type);
    if (!wanted) {
      errors.push_back({"type",
                        "must be course_exists, misrecorded, cross_force, "
                        "serial_perpetrator or escalation"});
    }
  }
  if (!force_code.empty()) {
    const Status s = store_.Read([&](store::ReadTx& tx) -> Status {
      auto agency = tx.GetAgencyByCode(force_code);
      if (agency.ok() && agency->kind == "police_force") return Status::Ok();
      if (!agency.ok() && agency.error().code != ErrorCode::kNotFound) return agency.status();
      errors.push_back({"force", "is not the code of a police force"});
      return Status::Ok();
    });
    if (!s.ok()) return s.error();
  }
  if (!errors.empty()) return InvalidArgument("the query is not valid", std::move(errors));

  auto current = Current();
  if (!current.ok()) return current.error();
  const std::shared_ptr<const Snapshot> snapshot = std::move(*current);
  std::vector<conduct::Finding> out;
  for (const auto* f : conduct::FilterFindings(snapshot->findings, force_code, wanted)) {
    if (!own_code.empty() &&
        std::find(f->forces.begin(), f->forces.end(), own_code) == f->forces.end()) {
      continue;
    }
    out.push_back(*f);
    if (!pseudonymise) continue;
    conduct::Finding& p = out.back();
    // Every original value and its pseudonym, so free-text reasons that
    // quote a reference or identifier can be rewritten too.
    std::vector<std::pair<std::string, std::string>> replaced;
    auto swap = [&](std::string& value, std::string_view kind) {
      if (value.empty()) return;
      std::string pseudonym = pseudonym_(kind, value);
      replaced.emplace_back(value, pseudonym);
      value = std::move(pseudonym);
    };
    p.id = pseudonym_("F", p.id);
    swap(p.course_id, "C");
    swap(p.suspect, "P");
    for (auto& v : p.victims) swap(v, "P");
    for (auto& r : p.reports) {
      swap(r.reference, "R");  // remembered for the reasons text, then dropped
      r.reference.clear();
      swap(r.id, "R");
    }
    for (auto& l : p.links) {
      swap(l.report_a, "R");
      swap(l.report_b, "R");
      swap(l.person_a, "P");
      swap(l.person_b, "P");
      swap(l.detail, "I");
    }
    // Longest first, so a value that contains another is replaced whole.
    std::sort(replaced.begin(), replaced.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (auto& r : p.reasons) {
      for (const auto& [from, to] : replaced) {
        for (size_t at = r.text.find(from); at != std::string::npos;
             at = r.text.find(from, at + to.size())) {
          r.text.replace(at, from.size(), to);
        }
      }
    }
    p.recommendations.clear();
  }
  std::vector<domain::Id> disclosed;
  for (const auto& item : out) disclosed.push_back(item.id);
  const Status audited =
      AuditDisclosures(store_, actor, "finding.list", "finding", disclosed, clock_());
  if (!audited.ok()) return audited.error();
  return out;
}

}  // namespace threadline::services
