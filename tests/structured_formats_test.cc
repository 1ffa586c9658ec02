// Tests of core/structured/formats: the console sink's text, the file sources'
// parse modes and the file sink's lines and metadata log. Expected texts are
// transcribed from Spark's own suites where they exist (DataFrameSuite,
// DatasetSuite, FileStreamSinkLogSuite) and otherwise derived from the Spark
// 4.0 source named in each test.

#include "core/structured/formats.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tideline::structured {
namespace {

Value S(std::string_view s) { return Value::String(s); }
Value I(int64_t i) { return Value::Int(i); }
Value D(double d) { return Value::Double(d); }
Value Ts(int64_t seconds) { return Value::Ts(Timestamp::FromSeconds(seconds)); }

// DataFrameSuite's testData: (1,"1") ... (100,"100").
std::vector<std::vector<Value>> TestData() {
  std::vector<std::vector<Value>> rows;
  for (int i = 1; i <= 100; ++i) rows.push_back({I(i), S(std::to_string(i))});
  return rows;
}

Schema MustSchema(std::string_view ddl) {
  Result<Schema> s = ParseSchema(ddl);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : Schema{};
}

// Rows printed as PrettyString, one row per line, cells separated by " | ".
std::string Dump(const std::vector<std::vector<Value>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + PrettyString(row[i]);
    out += "\n";
  }
  return out;
}

ParsedFile MustParse(std::string_view format, std::string_view content, std::string_view ddl,
                     ReadOptions opts = {}) {
  Result<ParsedFile> r = ParseFileContent(format, content, MustSchema(ddl), opts, "in/f1");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : ParsedFile{};
}

// --- Console sink ----------------------------------------------------------

// DataFrameSuite "showString: truncate = [0, 20]".
TEST(FormatsShow, TruncateZeroAndTwenty) {
  const std::vector<std::vector<Value>> rows = {{S("1")}, {S(std::string(21, '1'))}};
  EXPECT_EQ(ShowString({"value"}, rows, 10, 0),
            "+---------------------+\n"
            "|value                |\n"
            "+---------------------+\n"
            "|1                    |\n"
            "|111111111111111111111|\n"
            "+---------------------+\n");
  EXPECT_EQ(ShowString({"value"}, rows, 10, 20),
            "+--------------------+\n"
            "|               value|\n"
            "+--------------------+\n"
            "|                   1|\n"
            "|11111111111111111...|\n"
            "+--------------------+\n");
}

// DataFrameSuite "showString: truncate = [3, 17]": column names are never cut.
TEST(FormatsShow, TruncateThreeAndSeventeen) {
  const std::vector<std::vector<Value>> rows = {{S("1")}, {S(std::string(21, '1'))}};
  EXPECT_EQ(ShowString({"value"}, rows, 10, 3),
            "+-----+\n|value|\n+-----+\n|    1|\n|  111|\n+-----+\n");
  EXPECT_EQ(ShowString({"value"}, rows, 10, 17),
            "+-----------------+\n"
            "|            value|\n"
            "+-----------------+\n"
            "|                1|\n"
            "|11111111111111...|\n"
            "+-----------------+\n");
}

// DataFrameSuite "showString(negative)", "showString(0)" and "SPARK-7319 showString";
// Spark 4.0 (SPARK-49806) no longer ends the footer with a newline.
TEST(FormatsShow, FooterWhenRowsAreLeftOut) {
  const std::string none = "+---+-----+\n|key|value|\n+---+-----+\n+---+-----+\nonly showing top 0 rows";
  EXPECT_EQ(ShowString({"key", "value"}, TestData(), -1, 20), none);
  EXPECT_EQ(ShowString({"key", "value"}, TestData(), 0, 20), none);
  EXPECT_EQ(ShowString({"key", "value"}, TestData(), 1, 20),
            "+---+-----+\n|key|value|\n+---+-----+\n|  1|    1|\n+---+-----+\nonly showing top 1 row");
}

