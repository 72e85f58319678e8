#include "store/sqlite/sqlite_tx.hpp"

#include <algorithm>
#include <utility>

#include "domain/datetime.hpp"
#include "domain/report_facts.hpp"
#include "store/screening_ref_ops.hpp"
#include "store/sqlite/packed_text.hpp"

namespace threadline::store::sqlite {
namespace {

constexpr Sql kListAgencies{"agencies.list",
                            "SELECT id, code, name, kind, region FROM agencies ORDER BY code"};
constexpr Sql kGetAgency{"agencies.get",
                         "SELECT id, code, name, kind, region FROM agencies WHERE id = ?1"};
constexpr Sql kGetAgencyByCode{"agencies.get_by_code",
                               "SELECT id, code, name, kind, region FROM agencies WHERE code = ?1"};
constexpr Sql kInsertAgency{
    "agencies.insert",
    "INSERT INTO agencies (id, code, name, kind, region) VALUES (?1,?2,?3,?4,?5)"};

#define TL_USER_COLUMNS                                                              \
  "SELECT id, username, display_name, role, agency_id, password_hash, totp_secret, " \
  "failed_logins, last_failed_at, locked FROM users "
constexpr Sql kGetUserByName{"users.get_by_name", TL_USER_COLUMNS "WHERE username = ?1"};
constexpr Sql kGetUser{"users.get", TL_USER_COLUMNS "WHERE id = ?1"};
constexpr Sql kListUsers{"users.list", TL_USER_COLUMNS "ORDER BY username"};
#undef TL_USER_COLUMNS
constexpr Sql kInsertUser{"users.insert",
                          "INSERT INTO users (id, username, display_name, role, agency_id, "
                          "password_hash, created_at, totp_secret) "
                          "VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"};
constexpr Sql kSetUserPassword{"users.set_password",
                               "UPDATE users SET password_hash = ?2 WHERE id = ?1"};

constexpr Sql kGetPerson{"persons.get",
                         "SELECT id, agency_id, given_name, family_name, dob, gender, address, "
                         "postcode, created_at FROM persons WHERE id = ?1"};
constexpr Sql kListPersons{"persons.list",
                           "SELECT id FROM persons WHERE id > ?1 ORDER BY id LIMIT ?2"};
constexpr Sql kGetIdentifiers{"persons.identifiers",
                              "SELECT kind, value FROM person_identifiers WHERE person_id = ?1 "
                              "ORDER BY kind, position"};
constexpr Sql kInsertPerson{"persons.insert",
                            "INSERT INTO persons (id, agency_id, given_name, family_name, dob, "
                            "gender, address, postcode, created_at) "
                            "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"};
constexpr Sql kInsertIdentifier{
    "persons.insert_identifier",
    "INSERT INTO person_identifiers (person_id, kind, position, value) VALUES (?1,?2,?3,?4)"};
// Sorted and made distinct by the caller: in SQL each needed a temporary
// B-tree per call, and a screening asks this twice per suspect.
constexpr Sql kReportsForPerson{"persons.report_ids",
                                "SELECT r.occurred_at, r.id FROM report_parties p "
                                "JOIN reports r ON r.id = p.report_id WHERE p.person_id = ?1"};

#define TL_REPORT_COLUMNS                                                                   \
  "r.id, r.force_id, r.reference, r.occurred_at, r.reported_at, r.summary, r.recorded_as, " \
  "r.created_at, r.created_by, a.code FROM reports r JOIN agencies a ON a.id = r.force_id"
constexpr Sql kGetReport{"reports.get", "SELECT " TL_REPORT_COLUMNS " WHERE r.id = ?1"};
// Newest first; ?4/?5 is the cursor (occurred_at, id) of the last row seen.
constexpr Sql kListReports{
    "reports.list", "SELECT " TL_REPORT_COLUMNS
                    " WHERE (?2 = '' OR r.occurred_at >= ?2) AND (?3 = '' OR r.occurred_at < ?3) "
                    "AND (?4 = '' OR (r.occurred_at, r.id) < (?4, ?5)) "
                    "ORDER BY r.occurred_at DESC, r.id DESC LIMIT ?6"};
constexpr Sql kListReportsByForce{
    "reports.list_by_force",
    "SELECT " TL_REPORT_COLUMNS
    " WHERE r.force_id = ?1 AND (?2 = '' OR r.occurred_at >= ?2) "
    "AND (?3 = '' OR r.occurred_at < ?3) AND (?4 = '' OR (r.occurred_at, r.id) < (?4, ?5)) "
    "ORDER BY r.occurred_at DESC, r.id DESC LIMIT ?6"};
// ?7 is a JSON array of the force ids the caller may see.
constexpr Sql kListReportsInScope{
    "reports.list_in_scope",
    "SELECT " TL_REPORT_COLUMNS
    " WHERE (?1 = '' OR r.force_id = ?1) AND r.force_id IN (SELECT value FROM json_each(?7)) "
    "AND (?2 = '' OR r.occurred_at >= ?2) "
    "AND (?3 = '' OR r.occurred_at < ?3) AND (?4 = '' OR (r.occurred_at, r.id) < (?4, ?5)) "
    "ORDER BY r.occurred_at DESC, r.id DESC LIMIT ?6"};
#undef TL_REPORT_COLUMNS
constexpr Sql kGetBehaviours{
    "reports.behaviours",
    "SELECT behaviour FROM report_behaviours WHERE report_id = ?1 ORDER BY behaviour"};
constexpr Sql kGetParties{"reports.parties",
                          "SELECT role, person_id FROM report_parties WHERE report_id = ?1 "
                          "ORDER BY position"};
constexpr Sql kInsertReport{"reports.insert",
                            "INSERT INTO reports (id, force_id, reference, occurred_at, "
                            "reported_at, summary, recorded_as, created_at, created_by) "
                            "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"};
constexpr Sql kInsertBehaviour{
    "reports.insert_behaviour",
    "INSERT INTO report_behaviours (report_id, behaviour) VALUES (?1,?2)"};
constexpr Sql kInsertParty{"reports.insert_party",
                           "INSERT INTO report_parties (report_id, position, person_id, role) "
                           "VALUES (?1,?2,?3,?4)"};

// The facts of a report are ORed in as they arrive (domain/report_facts.hpp).
// A report whose facts are already set is left alone: rewriting the same
// value would still rewrite its row and both statistics indexes.
constexpr Sql kAddReportFacts{
    "reports.add_facts",
    "UPDATE reports SET facts = facts | ?2 WHERE id = ?1 AND facts | ?2 <> facts"};
constexpr Sql kPersonHasSurname{"persons.has_surname",
                                "SELECT family_name <> '' FROM persons WHERE id = ?1"};

constexpr Sql kListOutcomes{"outcomes.list",
                            "SELECT id, report_id, kind, reason, occurred_on, created_at "
                            "FROM outcomes WHERE report_id = ?1 ORDER BY occurred_on, id"};
constexpr Sql kInsertOutcome{"outcomes.insert",
                             "INSERT INTO outcomes (id, report_id, kind, reason, occurred_on, "
                             "created_at) VALUES (?1,?2,?3,?4,?5,?6)"};

// The result is column 4 as text (rows from before migration 0013) or
// column 11 packed (sqlite/packed_text.hpp).
#define TL_SCREENING_COLUMNS                                                       \
  "id, report_id, questionnaire_version, answers, result, principal, risk_level, " \
  "coalesce(previous_id, ''), changes, created_at, created_by, result_packed FROM screenings "
constexpr Sql kGetScreening{"screenings.get", "SELECT " TL_SCREENING_COLUMNS "WHERE id = ?1"};
constexpr Sql kListScreenings{"screenings.list_for_report",
                              "SELECT " TL_SCREENING_COLUMNS
                              "WHERE report_id = ?1 ORDER BY created_at, id"};
constexpr Sql kLatestScreeningRef{"screenings.latest_ref_for_report",
                                  "SELECT id, created_at FROM screenings WHERE report_id = ?1 "
                                  "ORDER BY created_at DESC, id DESC LIMIT 1"};
constexpr Sql kLatestScreening{"screenings.latest_for_report",
                               "SELECT " TL_SCREENING_COLUMNS
                               "WHERE report_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 1"};
#undef TL_SCREENING_COLUMNS
constexpr Sql kScreeningClassifications{
    "screenings.classifications",
    "SELECT classification FROM screening_classifications WHERE screening_id = ?1 "
    "ORDER BY principal DESC, rowid"};
constexpr Sql kInsertScreening{
    "screenings.insert",
    "INSERT INTO screenings (id, report_id, questionnaire_version, answers, result_packed, "
    "principal, risk_level, previous_id, changes, created_at, created_by, result) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,nullif(?8, ''),?9,?10,?11,'')"};
constexpr Sql kInsertScreeningClassification{
    "screenings.insert_classification",
    "INSERT INTO screening_classifications (screening_id, classification, principal) "
    "VALUES (?1,?2,?3)"};

// The audit log's statements are in sqlite_tx_audit.cpp.

constexpr Sql kCountAgencies{"count.agencies", "SELECT count(*) FROM agencies"};
constexpr Sql kCountUsers{"count.users", "SELECT count(*) FROM users"};
constexpr Sql kCountPersons{"count.persons", "SELECT count(*) FROM persons"};
constexpr Sql kCountReports{"count.reports", "SELECT count(*) FROM reports"};
constexpr Sql kCountOutcomes{"count.outcomes", "SELECT count(*) FROM outcomes"};
constexpr Sql kCountAudit{"count.audit", "SELECT count(*) FROM audit_log"};
constexpr Sql kCountScreenings{"count.screenings", "SELECT count(*) FROM screenings"};
constexpr Sql kCountSessions{"count.sessions", "SELECT count(*) FROM sessions"};
constexpr Sql kCountAgreements{"count.agreements", "SELECT count(*) FROM sharing_agreements"};
constexpr Sql kCountEmergencyGrants{"count.emergency_grants",
                                    "SELECT count(*) FROM emergency_grants"};
constexpr Sql kCountCases{"count.cases", "SELECT count(*) FROM cases"};
constexpr Sql kCountCaseItems{"count.case_items", "SELECT count(*) FROM case_items"};
constexpr Sql kCountCaseEvents{"count.case_events", "SELECT count(*) FROM case_events"};
constexpr Sql kCountPanels{"count.panels", "SELECT count(*) FROM panels"};
constexpr Sql kCountNominations{"count.nominations", "SELECT count(*) FROM nominations"};
constexpr Sql kCountHarmScores{"count.harm_scores", "SELECT count(*) FROM harm_scores"};
constexpr Sql kCountFindings{"count.findings", "SELECT count(*) FROM findings"};

domain::Agency AgencyFromRow(const Statement& s) {
  return {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
}

domain::User UserFromRow(const Statement& s) {
  domain::User u;
  u.id = s.Text(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.role = s.Text(3);
  u.agency_id = s.Text(4);
  u.password_hash = s.Text(5);
  u.totp_secret = s.Text(6);
  u.failed_logins = static_cast<int>(s.Int(7));
  u.last_failed_at = s.Int(8);
  u.locked = s.Int(9) != 0;
  return u;
}

domain::Report ReportFromRow(const Statement& s) {
  domain::Report r;
  r.id = s.Text(0);
  r.force_id = s.Text(1);
  r.reference = s.Text(2);
  r.occurred_at = s.Text(3);
  r.reported_at = s.Text(4);
  r.summary = s.Text(5);
  r.recorded_as = s.Text(6);
  r.created_at = s.Text(7);
  r.created_by = s.Text(8);
  r.force_code = s.Text(9);
  return r;
}

Status InsertIdentifiers(Connection& conn, const domain::Id& person_id, const char* kind,
                         const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    auto stmt = conn.Prepare(kInsertIdentifier);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, person_id).Bind(2, kind).Bind(3, static_cast<int64_t>(i)).Bind(4, values[i]);
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

// Ids are ULID-like ([0-9A-Z]) and finding keys [0-9A-Za-z:_-] (checked by
// the services), so they need no escaping inside JSON strings.
std::string IdsAsJsonArray(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    out += ids[i];
    out += '"';
  }
  out += ']';
  return out;
}

bool ParseCursor(const std::string& cursor, std::string& at, std::string& id) {
  const size_t sep = cursor.find('~');
  if (sep == std::string::npos) return false;
  at = cursor.substr(0, sep);
  id = cursor.substr(sep + 1);
  const auto t = domain::ParseTimestamp(at);
  return t && domain::FormatTimestamp(*t) == at && domain::IsWellFormedId(id);
}

Result<std::vector<domain::Agency>> SqliteTx::ListAgencies() {
  auto stmt = conn_.Prepare(kListAgencies);
  if (!stmt.ok()) return stmt.error();
  std::vector<domain::Agency> out;
  while ((*stmt)->Step()) out.push_back(AgencyFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<domain::Agency> SqliteTx::GetAgencyBy(const Sql& sql, std::string_view key) {
  auto stmt = conn_.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, key);
  if ((*stmt)->Step()) return AgencyFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such agency");
}

Result<domain::Agency> SqliteTx::GetAgency(const domain::Id& id) {
  return GetAgencyBy(kGetAgency, id);
}

Result<domain::Agency> SqliteTx::GetAgencyByCode(std::string_view code) {
  return GetAgencyBy(kGetAgencyByCode, code);
}

Result<domain::User> SqliteTx::GetUserByName(std::string_view username) {
  auto stmt = conn_.Prepare(kGetUserByName);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, username);
  if ((*stmt)->Step()) return UserFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such user");
}

Result<domain::User> SqliteTx::GetUser(const domain::Id& id) {
  auto stmt = conn_.Prepare(kGetUser);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  if ((*stmt)->Step()) return UserFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such user");
}

Result<std::vector<domain::User>> SqliteTx::ListUsers() {
  auto stmt = conn_.Prepare(kListUsers);
  if (!stmt.ok()) return stmt.error();
  std::vector<domain::User> out;
  while ((*stmt)->Step()) out.push_back(UserFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<domain::Person> SqliteTx::GetPerson(const domain::Id& id) {
  auto stmt = conn_.Prepare(kGetPerson);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  if (!(*stmt)->Step()) {
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return NotFound("no such person");
  }
  const Statement& s = **stmt;
  domain::Person p;
  p.id = s.Text(0);
  p.agency_id = s.Text(1);
  p.given_name = s.Text(2);
  p.family_name = s.Text(3);
  p.dob = s.Text(4);
  p.gender = s.Text(5);
  p.address = s.Text(6);
  p.postcode = s.Text(7);
  p.created_at = s.Text(8);
  auto ids = conn_.Prepare(kGetIdentifiers);
  if (!ids.ok()) return ids.error();
  (*ids)->Bind(1, id);
  while ((*ids)->Step()) {
    const std::string kind = (*ids)->Text(0);
    std::string value = (*ids)->Text(1);
    if (kind == "phone") {
      p.phones.push_back(std::move(value));
    } else if (kind == "email") {
      p.emails.push_back(std::move(value));
    } else if (kind == "handle") {
      p.handles.push_back(std::move(value));
    } else if (kind == "vehicle") {
      p.vehicles.push_back(std::move(value));
    }
  }
  if (!(*ids)->status().ok()) return (*ids)->status().error();
  return p;
}

Result<std::vector<domain::Person>> SqliteTx::ListPersons(const domain::Id& after_id,
                                                          size_t limit) {
  std::vector<domain::Id> ids;
  {
    auto stmt = conn_.Prepare(kListPersons);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, after_id).Bind(2, static_cast<int64_t>(limit));
    while ((*stmt)->Step()) ids.push_back((*stmt)->Text(0));
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  }
  std::vector<domain::Person> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto p = GetPerson(id);
    if (!p.ok()) return p.error();
    out.push_back(std::move(*p));
  }
  return out;
}

Result<std::vector<domain::Id>> SqliteTx::ListReportIdsForPerson(const domain::Id& person_id) {
  auto stmt = conn_.Prepare(kReportsForPerson);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, person_id);
  std::vector<std::pair<std::string, domain::Id>> found;  // (occurred_at, id)
  while ((*stmt)->Step()) found.emplace_back((*stmt)->Text(0), (*stmt)->Text(1));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  // Oldest first, then by id; a person named twice in one report once.
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<domain::Id> out;
  out.reserve(found.size());
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

Status SqliteTx::LoadReportDetails(domain::Report& report) {
  auto behaviours = conn_.Prepare(kGetBehaviours);
  if (!behaviours.ok()) return behaviours.error();
  (*behaviours)->Bind(1, report.id);
  while ((*behaviours)->Step()) report.behaviours.push_back((*behaviours)->Text(0));
  if (!(*behaviours)->status().ok()) return (*behaviours)->status();
  auto parties = conn_.Prepare(kGetParties);
  if (!parties.ok()) return parties.error();
  (*parties)->Bind(1, report.id);
  while ((*parties)->Step()) report.parties.push_back({(*parties)->Text(0), (*parties)->Text(1)});
  return (*parties)->status();
}

Result<domain::Report> SqliteTx::GetReport(const domain::Id& id) {
  auto stmt = conn_.Prepare(kGetReport);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  if (!(*stmt)->Step()) {
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return NotFound("no such report");
  }
  domain::Report report = ReportFromRow(**stmt);
  if (Status s = LoadReportDetails(report); !s.ok()) return s.error();
  return report;
}

Result<ReportPage> SqliteTx::ListReports(const ReportFilter& filter) {
  std::string cursor_at;
  std::string cursor_id;
  if (!filter.cursor.empty() && !ParseCursor(filter.cursor, cursor_at, cursor_id)) {
    return InvalidArgument("the cursor is not valid",
                           {{"cursor", "is not a cursor this API issued"}});
  }
  const Sql& sql = filter.force_scope ? kListReportsInScope
                   : filter.force_id  ? kListReportsByForce
                                      : kListReports;
  auto stmt = conn_.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  if (filter.force_scope) {
    (*stmt)->Bind(1, filter.force_id.value_or(""));
    (*stmt)->Bind(7, IdsAsJsonArray(*filter.force_scope));
  } else if (filter.force_id) {
    (*stmt)->Bind(1, *filter.force_id);
  }
  (*stmt)->Bind(2, filter.from).Bind(3, filter.to).Bind(4, cursor_at).Bind(5, cursor_id);
  (*stmt)->Bind(6, static_cast<int64_t>(filter.limit + 1));
  ReportPage page;
  while ((*stmt)->Step()) page.reports.push_back(ReportFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  if (page.reports.size() > filter.limit) {
    page.reports.pop_back();
    const auto& last = page.reports.back();
    page.next_cursor = last.occurred_at + "~" + last.id;
  }
  for (auto& report : page.reports) {
    if (Status s = LoadReportDetails(report); !s.ok()) return s.error();
  }
  return page;
}

Result<std::vector<domain::Outcome>> SqliteTx::ListOutcomes(const domain::Id& report_id) {
  auto stmt = conn_.Prepare(kListOutcomes);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, report_id);
  std::vector<domain::Outcome> out;
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)});
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<std::vector<domain::Screening>> SqliteTx::ScreeningsWhere(const Sql& sql,
                                                                 const domain::Id& key) {
  auto stmt = conn_.Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, key);
  std::vector<domain::Screening> out;
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    domain::Screening sc;
    sc.id = s.Text(0);
    sc.report_id = s.Text(1);
    sc.questionnaire_version = s.Text(2);
    sc.answers_json = s.Text(3);
    if (s.IsNull(11)) {
      sc.result_json = s.Text(4);
    } else {
      auto result = UnpackText(s.BlobView(11), "result of screening " + sc.id);
      if (!result.ok()) return result.error();
      sc.result_json = std::move(*result);
    }
    sc.principal = s.Text(5);
    sc.risk_level = s.Text(6);
    sc.previous_id = s.Text(7);
    sc.changes_json = s.Text(8);
    sc.created_at = s.Text(9);
    sc.created_by = s.Text(10);
    out.push_back(std::move(sc));
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  for (auto& sc : out) {
    auto codes = conn_.Prepare(kScreeningClassifications);
    if (!codes.ok()) return codes.error();
    (*codes)->Bind(1, sc.id);
    while ((*codes)->Step()) sc.classifications.push_back((*codes)->Text(0));
    if (!(*codes)->status().ok()) return (*codes)->status().error();
  }
  return out;
}

