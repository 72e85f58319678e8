// GroupCourses: occurrences (report, victim, suspect) grouped per victim,
// joined by suspect entity or shared identifier, split by time gaps.
#include <algorithm>
#include <optional>
#include <set>

#include "linkage/conduct/internal.hpp"
#include "linkage/normalize.hpp"

namespace threadline::linkage::conduct {
namespace {

using internal::PartyIndex;
using internal::UnionFind;

// One (report, victim, suspect) triple; a report with one victim and one
// suspect — the usual case — gives exactly one.
struct Occurrence {
  uint32_t report = 0;
  uint32_t victim = 0;           // interned victim entity (after JoinNamesakeVictims)
  uint32_t victim_resolved = 0;  // as identity resolution gave it
  uint32_t suspect = 0;          // interned suspect entity
  const domain::Id* victim_person = nullptr;
  const domain::Id* suspect_person = nullptr;
  int64_t t = 0;
};

// The normalised given name (its first `given_letters` letters) and family
// name, as one key; empty when either name is missing.
std::string NameKey(const domain::Person& p, size_t given_letters) {
  std::string key = NormalizeText(p.given_name);
  const std::string family = NormalizeText(p.family_name);
  if (key.empty() || family.empty()) return {};
  key.resize(std::min(key.size(), given_letters));
  key += '\n';
  key += family;
  return key;
}

// The key under which two suspect records of one victim are taken to be
// one person: the family name and the first three letters of the given name
// (Dave and David, Fred and Frederick).
std::string NamesakeKey(const domain::Person& p) { return NameKey(p, 3); }

bool BirthDatesDiffer(const domain::Person& a, const domain::Person& b) {
  return a.dob.size() == 10 && b.dob.size() == 10 && a.dob != b.dob;
}

class Grouper {
 public:
  Grouper(const Input& input, const Options& options)
      : input_(input), options_(options), index_(input) {}

  Grouping Run();

 private:
  void CollectOccurrences(Grouping& out);
  void GroupVictim(size_t begin, size_t end, std::vector<Course>& courses);
  void JoinNamesakeVictims();
  void JoinNamesakeSuspects(size_t begin, size_t n, UnionFind& uf);
  void JoinUnknownToSoleNamed(size_t begin, size_t n, UnionFind& uf);
  void SplitComponent(const std::vector<uint32_t>& occs, std::vector<Course>& courses);
  Course MakeCourse(const std::vector<uint32_t>& occs);
  Link SuspectLink(const Occurrence& earlier, const Occurrence& later);
  std::string SuspectName(const domain::Id& person, uint32_t entity);
  void GroupSuspects(Grouping& out);
  bool Usable(uint32_t identifier, size_t limit) const {
    return index_.Holders(identifier) <= limit;
  }

  // Whether a practitioner decided that records of these two individuals
  // are not the same person.
  bool KeptApart(uint32_t entity_a, uint32_t entity_b) const {
    return kept_apart_.count(Unordered(entity_a, entity_b)) > 0;
  }
  // A pair of entities as kept_apart_ holds it, whichever comes first.
  static std::pair<uint32_t, uint32_t> Unordered(uint32_t a, uint32_t b) {
    return {std::min(a, b), std::max(a, b)};
  }

