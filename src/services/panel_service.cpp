#include "services/panel_service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "domain/awaiter.hpp"
#include "domain/datetime.hpp"
#include "services/audit.hpp"
#include "services/case_support.hpp"
#include "services/pseudonym.hpp"

namespace threadline::services {
namespace {

constexpr std::array<std::string_view, 3> kPanelKinds = {"stalking_clinic", "matac", "marac"};
constexpr std::array<std::string_view, 4> kSources = {"team", "partner", "ranking", "review"};
constexpr size_t kMaxReason = 2000;
constexpr size_t kCasePage = 200;
constexpr int kSerialMinAge = 16;
constexpr int64_t kSecondsPerDay = 86400;

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

template <size_t N>
std::string ListOf(const std::array<std::string_view, N>& list) {
  std::string out;
  for (const auto& v : list) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

bool IsPanelCode(std::string_view code) {
  if (code.size() < 3 || code.size() > 64 || code.front() == '-' || code.back() == '-') {
    return false;
  }
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Free text: not blank, within `max` bytes, no control characters but line breaks.
bool IsText(std::string_view s, size_t max) {
  if (s.size() > max) return false;
  if (s.find_first_not_of(" \t\r\n") == std::string_view::npos) return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\r' && c != '\t';
  });
}

// Days since the epoch of a date "YYYY-MM-DD", or of the date part of a
// canonical timestamp.
std::optional<int32_t> DayOf(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  const auto date = domain::ParseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  return static_cast<int32_t>(domain::DaysFromCivil(*date));
}

std::string DateOf(int32_t day) { return domain::FormatDate(domain::CivilFromDays(day)); }

// Whether a recorded (possibly partial) date of birth shows the person was
// under `age` on `day`: only when even the earliest birth date it allows
// makes them younger.
bool KnownUnder(std::string_view dob, int age, int32_t day) {
  const auto partial = domain::ParsePartialDate(dob);
  if (!partial) return false;
  const domain::Date on = domain::CivilFromDays(day);
  const int month = partial->month == 0 ? 1 : partial->month;
  const int dom = partial->day == 0 ? 1 : partial->day;
  int oldest = on.year - partial->year;
  if (on.month < month || (on.month == month && on.day < dom)) --oldest;
  return oldest < age;
}

std::string BreakdownJson(const risk::RfgvScore& s, const std::string& explanation) {
  const boost::json::object o{
      {"recency", {{"points", s.recency_points}, {"days_since_last", s.days_since_last}}},
      {"frequency", {{"points", s.frequency_points}, {"incidents", s.incidents}}},
      {"gravity", {{"points", s.gravity_points}, {"harm_days", s.gravity}}},
      {"victims", {{"points", s.victim_points}, {"distinct", s.victims}}},
      {"serial", s.serial},
      {"explanation", explanation}};
  return boost::json::serialize(o);
}

// Person ids as the dense numbers (from 1) the ranking engine takes, and
// back. A flat open-addressing table with the ids inline, so a look-up costs
// one cache miss: the ranking looks up every party of a million reports.
class DenseIds {
 public:
  DenseIds() : slots_(size_t{1} << 16) {}

  uint64_t Of(std::string_view id) {
    if (id.size() > kInline) return OfLong(id);
    if ((ids_.size() + 1) * 2 > slots_.size()) Grow();
    for (size_t at = Hash(id) & (slots_.size() - 1);; at = (at + 1) & (slots_.size() - 1)) {
      Slot& slot = slots_[at];
      if (slot.dense == 0) {
        std::copy(id.begin(), id.end(), slot.key.begin());
        slot.size = static_cast<uint8_t>(id.size());
        ids_.emplace_back(id);
        slot.dense = static_cast<uint32_t>(ids_.size());
        return slot.dense;
      }
      if (slot.size == id.size() && std::equal(id.begin(), id.end(), slot.key.begin())) {
        return slot.dense;
      }
    }
  }
  const domain::Id& IdOf(uint64_t dense) const { return ids_[dense - 1]; }
  size_t size() const { return ids_.size(); }

