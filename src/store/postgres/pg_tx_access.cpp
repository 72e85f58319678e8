// PgTx: users' sign-in state, sessions, service tokens, sharing
// agreements and emergency grants.

#include "store/postgres/pg_tx.hpp"

namespace threadline::store::postgres {
namespace {

constexpr Sql kSetLoginState{
    "users.set_login_state",
    "UPDATE users SET failed_logins = $2, last_failed_at = $3, locked = $4 WHERE id = $1"};
constexpr Sql kSetTotp{"users.set_totp", "UPDATE users SET totp_secret = $2 WHERE id = $1"};
constexpr Sql kSetRole{"users.set_role", "UPDATE users SET role = $2 WHERE id = $1"};

constexpr Sql kGetSession{"sessions.get",
                          "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, "
                          "source FROM sessions WHERE token_hash = $1"};
constexpr Sql kInsertSession{"sessions.insert",
                             "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                             "last_seen_at, source) VALUES ($1,$2,$3,$4,$5,$6)"};
constexpr Sql kTouchSession{"sessions.touch",
                            "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1"};
constexpr Sql kDeleteSession{"sessions.delete", "DELETE FROM sessions WHERE token_hash = $1"};
constexpr Sql kDeleteUserSessions{"sessions.delete_user",
                                  "DELETE FROM sessions WHERE user_id = $1"};

#define TL_TOKEN_COLUMNS                                                                      \
  "SELECT id, token_hash, name, agency_id, actions, created_by, created_at, revoked_at FROM " \
  "service_tokens "
constexpr Sql kGetToken{"tokens.get", TL_TOKEN_COLUMNS "WHERE token_hash = $1"};
constexpr Sql kListTokens{"tokens.list", TL_TOKEN_COLUMNS "ORDER BY created_at, id"};
#undef TL_TOKEN_COLUMNS
constexpr Sql kInsertToken{"tokens.insert",
                           "INSERT INTO service_tokens (id, token_hash, name, agency_id, actions, "
                           "created_by, created_at, revoked_at) VALUES ($1,$2,$3,$4,$5,$6,$7,'')"};
constexpr Sql kRevokeToken{"tokens.revoke",
                           "UPDATE service_tokens SET revoked_at = $2 WHERE id = $1"};

#define TL_AGREEMENT_COLUMNS                                                             \
  "SELECT id, code, name, from_agency_id, to_agency_id, record_types, fields, purpose, " \
  "valid_from, valid_to, created_at, created_by FROM sharing_agreements "
constexpr Sql kListAgreements{"agreements.list", TL_AGREEMENT_COLUMNS "ORDER BY code"};
constexpr Sql kListAgreementsTo{"agreements.list_to",
                                TL_AGREEMENT_COLUMNS "WHERE to_agency_id = $1 ORDER BY code"};
#undef TL_AGREEMENT_COLUMNS
constexpr Sql kInsertAgreement{
    "agreements.insert",
    "INSERT INTO sharing_agreements (id, code, name, from_agency_id, to_agency_id, record_types, "
    "fields, purpose, valid_from, valid_to, created_at, created_by) "
    "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)"};

#define TL_GRANT_COLUMNS                                                             \
  "SELECT id, user_id, agency_id, record_type, record_id, owner_agency_id, reason, " \
  "granted_at, expires_at, reviewed_at, reviewed_by, review_note FROM emergency_grants "
constexpr Sql kGetGrant{"grants.get", TL_GRANT_COLUMNS "WHERE id = $1"};
constexpr Sql kListGrants{"grants.list", TL_GRANT_COLUMNS
                          "WHERE ($1 = '' OR user_id = $1) AND ($2 = '' OR owner_agency_id = $2) "
                          "AND ($3 = 0 OR reviewed_at = '') "
                          "ORDER BY granted_at DESC, id DESC LIMIT $4"};
#undef TL_GRANT_COLUMNS
constexpr Sql kInsertGrant{
    "grants.insert",
    "INSERT INTO emergency_grants (id, user_id, agency_id, record_type, record_id, "
    "owner_agency_id, reason, granted_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"};
constexpr Sql kReviewGrant{
    "grants.review",
    "UPDATE emergency_grants SET reviewed_at = $3, reviewed_by = $2, review_note = $4 "
    "WHERE id = $1"};

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) {
    if (!out.empty()) out += ',';
    out += c;
  }
  return out;
}

