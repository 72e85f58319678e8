#include <iostream>

#include "app/commands.hpp"

namespace threadline::app {

void RegisterVersionCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("version", "Print the version and exit");
  cmd->callback([] { std::cout << "threadline " << THREADLINE_VERSION << "\n"; });
}

}  // namespace threadline::app
