#include <gtest/gtest.h>

#include "core/expr/expr.h"

namespace tideline::expr {
namespace {

Value Eval(const std::string& text, std::vector<std::pair<std::string, Value>> vars = {}) {
  Scope scope;
  for (const auto& [n, v] : vars) scope.Add(n);
  auto e = CompileText(text, scope);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  if (!e.ok()) return Value();
  std::vector<Value> slots(static_cast<size_t>(std::max(1, e->num_slots())));
  std::vector<const Value*> params;
  for (const auto& v : vars) params.push_back(&v.second);
  EvalEnv env{slots.data(), Timestamp::FromSeconds(42), params.data()};
  return e->Eval(env);
}

TEST(ExprTest, ArithmeticFollowsSpark) {
  EXPECT_EQ(Eval("1 + 2 * 3"), Value::Int(7));
  EXPECT_EQ(Eval("7 / 2"), Value::Double(3.5));  // always DOUBLE
  EXPECT_EQ(Eval("7 DIV 2"), Value::Int(3));
  EXPECT_EQ(Eval("7 % 3"), Value::Int(1));
  EXPECT_TRUE(Eval("1 / 0").is_null());
  EXPECT_TRUE(Eval("1 + null").is_null());
  EXPECT_EQ(Eval("-(2 + 3)"), Value::Int(-5));
}

TEST(ExprTest, LogicIsThreeValued) {
  EXPECT_EQ(Eval("true OR null"), Value::Bool(true));
  EXPECT_TRUE(Eval("false OR null").is_null());
  EXPECT_EQ(Eval("false AND null"), Value::Bool(false));
  EXPECT_EQ(Eval("NOT (1 = 2)"), Value::Bool(true));
  EXPECT_EQ(Eval("null <=> null"), Value::Bool(true));
  EXPECT_EQ(Eval("3 BETWEEN 1 AND 5"), Value::Bool(true));
  EXPECT_EQ(Eval("'b' IN ('a', 'b')"), Value::Bool(true));
  EXPECT_EQ(Eval("'abc' LIKE 'a%'"), Value::Bool(true));
}

TEST(ExprTest, TuplesAndFields) {
  Value pair = Value::Pair(Value::String("a"), Value::Int(3));
  EXPECT_EQ(Eval("x._2 + 1", {{"x", pair}}), Value::Int(4));
  EXPECT_EQ(Eval("(x._1, x._2 * 2)", {{"x", pair}}).ToDisplay(), "(a,6)");
  // An index beyond any tuple names no element; it must not wrap around to _1.
  EXPECT_THROW(Eval("x._3", {{"x", pair}}), std::exception);
  EXPECT_THROW(Eval("x._4294967297", {{"x", pair}}), std::exception);
  EXPECT_THROW(Eval("x._1999990000001590897978359414784", {{"x", pair}}), std::exception);
  EXPECT_EQ(Eval("[1, 2, 3][1]"), Value::Int(2));
  EXPECT_EQ(Eval("struct(1 AS a, 'z' AS b).b"), Value::String("z"));
}

TEST(ExprTest, CastsAsSparkDoes) {
  EXPECT_EQ(Eval("CAST('12' AS INT)"), Value::Int(12));
  EXPECT_TRUE(Eval("CAST('x' AS INT)").is_null());
  EXPECT_EQ(Eval("CAST(10 AS TIMESTAMP)").as_ts().ToString(), "1970-01-01 00:00:10");
  EXPECT_EQ(Eval("CAST(1.0 AS STRING)"), Value::String("1.0"));
  EXPECT_EQ(Eval("CAST(2.9 AS INT)"), Value::Int(2));
}

TEST(ExprTest, FunctionsAndHigherOrderFunctions) {
  EXPECT_EQ(Eval("split('a b  c', ' ')").ToDisplay(), "[a, b, , c]");
  EXPECT_EQ(Eval("sum([1, 2, 3])"), Value::Int(6));
  EXPECT_EQ(Eval("sum(array())"), Value::Int(0));
  EXPECT_TRUE(Eval("max(array())").is_null());
  EXPECT_EQ(Eval("coalesce(null, 5)"), Value::Int(5));
  EXPECT_EQ(Eval("transform([1, 2], x -> x * 10)").ToDisplay(), "[10, 20]");
  EXPECT_EQ(Eval("aggregate([1, 2, 3], 0, (acc, x) -> acc + x)"), Value::Int(6));
  EXPECT_EQ(Eval("upper(concat('a', 'b'))"), Value::String("AB"));
  EXPECT_EQ(Eval("regexp_extract('a12b', '([0-9]+)', 1)"), Value::String("12"));
  EXPECT_EQ(Eval("regexp_replace('a1b2', '[0-9]', '#')"), Value::String("a#b#"));
  EXPECT_TRUE(Eval("regexp_replace(null, 'x', 'y')").is_null());
  EXPECT_EQ(Eval("split('a1b22c', '[0-9]+')").ToDisplay(), "[a, b, c]");
  EXPECT_EQ(Eval("size(sort_array([3, 1, 2]))"), Value::Int(3));
  EXPECT_EQ(Eval("CASE WHEN 1 > 2 THEN 'x' ELSE 'y' END"), Value::String("y"));
  EXPECT_EQ(Eval("current_timestamp()").as_ts(), Timestamp::FromSeconds(42));
  EXPECT_EQ(Eval("CAST('2020-01-01 00:00:00' AS TIMESTAMP) + INTERVAL 5 SECONDS").as_ts().ToString(),
            "2020-01-01 00:00:05");
}

TEST(ExprTest, ErrorsNameTheLineColumnAndToken) {
  ExprSource src{SourcePos{"f.yaml", 7, 12}};
  auto e = CompileText("x + + * 2", Scope{"x"}, src);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().ToString(), "f.yaml:7:18: error: unexpected token '*' in expression");
  auto u = CompileText("y + 1", Scope{"x"}, src);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().ToString().find("f.yaml:7:12: error: [UNRESOLVED_COLUMN.WITH_SUGGESTION]"), std::string::npos);
  auto f = CompileText("frobnicate(x)", Scope{"x"}, src);
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("frobnicate"), std::string::npos);
}

TEST(ExprTest, CompiledOnceEvaluatedMany) {
  auto e = CompileText("x * 2", Scope{"x"});
  ASSERT_TRUE(e.ok());
  Value x;
  const Value* params[] = {&x};
  EvalEnv env{nullptr, Timestamp(), params};
  int64_t sum = 0;
  for (int i = 0; i < 1000; ++i) {
    x = Value::Int(i);
    sum += e->Eval(env).as_int();
  }
  EXPECT_EQ(sum, 999 * 1000);
}

}  // namespace
}  // namespace tideline::expr
