// The JSON reader (core/value/json.h, on simdjson) and what it decides for the JSON file
// source: which inputs are values, which are errors, and so which records are corrupt.
// Spark reads JSON with Jackson configured by JSONOptions (allowBackslashEscapingAnyCharacter,
// allowUnquotedControlChars, allowNumericLeadingZeros false; no leading plus sign) and parses
// a JSON file's lines from their bytes (CreateJacksonParser.text); docs/hardening.md lists
// the decisions.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/common/limits.h"
#include "core/structured/formats.h"
#include "core/value/json.h"

namespace tideline {
namespace {

std::string Json(std::string_view text) {
  Result<Value> v = ParseJson(text);
  return v.ok() ? v->ToJson() : "error: " + v.status().message();
}

bool Fails(std::string_view text) { return !ParseJson(text).ok(); }

TEST(JsonReaderTest, KeepsFieldOrderAndTypes) {
  EXPECT_EQ(Json(R"({"z": 1, "a": [true, null, "s"], "m": {}})"), R"({"z":1,"a":[true,null,"s"],"m":{}})");
  EXPECT_EQ(Json("  7 "), "7");
  EXPECT_EQ(Json(R"("x\n\u00e9\ud83d\ude00")"), "\"x\\n\u00e9\U0001F600\"");
}

TEST(JsonReaderTest, Numbers) {
  EXPECT_EQ(ParseJson("-0")->type(), ValueType::kInt);  // Jackson: VALUE_NUMBER_INT 0
  EXPECT_EQ(ParseJson("-0")->as_int(), 0);
  EXPECT_TRUE(std::signbit(ParseJson("-0.0")->as_double()));
  EXPECT_EQ(ParseJson("1e2")->type(), ValueType::kDouble);  // an exponent makes a double
  EXPECT_EQ(ParseJson("1E+2")->as_double(), 100.0);
  EXPECT_EQ(ParseJson("25e-1")->as_double(), 2.5);
  EXPECT_EQ(ParseJson("9223372036854775807")->type(), ValueType::kInt);
  // Beyond 64 bits an integer is a double, as before (Jackson's getDoubleValue).
  EXPECT_EQ(ParseJson("9223372036854775808")->type(), ValueType::kDouble);
  EXPECT_EQ(ParseJson("123456789012345678901234567890")->as_double(), 1.2345678901234568e29);
  EXPECT_EQ(ParseJson("-123456789012345678901234567890")->as_double(), -1.2345678901234568e29);
  EXPECT_EQ(Json("[99999999999999999999]"), "[1.0E20]");
  // Jackson without ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS / ALLOW_NUMERIC_LEADING_ZEROS.
  EXPECT_TRUE(Fails("+1"));
  EXPECT_TRUE(Fails(R"({"n": +1})"));
  EXPECT_TRUE(Fails("01"));
  EXPECT_TRUE(Fails("1."));
  EXPECT_TRUE(Fails("-"));
}

TEST(JsonReaderTest, StringsFollowJackson) {
  // A lone surrogate escape: Jackson keeps the UTF-16 unit, UTF8String.fromString writes '?'.
  EXPECT_EQ(Json(R"("a\ud800b")"), R"("a?b")");
  EXPECT_EQ(Json(R"(["\udc00", "\ud800\u0041"])"), R"(["?","?A"])");
  EXPECT_EQ(Json(R"({"k\ud800": "\\ud800"})"), R"({"k?":"\\ud800"})");  // an escaped backslash stays
  // Invalid UTF-8 inside a string: Jackson's UTF8StreamJsonParser reports an invalid byte.
  EXPECT_TRUE(Fails("\"a\xff\""));
  EXPECT_TRUE(Fails("\"a\xc3\""));
  // Escapes other than JSON's and raw control characters (Spark's defaults refuse both).
  EXPECT_TRUE(Fails(R"("\a")"));
  EXPECT_TRUE(Fails("\"a\tb\""));
  EXPECT_TRUE(Fails("'single'"));  // allowSingleQuotes is not supported (see hardening.md)
}

TEST(JsonReaderTest, StructureErrors) {
  EXPECT_EQ(Json(R"({"a":1,"a":2})"), R"({"a":1,"a":2})");  // duplicate names are both kept
  EXPECT_TRUE(Fails(R"({"a":1} x)"));
  EXPECT_TRUE(Fails("[1,2"));
  EXPECT_TRUE(Fails(""));
  Result<Value> r = ParseJson(R"({"a": tru})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("invalid JSON at column 7", 0), 0u) << r.status().message();
}

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonReaderTest, NestingBeyondTheLimitIsAnError) {
  EXPECT_TRUE(ParseJson(Nested(limits::kMaxValueDepth)).ok());
  Result<Value> r = ParseJson(Nested(limits::kMaxValueDepth + 1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nesting too deep"), std::string::npos) << r.status().message();
  EXPECT_TRUE(Fails(Nested(100000)));
  EXPECT_TRUE(Fails(std::string(100000, '{')));
}

// Which lines of a JSON file are corrupt records.
int64_t Malformed(std::string_view content) {
  Result<Schema> schema = ParseSchema("n DOUBLE, s STRING, _corrupt_record STRING");
  Result<structured::ParsedFile> f = structured::ParseFileContent("json", content, *schema, {}, "f.json");
  return f.ok() ? f->malformed : -1;
}

TEST(JsonReaderTest, CorruptRecordsOfTheJsonSource) {
  EXPECT_EQ(Malformed("{\"n\": 1, \"s\": \"a\"}\n"), 0);
  EXPECT_EQ(Malformed("{\"n\": +1}\n"), 1);
  EXPECT_EQ(Malformed("{\"s\": \"a\xff\"}\n"), 1);
  EXPECT_EQ(Malformed("{\"s\": \"\\ud800\"}\n"), 0);
  EXPECT_EQ(Malformed(Nested(100000) + "\n"), 1);
  EXPECT_EQ(Malformed("{\"n\": 1, \"n\": 2}\n"), 0);
  EXPECT_EQ(Malformed("{\"n\": 123456789012345678901234567890}\n"), 0);
  EXPECT_EQ(Malformed("{\"n\": -0}\n{\"n\": 1e2}\n"), 0);
  Result<Schema> schema = ParseSchema("n DOUBLE, s STRING");
  Result<structured::ParsedFile> f = structured::ParseFileContent(
      "json", "{\"n\": 1, \"n\": 2.5, \"s\": \"\\ud800x\"}\n", *schema, {}, "f.json");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->rows.size(), 1u);
  EXPECT_EQ(f->rows[0][0].as_double(), 2.5);  // the last duplicate wins (convertObject)
  EXPECT_EQ(f->rows[0][1].str(), "?x");
}

}  // namespace
}  // namespace tideline
