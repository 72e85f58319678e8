#include "services/findings_service.hpp"

#include <exception>
#include <limits>
#include <unordered_map>

#include "domain/datetime.hpp"
#include "domain/text.hpp"
#include "linkage/clustering.hpp"
#include "linkage/conduct/parse.hpp"
#include "services/audit.hpp"
#include "services/case_service.hpp"
#include "services/finding_records.hpp"

namespace threadline::services {
namespace {

namespace conduct = linkage::conduct;

constexpr size_t kPage = 5000;
// Two records are taken as one individual for grouping only when the model
// is this sure; weaker links stay visible on the person page.
constexpr double kSamePersonProbability = 0.9;
// An acknowledgement says what was done, in a word or a paragraph.
constexpr size_t kMaxNote = 2000;

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
                                   const std::vector<domain::Person>& persons,
                                   const std::vector<domain::LinkDecision>& decisions) {
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
  for (const auto& d : decisions) {
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

// Replaces person, report and identifier values (and the finding's own id)
// by their pseudonyms, in the reasons' text too, and drops recommendations,
// which quote crime references.
void Pseudonymise(conduct::Finding& p, const Pseudonymiser& pseudonym) {
  // Every original value and its pseudonym, so free-text reasons that
  // quote a reference or identifier can be rewritten too.
  std::vector<std::pair<std::string, std::string>> replaced;
  auto swap = [&](std::string& value, std::string_view kind) {
    if (value.empty()) return;
    std::string alias = pseudonym(kind, value);
    replaced.emplace_back(value, alias);
    value = std::move(alias);
  };
  p.id = pseudonym("F", p.id);
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

// The note of an acknowledgement body, checked; errors are added.
std::string ReadNote(const boost::json::object& body, std::vector<FieldError>& errors) {
  for (const auto& member : body) {
    if (member.key() != "note")
      errors.push_back({std::string(member.key()), "is not a known field"});
  }
  const auto* value = body.if_contains("note");
  if (value == nullptr) {
    errors.push_back({"note", "is required: say what was done"});
    return {};
  }
  if (!value->is_string()) {
    errors.push_back({"note", "must be a string"});
    return {};
  }
  std::string note(value->as_string());
  if (!domain::IsValidUtf8(note) || !domain::HasNoControlCharacters(note)) {
    errors.push_back({"note", "must be text without control characters"});
  } else if (note.find_first_not_of(" \t\n") == std::string::npos ||
             domain::CharacterCount(note) > kMaxNote) {
    errors.push_back({"note", "say what was done, in 1 to 2000 characters"});
  }
  return note;
}

// A kept finding's detail read back; nullopt when it does not read.
std::optional<conduct::Finding> ReadDetail(const std::string& detail_json) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(detail_json, ec);
  if (ec) return std::nullopt;
  return conduct::FindingFromJson(parsed);
}

bool Involves(const std::vector<std::string>& forces, const std::string& code) {
  return code.empty() || std::find(forces.begin(), forces.end(), code) != forces.end();
}

}  // namespace

Status FindingsService::Refresh() {
  if (snapshot_) {
    int64_t reports = -1;
    int64_t persons = -1;
    Status counted =
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
  const std::vector<domain::LinkDecision> standing = links_.StandingDecisions();
  const conduct::EntityMap entity_of = ResolveEntities(links_, loaded->all_persons, standing);
  std::vector<std::pair<domain::Id, domain::Id>> kept_apart;
  for (const auto& d : standing) {
    if (!d.same()) kept_apart.emplace_back(d.person_a, d.person_b);
  }
  const conduct::Input input{loaded->all_reports, loaded->all_persons, &entity_of, kept_apart};
  const conduct::Options options;
  auto grouping = conduct::GroupCourses(input, options);
  if (!grouping.ok()) return grouping.status();
  auto fresh = std::make_shared<Snapshot>();
  fresh->reports = loaded->reports;
  fresh->persons = loaded->persons;
  fresh->decisions = decisions;
  fresh->standing = links_.StandingDecisions();
  fresh->findings = conduct::FindFindings(input, *grouping, options, conduct::DefaultClassifier);
  for (const auto& f : fresh->findings) fresh->record_ids.push_back(FindingRecordId(f.id));
  // Kept before it is served: a computation the store did not take is
  // made again next time.
  if (Status kept = Keep(*fresh, loaded->all_reports); !kept.ok()) return kept;
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

Status FindingsService::Keep(const Snapshot& fresh, const std::vector<domain::Report>& reports) {
  std::unordered_map<domain::Id, const domain::Id*> force_of;
  for (const auto& r : reports) force_of[r.id] = &r.force_id;
  store::FindingSync sync;
  sync.now = domain::FormatTimestamp(clock_());
  for (const auto& f : fresh.findings) {
    const auto owner = f.reports.empty() ? force_of.end() : force_of.find(f.reports.front().id);
    if (owner == force_of.end()) continue;  // every finding has reports; nothing to own otherwise
    sync.raised.push_back(ToRecord(f, *owner->second));
  }
  sync.withdrawn_reason = GeneralWithdrawalReason();
  if (snapshot_) {
    sync.withdrawn_reasons = WithdrawalReasons(snapshot_->findings, fresh.record_ids,
                                               snapshot_->standing, fresh.standing);
  }
  const Actor system = Actor::System("findings");
  const int64_t now = clock_();
  auto write = [&](store::WriteTx& tx) -> Status {
    auto done = tx.SyncFindings(sync);
    if (!done.ok()) return done.status();
    // Each change of state is audited; a mere confirmation is not.
    const std::pair<const std::vector<domain::Id>*, const char*> changes[] = {
        {&done->inserted, "finding.raise"},
        {&done->changed, "finding.change"},
        {&done->reopened, "finding.reopen"},
        {&done->withdrawn, "finding.withdraw"}};
    for (const auto& [ids, action] : changes) {
      for (const auto& id : *ids) {
        auto seq = tx.AppendAudit(MakeAuditEntry(system, action, "finding", id, now));
        if (!seq.ok()) return seq.status();
      }
    }
    return Status::Ok();
  };
  Status s = store_.Write(write);
  // Another server may have kept the same new finding first: once more,
  // now seeing its row.
  if (!s.ok() && s.error().code == ErrorCode::kConflict) s = store_.Write(write);
  return s;
}

Result<std::string> FindingsService::OwnForce(const Actor& actor) {
  if (Pseudonymiser::AppliesTo(actor) || actor.is_system()) return std::string();
  std::string own_code;
  const Status s = store_.Read([&](store::ReadTx& tx) -> Status {
    auto agency = tx.GetAgency(actor.agency_id);
    if (!agency.ok()) return agency.status();
    own_code = agency->code;
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return own_code;
}

Result<FindingView> FindingsService::ViewOf(conduct::Finding finding, domain::FindingRecord record,
                                            bool pseudonymise) const {
  record.detail_json.clear();
  finding.id = record.id;
  if (pseudonymise) {
    Pseudonymise(finding, pseudonym_);
    record.id = finding.id;
    record.key.clear();
    record.acknowledgement_note.clear();
  }
  return FindingView{std::move(finding), std::move(record)};
}

Result<std::optional<domain::FindingRecord>> FindingsService::Visible(const Actor& actor,
                                                                      const std::string& id) {
  auto own = OwnForce(actor);
  if (!own.ok()) return own.error();
  const bool pseudonymised = Pseudonymiser::AppliesTo(actor);
  std::optional<domain::FindingRecord> out;
  const Status s = store_.Read([&](store::ReadTx& tx) -> Status {
    std::string real = id;
    if (pseudonymised) {
      // Analysts know a finding only by its pseudonym.
      auto all = tx.ListFindings({});
      if (!all.ok()) return all.status();
      real.clear();
      for (const auto& r : *all) {
        if (pseudonym_("F", r.id) == id) real = r.id;
      }
    }
    if (!IsWellFormedFindingId(real)) return Status::Ok();
    auto record = tx.GetFinding(real);
    if (!record.ok()) {
      return record.error().code == ErrorCode::kNotFound ? Status::Ok() : record.status();
    }
    if (Involves(record->forces, *own)) out = std::move(*record);
    return Status::Ok();
  });
  if (!s.ok()) return s.error();
  return out;
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
  if (!ids.empty()) Notify(*snapshot, ids, observer);
  return snapshot;
}

void FindingsService::Notify(const Snapshot& snapshot, const std::set<std::string>& ids,
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

Result<std::vector<FindingView>> FindingsService::List(const Actor& actor,
                                                       const FindingQuery& query) {
  if (Status s = access_.Require(actor, "findings.read"); !s.ok()) return s.error();
  const bool pseudonymise = Pseudonymiser::AppliesTo(actor);
  auto own = OwnForce(actor);
  if (!own.ok()) return own.error();
  std::vector<FieldError> errors;
  std::optional<conduct::FindingType> wanted;
  if (!query.type.empty()) {
    wanted = conduct::ParseFindingType(query.type);
    if (!wanted) {
      errors.push_back({"type",
                        "must be course_exists, misrecorded, cross_force, "
                        "serial_perpetrator or escalation"});
    }
  }
  if (!query.status.empty() && query.status != domain::kFindingOpen &&
      query.status != domain::kFindingAcknowledged && query.status != domain::kFindingWithdrawn) {
    errors.push_back({"status", "must be open, acknowledged or withdrawn"});
  }
  if (!query.force.empty()) {
    const Status s = store_.Read([&](store::ReadTx& tx) -> Status {
      auto agency = tx.GetAgencyByCode(query.force);
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
  // Withdrawn findings are read whole from the store; raised ones come from
  // memory, with their kept state from the store.
  const bool withdrawn = query.status == domain::kFindingWithdrawn;
  std::vector<domain::FindingRecord> records;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto listed = tx.ListFindings({query.status, withdrawn});
    if (!listed.ok()) return listed.status();
    records = std::move(*listed);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();

  std::vector<std::pair<conduct::Finding, domain::FindingRecord>> chosen;
  auto wanted_finding = [&](const conduct::Finding& f) {
    return (!wanted || f.type == *wanted) && Involves(f.forces, query.force) &&
           Involves(f.forces, *own);
  };
  if (withdrawn) {
    for (auto& r : records) {
      auto finding = ReadDetail(r.detail_json);
      if (!finding) return Internal("the kept finding " + r.id + " does not read");
      if (wanted_finding(*finding)) chosen.emplace_back(std::move(*finding), std::move(r));
    }
  } else {
    std::unordered_map<std::string, domain::FindingRecord*> by_id;
    for (auto& r : records) {
      if (!r.withdrawn()) by_id[r.id] = &r;
    }
    for (size_t i = 0; i < snapshot->findings.size(); ++i) {
      const auto it = by_id.find(snapshot->record_ids[i]);
      // Not kept in this status (or withdrawn since by another server).
      if (it == by_id.end()) continue;
      if (wanted_finding(snapshot->findings[i])) {
        chosen.emplace_back(snapshot->findings[i], std::move(*it->second));
      }
    }
  }
  std::vector<FindingView> out;
  std::vector<domain::Id> disclosed;
  for (auto& [finding, record] : chosen) {
    disclosed.push_back(record.id);
    auto view = ViewOf(std::move(finding), std::move(record), pseudonymise);
    if (!view.ok()) return view.error();
    out.push_back(std::move(*view));
  }
  const Status audited =
      AuditDisclosures(store_, actor, "finding.list", "finding", disclosed, clock_());
  if (!audited.ok()) return audited.error();
  return out;
}

Result<FindingView> FindingsService::Get(const Actor& actor, const std::string& id) {
  if (Status s = access_.Require(actor, "findings.read"); !s.ok()) return s.error();
  // Up to date first, so a finding raised by the latest reports is there.
  if (auto current = Current(); !current.ok()) return current.error();
  auto record = Visible(actor, id);
  if (!record.ok()) return record.error();
  if (!*record) return NotFound("no such finding");
  auto finding = ReadDetail((*record)->detail_json);
  if (!finding) return Internal("the kept finding " + (*record)->id + " does not read");
  const Status audited =
      AuditRead(store_, actor, "finding.read", "finding", (*record)->id, clock_());
  if (!audited.ok()) return audited.error();
  return ViewOf(std::move(*finding), std::move(**record), Pseudonymiser::AppliesTo(actor));
}

Result<FindingView> FindingsService::Acknowledge(const Actor& actor, const std::string& id,
                                                 const boost::json::object& body) {
  if (Status s = access_.Require(actor, "findings.acknowledge"); !s.ok()) return s.error();
  if (actor.user_id.empty() || actor.role == "service") {
    return PermissionDenied("only a person may acknowledge a finding");
  }
  std::vector<FieldError> errors;
  const std::string note = ReadNote(body, errors);
  if (!errors.empty()) {
    return InvalidArgument("the acknowledgement is not valid", std::move(errors));
  }
  if (auto current = Current(); !current.ok()) return current.error();
  auto record = Visible(actor, id);
  if (!record.ok()) return record.error();
  if (!*record) return NotFound("no such finding");
  const domain::Id real = (*record)->id;
  const int64_t now = clock_();
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    Status s = tx.AcknowledgeFinding(real, actor.user_id, domain::FormatTimestamp(now), note);
    if (!s.ok()) return s;
    auto seq = tx.AppendAudit(MakeAuditEntry(actor, "finding.acknowledge", "finding", real, now));
    return seq.status();
  });
  if (!written.ok()) {
    if (written.error().code == ErrorCode::kConflict) {
      return Conflict("the finding was withdrawn: a withdrawn finding cannot be acknowledged");
    }
    return written.error();
  }
  std::optional<domain::FindingRecord> after;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto r = tx.GetFinding(real);
    if (!r.ok()) return r.status();
    after = std::move(*r);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  auto finding = ReadDetail(after->detail_json);
  if (!finding) return Internal("the kept finding " + real + " does not read");
  return ViewOf(std::move(*finding), std::move(*after), false);
}

}  // namespace threadline::services