 private:
  static constexpr size_t kInline = 32;
  struct Slot {
    std::array<char, kInline> key;
    uint32_t dense = 0;  // 0 = empty
    uint8_t size = 0;
  };
  static size_t Hash(std::string_view id) { return std::hash<std::string_view>()(id); }

  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& s : old) {
      if (s.dense == 0) continue;
      size_t at = Hash({s.key.data(), s.size}) & (slots_.size() - 1);
      while (slots_[at].dense != 0) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = s;
    }
  }
  // Ids longer than the inline key (never the store's own ids).
  uint64_t OfLong(std::string_view id) {
    const auto [it, inserted] = long_.try_emplace(std::string(id), ids_.size() + 1);
    if (inserted) ids_.emplace_back(id);
    return it->second;
  }

  std::vector<Slot> slots_;
  std::vector<domain::Id> ids_;
  std::unordered_map<std::string, uint64_t> long_;
};

// Incidents of one report: each suspect against each victim.
// A victim as the ranking engine tells victims apart: a 64-bit hash of the
// person id, so the million look-ups of a large ranking need no table. Two
// victims of the same perpetrator would have to collide to be counted as
// one: with 2^64 values, a chance below one in 10^12 per ranking.
uint64_t VictimKey(std::string_view person_id) { return std::hash<std::string_view>()(person_id); }

struct Suspect {
  uint64_t dense = 0;
  uint64_t key = 0;  // VictimKey of the same person, to skip them as their own victim
};

struct ReportBuffer {
  std::string report_id;
  int32_t day = 0;
  uint16_t offence = 0;
  bool dated = false;
  std::vector<Suspect> suspects;
  std::vector<uint64_t> victims;
};

}  // namespace

struct PanelService::Scored {
  std::vector<risk::RfgvScore> scores;
  DenseIds ids;
  size_t reports = 0;
  size_t perpetrators = 0;
};

Result<std::vector<domain::Id>> PanelService::RankableForces(store::ReadTx& tx,
                                                             const Actor& actor) const {
  return access_.VisibleOwners(tx, actor, "case");
}

Result<domain::Agency> PanelService::RankableForce(store::ReadTx& tx, const Actor& actor,
                                                   const std::string& force_code) const {
  auto force = tx.GetAgencyByCode(force_code);
  if (!force.ok()) {
    if (force.error().code == ErrorCode::kNotFound) return NotFound("no such force");
    return force.error();
  }
  if (force->kind != "police_force") return NotFound("no such force");
  if (actor.is_system()) return force;
  auto owners = RankableForces(tx, actor);
  if (!owners.ok()) return owners.error();
  if (std::find(owners->begin(), owners->end(), force->id) == owners->end()) {
    return NotFound("no such force");
  }
  return force;
}

Result<domain::Panel> PanelService::VisiblePanel(store::ReadTx& tx, const Actor& actor,
                                                 const domain::Id& id) const {
  if (!domain::IsWellFormedId(id)) return NotFound("no such panel");
  auto panel = tx.GetPanel(id);
  if (!panel.ok()) return panel.error();
  if (actor.is_system()) return panel;
  auto owners = access_.VisibleOwners(tx, actor, "case");
  if (!owners.ok()) return owners.error();
  if (std::find(owners->begin(), owners->end(), panel->owner_agency_id) == owners->end()) {
    return NotFound("no such panel");
  }
  return panel;
}

