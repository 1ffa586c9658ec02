// Golden tests of the console sink: what a scenario prints, character for
// character, against text written by hand from Spark 4.0's rules:
//   - ConsoleWrite.printRows (sql/core/.../streaming/sources/ConsoleWrite.scala):
//     println of 43 dashes, "Batch: N", 43 dashes, then Dataset.show(numRows, truncate);
//     options numRows (default 20) and truncate (default true);
//   - Dataset.show(numRows, truncate: Boolean) is println(showString(numRows, 20 or 0));
//   - Dataset.showString (sql/core/.../classic/Dataset.scala): column width = the widest
//     cell among the header and the rows shown, at least 3; with truncate > 0 cells are
//     right-aligned and a cell longer than `truncate` becomes its first truncate - 3
//     characters plus "..."; with truncate = 0 cells are left-aligned and never cut;
//     when rows are left out the footer "only showing top N rows" ("row" when N is 1)
//     follows the last separator, without a newline of its own.
// So a table without footer is followed by an empty line (showString ends with "\n",
// println adds one), and a table with a footer is not.

#include <gtest/gtest.h>

#include <string>

#include "core/scenario/model.h"
#include "core/scenario/runner.h"

namespace tideline {
namespace {

struct Printed {
  bool ok = false;
  std::string text;     // everything the run printed, in order
  std::string problem;  // load error or failure
};

// Runs a scenario and collects what it prints (the console sink's output).
Printed RunAndCapture(const std::string& yaml) {
  Printed p;
  Result<scenario::Scenario> sc = scenario::LoadScenarioText(yaml, "console.yaml");
  if (!sc.ok()) {
    p.problem = sc.status().ToString();
    return p;
  }
  scenario::RunnerOptions opts;
  opts.print_sink = [&p](const std::string& t) { p.text += t; };
  auto r = scenario::Runner::Create(*sc, opts);
  if (!r.ok()) {
    p.problem = r.status().ToString();
    return p;
  }
  (*r)->RunAll();
  p.ok = (*r)->passed();
  p.problem = (*r)->failure();
  return p;
}

// Word count in complete mode, sorted by count (descending) then word so that the
// rows shown are defined (Spark allows a sort after an aggregation in complete mode).
std::string WordCount(const std::string& options, const std::string& steps) {
  return R"yaml(tideline: 1
title: console sink
api: structured
inputs:
  lines: {type: memory, schema: "value STRING"}
query:
  from: lines
  ops:
    - select: ["explode(split(value, ' ')) AS word"]
    - groupBy: [word]
    - agg: ["count(*) AS count"]
    - orderBy: ["count DESC", "word"]
sink:
  format: console
  outputMode: complete
  options: )yaml" + options + R"yaml(
steps:
)yaml" + steps;
}

// Three batches with numRows 3 and the default truncate (true, i.e. 20 characters):
// batch 0 has two rows (no footer, an empty line after the table); batches 1 and 2 have
// four rows, of which three are shown ("only showing top 3 rows"). The 34-character word
// is cut to 17 characters plus "..." and sets its column's width to 20; the fourth row
// does not count for the widths.
TEST(StructuredConsoleGoldenTest, CompleteModeWithTruncationAndFooter) {
  Printed p = RunAndCapture(WordCount("{numRows: 3}",
                                      "  - addData: {lines: [\"spark streaming spark\"]}\n"
                                      "  - processAllAvailable\n"
                                      "  - addData: {lines: [\"supercalifragilisticexpialidocious "
                                      "supercalifragilisticexpialidocious kafka\"]}\n"
                                      "  - processAllAvailable\n"
                                      "  - addData: {lines: [\"kafka kafka kafka\"]}\n"
                                      "  - processAllAvailable\n"));
  ASSERT_TRUE(p.ok) << p.problem;
  EXPECT_EQ(p.text,
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+---------+-----+\n"
            "|     word|count|\n"
            "+---------+-----+\n"
            "|    spark|    2|\n"
            "|streaming|    1|\n"
            "+---------+-----+\n"
            "\n"
            "-------------------------------------------\n"
            "Batch: 1\n"
            "-------------------------------------------\n"
            "+--------------------+-----+\n"
            "|                word|count|\n"
            "+--------------------+-----+\n"
            "|               spark|    2|\n"
            "|supercalifragilis...|    2|\n"
            "|               kafka|    1|\n"
            "+--------------------+-----+\n"
            "only showing top 3 rows\n"
            "-------------------------------------------\n"
            "Batch: 2\n"
            "-------------------------------------------\n"
            "+--------------------+-----+\n"
            "|                word|count|\n"
            "+--------------------+-----+\n"
            "|               kafka|    4|\n"
            "|               spark|    2|\n"
            "|supercalifragilis...|    2|\n"
            "+--------------------+-----+\n"
            "only showing top 3 rows\n");
}

// numRows 1: the singular "only showing top 1 row". truncate false: cells are
// left-aligned and the long word is printed whole (34 characters wide).
TEST(StructuredConsoleGoldenTest, OneRowWithoutTruncation) {
  Printed p = RunAndCapture(WordCount("{numRows: 1, truncate: false}",
                                      "  - addData: {lines: [\"supercalifragilisticexpialidocious "
                                      "supercalifragilisticexpialidocious spark\"]}\n"
                                      "  - processAllAvailable\n"));
  ASSERT_TRUE(p.ok) << p.problem;
  EXPECT_EQ(p.text,
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+----------------------------------+-----+\n"
            "|word                              |count|\n"
            "+----------------------------------+-----+\n"
            "|supercalifragilisticexpialidocious|2    |\n"
            "+----------------------------------+-----+\n"
            "only showing top 1 row\n");
}

// A batch with exactly numRows rows shows them all, without footer; the next one has
// four rows and shows two.
TEST(StructuredConsoleGoldenTest, ExactlyNumRowsHasNoFooter) {
  Printed p = RunAndCapture(WordCount("{numRows: 2}",
                                      "  - addData: {lines: [\"to be\"]}\n"
                                      "  - processAllAvailable\n"
                                      "  - addData: {lines: [\"or not\"]}\n"
                                      "  - processAllAvailable\n"));
  ASSERT_TRUE(p.ok) << p.problem;
  EXPECT_EQ(p.text,
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+----+-----+\n"
            "|word|count|\n"
            "+----+-----+\n"
            "|  be|    1|\n"
            "|  to|    1|\n"
            "+----+-----+\n"
            "\n"
            "-------------------------------------------\n"
            "Batch: 1\n"
            "-------------------------------------------\n"
            "+----+-----+\n"
            "|word|count|\n"
            "+----+-----+\n"
            "|  be|    1|\n"
            "| not|    1|\n"
            "+----+-----+\n"
            "only showing top 2 rows\n");
}

// ---- ConsoleWriteSupportSuite (sql/core/src/test/.../streaming/sources/), on a memory
// input of one column `value`; the option names are written in upper case there, as here.

std::string MemoryToConsole(const std::string& type, const std::string& options, const std::string& steps) {
  return "tideline: 1\ntitle: console\napi: structured\ninputs:\n  input: {type: memory, schema: \"value " + type +
         "\"}\nquery:\n  from: input\nsink:\n  format: console\n  options: " + options + "\nsteps:\n" + steps;
}

// "microbatch - default": three batches, the last one empty.
TEST(StructuredConsoleGoldenTest, SparkMicrobatchDefault) {
  Printed p = RunAndCapture(MemoryToConsole("INT", "{}",
                                            "  - addData: {input: [1, 2, 3]}\n  - processAllAvailable\n"
                                            "  - addData: {input: [4, 5, 6]}\n  - processAllAvailable\n"
                                            "  - addData: {input: []}\n  - processAllAvailable\n"));
  ASSERT_TRUE(p.ok) << p.problem;
  const std::string dashes = "-------------------------------------------\n";
  EXPECT_EQ(p.text, dashes + "Batch: 0\n" + dashes + "+-----+\n|value|\n+-----+\n|    1|\n|    2|\n|    3|\n+-----+\n\n" +
                        dashes + "Batch: 1\n" + dashes + "+-----+\n|value|\n+-----+\n|    4|\n|    5|\n|    6|\n+-----+\n\n" +
                        dashes + "Batch: 2\n" + dashes + "+-----+\n|value|\n+-----+\n+-----+\n\n");
}

// "microbatch - with numRows": option("NUMROWS", 2).
TEST(StructuredConsoleGoldenTest, SparkMicrobatchWithNumRowsInUpperCase) {
  Printed p = RunAndCapture(MemoryToConsole("INT", "{NUMROWS: 2}", "  - addData: {input: [1, 2, 3]}\n  - processAllAvailable\n"));
  ASSERT_TRUE(p.ok) << p.problem;
  EXPECT_EQ(p.text,
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+-----+\n|value|\n+-----+\n|    1|\n|    2|\n+-----+\nonly showing top 2 rows\n");
}

// "microbatch - truncation": option("TRUNCATE", true).
TEST(StructuredConsoleGoldenTest, SparkMicrobatchTruncationInUpperCase) {
  Printed p = RunAndCapture(MemoryToConsole("STRING", "{TRUNCATE: true}",
                                            "  - addData: {input: [\"123456789012345678901234567890\"]}\n"
                                            "  - processAllAvailable\n"));
  ASSERT_TRUE(p.ok) << p.problem;
  EXPECT_EQ(p.text,
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+--------------------+\n|               value|\n+--------------------+\n|12345678901234567...|\n"
            "+--------------------+\n\n");
}

// CaseInsensitiveStringMap.getBoolean and getInt: a width is not a boolean, and numRows
// must be an int; the query fails when it starts.
TEST(StructuredConsoleGoldenTest, OptionsSparkRejectsFailTheStart) {
  for (const auto& [options, message] : {std::pair<std::string, std::string>{"{truncate: 5}", "5 is not a boolean string."},
                                         {"{numRows: ten}", "For input string: \"ten\""}}) {
    Printed p = RunAndCapture(MemoryToConsole(
        "INT", options, "  - addData: {input: [1]}\n  - processAllAvailable\n  - expectFailure: {contains: '" + message + "'}\n"));
    EXPECT_TRUE(p.ok) << options << ": " << p.problem;
  }
}

}  // namespace
}  // namespace tideline
