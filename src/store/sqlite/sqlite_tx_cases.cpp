// SqliteTx: cases, their items and timeline, panels, nominations and harm
// scores.

#include <algorithm>
#include <array>
#include <functional>

#include "domain/datetime.hpp"
#include "store/sqlite/sqlite_tx.hpp"

namespace threadline::store::sqlite {
namespace {

#define TL_CASE_COLUMNS                                                                          \
  "SELECT id, reference, owner_agency_id, referred_by_agency_id, source, status, tier, "         \
  "case_type, motivation, risk_level, coalesce(victim_person_id, ''), "                          \
  "coalesce(suspect_person_id, ''), report_ids, finding_keys, referral_reason, "                 \
  "enhanced_rights, not_enhanced_reason, lead_user_id, closure_reason, created_at, created_by, " \
  "updated_at, version FROM cases "
constexpr Sql kGetCase{"cases.get", TL_CASE_COLUMNS "WHERE id = ?1"};
constexpr Sql kScanCases{"cases.scan", TL_CASE_COLUMNS "ORDER BY created_at, id"};
// ?1 JSON array of owners or NULL for any, ?2 status, ?3 tier, ?4 person,
// ?5/?6 cursor (created_at, id), ?7 limit.
constexpr Sql kListCases{
    "cases.list", TL_CASE_COLUMNS
    "WHERE (?1 IS NULL OR owner_agency_id IN (SELECT value FROM json_each(?1))) "
    "AND (?2 = '' OR status = ?2) AND (?3 = 0 OR tier = ?3) "
    "AND (?4 = '' OR victim_person_id = ?4 OR suspect_person_id = ?4) "
    "AND (?8 = '' OR source = ?8) AND (?5 = '' OR (created_at, id) < (?5, ?6)) "
    "ORDER BY created_at DESC, id DESC LIMIT ?7"};
#undef TL_CASE_COLUMNS
constexpr Sql kInsertCase{
    "cases.insert",
    "INSERT INTO cases (id, reference, owner_agency_id, referred_by_agency_id, source, status, "
    "tier, case_type, motivation, risk_level, victim_person_id, suspect_person_id, report_ids, "
    "finding_keys, referral_reason, enhanced_rights, not_enhanced_reason, lead_user_id, "
    "closure_reason, created_at, created_by, updated_at, version) VALUES (?1,?2,?3,?4,?5,?6,?7,"
    "?8,?9,?10,nullif(?11,''),nullif(?12,''),?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23)"};
constexpr Sql kUpdateCase{
    "cases.update",
    "UPDATE cases SET status = ?6, tier = ?7, case_type = ?8, motivation = ?9, risk_level = ?10, "
    "victim_person_id = nullif(?11,''), suspect_person_id = nullif(?12,''), report_ids = ?13, "
    "finding_keys = ?14, referral_reason = ?15, enhanced_rights = ?16, not_enhanced_reason = ?17, "
    "lead_user_id = ?18, closure_reason = ?19, updated_at = ?22, version = ?23 "
    "WHERE id = ?1 AND version = ?24"};
constexpr Sql kCaseExists{"cases.exists", "SELECT 1 FROM cases WHERE id = ?1"};

#define TL_ITEM_COLUMNS                                                                        \
  "SELECT id, case_id, kind, subtype, agency_id, field_class, status, due_on, owner_user_id, " \
  "body, created_at, created_by, updated_at, updated_by, version FROM case_items "
constexpr Sql kGetItem{"case_items.get", TL_ITEM_COLUMNS "WHERE id = ?1"};
// ?3 = 0: the body is not read.
constexpr Sql kScanItems{
    "case_items.scan",
    "SELECT id, case_id, kind, subtype, agency_id, field_class, status, due_on, owner_user_id, "
    "CASE WHEN ?3 THEN body ELSE '' END, created_at, created_by, updated_at, updated_by, version "
    "FROM case_items WHERE kind = ?1 AND created_at >= ?2 ORDER BY created_at, id"};
constexpr Sql kListItems{"case_items.list", TL_ITEM_COLUMNS
                         "WHERE case_id = ?1 AND (?2 = '' OR kind = ?2) ORDER BY created_at, id"};
constexpr Sql kListDue{
    "case_items.due", TL_ITEM_COLUMNS
    "WHERE kind = ?1 AND status = ?2 AND due_on <> '' AND (?3 = '' OR due_on < ?3) "
    "AND (?4 = '' OR owner_user_id = ?4) AND (?5 IS NULL OR case_id IN (SELECT id FROM cases "
    "WHERE owner_agency_id IN (SELECT value FROM json_each(?5)))) "
    "ORDER BY due_on, id LIMIT ?6"};
#undef TL_ITEM_COLUMNS
constexpr Sql kInsertItem{
    "case_items.insert",
    "INSERT INTO case_items (id, case_id, kind, subtype, agency_id, field_class, status, due_on, "
    "owner_user_id, body, created_at, created_by, updated_at, updated_by, version) "
    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"};
constexpr Sql kUpdateItem{
    "case_items.update",
    "UPDATE case_items SET subtype = ?4, status = ?7, due_on = ?8, owner_user_id = ?9, body = ?10, "
    "updated_at = ?13, updated_by = ?14, version = ?15 WHERE id = ?1 AND version = ?16"};
constexpr Sql kCountOwned{"case_items.count_owned",
                          "SELECT count(*) FROM case_items WHERE owner_user_id = ?3 "
                          "AND kind = ?1 AND status = ?2"};
constexpr Sql kItemExists{"case_items.exists", "SELECT 1 FROM case_items WHERE id = ?1"};

constexpr Sql kInsertEvent{
    "case_events.insert",
    "INSERT INTO case_events (case_id, at, kind, item_id, agency_id, user_id, field_class, "
    "summary) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"};
constexpr Sql kListEvents{"case_events.list",
                          "SELECT seq, case_id, at, kind, item_id, agency_id, user_id, "
                          "field_class, summary FROM case_events WHERE case_id = ?1 "
                          "ORDER BY at, seq"};

#define TL_PANEL_COLUMNS                                                                       \
  "SELECT id, code, name, kind, owner_agency_id, area, schedule, created_at, created_by FROM " \
  "panels "
constexpr Sql kGetPanel{"panels.get", TL_PANEL_COLUMNS "WHERE id = ?1"};
constexpr Sql kListPanels{"panels.list", TL_PANEL_COLUMNS "ORDER BY code"};
#undef TL_PANEL_COLUMNS
constexpr Sql kInsertPanel{"panels.insert",
                           "INSERT INTO panels (id, code, name, kind, owner_agency_id, area, "
                           "schedule, created_at, created_by) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"};
#define TL_NOMINATION_COLUMNS                                                                   \
  "SELECT id, panel_id, meeting_date, coalesce(case_id, ''), coalesce(person_id, ''), source, " \
  "agency_id, reason, score, score_version, breakdown, created_at, created_by FROM nominations "
constexpr Sql kListNominations{
    "nominations.list", TL_NOMINATION_COLUMNS
    "WHERE panel_id = ?1 AND meeting_date = ?2 ORDER BY score DESC, created_at, id"};
constexpr Sql kListNominationsBetween{
    "nominations.between", TL_NOMINATION_COLUMNS
    "WHERE meeting_date >= ?1 AND meeting_date < ?2 ORDER BY meeting_date, id"};
#undef TL_NOMINATION_COLUMNS
constexpr Sql kInsertNomination{
    "nominations.insert",
    "INSERT INTO nominations (id, panel_id, meeting_date, case_id, person_id, source, agency_id, "
    "reason, score, score_version, breakdown, created_at, created_by) VALUES (?1,?2,?3,"
    "nullif(?4,''),nullif(?5,''),?6,?7,?8,?9,?10,?11,?12,?13)"};
constexpr Sql kListHarmScores{"harm_scores.list",
                              "SELECT id, person_id, force_id, scored_on, score, version, "
                              "breakdown, created_at FROM harm_scores WHERE person_id = ?1 "
                              "ORDER BY scored_on, created_at, id"};
constexpr Sql kInsertHarmScore{
    "harm_scores.insert",
    "INSERT INTO harm_scores (id, person_id, force_id, scored_on, score, version, breakdown, "
    "created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"};
constexpr Sql kScanParties{
    "reports.scan_parties",
    "SELECT r.id, r.occurred_at, r.recorded_as, p.person_id, p.role FROM reports r "
    "JOIN report_parties p ON p.report_id = r.id "
    "WHERE r.force_id = ?1 AND r.occurred_at >= ?2 ORDER BY r.id, p.position"};
// For choosing a plan: the force's reports in the window, counted up to ?3.
constexpr Sql kCountForceWindow{
    "reports.count_force_window",
    "SELECT count(*) FROM (SELECT 1 FROM reports WHERE force_id = ?1 AND occurred_at >= ?2 "
    "LIMIT ?3)"};
constexpr Sql kReportsBound{"reports.rowid_bound", "SELECT coalesce(max(rowid), 0) FROM reports"};
// The sequential plan: both tables read front to back.
constexpr Sql kScanForceReports{"reports.scan_force",
                                "SELECT id, occurred_at, recorded_as FROM reports NOT INDEXED "
                                "WHERE force_id = ?1 AND occurred_at >= ?2"};
constexpr Sql kScanAllParties{"report_parties.scan",
                              "SELECT report_id, person_id, role FROM report_parties"};
// When the force's window holds at least this share of all reports, reading
// both tables in full is cheaper than looking each report up: a B-tree
// look-up costs some microseconds, a row of a sequential read a fraction.
constexpr int64_t kSequentialShareDivisor = 10;

std::vector<std::string> FromJsonArray(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = text.find('"', i)) != std::string::npos) {
    const size_t end = text.find('"', i + 1);
    if (end == std::string::npos) break;
    out.push_back(text.substr(i + 1, end - i - 1));
    i = end + 1;
  }
  return out;
}

domain::Case CaseFromRow(const Statement& s) {
  domain::Case c;
  c.id = s.Text(0);
  c.reference = s.Text(1);
  c.owner_agency_id = s.Text(2);
  c.referred_by_agency_id = s.Text(3);
  c.source = s.Text(4);
  c.status = s.Text(5);
  c.tier = static_cast<int>(s.Int(6));
  c.case_type = s.Text(7);
  c.motivation = s.Text(8);
  c.risk_level = s.Text(9);
  c.victim_person_id = s.Text(10);
  c.suspect_person_id = s.Text(11);
  c.report_ids = FromJsonArray(s.Text(12));
  c.finding_keys = FromJsonArray(s.Text(13));
  c.referral_reason = s.Text(14);
  c.enhanced_rights = s.Int(15) != 0;
  c.not_enhanced_reason = s.Text(16);
  c.lead_user_id = s.Text(17);
  c.closure_reason = s.Text(18);
  c.created_at = s.Text(19);
  c.created_by = s.Text(20);
  c.updated_at = s.Text(21);
  c.version = s.Int(22);
  return c;
}

void BindCase(Statement& s, const domain::Case& c) {
  s.Bind(1, c.id).Bind(2, c.reference).Bind(3, c.owner_agency_id).Bind(4, c.referred_by_agency_id);
  s.Bind(5, c.source).Bind(6, c.status).Bind(7, int64_t{c.tier}).Bind(8, c.case_type);
  s.Bind(9, c.motivation).Bind(10, c.risk_level).Bind(11, c.victim_person_id);
  s.Bind(12, c.suspect_person_id).Bind(13, IdsAsJsonArray(c.report_ids));
  s.Bind(14, IdsAsJsonArray(c.finding_keys)).Bind(15, c.referral_reason);
  s.Bind(16, int64_t{c.enhanced_rights ? 1 : 0}).Bind(17, c.not_enhanced_reason);
  s.Bind(18, c.lead_user_id).Bind(19, c.closure_reason).Bind(20, c.created_at);
  s.Bind(21, c.created_by).Bind(22, c.updated_at).Bind(23, c.version);
}

domain::CaseItem ItemFromRow(const Statement& s) {
  domain::CaseItem i;
  i.id = s.Text(0);
  i.case_id = s.Text(1);
  i.kind = s.Text(2);
  i.subtype = s.Text(3);
  i.agency_id = s.Text(4);
  i.field_class = s.Text(5);
  i.status = s.Text(6);
  i.due_on = s.Text(7);
  i.owner_user_id = s.Text(8);
  i.body_json = s.Text(9);
  i.created_at = s.Text(10);
  i.created_by = s.Text(11);
  i.updated_at = s.Text(12);
  i.updated_by = s.Text(13);
  i.version = s.Int(14);
  return i;
}

void BindItem(Statement& s, const domain::CaseItem& i) {
  s.Bind(1, i.id).Bind(2, i.case_id).Bind(3, i.kind).Bind(4, i.subtype).Bind(5, i.agency_id);
  s.Bind(6, i.field_class).Bind(7, i.status).Bind(8, i.due_on).Bind(9, i.owner_user_id);
  s.Bind(10, i.body_json).Bind(11, i.created_at).Bind(12, i.created_by).Bind(13, i.updated_at);
  s.Bind(14, i.updated_by).Bind(15, i.version);
}

Result<std::vector<domain::Nomination>> NominationsFrom(Statement& stmt) {
  std::vector<domain::Nomination> out;
  while (stmt.Step()) {
    const Statement& s = stmt;
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Text(7), static_cast<int>(s.Int(8)), s.Text(9), s.Text(10), s.Text(11),
                   s.Text(12)});
  }
  if (!stmt.status().ok()) return stmt.status().error();
  return out;
}

