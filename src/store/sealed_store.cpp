#include "store/sealed_store.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace threadline::store {
namespace {

using access::KeyRing;

constexpr std::string_view kPhone = "phone";
constexpr std::string_view kEmail = "email";
constexpr std::string_view kHandle = "handle";
constexpr std::string_view kVehicle = "vehicle";

std::string RecordAd(std::string_view column, const domain::Id& id) {
  std::string ad(column);
  ad += ':';
  ad += id;
  return ad;
}

std::string IdentifierAd(const domain::Id& person_id, std::string_view kind) {
  std::string ad = "person_identifiers.value:";
  ad += person_id;
  ad += ':';
  ad += kind;
  return ad;
}

Status SealField(KeyRing& keys, std::string& field, const std::string& ad) {
  auto sealed = keys.Seal(field, ad);
  if (!sealed.ok()) return sealed.error();
  field = std::move(*sealed);
  return Status::Ok();
}

Status OpenField(KeyRing& keys, std::string& field, const std::string& ad) {
  auto opened = keys.Open(field, ad);
  if (!opened.ok()) return opened.error();
  field = std::move(*opened);
  return Status::Ok();
}

// Applies `fn` (SealField or OpenField) to every sealed field of a record,
// with the associated data of each.
template <typename Fn>
Status EachField(domain::Person& p, Fn&& fn) {
  if (Status s = fn(p.address, RecordAd("persons.address", p.id)); !s.ok()) return s;
  if (Status s = fn(p.postcode, RecordAd("persons.postcode", p.id)); !s.ok()) return s;
  const std::pair<std::vector<std::string>*, std::string_view> lists[] = {
      {&p.phones, kPhone}, {&p.emails, kEmail}, {&p.handles, kHandle}, {&p.vehicles, kVehicle}};
  for (const auto& [values, kind] : lists) {
    if (values->empty()) continue;
    const std::string ad = IdentifierAd(p.id, kind);
    for (auto& v : *values) {
      if (Status s = fn(v, ad); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

template <typename Fn>
Status EachField(domain::Report& r, Fn&& fn) {
  return fn(r.summary, RecordAd("reports.summary", r.id));
}

template <typename Fn>
Status EachField(domain::Screening& sc, Fn&& fn) {
  return fn(sc.answers_json, RecordAd("screenings.answers", sc.id));
}

template <typename Fn>
Status EachField(domain::Case& c, Fn&& fn) {
  return fn(c.referral_reason, RecordAd("cases.referral_reason", c.id));
}

template <typename Fn>
Status EachField(domain::CaseItem& item, Fn&& fn) {
  return fn(item.body_json, RecordAd("case_items.body", item.id));
}

// A second factor's secret is a password: whoever reads the database must
// not be able to make codes.
template <typename Fn>
Status EachField(domain::User& u, Fn&& fn) {
  return fn(u.totp_secret, RecordAd("users.totp_secret", u.id));
}

// A finding's detail quotes references, identifiers and the reasons; an
// acknowledgement says what a practitioner did. Empty values stay empty.
template <typename Fn>
Status EachField(domain::FindingRecord& f, Fn&& fn) {
  if (!f.detail_json.empty()) {
    if (Status s = fn(f.detail_json, RecordAd("findings.detail", f.id)); !s.ok()) return s;
  }
  if (f.acknowledgement_note.empty()) return Status::Ok();
  return fn(f.acknowledgement_note, RecordAd("findings.acknowledgement_note", f.id));
}

template <typename T>
Status OpenRecord(KeyRing& keys, T& record) {
  return EachField(record, [&keys](std::string& field, const std::string& ad) {
    return OpenField(keys, field, ad);
  });
}

template <typename T>
Status SealRecord(KeyRing& keys, T& record) {
  return EachField(record, [&keys](std::string& field, const std::string& ad) {
    return SealField(keys, field, ad);
  });
}

// The read side, shared by both transaction wrappers. `Base` is ReadTx or
// WriteTx; `inner_` is the undecorated transaction of the same kind.
template <typename Base>
class SealedReads : public Base {
 public:
  SealedReads(Base& inner, KeyRing& keys) : inner_(inner), keys_(keys) {}

  Result<std::vector<domain::Agency>> ListAgencies() override { return inner_.ListAgencies(); }
  Result<domain::Agency> GetAgency(const domain::Id& id) override { return inner_.GetAgency(id); }
  Result<domain::Agency> GetAgencyByCode(std::string_view code) override {
    return inner_.GetAgencyByCode(code);
  }
  Result<domain::User> GetUserByName(std::string_view username) override {
    return Opened(inner_.GetUserByName(username));
  }
  Result<std::vector<domain::User>> ListUsers() override { return OpenedAll(inner_.ListUsers()); }
  Result<domain::User> GetUser(const domain::Id& id) override { return Opened(inner_.GetUser(id)); }
  Result<domain::Session> GetSession(const std::string& token_hash) override {
    return inner_.GetSession(token_hash);
  }
  Result<domain::ServiceToken> GetServiceToken(const std::string& token_hash) override {
    return inner_.GetServiceToken(token_hash);
  }
  Result<std::vector<domain::ServiceToken>> ListServiceTokens() override {
    return inner_.ListServiceTokens();
  }
  Result<std::vector<domain::SharingAgreement>> ListAgreements() override {
    return inner_.ListAgreements();
  }
  Result<std::vector<domain::SharingAgreement>> ListAgreementsTo(
      const domain::Id& to_agency_id) override {
    return inner_.ListAgreementsTo(to_agency_id);
  }
  Result<domain::EmergencyGrant> GetEmergencyGrant(const domain::Id& id) override {
    return inner_.GetEmergencyGrant(id);
  }
  Result<std::vector<domain::EmergencyGrant>> ListEmergencyGrants(
      const EmergencyGrantFilter& filter) override {
    return inner_.ListEmergencyGrants(filter);
  }

  Result<domain::Person> GetPerson(const domain::Id& id) override {
    return Opened(inner_.GetPerson(id));
  }
  Result<std::vector<domain::Person>> ListPersons(const domain::Id& after_id,
                                                  size_t limit) override {
    return OpenedAll(inner_.ListPersons(after_id, limit));
  }
  Result<std::vector<domain::Id>> ListReportIdsForPerson(const domain::Id& person_id) override {
    return inner_.ListReportIdsForPerson(person_id);
  }
  Result<domain::Report> GetReport(const domain::Id& id) override {
    return Opened(inner_.GetReport(id));
  }
  Result<ReportPage> ListReports(const ReportFilter& filter) override {
    auto page = inner_.ListReports(filter);
    if (!page.ok()) return page;
    for (auto& r : page->reports) {
      if (Status s = OpenRecord(keys_, r); !s.ok()) return s.error();
    }
    return page;
  }
  Result<std::vector<domain::Outcome>> ListOutcomes(const domain::Id& report_id) override {
    return inner_.ListOutcomes(report_id);
  }
  Result<domain::Screening> GetScreening(const domain::Id& id) override {
    return Opened(inner_.GetScreening(id));
  }
  Result<std::vector<domain::Screening>> ListScreenings(const domain::Id& report_id) override {
    return OpenedAll(inner_.ListScreenings(report_id));
  }
  Result<domain::Screening> LatestScreening(const domain::Id& report_id) override {
    return Opened(inner_.LatestScreening(report_id));
  }
  Result<ScreeningRef> LatestScreeningRef(const domain::Id& report_id) override {
    return inner_.LatestScreeningRef(report_id);
  }
  Result<std::vector<domain::AuditEntry>> ListAudit(const AuditFilter& filter) override {
    return inner_.ListAudit(filter);
  }
  Status ScanAudit(int64_t after_seq,
                   const std::function<Status(const domain::AuditEntry&)>& fn) override {
    return inner_.ScanAudit(after_seq, fn);
  }
  Result<int64_t> Count(Table table) override { return inner_.Count(table); }
  Result<domain::Case> GetCase(const domain::Id& id) override { return Opened(inner_.GetCase(id)); }
  Result<CasePage> ListCases(const CaseFilter& filter) override {
    auto page = inner_.ListCases(filter);
    if (!page.ok()) return page;
    for (auto& c : page->cases) {
      if (Status s = OpenRecord(keys_, c); !s.ok()) return s.error();
    }
    return page;
  }
  Result<domain::CaseItem> GetCaseItem(const domain::Id& id) override {
    return Opened(inner_.GetCaseItem(id));
  }
  Result<std::vector<domain::CaseItem>> ListCaseItems(const domain::Id& case_id,
                                                      std::string_view kind) override {
    return OpenedAll(inner_.ListCaseItems(case_id, kind));
  }
  Result<std::vector<domain::CaseItem>> ListDueItems(const DueItemFilter& filter) override {
    return OpenedAll(inner_.ListDueItems(filter));
  }
  Result<int64_t> CountOwnedItems(std::string_view kind, std::string_view status,
                                  const domain::Id& owner_user_id) override {
    return inner_.CountOwnedItems(kind, status, owner_user_id);
  }
  Result<std::vector<domain::CaseEvent>> ListCaseEvents(const domain::Id& case_id) override {
    return inner_.ListCaseEvents(case_id);
  }
  Result<domain::Panel> GetPanel(const domain::Id& id) override { return inner_.GetPanel(id); }
  Result<std::vector<domain::Panel>> ListPanels() override { return inner_.ListPanels(); }
  Result<std::vector<domain::Nomination>> ListNominations(const domain::Id& panel_id,
                                                          std::string_view meeting_date) override {
    return inner_.ListNominations(panel_id, meeting_date);
  }
  Result<std::vector<domain::HarmScore>> ListHarmScores(const domain::Id& person_id) override {
    return inner_.ListHarmScores(person_id);
  }
  Result<std::vector<ReportFactsCount>> CountReportFacts(const ReportStatsScope& scope) override {
    return inner_.CountReportFacts(scope);
  }
  Status ScanCases(const std::function<Status(const domain::Case&)>& fn) override {
    return inner_.ScanCases([&](const domain::Case& sealed) -> Status {
      domain::Case c = sealed;
      if (Status s = OpenRecord(keys_, c); !s.ok()) return s;
      return fn(c);
    });
  }
  Status ScanCaseItems(std::string_view kind, std::string_view since, bool with_body,
                       const std::function<Status(const domain::CaseItem&)>& fn) override {
    if (!with_body) return inner_.ScanCaseItems(kind, since, false, fn);
    return inner_.ScanCaseItems(kind, since, true, [&](const domain::CaseItem& sealed) -> Status {
      domain::CaseItem item = sealed;
      if (Status s = OpenRecord(keys_, item); !s.ok()) return s;
      return fn(item);
    });
  }
  Result<std::vector<domain::Nomination>> ListNominationsBetween(std::string_view from,
                                                                 std::string_view to) override {
    return inner_.ListNominationsBetween(from, to);
  }
  Status ScanReportParties(const domain::Id& force_id, std::string_view from,
                           const std::function<Status(const ReportPartyRow&)>& fn) override {
    return inner_.ScanReportParties(force_id, from, fn);
  }
  Result<std::vector<SealedCell>> ListSealedCells(SealedColumn column, std::string_view skip_prefix,
                                                  const SealedCell& after, size_t limit) override {
    return inner_.ListSealedCells(column, skip_prefix, after, limit);
  }

  // Retention review: lists of ids, references and dates, nothing sealed.
  Result<RetentionDuePage> ListRetentionDue(const RetentionDueFilter& filter) override {
    return inner_.ListRetentionDue(filter);
  }
  Result<std::vector<domain::RetentionReview>> ListRetentionReviews(
      std::string_view record_type, const domain::Id& record_id) override {
    return inner_.ListRetentionReviews(record_type, record_id);
  }
  Result<std::vector<CaseReportRef>> ListCaseReports() override { return inner_.ListCaseReports(); }

  // Human link decisions: ids, codes, dates and the stated reasons, which
  // are not among the sealed fields.
  Result<std::vector<domain::LinkDecision>> ListLinkDecisions() override {
    return inner_.ListLinkDecisions();
  }
  Result<std::vector<domain::LinkDecision>> ListLinkDecisionsFor(
      const domain::Id& person_id) override {
    return inner_.ListLinkDecisionsFor(person_id);
  }
  Result<domain::LinkDecision> GetStandingLinkDecision(const domain::Id& a,
                                                       const domain::Id& b) override {
    return inner_.GetStandingLinkDecision(a, b);
  }

  // Course-of-conduct findings: the detail and the acknowledgement note.
  Result<domain::FindingRecord> GetFinding(const domain::Id& id) override {
    return Opened(inner_.GetFinding(id));
  }
  Result<std::vector<domain::FindingRecord>> ListFindings(const FindingFilter& filter) override {
    return OpenedAll(inner_.ListFindings(filter));
  }

 protected:
  template <typename T>
  Result<T> Opened(Result<T> record) {
    if (!record.ok()) return record;
    if (Status s = OpenRecord(keys_, *record); !s.ok()) return s.error();
    return record;
  }
  template <typename T>
  Result<std::vector<T>> OpenedAll(Result<std::vector<T>> records) {
    if (!records.ok()) return records;
    for (auto& r : *records) {
      if (Status s = OpenRecord(keys_, r); !s.ok()) return s.error();
    }
    return records;
  }
  // A copy of `record` with its sealed fields sealed.
  template <typename T>
  Result<T> Sealed(const T& record) {
    T copy = record;
    if (Status s = SealRecord(keys_, copy); !s.ok()) return s.error();
    return copy;
  }

  Base& inner_;
  KeyRing& keys_;
};

class SealedReadTx final : public SealedReads<ReadTx> {
 public:
  using SealedReads::SealedReads;
};

class SealedWriteTx final : public SealedReads<WriteTx> {
 public:
  using SealedReads::SealedReads;

  Status InsertAgency(const domain::Agency& agency) override { return inner_.InsertAgency(agency); }
  Status InsertUser(const domain::User& user) override {
    auto sealed = Sealed(user);
    if (!sealed.ok()) return sealed.error();
    return inner_.InsertUser(*sealed);
  }
  Status SetUserPassword(const domain::Id& user_id, const std::string& password_hash) override {
    return inner_.SetUserPassword(user_id, password_hash);
  }
  Status SetUserLoginState(const domain::Id& user_id, int failed_logins, int64_t last_failed_at,
                           bool locked) override {
    return inner_.SetUserLoginState(user_id, failed_logins, last_failed_at, locked);
  }
  Status SetUserTotpSecret(const domain::Id& user_id, const std::string& secret) override {
    std::string sealed = secret;
    if (Status s = SealField(keys_, sealed, RecordAd("users.totp_secret", user_id)); !s.ok()) {
      return s;
    }
    return inner_.SetUserTotpSecret(user_id, sealed);
  }
  Status SetUserRole(const domain::Id& user_id, const std::string& role) override {
    return inner_.SetUserRole(user_id, role);
  }
  Status InsertSession(const domain::Session& session) override {
    return inner_.InsertSession(session);
  }
  Status TouchSession(const std::string& token_hash, int64_t last_seen_at) override {
    return inner_.TouchSession(token_hash, last_seen_at);
  }
  Status DeleteSession(const std::string& token_hash) override {
    return inner_.DeleteSession(token_hash);
  }
  Status DeleteUserSessions(const domain::Id& user_id) override {
    return inner_.DeleteUserSessions(user_id);
  }
  Status InsertServiceToken(const domain::ServiceToken& token) override {
    return inner_.InsertServiceToken(token);
  }
  Status RevokeServiceToken(const domain::Id& id, const std::string& revoked_at) override {
    return inner_.RevokeServiceToken(id, revoked_at);
  }
  Status InsertAgreement(const domain::SharingAgreement& agreement) override {
    return inner_.InsertAgreement(agreement);
  }
  Status InsertEmergencyGrant(const domain::EmergencyGrant& grant) override {
    return inner_.InsertEmergencyGrant(grant);
  }
  Status ReviewEmergencyGrant(const domain::Id& id, const domain::Id& reviewer,
                              const std::string& reviewed_at, const std::string& note) override {
    return inner_.ReviewEmergencyGrant(id, reviewer, reviewed_at, note);
  }
  Status InsertPerson(const domain::Person& person) override {
    auto sealed = Sealed(person);
    if (!sealed.ok()) return sealed.error();
    return inner_.InsertPerson(*sealed);
  }
  Status InsertReport(const domain::Report& report) override {
    auto sealed = Sealed(report);
    if (!sealed.ok()) return sealed.error();
    return inner_.InsertReport(*sealed);
  }
  Status InsertOutcome(const domain::Outcome& outcome) override {
    return inner_.InsertOutcome(outcome);
  }
  Status InsertScreening(const domain::Screening& screening) override {
    auto sealed = Sealed(screening);
    if (!sealed.ok()) return sealed.error();
    return inner_.InsertScreening(*sealed);
  }
  Result<int64_t> AppendAudit(const domain::AuditEntry& entry) override {
    return inner_.AppendAudit(entry);
  }
  Status InsertCase(const domain::Case& c) override {
    auto sealed = Sealed(c);
    if (!sealed.ok()) return sealed.error();
    return inner_.InsertCase(*sealed);
  }
  Status UpdateCase(const domain::Case& c, int64_t expected_version) override {
    auto sealed = Sealed(c);
    if (!sealed.ok()) return sealed.error();
    return inner_.UpdateCase(*sealed, expected_version);
  }
  Status InsertCaseItem(const domain::CaseItem& item) override {
    auto sealed = Sealed(item);
    if (!sealed.ok()) return sealed.error();
    return inner_.InsertCaseItem(*sealed);
  }
  Status UpdateCaseItem(const domain::CaseItem& item, int64_t expected_version) override {
    auto sealed = Sealed(item);
    if (!sealed.ok()) return sealed.error();
    return inner_.UpdateCaseItem(*sealed, expected_version);
  }
  Result<int64_t> AppendCaseEvent(const domain::CaseEvent& event) override {
    return inner_.AppendCaseEvent(event);
  }
  Status InsertPanel(const domain::Panel& panel) override { return inner_.InsertPanel(panel); }
  Status InsertNomination(const domain::Nomination& nomination) override {
    return inner_.InsertNomination(nomination);
  }
  Status InsertHarmScore(const domain::HarmScore& score) override {
    return inner_.InsertHarmScore(score);
  }
  Status UpdateSealedCell(SealedColumn column, const SealedCell& cell,
                          const std::string& new_value) override {
    return inner_.UpdateSealedCell(column, cell, new_value);
  }

  // Retention review: decisions hold nothing sealed; deletions remove rows
  // whatever they hold.
  Status InsertRetentionReview(const domain::RetentionReview& review) override {
    return inner_.InsertRetentionReview(review);
  }
  Result<DeletedRecords> DeleteReportRecords(const domain::Id& report_id) override {
    return inner_.DeleteReportRecords(report_id);
  }
  Result<DeletedRecords> DeleteCaseRecords(const domain::Id& case_id) override {
    return inner_.DeleteCaseRecords(case_id);
  }

  // Human link decisions: nothing sealed.
  Status InsertLinkDecision(const domain::LinkDecision& decision) override {
    return inner_.InsertLinkDecision(decision);
  }
  Status UndoLinkDecision(const domain::Id& id, const domain::Id& undone_by,
                          const std::string& undone_at, const std::string& reason) override {
    return inner_.UndoLinkDecision(id, undone_by, undone_at, reason);
  }

  // Findings: every raised one's detail is sealed (the store below writes
  // it only when the finding is new or changed); so is the note.
  Result<FindingSyncResult> SyncFindings(const FindingSync& sync) override {
    FindingSync sealed = sync;
    for (auto& f : sealed.raised) {
      if (Status s = SealRecord(keys_, f); !s.ok()) return s.error();
    }
    return inner_.SyncFindings(sealed);
  }
  Status AcknowledgeFinding(const domain::Id& id, const domain::Id& by, const std::string& at,
                            const std::string& note) override {
    std::string sealed = note;
    if (Status s = SealField(keys_, sealed, RecordAd("findings.acknowledgement_note", id));
        !s.ok()) {
      return s;
    }
    return inner_.AcknowledgeFinding(id, by, at, sealed);
  }
};

class SealedStore final : public Store {
 public:
  SealedStore(std::unique_ptr<Store> inner, std::shared_ptr<KeyRing> keys)
      : inner_(std::move(inner)), keys_(std::move(keys)) {}

  Status Read(const std::function<Status(ReadTx&)>& fn) override {
    return inner_->Read([&](ReadTx& raw) {
      SealedReadTx tx(raw, *keys_);
      return fn(tx);
    });
  }
  Status Write(const std::function<Status(WriteTx&)>& fn) override {
    return inner_->Write([&](WriteTx& raw) {
      SealedWriteTx tx(raw, *keys_);
      return fn(tx);
    });
  }
  // Audit entries hold nothing sealed: the store below decides how they go.
  Status AppendReadAudit(std::vector<domain::AuditEntry> entries) override {
    return inner_->AppendReadAudit(std::move(entries));
  }
  Status StageReadAudit(const std::vector<domain::AuditEntry>& entries) override {
    return inner_->StageReadAudit(entries);
  }
  Status FlushAudit() override { return inner_->FlushAudit(); }
  Status Ping() override { return inner_->Ping(); }
  std::string_view backend() const override { return inner_->backend(); }

 private:
  std::unique_ptr<Store> inner_;
  std::shared_ptr<KeyRing> keys_;
};

}  // namespace

std::unique_ptr<Store> SealSensitiveFields(std::unique_ptr<Store> inner,
                                           std::shared_ptr<access::KeyRing> keys) {
  return std::make_unique<SealedStore>(std::move(inner), std::move(keys));
}

const std::vector<SealedColumn>& AllSealedColumns() {
  static const std::vector<SealedColumn> all = {
      SealedColumn::kPersonAddress,         SealedColumn::kPersonPostcode,
      SealedColumn::kPersonIdentifierValue, SealedColumn::kReportSummary,
      SealedColumn::kScreeningAnswers,      SealedColumn::kCaseReferralReason,
      SealedColumn::kCaseItemBody,          SealedColumn::kUserTotpSecret,
      SealedColumn::kFindingDetail,         SealedColumn::kFindingNote};
  return all;
}

std::string_view SealedColumnName(SealedColumn column) {
  switch (column) {
    case SealedColumn::kPersonAddress:
      return "persons.address";
    case SealedColumn::kPersonPostcode:
      return "persons.postcode";
    case SealedColumn::kPersonIdentifierValue:
      return "person_identifiers.value";
    case SealedColumn::kReportSummary:
      return "reports.summary";
    case SealedColumn::kCaseReferralReason:
      return "cases.referral_reason";
    case SealedColumn::kCaseItemBody:
      return "case_items.body";
    case SealedColumn::kUserTotpSecret:
      return "users.totp_secret";
    case SealedColumn::kFindingDetail:
      return "findings.detail";
    case SealedColumn::kFindingNote:
      return "findings.acknowledgement_note";
    case SealedColumn::kScreeningAnswers:
      break;
  }
  return "screenings.answers";
}

std::string SealedAssociatedData(SealedColumn column, const SealedCell& cell) {
  if (column == SealedColumn::kPersonIdentifierValue) {
    return IdentifierAd(cell.record_id, cell.kind);
  }
  return RecordAd(SealedColumnName(column), cell.record_id);
}

Result<std::vector<std::pair<SealedColumn, ResealCounts>>> ResealAll(Store& store,
                                                                     access::KeyRing& keys,
                                                                     const ResealOptions& options) {
  const size_t batch = std::max<size_t>(1, options.batch);
  std::vector<std::pair<SealedColumn, ResealCounts>> report;
  for (SealedColumn column : AllSealedColumns()) {
    ResealCounts counts;
    SealedCell after;
    for (;;) {
      // Recomputed per batch: a key added meanwhile becomes the one to skip.
      const std::string current = std::string(access::kSealedPrefix) + keys.current_key_id() + ".";
      std::vector<SealedCell> cells;
      Status read = store.Read([&](ReadTx& tx) {
        auto listed = tx.ListSealedCells(column, current, after, batch);
        if (!listed.ok()) return listed.status();
        cells = std::move(*listed);
        return Status::Ok();
      });
      if (!read.ok()) return read.error();
      if (cells.empty()) break;
      after = cells.back();

      // Encrypt outside the transaction; the write only swaps values.
      struct Update {
        const SealedCell* cell;
        std::string value;
        bool was_plain;
      };
      std::vector<Update> updates;
      updates.reserve(cells.size());
      for (const auto& cell : cells) {
        const std::string ad = SealedAssociatedData(column, cell);
        auto plain = keys.Open(cell.value, ad);
        if (!plain.ok()) {
          if (counts.failed++ == 0) counts.first_failure = plain.error().log_detail;
          continue;
        }
        auto sealed = keys.Seal(*plain, ad);
        if (!sealed.ok()) return sealed.error();
        updates.push_back({&cell, std::move(*sealed), !access::IsSealed(cell.value)});
      }
      ResealCounts batch_counts;
      Status write = store.Write([&](WriteTx& tx) {
        batch_counts = {};  // a retried transaction counts afresh
        for (const auto& u : updates) {
          Status s = tx.UpdateSealedCell(column, *u.cell, u.value);
          if (!s.ok() && s.error().code != ErrorCode::kConflict) return s;
          ++(!s.ok()       ? batch_counts.changed
             : u.was_plain ? batch_counts.sealed
                           : batch_counts.resealed);
        }
        return Status::Ok();
      });
      if (!write.ok()) return write.error();
      counts.changed += batch_counts.changed;
      counts.sealed += batch_counts.sealed;
      counts.resealed += batch_counts.resealed;
      if (options.progress) options.progress(column, counts);
    }
    report.emplace_back(column, std::move(counts));
  }
  return report;
}

}  // namespace threadline::store
