// libFuzzer target: the CSV reader, column mapping and every normaliser must
// accept any bytes without crashing (built only with clang).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "linkage/column_map.hpp"
#include "linkage/features.hpp"
#include "linkage/normalize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threadline::linkage;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CsvOptions options;
  options.skip_initial_space = size % 2 == 0;
  auto table = ParseCsv(text, options);
  if (table.ok() && !table->header.empty()) {
    ColumnMapping mapping;
    mapping.columns = {{table->header[0], Role::kFullName},
                       {table->header[0], Role::kDob},
                       {table->header[0], Role::kPhone}};
    auto mapped = MapRecords(*table, mapping);
    if (mapped.ok()) {
      for (const auto& r : mapped->records) (void)BuildFeatures(r, NicknameTable());
    }
  }
  (void)ParseDob(text);
  (void)NormalizePostcode(text);
  (void)NormalizePhone(text);
  (void)NormalizeEmail(text);
  (void)NormalizeHandle(text);
  (void)SplitFullName(text);
  return 0;
}
