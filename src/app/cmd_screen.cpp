// `threadline screen`: screen one report's answers and print the result.
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "refdata/refdata.hpp"
#include "screening/render.hpp"
#include "screening/screener.hpp"

namespace threadline::app {
namespace {

struct ScreenOptions {
  std::string answers_path;
  std::string overrides_path;
  std::string format = "text";
  bool questionnaire = false;
};

std::string ReadFileOrFail(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "threadline screen: cannot read " << path << "\n";
    throw CLI::RuntimeError(2);
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

[[noreturn]] void FailWith(const std::string& what, const Error& error) {
  std::cerr << "threadline screen: " << what << ": " << error.message << "\n";
  for (const auto& f : error.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
  throw CLI::RuntimeError(2);
}

void RunScreen(const ScreenOptions& opt) {
  auto screener = screening::Screener::Load(refdata::FromEnvironment());
  if (!screener.ok()) {
    std::cerr << "threadline screen: reference data: " << screener.error().message << "\n";
    for (const auto& f : screener.error().fields)
      std::cerr << "  " << f.field << ": " << f.message << "\n";
    throw CLI::RuntimeError(1);
  }
  if (opt.questionnaire) {
    std::cout << boost::json::serialize(screener->questionnaire().ToJson()) << "\n";
    return;
  }
  if (opt.answers_path.empty()) {
    std::cerr << "threadline screen: --answers FILE.json is required\n";
    throw CLI::RuntimeError(2);
  }
  auto answers = screener->ParseAnswers(ReadFileOrFail(opt.answers_path));
  if (!answers.ok()) FailWith(opt.answers_path, answers.error());
  screening::Overrides overrides;
  if (!opt.overrides_path.empty()) {
    auto parsed = screener->ParseOverrides(ReadFileOrFail(opt.overrides_path));
    if (!parsed.ok()) FailWith(opt.overrides_path, parsed.error());
    overrides = std::move(parsed).value();
  }
  const auto result = screener->Classify(*answers, overrides);
  if (opt.format == "json") {
    std::cout << screening::ToJsonText(result) << "\n";
  } else {
    std::cout << screening::ToText(result);
  }
}

}  // namespace

void RegisterScreenCommand(CLI::App& app) {
  auto opt = std::make_shared<ScreenOptions>();
  auto* cmd = app.add_subcommand("screen",
                                 "Screen a report's answers: classification, reasons, "
                                 "crime recording, risk and actions");
  cmd->add_option("--answers", opt->answers_path, "Answers JSON file (see docs/screening.md)");
  cmd->add_option("--overrides", opt->overrides_path,
                  "Supervisor overrides JSON file: answers replaced, rules switched off");
  cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"json", "text"}));
  cmd->add_flag("--questionnaire", opt->questionnaire, "Print the questionnaire as JSON and exit");
  cmd->callback([opt] { RunScreen(*opt); });
}

}  // namespace threadline::app