Result<PanelService::Scored> PanelService::ScoreForce(store::ReadTx& tx, const domain::Id& force_id,
                                                      int32_t today, size_t top_n) const {
  const int32_t first_day = today - (model_.config.lookback_days - 1);
  const std::string from = domain::FormatTimestamp(int64_t{first_day} * kSecondsPerDay);
  const auto unknown_offence = static_cast<uint16_t>(
      std::min<size_t>(model_.weights.size(), std::numeric_limits<uint16_t>::max()));
  Scored out;
  std::vector<risk::HarmIncident> incidents;
  std::vector<bool> perpetrator;  // by dense id: has an incident in the window
  ReportBuffer report;
  auto flush = [&] {
    if (report.dated && report.day >= first_day && report.day <= today) {
      for (const Suspect& s : report.suspects) {
        bool counted = false;
        for (const uint64_t v : report.victims) {
          if (v == s.key) continue;
          incidents.push_back({s.dense, v, report.day, report.offence});
          counted = true;
        }
        if (counted) {
          if (perpetrator.size() <= s.dense) perpetrator.resize(s.dense + 1 + s.dense / 2, false);
          perpetrator[s.dense] = true;
        }
      }
    }
    report.suspects.clear();
    report.victims.clear();
  };
  const Status scanned =
      tx.ScanReportParties(force_id, from, [&](const store::ReportPartyRow& row) -> Status {
        if (row.report_id != report.report_id) {
          flush();
          report.report_id = row.report_id;
          const auto day = DayOf(row.occurred_at);
          report.dated = day.has_value();
          report.day = day.value_or(0);
          report.offence = model_.weights.Index(row.recorded_as).value_or(unknown_offence);
          ++out.reports;
        }
        if (row.role == "suspect") {
          report.suspects.push_back({out.ids.Of(row.person_id), VictimKey(row.person_id)});
        } else if (row.role == "victim") {
          report.victims.push_back(VictimKey(row.person_id));
        }
        return Status::Ok();
      });
  if (!scanned.ok()) return scanned.error();
  flush();
  out.perpetrators = static_cast<size_t>(std::count(perpetrator.begin(), perpetrator.end(), true));
  out.scores = risk::RankPerpetrators(incidents, model_, today, top_n);
  // Serial stalking is not said of someone known to be under age.
  for (auto& s : out.scores) {
    if (!s.serial) continue;
    auto person = tx.GetPerson(out.ids.IdOf(s.perpetrator));
    if (!person.ok()) return person.error();
    if (KnownUnder(person->dob, kSerialMinAge, today)) s.serial = false;
  }
  return out;
}

Result<domain::Panel> PanelService::CreatePanel(const Actor& actor, const NewPanel& in) {
  if (Status s = access_.Require(actor, "panel.manage"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  if (!IsPanelCode(in.code)) {
    errors.push_back(
        {"code", "must be 3 to 64 lower-case letters, digits and hyphens, such as met-clinic"});
  }
  if (!IsText(in.name, 200) || in.name.find('\n') != std::string::npos) {
    errors.push_back({"name", "is required: one line of up to 200 characters"});
  }
  if (!OneOf(kPanelKinds, in.kind)) {
    errors.push_back({"kind", "must be one of: " + ListOf(kPanelKinds)});
  }
  if (!IsText(in.area, 100) || in.area.find('\n') != std::string::npos) {
    errors.push_back({"area", "is required: a force code or local area of up to 100 characters"});
  }
  if (!in.schedule.empty() &&
      (!IsText(in.schedule, 200) || in.schedule.find('\n') != std::string::npos)) {
    errors.push_back({"schedule", "must be one line of up to 200 characters"});
  }
  if (!errors.empty()) return InvalidArgument("the panel is not valid", std::move(errors));

  const int64_t now = clock_();
  domain::Panel panel;
  panel.id = domain::NewId();
  panel.code = in.code;
  panel.name = in.name;
  panel.kind = in.kind;
  panel.area = in.area;
  panel.schedule = in.schedule;
  panel.owner_agency_id = actor.agency_id;
  panel.created_at = domain::FormatTimestamp(now);
  panel.created_by = actor.user_id;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    if (panel.owner_agency_id.empty()) {
      auto owner = tx.GetAgencyByCode(panel.area);
      if (!owner.ok()) {
        if (owner.error().code != ErrorCode::kNotFound) return owner.status();
        return InvalidArgument("the panel is not valid",
                               {{"area", "must be the code of the agency that runs the panel"}});
      }
      panel.owner_agency_id = owner->id;
    }
    auto panels = tx.ListPanels();
    if (!panels.ok()) return panels.status();
    for (const auto& p : *panels) {
      if (p.code == panel.code) return Conflict("a panel with the code " + p.code + " exists");
    }
    if (Status s = tx.InsertPanel(panel); !s.ok()) return s;
    return tx.AppendAudit(MakeAuditEntry(actor, "panel.create", "panel", panel.id, now)).status();
  });
  if (!written.ok()) return written.error();
  return panel;
}

