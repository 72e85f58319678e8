// PgTx: retention review — records due for review, reviewers' decisions,
// and deletions that leave nothing of a record but its audit trail.

#include <algorithm>

#include "store/postgres/pg_tx.hpp"

namespace threadline::store::postgres {
namespace {

// A record kept beyond today by a reviewer is not due.
#define TL_NOT_KEPT(TYPE, ID)                                                  \
  "NOT EXISTS (SELECT 1 FROM retention_reviews v WHERE v.record_type = '" TYPE \
  "' AND v.record_id = " ID " AND v.decision = 'retain' AND v.next_review_on > $3) "

// Reports counted from their last activity: the report, its screenings and
// outcomes all older than the cut-off $2. Paged by (created_at, id).
constexpr Sql kDueReports{
    "retention.due_reports",
    "SELECT r.id, r.reference, r.force_id, "
    "GREATEST(r.created_at, coalesce((SELECT max(s.created_at) FROM screenings s "
    "WHERE s.report_id = r.id), ''), coalesce((SELECT max(o.created_at) FROM outcomes o "
    "WHERE o.report_id = r.id), '')), r.created_at "
    "FROM reports r "
    "WHERE r.force_id = $1 AND r.created_at < $2 "
    "AND NOT EXISTS (SELECT 1 FROM screenings s WHERE s.report_id = r.id AND s.created_at >= $2) "
    "AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.report_id = r.id AND o.created_at >= $2) "
    "AND " TL_NOT_KEPT("report", "r.id") "AND ($7 = '' OR r.id = $7) "
    "AND (r.created_at, r.id) > ($4, $5) "
    "ORDER BY r.created_at, r.id LIMIT $6"};

// Closed cases counted from their last change. Paged by (updated_at, id).
constexpr Sql kDueCases{"retention.due_cases",
                        "SELECT c.id, c.reference, c.owner_agency_id, c.updated_at, c.updated_at, "
                        "c.tier FROM cases c "
                        "WHERE c.owner_agency_id = $1 AND c.status = 'closed' "
                        "AND c.updated_at < $2 AND " TL_NOT_KEPT("case", "c.id")
                        "AND ($7 = '' OR c.id = $7) "
                        "AND (c.updated_at, c.id) > ($4, $5) "
                        "ORDER BY c.updated_at, c.id LIMIT $6"};
#undef TL_NOT_KEPT

constexpr Sql kListReviews{"retention.list_reviews",
                           "SELECT id, record_type, record_id, owner_agency_id, decision, reason, "
                           "next_review_on, deleted, reviewed_by, reviewed_at "
                           "FROM retention_reviews WHERE record_type = $1 AND record_id = $2 "
                           "ORDER BY reviewed_at DESC, id DESC"};
constexpr Sql kInsertReview{"retention.insert_review",
                            "INSERT INTO retention_reviews (id, record_type, record_id, "
                            "owner_agency_id, decision, reason, next_review_on, deleted, "
                            "reviewed_by, reviewed_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"};
constexpr Sql kCaseReports{
    "retention.case_reports",
    "SELECT j.value, c.id, c.reference FROM cases c, "
    "jsonb_array_elements_text(c.report_ids::jsonb) AS j(value) ORDER BY j.value, c.id"};

// The statements of a report's deletion, children first.
constexpr Sql kReportExists{"retention.report_exists", "SELECT 1 FROM reports WHERE id = $1"};
constexpr Sql kReportPersons{"retention.report_persons",
                             "SELECT DISTINCT person_id FROM report_parties WHERE report_id = $1"};
// A re-screening on a later report may name one of this report's screenings
// as its previous one; it keeps its recorded changes but loses the pointer.
constexpr Sql kDetachLaterScreenings{
    "retention.detach_later_screenings",
    "UPDATE screenings SET previous_id = NULL WHERE report_id <> $1 AND previous_id IN "
    "(SELECT id FROM screenings WHERE report_id = $1)"};
constexpr Sql kDeleteClassifications{"retention.delete_classifications",
                                     "DELETE FROM screening_classifications WHERE screening_id IN "
                                     "(SELECT id FROM screenings WHERE report_id = $1)"};
constexpr Sql kDeleteScreenings{"retention.delete_screenings",
                                "DELETE FROM screenings WHERE report_id = $1"};
constexpr Sql kDeleteOutcomes{"retention.delete_outcomes",
                              "DELETE FROM outcomes WHERE report_id = $1"};
constexpr Sql kDeleteBehaviours{"retention.delete_behaviours",
                                "DELETE FROM report_behaviours WHERE report_id = $1"};
constexpr Sql kDeleteParties{"retention.delete_parties",
                             "DELETE FROM report_parties WHERE report_id = $1"};
constexpr Sql kDeleteReport{"retention.delete_report", "DELETE FROM reports WHERE id = $1"};

// ... and of a case's.
constexpr Sql kCasePersons{"retention.case_persons",
                           "SELECT coalesce(victim_person_id, ''), coalesce(suspect_person_id, '') "
                           "FROM cases WHERE id = $1"};
constexpr Sql kDeleteCaseItems{"retention.delete_case_items",
                               "DELETE FROM case_items WHERE case_id = $1"};
constexpr Sql kDeleteCaseEvents{"retention.delete_case_events",
                                "DELETE FROM case_events WHERE case_id = $1"};
constexpr Sql kDeleteCaseNominations{"retention.delete_case_nominations",
                                     "DELETE FROM nominations WHERE case_id = $1"};
constexpr Sql kDeleteCase{"retention.delete_case", "DELETE FROM cases WHERE id = $1"};

// A person goes when nothing refers to them any more.
constexpr Sql kPersonReferred{
    "retention.person_referred",
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM report_parties WHERE person_id = $1) "
    "OR EXISTS (SELECT 1 FROM cases WHERE victim_person_id = $1) "
    "OR EXISTS (SELECT 1 FROM cases WHERE suspect_person_id = $1) "
    "OR EXISTS (SELECT 1 FROM nominations WHERE person_id = $1) THEN 1 ELSE 0 END"};
constexpr Sql kDeleteHarmScores{"retention.delete_harm_scores",
                                "DELETE FROM harm_scores WHERE person_id = $1"};
constexpr Sql kDeleteIdentifiers{"retention.delete_identifiers",
                                 "DELETE FROM person_identifiers WHERE person_id = $1"};
constexpr Sql kDeletePerson{"retention.delete_person", "DELETE FROM persons WHERE id = $1"};

}  // namespace