domain::Panel PanelFromRow(const Statement& s) {
  return {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4),
          s.Text(5), s.Text(6), s.Text(7), s.Text(8)};
}

// After an UPDATE ... WHERE version = expected changed nothing: was the
// record gone, or changed by someone else first?
Status MissingOrChanged(Connection& conn, const Sql& exists, const domain::Id& id,
                        const char* what) {
  auto stmt = conn.Prepare(exists);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  const bool found = (*stmt)->Step();
  if (!(*stmt)->status().ok()) return (*stmt)->status();
  if (!found) return NotFound(std::string("no such ") + what);
  return Conflict(std::string("the ") + what + " was changed by someone else");
}

// A prepared statement read through column views, for scans of millions of
// rows where a string per column would cost more than the read.
class RawScan {
 public:
  RawScan(sqlite3* db, const Sql& sql) : db_(db), name_(sql.name) {
    rc_ = sqlite3_prepare_v2(db, sql.text, -1, &stmt_, nullptr);
  }
  RawScan(const RawScan&) = delete;
  RawScan& operator=(const RawScan&) = delete;
  ~RawScan() { sqlite3_finalize(stmt_); }

  RawScan& Bind(int index, std::string_view text) {
    if (rc_ == SQLITE_OK) {
      rc_ = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                              SQLITE_TRANSIENT);
    }
    return *this;
  }
  bool Step() {
    if (rc_ != SQLITE_OK) return false;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) rc_ = sqlite3_extended_errcode(db_);
    return false;
  }
  std::string_view View(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (text == nullptr) return {};
    return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  Status status() const {
    return rc_ == SQLITE_OK ? Status::Ok() : Status(ErrorFromSqlite(rc_, db_, name_));
  }

 private:
  sqlite3* db_;
  const char* name_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

// The force's reports in the window, by id, for joining their parties in
// memory: one flat array (no allocation per report) and an open-addressing
// index into it. Ids and timestamps longer than the fixed fields (never
// true of the ids and canonical timestamps the store writes) are refused,
// and the caller falls back to the indexed plan.
class ReportIndex {
 public:
  struct Report {
    std::array<char, 32> id;
    std::array<char, 32> occurred_at;
    uint8_t id_size = 0;
    uint8_t occurred_size = 0;
    uint8_t state = 0;         // 0 no party seen, 1 parties being read, 2 done
    uint16_t recorded_as = 0;  // into codes_

    std::string_view Id() const { return {id.data(), id_size}; }
    std::string_view OccurredAt() const { return {occurred_at.data(), occurred_size}; }
  };

  bool Add(std::string_view id, std::string_view occurred_at, std::string_view recorded_as) {
    Report r{};
    if (id.size() > r.id.size() || occurred_at.size() > r.occurred_at.size() ||
        reports_.size() >= kEmpty) {
      return false;
    }
    std::copy(id.begin(), id.end(), r.id.begin());
    r.id_size = static_cast<uint8_t>(id.size());
    std::copy(occurred_at.begin(), occurred_at.end(), r.occurred_at.begin());
    r.occurred_size = static_cast<uint8_t>(occurred_at.size());
    auto code = std::find(codes_.begin(), codes_.end(), recorded_as);
    if (code == codes_.end()) {
      if (codes_.size() > 0xFFFF) return false;
      code = codes_.insert(codes_.end(), std::string(recorded_as));
    }
    r.recorded_as = static_cast<uint16_t>(code - codes_.begin());
    reports_.push_back(r);
    return true;
  }

  // The report with this id, once every report is added. Party rows come in
  // the order their reports were written, which is the order the reports
  // were read in, so the report after the last one found is tried first
  // (no hashing, no cache miss); the hash index is built on first need.
  Report* Find(std::string_view id) {
    for (size_t i = next_; i < reports_.size() && i < next_ + kLookAhead; ++i) {
      if (reports_[i].Id() == id) {
        next_ = i + 1;
        return &reports_[i];
      }
    }
    if (slots_.empty()) Seal();
    for (size_t at = Slot(id);; at = (at + 1) & (slots_.size() - 1)) {
      if (slots_[at] == kEmpty) return nullptr;
      if (reports_[slots_[at]].Id() == id) {
        next_ = slots_[at] + 1;
        return &reports_[slots_[at]];
      }
    }
  }

  const std::string& recorded_as(uint16_t code) const { return codes_[code]; }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFF;
  static constexpr size_t kLookAhead = 4;

  void Seal() {
    size_t size = 16;
    while (size < reports_.size() * 2) size *= 2;
    slots_.assign(size, kEmpty);
    for (uint32_t i = 0; i < reports_.size(); ++i) {
      size_t at = Slot(reports_[i].Id());
      while (slots_[at] != kEmpty) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = i;
    }
  }
  size_t Slot(std::string_view id) const {
    return std::hash<std::string_view>()(id) & (slots_.size() - 1);
  }

  std::vector<Report> reports_;
  std::vector<uint32_t> slots_;
  std::vector<std::string> codes_;
  size_t next_ = 0;
};

}  // namespace

