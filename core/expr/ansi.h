#pragma once
// Spark 4.0's ANSI mode (`spark.sql.ansi.enabled`, true by default in Spark 4.0): a division
// by zero, an integer overflow, a malformed or overflowing cast and an array index out of
// bounds raise errors with Spark's error classes instead of giving null or wrapping, and
// the try_* functions give null instead. Spark fixes each expression's mode when the
// expression is built (EvalMode.fromSQLConf in Cast, Add, Divide, ElementAt, ...); so does
// Compile: it reads AnsiEnabled() of the compiling thread, which an AnsiScope sets (the
// structured builder, from the scenario's configuration). Outside any scope expressions
// follow the non-ANSI rules (DStream closures, and Spark SQL with the setting off).

#include <string>
#include <string_view>

#include "core/value/value.h"

namespace tideline::expr {

bool AnsiEnabled();

// Expressions compiled on this thread while the scope lives follow ANSI mode when `on`.
class AnsiScope {
 public:
  explicit AnsiScope(bool on);
  ~AnsiScope();
  AnsiScope(const AnsiScope&) = delete;
  AnsiScope& operator=(const AnsiScope&) = delete;

 private:
  bool saved_;
};

// Whether a configuration value turns ANSI mode on: "true" (any case, Spark's boolean
// conf) or, unset, Spark 4.0's default.
bool AnsiSetting(std::string_view value);

// Spark's messages (error-conditions.json), with the error class in brackets and the
// SQLSTATE at the end, as Spark's SparkThrowable prints them.
std::string DivideByZeroError();
// `what`: "long overflow", "integer overflow"; `hint`: the try_ function, e.g. "try_add".
std::string ArithmeticOverflowError(std::string_view what, std::string_view hint);
// `to`: the SQL type name ("INT", "TIMESTAMP"); the value is written as a SQL literal.
std::string CastInvalidInputError(const Value& v, std::string_view to);
std::string CastOverflowError(const Value& v, std::string_view to);
// arr[i] (0-based; `element_at` false) or element_at(arr, i) (1-based).
std::string InvalidArrayIndexError(int64_t index, size_t size, bool element_at);

// A value as Spark's toSQLValue writes it: 'text', 12L, 1.5D, TIMESTAMP '...'.
std::string SqlLiteral(const Value& v);
// The SQL type name of a value, quoted as Spark's toSQLType: "STRING", "BIGINT", ...
std::string SqlTypeName(const Value& v);

// ANSI CAST: CastValue, raising CAST_INVALID_INPUT for malformed input and CAST_OVERFLOW
// for a number beyond the target's range.
Value AnsiCastValue(const Value& v, std::string_view type);

}  // namespace tideline::expr
