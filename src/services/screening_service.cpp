#include "services/screening_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "domain/vocabulary.hpp"
#include "screening/render.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

uint32_t BehaviourBits(const std::vector<std::string>& codes) {
  uint32_t bits = 0;
  const auto all = domain::Behaviours();
  for (size_t i = 0; i < all.size() && i < 32; ++i) {
    if (std::find(codes.begin(), codes.end(), all[i].code) != codes.end()) bits |= 1U << i;
  }
  return bits;
}

std::set<domain::Id> PartyIds(const domain::Report& report, std::string_view role) {
  std::set<domain::Id> out;
  for (const auto& p : report.parties) {
    if (p.role == role) out.insert(p.person_id);
  }
  return out;
}

// What the store knows about a report's course of conduct: the earlier
// reports naming one of its suspects and one of its victims, oldest first.
struct LinkedHistory {
  domain::Report report;
  std::vector<domain::Report> earlier;
  std::optional<domain::Screening> last_screening;  // latest over report + earlier
  // What the course was read from: each suspect's reports, and the reports
  // whose screenings were compared (the report first, then the earlier ones).
  std::vector<std::pair<domain::Id, std::vector<domain::Id>>> suspect_reports;
  std::vector<domain::Id> course;
};

Result<LinkedHistory> LoadHistory(store::ReadTx& tx, domain::Report report) {
  LinkedHistory h;
  h.report = std::move(report);
  const auto victims = PartyIds(h.report, "victim");
  std::set<domain::Id> seen{h.report.id};
  for (const auto& suspect : PartyIds(h.report, "suspect")) {
    auto ids = tx.ListReportIdsForPerson(suspect);
    if (!ids.ok()) return ids.error();
    h.suspect_reports.emplace_back(suspect, *ids);
    for (const auto& id : *ids) {
      if (!seen.insert(id).second) continue;
      auto other = tx.GetReport(id);
      if (!other.ok()) return other.error();
      const auto other_victims = PartyIds(*other, "victim");
      const bool same_victim = std::any_of(other_victims.begin(), other_victims.end(),
                                           [&](const auto& v) { return victims.count(v) > 0; });
      if (same_victim && other->occurred_at <= h.report.occurred_at) {
        h.earlier.push_back(std::move(*other));
      }
    }
  }
  std::sort(h.earlier.begin(), h.earlier.end(),
            [](const auto& a, const auto& b) { return a.occurred_at < b.occurred_at; });
  std::vector<const domain::Report*> all{&h.report};
  for (const auto& r : h.earlier) all.push_back(&r);
  for (const auto* r : all) {
    h.course.push_back(r->id);
    auto latest = tx.LatestScreening(r->id);
    if (!latest.ok()) {
      if (latest.error().code == ErrorCode::kNotFound) continue;
      return latest.error();
    }
    if (!h.last_screening || latest->created_at >= h.last_screening->created_at) {
      h.last_screening = std::move(*latest);
    }
  }
  return h;
}

// Whether the course of conduct is still as `h` read it: no report has
// joined a suspect's list and the latest screening over the course (chosen as
// LoadHistory chooses it) is still `previous_id`. Reads ids and dates only,
// so the write it guards stays short.
Result<bool> CourseUnchanged(store::ReadTx& tx, const LinkedHistory& h,
                             const domain::Id& previous_id) {
  for (const auto& [suspect, seen] : h.suspect_reports) {
    auto ids = tx.ListReportIdsForPerson(suspect);
    if (!ids.ok()) return ids.error();
    if (*ids != seen) return false;
  }
  std::optional<store::ScreeningRef> last;
  for (const auto& id : h.course) {
    auto latest = tx.LatestScreeningRef(id);
    if (!latest.ok()) {
      if (latest.error().code == ErrorCode::kNotFound) continue;
      return latest.error();
    }
    if (!last || latest->created_at >= last->created_at) last = std::move(*latest);
  }
  return (last ? last->id : domain::Id()) == previous_id;
}

screening::HistoryIncident ToHistory(const domain::Report& r) {
  screening::HistoryIncident h;
  h.incident = r.reference.empty() ? r.id : r.reference;
  h.occurred_on = r.occurred_at.substr(0, 10);
  h.recorded_as = r.recorded_as;
  h.behaviours = BehaviourBits(r.behaviours);
  return h;
}