// DataFrameSuite "showString(Int.MaxValue)", "minimum column width" and
// "SPARK-7327 show with empty dataFrame".
TEST(FormatsShow, AllRowsShownAndMinimumWidth) {
  EXPECT_EQ(ShowString({"a", "b"}, {{I(1), I(2)}, {I(3), I(4)}}, 2147483647, 20),
            "+---+---+\n|  a|  b|\n+---+---+\n|  1|  2|\n|  3|  4|\n+---+---+\n");
  EXPECT_EQ(ShowString({"_1", "_2"}, {{I(1), I(1)}, {I(2), I(2)}}, 10, 20),
            "+---+---+\n| _1| _2|\n+---+---+\n|  1|  1|\n|  2|  2|\n+---+---+\n");
  EXPECT_EQ(ShowString({"key", "value"}, {}, 1, 20), "+---+-----+\n|key|value|\n+---+-----+\n+---+-----+\n");
}

// DataFrameSuite "showString: array" and "SPARK-23023 Cast rows to strings in showString".
TEST(FormatsShow, ArraysAndStructs) {
  const Value a123 = Value::Array({I(1), I(2), I(3)});
  const Value a234 = Value::Array({I(2), I(3), I(4)});
  EXPECT_EQ(ShowString({"_1", "_2"}, {{a123, a123}, {a234, a234}}, 10, 20),
            "+---------+---------+\n"
            "|       _1|       _2|\n"
            "+---------+---------+\n"
            "|[1, 2, 3]|[1, 2, 3]|\n"
            "|[2, 3, 4]|[2, 3, 4]|\n"
            "+---------+---------+\n");
  EXPECT_EQ(ShowString({"a", "b"}, {{Value::Tuple({I(1), S("a")}), I(0)}, {Value::Tuple({I(2), S("b")}), I(0)}}, 10, 20),
            "+------+---+\n|     a|  b|\n+------+---+\n|{1, a}|  0|\n|{2, b}|  0|\n+------+---+\n");
}

// DataFrameSuite "SPARK-33690: showString: escape meta-characters".
TEST(FormatsShow, EscapesMetaCharacters) {
  const std::string raw = "aaa\nbbb\tccc\rddd\feee\bfff\vggg\ahhh";
  EXPECT_EQ(ShowString({raw}, {{S(raw)}}, 1, 0),
            "+--------------------------------------+\n"
            "|aaa\\nbbb\\tccc\\rddd\\feee\\bfff\\vggg\\ahhh|\n"
            "+--------------------------------------+\n"
            "|aaa\\nbbb\\tccc\\rddd\\feee\\bfff\\vggg\\ahhh|\n"
            "+--------------------------------------+\n");
  EXPECT_EQ(ShowString({"array(" + raw + ")"}, {{Value::Array({S(raw)})}}, 1, 0),
            "+---------------------------------------------+\n"
            "|array(aaa\\nbbb\\tccc\\rddd\\feee\\bfff\\vggg\\ahhh)|\n"
            "+---------------------------------------------+\n"
            "|[aaa\\nbbb\\tccc\\rddd\\feee\\bfff\\vggg\\ahhh]     |\n"
            "+---------------------------------------------+\n");
}

// DatasetSuite "SPARK-25108 Fix the show method to display the full width
// character alignment problem", with Spark 4.0's NULL.
TEST(FormatsShow, FullWidthCharactersCountTwice) {
  const char* a[] = {nullptr, "", "ab c", "1098", "m\u00F8", "\u03B3\u03CD\u03C1", "p\u00EA", "\u30FC",
                     "\u6D4B", "\u304B", "\uAC78", "\u00E0", "\u713C", "\u7F8D\u3080", "\uBEAD\u1F98",
                     "\u0967\u0968\u0969"};
  std::vector<std::vector<Value>> rows;
  for (const char* s : a) rows.push_back({I(0), s ? S(s) : Value::Null(), I(1)});
  EXPECT_EQ(ShowString({"b", "a", "c"}, rows, 20, 20),
            "+---+----+---+\n"
            "|  b|   a|  c|\n"
            "+---+----+---+\n"
            "|  0|NULL|  1|\n"
            "|  0|    |  1|\n"
            "|  0|ab c|  1|\n"
            "|  0|1098|  1|\n"
            "|  0|  m\u00F8|  1|\n"
            "|  0| \u03B3\u03CD\u03C1|  1|\n"
            "|  0|  p\u00EA|  1|\n"
            "|  0|  \u30FC|  1|\n"
            "|  0|  \u6D4B|  1|\n"
            "|  0|  \u304B|  1|\n"
            "|  0|  \uAC78|  1|\n"
            "|  0|   \u00E0|  1|\n"
            "|  0|  \u713C|  1|\n"
            "|  0|\u7F8D\u3080|  1|\n"
            "|  0| \uBEAD\u1F98|  1|\n"
            "|  0| \u0967\u0968\u0969|  1|\n"
            "+---+----+---+\n");
}

