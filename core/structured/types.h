#pragma once
// Spark SQL type names of columns and expressions, as far as the engine needs
// them: to infer a column's type from its expression, to check an operator's
// input types with Spark's messages, and to print types as Spark does.

#include <string>

#include "core/expr/ast.h"
#include "core/structured/plan.h"

namespace tideline::structured {

// The type of a resolved expression (column references are "#i"), or "" when unknown.
std::string InferType(const expr::Node& n, const Columns& cols);
// The element type of ARRAY<T>, or "".
std::string ElementType(const std::string& type);
// The type of field `name` of STRUCT<a:T,...>, or "".
std::string FieldType(const std::string& type, const std::string& name);
// Spark's DataType.catalogString: int, bigint, timestamp, struct<start:timestamp,end:timestamp>.
std::string CatalogString(const std::string& type);
bool IsIntegral(const std::string& type);
bool IsNumeric(const std::string& type);
// The type of a literal value.
std::string TypeOfValue(const Value& v);

}  // namespace tideline::structured