Result<domain::Case> SqliteTx::GetCase(const domain::Id& id) {
  auto stmt = conn_.Prepare(kGetCase);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  if ((*stmt)->Step()) return CaseFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such case");
}

Result<CasePage> SqliteTx::ListCases(const CaseFilter& filter) {
  std::string cursor_at;
  std::string cursor_id;
  if (!filter.cursor.empty() && !ParseCursor(filter.cursor, cursor_at, cursor_id)) {
    return InvalidArgument("the query is not valid", {{"cursor", "is not a valid cursor"}});
  }
  auto stmt = conn_.Prepare(kListCases);
  if (!stmt.ok()) return stmt.error();
  if (filter.owner_scope) {
    (*stmt)->Bind(1, IdsAsJsonArray(*filter.owner_scope));
  } else {
    (*stmt)->BindNull(1);
  }
  (*stmt)->Bind(2, filter.status).Bind(3, int64_t{filter.tier}).Bind(4, filter.person_id);
  (*stmt)->Bind(5, cursor_at).Bind(6, cursor_id).Bind(7, static_cast<int64_t>(filter.limit + 1));
  (*stmt)->Bind(8, filter.source);
  CasePage page;
  while ((*stmt)->Step()) page.cases.push_back(CaseFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  if (page.cases.size() > filter.limit) {
    page.cases.pop_back();
    page.next_cursor = page.cases.back().created_at + "~" + page.cases.back().id;
  }
  return page;
}

Result<domain::CaseItem> SqliteTx::GetCaseItem(const domain::Id& id) {
  auto stmt = conn_.Prepare(kGetItem);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  if ((*stmt)->Step()) return ItemFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such case item");
}

Result<std::vector<domain::CaseItem>> SqliteTx::ListCaseItems(const domain::Id& case_id,
                                                              std::string_view kind) {
  auto stmt = conn_.Prepare(kListItems);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, case_id).Bind(2, kind);
  std::vector<domain::CaseItem> out;
  while ((*stmt)->Step()) out.push_back(ItemFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<std::vector<domain::CaseItem>> SqliteTx::ListDueItems(const DueItemFilter& filter) {
  auto stmt = conn_.Prepare(kListDue);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, filter.kind).Bind(2, filter.status).Bind(3, filter.due_before);
  (*stmt)->Bind(4, filter.owner_user_id);
  if (filter.owner_scope) {
    (*stmt)->Bind(5, IdsAsJsonArray(*filter.owner_scope));
  } else {
    (*stmt)->BindNull(5);
  }
  (*stmt)->Bind(6, static_cast<int64_t>(filter.limit));
  std::vector<domain::CaseItem> out;
  while ((*stmt)->Step()) out.push_back(ItemFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<int64_t> SqliteTx::CountOwnedItems(std::string_view kind, std::string_view status,
                                          const domain::Id& owner_user_id) {
  auto stmt = conn_.Prepare(kCountOwned);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, kind).Bind(2, status).Bind(3, owner_user_id);
  if (!(*stmt)->Step()) {
    return (*stmt)->status().ok() ? Internal("count returned no row") : (*stmt)->status().error();
  }
  return (*stmt)->Int(0);
}

Result<std::vector<domain::CaseEvent>> SqliteTx::ListCaseEvents(const domain::Id& case_id) {
  auto stmt = conn_.Prepare(kListEvents);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, case_id);
  std::vector<domain::CaseEvent> out;
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Text(7), s.Text(8)});
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<domain::Panel> SqliteTx::GetPanel(const domain::Id& id) {
  auto stmt = conn_.Prepare(kGetPanel);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, id);
  if ((*stmt)->Step()) return PanelFromRow(**stmt);
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return NotFound("no such panel");
}

