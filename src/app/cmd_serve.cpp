#include <iostream>

#include "app/commands.hpp"
#include "app/serve_common.hpp"

namespace threadline::app {

void RegisterServeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Serve the API over HTTP on an existing database");
  auto store_flags = std::make_shared<StoreFlags>();
  auto serve_flags = std::make_shared<ServeFlags>();
  AddStoreFlags(cmd, *store_flags);
  AddServeFlags(cmd, *serve_flags);
  cmd->callback([store_flags, serve_flags] {
    ConfigureLogging();
    auto store = OpenStoreOrExit(*store_flags, ServerConcurrency(*store_flags, *serve_flags));
    ServeOrExit(*store, *serve_flags, [](const std::string& url) {
      std::cout << "Threadline is listening on " << url << std::endl;
    });
  });
}

void RegisterMigrateCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("migrate", "Create the database or bring its schema up to date");
  auto flags = std::make_shared<StoreFlags>();
  AddStoreFlags(cmd, *flags);
  cmd->callback([flags] {
    auto store = OpenStoreOrExit(*flags);  // opening applies pending migrations
    std::cout << "Database " << flags->db << " is up to date.\n";
  });
}

}  // namespace threadline::app
