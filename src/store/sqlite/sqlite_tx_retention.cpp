// SqliteTx: retention review — records due for review, reviewers' decisions,
// and deletions that leave nothing of a record but its audit trail.

#include "store/retention_ops.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {
namespace {

// A record kept beyond today by a reviewer is not due.
#define TL_NOT_KEPT(TYPE, ID)                                                  \
  "NOT EXISTS (SELECT 1 FROM retention_reviews v WHERE v.record_type = '" TYPE \
  "' AND v.record_id = " ID " AND v.decision = 'retain' AND v.next_review_on > ?3) "

// Reports counted from their last activity: the report, its screenings and
// outcomes all older than the cut-off ?2. Paged by (created_at, id).
constexpr Sql kDueReports{
    "retention.due_reports",
    "SELECT r.id, r.reference, r.force_id, "
    "max(r.created_at, coalesce((SELECT max(s.created_at) FROM screenings s "
    "WHERE s.report_id = r.id), ''), coalesce((SELECT max(o.created_at) FROM outcomes o "
    "WHERE o.report_id = r.id), '')), r.created_at "
    "FROM reports r INDEXED BY reports_force_created "
    "WHERE r.force_id = ?1 AND r.created_at < ?2 "
    "AND NOT EXISTS (SELECT 1 FROM screenings s WHERE s.report_id = r.id AND s.created_at >= ?2) "
    "AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.report_id = r.id AND o.created_at >= ?2) "
    "AND " TL_NOT_KEPT("report", "r.id") "AND (?7 = '' OR r.id = ?7) "
    "AND (r.created_at, r.id) > (?4, ?5) "
    "ORDER BY r.created_at, r.id LIMIT ?6"};

// Closed cases counted from their last change. Paged by (updated_at, id).
constexpr Sql kDueCases{"retention.due_cases",
                        "SELECT c.id, c.reference, c.owner_agency_id, c.updated_at, c.updated_at, "
                        "c.tier FROM cases c INDEXED BY cases_owner_updated "
                        "WHERE c.owner_agency_id = ?1 AND c.status = 'closed' "
                        "AND c.updated_at < ?2 AND " TL_NOT_KEPT("case", "c.id")
                        "AND (?7 = '' OR c.id = ?7) "
                        "AND (c.updated_at, c.id) > (?4, ?5) "
                        "ORDER BY c.updated_at, c.id LIMIT ?6"};
#undef TL_NOT_KEPT

constexpr Sql kListReviews{"retention.list_reviews",
                           "SELECT id, record_type, record_id, owner_agency_id, decision, reason, "
                           "next_review_on, deleted, reviewed_by, reviewed_at "
                           "FROM retention_reviews WHERE record_type = ?1 AND record_id = ?2 "
                           "ORDER BY reviewed_at DESC, id DESC"};
constexpr Sql kInsertReview{"retention.insert_review",
                            "INSERT INTO retention_reviews (id, record_type, record_id, "
                            "owner_agency_id, decision, reason, next_review_on, deleted, "
                            "reviewed_by, reviewed_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"};
constexpr Sql kCaseReports{
    "retention.case_reports",
    "SELECT j.value, c.id, c.reference FROM cases c, json_each(c.report_ids) j "
    "ORDER BY j.value, c.id"};

// A report's deletion, children first.
constexpr Sql kReportExists{"retention.report_exists", "SELECT 1 FROM reports WHERE id = ?1"};
constexpr Sql kReportPersons{"retention.report_persons",
                             "SELECT DISTINCT person_id FROM report_parties WHERE report_id = ?1"};
// A finding renders the reports it lists (references, forces, reasons).
constexpr Sql kDeleteFindings{"retention.delete_findings",
                              "DELETE FROM findings WHERE EXISTS "
                              "(SELECT 1 FROM json_each(findings.report_ids) WHERE value = ?1)"};
// A re-screening on a later report may name one of this report's screenings
// as its previous one; it keeps its recorded changes but loses the pointer.
constexpr Sql kDetachLaterScreenings{
    "retention.detach_later_screenings",
    "UPDATE screenings SET previous_id = NULL WHERE report_id <> ?1 AND previous_id IN "
    "(SELECT id FROM screenings WHERE report_id = ?1)"};
constexpr Sql kDeleteClassifications{"retention.delete_classifications",
                                     "DELETE FROM screening_classifications WHERE screening_id IN "
                                     "(SELECT id FROM screenings WHERE report_id = ?1)"};
constexpr Sql kDeleteScreenings{"retention.delete_screenings",
                                "DELETE FROM screenings WHERE report_id = ?1"};
constexpr Sql kDeleteOutcomes{"retention.delete_outcomes",
                              "DELETE FROM outcomes WHERE report_id = ?1"};
constexpr Sql kDeleteBehaviours{"retention.delete_behaviours",
                                "DELETE FROM report_behaviours WHERE report_id = ?1"};
constexpr Sql kDeleteParties{"retention.delete_parties",
                             "DELETE FROM report_parties WHERE report_id = ?1"};
constexpr Sql kDeleteReport{"retention.delete_report", "DELETE FROM reports WHERE id = ?1"};

// ... and of a case's.
constexpr Sql kCasePersons{"retention.case_persons",
                           "SELECT coalesce(victim_person_id, ''), coalesce(suspect_person_id, '') "
                           "FROM cases WHERE id = ?1"};
constexpr Sql kDeleteCaseItems{"retention.delete_case_items",
                               "DELETE FROM case_items WHERE case_id = ?1"};
constexpr Sql kDeleteCaseEvents{"retention.delete_case_events",
                                "DELETE FROM case_events WHERE case_id = ?1"};
constexpr Sql kDeleteCaseNominations{"retention.delete_case_nominations",
                                     "DELETE FROM nominations WHERE case_id = ?1"};
constexpr Sql kDeleteCase{"retention.delete_case", "DELETE FROM cases WHERE id = ?1"};

// A person goes when nothing refers to them any more.
constexpr Sql kPersonReferred{
    "retention.person_referred",
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM report_parties WHERE person_id = ?1) "
    "OR EXISTS (SELECT 1 FROM cases WHERE victim_person_id = ?1) "
    "OR EXISTS (SELECT 1 FROM cases WHERE suspect_person_id = ?1) "
    "OR EXISTS (SELECT 1 FROM nominations WHERE person_id = ?1) THEN 1 ELSE 0 END"};
