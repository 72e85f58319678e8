#pragma once
// Starts the real `threadline serve` executable on an ephemeral loopback port
// for HTTP tests, and stops it with SIGTERM. Its standard output (the request
// log) is kept in a file the test can read.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

extern char** environ;

namespace threadline::testing {

inline std::string BinaryPath() {
  const char* path = std::getenv("THREADLINE_BINARY");
  return path != nullptr ? path : THREADLINE_TEST_BINARY;
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Starts the executable with `args` (after its own path), standard output
// and error both written to `log`. Returns the process id, or -1.
inline pid_t SpawnThreadline(std::vector<std::string> args, const std::string& log) {
  args.insert(args.begin(), BinaryPath());
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return spawned == 0 ? pid : -1;
}

struct CliRun {
  int exit_code = -1;  // -1: it could not be started
  std::string output;  // standard output and error together
};

// Runs the executable to completion with output to `log`. A run still going
// after `timeout` is killed, so a command that unexpectedly starts serving
// fails its test instead of hanging the suite.
inline CliRun RunThreadline(std::vector<std::string> args, const std::string& log,
                            std::chrono::seconds timeout = std::chrono::seconds(120)) {
  CliRun run;
  const pid_t pid = SpawnThreadline(std::move(args), log);
  if (pid < 0) return run;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) != pid) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.output = ReadWholeFile(log);
  return run;
}

class ServerProcess {
 public:
  // `extra` flags are appended to `<command> --db ... --listen 127.0.0.1:0`;
  // `command` is `serve` or `demo`.
  ServerProcess(const TempDir& dir, std::vector<std::string> extra = {},
                const std::string& command = "serve")
      : db_(dir.File("server.db")), log_(dir.File("server.log")) {
    const std::string port_file = dir.File("port");
    std::filesystem::remove(port_file);  // a port left by an earlier server is stale
    std::vector<std::string> args = {command,    "--db",        db_,
                                     "--listen", "127.0.0.1:0", "--port-file",
                                     port_file,  "--threads",   "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = SpawnThreadline(std::move(args), log_);
    if (pid_ < 0) throw std::runtime_error("cannot start " + BinaryPath());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(port_file);
      if (in >> port_ && port_ > 0) return;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("threadline serve exited early:\n" + Log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("threadline serve did not start listening:\n" + Log());
  }

  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  // Sends SIGTERM and waits; returns the exit status (or -1 on timeout).
  int Stop(std::chrono::seconds timeout = std::chrono::seconds(20)) {
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

  std::string Log() const { return ReadWholeFile(log_); }

  int port() const { return port_; }
  const std::string& db() const { return db_; }

 private:
  std::string db_;
  std::string log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace threadline::testing
