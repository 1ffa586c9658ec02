// The command line contract (spec section 9): exit statuses and output shapes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>
#include "cli_util.h"

namespace {

using tideline::cli_test_util::Result;
using tideline::cli_test_util::Sh;

const std::string kScenarios = TIDELINE_SOURCE_DIR "/scenarios";

TEST(CliTest, CheckPrintsALinePerScenarioThenTheSummary) {
  Result r = Sh("check " + kScenarios);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("PASS  "), std::string::npos);
  std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  EXPECT_NE(last.find(" passed, 0 failed"), std::string::npos) << last;
}

TEST(CliTest, RunJsonIsByteIdenticalWithoutWall) {
  std::string file = kScenarios + "/dstream/word-count.yaml";
  Result a = Sh("run --json --no-wall " + file);
  Result b = Sh("run --json --no-wall " + file);
  EXPECT_EQ(a.status, 0) << a.out;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("{\"type\":\"batch\""), std::string::npos);
  EXPECT_EQ(a.out.find("\"wall\""), std::string::npos);
  Result w = Sh("run --json " + file);
  EXPECT_NE(w.out.find("\"wall\""), std::string::npos);
}

TEST(CliTest, RunPrintsSparkPrintBlocks) {
  Result r = Sh("run " + kScenarios + "/dstream/word-count.yaml");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("-------------------------------------------\nTime: "), std::string::npos) << r.out;
}

