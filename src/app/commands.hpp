#pragma once
// Each subcommand of the `threadline` executable lives in its own cmd_*.cpp
// and is registered here. A command parses its flags, calls into services or
// engines, prints, and signals failure by throwing CLI::RuntimeError(code)
// (main turns it into the process exit code; 1 = failed, 2 = bad input).

#include <CLI/CLI.hpp>

namespace threadline::app {

void RegisterVersionCommand(CLI::App& app);
void RegisterScreenCommand(CLI::App& app);
void RegisterServeCommand(CLI::App& app);
void RegisterMigrateCommand(CLI::App& app);
void RegisterDemoCommand(CLI::App& app);
void RegisterLinkCommand(CLI::App& app);
void RegisterSynthCommand(CLI::App& app);
void RegisterKeysCommand(CLI::App& app);
void RegisterAuditCommand(CLI::App& app);
void RegisterExportSubjectCommand(CLI::App& app);
void RegisterRankCommand(CLI::App& app);
void RegisterReportCommand(CLI::App& app);
void RegisterPanelCommand(CLI::App& app);

}  // namespace threadline::app