// ToPrettyString (catalyst/expressions/ToPrettyString.scala, ToStringBase.scala):
// NULL everywhere, Java doubles, UTC timestamps without trailing zeros.
TEST(FormatsShow, PrettyStringOfEachType) {
  EXPECT_EQ(PrettyString(Value::Null()), "NULL");
  EXPECT_EQ(PrettyString(Value::Array({I(1), Value::Null()})), "[1, NULL]");
  EXPECT_EQ(PrettyString(Value::Tuple({Value::Null(), S("x")})), "{NULL, x}");
  EXPECT_EQ(PrettyString(D(1.0)), "1.0");
  EXPECT_EQ(PrettyString(D(1e10)), "1.0E10");
  EXPECT_EQ(PrettyString(D(0.0001)), "1.0E-4");
  EXPECT_EQ(PrettyString(D(std::nan(""))), "NaN");
  EXPECT_EQ(PrettyString(D(-HUGE_VAL)), "-Infinity");
  EXPECT_EQ(PrettyString(Value::Bool(true)), "true");
  EXPECT_EQ(PrettyString(Ts(1480579200)), "2016-12-01 08:00:00");  // DataFrameSuite SPARK-18350, UTC
  EXPECT_EQ(PrettyString(Value::Ts(Timestamp::FromMicros(10'500'000))), "1970-01-01 00:00:10.5");
  EXPECT_EQ(PrettyString(Value::Ts(Timestamp::FromMicros(-1))), "1969-12-31 23:59:59.999999");
}

// ConsoleWrite.printRows: three println lines, then show(numRows, truncate), which
// is println(showString): an empty line after a table, none after a footer.
TEST(FormatsShow, ConsoleBatchBlock) {
  EXPECT_EQ(ConsoleBatch(0, {"value", "count"}, {{S("cat"), I(1)}}, 20, 20),
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+-----+-----+\n"
            "|value|count|\n"
            "+-----+-----+\n"
            "|  cat|    1|\n"
            "+-----+-----+\n"
            "\n");
  EXPECT_EQ(ConsoleBatch(7, {"n"}, {{I(1)}, {I(2)}}, 1, 0),
            "-------------------------------------------\n"
            "Batch: 7\n"
            "-------------------------------------------\n"
            "+---+\n|n  |\n+---+\n|1  |\n+---+\nonly showing top 1 row\n");
}

// --- Parse modes --------------------------------------------------------------

// ParseMode.fromString: case-insensitive, unknown modes fall back to PERMISSIVE.
TEST(FormatsParseMode, FromString) {
  std::string warning;
  EXPECT_EQ(*ParseModeFromString("failFast", &warning), ParseMode::kFailFast);
  EXPECT_EQ(warning, "");
  EXPECT_EQ(*ParseModeFromString("DropMalformed"), ParseMode::kDropMalformed);
  EXPECT_EQ(*ParseModeFromString("permissive"), ParseMode::kPermissive);
  Result<ParseMode> unknown = ParseModeFromString("lenient", &warning);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(*unknown, ParseMode::kPermissive);
  EXPECT_EQ(warning, "lenient is not a valid parse mode. Using PERMISSIVE.");
}

// --- Text -----------------------------------------------------------------------

TEST(FormatsText, OneRowPerLineWithAnyLineEnd) {
  ParsedFile f = MustParse("text", "a\n\nb\r\nc\rd\n", "value STRING");
  EXPECT_EQ(Dump(f.rows), "a\n\nb\nc\nd\n");
  EXPECT_EQ(f.malformed, 0);
  Result<ParsedFile> two = ParseFileContent("text", "x", MustSchema("a STRING, b STRING"), {}, "f");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.status().message(), "Text data source supports only a single column, and you have 2 columns.");
}