Result<domain::Screening> SqliteTx::GetScreening(const domain::Id& id) {
  auto found = ScreeningsWhere(kGetScreening, id);
  if (!found.ok()) return found.error();
  if (found->empty()) return NotFound("no such screening");
  return std::move(found->front());
}

Result<std::vector<domain::Screening>> SqliteTx::ListScreenings(const domain::Id& report_id) {
  return ScreeningsWhere(kListScreenings, report_id);
}

Result<ScreeningRef> SqliteTx::LatestScreeningRef(const domain::Id& report_id) {
  return screening_refs::Latest(conn_, kLatestScreeningRef, report_id);
}

Result<domain::Screening> SqliteTx::LatestScreening(const domain::Id& report_id) {
  auto found = ScreeningsWhere(kLatestScreening, report_id);
  if (!found.ok()) return found.error();
  if (found->empty()) return NotFound("no screening for this report");
  return std::move(found->front());
}

Status SqliteTx::InsertScreening(const domain::Screening& sc) {
  auto stmt = conn_.Prepare(kInsertScreening);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, sc.id).Bind(2, sc.report_id).Bind(3, sc.questionnaire_version);
  (*stmt)->Bind(4, sc.answers_json).BindBlob(5, PackText(sc.result_json)).Bind(6, sc.principal);
  (*stmt)->Bind(7, sc.risk_level).Bind(8, sc.previous_id).Bind(9, sc.changes_json);
  (*stmt)->Bind(10, sc.created_at).Bind(11, sc.created_by);
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  for (size_t i = 0; i < sc.classifications.size(); ++i) {
    auto c = conn_.Prepare(kInsertScreeningClassification);
    if (!c.ok()) return c.error();
    (*c)->Bind(1, sc.id).Bind(2, sc.classifications[i]).Bind(3, int64_t{i == 0 ? 1 : 0});
    if (Status s = (*c)->Run(); !s.ok()) return s;
  }
  return AddReportFacts(sc.report_id, domain::report_facts::FactsOfScreening(sc));
}

