#pragma once
// SqlType: a Spark SQL data type, the one representation of types below the engines. It
// is read from Spark's DDL names (INT, ARRAY<INT>, STRUCT<a: INT, b STRING>,
// DECIMAL(10,2)) for a schema's fields (schema.h), and its kind (SqlKind) is how a cell is
// read (CellKindOf: the CSV cells of both engines, the file sources' cells). The structured
// engine types its columns and expressions with it too (structured/types.h), which needs a
// few more kinds: VOID (a null literal), INTERVAL, a type it does not model (kOther: the
// name alone, in `text`) and an unknown type (kUnknown, with an empty `text`). DECIMAL has
// its kind though the engine has no decimal values: its cells are read as doubles. A plain
// value type; thread-safe to share.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value/value.h"

namespace tideline {

enum class SqlKind : uint8_t {
  kString, kTinyInt, kSmallInt, kInt, kBigInt, kDouble, kDecimal, kBoolean, kTimestamp, kDate, kArray, kStruct,
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
  // Reads a DDL type name as Spark's DDL parser does: case-insensitive, with synonyms
  // (LONG, REAL, VARCHAR(5), ...), a parameter list that does not change how a cell is read
  // (DECIMAL(10,2)), and struct fields written `name: T` or `name T` alike. A name it does
  // not know is kOther, a part of a type too (ARRAY<MAP<STRING,INT>>); the whole text is
  // kOther when it is not a type name at all, and "" is kUnknown. Each part's `text` is as
  // written, without the spaces around it.
  static SqlType Named(std::string_view ddl);
  // Whether this type and its parts are all kinds a cell can hold: no kOther, VOID,
  // INTERVAL or kUnknown anywhere.
  bool is_modeled() const;

  // The same type: kind, field names and children alike, and for kOther the same name.
  bool operator==(const SqlType& o) const;
};

// Whether an integer fits a kind: TINYINT, SMALLINT and INT have Java's ranges; any other
// kind takes every int64.
bool InIntRange(int64_t v, SqlKind kind);

}  // namespace tideline