std::vector<std::string> SplitCodes(const std::string& joined) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    if (comma > start) out.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

domain::ServiceToken TokenFromRow(const Statement& s) {
  domain::ServiceToken t;
  t.id = s.Text(0);
  t.token_hash = s.Text(1);
  t.name = s.Text(2);
  t.agency_id = s.Text(3);
  t.actions = SplitCodes(s.Text(4));
  t.created_by = s.Text(5);
  t.created_at = s.Text(6);
  t.revoked_at = s.Text(7);
  return t;
}

domain::SharingAgreement AgreementFromRow(const Statement& s) {
  domain::SharingAgreement a;
  a.id = s.Text(0);
  a.code = s.Text(1);
  a.name = s.Text(2);
  a.from_agency_id = s.Text(3);
  a.to_agency_id = s.Text(4);
  a.record_types = SplitCodes(s.Text(5));
  a.fields = SplitCodes(s.Text(6));
  a.purpose = s.Text(7);
  a.valid_from = s.Text(8);
  a.valid_to = s.Text(9);
  a.created_at = s.Text(10);
  a.created_by = s.Text(11);
  return a;
}

domain::EmergencyGrant GrantFromRow(const Statement& s) {
  domain::EmergencyGrant g;
  g.id = s.Text(0);
  g.user_id = s.Text(1);
  g.agency_id = s.Text(2);
  g.record_type = s.Text(3);
  g.record_id = s.Text(4);
  g.owner_agency_id = s.Text(5);
  g.reason = s.Text(6);
  g.granted_at = s.Text(7);
  g.expires_at = s.Text(8);
  g.reviewed_at = s.Text(9);
  g.reviewed_by = s.Text(10);
  g.review_note = s.Text(11);
  return g;
}

}  // namespace

// Runs an UPDATE and maps "no row changed" to kNotFound naming `what`.
Status PgTx::RunUpdate(Statement& stmt, const char* what) {
  if (Status s = stmt.Run(); !s.ok()) return s;
  if (stmt.changes() == 0) return NotFound(std::string("no such ") + what);
  return Status::Ok();
}

Status PgTx::SetUserLoginState(const domain::Id& user_id, int failed_logins, int64_t last_failed_at,
                               bool locked) {
  auto stmt = conn_.Prepare(kSetLoginState);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, user_id).Bind(2, int64_t{failed_logins}).Bind(3, last_failed_at);
  (*stmt)->Bind(4, int64_t{locked ? 1 : 0});
  return RunUpdate(**stmt, "user");
}

Status PgTx::SetUserTotpSecret(const domain::Id& user_id, const std::string& secret) {
  auto stmt = conn_.Prepare(kSetTotp);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, user_id).Bind(2, secret);
  return RunUpdate(**stmt, "user");
}

Status PgTx::SetUserRole(const domain::Id& user_id, const std::string& role) {
  auto stmt = conn_.Prepare(kSetRole);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, user_id).Bind(2, role);
  return RunUpdate(**stmt, "user");
}

Result<domain::Session> PgTx::GetSession(const std::string& token_hash) {
  auto stmt = conn_.Prepare(kGetSession);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, token_hash);
  if (!(*stmt)->Step()) {
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return NotFound("no such session");
  }
  const Statement& s = **stmt;
  return domain::Session{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4), s.Text(5)};
}

Status PgTx::InsertSession(const domain::Session& session) {
  auto stmt = conn_.Prepare(kInsertSession);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, session.token_hash).Bind(2, session.user_id).Bind(3, session.csrf_token);
  (*stmt)->Bind(4, session.created_at).Bind(5, session.last_seen_at).Bind(6, session.source);
  return (*stmt)->Run();
}

Status PgTx::TouchSession(const std::string& token_hash, int64_t last_seen_at) {
  auto stmt = conn_.Prepare(kTouchSession);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, token_hash).Bind(2, last_seen_at);
  return RunUpdate(**stmt, "session");
}

Status PgTx::DeleteSession(const std::string& token_hash) {
  auto stmt = conn_.Prepare(kDeleteSession);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, token_hash);
  return (*stmt)->Run();
}

Status PgTx::DeleteUserSessions(const domain::Id& user_id) {
  auto stmt = conn_.Prepare(kDeleteUserSessions);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, user_id);
  return (*stmt)->Run();
}

