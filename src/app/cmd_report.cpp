// `threadline report MEASURE --from --to [--force|--area] --format ...`: the
// accountability figures of an existing database, as a table on the
// terminal, JSON, CSV or an XLSX workbook (the commissioner's return).
#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "app/panel_cli.hpp"
#include "reporting/render.hpp"
#include "reporting/stats.hpp"
#include "services/actor.hpp"
#include "services/findings_service.hpp"
#include "services/link_service.hpp"
#include "services/stats_service.hpp"

namespace threadline::app {
namespace {

struct ReportOptions {
  StoreFlags store;
  std::string measure;
  std::string from;
  std::string to;
  std::string force;
  std::string area;
  std::string format = "text";
  std::string out;
};

std::string CellText(const reporting::Cell& cell, reporting::ColumnType type) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) {
    char buf[32];
    if (type == reporting::ColumnType::kRate) {
      std::snprintf(buf, sizeof buf, "%.1f%%", *d * 100);
    } else {
      std::snprintf(buf, sizeof buf, "%.1f", *d);
    }
    return buf;
  }
  return "-";
}

void PrintText(const reporting::Measure& m, std::ostream& out) {
  out << m.title << ", " << m.period.from << " to " << m.period.to
      << (m.force.empty() ? "" : ", force " + m.force) << (m.area.empty() ? "" : ", area " + m.area)
      << "\n";
  for (const auto& s : m.series) {
    out << "\n" << s.title << "\n";
    for (const auto& r : s.rows) {
      for (size_t i = 0; i < s.columns.size(); ++i) {
        const bool hidden = r.IsSuppressed(s.columns[i].key);
        out << (i == 0 ? "  " : " | ") << (i == 0 ? "" : s.columns[i].label + ": ")
            << (hidden ? "*" : CellText(r.cells[i], s.columns[i].type));
      }
      out << "\n";
    }
  }
  for (const auto& v : m.validation) out << "\nMissing: " << v;
  if (!m.validation.empty()) out << "\n";
}

void RunReport(const ReportOptions& opt) {
  if (opt.format == "xlsx" && opt.out.empty()) {
    std::cerr << "threadline report: --format xlsx needs --out FILE\n";
    throw CLI::RuntimeError(2);
  }
  ExistingStoreCli cli("report", opt.store);
  auto reference = reporting::Reference::Load(refdata::FromEnvironment());
  if (!reference.ok()) ExitWithError("report", reference.error());
  // The quality measure counts linkage findings, which need the linkage
  // index over every person: built only for it.
  std::unique_ptr<services::LinkService> links;
  std::unique_ptr<services::FindingsService> findings;
  if (opt.measure == "quality") {
    auto created = services::LinkService::Create(
        cli.store(), cli.access(), refdata::FromEnvironment(), services::SystemClock());
    if (!created.ok()) ExitWithError("report", created.error());
    links = std::move(*created);
    findings = std::make_unique<services::FindingsService>(cli.store(), *links, cli.access(),
                                                           services::SystemClock());
  }
  const services::StatsService stats(cli.store(), cli.access(), *reference, services::SystemClock(),
                                     findings.get());
  auto measure = stats.Get(services::Actor::System("cli"),
                           {opt.measure, opt.from, opt.to, opt.force, opt.area});
  if (!measure.ok()) ExitWithError("report", measure.error());
  std::string body;
  if (opt.format == "json") {
    body = boost::json::serialize(reporting::ToJson(*measure)) + "\n";
  } else if (opt.format == "csv") {
    body = reporting::ToCsv(*measure);
  } else if (opt.format == "xlsx") {
    auto bytes = reporting::ToXlsx(*measure);
    if (!bytes.ok()) ExitWithError("report", bytes.error());
    body = std::move(*bytes);
  } else {
    std::ostringstream text;
    PrintText(*measure, text);
    body = text.str();
  }
  if (opt.out.empty()) {
    std::cout << body;
    return;
  }
  std::ofstream file(opt.out, std::ios::binary | std::ios::trunc);
  file << body;
  if (!file.flush()) {
    std::cerr << "threadline report: cannot write " << opt.out << "\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << "wrote " << measure->title << " (" << measure->period.from << " to "
            << measure->period.to << ") to " << opt.out << "\n";
}

}  // namespace

void RegisterReportCommand(CLI::App& app) {
  auto opt = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand(
      "report",
      "Accountability figures: funnel, quality, programme, orders, victims, panels, "
      "return");
  AddStoreFlags(cmd, opt->store);
  cmd->add_option("measure", opt->measure, "Which figures")
      ->required()
      ->check(CLI::IsMember(reporting::MeasureNames()));
  cmd->add_option("--from", opt->from, "First day, YYYY-MM-DD (default: a year ago)");
  cmd->add_option("--to", opt->to, "Last day, YYYY-MM-DD (default: today)");
  cmd->add_option("--force", opt->force, "One police force's code, e.g. cheshire");
  cmd->add_option("--area", opt->area, "The forces of one area, e.g. \"North West\"");
  cmd->add_option("--format", opt->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "csv", "xlsx"}))
      ->capture_default_str();
  cmd->add_option("--out", opt->out, "Write to this file instead of the terminal");
  cmd->callback([opt] { RunReport(*opt); });
}

}  // namespace threadline::app