Result<RetentionDuePage> PgTx::ListRetentionDue(const RetentionDueFilter& filter) {
  std::string cursor_at;
  std::string cursor_id;
  if (!filter.cursor.empty() && !ParseCursor(filter.cursor, cursor_at, cursor_id)) {
    return InvalidArgument("the cursor is not valid",
                           {{"cursor", "is not a cursor this API issued"}});
  }
  const bool cases = filter.record_type == "case";
  if (!cases && filter.record_type != "report") {
    return InvalidArgument("no review period for this record type",
                           {{"type", "must be report or case"}});
  }
  auto stmt = conn_.Prepare(cases ? kDueCases : kDueReports);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, filter.owner_agency_id).Bind(2, filter.counted_before).Bind(3, filter.today);
  (*stmt)->Bind(4, cursor_at).Bind(5, cursor_id);
  (*stmt)->Bind(6, static_cast<int64_t>(filter.limit + 1)).Bind(7, filter.record_id);
  RetentionDuePage page;
  std::string last_key;  // the paging column of the last row kept
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    if (page.records.size() == filter.limit) {
      page.next_cursor = last_key + "~" + page.records.back().record_id;
      break;
    }
    RetentionCandidate c;
    c.record_type = filter.record_type;
    c.record_id = s.Text(0);
    c.reference = s.Text(1);
    c.owner_agency_id = s.Text(2);
    c.counted_from = s.Text(3);
    last_key = s.Text(4);
    if (cases) {
      c.status = "closed";
      c.tier = static_cast<int>(s.Int(5));
    }
    page.records.push_back(std::move(c));
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return page;
}

Result<std::vector<domain::RetentionReview>> PgTx::ListRetentionReviews(
    std::string_view record_type, const domain::Id& record_id) {
  auto stmt = conn_.Prepare(kListReviews);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, record_type).Bind(2, record_id);
  std::vector<domain::RetentionReview> out;
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Text(7), s.Text(8), s.Text(9)});
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<std::vector<CaseReportRef>> PgTx::ListCaseReports() {
  auto stmt = conn_.Prepare(kCaseReports);
  if (!stmt.ok()) return stmt.error();
  std::vector<CaseReportRef> out;
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    out.push_back({s.Text(0), s.Text(1), s.Text(2)});
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Status PgTx::InsertRetentionReview(const domain::RetentionReview& r) {
  auto stmt = conn_.Prepare(kInsertReview);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, r.id).Bind(2, r.record_type).Bind(3, r.record_id).Bind(4, r.owner_agency_id);
  (*stmt)->Bind(5, r.decision).Bind(6, r.reason).Bind(7, r.next_review_on).Bind(8, r.deleted);
  (*stmt)->Bind(9, r.reviewed_by).Bind(10, r.reviewed_at);
  return (*stmt)->Run();
}

