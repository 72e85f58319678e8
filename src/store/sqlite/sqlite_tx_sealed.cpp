// The cells that hold sealed values, listed and updated for key rotation.
// Every statement is a constant: the column is chosen from a fixed list.
#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {
namespace {

// ?1 = last record id seen, ?2 = prefix to skip ('' = none), ?3 = limit.
constexpr Sql kListAddress{
    "sealed.list.persons_address",
    "SELECT id, address FROM persons WHERE id > ?1 AND address <> '' "
    "AND (?2 = '' OR substr(address, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
constexpr Sql kListPostcode{
    "sealed.list.persons_postcode",
    "SELECT id, postcode FROM persons WHERE id > ?1 AND postcode <> '' "
    "AND (?2 = '' OR substr(postcode, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
constexpr Sql kListSummary{
    "sealed.list.reports_summary",
    "SELECT id, summary FROM reports WHERE id > ?1 AND summary <> '' "
    "AND (?2 = '' OR substr(summary, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
constexpr Sql kListAnswers{
    "sealed.list.screenings_answers",
    "SELECT id, answers FROM screenings WHERE id > ?1 AND answers <> '' "
    "AND (?2 = '' OR substr(answers, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
constexpr Sql kListReferralReason{
    "sealed.list.cases_referral_reason",
    "SELECT id, referral_reason FROM cases WHERE id > ?1 AND referral_reason <> '' "
    "AND (?2 = '' OR substr(referral_reason, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
constexpr Sql kListItemBody{
    "sealed.list.case_items_body",
    "SELECT id, body FROM case_items WHERE id > ?1 AND body <> '' "
    "AND (?2 = '' OR substr(body, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
// Identifiers are keyed (person_id, kind, position); ?4/?5 carry the rest of the key.
constexpr Sql kListIdentifiers{"sealed.list.person_identifiers_value",
                               "SELECT person_id, value, kind, position FROM person_identifiers "
                               "WHERE (person_id, kind, position) > (?1, ?4, ?5) AND value <> '' "
                               "AND (?2 = '' OR substr(value, 1, length(?2)) <> ?2) "
                               "ORDER BY person_id, kind, position LIMIT ?3"};

// ?1 = record id, ?2 = expected value, ?3 = new value.
constexpr Sql kUpdateAddress{"sealed.update.persons_address",
                             "UPDATE persons SET address = ?3 WHERE id = ?1 AND address = ?2"};
constexpr Sql kUpdatePostcode{"sealed.update.persons_postcode",
                              "UPDATE persons SET postcode = ?3 WHERE id = ?1 AND postcode = ?2"};
constexpr Sql kUpdateSummary{"sealed.update.reports_summary",
                             "UPDATE reports SET summary = ?3 WHERE id = ?1 AND summary = ?2"};
constexpr Sql kUpdateAnswers{"sealed.update.screenings_answers",
                             "UPDATE screenings SET answers = ?3 WHERE id = ?1 AND answers = ?2"};
constexpr Sql kUpdateReferralReason{
    "sealed.update.cases_referral_reason",
    "UPDATE cases SET referral_reason = ?3 WHERE id = ?1 AND referral_reason = ?2"};
constexpr Sql kUpdateItemBody{"sealed.update.case_items_body",
                              "UPDATE case_items SET body = ?3 WHERE id = ?1 AND body = ?2"};
constexpr Sql kUpdateIdentifier{"sealed.update.person_identifiers_value",
                                "UPDATE person_identifiers SET value = ?3 WHERE person_id = ?1 "
                                "AND kind = ?4 AND position = ?5 AND value = ?2"};

constexpr Sql kListTotpSecret{
    "sealed.list.users_totp_secret",
    "SELECT id, totp_secret FROM users WHERE id > ?1 AND totp_secret <> '' "
    "AND (?2 = '' OR substr(totp_secret, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
constexpr Sql kUpdateTotpSecret{
    "sealed.update.users_totp_secret",
    "UPDATE users SET totp_secret = ?3 WHERE id = ?1 AND totp_secret = ?2"};

// Findings' detail and acknowledgement notes (the note only once written).
constexpr Sql kListFindingDetail{
    "sealed.list.findings_detail",
    "SELECT id, detail FROM findings WHERE id > ?1 AND detail <> '' "
    "AND (?2 = '' OR substr(detail, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
constexpr Sql kUpdateFindingDetail{"sealed.update.findings_detail",
                                   "UPDATE findings SET detail = ?3 WHERE id = ?1 AND detail = ?2"};
constexpr Sql kListFindingNote{
    "sealed.list.findings_acknowledgement_note",
    "SELECT id, acknowledgement_note FROM findings WHERE id > ?1 AND acknowledgement_note <> '' "
    "AND (?2 = '' OR substr(acknowledgement_note, 1, length(?2)) <> ?2) ORDER BY id LIMIT ?3"};
constexpr Sql kUpdateFindingNote{
    "sealed.update.findings_acknowledgement_note",
    "UPDATE findings SET acknowledgement_note = ?3 WHERE id = ?1 AND acknowledgement_note = ?2"};

const Sql& ListSql(SealedColumn column) {
  switch (column) {
    case SealedColumn::kPersonAddress:
      return kListAddress;
    case SealedColumn::kPersonPostcode:
      return kListPostcode;
    case SealedColumn::kPersonIdentifierValue:
      return kListIdentifiers;
    case SealedColumn::kReportSummary:
      return kListSummary;
    case SealedColumn::kCaseReferralReason:
      return kListReferralReason;
    case SealedColumn::kCaseItemBody:
      return kListItemBody;
    case SealedColumn::kUserTotpSecret:
      return kListTotpSecret;
    case SealedColumn::kFindingDetail:
      return kListFindingDetail;
    case SealedColumn::kFindingNote:
      return kListFindingNote;
    case SealedColumn::kScreeningAnswers:
      break;
  }
  return kListAnswers;
}

const Sql& UpdateSql(SealedColumn column) {
  switch (column) {
    case SealedColumn::kPersonAddress:
      return kUpdateAddress;
    case SealedColumn::kPersonPostcode:
      return kUpdatePostcode;
    case SealedColumn::kPersonIdentifierValue:
      return kUpdateIdentifier;
    case SealedColumn::kReportSummary:
      return kUpdateSummary;
    case SealedColumn::kCaseReferralReason:
      return kUpdateReferralReason;
    case SealedColumn::kCaseItemBody:
      return kUpdateItemBody;
    case SealedColumn::kUserTotpSecret:
      return kUpdateTotpSecret;
    case SealedColumn::kFindingDetail:
      return kUpdateFindingDetail;
    case SealedColumn::kFindingNote:
      return kUpdateFindingNote;
    case SealedColumn::kScreeningAnswers:
      break;
  }
  return kUpdateAnswers;
}

}  // namespace

Result<std::vector<SealedCell>> SqliteTx::ListSealedCells(SealedColumn column,
                                                          std::string_view skip_prefix,
                                                          const SealedCell& after, size_t limit) {
  const bool identifiers = column == SealedColumn::kPersonIdentifierValue;
  auto stmt = conn_.Prepare(ListSql(column));
  if (!stmt.ok()) return stmt.error();
  // A default string_view has no data pointer, which SQLite would bind as NULL.
  const std::string prefix(skip_prefix);
  (*stmt)->Bind(1, after.record_id).Bind(2, prefix).Bind(3, static_cast<int64_t>(limit));
  if (identifiers) (*stmt)->Bind(4, after.kind).Bind(5, after.position);
  std::vector<SealedCell> out;
  while ((*stmt)->Step()) {
    SealedCell cell;
    cell.record_id = (*stmt)->Text(0);
    cell.value = (*stmt)->Text(1);
    if (identifiers) {
      cell.kind = (*stmt)->Text(2);
      cell.position = (*stmt)->Int(3);
    }
    out.push_back(std::move(cell));
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Status SqliteTx::UpdateSealedCell(SealedColumn column, const SealedCell& cell,
                                  const std::string& new_value) {
  auto stmt = conn_.Prepare(UpdateSql(column));
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, cell.record_id).Bind(2, cell.value).Bind(3, new_value);
  if (column == SealedColumn::kPersonIdentifierValue) {
    (*stmt)->Bind(4, cell.kind).Bind(5, cell.position);
  }
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  if (sqlite3_changes(conn_.raw()) == 0) return Conflict("the value changed or is gone");
  return Status::Ok();
}

}  // namespace threadline::store::sqlite
