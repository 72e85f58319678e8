#pragma once
// What `threadline rank` and `threadline panel` share: an existing database
// opened as `serve` opens it, the panel service over it, and the way a
// service error becomes an exit status.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "app/serve_common.hpp"
#include "refdata/refdata.hpp"
#include "risk/harm_ranking.hpp"
#include "services/access_control.hpp"
#include "services/clock.hpp"
#include "services/panel_service.hpp"
#include "store/open_store.hpp"

namespace threadline::app {

// Exit status for a record that does not exist (as `export-subject`).
constexpr int kExitNotFound = 4;

[[noreturn]] inline void ExitWithError(const std::string& command, const Error& error) {
  std::cerr << "threadline " << command << ": " << error.message << "\n";
  for (const auto& f : error.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      throw CLI::RuntimeError(2);
    case ErrorCode::kNotFound:
      throw CLI::RuntimeError(kExitNotFound);
    default:
      if (!error.log_detail.empty()) std::cerr << "  " << error.log_detail << "\n";
      throw CLI::RuntimeError(1);
  }
}

// An existing database opened as `serve` opens it, with the access rules;
// a missing file is an error, never a new empty database.
class ExistingStoreCli {
 public:
  ExistingStoreCli(const std::string& command, const StoreFlags& flags) {
    std::error_code ec;
    if (!store::IsPostgresUrl(flags.db) && !std::filesystem::is_regular_file(flags.db, ec)) {
      std::cerr << "threadline " << command << ": no database at " << flags.db << "\n";
      throw CLI::RuntimeError(1);
    }
    store_ = OpenStoreOrExit(flags);
    auto access =
        services::AccessControl::Load(refdata::FromEnvironment(), services::SystemClock());
    if (!access.ok()) ExitWithError(command, access.error());
    access_ = std::make_unique<services::AccessControl>(std::move(*access));
  }

  store::Store& store() { return *store_; }
  const services::AccessControl& access() { return *access_; }

 protected:
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<services::AccessControl> access_;
};

// The panel service over an existing database.
class PanelCli : public ExistingStoreCli {
 public:
  PanelCli(const std::string& command, const StoreFlags& flags) : ExistingStoreCli(command, flags) {
    const refdata::RefData data = refdata::FromEnvironment();
    auto model = risk::RfgvModel::Load(data);
    if (!model.ok()) ExitWithError(command, model.error());
    model_ = std::make_unique<risk::RfgvModel>(std::move(*model));
    service_ = std::make_unique<services::PanelService>(*store_, *access_, *model_,
                                                        services::SystemClock());
  }

  services::PanelService& service() { return *service_; }

 private:
  std::unique_ptr<risk::RfgvModel> model_;
  std::unique_ptr<services::PanelService> service_;
};

}  // namespace threadline::app
