#include "refdata/refdata.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "refdata/embedded.hpp"

namespace threadline::refdata {

RefData::RefData(std::string override_dir) : override_dir_(std::move(override_dir)) {}

std::optional<std::string> RefData::Read(std::string_view path) const {
  // Refuse anything that could climb out of the override directory.
  if (path.empty() || path.front() == '/' || path.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  if (!override_dir_.empty()) {
    std::ifstream in(override_dir_ + "/" + std::string(path), std::ios::binary);
    if (in) {
      std::ostringstream buf;
      buf << in.rdbuf();
      return buf.str();
    }
  }
  for (const auto& f : EmbeddedFiles()) {
    if (f.path == path) return std::string(f.content);
  }
  return std::nullopt;
}

std::vector<std::string> RefData::List(std::string_view prefix) const {
  std::vector<std::string> out;
  for (const auto& f : EmbeddedFiles()) {
    if (f.path.substr(0, prefix.size()) == prefix) out.emplace_back(f.path);
  }
  return out;
}

RefData FromEnvironment() {
  const char* dir = std::getenv("THREADLINE_DATA_DIR");
  return RefData(dir != nullptr ? dir : "");
}

std::vector<std::vector<std::string>> ParseSimpleTable(std::string_view content) {
  std::vector<std::vector<std::string>> rows;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          fields.back() += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          fields.back() += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace threadline::refdata
