#pragma once
// The one storage interface of Threadline.
//
// Everything above the store talks to `Store`, never to a database API, so a
// PostgreSQL backend can stand in for SQLite without anything above knowing.
//
// Contract:
//  - `Read` runs `fn` on a consistent snapshot; concurrent `Read`s may run in
//    parallel with each other and with one `Write`.
//  - `Write` runs `fn` in one transaction. If `fn` returns OK, the transaction
//    is committed and durable before `Write` returns OK; if `fn` returns an
//    error (or a statement fails), everything `fn` wrote is rolled back and
//    that error is returned. Nothing is ever half-written.
//  - When the commit itself fails the outcome is "in doubt" only if the
//    database reports an I/O error; `Write` then returns kUnavailable and the
//    caller must re-read before retrying.
//  - "Not found" is ErrorCode::kNotFound with a message naming the record type.
//  - Every method is thread-safe; a transaction object must not escape `fn`.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/case_records.hpp"
#include "domain/finding_record.hpp"
#include "domain/link_decision.hpp"
#include "domain/records.hpp"
#include "domain/result.hpp"
#include "domain/retention_review.hpp"

namespace threadline::store {

// Reports in pages, newest first. The cursor is opaque to callers.
struct ReportFilter {
  std::optional<domain::Id> force_id;
  // When set, only reports of these forces (the caller's access scope).
  std::optional<std::vector<domain::Id>> force_scope;
  std::string from;  // inclusive, canonical timestamp, empty = unbounded
  std::string to;    // exclusive, canonical timestamp, empty = unbounded
  std::string cursor;
  size_t limit = 50;
};

struct ReportPage {
  std::vector<domain::Report> reports;
  std::string next_cursor;  // empty on the last page
};

struct AuditFilter {
  std::string record_type;
  domain::Id record_id;
  int64_t after_seq = 0;
  size_t limit = 100;
};

// Tables whose size may be asked for (tests and health checks).
enum class Table {
  kAgencies,
  kUsers,
  kPersons,
  kReports,
  kOutcomes,
  kAudit,
  kScreenings,
  kSessions,
  kAgreements,
  kEmergencyGrants,
  kCases,
  kCaseItems,
  kCaseEvents,
  kPanels,
  kNominations,
  kHarmScores,
  kFindings,
};

// Cases in pages, newest first.
struct CaseFilter {
  // When set, only cases owned by these agencies (the caller's access scope).
  std::optional<std::vector<domain::Id>> owner_scope;
  std::string status;    // empty = any
  int tier = 0;          // 0 = any
  domain::Id person_id;  // victim or suspect; empty = any
  std::string source;    // how it was referred (ReferralSources()); empty = any
  std::string cursor;
  size_t limit = 50;
};

struct CasePage {
  std::vector<domain::Case> cases;
  std::string next_cursor;  // empty on the last page
};

// Items with a deadline: overdue actions, Victims' Code clocks, orders
// about to expire.
struct DueItemFilter {
  std::string kind;          // required
  std::string status;        // required: the status that is still waiting
  std::string due_before;    // date, exclusive; empty = any
  domain::Id owner_user_id;  // empty = anyone's
  // When set, only items on cases owned by these agencies.
  std::optional<std::vector<domain::Id>> owner_scope;
  size_t limit = 200;
};

// One party of one report, for harm ranking: a row per (report, person).
struct ReportPartyRow {
  domain::Id report_id;
  std::string occurred_at;
  std::string recorded_as;
  domain::Id person_id;
  std::string role;
};

// The reports an accountability figure counts: those of some forces (empty:
// every force) that occurred in [from, to).
struct ReportStatsScope {
  std::vector<domain::Id> force_ids;
  std::string from;  // inclusive timestamp
  std::string to;    // exclusive timestamp
};

// How many reports in a scope share one recorded-as code and one set of
// facts (domain/report_facts.hpp).
struct ReportFactsCount {
  std::string recorded_as;
  int64_t facts = 0;
  int64_t reports = 0;
};

struct EmergencyGrantFilter {
  domain::Id user_id;          // empty = any
  domain::Id owner_agency_id;  // empty = any
  bool awaiting_review_only = false;
  size_t limit = 100;
};

// Records whose review date has passed (access/retention.hpp), of one
// type and owning agency, oldest first. Reports are counted from their last
// activity (the report, its screenings and outcomes), cases from closure
// (their last change once closed); a record is listed when it was counted
// from before `counted_before` (a date, exclusive) and no "keep" decision
// holds it beyond `today`.
struct RetentionDueFilter {
  std::string record_type;  // "report" or "case"
  domain::Id owner_agency_id;
  std::string counted_before;
  std::string today;
  domain::Id record_id;  // when set, only this record (if it is due)
  std::string cursor;
  size_t limit = 50;
};

struct RetentionCandidate {
  std::string record_type;
  domain::Id record_id;
  std::string reference;  // the force's reference, or the case reference
  domain::Id owner_agency_id;
  std::string counted_from;  // the timestamp the period runs from
  std::string status;        // cases: always "closed"; reports: empty
  int tier = 0;              // cases only
};

struct RetentionDuePage {
  std::vector<RetentionCandidate> records;
  std::string next_cursor;  // empty on the last page
};

// A report held by a case (cases keep the ids of their reports).
struct CaseReportRef {
  domain::Id report_id;
  domain::Id case_id;
  std::string case_reference;
};

// What one retention deletion removed. Persons go when no report, case or
// nomination refers to them any more.
// Which screening, and when it was made.
struct ScreeningRef {
  domain::Id id;
  std::string created_at;
};

struct DeletedRecords {
  int64_t reports = 0;
  int64_t screenings = 0;
  int64_t outcomes = 0;
  int64_t cases = 0;
  int64_t case_items = 0;
  int64_t case_events = 0;
  int64_t nominations = 0;
  int64_t harm_scores = 0;
  int64_t findings = 0;  // course-of-conduct findings that listed a deleted report
  std::vector<domain::Id> persons;
};

// The columns that hold sealed (encrypted) values, for key rotation. A fixed
// list, so no SQL is ever built from a caller's table or column name.
enum class SealedColumn {
  kPersonAddress,          // persons.address
  kPersonPostcode,         // persons.postcode
  kPersonIdentifierValue,  // person_identifiers.value: phones, emails, handles, vehicles
  kReportSummary,          // reports.summary
  kScreeningAnswers,       // screenings.answers
  kCaseReferralReason,     // cases.referral_reason
  kCaseItemBody,           // case_items.body
  kUserTotpSecret,         // users.totp_secret: second-factor secrets
  kFindingDetail,          // findings.detail: references, identifiers and reasons
  kFindingNote,            // findings.acknowledgement_note
};

// One stored value of a SealedColumn and the key of its row.
struct SealedCell {
  domain::Id record_id;  // the person, report or screening
  std::string kind;      // person identifiers only: phone, email, handle, vehicle
  int64_t position = 0;  // person identifiers only
  std::string value;     // as stored: sealed text, or plain text written before sealing
};

// Kept findings (domain/finding_record.hpp) in one status: "open",
// "acknowledged", "withdrawn", or empty for every one.
struct FindingFilter {
  std::string status;
  bool with_detail = false;  // without it detail_json is left empty (and never unsealed)
};

// What one computation of the findings raised, for SyncFindings. Each raised
// record carries id, key, type, owner_agency_id, forces, report_ids,
// detail_json and digest; its dates are the store's to set.
struct FindingSync {
  std::vector<domain::FindingRecord> raised;
  std::string now;  // the computation's time
  // Why a finding no longer raised was withdrawn: `withdrawn_reasons` by
  // id when the caller knows better, else `withdrawn_reason`.
  std::string withdrawn_reason;
  std::vector<std::pair<domain::Id, std::string>> withdrawn_reasons;
};

// What SyncFindings did, by finding id.
struct FindingSyncResult {
  std::vector<domain::Id> inserted;   // raised for the first time
  std::vector<domain::Id> changed;    // still raised, with other reports or reasons
  std::vector<domain::Id> reopened;   // withdrawn before, raised again
  std::vector<domain::Id> withdrawn;  // no longer raised
  size_t confirmed = 0;               // still raised, unchanged
};

class ReadTx {
 public:
  virtual ~ReadTx() = default;

