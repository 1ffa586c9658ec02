// Fuzzes the CSV tokenizer and the typed cells of CSV sources: the first line is a
// schema, every other line a record parsed against it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/value/csv.h"
#include "core/value/schema.h"

using namespace tideline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t nl = text.find('\n');
  std::string_view ddl = text.substr(0, nl);
  auto schema = ParseSchema(ddl);
  std::string_view rest = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  std::vector<std::string_view> fields;
  std::string storage;
  while (!rest.empty()) {
    size_t e = rest.find('\n');
    std::string_view line = rest.substr(0, e);
    rest = e == std::string_view::npos ? std::string_view() : rest.substr(e + 1);
    SplitCsvLine(line, ',', &fields, &storage);
    for (size_t i = 0; i < fields.size(); ++i) {
      Value v;
      (void)ParseCell(fields[i], SqlKind::kBigInt, &v);
      (void)ParseCell(fields[i], SqlKind::kDouble, &v);
      (void)ParseCell(fields[i], SqlKind::kTimestamp, &v);
      if (schema.ok() && i < schema->fields.size()) {
        if (auto kind = CellKindOf(schema->fields[i].type)) {
          (void)ParseCell(fields[i], *kind, &v);
          (void)ParseCellInline(fields[i], *kind, &v);
        }
      }
    }
  }
  return 0;
}
