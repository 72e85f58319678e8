// Starts or stops the PostgreSQL server that a CTest run shares among the
// store test programs (postgres_server.hpp), as the fixture around them:
//   threadline_test_postgres start STATE_FILE
//   threadline_test_postgres stop STATE_FILE
// `start` fails, with the reason, when the server binaries are missing, so
// the tests that need the server fail rather than skip.
#include <cstdio>
#include <exception>
#include <string>

#include "postgres_server.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s start|stop STATE_FILE\n", argv[0]);
    return 2;
  }
  const std::string command = argv[1];
  try {
    if (command == "start") {
      threadline::testing::PostgresServer::StartDetached(argv[2]);
    } else if (command == "stop") {
      threadline::testing::PostgresServer::StopDetached(argv[2]);
    } else {
      std::fprintf(stderr, "unknown command %s\n", argv[1]);
      return 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