  virtual Result<std::vector<domain::Agency>> ListAgencies() = 0;
  virtual Result<domain::Agency> GetAgency(const domain::Id& id) = 0;
  virtual Result<domain::Agency> GetAgencyByCode(std::string_view code) = 0;

  virtual Result<domain::User> GetUserByName(std::string_view username) = 0;
  virtual Result<std::vector<domain::User>> ListUsers() = 0;
  virtual Result<domain::User> GetUser(const domain::Id& id) = 0;

  // Sessions and service tokens are looked up by the hash of their token.
  virtual Result<domain::Session> GetSession(const std::string& token_hash) = 0;
  virtual Result<domain::ServiceToken> GetServiceToken(const std::string& token_hash) = 0;
  virtual Result<std::vector<domain::ServiceToken>> ListServiceTokens() = 0;

  virtual Result<std::vector<domain::SharingAgreement>> ListAgreements() = 0;
  // Agreements under which `to_agency_id` receives records, any dates.
  virtual Result<std::vector<domain::SharingAgreement>> ListAgreementsTo(
      const domain::Id& to_agency_id) = 0;

  virtual Result<domain::EmergencyGrant> GetEmergencyGrant(const domain::Id& id) = 0;
  // Newest first.
  virtual Result<std::vector<domain::EmergencyGrant>> ListEmergencyGrants(
      const EmergencyGrantFilter& filter) = 0;