constexpr Sql kDeleteHarmScores{"retention.delete_harm_scores",
                                "DELETE FROM harm_scores WHERE person_id = ?1"};
constexpr Sql kDeleteIdentifiers{"retention.delete_identifiers",
                                 "DELETE FROM person_identifiers WHERE person_id = ?1"};
constexpr Sql kDeletePerson{"retention.delete_person", "DELETE FROM persons WHERE id = ?1"};

constexpr retention::Statements<Sql> kStatements{.due_reports = kDueReports,
                                                 .due_cases = kDueCases,
                                                 .list_reviews = kListReviews,
                                                 .insert_review = kInsertReview,
                                                 .case_reports = kCaseReports,
                                                 .report_exists = kReportExists,
                                                 .report_persons = kReportPersons,
                                                 .delete_findings = kDeleteFindings,
                                                 .detach_later_screenings = kDetachLaterScreenings,
                                                 .delete_classifications = kDeleteClassifications,
                                                 .delete_screenings = kDeleteScreenings,
                                                 .delete_outcomes = kDeleteOutcomes,
                                                 .delete_behaviours = kDeleteBehaviours,
                                                 .delete_parties = kDeleteParties,
                                                 .delete_report = kDeleteReport,
                                                 .case_persons = kCasePersons,
                                                 .delete_case_items = kDeleteCaseItems,
                                                 .delete_case_events = kDeleteCaseEvents,
                                                 .delete_case_nominations = kDeleteCaseNominations,
                                                 .delete_case = kDeleteCase,
                                                 .person_referred = kPersonReferred,
                                                 .delete_harm_scores = kDeleteHarmScores,
                                                 .delete_identifiers = kDeleteIdentifiers,
                                                 .delete_person = kDeletePerson};

}  // namespace

Result<RetentionDuePage> SqliteTx::ListRetentionDue(const RetentionDueFilter& filter) {
  return retention::Ops(conn_, kStatements).ListDue(filter, ParseCursor);
}

Result<std::vector<domain::RetentionReview>> SqliteTx::ListRetentionReviews(
    std::string_view record_type, const domain::Id& record_id) {
  return retention::Ops(conn_, kStatements).ListReviews(record_type, record_id);
}

Result<std::vector<CaseReportRef>> SqliteTx::ListCaseReports() {
  return retention::Ops(conn_, kStatements).CaseReports();
}

Status SqliteTx::InsertRetentionReview(const domain::RetentionReview& review) {
  return retention::Ops(conn_, kStatements).InsertReview(review);
}

Result<DeletedRecords> SqliteTx::DeleteReportRecords(const domain::Id& report_id) {
  return retention::Ops(conn_, kStatements).DeleteReport(report_id);
}

Result<DeletedRecords> SqliteTx::DeleteCaseRecords(const domain::Id& case_id) {
  return retention::Ops(conn_, kStatements).DeleteCase(case_id);
}

}  // namespace threadline::store::sqlite
