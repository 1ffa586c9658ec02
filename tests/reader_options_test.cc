// The reader options of the JSON and CSV file sources (core/structured/read_options.cc,
// core/value/json_lenient.cc, core/structured/file_records.cc) against the documented
// behaviour: Jackson's JsonReadFeature as Spark's JSONOptions sets it (JsonParsingOptionsSuite
// for the cases it has), and CSVOptions with univocity's CsvParser (CSVSuite).

#include <gtest/gtest.h>

#include <cmath>

#include "core/structured/formats.h"
#include "core/value/json_lenient.h"

namespace tideline::structured {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

Schema MustSchema(std::string_view ddl) {
  Result<Schema> s = ParseSchema(ddl);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : Schema{};
}

std::string Dump(const std::vector<std::vector<Value>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + PrettyString(row[i]);
    out += "\n";
  }
  return out;
}

// Reads `content` as `format` with the options; the rows as Dump prints them, then
// "malformed N" when some records were.
std::string Read(std::string_view format, std::string_view content, std::string_view ddl, const Options& options = {}) {
  Result<ReadOptions> opts = ParseReadOptions(format, options);
  if (!opts.ok()) return "options: " + opts.status().message();
  Result<ParsedFile> r = ParseFileContent(format, content, MustSchema(ddl), *opts, "in/f1");
  if (!r.ok()) return "error: " + r.status().message();
  return Dump(r->rows) + (r->malformed ? "malformed " + std::to_string(r->malformed) + "\n" : "");
}

std::string OptionError(std::string_view format, const Options& options) {
  Result<ReadOptions> opts = ParseReadOptions(format, options);
  return opts.ok() ? "ok" : opts.status().message();
}

constexpr std::string_view kNameSchema = "name STRING, _corrupt_record STRING";

// --- JSON: Jackson's features -------------------------------------------------------

TEST(JsonReaderOptions, SingleQuotesAreReadByDefault) {
  EXPECT_EQ(Read("json", "{'name': 'Reynold Xin'}\n", kNameSchema), "Reynold Xin | NULL\n");
  // Inside single quotes a double quote is text and \' is a quote.
  EXPECT_EQ(Read("json", R"({'name': 'say "hi" it\'s'})", kNameSchema), "say \"hi\" it's | NULL\n");
}

TEST(JsonReaderOptions, SingleQuotesOffMakeTheRecordCorrupt) {
  EXPECT_EQ(Read("json", "{'name': 'Reynold Xin'}\n", kNameSchema, {{"allowSingleQuotes", "false"}}),
            "NULL | {'name': 'Reynold Xin'}\nmalformed 1\n");
}

TEST(JsonReaderOptions, Comments) {
  const std::string_view line = "{'name': /* hello */ 'Reynold Xin'}";
  EXPECT_EQ(Read("json", line, kNameSchema), "NULL | {'name': /* hello */ 'Reynold Xin'}\nmalformed 1\n");
  EXPECT_EQ(Read("json", line, kNameSchema, {{"allowComments", "true"}}), "Reynold Xin | NULL\n");
  EXPECT_EQ(Read("json", "{\"name\": \"a\"} // the end\n// alone\n", kNameSchema, {{"allowComments", "true"}}),
            "a | NULL\n");
}

TEST(JsonReaderOptions, UnquotedFieldNames) {
  EXPECT_EQ(Read("json", "{name: 'Reynold Xin'}", kNameSchema), "NULL | {name: 'Reynold Xin'}\nmalformed 1\n");
  EXPECT_EQ(Read("json", "{name: 'Reynold Xin'}", kNameSchema, {{"allowUnquotedFieldNames", "true"}}),
            "Reynold Xin | NULL\n");
}

TEST(JsonReaderOptions, NumericLeadingZeros) {
  EXPECT_EQ(Read("json", R"({"age": 0018})", "age BIGINT, _corrupt_record STRING"),
            "NULL | {\"age\": 0018}\nmalformed 1\n");
  EXPECT_EQ(Read("json", "{\"age\": 0018}\n{\"age\": -007.50}\n{\"age\": 000}\n", "age DOUBLE",
                 {{"allowNumericLeadingZeros", "true"}}),
            "18.0\n-7.5\n0.0\n");
}

TEST(JsonReaderOptions, NonNumericNumbersAreReadByDefault) {
  EXPECT_EQ(Read("json", R"({"c0":NaN, "c1":+INF, "c2":+Infinity, "c3":Infinity, "c4":-INF, "c5":-Infinity})",
                 "c0 DOUBLE, c1 DOUBLE, c2 DOUBLE, c3 DOUBLE, c4 DOUBLE, c5 DOUBLE"),
            "NaN | Infinity | Infinity | Infinity | -Infinity | -Infinity\n");
  // INF alone is no token.
  EXPECT_EQ(Read("json", R"({"age": INF})", "age DOUBLE"), "NULL\nmalformed 1\n");
}