// Classifies the answers against the course of conduct read; the result is
// ready to store.
Result<domain::Screening> Prepare(const screening::Screener& screener, const LinkedHistory& history,
                                  const screening::Answers& answers) {
  const domain::Id& report_id = history.report.id;
  screening::Answers given = answers;
  for (const auto& r : history.earlier) {
    const auto h = ToHistory(r);
    const bool listed = std::any_of(given.history.begin(), given.history.end(),
                                    [&](const auto& g) { return g.incident == h.incident; });
    if (!listed) given.history.push_back(h);
  }
  domain::Screening stored;
  screening::ScreeningResult result;
  if (history.last_screening) {
    const auto& last = *history.last_screening;
    auto earlier_answers = screener.ParseAnswers(last.answers_json);
    // The parsed document lives only while it is read back: one arena, not
    // an allocation per node.
    boost::json::monotonic_resource arena;
    boost::system::error_code ec;
    const boost::json::value document = boost::json::parse(last.result_json, ec, &arena);
    Result<screening::ScreeningResult> earlier_result =
        ec ? Result<screening::ScreeningResult>(InvalidArgument(ec.message()))
           : screening::ResultFromJson(document);
    if (!earlier_answers.ok() || !earlier_result.ok()) {
      return Internal("stored screening " + last.id + " no longer parses");
    }
    screening::EarlierScreening earlier{*earlier_answers, *earlier_result, {}, {}, {}};
    auto rescreened = screener.Rescreen(earlier, given);
    result = std::move(rescreened.result);
    stored.previous_id = last.id;
    stored.changes_json = boost::json::serialize(screening::ToJson(rescreened.changes));
  } else {
    result = screener.Classify(given);
  }
  stored.id = domain::NewId();
  stored.report_id = report_id;
  stored.questionnaire_version = given.questionnaire_version;
  stored.answers_json =
      boost::json::serialize(screening::AnswersToJson(screener.questionnaire(), answers));
  stored.result_json = screening::ToJsonText(result);
  for (const auto& c : result.classifications) stored.classifications.emplace_back(c.code);
  stored.principal = stored.classifications.front();
  stored.risk_level = std::string(screening::RiskLevelName(result.risk.level));
  return stored;
}

// The report, when the actor may screen it: only its own force does.
Result<domain::Report> ReportToScreen(const AccessControl& access, store::ReadTx& tx,
                                      const Actor& actor, const domain::Id& report_id) {
  auto report = tx.GetReport(report_id);
  if (!report.ok()) return report.error();
  if (!actor.is_system() && report->force_id != actor.agency_id) {
    auto d = access.Disclose(tx, actor, "report", report_id, report->force_id, false);
    if (!d.ok()) return d.error();
    if (!d->visible) return NotFound("no such report");
    return PermissionDenied("only the recording force screens its reports");
  }
  return report;
}

}  // namespace