  virtual Result<domain::Person> GetPerson(const domain::Id& id) = 0;
  // Persons in id order after `after_id` (empty: from the start), at most `limit`.
  virtual Result<std::vector<domain::Person>> ListPersons(const domain::Id& after_id,
                                                          size_t limit) = 0;
  // Reports in which the person takes part, oldest first.
  virtual Result<std::vector<domain::Id>> ListReportIdsForPerson(const domain::Id& person_id) = 0;

  virtual Result<domain::Report> GetReport(const domain::Id& id) = 0;
  // kInvalidArgument when the cursor is not one this store issued.
  virtual Result<ReportPage> ListReports(const ReportFilter& filter) = 0;

  virtual Result<std::vector<domain::Outcome>> ListOutcomes(const domain::Id& report_id) = 0;

  virtual Result<domain::Screening> GetScreening(const domain::Id& id) = 0;
  // Screenings of one report, oldest first.
  virtual Result<std::vector<domain::Screening>> ListScreenings(const domain::Id& report_id) = 0;
  // The most recent screening of a report; kNotFound when it has none.
  virtual Result<domain::Screening> LatestScreening(const domain::Id& report_id) = 0;
  // The same screening's id and creation time only (nothing sealed is read):
  // enough to tell whether another screening landed meanwhile.
  virtual Result<ScreeningRef> LatestScreeningRef(const domain::Id& report_id) = 0;

  virtual Result<std::vector<domain::AuditEntry>> ListAudit(const AuditFilter& filter) = 0;
  // Calls `fn` for every audit entry with seq > `after_seq`, in seq order,
  // without holding them all in memory. The entry passed is only valid during
  // the call. Stops at the first error of `fn` and returns it.
  virtual Status ScanAudit(int64_t after_seq,
                           const std::function<Status(const domain::AuditEntry&)>& fn) = 0;

  virtual Result<int64_t> Count(Table table) = 0;

  virtual Result<domain::Case> GetCase(const domain::Id& id) = 0;
  // kInvalidArgument when the cursor is not one this store issued.
  virtual Result<CasePage> ListCases(const CaseFilter& filter) = 0;
  virtual Result<domain::CaseItem> GetCaseItem(const domain::Id& id) = 0;
  // Items of one case, oldest first; `kind` empty = every kind.
  virtual Result<std::vector<domain::CaseItem>> ListCaseItems(const domain::Id& case_id,
                                                              std::string_view kind) = 0;
  // Waiting items by due date, earliest first.
  virtual Result<std::vector<domain::CaseItem>> ListDueItems(const DueItemFilter& filter) = 0;
  // How many items of `kind` in `status` are owned by one user (caseloads).
  virtual Result<int64_t> CountOwnedItems(std::string_view kind, std::string_view status,
                                          const domain::Id& owner_user_id) = 0;
  // The timeline: every event of one case, in time order.
  virtual Result<std::vector<domain::CaseEvent>> ListCaseEvents(const domain::Id& case_id) = 0;

