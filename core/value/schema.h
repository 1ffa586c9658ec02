#pragma once
// Schema: the columns of a table or a typed input, parsed from Spark's DDL form
// ("word STRING, ts TIMESTAMP, n INT NOT NULL"). Immutable; thread-compatible.

#include <string>
#include <string_view>
#include <vector>

#include "core/common/status.h"
#include "core/value/value.h"

namespace tideline {

struct Field {
  std::string name;
  std::string type;  // upper case, normalized: INT, BIGINT, DOUBLE, STRING, BOOLEAN, TIMESTAMP, ARRAY<..>, STRUCT<..>
  bool nullable = true;
};

struct Schema {
  std::vector<Field> fields;
  int Find(std::string_view name) const;  // case-insensitive; -1 when absent
  std::vector<std::string> names() const;
  const StructType* struct_type() const { return StructType::Get(names()); }
};

// Parses "name TYPE [NOT NULL], ...". Errors give the offset of the problem in `message`.
Result<Schema> ParseSchema(std::string_view ddl);

// The types a text cell can be read as, resolved once from a type name.
enum class CellType { kString, kInt, kBigInt, kDouble, kBoolean, kTimestamp, kDate, kOther };
CellType CellTypeOf(std::string_view type);

// Reads one field of text as `type` (a CSV cell). Returns false when it does not parse.
bool ParseTyped(std::string_view text, std::string_view type, Value* out);
bool ParseCell(std::string_view text, CellType type, Value* out);

}  // namespace tideline
