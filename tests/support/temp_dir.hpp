#pragma once
// A directory under the system temp folder, removed when the object dies.
// Named after the running test so parallel test processes never collide;
// a test needing more than one gives the others a suffix.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace threadline::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& suffix = "") {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "threadline_" + std::to_string(::getpid());
    if (info != nullptr) name += std::string("_") + info->test_suite_name() + "_" + info->name();
    if (!suffix.empty()) name += "_" + suffix;
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace threadline::testing
