// `threadline rank --area FORCE`: the force's perpetrators ranked by harm
// (RFGV), highest first, with the breakdown a panel reads.
#include <boost/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/commands.hpp"
#include "app/panel_cli.hpp"
#include "services/actor.hpp"

namespace threadline::app {
namespace {

struct RankOptions {
  StoreFlags store;
  std::string area;
  size_t top = services::PanelService::kDefaultTopN;
  std::string as_of;
  std::string format = "text";
};

boost::json::object ToJson(const services::Ranking& r) {
  boost::json::array ranked;
  for (const auto& p : r.ranked) {
    ranked.push_back(boost::json::object{
        {"rank", p.rank},
        {"person_id", p.person_id},
        {"score", p.score},
        {"recency", {{"points", p.recency_points}, {"days_since_last", p.days_since_last}}},
        {"frequency", {{"points", p.frequency_points}, {"incidents", p.incidents}}},
        {"gravity", {{"points", p.gravity_points}, {"harm_days", p.gravity}}},
        {"victims", {{"points", p.victim_points}, {"distinct", p.victims}}},
        {"serial", p.serial},
        {"explanation", p.explanation},
        {"model_version", p.model_version}});
  }
  return {{"force", r.force_code},
          {"as_of", r.as_of},
          {"model_version", r.model_version},
          {"lookback_days", r.lookback_days},
          {"pseudonymised", r.pseudonymised},
          {"reports", r.reports},
          {"perpetrators", r.perpetrators},
          {"ranked", std::move(ranked)}};
}

void PrintText(const services::Ranking& r) {
  std::cout << "Harm ranking of " << r.force_code << " on " << r.as_of << " (" << r.model_version
            << ", look-back " << r.lookback_days << " days)\n"
            << r.reports << " reports read, " << r.perpetrators << " perpetrators scored";
  if (r.ranked.empty()) {
    std::cout << "; nobody to rank.\n";
    return;
  }
  std::cout << "; the top " << r.ranked.size() << ":\n\n";
  char line[160];
  std::snprintf(line, sizeof line, "%4s %5s %3s %3s %3s %3s  %-6s  %s\n", "rank", "score", "R", "F",
                "G", "V", "serial", "person");
  std::cout << line;
  for (const auto& p : r.ranked) {
    std::snprintf(line, sizeof line, "%4d %5d %3d %3d %3d %3d  %-6s  ", p.rank, p.score,
                  p.recency_points, p.frequency_points, p.gravity_points, p.victim_points,
                  p.serial ? "yes" : "");
    std::cout << line << p.person_id << "\n" << std::string(17, ' ') << p.explanation << "\n";
  }
}

void RunRank(const RankOptions& opt) {
  PanelCli cli("rank", opt.store);
  auto ranking = cli.service().Rank(services::Actor::System("cli"), {opt.area, opt.top, opt.as_of});
  if (!ranking.ok()) ExitWithError("rank", ranking.error());
  if (opt.format == "json") {
    std::cout << boost::json::serialize(ToJson(*ranking)) << "\n";
  } else {
    PrintText(*ranking);
  }
}

}  // namespace

void RegisterRankCommand(CLI::App& app) {
  auto opt = std::make_shared<RankOptions>();
  auto* cmd = app.add_subcommand(
      "rank", "Rank a force's perpetrators by harm (recency, frequency, gravity, victims)");
  AddStoreFlags(cmd, opt->store);
  cmd->add_option("--area", opt->area, "The police force's code, e.g. met")->required();
  cmd->add_option("--top", opt->top, "How many to list")
      ->check(CLI::Range(size_t{1}, services::PanelService::kMaxTopN))
      ->capture_default_str();
  cmd->add_option("--as-of", opt->as_of, "The day to rank on, YYYY-MM-DD (default: today)");
  cmd->add_option("--format", opt->format, "Output format")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  cmd->callback([opt] { RunRank(*opt); });
}

}  // namespace threadline::app