// --- CSV ------------------------------------------------------------------------

constexpr std::string_view kCsv = "1,x\nbad,y\n2\n\n3,z,extra\n4,w\n";

TEST(FormatsCsv, PermissiveFillsTheCorruptRecordColumn) {
  ParsedFile f = MustParse("csv", kCsv, "a INT, b STRING, _corrupt_record STRING");
  EXPECT_EQ(Dump(f.rows),
            "1 | x | NULL\n"
            "NULL | y | bad,y\n"
            "2 | NULL | 2\n"
            "3 | z | 3,z,extra\n"
            "4 | w | NULL\n");
  EXPECT_EQ(f.malformed, 3);
}

TEST(FormatsCsv, PermissiveWithoutCorruptColumnKeepsWhatConverted) {
  ParsedFile f = MustParse("csv", kCsv, "a INT, b STRING");
  EXPECT_EQ(Dump(f.rows), "1 | x\nNULL | y\n2 | NULL\n3 | z\n4 | w\n");
  EXPECT_EQ(f.malformed, 3);
}

TEST(FormatsCsv, DropMalformedDropsAndCounts) {
  ReadOptions opts;
  opts.mode = ParseMode::kDropMalformed;
  ParsedFile f = MustParse("csv", kCsv, "a INT, b STRING, _corrupt_record STRING", opts);
  EXPECT_EQ(Dump(f.rows), "1 | x | NULL\n4 | w | NULL\n");
  EXPECT_EQ(f.malformed, 3);
}

// FailureSafeParser + QueryExecutionErrors.malformedRecordsDetectedInRecordParsingError
// with error-conditions.json's MALFORMED_RECORD_IN_PARSING; the record is the
// partial row as InternalRow.toString prints it.
TEST(FormatsCsv, FailFastStopsWithSparksMessage) {
  ReadOptions opts;
  opts.mode = ParseMode::kFailFast;
  Result<ParsedFile> r = ParseFileContent("csv", kCsv, MustSchema("a INT, b STRING"), opts, "in/f1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kRuntimeError);
  EXPECT_EQ(r.status().message(),
            "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
            "parsing: [null,y].\nParse Mode: FAILFAST. To process malformed records as null result, try "
            "setting the option 'mode' as 'PERMISSIVE'.  SQLSTATE: 22023");
  EXPECT_EQ(r.status().pos().file, "in/f1");
  EXPECT_EQ(r.status().pos().line, 2);

  // With the corrupt-record column, the record text sits in its slot.
  r = ParseFileContent("csv", "5,q,r\n", MustSchema("a INT, _corrupt_record STRING, b STRING"), opts, "f");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("parsing: [5,5,q,r,q]."), std::string::npos) << r.status().message();
}

TEST(FormatsCsv, HeaderQuotesAndTypes) {
  ReadOptions opts;
  opts.header = true;
  ParsedFile f = MustParse("csv",
                           "\nname,n,ok,x,ts\n"
                           "\"Smith, J\",3,TRUE,1e3,2024-01-02 03:04:05\n"
                           "\"say \\\"hi\\\"\",-4,false,NaN,2024-01-02T03:04:05.250Z\n"
                           "\"a \"\"b\"\"\",+5,False,-Inf,2024-01-02\n"
                           "\"\",,,Inf,\n",
                           "name STRING, n INT, ok BOOLEAN, x DOUBLE, ts TIMESTAMP", opts);
  EXPECT_EQ(Dump(f.rows),
            "Smith, J | 3 | true | 1000.0 | 2024-01-02 03:04:05\n"
            "say \"hi\" | -4 | false | NaN | 2024-01-02 03:04:05.25\n"
            "a \"b\" | 5 | false | -Infinity | 2024-01-02 00:00:00\n"
            "NULL | NULL | NULL | Infinity | NULL\n");
  EXPECT_EQ(f.malformed, 0);
}

// Integer.parseInt takes no spaces; a value out of the type's range is malformed.
TEST(FormatsCsv, BadNumbersAreMalformed) {
  ParsedFile f = MustParse("csv", " 5,1\n2147483648,1\n7,x\n", "a INT, b DOUBLE");
  EXPECT_EQ(Dump(f.rows), "NULL | 1.0\nNULL | 1.0\n7 | NULL\n");
  EXPECT_EQ(f.malformed, 3);
}