  virtual Result<domain::Panel> GetPanel(const domain::Id& id) = 0;
  virtual Result<std::vector<domain::Panel>> ListPanels() = 0;
  // Nominations for one meeting, highest score first.
  virtual Result<std::vector<domain::Nomination>> ListNominations(
      const domain::Id& panel_id, std::string_view meeting_date) = 0;
  // Scores of one person, oldest first.
  virtual Result<std::vector<domain::HarmScore>> ListHarmScores(const domain::Id& person_id) = 0;

  // Calls `fn` for each party of each report of `force_id` that occurred at
  // or after `from` (a timestamp), the rows of one report one after another,
  // without holding the rows in memory (a backend may hold a small record
  // per report of the window to join them). Fast enough for a million
  // reports in a ranking.
  virtual Status ScanReportParties(const domain::Id& force_id, std::string_view from,
                                   const std::function<Status(const ReportPartyRow&)>& fn) = 0;

  // The reports of `scope` grouped by recorded-as code and facts, from an
  // index alone: a year of a million-report store in tens of milliseconds.
  virtual Result<std::vector<ReportFactsCount>> CountReportFacts(const ReportStatsScope& scope) = 0;
  // Every case, oldest first, without holding them all in memory.
  virtual Status ScanCases(const std::function<Status(const domain::Case&)>& fn) = 0;
  // Every item of one kind recorded at or after `since` (a timestamp;
  // empty: all), oldest first, without holding them all in memory. Without
  // `with_body` the body is left empty (and never unsealed).
  virtual Status ScanCaseItems(std::string_view kind, std::string_view since, bool with_body,
                               const std::function<Status(const domain::CaseItem&)>& fn) = 0;
  // Nominations for meetings on dates in [from, to), by meeting date.
  virtual Result<std::vector<domain::Nomination>> ListNominationsBetween(std::string_view from,
                                                                         std::string_view to) = 0;

  // Non-empty values of `column` that do not start with `skip_prefix` (empty:
  // every value), in row-key order after `after` (empty record_id: from the
  // start), at most `limit`. Values are returned as stored.
  virtual Result<std::vector<SealedCell>> ListSealedCells(SealedColumn column,
                                                          std::string_view skip_prefix,
                                                          const SealedCell& after,
                                                          size_t limit) = 0;

  // --- Retention review (access/retention.hpp) ---
  virtual Result<RetentionDuePage> ListRetentionDue(const RetentionDueFilter& filter) = 0;
  // Every review of one record, newest first.
  virtual Result<std::vector<domain::RetentionReview>> ListRetentionReviews(
      std::string_view record_type, const domain::Id& record_id) = 0;
  // Every (report, case) pair where a case holds the report.
  virtual Result<std::vector<CaseReportRef>> ListCaseReports() = 0;

  // --- Human link decisions (services/link_service.hpp) ---
  // Every decision, standing and undone, in the order made.
  virtual Result<std::vector<domain::LinkDecision>> ListLinkDecisions() = 0;
  // The decisions naming `person_id` on either side, newest first.
  virtual Result<std::vector<domain::LinkDecision>> ListLinkDecisionsFor(
      const domain::Id& person_id) = 0;
  // The standing (not undone) decision on a pair, given in either order;
  // kNotFound when there is none.
  virtual Result<domain::LinkDecision> GetStandingLinkDecision(const domain::Id& a,
                                                               const domain::Id& b) = 0;

  // --- Course-of-conduct findings (services/findings_service.hpp) ---
  // One finding with its detail; kNotFound when there is none.
  virtual Result<domain::FindingRecord> GetFinding(const domain::Id& id) = 0;
  // Findings in `filter.status`, oldest first (by first raised, then id).
  virtual Result<std::vector<domain::FindingRecord>> ListFindings(const FindingFilter& filter) = 0;
};

class WriteTx : public ReadTx {
 public:
  // Each insert fails with kConflict when the id (or a unique key) exists,
  // and kInvalidArgument when a referenced record does not.
  virtual Status InsertAgency(const domain::Agency& agency) = 0;
  virtual Status InsertUser(const domain::User& user) = 0;
  // kNotFound when there is no such user.
  virtual Status SetUserPassword(const domain::Id& user_id, const std::string& password_hash) = 0;
  // Records the failure count, last failure and lock flag; kNotFound when absent.
  virtual Status SetUserLoginState(const domain::Id& user_id, int failed_logins,
                                   int64_t last_failed_at, bool locked) = 0;
  virtual Status SetUserTotpSecret(const domain::Id& user_id, const std::string& secret) = 0;
  virtual Status SetUserRole(const domain::Id& user_id, const std::string& role) = 0;

