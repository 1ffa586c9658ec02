// Parse modes of the file sources at engine level: scenarios whose CSV and JSON
// files hold malformed records, read by a streaming query into the memory sink.
// Spark's rules (FailureSafeParser, UnivocityParser, JacksonParser, DataFrameReader's
// `mode` option):
//   - PERMISSIVE (the default) keeps a malformed record: the fields that converted
//     keep their value, the others are null, and the raw record goes to the column
//     named by columnNameOfCorruptRecord (`_corrupt_record`) when the schema has it;
//   - DROPMALFORMED drops the record and the stream goes on;
//   - FAILFAST fails the batch that reads it, and with it the query, with
//     "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected
//     in record parsing: <row>.\nParse Mode: FAILFAST. To process malformed records as
//     null result, try setting the option 'mode' as 'PERMISSIVE'." where <row> is the
//     partial row as InternalRow.toString prints it.
// The engine counts malformed records per input (Runner::malformed(), printed by
// `tideline run`); a malformed record never stops a PERMISSIVE or DROPMALFORMED query.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/scenario/model.h"
#include "core/scenario/runner.h"

namespace tideline {
namespace {

struct ParseRun {
  bool passed = false;
  std::string problem;                       // load error or the failed step
  std::map<std::string, int64_t> malformed;  // per input
};

ParseRun RunScenario(const std::string& yaml) {
  ParseRun run;
  Result<scenario::Scenario> sc = scenario::LoadScenarioText(yaml, "parse-modes.yaml");
  if (!sc.ok()) {
    run.problem = sc.status().ToString();
    return run;
  }
  auto r = scenario::Runner::Create(*sc, scenario::RunnerOptions{});
  if (!r.ok()) {
    run.problem = r.status().ToString();
    return run;
  }
  (*r)->RunAll();
  run.passed = (*r)->passed();
  run.problem = (*r)->failure();
  run.malformed = (*r)->malformed();
  return run;
}

// A scenario reading the file input `logs` (given as its YAML map) with a plain query.
std::string FileScenario(const std::string& input, const std::string& steps) {
  return "tideline: 1\n"
         "title: parse modes\n"
         "api: structured\n"
         "inputs:\n"
         "  logs: " + input + "\n"
         "query:\n"
         "  from: logs\n"
         "sink:\n"
         "  format: memory\n"
         "steps:\n" + steps;
}

// --- PERMISSIVE -----------------------------------------------------------------------

// The default mode. "b,x": `n` does not convert, `word` does; the line goes to
// _corrupt_record. The next file is read as usual.
TEST(StructuredParseModesTest, CsvPermissiveFillsTheCorruptRecordColumn) {
  ParseRun r = RunScenario(FileScenario(
      R"({type: file, format: csv, path: in/, schema: "word STRING, n INT, _corrupt_record STRING"})",
      R"(  - addFile: {logs: {name: f1.csv, lines: ["a,1", "b,x", "c,3"]}}
  - checkAnswer: [[a, 1, null], [b, null, "b,x"], [c, 3, null]]
  - assertProgress: {numInputRows: 3}
  - addFile: {logs: {name: f2.csv, lines: ["d,4"]}}
  - checkNewAnswer: [[d, 4, null]]
)"));
  EXPECT_TRUE(r.passed) << r.problem;
  EXPECT_EQ(r.malformed, (std::map<std::string, int64_t>{{"logs", 1}}));
}

// Without a corrupt-record column the row is kept with nulls where conversion failed.
TEST(StructuredParseModesTest, CsvPermissiveWithoutCorruptColumnKeepsThePartialRow) {
  ParseRun r = RunScenario(FileScenario(R"({type: file, format: csv, path: in/, schema: "word STRING, n INT"})",
                                   R"(  - addFile: {logs: {name: f1.csv, lines: ["a,1", "b,x"]}}
  - checkAnswer: [[a, 1], [b, null]]
)"));
  EXPECT_TRUE(r.passed) << r.problem;
  EXPECT_EQ(r.malformed, (std::map<std::string, int64_t>{{"logs", 1}}));
}

// A line that is not JSON gives a row of nulls with the line in _corrupt_record.
TEST(StructuredParseModesTest, JsonPermissiveFillsTheCorruptRecordColumn) {
  ParseRun r = RunScenario(FileScenario(
      R"({type: file, format: json, path: in/, mode: PERMISSIVE, schema: "word STRING, n INT, _corrupt_record STRING"})",
      R"(  - addFile: {logs: {name: f1.json, lines: ['{"word": "a", "n": 1}', '{bad', '{"word": "c", "n": 3}']}}
  - checkAnswer: [[a, 1, null], [null, null, "{bad"], [c, 3, null]]
  - addFile: {logs: {name: f2.json, lines: ['{"word": "d", "n": 4}']}}
  - checkNewAnswer: [[d, 4, null]]
)"));
  EXPECT_TRUE(r.passed) << r.problem;
  EXPECT_EQ(r.malformed, (std::map<std::string, int64_t>{{"logs", 1}}));
}

// The option columnNameOfCorruptRecord names another column.
TEST(StructuredParseModesTest, JsonPermissiveWithAnotherCorruptRecordColumn) {
  ParseRun r = RunScenario(FileScenario(
      R"({type: file, format: json, path: in/, columnNameOfCorruptRecord: raw, schema: "word STRING, n INT, raw STRING"})",
      R"(  - addFile: {logs: {name: f1.json, lines: ['{"word": "a", "n": 1}', '{"word": "b"']}}
  - checkAnswer: [[a, 1, null], [null, null, '{"word": "b"']]
)"));
  EXPECT_TRUE(r.passed) << r.problem;
  EXPECT_EQ(r.malformed, (std::map<std::string, int64_t>{{"logs", 1}}));
}

// --- DROPMALFORMED --------------------------------------------------------------------

TEST(StructuredParseModesTest, CsvDropMalformedDropsTheRecordAndGoesOn) {
  ParseRun r = RunScenario(FileScenario(
      R"({type: file, format: csv, path: in/, mode: DROPMALFORMED, schema: "word STRING, n INT"})",
      R"(  - addFile: {logs: {name: f1.csv, lines: ["a,1", "b,x", "c,3"]}}
  - checkAnswer: [[a, 1], [c, 3]]
  - assertProgress: {numInputRows: 2}
  - addFile: {logs: {name: f2.csv, lines: ["d,4", "e,y"]}}
  - checkNewAnswer: [[d, 4]]
  - addFile: {logs: {name: f3.csv, lines: ["f,6"]}}
  - checkAnswer: [[a, 1], [c, 3], [d, 4], [f, 6]]
)"));
  EXPECT_TRUE(r.passed) << r.problem;
  EXPECT_EQ(r.malformed, (std::map<std::string, int64_t>{{"logs", 2}}));
}

TEST(StructuredParseModesTest, JsonDropMalformedDropsTheRecordAndGoesOn) {
  ParseRun r = RunScenario(FileScenario(
      R"({type: file, format: json, path: in/, mode: dropMalformed, schema: "word STRING, n INT, _corrupt_record STRING"})",
      R"(  - addFile: {logs: {name: f1.json, lines: ['{"word": "a", "n": 1}', '{bad', '{"word": "c", "n": 3}']}}
  - checkAnswer: [[a, 1, null], [c, 3, null]]
  - addFile: {logs: {name: f2.json, lines: ['{"word": "d"', '{"word": "e", "n": 5}']}}
  - checkNewAnswer: [[e, 5, null]]
)"));
  EXPECT_TRUE(r.passed) << r.problem;
  EXPECT_EQ(r.malformed, (std::map<std::string, int64_t>{{"logs", 2}}));
}

// --- FAILFAST -------------------------------------------------------------------------

// The partial row of "d,x" is [d,null]; the sink keeps what earlier batches committed.
TEST(StructuredParseModesTest, CsvFailFastFailsWithSparksMessage) {
  ParseRun r = RunScenario(FileScenario(
      R"({type: file, format: csv, path: in/, mode: FAILFAST, schema: "word STRING, n INT"})",
      R"(  - addFile: {logs: {name: f1.csv, lines: ["a,1"]}}
  - checkAnswer: [[a, 1]]
  - addFile: {logs: {name: f2.csv, lines: ["d,x"]}}
  - expectFailure:
      contains:
        - "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [d,null]."
        - "Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'."
  - checkAnswer: [[a, 1]]
)"));
  EXPECT_TRUE(r.passed) << r.problem;
}

// A line that is not JSON has no partial result: the row is [null,null].
TEST(StructuredParseModesTest, JsonFailFastFailsWithSparksMessage) {
  ParseRun r = RunScenario(FileScenario(
      R"({type: file, format: json, path: in/, mode: FAILFAST, schema: "word STRING, n INT"})",
      R"(  - addFile: {logs: {name: f1.json, lines: ['{"word": "a", "n": 1}', '{bad']}}
  - expectFailure:
      contains:
        - "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null,null]."
        - "Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'."
)"));
  EXPECT_TRUE(r.passed) << r.problem;
}

// f2 and f3 arrive together, so Spark reads them in one batch; the task reading f3
// fails that batch as a whole (nothing of f2 reaches the sink) and the query
// terminates (StreamExecution stops on the exception): f4 is never read, and a check
// after the failure sees only what was committed before it (StreamTest processes data
// only while the query is active).
TEST(StructuredParseModesTest, FailFastFailsTheWholeBatchAndStopsTheQuery) {
  ParseRun r = RunScenario(FileScenario(
      R"({type: file, format: csv, path: in/, mode: FAILFAST, schema: "word STRING, n INT"})",
      R"(  - addFile: {logs: {name: f1.csv, lines: ["a,1", "b,2"]}}
  - checkAnswer: [[a, 1], [b, 2]]
  - addFile: {logs: {name: f2.csv, lines: ["c,3"]}}
  - addFile: {logs: {name: f3.csv, lines: ["d,x"]}}
  - expectFailure: {contains: "MALFORMED_RECORD_IN_PARSING"}
  - checkAnswer: [[a, 1], [b, 2]]
  - addFile: {logs: {name: f4.csv, lines: ["e,5"]}}
  - checkAnswer: [[a, 1], [b, 2]]
)"));
  EXPECT_TRUE(r.passed) << r.problem;
}

}  // namespace
}  // namespace tideline
