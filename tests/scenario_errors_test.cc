// Bad scenarios give one clear FILE:LINE:COL error, never a crash.
#include <gtest/gtest.h>

#include "test_util.h"

namespace tideline {
namespace {

using testing_util::RunText;

const char* kHead = R"(tideline: 1
title: t
api: dstream
batchInterval: 1s
inputs:
  in: {type: queue}
)";

std::string With(const std::string& body) { return std::string(kHead) + body; }

// The error line, whichever stage found it.
std::string ErrorOf(const testing_util::Outcome& o) {
  if (!o.error.empty()) return o.error;
  EXPECT_TRUE(o.scenario_error) << o.failure;
  return o.failure.substr(o.failure.find(": ") + 2);
}

TEST(ScenarioErrorsTest, BadYaml) {
  auto o = RunText("tideline: 1\ntitle: [unclosed\n", "bad.yaml");
  EXPECT_EQ(ErrorOf(o).rfind("bad.yaml:", 0), 0u) << ErrorOf(o);
  EXPECT_NE(ErrorOf(o).find(": error: invalid YAML"), std::string::npos);
}

TEST(ScenarioErrorsTest, UnknownOpSuggestsTheRightOne) {
  auto o = RunText(With("streams:\n  - name: s\n    from: in\n    ops:\n      - reduceBykey: \"a + b\"\n"), "f.yaml");
  EXPECT_EQ(ErrorOf(o), "f.yaml:11:9: error: unknown op 'reduceBykey' (did you mean 'reduceByKey'?)");
}

TEST(ScenarioErrorsTest, BadExpressionNamesTheToken) {
  auto o = RunText(With("streams:\n  - name: s\n    from: in\n    ops:\n      - map: \"(x, ))\"\n"
                        "outputs:\n  - {stream: s, collect: true}\n"), "f.yaml");
  EXPECT_EQ(ErrorOf(o), "f.yaml:11:19: error: unexpected token ')' in expression");
}

TEST(ScenarioErrorsTest, WindowNotAMultipleOfTheBatchInterval) {
  auto o = RunText(With("streams:\n  - name: s\n    from: in\n    ops:\n      - window: {window: 1500ms}\n"
                        "outputs:\n  - {stream: s, collect: true}\nsteps:\n  - runBatches: 2\n"), "f.yaml");
  EXPECT_EQ(ErrorOf(o), "f.yaml:11:9: error: The window duration of windowed DStream (1500 ms) must be a multiple "
                        "of the slide duration of parent DStream (1000 ms)");
}

TEST(ScenarioErrorsTest, InputThatDoesNotExist) {
  auto o = RunText(With("streams:\n  - name: s\n    from: inn\n    ops: [{count: true}]\n"), "f.yaml");
  EXPECT_EQ(ErrorOf(o), "f.yaml:9:11: error: unknown stream or input 'inn' (did you mean 'in'?)");
  auto step = RunText(With("outputs:\n  - {stream: in, collect: true}\nsteps:\n  - addData: {nope: [1]}\n"), "g.yaml");
  EXPECT_EQ(ErrorOf(step), "g.yaml:10:15: error: unknown input 'nope'");
}

TEST(ScenarioErrorsTest, MissingFiles) {
  auto o = testing_util::RunFile("/nonexistent/lesson.yaml");
  EXPECT_EQ(o.error, "/nonexistent/lesson.yaml:1:1: error: cannot open scenario file: No such file or directory");
  auto rec = RunText(std::string("tideline: 1\ntitle: t\napi: dstream\nbatchInterval: 1s\ninputs:\n"
                                 "  r: {type: recording, path: missing.jsonl}\noutputs:\n  - {stream: r, collect: true}\n"),
                     "dir/f.yaml");
  EXPECT_EQ(ErrorOf(rec).rfind("dir/f.yaml:6:30: error: cannot open recording", 0), 0u) << ErrorOf(rec);
}

TEST(ScenarioErrorsTest, UnknownTopLevelKeyAndMissingTitle) {
  auto o = RunText("tideline: 1\ntitle: t\napi: dstream\nbatchIntervall: 1s\n", "f.yaml");
  EXPECT_EQ(ErrorOf(o), "f.yaml:4:1: error: unknown key 'batchIntervall' (did you mean 'batchInterval'?)");
  auto t = RunText("tideline: 1\napi: dstream\n", "f.yaml");
  EXPECT_EQ(ErrorOf(t), "f.yaml:1:1: error: missing 'title'");
}

TEST(ScenarioErrorsTest, AFailingJobIsReportedNotCrashed) {
  auto o = RunText(With("streams:\n  - name: s\n    from: in\n    ops: [{reduceByKey: \"a + b\"}]\n"
                        "outputs:\n  - {stream: s, collect: true}\nsteps:\n  - addData: {in: [1]}\n  - runBatches: 1\n"));
  EXPECT_FALSE(o.passed);
  EXPECT_FALSE(o.scenario_error);
  EXPECT_NE(o.failure.find("is not a (key, value) pair"), std::string::npos) << o.failure;
}


// ---- Analysis errors found when the scenario loads (before any step runs)

// A structured query over `events` with `ops` (each line indented under `ops:`), a sink,
// then steps. The ops start at line 9.
std::string Query(const std::string& ops, const std::string& sink = "sink: {format: memory, outputMode: append}\n",
                  const std::string& steps = "  - addData: {events: [[a, \"1970-01-01 00:00:01\", 1]]}\n"
                                             "  - processAllAvailable\n") {
  return "tideline: 1\ntitle: t\napi: structured\ninputs:\n"
         "  events: {type: memory, schema: \"word STRING, ts TIMESTAMP, n INT\"}\n"
         "query:\n  from: events\n  ops:\n" + ops + sink + "steps:\n" + steps;
}

// The error found before any step runs, or "" (then the runner was created).
std::string LoadError(const std::string& text) {
  auto sc = scenario::LoadScenarioText(text, "q.yaml");
  if (!sc.ok()) return "load: " + sc.status().ToString();
  auto r = scenario::Runner::Create(*sc, {});
  return r.ok() ? "" : r.status().ToString();
}

TEST(ScenarioErrorsTest, UnresolvedColumnIsFoundAtLoadAtTheOp) {
  std::string err = LoadError(Query("    - select: [word, nope]\n"));
  EXPECT_EQ(err.rfind("q.yaml:9:7: error: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter "
                      "with name `nope` cannot be resolved.", 0), 0u) << err;
}

TEST(ScenarioErrorsTest, BadIntervalInAWindowIsTheGroupByOps) {
  std::string err = LoadError(Query("    - withWatermark: {column: ts, delay: 10 seconds}\n"
                                    "    - groupBy: [\"window(ts, '5 minuts')\", word]\n"
                                    "    - agg: [\"count(*) AS n\"]\n"));
  EXPECT_EQ(err.rfind("q.yaml:10:7: error: The window duration '5 minuts' is not a valid interval", 0), 0u) << err;
}

TEST(ScenarioErrorsTest, BadIntervalInAWatermarkDelay) {
  std::string err = LoadError(Query("    - select: [word, ts]\n    - withWatermark: {column: ts, delay: 5 minuts}\n"));
  EXPECT_EQ(err, "q.yaml:10:7: error: [CANNOT_PARSE_INTERVAL] Unable to parse '5 minuts'. Please ensure that the value "
                 "provided is in a valid format for defining an interval.");
}

TEST(ScenarioErrorsTest, TypeErrorInAFilter) {
  std::string err = LoadError(Query("    - where: \"n + 1\"\n"));
  EXPECT_EQ(err.rfind("q.yaml:9:7: error: [DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN]", 0), 0u) << err;
}

TEST(ScenarioErrorsTest, AppendWithAggregationWithoutWatermarkIsTheOutputModes) {
  std::string err = LoadError(Query("    - groupBy: [word]\n    - agg: [\"count(*) AS n\"]\n",
                                    "sink:\n  format: memory\n  outputMode: append\n"));
  EXPECT_EQ(err, "q.yaml:13:15: error: [STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: "
                 "append. This output mode is not supported for streaming aggregations without watermark on streaming "
                 "DataFrames/DataSets.");
  // The default mode is append: the sink is the cause.
  std::string def = LoadError(Query("    - groupBy: [word]\n    - agg: [\"count(*) AS n\"]\n", "sink: {format: memory}\n"));
  EXPECT_EQ(def.rfind("q.yaml:11:1: error: [STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION]", 0), 0u) << def;
}

TEST(ScenarioErrorsTest, SortWithoutAggregationIsTheOrderByOps) {
  std::string err = LoadError(Query("    - select: [word, n]\n    - where: \"n > 0\"\n    - orderBy: [n]\n"));
  EXPECT_EQ(err, "q.yaml:11:7: error: Sorting is not supported on streaming DataFrames/Datasets, unless it is on "
                 "aggregated DataFrame/Dataset in Complete output mode");
}

TEST(ScenarioErrorsTest, StreamStreamJoinWithoutEqualityIsTheJoinOps) {
  std::string text = "tideline: 1\ntitle: t\napi: structured\ninputs:\n"
                     "  l: {type: memory, schema: \"a INT\"}\n  r: {type: memory, schema: \"b INT\"}\n"
                     "query:\n  from: l\n  ops:\n    - select: [a]\n    - join: {with: r, on: \"a < b\"}\n"
                     "sink: {format: memory}\nsteps:\n  - processAllAvailable\n";
  EXPECT_EQ(LoadError(text), "q.yaml:11:7: error: Stream-stream join without equality predicate is not supported.");
}

TEST(ScenarioErrorsTest, DStreamValidationIsFoundAtLoad) {
  std::string err = LoadError(With("streams:\n  - name: s\n    from: in\n    ops:\n      - window: {window: 1500ms}\n"
                                   "outputs:\n  - {stream: s, collect: true}\nsteps:\n  - runBatches: 2\n"));
  EXPECT_EQ(err, "q.yaml:11:9: error: The window duration of windowed DStream (1500 ms) must be a multiple "
                 "of the slide duration of parent DStream (1000 ms)");
  auto sc = scenario::LoadScenarioText(With("streams:\n  - name: s\n    from: in\n    ops:\n      - window: {window: 1500ms}\n"
                                            "outputs:\n  - {stream: s, collect: true}\n"), "q.yaml");
  ASSERT_TRUE(sc.ok());
  Status st = scenario::AnalyzePipeline(*sc);
  EXPECT_EQ(st.pos().line, 11);
  EXPECT_EQ(st.pos().column, 9);
}

TEST(ScenarioErrorsTest, AnExpectedAnalysisErrorStillPasses) {
  std::string ops = "    - groupBy: [word]\n    - agg: [\"count(*) AS n\"]\n";
  std::string sink = "sink:\n  format: memory\n  outputMode: append\n";
  // The failure surfaces at the step that starts the query; the next step expects it.
  auto o = RunText(Query(ops, sink, "  - addData: {events: [[a, \"1970-01-01 00:00:01\", 1]]}\n  - processAllAvailable\n"
                                    "  - expectFailure: {contains: \"streaming aggregations without watermark\"}\n"));
  EXPECT_TRUE(o.passed) << o.error << o.failure;
  // Or the step that starts it is the expectFailure step.
  auto first = RunText(Query(ops, sink, "  - expectFailure: {contains: \"STREAMING_OUTPUT_MODE\"}\n"));
  EXPECT_TRUE(first.passed) << first.error << first.failure;
  // The raw analysis still finds it, for a caller that wants to show it.
  auto sc = scenario::LoadScenarioText(Query(ops, sink), "q.yaml");
  ASSERT_TRUE(sc.ok());
  EXPECT_EQ(scenario::AnalyzePipeline(*sc).pos().line, 13);
  // A failure expected two steps later is not expected at the start: an error in the file.
  std::string late = LoadError(Query(ops, sink, "  - processAllAvailable\n  - note: hi\n  - expectFailure: true\n"));
  EXPECT_EQ(late.rfind("q.yaml:13:15: error: [STREAMING_OUTPUT_MODE", 0), 0u) << late;
}

TEST(ScenarioErrorsTest, TheFirstStartsSettingsAreAnalysed) {
  std::string ops = "    - groupBy: [word]\n    - agg: [\"count(*) AS n\"]\n";
  // The first start turns the check off: valid as written.
  EXPECT_EQ(LoadError(Query(ops, "sink: {format: memory}\n",
                            "  - startStream: {config: {spark.sql.streaming.unsupportedOperationCheck: false}}\n"
                            "  - processAllAvailable\n")), "");
  // A continuous trigger at the first start, which foreachBatch does not support: the trigger is the cause.
  std::string err = LoadError(Query("    - select: [word]\n", "sink: {format: foreachBatch}\n",
                                    "  - startStream: {trigger: {continuous: 1s}}\n"));
  EXPECT_EQ(err, "q.yaml:12:28: error: 'foreachBatch' is not supported with continuous trigger");
}

}  // namespace
}  // namespace tideline