  virtual Status InsertSession(const domain::Session& session) = 0;
  virtual Status TouchSession(const std::string& token_hash, int64_t last_seen_at) = 0;
  // Deleting an absent session is not an error.
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteUserSessions(const domain::Id& user_id) = 0;

  virtual Status InsertServiceToken(const domain::ServiceToken& token) = 0;
  // kNotFound when absent.
  virtual Status RevokeServiceToken(const domain::Id& id, const std::string& revoked_at) = 0;

  virtual Status InsertAgreement(const domain::SharingAgreement& agreement) = 0;

  virtual Status InsertEmergencyGrant(const domain::EmergencyGrant& grant) = 0;
  // kNotFound when absent.
  virtual Status ReviewEmergencyGrant(const domain::Id& id, const domain::Id& reviewer,
                                      const std::string& reviewed_at, const std::string& note) = 0;
  virtual Status InsertPerson(const domain::Person& person) = 0;
  // Stores the report with its behaviours and parties (persons must exist).
  virtual Status InsertReport(const domain::Report& report) = 0;
  virtual Status InsertOutcome(const domain::Outcome& outcome) = 0;
  // Stores the screening with its classifications.
  virtual Status InsertScreening(const domain::Screening& screening) = 0;
  virtual Status InsertCase(const domain::Case& c) = 0;
  // Replaces the case if its stored version is still `expected_version`
  // (then it becomes c.version); kConflict when someone changed it first,
  // kNotFound when absent.
  virtual Status UpdateCase(const domain::Case& c, int64_t expected_version) = 0;
  virtual Status InsertCaseItem(const domain::CaseItem& item) = 0;
  // As UpdateCase, for one item.
  virtual Status UpdateCaseItem(const domain::CaseItem& item, int64_t expected_version) = 0;
  // Appends one timeline event; `event.seq` is ignored and the new one returned.
  virtual Result<int64_t> AppendCaseEvent(const domain::CaseEvent& event) = 0;
  virtual Status InsertPanel(const domain::Panel& panel) = 0;
  virtual Status InsertNomination(const domain::Nomination& nomination) = 0;
  virtual Status InsertHarmScore(const domain::HarmScore& score) = 0;

  // Appends one entry; `entry.seq` and `entry.hash` are ignored: the store
  // assigns the next seq and chains the entry to the last one (audit_chain.hpp).
  virtual Result<int64_t> AppendAudit(const domain::AuditEntry& entry) = 0;

  // Replaces the stored value of one cell if it still holds `cell.value`
  // (key rotation re-seals values while the server keeps writing); kConflict
  // when it changed or is gone.
  virtual Status UpdateSealedCell(SealedColumn column, const SealedCell& cell,
                                  const std::string& new_value) = 0;

  // --- Retention review (access/retention.hpp) ---
  virtual Status InsertRetentionReview(const domain::RetentionReview& review) = 0;
  // Deletes a report with its behaviours, parties, screenings, outcomes and
  // the findings that list it (a finding renders its reports, so it goes
  // with them; one still raised by the rest is raised afresh), then the
  // persons nothing refers to any more (with their identifiers and harm
  // scores). kNotFound when absent. The audit log is never touched.
  virtual Result<DeletedRecords> DeleteReportRecords(const domain::Id& report_id) = 0;
  // Deletes a case with its items, timeline and nominations, then its victim
  // and suspect when nothing refers to them any more. kNotFound when absent.
  virtual Result<DeletedRecords> DeleteCaseRecords(const domain::Id& case_id) = 0;

  // --- Human link decisions (services/link_service.hpp) ---
  // `decision.person_a` must sort before `person_b`. kConflict when the pair
  // already has a standing decision; kInvalidArgument when a person or the
  // deciding user does not exist, or the pair is not in canonical order.
  virtual Status InsertLinkDecision(const domain::LinkDecision& decision) = 0;
  // Marks a standing decision undone (the row stays, as history); kNotFound
  // when no standing decision has this id.
  virtual Status UndoLinkDecision(const domain::Id& id, const domain::Id& undone_by,
                                  const std::string& undone_at, const std::string& reason) = 0;