  const Input& input_;
  const Options& options_;
  PartyIndex index_;
  std::set<std::pair<uint32_t, uint32_t>> kept_apart_;
  std::vector<Occurrence> occ_;
  // Occurrences whose unknown suspect was joined to the victim's one named
  // suspect (Options::join_unknown_to_sole_named_suspect).
  std::set<uint32_t> unknown_joined_;
  // Occurrences whose suspect was joined to a namesake suspect of the same
  // victim (Options::join_namesake_suspects).
  std::set<uint32_t> namesake_joined_;
};

void Grouper::CollectOccurrences(Grouping& out) {
  const auto& reports = input_.reports;
  out.time_of.assign(reports.size(), std::nullopt);
  out.victim_of.assign(reports.size(), {});
  for (uint32_t r = 0; r < reports.size(); ++r) {
    const auto t = internal::ReportTime(reports[r]);
    if (!t) {
      out.skipped.push_back({r, "no parseable occurred_at or reported_at"});
      continue;
    }
    out.time_of[r] = t;
    for (const auto& v : reports[r].parties) {
      if (v.role != "victim") continue;
      const uint32_t victim = index_.EntityOf(v.person_id);
      if (out.victim_of[r].empty()) out.victim_of[r] = index_.EntityName(victim);
      for (const auto& s : reports[r].parties) {
        if (s.role != "suspect") continue;
        occ_.push_back(
            {r, victim, victim, index_.EntityOf(s.person_id), &v.person_id, &s.person_id, *t});
      }
    }
  }
}

// Two victim records that identity resolution left apart (a move, a
// partial date of birth) are one victim when the same named suspect targets
// both under the same name and no complete dates of birth differ: a
// stalker's victims rarely share a full name.
void Grouper::JoinNamesakeVictims() {
  UnionFind uf(index_.entity_count());
  std::unordered_map<std::string, std::pair<uint32_t, const domain::Person*>> seen;
  for (const Occurrence& o : occ_) {
    const domain::Person* victim = index_.Person(*o.victim_person);
    if (victim == nullptr || !index_.IsNamed(*o.suspect_person)) continue;
    const std::string name = NameKey(*victim, std::string::npos);
    if (name.empty()) continue;
    std::string key = std::to_string(o.suspect);
    key += '\n';
    key += name;
    const auto [it, fresh] = seen.emplace(std::move(key), std::pair{o.victim, victim});
    if (fresh || it->second.first == o.victim) continue;
    if (BirthDatesDiffer(*it->second.second, *victim)) continue;
    if (KeptApart(it->second.first, o.victim)) continue;
    uf.Union(it->second.first, o.victim);
  }
  for (Occurrence& o : occ_) o.victim = uf.Find(o.victim);
}

Grouping Grouper::Run() {
  Grouping out;
  CollectOccurrences(out);
  for (const auto& [a, b] : input_.kept_apart) {
    kept_apart_.insert(Unordered(index_.EntityOf(a), index_.EntityOf(b)));
  }
  if (options_.join_namesake_victims) JoinNamesakeVictims();
  std::sort(occ_.begin(), occ_.end(), [](const Occurrence& a, const Occurrence& b) {
    return std::tie(a.victim, a.t, a.report, a.suspect) <
           std::tie(b.victim, b.t, b.report, b.suspect);
  });
  for (size_t b = 0; b < occ_.size();) {
    size_t e = b;
    while (e < occ_.size() && occ_[e].victim == occ_[b].victim) ++e;
    GroupVictim(b, e, out.courses);
    b = e;
  }
  std::sort(out.courses.begin(), out.courses.end(), [](const Course& a, const Course& b) {
    return std::tie(a.first_s, a.id) < std::tie(b.first_s, b.id);
  });
  out.course_of.assign(input_.reports.size(), -1);
  for (size_t c = 0; c < out.courses.size(); ++c) {
    for (uint32_t r : out.courses[c].reports) {
      if (out.course_of[r] < 0) out.course_of[r] = static_cast<int32_t>(c);
    }
  }
  for (uint32_t r = 0; r < input_.reports.size(); ++r) {
    if (out.course_of[r] < 0 && out.time_of[r]) out.one_offs.push_back(r);
  }
  GroupSuspects(out);
  return out;
}

// Within one victim's occurrences (time order), the same suspect entity or a
// shared identifier that few people hold makes one suspect.
void Grouper::GroupVictim(size_t begin, size_t end, std::vector<Course>& courses) {
  const size_t n = end - begin;
  if (n < 2) return;
  UnionFind uf(n);
  std::unordered_map<uint32_t, uint32_t> by_entity;
  std::unordered_map<uint32_t, uint32_t> by_identifier;
  for (uint32_t k = 0; k < n; ++k) {
    const Occurrence& o = occ_[begin + k];
    const auto [it, added] = by_entity.emplace(o.suspect, k);
    if (!added) uf.Union(it->second, k);
    for (uint32_t id : index_.IdentifiersOf(*o.suspect_person)) {
      if (!Usable(id, options_.max_identifier_holders)) continue;
      const auto [jt, fresh] = by_identifier.emplace(id, k);
      if (!fresh) uf.Union(jt->second, k);
    }
  }
  if (options_.join_namesake_suspects) JoinNamesakeSuspects(begin, n, uf);
  if (options_.join_unknown_to_sole_named_suspect) JoinUnknownToSoleNamed(begin, n, uf);
  std::unordered_map<uint32_t, std::vector<uint32_t>> components;
  std::vector<uint32_t> roots;
  for (uint32_t k = 0; k < n; ++k) {
    auto& members = components[uf.Find(k)];
    if (members.empty()) roots.push_back(uf.Find(k));
    members.push_back(static_cast<uint32_t>(begin + k));
  }
  for (uint32_t root : roots) {
    if (components[root].size() >= 2) SplitComponent(components[root], courses);
  }
}

// A victim has few suspects: two of them with the same name (allowing a
// short form of the given name) and no differing dates of birth are one
// person that identity resolution left apart (a move, a missing date).
void Grouper::JoinNamesakeSuspects(size_t begin, size_t n, UnionFind& uf) {
  std::unordered_map<std::string, uint32_t> first;
  for (uint32_t k = 0; k < n; ++k) {
    const Occurrence& o = occ_[begin + k];
    const domain::Person* suspect = index_.Person(*o.suspect_person);
    if (suspect == nullptr) continue;
    const std::string key = NamesakeKey(*suspect);
    if (key.empty()) continue;
    const auto [it, fresh] = first.emplace(key, k);
    if (fresh || occ_[begin + it->second].suspect == o.suspect) continue;
    if (BirthDatesDiffer(*index_.Person(*occ_[begin + it->second].suspect_person), *suspect) ||
        KeptApart(occ_[begin + it->second].suspect, o.suspect)) {
      continue;
    }
    if (uf.Find(it->second) != uf.Find(k)) {
      uf.Union(it->second, k);
      namesake_joined_.insert(static_cast<uint32_t>(begin + k));
    }
  }
}

// A stalker first known only by a number, handle, e-mail or vehicle is often
// named by the victim later. When every occurrence of this victim that names
// a suspect names the same one, the unknown suspects are taken to be that
// one: the link says so, with less strength than a resolved identity, and
// gaps longer than max_gap_days still split the course.
void Grouper::JoinUnknownToSoleNamed(size_t begin, size_t n, UnionFind& uf) {
  std::optional<uint32_t> named;  // the first occurrence naming the suspect
  std::vector<uint32_t> unknown;
  for (uint32_t k = 0; k < n; ++k) {
    const Occurrence& o = occ_[begin + k];
    if (!index_.IsNamed(*o.suspect_person)) {
      if (!index_.IdentifiersOf(*o.suspect_person).empty()) unknown.push_back(k);
      continue;
    }
    if (named && occ_[begin + *named].suspect != o.suspect) return;  // two named suspects
    if (!named) named = k;
  }
  if (!named) return;
  for (uint32_t k : unknown) {
    if (uf.Find(k) == uf.Find(*named)) continue;
    if (KeptApart(occ_[begin + k].suspect, occ_[begin + *named].suspect)) continue;
    uf.Union(k, *named);
    unknown_joined_.insert(static_cast<uint32_t>(begin + k));
  }
}

// Splits one suspect-victim pair's occurrences (time order) at gaps longer
// than max_gap_days; runs with two or more occasions become courses.
void Grouper::SplitComponent(const std::vector<uint32_t>& occs, std::vector<Course>& courses) {
  const int64_t max_gap = options_.max_gap_days * internal::kDaySeconds;
  std::vector<uint32_t> run;
  auto flush = [&] {
    std::set<int64_t> times;
    for (uint32_t o : run) times.insert(occ_[o].t);
    if (times.size() >= 2) courses.push_back(MakeCourse(run));
    run.clear();
  };
  for (uint32_t o : occs) {
    if (!run.empty() && occ_[o].t - occ_[run.back()].t > max_gap) flush();
    run.push_back(o);
  }
  flush();
}

std::string Grouper::SuspectName(const domain::Id& person, uint32_t entity) {
  if (!index_.IsNamed(person)) {
    const auto& ids = index_.IdentifiersOf(person);
    if (!ids.empty()) return "identifier:" + index_.IdentifierKey(ids.front());
  }
  return index_.EntityName(entity);
}

// Why `later`'s suspect is `earlier`'s, strongest evidence first.
Link Grouper::SuspectLink(const Occurrence& earlier, const Occurrence& later) {
  const auto& reports = input_.reports;
  Link link{"suspect_same_entity",
            reports[earlier.report].id,
            reports[later.report].id,
            *earlier.suspect_person,
            *later.suspect_person,
            index_.EntityName(later.suspect),
            1.0};
  if (*earlier.suspect_person == *later.suspect_person) return link;
  if (earlier.suspect == later.suspect) {
    link.strength = options_.resolved_entity_strength;
    return link;
  }
  double best = -1;
  for (uint32_t a : index_.IdentifiersOf(*earlier.suspect_person)) {
    for (uint32_t b : index_.IdentifiersOf(*later.suspect_person)) {
      if (a != b || !Usable(a, options_.max_identifier_holders)) continue;
      if (index_.IdentifierStrength(a) <= best) continue;
      best = index_.IdentifierStrength(a);
      const std::string& key = index_.IdentifierKey(a);
      link.kind = "suspect_shared_" + std::string(internal::IdentifierKind(key));
      link.detail = key;
      link.strength = best;
    }
  }
  if (best >= 0) return link;
  // Both are elements of occ_: their positions are what the join sets hold.
  const auto earlier_at = static_cast<uint32_t>(&earlier - occ_.data());
  const auto later_at = static_cast<uint32_t>(&later - occ_.data());
  if (namesake_joined_.count(earlier_at) + namesake_joined_.count(later_at) > 0) {
    const domain::Person* a = index_.Person(*earlier.suspect_person);
    const domain::Person* b = index_.Person(*later.suspect_person);
    const std::string key = a != nullptr ? NamesakeKey(*a) : std::string();
    if (b != nullptr && !key.empty() && key == NamesakeKey(*b)) {
      link.kind = "suspect_same_name_same_victim";
      link.detail = b->given_name + " " + b->family_name;
      link.strength = options_.namesake_strength;
      return link;
    }
  }
  const bool earlier_joined = unknown_joined_.count(earlier_at) > 0;
  const bool later_joined = unknown_joined_.count(later_at) > 0;
  if (earlier_joined != later_joined &&
      index_.IsNamed(*earlier.suspect_person) != index_.IsNamed(*later.suspect_person)) {
    const Occurrence& unknown = earlier_joined ? earlier : later;
    const auto& ids = index_.IdentifiersOf(*unknown.suspect_person);
    link.kind = "suspect_unknown_then_named";
    link.detail = ids.empty() ? "" : index_.IdentifierKey(ids.front());
    link.strength = options_.unknown_suspect_strength;
    return link;
  }
  link.strength = -1;  // no direct evidence
  return link;
}

Course Grouper::MakeCourse(const std::vector<uint32_t>& occs) {
  const auto& reports = input_.reports;
  Course c;
  const Occurrence& first = occ_[occs.front()];
  c.victim = index_.EntityName(first.victim);
  c.suspect = index_.EntityName(first.suspect);
  for (uint32_t o : occs) {
    if (index_.IsNamed(*occ_[o].suspect_person)) {
      c.suspect = index_.EntityName(occ_[o].suspect);
      break;
    }
  }
  if (!index_.IsNamed(*first.suspect_person) && c.suspect == index_.EntityName(first.suspect)) {
    c.suspect = SuspectName(*first.suspect_person, first.suspect);
  }
  std::set<int64_t> times;
  std::vector<uint32_t> seen;  // occurrence per report already in the course
  for (uint32_t o : occs) {
    const Occurrence& x = occ_[o];
    times.insert(x.t);
    if (std::find(c.reports.begin(), c.reports.end(), x.report) != c.reports.end()) continue;
    if (!seen.empty()) {
      Link best = SuspectLink(occ_[seen.front()], x);
      for (uint32_t s : seen) {
        Link l = SuspectLink(occ_[s], x);
        if (l.strength > best.strength) best = std::move(l);
      }
      if (best.strength < 0) {
        // Joined through other reports of this victim (A~B~C).
        best.kind = "suspect_same_group";
        best.detail = "connected through other reports in this course";
        best.strength = options_.resolved_entity_strength / 2;
      }
      c.links.push_back(std::move(best));
      const bool same = *first.victim_person == *x.victim_person;
      const bool resolved = first.victim_resolved == x.victim_resolved;
      c.links.push_back({resolved ? "victim_same_entity" : "victim_same_name_same_suspect",
                         reports[first.report].id, reports[x.report].id, *first.victim_person,
                         *x.victim_person, c.victim,
                         same       ? 1.0
                         : resolved ? options_.resolved_entity_strength
                                    : options_.namesake_strength});
    }
    seen.push_back(o);
    c.reports.push_back(x.report);
  }
  c.occasions = times.size();
  c.first_s = *times.begin();
  c.last_s = *times.rbegin();
  c.id = "course:" + reports[c.reports.front()].id;
  return c;
}

// Suspect groups across victims, for the serial-perpetrator search.
void Grouper::GroupSuspects(Grouping& out) {
  UnionFind uf(index_.entity_count());
  std::vector<std::vector<Link>> links_of(index_.entity_count());
  const auto& reports = input_.reports;
  auto join = [&](uint32_t a, uint32_t b, Link link) {
    const uint32_t ra = uf.Find(a);
    const uint32_t rb = uf.Find(b);
    if (!uf.Union(a, b)) return;
    const uint32_t root = uf.Find(a);
    const uint32_t other = root == ra ? rb : ra;
    auto& dst = links_of[root];
    dst.insert(dst.end(), links_of[other].begin(), links_of[other].end());
    links_of[other].clear();
    dst.push_back(std::move(link));
  };
  std::unordered_map<uint32_t, size_t> by_identifier;  // identifier -> occurrence
  for (size_t k = 0; k < occ_.size(); ++k) {
    const Occurrence& o = occ_[k];
    for (uint32_t id : index_.IdentifiersOf(*o.suspect_person)) {
      if (!Usable(id, options_.max_identifier_holders_serial)) continue;
      const auto [it, fresh] = by_identifier.emplace(id, k);
      if (fresh) continue;
      const Occurrence& e = occ_[it->second];
      const std::string& key = index_.IdentifierKey(id);
      join(e.suspect, o.suspect,
           {"suspect_shared_" + std::string(internal::IdentifierKind(key)), reports[e.report].id,
            reports[o.report].id, *e.suspect_person, *o.suspect_person, key,
            index_.IdentifierStrength(id)});
    }
  }
  // Suspects already joined within a course are one suspect everywhere.
  for (const auto& c : out.courses) {
    for (const auto& l : c.links) {
      if (l.kind.rfind("suspect_", 0) != 0) continue;
      join(index_.EntityOf(l.person_a), index_.EntityOf(l.person_b), l);
    }
  }
  out.suspect_group_of.assign(reports.size(), -1);
  std::unordered_map<uint32_t, int32_t> group_of_root;
  for (uint32_t r = 0; r < reports.size(); ++r) {
    if (!out.time_of[r]) continue;
    for (const auto& p : reports[r].parties) {
      if (p.role != "suspect") continue;
      const uint32_t entity = index_.EntityOf(p.person_id);
      const uint32_t root = uf.Find(entity);
      const auto [it, fresh] =
          group_of_root.emplace(root, static_cast<int32_t>(out.suspect_group_links.size()));
      if (fresh) {
        out.suspect_group_links.push_back(links_of[root]);
        out.suspect_group_name.push_back(SuspectName(p.person_id, entity));
      } else if (index_.IsNamed(p.person_id) &&
                 out.suspect_group_name[it->second].rfind("identifier:", 0) == 0) {
        out.suspect_group_name[it->second] = index_.EntityName(entity);
      }
      out.suspect_group_of[r] = it->second;
      break;
    }
  }
}

}  // namespace

Status Validate(const Options& options) {
  std::vector<FieldError> fields;
  if (options.max_gap_days <= 0) fields.push_back({"max_gap_days", "must be positive"});
  if (options.serial_window_days <= 0) {
    fields.push_back({"serial_window_days", "must be positive"});
  }
  if (options.max_identifier_holders == 0) {
    fields.push_back({"max_identifier_holders", "must be at least 1"});
  }
  if (!(options.resolved_entity_strength > 0 && options.resolved_entity_strength <= 1)) {
    fields.push_back({"resolved_entity_strength", "must be in (0, 1]"});
  }
  if (!(options.namesake_strength > 0 && options.namesake_strength <= 1)) {
    fields.push_back({"namesake_strength", "must be in (0, 1]"});
  }
  if (!(options.unknown_suspect_strength > 0 && options.unknown_suspect_strength <= 1)) {
    fields.push_back({"unknown_suspect_strength", "must be in (0, 1]"});
  }
  if (!(options.frequency_ratio > 0 && options.frequency_ratio < 1)) {
    fields.push_back({"frequency_ratio", "must be in (0, 1)"});
  }
  if (fields.empty()) return Status::Ok();
  return InvalidArgument("invalid course-of-conduct options", std::move(fields));
}

Result<Grouping> GroupCourses(const Input& input, const Options& options) {
  if (Status s = Validate(options); !s.ok()) return s.error();
  Grouper grouper(input, options);
  return grouper.Run();
}

}  // namespace threadline::linkage::conduct
