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
  EXPECT_EQ(s->fields[1].type.text, "BIGINT");
  EXPECT_EQ(s->fields[1].type.kind, SqlKind::kBigInt);
  EXPECT_FALSE(s->fields[1].nullable);
  Value v;
  EXPECT_TRUE(ParseCell("2016-03-22 20:25:28", *CellKindOf(s->fields[0].type), &v));
  EXPECT_EQ(v.as_ts().ToString(), "2016-03-22 20:25:28");
  EXPECT_TRUE(ParseCell("51.00", *CellKindOf(s->fields[2].type), &v));
  EXPECT_EQ(v.as_double(), 51.0);
  EXPECT_FALSE(ParseCell("lots", SqlKind::kInt, &v));
  EXPECT_FALSE(ParseSchema("a WIBBLE").ok());
}

// A field's type is read by SqlType::Named, as Spark's DDL parser reads it: a struct's
// fields may be written `name: T` or `name T`, and DECIMAL(p,s) is a decimal (its cells
// read as doubles). The text printed in messages stays as written.
TEST(SchemaTest, FieldTypesAreReadAsSparkDdl) {
  auto s = ParseSchema("a STRUCT<x: INT, y STRING>, b STRUCT<x:INT,y:STRING>, m DECIMAL(10,2), l ARRAY<LONG>");
  ASSERT_TRUE(s.ok());
  const SqlType& a = s->fields[0].type;
  EXPECT_EQ(a.text, "STRUCT<X: INT, Y STRING>");
  ASSERT_EQ(a.kind, SqlKind::kStruct);
  EXPECT_EQ(a.names, (std::vector<std::string>{"X", "Y"}));
  EXPECT_EQ(a.children[0].kind, SqlKind::kInt);
  EXPECT_EQ(a.children[0].text, "INT");  // no longer " INT", an unknown type
  EXPECT_EQ(a, s->fields[1].type);
  const SqlType& m = s->fields[2].type;
  EXPECT_EQ(m.kind, SqlKind::kDecimal);
  EXPECT_EQ(m.text, "DECIMAL(10,2)");
  EXPECT_EQ(CellKindOf(m), SqlKind::kDouble);
  EXPECT_EQ(s->fields[3].type.children[0].kind, SqlKind::kBigInt);
  EXPECT_EQ(s->fields[3].type.children[0].text, "LONG");
}

// Spark's DDL synonyms with a length or another name are schema types too; names the
// engine does not model are not.
TEST(SchemaTest, DdlSynonymsAreTypes) {
  auto s = ParseSchema("c VARCHAR(5), b BYTE, n NUMERIC(5,1)");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->fields[0].type.kind, SqlKind::kString);
  EXPECT_EQ(s->fields[0].type.text, "VARCHAR(5)");
  EXPECT_EQ(s->fields[1].type.kind, SqlKind::kTinyInt);
  EXPECT_EQ(s->fields[2].type.kind, SqlKind::kDecimal);
  EXPECT_FALSE(ParseSchema("m MAP<STRING,INT>").ok());
  EXPECT_FALSE(ParseSchema("v VOID").ok());
  EXPECT_EQ(SqlType::Named("ARRAY<MAP<STRING,INT>>").children[0].kind, SqlKind::kOther);
  EXPECT_FALSE(SqlType::Named("ARRAY<MAP<STRING,INT>>").is_modeled());
  EXPECT_EQ(SqlType::Named("").kind, SqlKind::kUnknown);
  EXPECT_EQ(SqlType::Named("ARRAY<").kind, SqlKind::kOther);
}

}  // namespace
}  // namespace tideline