Result<domain::ServiceToken> PgTx::GetServiceToken(const std::string& token_hash) {
  auto stmt = conn_.Prepare(kGetToken);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, token_hash);
  if ((*stmt)->Step()) return TokenFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such service token");
}

Result<std::vector<domain::ServiceToken>> PgTx::ListServiceTokens() {
  auto stmt = conn_.Prepare(kListTokens);
  if (!stmt.ok()) return stmt.error();
  std::vector<domain::ServiceToken> out;
  while ((*stmt)->Step()) out.push_back(TokenFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Status PgTx::InsertServiceToken(const domain::ServiceToken& t) {
  auto stmt = conn_.Prepare(kInsertToken);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, t.id).Bind(2, t.token_hash).Bind(3, t.name).Bind(4, t.agency_id);
  (*stmt)->Bind(5, JoinCodes(t.actions)).Bind(6, t.created_by).Bind(7, t.created_at);
  return (*stmt)->Run();
}

Status PgTx::RevokeServiceToken(const domain::Id& id, const std::string& revoked_at) {
  auto stmt = conn_.Prepare(kRevokeToken);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id).Bind(2, revoked_at);
  return RunUpdate(**stmt, "service token");
}

Result<std::vector<domain::SharingAgreement>> PgTx::ListAgreements() {
  auto stmt = conn_.Prepare(kListAgreements);
  if (!stmt.ok()) return stmt.error();
  std::vector<domain::SharingAgreement> out;
  while ((*stmt)->Step()) out.push_back(AgreementFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<std::vector<domain::SharingAgreement>> PgTx::ListAgreementsTo(
    const domain::Id& to_agency_id) {
  auto stmt = conn_.Prepare(kListAgreementsTo);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, to_agency_id);
  std::vector<domain::SharingAgreement> out;
  while ((*stmt)->Step()) out.push_back(AgreementFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Status PgTx::InsertAgreement(const domain::SharingAgreement& a) {
  auto stmt = conn_.Prepare(kInsertAgreement);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, a.id).Bind(2, a.code).Bind(3, a.name).Bind(4, a.from_agency_id);
  (*stmt)->Bind(5, a.to_agency_id).Bind(6, JoinCodes(a.record_types)).Bind(7, JoinCodes(a.fields));
  (*stmt)->Bind(8, a.purpose).Bind(9, a.valid_from).Bind(10, a.valid_to);
  (*stmt)->Bind(11, a.created_at).Bind(12, a.created_by);
  return (*stmt)->Run();
}

Result<domain::EmergencyGrant> PgTx::GetEmergencyGrant(const domain::Id& id) {
  auto stmt = conn_.Prepare(kGetGrant);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  if ((*stmt)->Step()) return GrantFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such emergency access");
}

Result<std::vector<domain::EmergencyGrant>> PgTx::ListEmergencyGrants(
    const EmergencyGrantFilter& filter) {
  auto stmt = conn_.Prepare(kListGrants);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, filter.user_id).Bind(2, filter.owner_agency_id);
  (*stmt)->Bind(3, int64_t{filter.awaiting_review_only ? 1 : 0});
  (*stmt)->Bind(4, static_cast<int64_t>(filter.limit));
  std::vector<domain::EmergencyGrant> out;
  while ((*stmt)->Step()) out.push_back(GrantFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Status PgTx::InsertEmergencyGrant(const domain::EmergencyGrant& g) {
  auto stmt = conn_.Prepare(kInsertGrant);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, g.id).Bind(2, g.user_id).Bind(3, g.agency_id).Bind(4, g.record_type);
  (*stmt)->Bind(5, g.record_id).Bind(6, g.owner_agency_id).Bind(7, g.reason);
  (*stmt)->Bind(8, g.granted_at).Bind(9, g.expires_at);
  return (*stmt)->Run();
}

Status PgTx::ReviewEmergencyGrant(const domain::Id& id, const domain::Id& reviewer,
                                  const std::string& reviewed_at, const std::string& note) {
  auto stmt = conn_.Prepare(kReviewGrant);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id).Bind(2, reviewer).Bind(3, reviewed_at).Bind(4, note);
  return RunUpdate(**stmt, "emergency access");
}

}  // namespace threadline::store::postgres