Result<int64_t> PgTx::DeleteWhere(const Sql& sql, const domain::Id& id) {
  auto stmt = conn_.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  if (Status s = (*stmt)->Run(); !s.ok()) return s.error();
  return (*stmt)->changes();
}

Status PgTx::DeleteUnreferencedPersons(const std::vector<domain::Id>& candidates,
                                       DeletedRecords& deleted) {
  for (const auto& person_id : candidates) {
    bool referred = true;
    {
      auto stmt = conn_.Prepare(kPersonReferred);
      if (!stmt.ok()) return stmt.error();
      (*stmt)->Bind(1, person_id);
      if (!(*stmt)->Step()) return (*stmt)->status();
      referred = (*stmt)->Int(0) != 0;
    }
    if (referred) continue;
    auto scores = DeleteWhere(kDeleteHarmScores, person_id);
    if (!scores.ok()) return scores.error();
    deleted.harm_scores += *scores;
    for (const Sql* sql : {&kDeleteIdentifiers, &kDeletePerson}) {
      if (auto n = DeleteWhere(*sql, person_id); !n.ok()) return n.error();
    }
    deleted.persons.push_back(person_id);
  }
  return {};
}

Result<DeletedRecords> PgTx::DeleteReportRecords(const domain::Id& report_id) {
  {
    auto exists = conn_.Prepare(kReportExists);
    if (!exists.ok()) return exists.error();
    (*exists)->Bind(1, report_id);
    if (!(*exists)->Step()) {
      if (!(*exists)->status().ok()) return (*exists)->status().error();
      return NotFound("no such report");
    }
  }
  std::vector<domain::Id> persons;
  {
    auto stmt = conn_.Prepare(kReportPersons);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, report_id);
    while ((*stmt)->Step()) persons.push_back((*stmt)->Text(0));
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  }
  DeletedRecords deleted;
  const std::pair<const Sql*, int64_t*> steps[] = {{&kDetachLaterScreenings, nullptr},
                                                   {&kDeleteClassifications, nullptr},
                                                   {&kDeleteScreenings, &deleted.screenings},
                                                   {&kDeleteOutcomes, &deleted.outcomes},
                                                   {&kDeleteBehaviours, nullptr},
                                                   {&kDeleteParties, nullptr},
                                                   {&kDeleteReport, &deleted.reports}};
  for (const auto& [sql, count] : steps) {
    auto n = DeleteWhere(*sql, report_id);
    if (!n.ok()) return n.error();
    if (count != nullptr) *count = *n;
  }
  if (Status s = DeleteUnreferencedPersons(persons, deleted); !s.ok()) return s.error();
  return deleted;
}

Result<DeletedRecords> PgTx::DeleteCaseRecords(const domain::Id& case_id) {
  std::vector<domain::Id> persons;
  {
    auto stmt = conn_.Prepare(kCasePersons);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, case_id);
    if (!(*stmt)->Step()) {
      if (!(*stmt)->status().ok()) return (*stmt)->status().error();
      return NotFound("no such case");
    }
    for (int column : {0, 1}) {
      std::string id = (*stmt)->Text(column);
      if (!id.empty() && std::find(persons.begin(), persons.end(), id) == persons.end()) {
        persons.push_back(std::move(id));
      }
    }
  }
  DeletedRecords deleted;
  const std::pair<const Sql*, int64_t*> steps[] = {{&kDeleteCaseItems, &deleted.case_items},
                                                   {&kDeleteCaseEvents, &deleted.case_events},
                                                   {&kDeleteCaseNominations, &deleted.nominations},
                                                   {&kDeleteCase, &deleted.cases}};
  for (const auto& [sql, count] : steps) {
    auto n = DeleteWhere(*sql, case_id);
    if (!n.ok()) return n.error();
    *count = *n;
  }
  if (Status s = DeleteUnreferencedPersons(persons, deleted); !s.ok()) return s.error();
  return deleted;
}

}  // namespace threadline::store::postgres