TEST(CliTest, RecordThenReplayRunsThePipelineOverTheRecording) {
  std::string rec = ::testing::TempDir() + "/words.jsonl";
  Result r = Sh("record stdin --input lines -o " + rec + " < /dev/null");
  EXPECT_EQ(r.status, 0) << r.out;
  FILE* f = fopen(rec.c_str(), "w");
  fputs("{\"tideline-recording\":1,\"inputs\":{\"lines\":{\"type\":\"socket\"}}}\n"
        "{\"t\":100,\"input\":\"lines\",\"data\":\"to be or not to be\"}\n"
        "{\"t\":1500,\"input\":\"lines\",\"data\":\"to sleep\"}\n"
        "not json\n", f);
  fclose(f);
  Result p = Sh("replay --json " + rec + " " + kScenarios + "/dstream/word-count.yaml");
  EXPECT_EQ(p.status, 0) << p.out;
  EXPECT_NE(p.out.find("(to,2)"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("{\"type\":\"batch\",\"batchTimeMs\":2000,\"inputRows\":1"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("1 malformed line in the recording file"), std::string::npos) << p.out;
}

TEST(CliTest, ReplayRunsAStructuredQueryOverTheRecording) {
  std::string rec = ::testing::TempDir() + "/structured-words.jsonl";
  FILE* f = fopen(rec.c_str(), "w");
  fputs("{\"tideline-recording\":1,\"inputs\":{\"lines\":{\"type\":\"socket\"}}}\n"
        "{\"t\":100,\"input\":\"lines\",\"data\":\"to be or not to be\"}\n"
        "{\"t\":100,\"input\":\"lines\",\"data\":\"to sleep\"}\n"
        "{\"t\":1500,\"input\":\"lines\",\"data\":\"be\"}\n", f);
  fclose(f);
  Result p = Sh("replay " + rec + " " + kScenarios + "/structured/socket-word-count.yaml");
  EXPECT_EQ(p.status, 0) << p.out;
  // The two lines at 100 ms make batch 0; the third, batch 1 (complete mode: the whole table).
  EXPECT_NE(p.out.find("Batch: 0\n-------------------------------------------\n+-----+-----+\n|value|count|\n+-----+-----+\n"
                       "|   be|    2|\n|  not|    1|\n|   or|    1|\n|sleep|    1|\n|   to|    3|\n"),
            std::string::npos)
      << p.out;
  EXPECT_NE(p.out.find("Batch: 1"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("|   be|    3|"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("replayed 3 records"), std::string::npos) << p.out;
}

TEST(CliTest, RecordFileGivesEachLineItsOwnTime) {
  std::string csv = ::testing::TempDir() + "/orders.csv", rec = ::testing::TempDir() + "/orders.jsonl";
  FILE* f = fopen(csv.c_str(), "w");
  fputs("2016-03-22 20:25:28,1,80,EPE,710,51.00,B\n2016-03-22 20:25:30,2,3,AAPL,1,2.00,S\n", f);
  fclose(f);
  Result r = Sh("record file --file " + csv + " --input orders -o " + rec);
  EXPECT_EQ(r.status, 0) << r.out;
  FILE* in = fopen(rec.c_str(), "r");
  std::string text;
  char buf[512];
  while (fgets(buf, sizeof buf, in)) text += buf;
  fclose(in);
  EXPECT_NE(text.find("{\"t\":2000,\"input\":\"orders\""), std::string::npos) << text;
}

TEST(CliTest, MalformedRecordsAreCountedAndReported) {
  Result r = Sh("run " + kScenarios + "/dstream/orders-dashboard.yaml");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("input 'orders': 6 malformed records skipped"), std::string::npos) << r.out;
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Sh("frobnicate").status, 2);
  EXPECT_EQ(Sh("check").status, 2);
  EXPECT_EQ(Sh("run /nonexistent.yaml").status, 2);
  Result h = Sh("--help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("check"), std::string::npos);
}

TEST(CliTest, AFailingCheckExitsOne) {
  std::string dir = ::testing::TempDir();
  std::string f = dir + "/failing.yaml";
  FILE* out = fopen(f.c_str(), "w");
  fputs("tideline: 1\ntitle: failing\napi: dstream\nbatchInterval: 1s\ninputs:\n  in: {type: queue}\n"
        "streams:\n  - name: c\n    from: in\n    ops: [{count: true}]\noutputs:\n  - {stream: c, collect: true}\n"
        "steps:\n  - addData: {in: [1, 2]}\n  - runBatches: 1\n  - expectOutput: {stream: c, batches: [[3]]}\n", out);
  fclose(out);
  Result r = Sh("run " + f);
  EXPECT_EQ(r.status, 1) << r.out;
  Result c = Sh("check " + f);
  EXPECT_EQ(c.status, 1);
  EXPECT_NE(c.out.find("FAIL  failing"), std::string::npos);
  EXPECT_NE(c.out.find("0 passed, 1 failed"), std::string::npos);
}


// ---- Analysis errors found when the scenario loads: exit 2, FILE:LINE:COL of the op.

std::string WriteScenario(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  FILE* f = fopen(path.c_str(), "w");
  fputs(text.c_str(), f);
  fclose(f);
  return path;
}

// A structured query over `events`; its ops start at line 9, the sink is at line 11 or later.
std::string Structured(const std::string& ops, const std::string& sink = "sink: {format: memory, outputMode: append}\n",
                       const std::string& steps = "  - addData: {events: [[a, \"1970-01-01 00:00:01\", 1]]}\n"
                                                  "  - processAllAvailable\n") {
  return "tideline: 1\ntitle: analysis\napi: structured\ninputs:\n"
         "  events: {type: memory, schema: \"word STRING, ts TIMESTAMP, n INT\"}\n"
         "query:\n  from: events\n  ops:\n" + ops + sink + "steps:\n" + steps;
}

struct AnalysisCase {
  const char* name;
  std::string text;
  const char* where;    // LINE:COL of the op
  const char* message;  // the start of the engine's message
};

std::vector<AnalysisCase> AnalysisCases() {
  const std::string agg = "    - groupBy: [word]\n    - agg: [\"count(*) AS n\"]\n";
  return {
      {"unresolved", Structured("    - select: [word, nope]\n"), "9:7", "[UNRESOLVED_COLUMN.WITH_SUGGESTION]"},
      {"window-interval",
       Structured("    - withWatermark: {column: ts, delay: 10 seconds}\n    - groupBy: [\"window(ts, '5 minuts')\", word]\n"
                  "    - agg: [\"count(*) AS n\"]\n"),
       "10:7", "The window duration '5 minuts' is not a valid interval"},
      {"watermark-interval", Structured("    - withWatermark: {column: ts, delay: 5 minuts}\n"), "9:7",
       "[CANNOT_PARSE_INTERVAL] Unable to parse '5 minuts'."},
      {"type", Structured("    - where: \"n + 1\"\n"), "9:7", "[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN]"},
      {"append-aggregation", Structured(agg, "sink:\n  format: memory\n  outputMode: append\n"), "13:15",
       "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: append."},
      {"sort", Structured("    - select: [word, n]\n    - orderBy: [n]\n"), "10:7", "Sorting is not supported"},
      {"join",
       "tideline: 1\ntitle: analysis\napi: structured\ninputs:\n  l: {type: memory, schema: \"a INT\"}\n"
       "  r: {type: memory, schema: \"b INT\"}\nquery:\n  from: l\n  ops:\n    - select: [a]\n"
       "    - join: {with: r, on: \"a < b\"}\nsink: {format: memory}\nsteps:\n  - processAllAvailable\n",
       "11:7", "Stream-stream join without equality predicate is not supported."},
      {"dstream-window",
       "tideline: 1\ntitle: analysis\napi: dstream\nbatchInterval: 1s\ninputs:\n  in: {type: queue}\n"
       "streams:\n  - name: s\n    from: in\n    ops:\n      - window: {window: 1500ms}\n"
       "outputs:\n  - {stream: s, collect: true}\nsteps:\n  - runBatches: 2\n",
       "11:9", "The window duration of windowed DStream (1500 ms) must be a multiple"},
  };
}

TEST(CliTest, AnAnalysisErrorIsReportedAtItsOpAndExitsTwo) {
  for (const AnalysisCase& c : AnalysisCases()) {
    std::string f = WriteScenario(std::string("analysis-") + c.name + ".yaml", c.text);
    std::string line = f + ":" + c.where + ": error: " + c.message;
    Result r = Sh("run " + f);
    EXPECT_EQ(r.status, 2) << c.name << "\n" << r.out;
    EXPECT_EQ(r.out.rfind(line, 0), 0u) << c.name << "\n" << r.out;
    EXPECT_EQ(r.out.find("checks passed"), std::string::npos) << c.name << "\n" << r.out;  // no step ran
    Result j = Sh("run --json --no-wall " + f);
    EXPECT_EQ(j.status, 2) << c.name << "\n" << j.out;
    EXPECT_EQ(j.out.rfind(line, 0), 0u) << c.name << "\n" << j.out;
    Result k = Sh("check " + f);
    EXPECT_EQ(k.status, 1) << c.name << "\n" << k.out;
    EXPECT_NE(k.out.find("FAIL  analysis  (" + f + ")  " + line), std::string::npos) << c.name << "\n" << k.out;
    EXPECT_NE(k.out.find("0 passed, 1 failed"), std::string::npos) << c.name << "\n" << k.out;
  }
}

TEST(CliTest, AnExpectedAnalysisErrorPasses) {
  std::string f = WriteScenario("analysis-expected.yaml",
                                Structured("    - groupBy: [word]\n    - agg: [\"count(*) AS n\"]\n",
                                           "sink:\n  format: memory\n  outputMode: append\n",
                                           "  - addData: {events: [[a, \"1970-01-01 00:00:01\", 1]]}\n"
                                           "  - processAllAvailable\n"
                                           "  - expectFailure: {contains: \"streaming aggregations without watermark\"}\n"));
  Result r = Sh("run " + f);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("PASS: 1 of 1 checks passed"), std::string::npos) << r.out;
  Result k = Sh("check " + f);
  EXPECT_EQ(k.status, 0) << k.out;
  EXPECT_NE(k.out.find("1 passed, 0 failed"), std::string::npos) << k.out;
}

TEST(CliTest, ReplayReportsAnAnalysisErrorAtItsOp) {
  std::string rec = WriteScenario("analysis-words.jsonl",
                                  "{\"tideline-recording\":1,\"inputs\":{\"lines\":{\"type\":\"socket\"}}}\n"
                                  "{\"t\":100,\"input\":\"lines\",\"data\":\"to be\"}\n");
  std::string f = WriteScenario("analysis-replay.yaml",
                                "tideline: 1\ntitle: replay\napi: structured\ninputs:\n  lines: {type: socket, host: localhost, port: 9999}\n"
                                "query:\n  from: lines\n  ops:\n    - select: [\"split(value, ' ') AS words\", nope]\n"
                                "sink: {format: console}\n");
  Result r = Sh("replay -q " + rec + " " + f);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_EQ(r.out.rfind(f + ":9:7: error: [UNRESOLVED_COLUMN.WITH_SUGGESTION]", 0), 0u) << r.out;
}


TEST(CliTest, BlessFillsInTheChecksThenTheScenarioPasses) {
  const std::string head = "tideline: 1\ntitle: bless\napi: structured\n# the words\ninputs:\n"
                           "  words: {type: memory, schema: \"word STRING\"}\n"
                           "query:\n  from: words\n  ops:\n    - groupBy: [word]\n    - agg: [\"count(*) AS n\"]  # kept\n"
                           "sink: {format: memory, outputMode: complete}\nsteps:\n  - addData: {words: [to, be, to]}\n";
  std::string f = WriteScenario("bless.yaml", head + "  - checkAnswer: []  # fill in\n  - note: unchanged\n"
                                                     "  - checkLastBatch:\n      - [to, 9]\n");
  Result before = Sh("run " + f);
  EXPECT_EQ(before.status, 1) << before.out;
  Result r = Sh("run --bless " + f);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("blessed 2 checks in " + f), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS: 2 of 2 checks passed"), std::string::npos) << r.out;
  FILE* in = fopen(f.c_str(), "r");
  std::string text;
  char buf[512];
  while (fgets(buf, sizeof buf, in)) text += buf;
  fclose(in);
  EXPECT_EQ(text, head + "  - checkAnswer: [[be, 1], [to, 2]]  # fill in\n  - note: unchanged\n"
                         "  - checkLastBatch:\n      - [be, 1]\n      - [to, 2]\n");
  // A scenario with an error is left as it is.
  std::string bad = WriteScenario("bless-bad.yaml", Structured("    - select: [word, nope]\n"));
  Result b = Sh("run --bless " + bad);
  EXPECT_EQ(b.status, 2) << b.out;
}

}  // namespace

// tideline explain-row: the records that made a row, as text and as JSON; a row that is
// not there is an error (exit 2) that says how many rows the batch has.
TEST(CliTest, ExplainRowShowsTheRecordsThatMadeARow) {
  Result r = Sh("explain-row " + kScenarios + "/dstream/word-count.yaml --batch 0 --row 1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Row 1 of 8 in the batch at 1s of counts: (be,2)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lines  batch 1s, arrived at 0s  to be or not to be"), std::string::npos) << r.out;
  Result j = Sh("explain-row " + kScenarios + "/structured/ad-clicks-join.yaml --batch 1 --json");
  ASSERT_EQ(j.status, 0) << j.out;
  EXPECT_NE(j.out.find("\"role\":\"left\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"role\":\"right\""), std::string::npos) << j.out;
  Result bad = Sh("explain-row " + kScenarios + "/dstream/word-count.yaml --batch 0 --row 9");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("has 8 elements; there is no row 9"), std::string::npos) << bad.out;
}