// Twice: reads the course and classifies outside the write transaction, so
// screenings run in parallel, then checks in the write that no other
// screening of the course landed in between (optimistic concurrency). If
// both lost the race (others screening the same course at the same moment),
// once more wholly inside the write transaction, where nothing can land in
// between: the writer then waits for one classification, but only then.
Result<domain::Screening> ScreeningService::Screen(const Actor& actor, const domain::Id& report_id,
                                                   std::string_view answers_json) {
  if (Status s = access_.Require(actor, "screening.create"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(report_id)) return NotFound("no such report");
  auto answers = screener_.ParseAnswers(answers_json);
  if (!answers.ok()) {
    // Whether the report may be screened at all comes first: an unknown
    // report is "not found" whatever the answers.
    const Status may = store_.Read(
        [&](store::ReadTx& tx) { return ReportToScreen(access_, tx, actor, report_id).status(); });
    if (!may.ok()) return may.error();
    return answers.error();
  }
  // Reads the course of conduct into `history` and classifies the answers
  // against it: the screening to store.
  auto read_and_prepare = [&](store::ReadTx& tx, int64_t now,
                              LinkedHistory& history) -> Result<domain::Screening> {
    auto report = ReportToScreen(access_, tx, actor, report_id);
    if (!report.ok()) return report.error();
    auto loaded = LoadHistory(tx, std::move(*report));
    if (!loaded.ok()) return loaded.error();
    history = std::move(*loaded);
    auto prepared = Prepare(screener_, history, *answers);
    if (!prepared.ok()) return prepared.error();
    prepared->created_at = domain::FormatTimestamp(now);
    prepared->created_by = actor.user_id;
    return prepared;
  };
  auto record = [&](store::WriteTx& tx, domain::Screening& stored, int64_t now) -> Status {
    // The latest screening is the newest by time, then by id, and times are
    // in seconds: within the second of the one it builds on, this one must
    // sort after it, or the next screening would build on that one again.
    // Ids carry milliseconds, so a fresh one soon does.
    while (!stored.previous_id.empty() && stored.id <= stored.previous_id) {
      stored.id = domain::NewId();
    }
    if (Status s = tx.InsertScreening(stored); !s.ok()) return s;
    return tx.AppendAudit(MakeAuditEntry(actor, "screening.create", "screening", stored.id, now))
        .status();
  };
  constexpr int kOptimisticAttempts = 2;
  for (int attempt = 0; attempt < kOptimisticAttempts; ++attempt) {
    LinkedHistory history;
    const int64_t now = clock_();
    Result<domain::Screening> prepared = Internal("not prepared");
    const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
      prepared = read_and_prepare(tx, now, history);
      return prepared.status();
    });
    if (!read.ok()) return read.error();
    domain::Screening& stored = *prepared;
    bool raced = false;
    const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
      auto unchanged = CourseUnchanged(tx, history, stored.previous_id);
      if (!unchanged.ok()) return unchanged.status();
      if (!*unchanged) {
        raced = true;
        return Conflict("another screening of this course of conduct landed first");
      }
      return record(tx, stored, now);
    });
    if (written.ok()) return std::move(stored);
    if (!raced) return written.error();
  }
  const int64_t now = clock_();
  Result<domain::Screening> prepared = Internal("not prepared");
  const Status written = store_.Write([&](store::WriteTx& tx) -> Status {
    LinkedHistory history;
    prepared = read_and_prepare(tx, now, history);
    if (!prepared.ok()) return prepared.status();
    return record(tx, *prepared, now);
  });
  if (!written.ok()) return written.error();
  return prepared;
}

Result<Disclosed<domain::Screening>> ScreeningService::Get(const Actor& actor,
                                                           const domain::Id& id) {
  if (Status s = access_.Require(actor, "screening.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(id)) return NotFound("no such screening");
  Disclosed<domain::Screening> shown;
  std::string purpose;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto s = tx.GetScreening(id);
    if (!s.ok()) return s.status();
    auto report = tx.GetReport(s->report_id);
    if (!report.ok()) return report.status();
    auto shared = access_.DiscloseShared(tx, actor, "screening", id, report->force_id, false);
    if (!shared.ok()) return shared.status();
    const access::Disclosure& d = **shared;
    if (!d.visible) return NotFound("no such screening");
    purpose = AuditPurpose(d);
    shown = RedactScreening(std::move(*s), d);
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  if (Status s = AuditRead(store_, actor, "screening.read", "screening", id, clock_(), purpose);
      !s.ok()) {
    return s.error();
  }
  return shown;
}

Result<std::vector<Disclosed<domain::Screening>>> ScreeningService::ListForReport(
    const Actor& actor, const domain::Id& report_id) {
  if (Status s = access_.Require(actor, "screening.read"); !s.ok()) return s.error();
  if (!domain::IsWellFormedId(report_id)) return NotFound("no such report");
  std::vector<Disclosed<domain::Screening>> out;
  std::vector<domain::Id> disclosed;
  std::vector<std::string> purposes;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    auto r = tx.GetReport(report_id);
    if (!r.ok()) return r.status();
    auto shared = access_.DiscloseShared(tx, actor, "screening", report_id, r->force_id, false);
    if (!shared.ok()) return shared.status();
    const access::Disclosure& d = **shared;
    if (!d.visible) return NotFound("no such report");
    auto list = tx.ListScreenings(report_id);
    if (!list.ok()) return list.status();
    for (auto& item : *list) {
      disclosed.push_back(item.id);
      purposes.push_back(AuditPurpose(d));
      out.push_back(RedactScreening(std::move(item), d));
    }
    return Status::Ok();
  });
  if (!read.ok()) return read.error();
  const Status audited =
      AuditDisclosures(store_, actor, "screening.list", "screening", disclosed, clock_(), purposes);
  if (!audited.ok()) return audited.error();
  return out;
}

}  // namespace threadline::services
