// Spark 4.0's ANSI mode (core/expr/ansi.h): each error class raised with ANSI on, the
// LEGACY result with it off, and the try_* twin giving null in either mode. Messages are
// Spark's (error-conditions.json).

#include <gtest/gtest.h>

#include <string>

#include "core/expr/ansi.h"
#include "core/expr/expr.h"
#include "tests/test_util.h"

namespace tideline::expr {
namespace {

struct Outcome {
  Value value;
  std::string error;  // the EvalError's text, or empty
};

Outcome Evaluate(const std::string& text, bool ansi) {
  AnsiScope scope(ansi);
  auto e = CompileText(text, Scope{});
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  if (!e.ok()) return {};
  std::vector<Value> slots(static_cast<size_t>(std::max(1, e->num_slots())));
  EvalEnv env{slots.data(), Timestamp::FromSeconds(42), nullptr};
  try {
    return {e->Eval(env), ""};
  } catch (const EvalError& err) {
    return {Value(), err.what()};
  }
}

// `text` fails with ANSI on (the message starts with `error`), gives `legacy` with it off,
// and its try_ form `try_text` gives null either way.
void ExpectAnsiError(const std::string& text, const std::string& error, const Value& legacy, const std::string& try_text) {
  Outcome on = Evaluate(text, true);
  EXPECT_EQ(on.error.rfind(error, 0), 0u) << text << " -> " << on.error;
  Outcome off = Evaluate(text, false);
  EXPECT_TRUE(off.error.empty()) << text << " -> " << off.error;
  EXPECT_EQ(off.value, legacy) << text;
  for (bool ansi : {true, false}) {
    Outcome t = Evaluate(try_text, ansi);
    EXPECT_TRUE(t.error.empty()) << try_text << " -> " << t.error;
    EXPECT_TRUE(t.value.is_null()) << try_text << " gives " << t.value.ToDisplay();
  }
}

TEST(AnsiTest, DivisionByZero) {
  ExpectAnsiError("1 / 0", "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide`", Value(), "try_divide(1, 0)");
  ExpectAnsiError("1.5 / 0.0", "[DIVIDE_BY_ZERO]", Value(), "try_divide(1.5, 0.0)");
  ExpectAnsiError("7 % 0", "[DIVIDE_BY_ZERO]", Value(), "try_mod(7, 0)");
  ExpectAnsiError("7 DIV 0", "[DIVIDE_BY_ZERO]", Value(), "try_divide(7, 0)");
  EXPECT_NE(Evaluate("1 / 0", true).error.find("If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22012"),
            std::string::npos);
  EXPECT_EQ(Evaluate("try_divide(7, 2)", true).value, Value::Double(3.5));
}

TEST(AnsiTest, LongOverflow) {
  const int64_t max = INT64_MAX;
  ExpectAnsiError("9223372036854775807 + 1", "[ARITHMETIC_OVERFLOW] long overflow. Use 'try_add' to tolerate overflow",
                  Value::Int(INT64_MIN), "try_add(9223372036854775807, 1)");
  ExpectAnsiError("-9223372036854775807 - 2", "[ARITHMETIC_OVERFLOW] long overflow. Use 'try_subtract'",
                  Value::Int(max), "try_subtract(-9223372036854775807, 2)");
  ExpectAnsiError("4611686018427387904 * 2", "[ARITHMETIC_OVERFLOW] long overflow. Use 'try_multiply'", Value::Int(INT64_MIN),
                  "try_multiply(4611686018427387904, 2)");
  EXPECT_EQ(Evaluate("try_add(40, 2)", true).value, Value::Int(42));
  EXPECT_EQ(Evaluate("try_multiply(6, 7)", false).value, Value::Int(42));
}

TEST(AnsiTest, InvalidCast) {
  ExpectAnsiError("CAST('abc' AS INT)",
                  "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \"INT\" because it is "
                  "malformed. Correct the value as per the syntax, or change its target type. Use `try_cast`",
                  Value(), "TRY_CAST('abc' AS INT)");
  ExpectAnsiError("CAST('12:xx' AS TIMESTAMP)", "[CAST_INVALID_INPUT] The value '12:xx' of the type \"STRING\" cannot be cast to \"TIMESTAMP\"",
                  Value(), "try_cast('12:xx' AS TIMESTAMP)");
  ExpectAnsiError("CAST(1e10 AS INT)", "[CAST_OVERFLOW] The value 1.0E10D of the type \"DOUBLE\" cannot be cast to \"INT\" due to an overflow.",
                  Value::Int(INT32_MAX), "TRY_CAST(1e10 AS INT)");
  EXPECT_EQ(Evaluate("CAST('42' AS INT)", true).value, Value::Int(42));
  EXPECT_EQ(Evaluate("TRY_CAST('42' AS INT)", true).value, Value::Int(42));
}

TEST(AnsiTest, ArrayIndexOutOfBounds) {
  ExpectAnsiError("array(1, 2, 3)[5]",
                  "[INVALID_ARRAY_INDEX] The index 5 is out of bounds. The array has 3 elements. Use the SQL function `get()`",
                  Value(), "get(array(1, 2, 3), 5)");
  ExpectAnsiError("element_at(array(1, 2, 3), 4)",
                  "[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index 4 is out of bounds. The array has 3 elements. Use `try_element_at`",
                  Value(), "try_element_at(array(1, 2, 3), -4)");
  EXPECT_EQ(Evaluate("element_at(array(1, 2, 3), -1)", true).value, Value::Int(3));
  EXPECT_EQ(Evaluate("get(array(1, 2, 3), 0)", true).value, Value::Int(1));
  // Index 0 of element_at is an error in both modes (INVALID_INDEX_OF_ZERO).
  EXPECT_NE(Evaluate("element_at(array(1), 0)", false).error.find("INVALID_INDEX_OF_ZERO"), std::string::npos);
}

TEST(AnsiTest, BadTimestamp) {
  ExpectAnsiError("to_timestamp('not a time')", "[CANNOT_PARSE_TIMESTAMP]", Value(), "try_to_timestamp('not a time')");
  EXPECT_EQ(Evaluate("try_to_timestamp('2024-01-01 12:00:00')", true).value.type(), ValueType::kTimestamp);
}

TEST(AnsiTest, TheSettingIsReadAsSparkReadsABoolean) {
  EXPECT_TRUE(AnsiSetting(""));  // Spark 4.0's default
  EXPECT_TRUE(AnsiSetting("TRUE"));
  EXPECT_FALSE(AnsiSetting("false"));
  EXPECT_FALSE(AnsiEnabled());  // outside a scope: the LEGACY rules of DStream closures
}

// A structured query takes the mode from its scenario's configuration (on by default): the
// batch that divides by zero fails with Spark's message, or gives null with ANSI off.
std::string DivisionScenario(const std::string& config, const std::string& after) {
  return "tideline: 1\ntitle: ansi\napi: structured\n" + config +
         "inputs:\n  input: {type: memory, schema: \"a INT, b INT\"}\n"
         "query:\n  from: input\n  ops:\n    - select: [\"a / b AS q\"]\n"
         "sink:\n  format: memory\n  outputMode: append\n"
         "steps:\n  - addData: {input: [[1, 2]]}\n  - checkAnswer: [0.5]\n  - addData: {input: [[1, 0]]}\n" + after;
}

TEST(AnsiTest, AStructuredQueryFollowsItsScenariosSetting) {
  auto on = testing_util::RunText(DivisionScenario("", "  - expectFailure: {contains: [\"[DIVIDE_BY_ZERO] Division by zero\", \"try_divide\"]}\n"));
  EXPECT_TRUE(on.passed) << on.error << on.failure;
  auto on_no_failure = testing_util::RunText(DivisionScenario("", "  - checkAnswer: [0.5, null]\n"));
  EXPECT_FALSE(on_no_failure.passed);
  auto off = testing_util::RunText(
      DivisionScenario("config: {spark.sql.ansi.enabled: \"false\"}\n", "  - checkAnswer: [0.5, null]\n"));
  EXPECT_TRUE(off.passed) << off.error << off.failure;
}

}  // namespace
}  // namespace tideline::expr