Result<std::vector<domain::Panel>> SqliteTx::ListPanels() {
  auto stmt = conn_.Prepare(kListPanels);
  if (!stmt.ok()) return stmt.error();
  std::vector<domain::Panel> out;
  while ((*stmt)->Step()) out.push_back(PanelFromRow(**stmt));
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Result<std::vector<domain::Nomination>> SqliteTx::ListNominations(const domain::Id& panel_id,
                                                                  std::string_view meeting_date) {
  auto stmt = conn_.Prepare(kListNominations);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, panel_id).Bind(2, meeting_date);
  return NominationsFrom(**stmt);
}

Result<std::vector<domain::Nomination>> SqliteTx::ListNominationsBetween(std::string_view from,
                                                                         std::string_view to) {
  auto stmt = conn_.Prepare(kListNominationsBetween);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, from).Bind(2, to);
  return NominationsFrom(**stmt);
}

Status SqliteTx::ScanCases(const std::function<Status(const domain::Case&)>& fn) {
  auto stmt = conn_.Prepare(kScanCases);
  if (!stmt.ok()) return stmt.error();
  while ((*stmt)->Step()) {
    if (Status s = fn(CaseFromRow(**stmt)); !s.ok()) return s;
  }
  return (*stmt)->status();
}

Status SqliteTx::ScanCaseItems(std::string_view kind, std::string_view since, bool with_body,
                               const std::function<Status(const domain::CaseItem&)>& fn) {
  auto stmt = conn_.Prepare(kScanItems);
  if (!stmt.ok()) return stmt.error();
  const std::string from(since);  // an empty view would bind as NULL
  (*stmt)->Bind(1, kind).Bind(2, from).Bind(3, int64_t{with_body ? 1 : 0});
  while ((*stmt)->Step()) {
    if (Status s = fn(ItemFromRow(**stmt)); !s.ok()) return s;
  }
  return (*stmt)->status();
}

