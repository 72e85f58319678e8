#pragma once
// ReadTx / WriteTx over one SQLite connection inside an open transaction.

#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace threadline::store::sqlite {

// A JSON array of ids or codes, for json_each() in queries and for list
// columns.
std::string IdsAsJsonArray(const std::vector<std::string>& ids);

// A page cursor "<timestamp>~<id>", checked strictly so a forged cursor is an
// invalid argument rather than a strange page.
bool ParseCursor(const std::string& cursor, std::string& at, std::string& id);

// Audit entries are added to the record index (audit_record_chunks) in
// chunks of this many, by the append whose seq completes a chunk; fewer than
// this many recent entries are found by a scan instead. An entry's chunk is
// (seq - 1) / kAuditIndexChunk: migration 0014 writes the same number.
inline constexpr int64_t kAuditIndexChunk = 16384;

class SqliteTx final : public WriteTx {
 public:
  explicit SqliteTx(Connection& conn) : conn_(conn) {}

  Result<std::vector<domain::Agency>> ListAgencies() override;
  Result<domain::Agency> GetAgency(const domain::Id& id) override;
  Result<domain::Agency> GetAgencyByCode(std::string_view code) override;
  Result<domain::User> GetUserByName(std::string_view username) override;
  Result<std::vector<domain::User>> ListUsers() override;
  Result<domain::User> GetUser(const domain::Id& id) override;
  Result<domain::Session> GetSession(const std::string& token_hash) override;
  Result<domain::ServiceToken> GetServiceToken(const std::string& token_hash) override;
  Result<std::vector<domain::ServiceToken>> ListServiceTokens() override;
  Result<std::vector<domain::SharingAgreement>> ListAgreements() override;
  Result<std::vector<domain::SharingAgreement>> ListAgreementsTo(
      const domain::Id& to_agency_id) override;
  Result<domain::EmergencyGrant> GetEmergencyGrant(const domain::Id& id) override;
  Result<std::vector<domain::EmergencyGrant>> ListEmergencyGrants(
      const EmergencyGrantFilter& filter) override;
  Result<domain::Person> GetPerson(const domain::Id& id) override;
  Result<std::vector<domain::Person>> ListPersons(const domain::Id& after_id,
                                                  size_t limit) override;
  Result<std::vector<domain::Id>> ListReportIdsForPerson(const domain::Id& person_id) override;
  Result<domain::Report> GetReport(const domain::Id& id) override;
  Result<ReportPage> ListReports(const ReportFilter& filter) override;
  Result<std::vector<domain::Outcome>> ListOutcomes(const domain::Id& report_id) override;
  Result<domain::Screening> GetScreening(const domain::Id& id) override;
  Result<std::vector<domain::Screening>> ListScreenings(const domain::Id& report_id) override;
  Result<domain::Screening> LatestScreening(const domain::Id& report_id) override;
  Result<ScreeningRef> LatestScreeningRef(const domain::Id& report_id) override;
  Result<std::vector<domain::AuditEntry>> ListAudit(const AuditFilter& filter) override;
  Status ScanAudit(int64_t after_seq,
                   const std::function<Status(const domain::AuditEntry&)>& fn) override;
  Result<int64_t> Count(Table table) override;
  Result<domain::Case> GetCase(const domain::Id& id) override;
  Result<CasePage> ListCases(const CaseFilter& filter) override;
  Result<domain::CaseItem> GetCaseItem(const domain::Id& id) override;
  Result<std::vector<domain::CaseItem>> ListCaseItems(const domain::Id& case_id,
                                                      std::string_view kind) override;
  Result<std::vector<domain::CaseItem>> ListDueItems(const DueItemFilter& filter) override;
  Result<int64_t> CountOwnedItems(std::string_view kind, std::string_view status,
                                  const domain::Id& owner_user_id) override;
  Result<std::vector<domain::CaseEvent>> ListCaseEvents(const domain::Id& case_id) override;
  Result<domain::Panel> GetPanel(const domain::Id& id) override;
  Result<std::vector<domain::Panel>> ListPanels() override;
  Result<std::vector<domain::Nomination>> ListNominations(const domain::Id& panel_id,
                                                          std::string_view meeting_date) override;
  Result<std::vector<domain::HarmScore>> ListHarmScores(const domain::Id& person_id) override;
  Result<std::vector<ReportFactsCount>> CountReportFacts(const ReportStatsScope& scope) override;
  Status ScanCases(const std::function<Status(const domain::Case&)>& fn) override;
  Status ScanCaseItems(std::string_view kind, std::string_view since, bool with_body,
                       const std::function<Status(const domain::CaseItem&)>& fn) override;
  Result<std::vector<domain::Nomination>> ListNominationsBetween(std::string_view from,
                                                                 std::string_view to) override;
  Status ScanReportParties(const domain::Id& force_id, std::string_view from,
                           const std::function<Status(const ReportPartyRow&)>& fn) override;
  Result<std::vector<SealedCell>> ListSealedCells(SealedColumn column, std::string_view skip_prefix,
                                                  const SealedCell& after, size_t limit) override;

