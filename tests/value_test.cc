#include <gtest/gtest.h>

#include <algorithm>

#include "core/value/json.h"
#include "core/value/schema.h"
#include "core/value/value.h"

namespace tideline {
namespace {

TEST(ValueTest, StoresShortStringsInlineAndLongOnesShared) {
  Value a = Value::String("short");
  Value b = Value::String(std::string(100, 'x'));
  Value c = b;
  EXPECT_EQ(a.str(), "short");
  EXPECT_EQ(c.str().size(), 100u);
  EXPECT_EQ(b, c);
}

TEST(ValueTest, CanonicalOrderFollowsTheSpec) {
  std::vector<Value> v = {Value::Tuple({Value::Int(1)}), Value::String("b"), Value::Double(1.5), Value::Null(),
                          Value::Ts(Timestamp::FromSeconds(1)), Value::Bool(true), Value::Int(2), Value::Bool(false),
                          Value::String("a")};
  std::sort(v.begin(), v.end());
  std::vector<std::string> shown;
  for (const auto& x : v) shown.push_back(x.ToJson());
  EXPECT_EQ(shown, (std::vector<std::string>{"null", "false", "true", "1.5", "2", "\"a\"", "\"b\"",
                                             "\"1970-01-01 00:00:01\"", "[1]"}));
}

TEST(ValueTest, IntAndDoubleAreDistinctKeysButMatchInChecks) {
  EXPECT_NE(Value::Int(1), Value::Double(1.0));
  EXPECT_TRUE(Value::Matches(Value::Int(1), Value::Double(1.0)));
  EXPECT_TRUE(Value::Matches(Value::Tuple({Value::String("a"), Value::Int(1)}),
                             Value::Array({Value::String("a"), Value::Double(1)})));
}

TEST(ValueTest, DisplaysAsScalaDoes) {
  EXPECT_EQ(Value::Pair(Value::String("a"), Value::Int(1)).ToDisplay(), "(a,1)");
  EXPECT_EQ(Value::Double(1.0).ToDisplay(), "1.0");
  EXPECT_EQ(Value::Double(1e7).ToDisplay(), "1.0E7");
  EXPECT_EQ(Value::Double(0.001).ToDisplay(), "0.001");
  EXPECT_EQ(Value::Double(123.456).ToDisplay(), "123.456");
  EXPECT_EQ(Value::Array({Value::Int(1), Value::Int(2)}).ToDisplay(), "[1, 2]");
}

TEST(JsonTest, ParsesDocuments) {
  auto v = ParseJson(R"({"t": 10, "input": "a", "data": [1, 2.5, "x", null, true]})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->ToJson(), R"({"t":10,"input":"a","data":[1,2.5,"x",null,true]})");
  EXPECT_FALSE(ParseJson("{\"a\": }").ok());
}

TEST(JsonTest, TypedJsonRoundTripsEveryType) {
  Value v = Value::Array({Value::Pair(Value::String("k"), Value::Double(2.0)), Value::Ts(Timestamp::FromMillis(5)),
                          Value::Struct(StructType::Get({"a", "b"}), {Value::Int(1), Value::Null()})});
  std::string s;
  AppendTypedJson(v, &s);
  auto parsed = ParseJson(s);
  ASSERT_TRUE(parsed.ok());
  auto back = DecodeTypedJson(*parsed);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(Value::Compare(*back, v), 0);
  EXPECT_EQ((*back)[0].type(), ValueType::kTuple);
  EXPECT_EQ((*back)[0][1].type(), ValueType::kDouble);
}

TEST(SchemaTest, ParsesDdlAndTypedCells) {
  auto s = ParseSchema("time TIMESTAMP, id LONG NOT NULL, price DOUBLE, side STRING");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->fields.size(), 4u);
  EXPECT_EQ(s->fields[1].type, "BIGINT");
  EXPECT_FALSE(s->fields[1].nullable);
  Value v;
  EXPECT_TRUE(ParseTyped("2016-03-22 20:25:28", "TIMESTAMP", &v));
  EXPECT_EQ(v.as_ts().ToString(), "2016-03-22 20:25:28");
  EXPECT_TRUE(ParseTyped("51.00", "DOUBLE", &v));
  EXPECT_EQ(v.as_double(), 51.0);
  EXPECT_FALSE(ParseTyped("lots", "INT", &v));
  EXPECT_FALSE(ParseSchema("a WIBBLE").ok());
}

}  // namespace
}  // namespace tideline