TEST(FormatsCsv, CorruptColumnMustBeString) {
  Result<ParsedFile> r = ParseFileContent("csv", "1", MustSchema("a INT, _corrupt_record INT"), {}, "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAnalysisError);
  EXPECT_EQ(r.status().message(),
            "[INVALID_CORRUPT_RECORD_TYPE] The column `_corrupt_record` for corrupt records must have the "
            "nullable STRING type, but got \"INT\". SQLSTATE: 42804");
}

TEST(FormatsCsv, OtherSeparatorAndUnknownFormat) {
  ReadOptions opts;
  opts.sep = ';';
  EXPECT_EQ(Dump(MustParse("csv", "1;a,b\n", "n INT, s STRING", opts).rows), "1 | a,b\n");
  EXPECT_FALSE(ParseFileContent("parquet", "", MustSchema("a INT"), {}, "f").ok());
}

// --- JSON -----------------------------------------------------------------------

TEST(FormatsJson, RowsBlankLinesArraysAndTrailingText) {
  ParsedFile f = MustParse("json",
                           "{\"a\":1,\"b\":\"x\",\"extra\":true}\n"
                           "   \n"
                           "[{\"a\":2},{\"b\":\"y\"}]\n"
                           "[]\n"
                           "{\"b\":null,\"a\":3} trailing text is never read\n",
                           "a BIGINT, b STRING");
  EXPECT_EQ(Dump(f.rows), "1 | x\n2 | NULL\nNULL | y\n3 | NULL\n");
  EXPECT_EQ(f.malformed, 0);
}

// JacksonParser with partial results: a field that does not convert is null,
// the others stay; the whole line goes to the corrupt-record column.
TEST(FormatsJson, PermissiveKeepsPartialResults) {
  ParsedFile f = MustParse("json",
                           "{\"a\":\"x\",\"b\":2}\n"
                           "{bad\n"
                           "5\n"
                           "{\"a\":2147483648,\"b\":1.5}\n"
                           "{\"a\":7,\"b\":8}\n",
                           "a INT, b INT, _corrupt_record STRING");
  EXPECT_EQ(Dump(f.rows),
            "NULL | 2 | {\"a\":\"x\",\"b\":2}\n"
            "NULL | NULL | {bad\n"
            "NULL | NULL | 5\n"
            "NULL | NULL | {\"a\":2147483648,\"b\":1.5}\n"
            "7 | 8 | NULL\n");
  EXPECT_EQ(f.malformed, 4);
}

TEST(FormatsJson, FailFastAndDropMalformed) {
  ReadOptions opts;
  opts.mode = ParseMode::kFailFast;
  Result<ParsedFile> r = ParseFileContent("json", "{\"a\":1}\n{bad\n", MustSchema("a INT, b INT"), opts, "in/f2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().ToString(),
            "in/f2:2:1: error: [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are "
            "detected in record parsing: [null,null].\nParse Mode: FAILFAST. To process malformed records as "
            "null result, try setting the option 'mode' as 'PERMISSIVE'.  SQLSTATE: 22023");
  opts.mode = ParseMode::kDropMalformed;
  ParsedFile f = MustParse("json", "{\"a\":1}\n{bad\n{\"a\":\"no\"}\n{\"b\":4}\n", "a INT, b INT", opts);
  EXPECT_EQ(Dump(f.rows), "1 | NULL\nNULL | 4\n");
  EXPECT_EQ(f.malformed, 2);
}

// FailureSafeParser names a string in a DOUBLE column (StringAsDataTypeException)
// with QueryExecutionErrors.cannotParseStringAsDataTypeError and the raw record.
TEST(FormatsJson, FailFastNamesAStringInADoubleColumn) {
  ReadOptions opts;
  opts.mode = ParseMode::kFailFast;
  Result<ParsedFile> r = ParseFileContent("json", "{\"n\":1,\"d\":\"x'y\"}\n", MustSchema("n INT, d DOUBLE"), opts, "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "[MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_STRING_AS_DATATYPE] Malformed records are detected in "
            "record parsing: {\"n\":1,\"d\":\"x'y\"}.\nParse Mode: FAILFAST. To process malformed records as null "
            "result, try setting the option 'mode' as 'PERMISSIVE'. Cannot parse the value 'x\\'y' of the field "
            "`d` as target spark data type DoubleType from the input type StringType. SQLSTATE: 22023");
  // Only when it is the record's first failure.
  r = ParseFileContent("json", "{\"n\":\"a\",\"d\":\"x\"}\n", MustSchema("n INT, d DOUBLE"), opts, "f");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("WITHOUT_SUGGESTION] Malformed records are detected in record parsing: "
                                      "[null,null]."), std::string::npos) << r.status().message();
}