Result<std::vector<domain::HarmScore>> SqliteTx::ListHarmScores(const domain::Id& person_id) {
  auto stmt = conn_.Prepare(kListHarmScores);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, person_id);
  std::vector<domain::HarmScore> out;
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), static_cast<int>(s.Int(4)),
                   s.Text(5), s.Text(6), s.Text(7)});
  }
  if (!(*stmt)->status().ok()) return (*stmt)->status().error();
  return out;
}

Status SqliteTx::ScanReportParties(const domain::Id& force_id, std::string_view from,
                                   const std::function<Status(const ReportPartyRow&)>& fn) {
  // Which plan: the index for a small share of the reports, else sequential.
  auto bound = conn_.Prepare(kReportsBound);
  if (!bound.ok()) return bound.error();
  const int64_t total = (*bound)->Step() ? (*bound)->Int(0) : 0;
  if (!(*bound)->status().ok()) return (*bound)->status();
  const int64_t enough = std::max<int64_t>(1, total / kSequentialShareDivisor);
  auto count = conn_.Prepare(kCountForceWindow);
  if (!count.ok()) return count.error();
  (*count)->Bind(1, force_id).Bind(2, from).Bind(3, enough);
  const int64_t share = (*count)->Step() ? (*count)->Int(0) : 0;
  if (!(*count)->status().ok()) return (*count)->status();
  ReportPartyRow row;
  if (share >= enough) {
    // Sequential: the force's reports into memory, then every party row,
    // joined by report id. Parties are written with their report, all at
    // once and never changed, so the rows of one report come together.
    ReportIndex reports;
    RawScan scan(conn_.raw(), kScanForceReports);
    scan.Bind(1, force_id).Bind(2, from);
    bool fits = true;
    while (fits && scan.Step()) fits = reports.Add(scan.View(0), scan.View(1), scan.View(2));
    if (Status st = scan.status(); !st.ok()) return st;
    if (fits) {
      RawScan parties(conn_.raw(), kScanAllParties);
      ReportIndex::Report* current = nullptr;
      while (parties.Step()) {
        const std::string_view report_id = parties.View(0);
        ReportIndex::Report* r =
            current != nullptr && current->Id() == report_id ? current : reports.Find(report_id);
        if (r == nullptr) continue;
        if (r != current) {
          if (r->state != 0) {
            return Internal("reports.scan_parties: the parties of report " + std::string(r->Id()) +
                            " are not stored together");
          }
          if (current != nullptr) current->state = 2;
          current = r;
          r->state = 1;
          row.report_id.assign(r->Id());
          row.occurred_at.assign(r->OccurredAt());
          row.recorded_as.assign(reports.recorded_as(r->recorded_as));
        }
        row.person_id.assign(parties.View(1));
        row.role.assign(parties.View(2));
        if (Status st = fn(row); !st.ok()) return st;
      }
      return parties.status();
    }
  }
  auto stmt = conn_.Prepare(kScanParties);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, force_id).Bind(2, from);
  while ((*stmt)->Step()) {
    const Statement& s = **stmt;
    row.report_id = s.Text(0);
    row.occurred_at = s.Text(1);
    row.recorded_as = s.Text(2);
    row.person_id = s.Text(3);
    row.role = s.Text(4);
    if (Status st = fn(row); !st.ok()) return st;
  }
  return (*stmt)->status();
}