TEST(JsonReaderOptions, NonNumericNumbersOff) {
  const Options off = {{"allowNonNumericNumbers", "false"}};
  EXPECT_EQ(Read("json", R"({"age": NaN})", "age DOUBLE, _corrupt_record STRING", off),
            "NULL | {\"age\": NaN}\nmalformed 1\n");
  // JacksonParser takes the quoted special values only when the option is on.
  EXPECT_EQ(Read("json", R"({"age": "NaN"})", "age DOUBLE", off), "NULL\nmalformed 1\n");
  EXPECT_EQ(Read("json", R"({"age": "-INF"})", "age DOUBLE"), "-Infinity\n");
}

TEST(JsonReaderOptions, BackslashEscapingAnyCharacter) {
  const std::string_view line = R"({"name": "Cazen Lee", "price": "\$10"})";
  EXPECT_EQ(Read("json", line, "name STRING, price STRING"), "NULL | NULL\nmalformed 1\n");
  EXPECT_EQ(Read("json", line, "name STRING, price STRING", {{"allowBackslashEscapingAnyCharacter", "true"}}),
            "Cazen Lee | $10\n");
}

TEST(JsonReaderOptions, UnquotedControlChars) {
  const std::string line = "{\"name\": \"a\x01" "b\"}";
  EXPECT_EQ(Read("json", line, "name STRING"), "NULL\nmalformed 1\n");
  EXPECT_EQ(Read("json", line, "name STRING", {{"allowUnquotedControlChars", "true"}}), "a\x01" "b\n");
}

TEST(JsonReaderOptions, NamesAreCaseInsensitiveAndFlagsAreChecked) {
  EXPECT_EQ(Read("json", "{'name': 'x'}", kNameSchema, {{"ALLOWSINGLEQUOTES", "FALSE"}}),
            "NULL | {'name': 'x'}\nmalformed 1\n");
  EXPECT_EQ(OptionError("json", {{"allowComments", "yes"}}), "For input string: \"yes\"");
  EXPECT_EQ(OptionError("json", {{"primitivesAsString", "1"}}), "For input string: \"1\"");
  EXPECT_EQ(OptionError("json", {{"dropFieldIfAllNull", "true"}, {"prefersDecimal", "false"}}), "ok");
  EXPECT_EQ(OptionError("json", {{"lineSep", ""}}), "requirement failed: 'lineSep' cannot be an empty string.");
}

TEST(JsonReaderOptions, MultiLineReadsTheWholeFile) {
  const std::string_view file = "[\n  {\"name\": \"a\"},\n  {'name': 'b'}\n]\n";
  EXPECT_EQ(Read("json", file, kNameSchema, {{"multiLine", "true"}}), "a | NULL\nb | NULL\n");
  // Line by line, each line is a broken record.
  EXPECT_EQ(Read("json", "{\n\"name\": \"a\"}\n", kNameSchema, {{"multiLine", "true"}}), "a | NULL\n");
  // A corrupt file keeps the whole text.
  EXPECT_EQ(Read("json", "{\"name\":\n", kNameSchema, {{"multiLine", "true"}}),
            "NULL | {\"name\":\n\nmalformed 1\n");
}

TEST(JsonReaderOptions, LineSep) {
  EXPECT_EQ(Read("json", "{'name':'a'}|{'name':'b'}|", kNameSchema, {{"lineSep", "|"}}), "a | NULL\nb | NULL\n");
}

TEST(JsonLenient, StrictJsonComesOutAsWritten) {
  Result<std::string> s = NormalizeJackson(R"( {"a": [1, -2.5e3, true, null, "x\n"]} tail)", JacksonFeatures{});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(*s, R"({"a":[1,-2.5e3,true,null,"x\n"]})");
  EXPECT_FALSE(NormalizeJackson("{\"a\": 1,}", JacksonFeatures{}).ok());  // no trailing commas
  EXPECT_FALSE(NormalizeJackson("{\"a\": 1.}", JacksonFeatures{}).ok());
  EXPECT_FALSE(NormalizeJackson("{\"a\": +1}", JacksonFeatures{}).ok());  // no leading plus
}

// --- CSV: CSVOptions --------------------------------------------------------------

TEST(CsvReaderOptions, SepAndDelimiterWithEscapes) {
  EXPECT_EQ(Read("csv", "1\t2\n", "a INT, b INT", {{"sep", "\\t"}}), "1 | 2\n");
  EXPECT_EQ(Read("csv", "1|2\n", "a INT, b INT", {{"DELIMITER", "|"}}), "1 | 2\n");
  EXPECT_EQ(Read("csv", "1||2\n", "a INT, b INT", {{"sep", "||"}}), "1 | 2\n");  // toDelimiterStr
  EXPECT_EQ(OptionError("csv", {{"sep", ""}}),
            "[INVALID_DELIMITER_VALUE.EMPTY_STRING] Invalid value for delimiter. Delimiter cannot be empty string. "
            "SQLSTATE: 42602");
  EXPECT_EQ(OptionError("csv", {{"sep", "\\1"}}),
            "[INVALID_DELIMITER_VALUE.UNSUPPORTED_SPECIAL_CHARACTER] Invalid value for delimiter. Unsupported "
            "special character for delimiter: \\1. SQLSTATE: 42602");
}

