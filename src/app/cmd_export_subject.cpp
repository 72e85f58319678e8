// `threadline export-subject PERSON`: everything held about one person, for a
// data protection officer to check before answering a subject access request.

#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "app/serve_common.hpp"
#include "domain/datetime.hpp"
#include "services/subject_access.hpp"

namespace threadline::app {

void RegisterExportSubjectCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "export-subject", "Export everything held about one person (subject access), as JSON");
  auto store_flags = std::make_shared<StoreFlags>();
  auto person = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  AddStoreFlags(cmd, *store_flags);
  cmd->add_option("person", *person, "The person record's id")->required();
  cmd->add_option("--out", *out, "Write to this file instead of standard output");
  cmd->callback([store_flags, person, out] {
    auto store = OpenStoreOrExit(*store_flags);
    auto exported = services::ExportSubject(*store, services::Actor::System("cli"), *person,
                                            domain::NowSeconds());
    if (!exported.ok()) {
      std::cerr << "threadline: " << exported.error().message << "\n";
      throw CLI::RuntimeError(exported.error().code == ErrorCode::kNotFound ? 4 : 1);
    }
    if (out->empty()) {
      std::cout << *exported << "\n";
      return;
    }
    std::ofstream file(*out, std::ios::trunc);
    file << *exported << "\n";
    if (!file) {
      std::cerr << "threadline: cannot write " << *out << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cerr << "Wrote the subject access export to " << *out
              << ". Check the flagged narratives and answers before disclosure.\n";
  });
}

}  // namespace threadline::app