Status SqliteTx::InsertCase(const domain::Case& c) {
  auto stmt = conn_.Prepare(kInsertCase);
  if (!stmt.ok()) return stmt.error();
  BindCase(**stmt, c);
  return (*stmt)->Run();
}

Status SqliteTx::UpdateCase(const domain::Case& c, int64_t expected_version) {
  auto stmt = conn_.Prepare(kUpdateCase);
  if (!stmt.ok()) return stmt.error();
  BindCase(**stmt, c);
  (*stmt)->Bind(24, expected_version);
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  if (sqlite3_changes(conn_.raw()) == 1) return Status::Ok();
  return MissingOrChanged(conn_, kCaseExists, c.id, "case");
}

Status SqliteTx::InsertCaseItem(const domain::CaseItem& item) {
  auto stmt = conn_.Prepare(kInsertItem);
  if (!stmt.ok()) return stmt.error();
  BindItem(**stmt, item);
  return (*stmt)->Run();
}

Status SqliteTx::UpdateCaseItem(const domain::CaseItem& item, int64_t expected_version) {
  auto stmt = conn_.Prepare(kUpdateItem);
  if (!stmt.ok()) return stmt.error();
  BindItem(**stmt, item);
  (*stmt)->Bind(16, expected_version);
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  if (sqlite3_changes(conn_.raw()) == 1) return Status::Ok();
  return MissingOrChanged(conn_, kItemExists, item.id, "case item");
}

