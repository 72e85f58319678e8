#include "store/migrations.hpp"

namespace threadline::store {

int MigrationVersion(std::string_view file_name) {
  const size_t slash = file_name.rfind('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  int version = 0;
  size_t i = 0;
  for (; i < file_name.size() && file_name[i] >= '0' && file_name[i] <= '9'; ++i) {
    version = version * 10 + (file_name[i] - '0');
  }
  if (i == 0 || i >= file_name.size() || file_name[i] != '_') return -1;
  if (file_name.size() < 4 || file_name.substr(file_name.size() - 4) != ".sql") return -1;
  return version;
}

}  // namespace threadline::store