Result<int64_t> SqliteTx::Count(Table table) {
  const Sql* sql = nullptr;
  switch (table) {
    case Table::kAgencies:
      sql = &kCountAgencies;
      break;
    case Table::kUsers:
      sql = &kCountUsers;
      break;
    case Table::kPersons:
      sql = &kCountPersons;
      break;
    case Table::kReports:
      sql = &kCountReports;
      break;
    case Table::kOutcomes:
      sql = &kCountOutcomes;
      break;
    case Table::kAudit:
      sql = &kCountAudit;
      break;
    case Table::kScreenings:
      sql = &kCountScreenings;
      break;
    case Table::kSessions:
      sql = &kCountSessions;
      break;
    case Table::kAgreements:
      sql = &kCountAgreements;
      break;
    case Table::kEmergencyGrants:
      sql = &kCountEmergencyGrants;
      break;
    case Table::kCases:
      sql = &kCountCases;
      break;
    case Table::kCaseItems:
      sql = &kCountCaseItems;
      break;
    case Table::kCaseEvents:
      sql = &kCountCaseEvents;
      break;
    case Table::kPanels:
      sql = &kCountPanels;
      break;
    case Table::kNominations:
      sql = &kCountNominations;
      break;
    case Table::kHarmScores:
      sql = &kCountHarmScores;
      break;
    case Table::kFindings:
      sql = &kCountFindings;
      break;
  }
  auto stmt = conn_.Prepare(*sql);
  if (!stmt.ok()) return stmt.error();
  if (!(*stmt)->Step())
    return (*stmt)->status().ok() ? Internal("count returned no row") : (*stmt)->status().error();
  return (*stmt)->Int(0);
}