Result<int64_t> SqliteTx::AppendCaseEvent(const domain::CaseEvent& e) {
  auto stmt = conn_.Prepare(kInsertEvent);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, e.case_id).Bind(2, e.at).Bind(3, e.kind).Bind(4, e.item_id);
  (*stmt)->Bind(5, e.agency_id).Bind(6, e.user_id).Bind(7, e.field_class).Bind(8, e.summary);
  if (Status s = (*stmt)->Run(); !s.ok()) return s.error();
  return sqlite3_last_insert_rowid(conn_.raw());
}

Status SqliteTx::InsertPanel(const domain::Panel& p) {
  auto stmt = conn_.Prepare(kInsertPanel);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, p.id).Bind(2, p.code).Bind(3, p.name).Bind(4, p.kind);
  (*stmt)->Bind(5, p.owner_agency_id).Bind(6, p.area).Bind(7, p.schedule);
  (*stmt)->Bind(8, p.created_at).Bind(9, p.created_by);
  return (*stmt)->Run();
}

Status SqliteTx::InsertNomination(const domain::Nomination& n) {
  auto stmt = conn_.Prepare(kInsertNomination);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, n.id).Bind(2, n.panel_id).Bind(3, n.meeting_date).Bind(4, n.case_id);
  (*stmt)->Bind(5, n.person_id).Bind(6, n.source).Bind(7, n.agency_id).Bind(8, n.reason);
  (*stmt)->Bind(9, int64_t{n.score}).Bind(10, n.score_version).Bind(11, n.breakdown_json);
  (*stmt)->Bind(12, n.created_at).Bind(13, n.created_by);
  return (*stmt)->Run();
}

Status SqliteTx::InsertHarmScore(const domain::HarmScore& h) {
  auto stmt = conn_.Prepare(kInsertHarmScore);
  if (!stmt.ok()) return stmt.error();
  (*stmt)->Bind(1, h.id).Bind(2, h.person_id).Bind(3, h.force_id).Bind(4, h.scored_on);
  (*stmt)->Bind(5, int64_t{h.score}).Bind(6, h.version).Bind(7, h.breakdown_json);
  (*stmt)->Bind(8, h.created_at);
  return (*stmt)->Run();
}

}  // namespace threadline::store::sqlite
