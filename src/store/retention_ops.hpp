#pragma once
// The retention part of a backend transaction, written once for both
// backends: each supplies its own statements (in its own SQL dialect) and
// connection, and the steps — which rows go, in which order, what is
// counted — are the same. Internal to the store's backends.
//
// `Conn` is sqlite::Connection or postgres::Connection: Prepare(sql) gives a
// statement with Bind, Step, Run, status, Text, Int and changes.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace threadline::store::retention {

// Every statement, each with one parameter ($1/?1: the record's id) unless
// said otherwise.
template <typename Sql>
struct Statements {
  // Due records: ?1 owner, ?2 counted before, ?3 today, ?4/?5 cursor,
  // ?6 limit + 1, ?7 one record or ''. Columns: id, reference, owner,
  // counted from, paging key, tier.
  Sql due_reports;
  Sql due_cases;
  Sql list_reviews;   // ?1 record type, ?2 record id
  Sql insert_review;  // the ten columns in RetentionReview's order
  Sql case_reports;   // no parameter: (report id, case id, case reference)
  Sql report_exists;
  Sql report_persons;
  // A report's deletion, in order (children first).
  Sql delete_findings;  // the findings whose report list holds the report
  Sql detach_later_screenings;
  Sql delete_classifications;
  Sql delete_screenings;
  Sql delete_outcomes;
  Sql delete_behaviours;
  Sql delete_parties;
  Sql delete_report;
  // A case's.
  Sql case_persons;  // victim, suspect ('' when none)
  Sql delete_case_items;
  Sql delete_case_events;
  Sql delete_case_nominations;
  Sql delete_case;
  // A person nothing refers to any more.
  Sql person_referred;  // 1 when anything refers to the person, else 0
  Sql delete_harm_scores;
  Sql delete_identifiers;
  Sql delete_person;
};

template <typename Conn, typename Sql>
class Ops {
 public:
  using CursorParser = bool (*)(const std::string&, std::string&, std::string&);

  Ops(Conn& conn, const Statements<Sql>& sql) : conn_(conn), sql_(sql) {}