  Status InsertAgency(const domain::Agency& agency) override;
  Status InsertUser(const domain::User& user) override;
  Status SetUserPassword(const domain::Id& user_id, const std::string& password_hash) override;
  Status SetUserLoginState(const domain::Id& user_id, int failed_logins, int64_t last_failed_at,
                           bool locked) override;
  Status SetUserTotpSecret(const domain::Id& user_id, const std::string& secret) override;
  Status SetUserRole(const domain::Id& user_id, const std::string& role) override;
  Status InsertSession(const domain::Session& session) override;
  Status TouchSession(const std::string& token_hash, int64_t last_seen_at) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteUserSessions(const domain::Id& user_id) override;
  Status InsertServiceToken(const domain::ServiceToken& token) override;
  Status RevokeServiceToken(const domain::Id& id, const std::string& revoked_at) override;
  Status InsertAgreement(const domain::SharingAgreement& agreement) override;
  Status InsertEmergencyGrant(const domain::EmergencyGrant& grant) override;
  Status ReviewEmergencyGrant(const domain::Id& id, const domain::Id& reviewer,
                              const std::string& reviewed_at, const std::string& note) override;
  Status InsertPerson(const domain::Person& person) override;
  Status InsertReport(const domain::Report& report) override;
  Status InsertOutcome(const domain::Outcome& outcome) override;
  Status InsertScreening(const domain::Screening& screening) override;
  Result<int64_t> AppendAudit(const domain::AuditEntry& entry) override;
  // Appends `entries` in order, as AppendAudit would one by one, reading the
  // chain's tip once: nothing else appends within one callback of a write.
  // The entries are consumed (their seq and hash set, then moved).
  Status AppendAuditRun(std::vector<domain::AuditEntry>& entries);
  Status InsertCase(const domain::Case& c) override;
  Status UpdateCase(const domain::Case& c, int64_t expected_version) override;
  Status InsertCaseItem(const domain::CaseItem& item) override;
  Status UpdateCaseItem(const domain::CaseItem& item, int64_t expected_version) override;
  Result<int64_t> AppendCaseEvent(const domain::CaseEvent& event) override;
  Status InsertPanel(const domain::Panel& panel) override;
  Status InsertNomination(const domain::Nomination& nomination) override;
  Status InsertHarmScore(const domain::HarmScore& score) override;
  Status UpdateSealedCell(SealedColumn column, const SealedCell& cell,
                          const std::string& new_value) override;

  // Retention review (sqlite_tx_retention.cpp).
  Result<RetentionDuePage> ListRetentionDue(const RetentionDueFilter& filter) override;
  Result<std::vector<domain::RetentionReview>> ListRetentionReviews(
      std::string_view record_type, const domain::Id& record_id) override;
  Result<std::vector<CaseReportRef>> ListCaseReports() override;
  Status InsertRetentionReview(const domain::RetentionReview& review) override;
  Result<DeletedRecords> DeleteReportRecords(const domain::Id& report_id) override;
  Result<DeletedRecords> DeleteCaseRecords(const domain::Id& case_id) override;

  // Human link decisions (sqlite_tx_links.cpp).
  Result<std::vector<domain::LinkDecision>> ListLinkDecisions() override;
  Result<std::vector<domain::LinkDecision>> ListLinkDecisionsFor(
      const domain::Id& person_id) override;
  Result<domain::LinkDecision> GetStandingLinkDecision(const domain::Id& a,
                                                       const domain::Id& b) override;
  Status InsertLinkDecision(const domain::LinkDecision& decision) override;
  Status UndoLinkDecision(const domain::Id& id, const domain::Id& undone_by,
                          const std::string& undone_at, const std::string& reason) override;

  // Course-of-conduct findings (sqlite_tx_findings.cpp).
  Result<domain::FindingRecord> GetFinding(const domain::Id& id) override;
  Result<std::vector<domain::FindingRecord>> ListFindings(const FindingFilter& filter) override;
  Result<FindingSyncResult> SyncFindings(const FindingSync& sync) override;
  Status AcknowledgeFinding(const domain::Id& id, const domain::Id& by, const std::string& at,
                            const std::string& note) override;

 private:
  // Adds the entries after indexed_upto, up to `upto`, to the record index.
  Status IndexAuditChunk(int64_t upto);
  Result<int64_t> IndexedUpto();
  // ORs `facts` into the report's facts (domain/report_facts.hpp).
  Status AddReportFacts(const domain::Id& report_id, int64_t facts);

  Status RunUpdate(Statement& stmt, const char* what);
  Result<domain::Agency> GetAgencyBy(const Sql& sql, std::string_view key);
  Status LoadReportDetails(domain::Report& report);
  Result<std::vector<domain::Screening>> ScreeningsWhere(const Sql& sql, const domain::Id& key);
  Connection& conn_;
};

}  // namespace threadline::store::sqlite