Result<std::vector<domain::Panel>> PanelService::ListPanels(const Actor& actor) {
  if (Status s = access_.Require(actor, "panel.read"); !s.ok()) return s.error();
  std::vector<domain::Panel> out;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto panels = tx.ListPanels();
    if (!panels.ok()) return panels.status();
    std::vector<domain::Id> owners;
    if (!actor.is_system()) {
      auto visible = access_.VisibleOwners(tx, actor, "case");
      if (!visible.ok()) return visible.status();
      owners = std::move(*visible);
    }
    for (auto& p : *panels) {
      if (actor.is_system() ||
          std::find(owners.begin(), owners.end(), p.owner_agency_id) != owners.end()) {
        out.push_back(std::move(p));
      }
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  return out;
}

Result<domain::Panel> PanelService::GetPanel(const Actor& actor, const domain::Id& id) {
  if (Status s = access_.Require(actor, "panel.read"); !s.ok()) return s.error();
  domain::Panel out;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto panel = VisiblePanel(tx, actor, id);
    if (!panel.ok()) return panel.status();
    out = std::move(*panel);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  return out;
}

namespace {

// The ranking day: `as_of` or today; a bad or future date is reported in
// `errors`.
int32_t RankingDay(const std::string& as_of, int64_t now, std::vector<FieldError>& errors) {
  const auto today = static_cast<int32_t>(now / kSecondsPerDay);
  if (as_of.empty()) return today;
  const auto date = domain::ParseDate(as_of);
  if (!date || as_of.size() != 10) {
    errors.push_back({"as_of", "must be a date (YYYY-MM-DD)"});
    return today;
  }
  const auto day = static_cast<int32_t>(domain::DaysFromCivil(*date));
  if (day > today) errors.push_back({"as_of", "must not be in the future"});
  return day;
}

}  // namespace

Result<Ranking> PanelService::Rank(const Actor& actor, const RankQuery& query) {
  if (Status s = access_.Require(actor, "rank.read"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  if (query.force_code.empty()) errors.push_back({"force", "is required: a police force code"});
  if (query.top_n < 1 || query.top_n > kMaxTopN) {
    errors.push_back({"top", "must be from 1 to " + std::to_string(kMaxTopN)});
  }
  const int64_t now = clock_();
  const int32_t today = RankingDay(query.as_of, now, errors);
  if (!errors.empty()) return InvalidArgument("the ranking query is not valid", std::move(errors));

  const bool pseudonymise = Pseudonymiser::AppliesTo(actor);
  Ranking ranking;
  ranking.as_of = DateOf(today);
  ranking.model_version = model_.version();
  ranking.lookback_days = model_.config.lookback_days;
  ranking.pseudonymised = pseudonymise;
  std::vector<domain::Id> disclosed;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto force = RankableForce(tx, actor, query.force_code);
    if (!force.ok()) return force.status();
    ranking.force_code = force->code;
    auto scored = ScoreForce(tx, force->id, today, query.top_n);
    if (!scored.ok()) return scored.status();
    ranking.reports = scored->reports;
    ranking.perpetrators = scored->perpetrators;
    for (auto& s : scored->scores) {
      const domain::Id& id = scored->ids.IdOf(s.perpetrator);
      RankedPerpetrator r;
      r.rank = static_cast<int>(ranking.ranked.size()) + 1;
      r.person_id = pseudonymise ? Pseudonymiser::ForThisProcess()("P", id) : id;
      r.score = s.score;
      r.recency_points = s.recency_points;
      r.frequency_points = s.frequency_points;
      r.gravity_points = s.gravity_points;
      r.victim_points = s.victim_points;
      r.days_since_last = s.days_since_last;
      r.incidents = s.incidents;
      r.gravity = s.gravity;
      r.victims = s.victims;
      r.serial = s.serial;
      r.explanation = risk::ExplainScore(s, model_);
      r.model_version = ranking.model_version;
      ranking.ranked.push_back(std::move(r));
      disclosed.push_back(id);
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  const std::vector<std::string> purposes(
      disclosed.size(), "harm ranking of " + ranking.force_code + " on " + ranking.as_of);
  if (Status s = AuditDisclosures(store_, actor, "rank.read", "person", disclosed, now, purposes);
      !s.ok()) {
    return s.error();
  }
  return ranking;
}

Result<RecordedScores> PanelService::RecordScores(const Actor& actor, const std::string& force_code,
                                                  const std::string& as_of) {
  if (Status s = access_.Require(actor, "panel.manage"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  if (force_code.empty()) errors.push_back({"force", "is required: a police force code"});
  const int64_t now = clock_();
  const int32_t today = RankingDay(as_of, now, errors);
  if (!errors.empty()) return InvalidArgument("the request is not valid", std::move(errors));

  RecordedScores out;
  out.scored_on = DateOf(today);
  out.model_version = model_.version();
  domain::Id force_id;
  std::vector<domain::HarmScore> scores;
  const std::string now_text = domain::FormatTimestamp(now);
  // Scoring a whole force is long work: on a server fiber it runs aside,
  // off the thread that serves other connections.
  Status read = Status::Ok();
  RunAside([&] {
    read = store_.Read([&](store::ReadTx& tx) -> Status {
      auto force = RankableForce(tx, actor, force_code);
      if (!force.ok()) return force.status();
      out.force_code = force->code;
      force_id = force->id;
      auto scored = ScoreForce(tx, force->id, today, 0);
      if (!scored.ok()) return scored.status();
      scores.reserve(scored->scores.size());
      for (auto& s : scored->scores) {
        const domain::Id& id = scored->ids.IdOf(s.perpetrator);
        domain::HarmScore h;
        h.id = domain::NewId();
        h.person_id = id;
        h.force_id = force->id;
        h.scored_on = out.scored_on;
        h.score = s.score;
        h.version = out.model_version;
        h.breakdown_json = BreakdownJson(s, risk::ExplainScore(s, model_));
        h.created_at = now_text;
        scores.push_back(std::move(h));
      }
      return Status::Ok();
    });
  });
  if (!read.ok()) return read.error();
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    out.recorded = 0;
    out.already_recorded = 0;
    for (const auto& h : scores) {
      auto before = tx.ListHarmScores(h.person_id);
      if (!before.ok()) return before.status();
      const bool done = std::any_of(before->begin(), before->end(), [&](const auto& b) {
        return b.force_id == h.force_id && b.scored_on == h.scored_on && b.version == h.version;
      });
      if (done) {
        ++out.already_recorded;
        continue;
      }
      if (Status s = tx.InsertHarmScore(h); !s.ok()) return s;
      auto audited = tx.AppendAudit(
          MakeAuditEntry(actor, "rank.record", "person", h.person_id, now,
                         "harm score in " + out.force_code + " on " + out.scored_on));
      if (!audited.ok()) return audited.status();
      ++out.recorded;
    }
    return Status::Ok();
  });
  if (!written.ok()) return written.error();
  return out;
}

Result<HarmScoreHistory> PanelService::ScoreHistory(const Actor& actor,
                                                    const domain::Id& person_id) {
  if (Status s = access_.Require(actor, "panel.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(person_id)) return NotFound("no such person");
  HarmScoreHistory out;
  out.person_id = person_id;
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto person = tx.GetPerson(person_id);
    if (!person.ok()) return person.status();
    auto d = access_.DisclosePerson(tx, actor, *person);
    if (!d.ok()) return d.status();
    if (!d->visible) return NotFound("no such person");
    purpose = AuditPurpose(*d);
    std::vector<domain::Id> forces;
    if (!actor.is_system()) {
      auto visible = RankableForces(tx, actor);
      if (!visible.ok()) return visible.status();
      forces = std::move(*visible);
    }
    auto scores = tx.ListHarmScores(person_id);
    if (!scores.ok()) return scores.status();
    for (auto& h : *scores) {
      if (!actor.is_system() &&
          std::find(forces.begin(), forces.end(), h.force_id) == forces.end()) {
        continue;
      }
      out.entries.push_back({std::move(h), 0});
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (!out.entries.empty()) {
    const domain::HarmScore& first = out.entries.front().score;
    for (auto& e : out.entries) {
      e.change_since_first = e.score.score - first.score;
      out.same_model = out.same_model && e.score.version == first.version;
    }
    out.change_since_first = out.entries.back().change_since_first;
  }
  if (Status s = AuditRead(store_, actor, "rank.history", "person", person_id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return out;
}

Result<domain::Nomination> PanelService::Nominate(const Actor& actor, const domain::Id& panel_id,
                                                  const NewNomination& in) {
  if (Status s = access_.Require(actor, "case.read"); !s.ok()) return s.error();
  std::vector<FieldError> errors;
  const auto meeting = domain::ParseDate(in.meeting_date);
  if (!meeting || in.meeting_date.size() != 10) {
    errors.push_back({"meeting_date", "must be a date (YYYY-MM-DD)"});
  }
  if (!OneOf(kSources, in.source)) {
    errors.push_back({"source", "must be one of: " + ListOf(kSources)});
  }
  if (in.case_id.empty() && in.person_id.empty()) {
    errors.push_back({"case_id", "name the case, or the person when there is no case"});
  }
  if (!in.case_id.empty() && !domain::IsWellFormedId(in.case_id)) {
    errors.push_back({"case_id", "must be a record id"});
  }
  if (!in.person_id.empty() && !domain::IsWellFormedId(in.person_id)) {
    errors.push_back({"person_id", "must be a record id"});
  }
  if (in.reason.empty() ? in.source != "ranking" : !IsText(in.reason, kMaxReason)) {
    errors.push_back({"reason", "is required: why the panel should discuss it, up to " +
                                    std::to_string(kMaxReason) + " characters"});
  }
  if (!errors.empty()) return InvalidArgument("the nomination is not valid", std::move(errors));

  const int64_t now = clock_();
  const auto today = static_cast<int32_t>(now / kSecondsPerDay);
  domain::Nomination n;
  n.id = domain::NewId();
  n.panel_id = panel_id;
  n.meeting_date = in.meeting_date;
  n.case_id = in.case_id;
  n.person_id = in.person_id;
  n.source = in.source;
  n.agency_id = actor.agency_id;
  n.reason = in.reason;
  n.created_at = domain::FormatTimestamp(now);
  n.created_by = actor.user_id;
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    auto panel = VisiblePanel(tx, actor, panel_id);
    if (!panel.ok()) return panel.status();
    if (n.agency_id.empty()) n.agency_id = panel->owner_agency_id;
    if (!n.case_id.empty()) {
      auto c = tx.GetCase(n.case_id);
      if (!c.ok()) return c.status();
      auto d = access_.Disclose(tx, actor, "case", c->id, c->owner_agency_id, false);
      if (!d.ok()) return d.status();
      if (!d->visible) return NotFound("no such case");
      std::vector<FieldError> bad;
      if (c->status == "closed") bad.push_back({"case_id", "the case is closed: reopen it first"});
      if (!n.person_id.empty() && !c->suspect_person_id.empty() &&
          n.person_id != c->suspect_person_id) {
        bad.push_back({"person_id", "is not the suspect of the case"});
      }
      if (!bad.empty()) return InvalidArgument("the nomination is not valid", std::move(bad));
      if (n.person_id.empty()) n.person_id = c->suspect_person_id;
    } else {
      auto person = tx.GetPerson(n.person_id);
      if (!person.ok()) {
        if (person.error().code == ErrorCode::kNotFound) return NotFound("no such person");
        return person.status();
      }
      auto d = access_.DisclosePerson(tx, actor, *person);
      if (!d.ok()) return d.status();
      if (!d->visible) return NotFound("no such person");
    }
    auto existing = tx.ListNominations(n.panel_id, n.meeting_date);
    if (!existing.ok()) return existing.status();
    for (const auto& e : *existing) {
      const bool same = !n.case_id.empty() ? e.case_id == n.case_id
                                           : e.case_id.empty() && e.person_id == n.person_id;
      if (same) {
        return Conflict(std::string(n.case_id.empty() ? "the person" : "the case") +
                        " is already nominated for the meeting of " + panel->code + " on " +
                        n.meeting_date);
      }
    }
    if (n.source == "ranking") {
      if (n.person_id.empty()) {
        return InvalidArgument(
            "the nomination is not valid",
            {{"person_id", "a nomination from the ranking names the perpetrator"}});
      }
      auto scored = ScorePerson(tx, actor, n.person_id, today);
      if (!scored.ok()) return scored.status();
      if (!scored->has_value()) {
        return InvalidArgument("the nomination is not valid",
                               {{"source",
                                 "the person has no incidents in the look-back window "
                                 "to rank them by"}});
      }
      const risk::RfgvScore& s = **scored;
      const std::string explanation = risk::ExplainScore(s, model_);
      n.score = s.score;
      n.score_version = model_.version();
      n.breakdown_json = BreakdownJson(s, explanation);
      if (n.reason.empty()) n.reason = "Harm ranking: " + explanation;
    }
    if (Status s = tx.InsertNomination(n); !s.ok()) return s;
    if (n.case_id.empty()) {
      return tx.AppendAudit(MakeAuditEntry(actor, "panel.nominate", "nomination", n.id, now))
          .status();
    }
    std::string summary =
        "Nominated for " + panel->code + " on " + n.meeting_date + " (" + n.source + ")";
    if (n.score > 0) summary += ", harm score " + std::to_string(n.score);
    // Timeline events name an agency: the system acts for the panel's.
    Actor acting = actor;
    if (acting.agency_id.empty()) acting.agency_id = n.agency_id;
    return case_support::Record(tx, acting, n.case_id, "case.nominated", "", "core", summary, now,
                                "panel.nominate", "nomination", n.id);
  });
  if (!written.ok()) return written.error();
  return n;
}

Result<std::optional<risk::RfgvScore>> PanelService::ScorePerson(store::ReadTx& tx,
                                                                 const Actor& actor,
                                                                 const domain::Id& person_id,
                                                                 int32_t today) const {
  std::vector<domain::Id> forces;
  if (!actor.is_system()) {
    auto visible = RankableForces(tx, actor);
    if (!visible.ok()) return visible.error();
    forces = std::move(*visible);
  }
  auto report_ids = tx.ListReportIdsForPerson(person_id);
  if (!report_ids.ok()) return report_ids.error();
  const uint64_t self = VictimKey(person_id);
  std::vector<risk::HarmIncident> incidents;
  for (const auto& report_id : *report_ids) {
    auto r = tx.GetReport(report_id);
    if (!r.ok()) return r.error();
    if (!actor.is_system() &&
        std::find(forces.begin(), forces.end(), r->force_id) == forces.end()) {
      continue;
    }
    const bool suspect = std::any_of(r->parties.begin(), r->parties.end(), [&](const auto& p) {
      return p.role == "suspect" && p.person_id == person_id;
    });
    const auto day = DayOf(r->occurred_at);
    if (!suspect || !day) continue;
    const auto offence =
        model_.weights.Index(r->recorded_as).value_or(static_cast<uint16_t>(model_.weights.size()));
    for (const auto& p : r->parties) {
      if (p.role != "victim" || p.person_id == person_id) continue;
      incidents.push_back({self, VictimKey(p.person_id), *day, offence});
    }
  }
  auto scores = risk::RankPerpetrators(incidents, model_, today, 1);
  if (scores.empty()) return std::optional<risk::RfgvScore>();
  auto person = tx.GetPerson(person_id);
  if (!person.ok()) return person.error();
  if (KnownUnder(person->dob, kSerialMinAge, today)) scores.front().serial = false;
  return std::optional<risk::RfgvScore>(scores.front());
}

Result<PanelAgenda> PanelService::Agenda(const Actor& actor, const domain::Id& panel_id,
                                         const std::string& date) {
  if (Status s = access_.Require(actor, "panel.read"); !s.ok()) return s.error();
  const auto meeting = domain::ParseDate(date);
  if (!meeting || date.size() != 10) {
    return InvalidArgument("the request is not valid", {{"date", "must be a date (YYYY-MM-DD)"}});
  }
  const auto meeting_day = static_cast<int32_t>(domain::DaysFromCivil(*meeting));

  struct Disclosure {
    std::string record_type;
    domain::Id record_id;
    std::string purpose;
  };
  PanelAgenda agenda;
  agenda.meeting_date = date;
  std::vector<Disclosure> disclosed;
  std::vector<std::pair<domain::Id, access::Disclosure>> shown_cases;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto panel = VisiblePanel(tx, actor, panel_id);
    if (!panel.ok()) return panel.status();
    agenda.panel = *panel;
    std::map<domain::Id, std::string> agency_codes;
    auto agency_code = [&](const domain::Id& id) {
      auto it = agency_codes.find(id);
      if (it != agency_codes.end()) return it->second;
      auto a = tx.GetAgency(id);
      return agency_codes[id] = a.ok() ? a->code : id;
    };

    auto nominations = tx.ListNominations(panel->id, date);
    if (!nominations.ok()) return nominations.status();
    std::set<domain::Id> nominated_cases;
    for (auto& n : *nominations) {
      if (!n.case_id.empty()) nominated_cases.insert(n.case_id);
      AgendaEntry e;
      e.basis = "nominated";
      e.person_id = n.person_id;
      e.score = n.score;
      e.score_version = n.score_version;
      if (!n.case_id.empty()) {
        auto c = tx.GetCase(n.case_id);
        if (!c.ok()) return c.status();
        auto d = access_.Disclose(tx, actor, "case", c->id, c->owner_agency_id, false);
        if (!d.ok()) return d.status();
        if (!d->visible) {
          ++agenda.withheld;
          continue;
        }
        e.case_id = c->id;
        e.case_reference = c->reference;
        e.tier = c->tier;
        disclosed.push_back({"case", c->id, AuditPurpose(*d)});
        shown_cases.emplace_back(c->id, *d);
      } else {
        auto person = tx.GetPerson(n.person_id);
        if (!person.ok() && person.error().code != ErrorCode::kNotFound) return person.status();
        auto d = person.ok() ? access_.DisclosePerson(tx, actor, *person)
                             : Result<access::Disclosure>(access::Disclosure{});
        if (!d.ok()) return d.status();
        if (!d->visible) {
          ++agenda.withheld;
          continue;
        }
        disclosed.push_back({"person", n.person_id, AuditPurpose(*d)});
      }
      e.why = "Nominated by " + agency_code(n.agency_id) + " (" + n.source + ")";
      if (n.score > 0) {
        e.why += ", harm score " + std::to_string(n.score) + " [" + n.score_version + "]";
      }
      e.why += ": " + n.reason;
      e.nomination = std::move(n);
      agenda.entries.push_back(std::move(e));
    }

    std::vector<AgendaEntry> due;
    for (const int tier : {3, 4}) {
      store::CaseFilter filter;
      filter.owner_scope = std::vector<domain::Id>{panel->owner_agency_id};
      filter.status = "open";
      filter.tier = tier;
      filter.limit = kCasePage;
      do {
        auto page = tx.ListCases(filter);
        if (!page.ok()) return page.status();
        filter.cursor = page->next_cursor;
        for (const auto& c : page->cases) {
          if (nominated_cases.count(c.id) != 0) continue;
          // Activity before the meeting day only, so a past meeting's agenda
          // stays what it was once its minutes are written.
          if (c.created_at >= date) continue;
          auto events = tx.ListCaseEvents(c.id);
          if (!events.ok()) return events.status();
          std::string last = c.created_at;
          for (const auto& ev : *events) {
            if (ev.at < date) last = std::max(last, ev.at);
          }
          const auto last_day = DayOf(last);
          const int quiet = last_day ? meeting_day - *last_day : 0;
          if (quiet <= kReviewAfterDays) continue;
          auto d = access_.Disclose(tx, actor, "case", c.id, c.owner_agency_id, false);
          if (!d.ok()) return d.status();
          if (!d->visible) {
            ++agenda.withheld;
            continue;
          }
          AgendaEntry e;
          e.basis = "due_for_review";
          e.case_id = c.id;
          e.case_reference = c.reference;
          e.tier = c.tier;
          e.person_id = c.suspect_person_id;
          e.last_event_at = last;
          e.why = "Tier " + std::to_string(c.tier) + " case open with no recorded activity for " +
                  std::to_string(quiet) + " days (last on " + last.substr(0, 10) +
                  "): due for review";
          disclosed.push_back({"case", c.id, AuditPurpose(*d)});
          shown_cases.emplace_back(c.id, *d);
          due.push_back(std::move(e));
        }
      } while (!filter.cursor.empty());
    }
    std::stable_sort(due.begin(), due.end(), [](const AgendaEntry& a, const AgendaEntry& b) {
      return a.last_event_at < b.last_event_at;
    });
    for (auto& e : due) agenda.entries.push_back(std::move(e));
    auto attendance = CollectAttendance(tx, panel->id, date, shown_cases);
    if (!attendance.ok()) return attendance.status();
    agenda.attendance = std::move(*attendance);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (disclosed.empty()) return agenda;
  const int64_t now = clock_();
  const Status audited = store_.Write([&](store::WriteTx& tx) -> Status {
    for (const auto& d : disclosed) {
      auto a = tx.AppendAudit(
          MakeAuditEntry(actor, "panel.agenda", d.record_type, d.record_id, now, d.purpose));
      if (!a.ok()) return a.status();
    }
    return Status::Ok();
  });
  if (!audited.ok()) return audited.error();
  return agenda;
}

}  // namespace threadline::services
