#pragma once
// SqlType: a Spark SQL data type, the one representation of types below the engines. It
// is read from Spark's DDL names (INT, ARRAY<INT>, STRUCT<a: INT, b STRING>,
// DECIMAL(10,2)) by the file sources, and its kind (SqlKind) is how a text cell is read
// (schema.h: the CSV cells of both engines). The structured engine types its columns and
// expressions with it too (structured/types.h), which needs a few more kinds: VOID (a null
// literal), INTERVAL, a type it does not model (kOther: the name alone, in `text`) and an
// unknown type (kUnknown, with an empty `text`). A plain value type; thread-safe to share.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value/value.h"

namespace tideline {

enum class SqlKind : uint8_t {
  kString, kTinyInt, kSmallInt, kInt, kBigInt, kDouble, kBoolean, kTimestamp, kDate, kArray, kStruct,
  kVoid, kInterval, kOther, kUnknown
};

struct SqlType {
  SqlKind kind = SqlKind::kUnknown;
  std::string text;                 // as written, for messages
  std::vector<SqlType> children;    // ARRAY: the element; STRUCT: one per field
  std::vector<std::string> names;   // STRUCT field names
  const StructType* struct_type = nullptr;
  const char* spark_class = "";     // DoubleType or FloatType, for JSON's FAILFAST message

  bool is_scalar() const { return kind != SqlKind::kArray && kind != SqlKind::kStruct; }
  // Parses a DDL type name (case-insensitive, synonyms such as LONG, REAL and VARCHAR(5)
  // included); nullopt when it is not one.
  static std::optional<SqlType> Parse(std::string_view ddl);

  // The same type: kind, field names and children alike, and for kOther the same name.
  bool operator==(const SqlType& o) const;
};

// Whether an integer fits a kind: TINYINT, SMALLINT and INT have Java's ranges; any other
// kind takes every int64.
bool InIntRange(int64_t v, SqlKind kind);

}  // namespace tideline