  Result<RetentionDuePage> ListDue(const RetentionDueFilter& filter, CursorParser parse_cursor) {
    std::string cursor_at;
    std::string cursor_id;
    if (!filter.cursor.empty() && !parse_cursor(filter.cursor, cursor_at, cursor_id)) {
      return InvalidArgument("the cursor is not valid",
                             {{"cursor", "is not a cursor this API issued"}});
    }
    const bool cases = filter.record_type == "case";
    if (!cases && filter.record_type != "report") {
      return InvalidArgument("no review period for this record type",
                             {{"type", "must be report or case"}});
    }
    auto stmt = conn_.Prepare(cases ? sql_.due_cases : sql_.due_reports);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, filter.owner_agency_id).Bind(2, filter.counted_before).Bind(3, filter.today);
    (*stmt)->Bind(4, cursor_at).Bind(5, cursor_id);
    (*stmt)->Bind(6, static_cast<int64_t>(filter.limit + 1)).Bind(7, filter.record_id);
    RetentionDuePage page;
    std::string last_key;  // the paging column of the last row kept
    while ((*stmt)->Step()) {
      const auto& s = **stmt;
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

  Result<std::vector<domain::RetentionReview>> ListReviews(std::string_view record_type,
                                                           const domain::Id& record_id) {
    auto stmt = conn_.Prepare(sql_.list_reviews);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, record_type).Bind(2, record_id);
    std::vector<domain::RetentionReview> out;
    while ((*stmt)->Step()) {
      const auto& s = **stmt;
      out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                     s.Text(7), s.Text(8), s.Text(9)});
    }
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return out;
  }

  Result<std::vector<CaseReportRef>> CaseReports() {
    auto stmt = conn_.Prepare(sql_.case_reports);
    if (!stmt.ok()) return stmt.error();
    std::vector<CaseReportRef> out;
    while ((*stmt)->Step()) {
      const auto& s = **stmt;
      out.push_back({s.Text(0), s.Text(1), s.Text(2)});
    }
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return out;
  }

  Status InsertReview(const domain::RetentionReview& r) {
    auto stmt = conn_.Prepare(sql_.insert_review);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, r.id).Bind(2, r.record_type).Bind(3, r.record_id).Bind(4, r.owner_agency_id);
    (*stmt)->Bind(5, r.decision).Bind(6, r.reason).Bind(7, r.next_review_on).Bind(8, r.deleted);
    (*stmt)->Bind(9, r.reviewed_by).Bind(10, r.reviewed_at);
    return (*stmt)->Run();
  }

  Result<DeletedRecords> DeleteReport(const domain::Id& report_id) {
    auto exists = Column(sql_.report_exists, report_id);
    if (!exists.ok()) return exists.error();
    if (exists->empty()) return NotFound("no such report");
    auto persons = Column(sql_.report_persons, report_id);
    if (!persons.ok()) return persons.error();
    DeletedRecords deleted;
    const std::pair<const Sql*, int64_t*> steps[] = {{&sql_.delete_findings, &deleted.findings},
                                                     {&sql_.detach_later_screenings, nullptr},
                                                     {&sql_.delete_classifications, nullptr},
                                                     {&sql_.delete_screenings, &deleted.screenings},
                                                     {&sql_.delete_outcomes, &deleted.outcomes},
                                                     {&sql_.delete_behaviours, nullptr},
                                                     {&sql_.delete_parties, nullptr},
                                                     {&sql_.delete_report, &deleted.reports}};
    if (Status s = RunSteps(steps, report_id); !s.ok()) return s.error();
    if (Status s = DeleteUnreferencedPersons(*persons, deleted); !s.ok()) return s.error();
    return deleted;
  }

  Result<DeletedRecords> DeleteCase(const domain::Id& case_id) {
    std::vector<domain::Id> persons;
    {
      auto stmt = conn_.Prepare(sql_.case_persons);
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
    const std::pair<const Sql*, int64_t*> steps[] = {
        {&sql_.delete_case_items, &deleted.case_items},
        {&sql_.delete_case_events, &deleted.case_events},
        {&sql_.delete_case_nominations, &deleted.nominations},
        {&sql_.delete_case, &deleted.cases}};
    if (Status s = RunSteps(steps, case_id); !s.ok()) return s.error();
    if (Status s = DeleteUnreferencedPersons(persons, deleted); !s.ok()) return s.error();
    return deleted;
  }

 private:
  // The first column of every row of a one-parameter query.
  Result<std::vector<std::string>> Column(const Sql& sql, const domain::Id& id) {
    auto stmt = conn_.Prepare(sql);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, id);
    std::vector<std::string> out;
    while ((*stmt)->Step()) out.push_back((*stmt)->Text(0));
    if (!(*stmt)->status().ok()) return (*stmt)->status().error();
    return out;
  }

  // Runs a one-parameter DELETE or UPDATE; the number of rows it changed.
  Result<int64_t> Change(const Sql& sql, const domain::Id& id) {
    auto stmt = conn_.Prepare(sql);
    if (!stmt.ok()) return stmt.error();
    (*stmt)->Bind(1, id);
    if (Status s = (*stmt)->Run(); !s.ok()) return s.error();
    return (*stmt)->changes();
  }

  // Each step in order, its count kept where one is asked for.
  template <size_t N>
  Status RunSteps(const std::pair<const Sql*, int64_t*> (&steps)[N], const domain::Id& id) {
    for (const auto& [sql, count] : steps) {
      auto n = Change(*sql, id);
      if (!n.ok()) return n.error();
      if (count != nullptr) *count = *n;
    }
    return {};
  }

  Status DeleteUnreferencedPersons(const std::vector<domain::Id>& candidates,
                                   DeletedRecords& deleted) {
    for (const auto& person_id : candidates) {
      auto referred = Column(sql_.person_referred, person_id);
      if (!referred.ok()) return referred.error();
      if (referred->empty() || referred->front() != "0") continue;
      auto scores = Change(sql_.delete_harm_scores, person_id);
      if (!scores.ok()) return scores.error();
      deleted.harm_scores += *scores;
      for (const Sql* sql : {&sql_.delete_identifiers, &sql_.delete_person}) {
        if (auto n = Change(*sql, person_id); !n.ok()) return n.error();
      }
      deleted.persons.push_back(person_id);
    }
    return {};
  }

  Conn& conn_;
  const Statements<Sql>& sql_;
};

}  // namespace threadline::store::retention
