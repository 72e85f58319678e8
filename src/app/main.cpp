// The `threadline` executable: one subcommand per job (see commands.hpp).
#include <exception>
#include <iostream>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Threadline: multi-agency stalking response platform"};
  app.require_subcommand(1);
  threadline::app::RegisterVersionCommand(app);
  threadline::app::RegisterScreenCommand(app);
  threadline::app::RegisterServeCommand(app);
  threadline::app::RegisterMigrateCommand(app);
  threadline::app::RegisterDemoCommand(app);
  threadline::app::RegisterLinkCommand(app);
  threadline::app::RegisterSynthCommand(app);
  threadline::app::RegisterKeysCommand(app);
  threadline::app::RegisterAuditCommand(app);
  threadline::app::RegisterExportSubjectCommand(app);
  threadline::app::RegisterRankCommand(app);
  threadline::app::RegisterReportCommand(app);
  threadline::app::RegisterPanelCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "threadline: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