  // --- Course-of-conduct findings (services/findings_service.hpp) ---
  // Brings the kept findings in line with one computation: a finding raised
  // for the first time is inserted (first raised, confirmed and changed
  // now); one still raised is confirmed now, its detail replaced (and
  // changed now) when its digest differs; one raised again after being
  // withdrawn is reopened; one no longer raised is withdrawn now with its
  // reason. Nothing is deleted; acknowledgements stay. kInvalidArgument when
  // a record's owner agency does not exist.
  virtual Result<FindingSyncResult> SyncFindings(const FindingSync& sync) = 0;
  // Records who acknowledged a raised finding, when, and their note,
  // replacing an earlier acknowledgement. kNotFound when there is no such
  // finding; kConflict when it is withdrawn.
  virtual Status AcknowledgeFinding(const domain::Id& id, const domain::Id& by,
                                    const std::string& at, const std::string& note) = 0;
};

// One read's audit entry as views of the caller's strings: what a read's
// hot path hands to AppendReadAuditEntry, so that it builds no strings of
// its own (the read-audit queue copies the views straight into its slots).
struct ReadAuditEntry {
  std::string_view at;
  std::string_view actor_id;
  std::string_view agency_id;
  std::string_view action;
  std::string_view record_type;
  std::string_view record_id;
  std::string_view request_id;
  std::string_view source;
  std::string_view purpose;

  // Writes the entry into `e`, reusing its strings' buffers: seq 0 and no
  // hash, as the store assigns both.
  void AssignTo(domain::AuditEntry& e) const {
    e.seq = 0;
    e.at.assign(at);
    e.actor_id.assign(actor_id);
    e.agency_id.assign(agency_id);
    e.action.assign(action);
    e.record_type.assign(record_type);
    e.record_id.assign(record_id);
    e.request_id.assign(request_id);
    e.source.assign(source);
    e.purpose.assign(purpose);
    e.hash.clear();
  }

  domain::AuditEntry ToAuditEntry() const {
    domain::AuditEntry e;
    AssignTo(e);
    return e;
  }
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Status Read(const std::function<Status(ReadTx&)>& fn) = 0;
  virtual Status Write(const std::function<Status(WriteTx&)>& fn) = 0;
  // Appends the audit entries of a read, which writes nothing else. Here
  // they are written in one durable transaction before this returns; the
  // read-audit queue (audit_queue.hpp) returns once they are queued, and
  // refuses with kUnavailable while it cannot write them. By value, so that
  // the queue can move the entries in.
  virtual Status AppendReadAudit(
      std::vector<domain::AuditEntry> entries) {  // NOLINT(performance-unnecessary-value-param)
    return AppendToLog(entries);
  }
  // AppendReadAudit of one entry given as views; the same promises.
  virtual Status AppendReadAuditEntry(const ReadAuditEntry& entry) {
    std::vector<domain::AuditEntry> entries;
    entries.push_back(entry.ToAuditEntry());
    return AppendReadAudit(std::move(entries));
  }
  // Makes a batch of read-audit entries durable, in order, before it
  // returns: what the read-audit queue's writer calls. A backend may keep
  // them apart from the log until FlushAudit() or a moment of its choosing
  // (SQLite: sqlite/read_audit_staging.hpp, so that they do not disturb its
  // readers); here they are appended to the log at once.
  virtual Status StageReadAudit(const std::vector<domain::AuditEntry>& entries) {
    return AppendToLog(entries);
  }
  // Brings every read-audit entry appended or staged before the call into
  // the chained log, durably, so a read of the log that starts afterwards
  // sees it. Call it before reading the log. Nothing is ever pending here,
  // so OK at once.
  virtual Status FlushAudit() { return Status::Ok(); }
  // OK when the database answers a trivial query.
  virtual Status Ping() = 0;
  // Which backend, for logs and `version` only; nothing may branch on it.
  virtual std::string_view backend() const = 0;

 protected:
  // Appends `entries` to the chained log in one durable transaction.
  Status AppendToLog(const std::vector<domain::AuditEntry>& entries) {
    if (entries.empty()) return Status::Ok();
    return Write([&](WriteTx& tx) -> Status {
      for (const auto& e : entries) {
        if (auto seq = tx.AppendAudit(e); !seq.ok()) return seq.status();
      }
      return Status::Ok();
    });
  }
};

}  // namespace threadline::store