// spark.sql.json.enableExactStringParsing (default true in 4.0): a STRING column
// keeps any other value exactly as written.
TEST(FormatsJson, StringColumnsKeepTheExactText) {
  ParsedFile f = MustParse("json", "{\"s\": 1.50, \"t\": {\"k\" : [1, 2]}, \"u\": \"a\\n\"}\n",
                           "s STRING, t STRING, u STRING");
  ASSERT_EQ(f.rows.size(), 1u);
  EXPECT_EQ(f.rows[0][0].str(), "1.50");
  EXPECT_EQ(f.rows[0][1].str(), "{\"k\" : [1, 2]}");
  EXPECT_EQ(f.rows[0][2].str(), "a\n");
}

TEST(FormatsJson, NestedArraysStructsAndTimestamps) {
  ParsedFile f = MustParse("json",
                           "{\"s\":{\"x\":1,\"y\":2},\"arr\":[1,null,3],\"ts\":\"1970-01-01T00:00:10.000Z\",\"d\":1}\n"
                           "{\"s\":{\"x\":1,\"y\":\"no\"},\"arr\":[1,\"two\"],\"ts\":10,\"d\":\"NaN\"}\n",
                           "s STRUCT<x: INT, y: INT>, arr ARRAY<INT>, ts TIMESTAMP, d DOUBLE");
  EXPECT_EQ(Dump(f.rows),
            "{1, 2} | [1, NULL, 3] | 1970-01-01 00:00:10 | 1.0\n"
            "{1, NULL} | NULL | 1970-01-01 00:00:10 | NaN\n");
  EXPECT_EQ(f.malformed, 1);
}

// --- File sink ------------------------------------------------------------------

// JacksonGenerator: column order, nulls left out (also in structs, not in
// arrays), default timestampFormat yyyy-MM-dd'T'HH:mm:ss.SSSXXX.
TEST(FormatsWrite, JsonLine) {
  const Value st = Value::Struct(StructType::Get({"k", "m"}), {I(1), Value::Null()});
  EXPECT_EQ(ToJsonLine({"a", "b", "c", "ts", "d", "arr", "s"},
                       {I(1), Value::Null(), S("x\"y\n\x01"), Ts(10), D(1e10), Value::Array({I(1), Value::Null()}), st}),
            "{\"a\":1,\"c\":\"x\\\"y\\n\\u0001\",\"ts\":\"1970-01-01T00:00:10.000Z\",\"d\":1.0E10,"
            "\"arr\":[1,null],\"s\":{\"k\":1}}");
  EXPECT_EQ(ToJsonLine({"a", "b"}, {Value::Null(), Value::Null()}), "{}");
  EXPECT_EQ(ToJsonLine({"d", "t"}, {D(std::nan("")), Value::Ts(Timestamp::FromMicros(1'234'567))}),
            "{\"d\":\"NaN\",\"t\":\"1970-01-01T00:00:01.234Z\"}");
}

// UnivocityGenerator; the Spark 2.4 migration guide's row "a", null, "", 1 is
// written a,,"",1.
TEST(FormatsWrite, CsvLine) {
  EXPECT_EQ(ToCsvLine({S("a"), Value::Null(), S(""), I(1)}), "a,,\"\",1");
  EXPECT_EQ(ToCsvLine({S("a,b"), S("say \"hi\""), S("  pad  "), Ts(10), D(1.5), Value::Bool(true), S("l1\nl2")}),
            "\"a,b\",\"say \\\"hi\\\"\",pad,1970-01-01T00:00:10.000Z,1.5,true,\"l1\nl2\"");
  EXPECT_EQ(ToCsvLine({S("a;b"), S("c,d")}, ';'), "\"a;b\";c,d");
}

