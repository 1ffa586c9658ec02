#pragma once
// The SQL types of columns and expressions (SqlType, core/value/sql_type.h), as far as the
// engine needs them: to infer a column's type from its expression, to check an operator's
// input types with Spark's messages, and to print types as Spark does. A type's `text` is
// its name as the engine prints it (INT, ARRAY<INT>, STRUCT<start:TIMESTAMP,end:TIMESTAMP>,
// DECIMAL(10,2)); the kind is what the engine computes with. Stateless; thread-safe.

#include <string>
#include <string_view>

#include "core/expr/ast.h"
#include "core/structured/plan.h"
#include "core/value/sql_type.h"

namespace tideline::structured {

// The type of a kind without parts: STRING, ..., DATE, VOID, INTERVAL; kUnknown for another kind.
SqlType ScalarType(SqlKind kind);
// ARRAY<element>.
SqlType ArrayOf(SqlType element);
// The type of a time or session window column: STRUCT<start:TIMESTAMP,end:TIMESTAMP>.
const SqlType& WindowType();
// The type name in Spark's automatic name of CAST(x AS T): upper case, LONG as BIGINT and
// INTEGER as INT.
std::string CastName(std::string_view written);
// The type a cast computes: CastName's, with FLOAT and REAL as DOUBLE, read by SqlType::Named.
SqlType CastType(std::string_view written);

// The type of a resolved expression (column references are "#i"); kUnknown when unknown.
SqlType InferType(const expr::Node& n, const Columns& cols);
// The element type of ARRAY<T>, or kUnknown.
SqlType ElementType(const SqlType& type);
// The type of field `name` (case-insensitive) of STRUCT<a:T,...>, or kUnknown.
SqlType FieldType(const SqlType& type, const std::string& name);
// Spark's DataType.catalogString, built from the type's parts: int, bigint (for LONG too),
// struct<start:timestamp,end:timestamp>; DECIMAL and a type not modeled are their text in
// lower case.
std::string CatalogString(const SqlType& type);
bool IsIntegral(const SqlType& type);
bool IsNumeric(const SqlType& type);
// The type of a literal value.
SqlType TypeOfValue(const Value& v);

}  // namespace tideline::structured