Status SqliteTx::InsertAgency(const domain::Agency& a) {
  auto stmt = conn_.Prepare(kInsertAgency);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, a.id).Bind(2, a.code).Bind(3, a.name).Bind(4, a.kind).Bind(5, a.region);
  return (*stmt)->Run();
}

Status SqliteTx::InsertUser(const domain::User& u) {
  auto stmt = conn_.Prepare(kInsertUser);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, u.id).Bind(2, u.username).Bind(3, u.display_name).Bind(4, u.role);
  (*stmt)->Bind(5, u.agency_id).Bind(6, u.password_hash);
  (*stmt)->Bind(7, domain::FormatTimestamp(domain::NowSeconds())).Bind(8, u.totp_secret);
  return (*stmt)->Run();
}

Status SqliteTx::SetUserPassword(const domain::Id& user_id, const std::string& password_hash) {
  auto stmt = conn_.Prepare(kSetUserPassword);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, user_id).Bind(2, password_hash);
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  if (sqlite3_changes(conn_.raw()) == 0) return NotFound("no such user");
  return Status::Ok();
}

Status SqliteTx::InsertPerson(const domain::Person& p) {
  auto stmt = conn_.Prepare(kInsertPerson);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, p.id).Bind(2, p.agency_id).Bind(3, p.given_name).Bind(4, p.family_name);
  (*stmt)->Bind(5, p.dob).Bind(6, p.gender).Bind(7, p.address).Bind(8, p.postcode);
  (*stmt)->Bind(9, p.created_at);
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  if (Status s = InsertIdentifiers(conn_, p.id, "phone", p.phones); !s.ok()) return s;
  if (Status s = InsertIdentifiers(conn_, p.id, "email", p.emails); !s.ok()) return s;
  if (Status s = InsertIdentifiers(conn_, p.id, "handle", p.handles); !s.ok()) return s;
  return InsertIdentifiers(conn_, p.id, "vehicle", p.vehicles);
}

