#pragma once
// ReadTx / WriteTx over one SQLite connection inside an open transaction.

#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace threadline::store::sqlite {

class SqliteTx final : public WriteTx {
 public:
  explicit SqliteTx(Connection& conn) : conn_(conn) {}

  Result<std::vector<domain::Agency>> ListAgencies() override;
  Result<domain::Agency> GetAgency(const domain::Id& id) override;
  Result<domain::Agency> GetAgencyByCode(std::string_view code) override;
  Result<domain::User> GetUserByName(std::string_view username) override;
  Result<std::vector<domain::User>> ListUsers() override;
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
  Result<std::vector<domain::AuditEntry>> ListAudit(const AuditFilter& filter) override;
  Result<int64_t> Count(Table table) override;

  Status InsertAgency(const domain::Agency& agency) override;
  Status InsertUser(const domain::User& user) override;
  Status SetUserPassword(const domain::Id& user_id, const std::string& password_hash) override;
  Status InsertPerson(const domain::Person& person) override;
  Status InsertReport(const domain::Report& report) override;
  Status InsertOutcome(const domain::Outcome& outcome) override;
  Status InsertScreening(const domain::Screening& screening) override;
  Result<int64_t> AppendAudit(const domain::AuditEntry& entry) override;

 private:
  Result<domain::Agency> GetAgencyBy(const Sql& sql, std::string_view key);
  Status LoadReportDetails(domain::Report& report);
  Result<std::vector<domain::Screening>> ScreeningsWhere(const Sql& sql, const domain::Id& key);
  Connection& conn_;
};

}  // namespace threadline::store::sqlite
