// `threadline panel`: stalking clinics and MATACs from the command line:
// `create` and `list` panels, and print the `agenda` of one meeting (the
// nominations, highest harm first, then the cases due for review).
#include <boost/json.hpp>

#include <iostream>

#include "app/commands.hpp"
#include "app/panel_cli.hpp"
#include "services/actor.hpp"

namespace threadline::app {
namespace {

struct PanelOptions {
  StoreFlags store;
  std::string format = "text";
  // create
  services::NewPanel panel;
  // agenda
  std::string panel_id;
  std::string date;
};

boost::json::object ToJson(const domain::Panel& p) {
  return {{"id", p.id},     {"code", p.code}, {"name", p.name},
          {"kind", p.kind}, {"area", p.area}, {"schedule", p.schedule}};
}

boost::json::object ToJson(const services::PanelAgenda& a) {
  boost::json::array entries;
  for (const auto& e : a.entries) {
    boost::json::object o{{"basis", e.basis},
                          {"why", e.why},
                          {"case_id", e.case_id},
                          {"case_reference", e.case_reference},
                          {"tier", e.tier},
                          {"person_id", e.person_id},
                          {"score", e.score},
                          {"score_version", e.score_version},
                          {"last_event_at", e.last_event_at}};
    if (e.nomination) {
      o["nomination"] = {{"id", e.nomination->id},
                         {"source", e.nomination->source},
                         {"reason", e.nomination->reason},
                         {"created_at", e.nomination->created_at}};
    }
    entries.push_back(std::move(o));
  }
  return {{"panel", ToJson(a.panel)},
          {"meeting_date", a.meeting_date},
          {"entries", std::move(entries)},
          {"withheld", a.withheld}};
}

void PrintPanel(const domain::Panel& p) {
  std::cout << p.id << "  " << p.code << "  " << p.name << " (" << p.kind << ", " << p.area
            << (p.schedule.empty() ? "" : ", " + p.schedule) << ")\n";
}

void PrintAgenda(const services::PanelAgenda& a) {
  std::cout << "Agenda of " << a.panel.name << " (" << a.panel.code << ") for " << a.meeting_date
            << "\n";
  if (a.entries.empty()) std::cout << "Nothing nominated and no case due for review.\n";
  int n = 0;
  for (const auto& e : a.entries) {
    std::cout << "\n" << ++n << ". " << (e.basis == "nominated" ? "Nominated" : "Due for review");
    if (!e.case_reference.empty()) {
      std::cout << ": case " << e.case_reference << " (tier " << e.tier << ", " << e.case_id << ")";
    }
    if (!e.person_id.empty())
      std::cout << (e.case_id.empty() ? ": " : ", ") << "perpetrator " << e.person_id;
    std::cout << "\n   " << e.why << "\n";
  }
  if (a.withheld > 0) {
    std::cout << "\n"
              << a.withheld << " more " << (a.withheld == 1 ? "entry is" : "entries are")
              << " about cases or people not shared with you.\n";
  }
}

void RunCreate(const PanelOptions& opt) {
  PanelCli cli("panel create", opt.store);
  auto panel = cli.service().CreatePanel(services::Actor::System("cli"), opt.panel);
  if (!panel.ok()) ExitWithError("panel create", panel.error());
  if (opt.format == "json") {
    std::cout << boost::json::serialize(ToJson(*panel)) << "\n";
  } else {
    PrintPanel(*panel);
  }
}

void RunList(const PanelOptions& opt) {
  PanelCli cli("panel list", opt.store);
  auto panels = cli.service().ListPanels(services::Actor::System("cli"));
  if (!panels.ok()) ExitWithError("panel list", panels.error());
  if (opt.format == "json") {
    boost::json::array out;
    for (const auto& p : *panels) out.push_back(ToJson(p));
    std::cout << boost::json::serialize(out) << "\n";
    return;
  }
  if (panels->empty()) std::cout << "No panels.\n";
  for (const auto& p : *panels) PrintPanel(p);
}

void RunAgenda(const PanelOptions& opt) {
  PanelCli cli("panel agenda", opt.store);
  auto agenda = cli.service().Agenda(services::Actor::System("cli"), opt.panel_id, opt.date);
  if (!agenda.ok()) ExitWithError("panel agenda", agenda.error());
  if (opt.format == "json") {
    std::cout << boost::json::serialize(ToJson(*agenda)) << "\n";
  } else {
    PrintAgenda(*agenda);
  }
}

void AddCommonFlags(CLI::App* cmd, PanelOptions& opt) {
  AddStoreFlags(cmd, opt.store);
  cmd->add_option("--format", opt.format, "Output format")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
}

}  // namespace

void RegisterPanelCommand(CLI::App& app) {
  auto opt = std::make_shared<PanelOptions>();
  auto* cmd = app.add_subcommand("panel", "Stalking clinics, MATACs and their meeting agendas");
  cmd->require_subcommand(1);

  auto* create =
      cmd->add_subcommand("create", "Create a panel, owned by the agency named as --area");
  AddCommonFlags(create, *opt);
  create->add_option("--code", opt->panel.code, "Unique code, e.g. met-stalking-clinic")
      ->required();
  create->add_option("--name", opt->panel.name, "Name shown to people")->required();
  create->add_option("--kind", opt->panel.kind, "stalking_clinic, matac or marac")->required();
  create->add_option("--area", opt->panel.area, "Code of the agency (force) that runs it")
      ->required();
  create->add_option("--schedule", opt->panel.schedule,
                     "When it meets, e.g. \"weekly on Tuesday\"");
  create->callback([opt] { RunCreate(*opt); });

  auto* list = cmd->add_subcommand("list", "List the panels");
  AddCommonFlags(list, *opt);
  list->callback([opt] { RunList(*opt); });

  auto* agenda = cmd->add_subcommand(
      "agenda", "The agenda of one meeting: nominations, then cases due for review");
  AddCommonFlags(agenda, *opt);
  agenda->add_option("--panel", opt->panel_id, "The panel's id")->required();
  agenda->add_option("--date", opt->date, "The meeting's date, YYYY-MM-DD")->required();
  agenda->callback([opt] { RunAgenda(*opt); });
}

}  // namespace threadline::app