Status SqliteTx::InsertReport(const domain::Report& r) {
  auto stmt = conn_.Prepare(kInsertReport);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, r.id).Bind(2, r.force_id).Bind(3, r.reference).Bind(4, r.occurred_at);
  (*stmt)->Bind(5, r.reported_at).Bind(6, r.summary).Bind(7, r.recorded_as);
  (*stmt)->Bind(8, r.created_at).Bind(9, r.created_by);
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  for (const auto& behaviour : r.behaviours) {
    auto b = conn_.Prepare(kInsertBehaviour);
    if (!b.ok()) return b.error();
    (*b)->Bind(1, r.id).Bind(2, behaviour);
    if (Status s = (*b)->Run(); !s.ok()) return s;
  }
  for (size_t i = 0; i < r.parties.size(); ++i) {
    auto p = conn_.Prepare(kInsertParty);
    if (!p.ok()) return p.error();
    (*p)->Bind(1, r.id).Bind(2, static_cast<int64_t>(i)).Bind(3, r.parties[i].person_id);
    (*p)->Bind(4, r.parties[i].role);
    if (Status s = (*p)->Run(); !s.ok()) return s;
  }
  bool any_suspect = false;
  bool any_named = false;
  for (const auto& party : r.parties) {
    if (party.role != "suspect") continue;
    any_suspect = true;
    auto named = conn_.Prepare(kPersonHasSurname);
    if (!named.ok()) return named.error();
    (*named)->Bind(1, party.person_id);
    if ((*named)->Step() && (*named)->Int(0) != 0) any_named = true;
    if (!(*named)->status().ok()) return (*named)->status();
  }
  return AddReportFacts(r.id, domain::report_facts::FactsOfParties(any_suspect, any_named));
}

Status SqliteTx::AddReportFacts(const domain::Id& report_id, int64_t facts) {
  if (facts == 0) return Status::Ok();
  auto stmt = conn_.Prepare(kAddReportFacts);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, report_id).Bind(2, facts);
  return (*stmt)->Run();
}

Status SqliteTx::InsertOutcome(const domain::Outcome& o) {
  auto stmt = conn_.Prepare(kInsertOutcome);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, o.id).Bind(2, o.report_id).Bind(3, o.kind).Bind(4, o.reason);
  (*stmt)->Bind(5, o.occurred_on).Bind(6, o.created_at);
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  return AddReportFacts(o.report_id, domain::report_facts::FactsOfOutcome(o));
}

}  // namespace threadline::store::sqlite