TEST(CsvReaderOptions, QuoteAndEscape) {
  EXPECT_EQ(Read("csv", "'a,b',c\n", "x STRING, y STRING", {{"quote", "'"}}), "a,b | c\n");
  EXPECT_EQ(Read("csv", "\"a#\"b\",c\n", "x STRING, y STRING", {{"escape", "#"}}), "a\"b | c\n");
  // An empty quote turns quoting off.
  EXPECT_EQ(Read("csv", "\"a\",b\n", "x STRING, y STRING", {{"quote", ""}}), "\"a\" | b\n");
  EXPECT_EQ(OptionError("csv", {{"quote", "ab"}}), "quote cannot be more than one character.");
}

TEST(CsvReaderOptions, CommentLinesAreSkipped) {
  EXPECT_EQ(Read("csv", "# a comment\n1,2\n#2,3\n", "a INT, b INT", {{"comment", "#"}}), "1 | 2\n");
  EXPECT_EQ(Read("csv", "#2,3\n", "a STRING, b INT"), "#2 | 3\n");  // no comment character by default
}

TEST(CsvReaderOptions, WhiteSpace) {
  EXPECT_EQ(Read("csv", " a , b \n", "x STRING, y STRING"), " a  |  b \n");
  EXPECT_EQ(Read("csv", " a , b \n", "x STRING, y STRING", {{"ignoreLeadingWhiteSpace", "true"}}), "a  | b \n");
  EXPECT_EQ(Read("csv", " a , b \n", "x STRING, y STRING",
                 {{"ignoreLeadingWhiteSpace", "true"}, {"ignoreTrailingWhiteSpace", "true"}}),
            "a | b\n");
  EXPECT_EQ(OptionError("csv", {{"ignoreLeadingWhiteSpace", "1"}}), "ignoreLeadingWhiteSpace flag can be true or false.");
  EXPECT_EQ(OptionError("csv", {{"header", "yes"}}), "header flag can be true or false.");
}

TEST(CsvReaderOptions, NullValueAndEmptyValue) {
  // By default an empty field and "" are both null.
  EXPECT_EQ(Read("csv", ",\"\"\n", "x STRING, y STRING"), "NULL | NULL\n");
  // With nullValue set, "" is the empty string and the nullValue text is null.
  EXPECT_EQ(Read("csv", ",\"\",null,\"null\"\n", "a STRING, b STRING, c STRING, d STRING", {{"nullValue", "null"}}),
            "NULL |  | NULL | NULL\n");
  EXPECT_EQ(Read("csv", "\"\",-\n", "a STRING, b INT", {{"emptyValue", "EMPTY"}, {"nullValue", "-"}}),
            "EMPTY | NULL\n");
}

TEST(CsvReaderOptions, NanAndInfinities) {
  EXPECT_EQ(Read("csv", "nan,+inf,-inf\n", "a DOUBLE, b DOUBLE, c DOUBLE",
                 {{"nanValue", "nan"}, {"positiveInf", "+inf"}, {"negativeInf", "-inf"}}),
            "NaN | Infinity | -Infinity\n");
  EXPECT_EQ(Read("csv", "NaN,Inf,-Inf\n", "a DOUBLE, b DOUBLE, c DOUBLE"), "NaN | Infinity | -Infinity\n");
}

TEST(CsvReaderOptions, MultiLineQuotedFields) {
  const std::string_view file = "id,text\n1,\"line one\nline two\"\n2,plain\n";
  EXPECT_EQ(Read("csv", file, "id INT, text STRING", {{"header", "true"}, {"multiLine", "true"}}),
            "1 | line one\nline two\n2 | plain\n");
  // Line by line the quoted field is cut: the first record is kept, the second is malformed.
  EXPECT_EQ(Read("csv", file, "id INT, text STRING", {{"header", "true"}}),
            "1 | line one\nNULL | NULL\n2 | plain\nmalformed 1\n");
}

TEST(CsvReaderOptions, LineSep) {
  EXPECT_EQ(Read("csv", "1,a;2,b;", "n INT, s STRING", {{"lineSep", ";"}}), "1 | a\n2 | b\n");
  EXPECT_EQ(OptionError("csv", {{"lineSep", "abc"}}), "requirement failed: 'lineSep' can contain only 1 character.");
}

TEST(CsvReaderOptions, ModeAndCorruptColumnByOption) {
  EXPECT_EQ(Read("csv", "1\nx\n", "a INT, bad STRING", {{"mode", "dropmalformed"}, {"columnNameOfCorruptRecord", "bad"}}),
            "1 | NULL\nmalformed 1\n");
  EXPECT_EQ(Read("csv", "x\n", "a INT, bad STRING", {{"columnNameOfCorruptRecord", "bad"}}), "NULL | x\nmalformed 1\n");
}

}  // namespace
}  // namespace tideline::structured
