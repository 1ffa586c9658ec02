// The types of the structured engine (core/structured/types.h): the type of a schema's
// name, the type inferred for an expression, and the text the messages print.

#include <gtest/gtest.h>

#include <string>

#include "core/structured/dataframe.h"
#include "core/structured/types.h"
#include "core/value/schema.h"

namespace tideline::structured {
namespace {

DataFrame Input() {
  Result<Schema> s = ParseSchema(
      "a INT, b BIGINT, d DOUBLE, s STRING, ts TIMESTAMP, arr ARRAY<INT>, m DECIMAL(10,2)");
  EXPECT_TRUE(s.ok());
  return DataFrame::Source("in", *s, true);
}

// The type of one expression over Input(), as printed.
std::string TypeText(const std::string& e) {
  DataFrame df = Input().SelectExpr({e});
  EXPECT_TRUE(df.ok()) << df.status().message();
  return df.ok() ? df.columns()[0].type.text : "?";
}

TEST(StructuredTypes, NamesOfSchemasAndCasts) {
  EXPECT_EQ(SqlType::Named("BIGINT").kind, SqlKind::kBigInt);
  EXPECT_EQ(SqlType::Named("").kind, SqlKind::kUnknown);
  SqlType dec = SqlType::Named("DECIMAL(10,2)");
  EXPECT_EQ(dec.kind, SqlKind::kDecimal);  // a decimal, as in Spark; it was a name the engine did not know
  EXPECT_EQ(dec.text, "DECIMAL(10,2)");
  SqlType arr = SqlType::Named("ARRAY<STRUCT<X:INT,Y:STRING>>");
  EXPECT_EQ(FieldType(ElementType(arr), "y").kind, SqlKind::kString);
  EXPECT_EQ(CastName("long"), "BIGINT");
  EXPECT_EQ(CastName("float"), "FLOAT");
  EXPECT_EQ(CastType("real").kind, SqlKind::kDouble);
  EXPECT_EQ(CastType("varchar(5)").text, "VARCHAR(5)");
  EXPECT_EQ(CastType("varchar(5)").kind, SqlKind::kString);  // it was a name the engine did not know
  EXPECT_EQ(CatalogString(WindowType()), "struct<start:timestamp,end:timestamp>");
  EXPECT_EQ(CatalogString(SqlType::Named("STRUCT<Ab:ARRAY<INT>>")), "struct<Ab:array<int>>");
  // Built from the parts, as Spark prints them: the spaces and synonyms as written are not
  // kept (they were: "struct<Ab: array<long>>").
  EXPECT_EQ(CatalogString(SqlType::Named("STRUCT<Ab: ARRAY<LONG>, c DECIMAL(10,2)>")),
            "struct<Ab:array<bigint>,c:decimal(10,2)>");
}

// A struct field written `name: T` has the type T (it was the unknown type " T").
TEST(StructuredTypes, StructFieldsWrittenWithASpace) {
  Result<Schema> s = ParseSchema("p STRUCT<x: INT, y DOUBLE>");
  ASSERT_TRUE(s.ok());
  DataFrame df = DataFrame::Source("in", *s, true).SelectExpr({"p.x + 1", "p.y * 2"});
  ASSERT_TRUE(df.ok()) << df.status().message();
  EXPECT_EQ(df.columns()[0].type.text, "INT");
  EXPECT_EQ(df.columns()[1].type.kind, SqlKind::kDouble);
}

TEST(StructuredTypes, InferredTypesPrintAsSpark) {
  EXPECT_EQ(TypeText("a + 1"), "INT");
  EXPECT_EQ(TypeText("a + b"), "BIGINT");
  EXPECT_EQ(TypeText("a / 2"), "DOUBLE");
  EXPECT_EQ(TypeText("NULL"), "VOID");
  EXPECT_EQ(TypeText("CAST(a AS long)"), "BIGINT");
  EXPECT_EQ(TypeText("CAST(a AS decimal(10,2))"), "DECIMAL(10, 2)");  // as the parser writes it
  EXPECT_EQ(TypeText("m"), "DECIMAL(10,2)");
  EXPECT_EQ(TypeText("ts + INTERVAL 1 SECOND"), "TIMESTAMP");
  EXPECT_EQ(TypeText("arr[0] * 2"), "INT");
  EXPECT_EQ(TypeText("window(ts, '10 seconds').start"), "TIMESTAMP");
  EXPECT_EQ(TypeText("split(s, ',')"), "ARRAY<STRING>");
  EXPECT_EQ(TypeText("upper(s) || 'x'"), "STRING");
  EXPECT_EQ(TypeText("array(a, 2)"), "");  // a call whose type is not inferred
}

TEST(StructuredTypes, MessagesPrintTheType) {
  DataFrame f = Input().Where("a + 1");
  ASSERT_FALSE(f.ok());
  const std::string want = "Filter expression \"(a + 1)\" of type \"INT\" is not a boolean.";
  EXPECT_NE(f.status().message().find(want), std::string::npos)
      << f.status().message();
  DataFrame w = Input().WithWatermark("arr", "10 seconds");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("but arr is of type array<int>."), std::string::npos)
      << w.status().message();
}

}  // namespace
}  // namespace tideline::structured
