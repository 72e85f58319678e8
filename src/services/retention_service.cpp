#include "services/retention_service.hpp"

#include <algorithm>
#include <map>

#include "domain/datetime.hpp"
#include "domain/ids.hpp"
#include "domain/text.hpp"
#include "services/audit.hpp"

namespace threadline::services {
namespace {

constexpr const char* kPeriodsPath = "retention/review-periods.csv";
constexpr size_t kMaxReason = 2000;

// The newest "keep until" date among a record's decisions, or "".
std::string KeptUntil(const std::vector<domain::RetentionReview>& reviews) {
  std::string until;
  for (const auto& r : reviews) {
    if (r.decision == "retain") until = std::max(until, r.next_review_on);
  }
  return until;
}

void Count(std::string& out, int64_t n, const char* one, const char* many) {
  if (n == 0) return;
  if (!out.empty()) out += ", ";
  out += std::to_string(n) + " " + (n == 1 ? one : many);
}

// "1 report, 2 screenings, 1 person": what a deletion removed, for the record
// of the decision (counts only, nothing of the content).
std::string Summary(const store::DeletedRecords& d) {
  std::string out;
  Count(out, d.reports, "report", "reports");
  Count(out, d.screenings, "screening", "screenings");
  Count(out, d.outcomes, "outcome", "outcomes");
  Count(out, d.cases, "case", "cases");
  Count(out, d.case_items, "case item", "case items");
  Count(out, d.case_events, "timeline event", "timeline events");
  Count(out, d.nominations, "panel nomination", "panel nominations");
  Count(out, d.harm_scores, "harm score", "harm scores");
  Count(out, d.findings, "finding", "findings");
  Count(out, static_cast<int64_t>(d.persons.size()), "person", "persons");
  return out;
}

Status CheckInput(const RetentionDecisionInput& in) {
  std::vector<FieldError> errors;
  if (in.record_type != "report" && in.record_type != "case") {
    errors.push_back({"record_type", "must be report or case"});
  }
  if (in.record_id.empty()) errors.push_back({"record_id", "is required"});
  if (in.decision != "retain" && in.decision != "delete") {
    errors.push_back({"decision", "must be retain or delete"});
  }
  const bool blank = std::all_of(in.reason.begin(), in.reason.end(),
                                 [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
  if (!domain::IsValidUtf8(in.reason) || !domain::HasNoControlCharacters(in.reason)) {
    errors.push_back({"reason", "must be text without control characters"});
  } else if (blank || domain::CharacterCount(in.reason) > kMaxReason) {
    errors.push_back({"reason", "must be 1 to 2000 characters: why the record is kept or deleted"});
  }
  if (in.decision == "delete" && !in.next_review_on.empty()) {
    errors.push_back({"next_review_on", "is only for a record that is kept"});
  }
  if (!errors.empty()) return InvalidArgument("the decision is not valid", std::move(errors));
  return {};
}

// Where one record stands: whose it is, what its period counts from, and
// what holds it. kNotFound when there is no such record.
struct RecordState {
  domain::Id owner;
  std::string counted_from;
  bool closed = false;  // cases only
  std::vector<std::string> held_by_cases;
};

Result<RecordState> ReadState(store::ReadTx& tx, const std::string& type, const domain::Id& id) {
  RecordState state;
  if (type == "case") {
    auto c = tx.GetCase(id);
    if (!c.ok()) return c.error();
    state.owner = c->owner_agency_id;
    state.counted_from = c->updated_at;
    state.closed = c->status == "closed";
    return state;
  }
  auto report = tx.GetReport(id);
  if (!report.ok()) return report.error();
  state.owner = report->force_id;
  state.counted_from = report->created_at;
  auto screenings = tx.ListScreenings(id);
  if (!screenings.ok()) return screenings.error();
  for (const auto& s : *screenings) state.counted_from = std::max(state.counted_from, s.created_at);
  auto outcomes = tx.ListOutcomes(id);
  if (!outcomes.ok()) return outcomes.error();
  for (const auto& o : *outcomes) state.counted_from = std::max(state.counted_from, o.created_at);
  auto held = tx.ListCaseReports();
  if (!held.ok()) return held.error();
  for (const auto& ref : *held) {
    if (ref.report_id == id) state.held_by_cases.push_back(ref.case_reference);
  }
  return state;
}

}  // namespace

Result<std::unique_ptr<RetentionService>> RetentionService::Create(store::Store& store,
                                                                   const AccessControl& access,
                                                                   const refdata::RefData& data,
                                                                   Clock clock,
                                                                   PersonsDeleted on_deleted) {
  const auto table = data.Read(kPeriodsPath);
  if (!table) return InvalidArgument(std::string("the reference data lack ") + kPeriodsPath);
  auto rules = access::RetentionRules::FromTable(refdata::ParseSimpleTable(*table));
  if (!rules.ok()) return rules.error();
  return std::make_unique<RetentionService>(store, access, std::move(*rules), std::move(clock),
                                            std::move(on_deleted));
}

Result<std::vector<access::RetentionRule>> RetentionService::Rules(const Actor& actor) const {
  if (Status s = access_.Require(actor, "retention.review"); !s.ok()) return s.error();
  return rules_.rules();
}

Result<RetentionQueuePage> RetentionService::Queue(const Actor& actor,
                                                   const RetentionQueueQuery& query) {
  if (Status s = access_.Require(actor, "retention.review"); !s.ok()) return s.error();
  const access::RetentionRule* rule = rules_.For(query.record_type);
  if (rule == nullptr) {
    return InvalidArgument("the query is not valid", {{"type", "must be report or case"}});
  }
  if (query.limit == 0 || query.limit > 200) {
    return InvalidArgument("the query is not valid", {{"limit", "must be between 1 and 200"}});
  }
  const int64_t now = clock_();
  const domain::Date today = domain::LondonDate(now);
  RetentionQueuePage page;
  page.today = domain::FormatDate(today);
  page.rule = rule;
  const Status read = store_.Read([&](store::ReadTx& tx) -> Status {
    // Administrators oversee every agency; anyone else reviews their own.
    page.agency_id = actor.agency_id;
    if (!query.agency_code.empty()) {
      auto agency = tx.GetAgencyByCode(query.agency_code);
      if (!agency.ok()) return agency.status();
      if (agency->id != actor.agency_id && actor.role != "admin") return NotFound("no such agency");
      page.agency_id = agency->id;
    }
    store::RetentionDueFilter filter;
    filter.record_type = query.record_type;
    filter.owner_agency_id = page.agency_id;
    filter.counted_before = access::CountedBefore(*rule, today);
    filter.today = page.today;
    filter.record_id = query.record_id;
    filter.cursor = query.cursor;
    filter.limit = query.limit;
    auto due = tx.ListRetentionDue(filter);
    if (!due.ok()) return due.status();
    page.next_cursor = due->next_cursor;
    std::multimap<domain::Id, std::string> held;
    if (query.record_type == "report" && !due->records.empty()) {
      auto refs = tx.ListCaseReports();
      if (!refs.ok()) return refs.status();
      for (auto& ref : *refs) held.emplace(ref.report_id, ref.case_reference);
    }
    for (auto& record : due->records) {
      auto reviews = tx.ListRetentionReviews(record.record_type, record.record_id);
      if (!reviews.ok()) return reviews.status();
      RetentionQueueItem item;
      const std::string kept = KeptUntil(*reviews);
      item.due_on = access::ReviewDueOn(*rule, record.counted_from, kept).value_or("");
      item.reasons = access::DueReasons(*rule, record.counted_from, kept, item.due_on);
      if (!reviews->empty()) item.last_review = reviews->front();
      for (auto [it, end] = held.equal_range(record.record_id); it != end; ++it) {
        item.held_by_cases.push_back(it->second);
      }
      if (!item.held_by_cases.empty()) {
        item.reasons.push_back("It is held by case " + item.held_by_cases.front() +
                               (item.held_by_cases.size() > 1 ? " and others" : "") +
                               ": it is reviewed with the case, and cannot be deleted before it.");
      }
      item.record = std::move(record);
      page.items.push_back(std::move(item));
    }
    return {};
  });
  if (!read.ok()) {
    if (read.error().code == ErrorCode::kNotFound) return NotFound("no such agency");
    return read.error();
  }
  std::vector<domain::Id> ids;
  for (const auto& item : page.items) ids.push_back(item.record.record_id);
  if (Status s = AuditDisclosures(store_, actor, "retention.queue", query.record_type, ids, now);
      !s.ok()) {
    return s.error();
  }
  return page;
}

Result<RetentionOutcome> RetentionService::Decide(const Actor& actor,
                                                  const RetentionDecisionInput& input) {
  if (Status s = access_.Require(actor, "retention.review"); !s.ok()) return s.error();
  if (Status s = CheckInput(input); !s.ok()) return s.error();
  const access::RetentionRule& rule = *rules_.For(input.record_type);
  const int64_t now = clock_();
  const domain::Date today = domain::LondonDate(now);
  if (input.decision == "retain" && !input.next_review_on.empty()) {
    if (Status s = access::CheckNextReview(input.next_review_on, today); !s.ok()) return s.error();
  }
  const std::string not_found = "no such " + input.record_type;
  if (!domain::IsWellFormedId(input.record_id)) return NotFound(not_found);

  RetentionOutcome outcome;
  domain::RetentionReview& review = outcome.review;
  review.id = domain::NewId();
  review.record_type = input.record_type;
  review.record_id = input.record_id;
  review.decision = input.decision;
  review.reason = input.reason;
  review.reviewed_by = actor.user_id;
  review.reviewed_at = domain::FormatTimestamp(now);
  const Status write = store_.Write([&](store::WriteTx& tx) -> Status {
    auto state = ReadState(tx, input.record_type, input.record_id);
    if (!state.ok()) return state.status();
    if (actor.role != "admin" && state->owner != actor.agency_id) return NotFound(not_found);
    review.owner_agency_id = state->owner;
    if (input.record_type == "case" && !state->closed) {
      return Conflict("the case is not closed: a case is reviewed after it closes");
    }
    auto reviews = tx.ListRetentionReviews(input.record_type, input.record_id);
    if (!reviews.ok()) return reviews.status();
    const auto due_on = access::ReviewDueOn(rule, state->counted_from, KeptUntil(*reviews));
    if (!due_on || *due_on > domain::FormatDate(today)) {
      return Conflict("the " + input.record_type + " is not due for review until " +
                      due_on.value_or("a later date"));
    }
    if (input.decision == "retain") {
      review.next_review_on = input.next_review_on.empty() ? access::DefaultNextReview(rule, today)
                                                           : input.next_review_on;
    } else {
      if (!state->held_by_cases.empty()) {
        return Conflict("the report is held by case " + state->held_by_cases.front() +
                        ": review the case first");
      }
      auto deleted = input.record_type == "case" ? tx.DeleteCaseRecords(input.record_id)
                                                 : tx.DeleteReportRecords(input.record_id);
      if (!deleted.ok()) return deleted.status();
      outcome.deleted = std::move(*deleted);
      review.deleted = Summary(outcome.deleted);
    }
    if (Status s = tx.InsertRetentionReview(review); !s.ok()) return s;
    const std::string action = "retention." + input.decision;
    if (auto a = tx.AppendAudit(
            MakeAuditEntry(actor, action, input.record_type, input.record_id, now, input.reason));
        !a.ok()) {
      return a.status();
    }
    for (const auto& person : outcome.deleted.persons) {
      if (auto a = tx.AppendAudit(MakeAuditEntry(
              actor, action, "person", person, now,
              "deleted with " + input.record_type + " " + input.record_id + ": " + input.reason));
          !a.ok()) {
        return a.status();
      }
    }
    return {};
  });
  if (!write.ok()) return write.error();
  if (!outcome.deleted.persons.empty() && on_deleted_) on_deleted_(outcome.deleted.persons);
  return outcome;
}

}  // namespace threadline::services