// FileStreamSinkLogSuite "serialize" / "deserialize".
TEST(FormatsSinkLog, SerializeAndRoundTrip) {
  const std::vector<SinkFileEntry> files = {
      {"/a/b/x", 100, false, 1000, 1, 10000, "add"},
      {"/a/b/y", 200, false, 2000, 2, 20000, "delete"},
      {"/a/b/z", 300, false, 3000, 3, 30000, "add"}};
  const std::string text = SinkLogBatch(files);
  EXPECT_EQ(text,
            "v1\n"
            "{\"path\":\"/a/b/x\",\"size\":100,\"isDir\":false,\"modificationTime\":1000,\"blockReplication\":1,"
            "\"blockSize\":10000,\"action\":\"add\"}\n"
            "{\"path\":\"/a/b/y\",\"size\":200,\"isDir\":false,\"modificationTime\":2000,\"blockReplication\":2,"
            "\"blockSize\":20000,\"action\":\"delete\"}\n"
            "{\"path\":\"/a/b/z\",\"size\":300,\"isDir\":false,\"modificationTime\":3000,\"blockReplication\":3,"
            "\"blockSize\":30000,\"action\":\"add\"}");
  EXPECT_EQ(SinkLogBatch({}), "v1");

  Result<std::vector<SinkFileEntry>> back = ParseSinkLogBatch(text, "_spark_metadata/0");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 3u);
  EXPECT_EQ((*back)[1].path, "/a/b/y");
  EXPECT_EQ((*back)[1].block_replication, 2);
  EXPECT_EQ((*back)[1].action, "delete");
  EXPECT_EQ(SinkLogBatch(*back), text);
  Result<std::vector<SinkFileEntry>> empty = ParseSinkLogBatch("v1", "_spark_metadata/1");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  SinkFileEntry defaults;
  defaults.path = "file:///out/part-00000.json";
  EXPECT_NE(SinkLogBatch({defaults}).find("\"blockReplication\":1,\"blockSize\":33554432,\"action\":\"add\""),
            std::string::npos);
}

TEST(FormatsSinkLog, DamagedFilesAreReportedWithTheirPlace) {
  auto error = [](std::string_view text) {
    Result<std::vector<SinkFileEntry>> r = ParseSinkLogBatch(text, "_spark_metadata/3");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    return r.ok() ? std::string() : r.status().ToString();
  };
  EXPECT_EQ(error(""), "_spark_metadata/3:1:1: error: Incomplete log file");
  EXPECT_EQ(error("x1\n"),
            "_spark_metadata/3:1:1: error: [MALFORMED_LOG_FILE] Log file was malformed: failed to read correct "
            "log version from x1. SQLSTATE: KD002");
  EXPECT_NE(error("v0").find("[MALFORMED_LOG_FILE]"), std::string::npos);
  EXPECT_EQ(error("v2\n{}"),
            "_spark_metadata/3:1:1: error: [INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION] UnsupportedLogVersion. "
            "The maximum supported log version is v1, but encountered v2. The log file was produced by a newer "
            "version of Spark and cannot be read by this version. You need to upgrade. SQLSTATE: KD002");
  const std::string whole = SinkLogBatch({{"/a", 1, false, 2, 1, 3, "add"}});
  const std::string cut = error(whole + "\n{\"path\":\"/b\",\"size\":1");
  EXPECT_NE(cut.find("_spark_metadata/3:3:"), std::string::npos) << cut;
  EXPECT_NE(cut.find("cut short"), std::string::npos) << cut;
  EXPECT_EQ(error("v1\n{\"path\":\"/a\",\"size\":1}"),
            "_spark_metadata/3:2:1: error: damaged sink log entry: the entry has no field \"isDir\"");
  EXPECT_NE(error("v1\n{\"path\":\"/a\",\"size\":\"1\",\"isDir\":false}").find("\"size\" is not an integer"),
            std::string::npos);
  EXPECT_NE(error("v1\n\n").find(":2:"), std::string::npos);
}

}  // namespace
}  // namespace tideline::structured
