// tideline verify (spec section 11) on purpose-built scenarios in tests/verify/: each
// verdict shown on purpose, and the DStream crash step.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/scenario/model.h"
#include "core/scenario/runner.h"
#include "core/verify/verifier.h"

namespace tideline::verify {
namespace {

const std::string kDir = TIDELINE_SOURCE_DIR "/tests/verify/";

VerifyResult VerifyFile(const std::string& name, VerifyOptions opts = {}) {
  auto sc = scenario::LoadScenario(kDir + name);
  EXPECT_TRUE(sc.ok()) << sc.status().ToString();
  auto r = Verify(*sc, opts);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->failed_checks.empty());
  return *r;
}

TEST(Verify, StructuredMemorySinkIsExactlyOnce) {
  VerifyResult r = VerifyFile("structured-memory-sink.yaml");
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.outputs[0].output, "memory sink");
  EXPECT_EQ(r.outputs[0].verdict, Verdict::kExactlyOnce);
  // Three batches, four crash points each.
  EXPECT_EQ(r.schedules, 12);
  EXPECT_FALSE(r.outputs[0].failure.has_value());
}

TEST(Verify, StructuredFileSinkThroughMetadataIsExactlyOnce) {
  VerifyResult r = VerifyFile("structured-file-sink.yaml");
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.outputs[0].output, "file sink(out/words)");
  EXPECT_EQ(r.verdict, Verdict::kExactlyOnce);
}

TEST(Verify, StructuredConsoleSinkIsAtLeastOnce) {
  VerifyResult r = VerifyFile("structured-console-sink.yaml");
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.outputs[0].verdict, Verdict::kAtLeastOnce);
  ASSERT_TRUE(r.outputs[0].failure.has_value());
  const OutputFailure& f = *r.outputs[0].failure;
  ASSERT_EQ(f.schedule.size(), 1u);
  // The first batch re-printed after the sink wrote it and before the commit log.
  EXPECT_EQ(f.schedule[0], (CrashAt{0, "afterSink"}));
  ASSERT_EQ(f.extra.size(), 1u);
  EXPECT_NE(f.extra[0].find("Batch: 0"), std::string::npos);
  EXPECT_TRUE(f.missing.empty());
}

TEST(Verify, DStreamSaveAsTextFilesIsExactlyOnce) {
  VerifyResult r = VerifyFile("dstream-save-as-text-files.yaml");
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.outputs[0].output, "saveAsTextFiles(out/totals)");
  EXPECT_EQ(r.outputs[0].verdict, Verdict::kExactlyOnce);
  // Three batches: afterGenerate, afterOutput1, afterComplete each.
  EXPECT_EQ(r.schedules, 9);
}

TEST(Verify, DStreamAppendFileAndPrintAreAtLeastOnce) {
  VerifyResult r = VerifyFile("dstream-append-and-print.yaml");
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_EQ(r.outputs[0].output, "appendFile(out/words.txt)");
  EXPECT_EQ(r.outputs[0].verdict, Verdict::kAtLeastOnce);
  ASSERT_TRUE(r.outputs[0].failure.has_value());
  EXPECT_EQ(r.outputs[0].failure->schedule[0], (CrashAt{1000, "afterOutput1"}));
  EXPECT_EQ(r.outputs[0].failure->extra, (std::vector<std::string>{"1000\tA", "1000\tB"}));
  EXPECT_EQ(r.outputs[1].output, "print(words)");
  EXPECT_EQ(r.outputs[1].verdict, Verdict::kAtLeastOnce);
  // print is the second output: a crash after the first does not print twice.
  EXPECT_EQ(r.outputs[1].failure->schedule[0], (CrashAt{1000, "afterOutput2"}));
  EXPECT_EQ(r.verdict, Verdict::kAtLeastOnce);
}

TEST(Verify, DStreamSocketWithoutWriteAheadLogIsAtMostOnce) {
  VerifyResult r = VerifyFile("dstream-socket-no-wal.yaml");
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.outputs[0].verdict, Verdict::kAtMostOnce);
  ASSERT_TRUE(r.outputs[0].failure.has_value());
  EXPECT_EQ(r.outputs[0].failure->schedule[0], (CrashAt{1000, "afterGenerate"}));
  EXPECT_EQ(r.outputs[0].failure->missing, (std::vector<std::string>{"words-1000: A", "words-1000: B"}));
  EXPECT_TRUE(r.outputs[0].failure->extra.empty());
}

TEST(Verify, DStreamSocketWithWriteAheadLogRecovers) {
  VerifyResult r = VerifyFile("dstream-socket-wal.yaml");
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.outputs[0].verdict, Verdict::kExactlyOnce);
}

TEST(Verify, RandomSchedulesAreSeededAndShrunk) {
  VerifyOptions o;
  o.random = 5;
  o.seed = 7;
  VerifyResult a = VerifyFile("dstream-append-and-print.yaml", o);
  VerifyResult b = VerifyFile("dstream-append-and-print.yaml", o);
  EXPECT_EQ(a.schedules, 12 + 5);
  ASSERT_TRUE(a.outputs[0].failure.has_value());
  EXPECT_EQ(a.outputs[0].failure->schedule.size(), 1u);  // the smallest failing schedule
  EXPECT_EQ(a.outputs[0].failure->schedule, b.outputs[0].failure->schedule);
}

// The Studio's matrix: every single-crash schedule with each output's cell, in the order
// the clean run passed the crash points; the outputs' verdicts are the worst of their cells.
TEST(Verify, MatrixHasEverySingleCrashScheduleWithItsCells) {
  VerifyOptions o;
  o.random = 3;  // random schedules are not cells
  std::vector<std::pair<int, int>> progress;
  o.progress = [&](int done, int total) { progress.emplace_back(done, total); };
  VerifyResult r = VerifyFile("dstream-append-and-print.yaml", o);
  ASSERT_EQ(r.cells.size(), 12u);  // three batches x four points
  EXPECT_EQ(r.cells[0].crash, (CrashAt{1000, "afterGenerate"}));
  EXPECT_EQ(r.cells[3].crash, (CrashAt{1000, "afterComplete"}));
  EXPECT_EQ(r.cells[4].crash, (CrashAt{2000, "afterGenerate"}));
  ASSERT_EQ(r.clean.size(), 2u);
  EXPECT_EQ(r.clean[0].name, "appendFile(out/words.txt)");
  EXPECT_EQ(r.clean[0].items, (std::vector<std::string>{"1000\tA", "1000\tB", "2000\tC"}));
  for (const ScheduleOutcome& s : r.cells) ASSERT_EQ(s.outputs.size(), 2u);
  // A crash after the append of batch 1000 appends its rows again; the print is not repeated.
  const ScheduleOutcome& after_append = r.cells[1];
  EXPECT_EQ(after_append.crash, (CrashAt{1000, "afterOutput1"}));
  EXPECT_EQ(after_append.outputs[0].verdict, Verdict::kAtLeastOnce);
  EXPECT_EQ(after_append.outputs[0].extra, (std::vector<std::string>{"1000\tA", "1000\tB"}));
  EXPECT_TRUE(after_append.outputs[0].missing.empty());
  EXPECT_EQ(after_append.outputs[1].verdict, Verdict::kExactlyOnce);
  // Dying before any output ran repeats nothing: the batch runs once, after the recovery.
  EXPECT_EQ(r.cells[0].outputs[0].verdict, Verdict::kExactlyOnce);
  EXPECT_EQ(r.cells[0].outputs[1].verdict, Verdict::kExactlyOnce);
  EXPECT_TRUE(r.cells[0].outputs[0].extra.empty());
  // Dying after print ran repeats both.
  EXPECT_EQ(r.cells[2].outputs[0].verdict, Verdict::kAtLeastOnce);
  EXPECT_EQ(r.cells[2].outputs[1].verdict, Verdict::kAtLeastOnce);
  for (size_t i = 0; i < r.outputs.size(); ++i) {
    Verdict worst = Verdict::kExactlyOnce;
    for (const ScheduleOutcome& s : r.cells) worst = std::max(worst, s.outputs[i].verdict);
    EXPECT_EQ(worst, r.outputs[i].verdict) << r.outputs[i].output;
  }
  // The clean run, then each of the 12 + 3 schedules.
  ASSERT_EQ(progress.size(), 16u);
  EXPECT_EQ(progress.front(), (std::pair<int, int>{1, 16}));
  EXPECT_EQ(progress.back(), (std::pair<int, int>{16, 16}));
}

TEST(Verify, MatrixShowsMissingRowsOfALostBatch) {
  VerifyResult r = VerifyFile("dstream-socket-no-wal.yaml");
  ASSERT_FALSE(r.cells.empty());
  const auto lost = std::find_if(r.cells.begin(), r.cells.end(),
                                 [](const ScheduleOutcome& s) { return s.crash == CrashAt{1000, "afterGenerate"}; });
  ASSERT_NE(lost, r.cells.end());
  EXPECT_EQ(lost->outputs[0].verdict, Verdict::kAtMostOnce);
  EXPECT_EQ(lost->outputs[0].missing, (std::vector<std::string>{"words-1000: A", "words-1000: B"}));
}

// A DStream pipeline appending each batch to a file, and the first steps of a scenario
// whose crash step kills the driver after that output in the first batch.
constexpr const char* kCrashStepPipeline = R"Y(api: dstream
batchInterval: 1s
checkpoint: true
inputs:
  lines: {type: textFile, directory: in}
streams:
  - {name: up, from: lines, ops: [{map: "upper(x)"}]}
outputs:
  - {stream: up, foreachRDD: {appendFile: out/up.txt}}
steps:
  - addFile: {lines: {name: a.txt, lines: [a]}}
  - crash: {at: afterOutput1}
  - runBatches: 1
  - startStream
)Y";

// The crash step in a DStream scenario: the driver dies after the first output of the next
// batch; startStream recovers through the checkpoint and the batch runs again.
TEST(Verify, DStreamCrashStepRerunsTheBatch) {
  const std::string yaml = "tideline: 1\ntitle: crash step\n" + std::string(kCrashStepPipeline) + "  - runBatches: 1\n";
  auto sc = scenario::LoadScenarioText(yaml, kDir + "inline.yaml");
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "tideline-verify-test-crash";
  std::filesystem::remove_all(dir);
  scenario::RunnerOptions opts;
  opts.output_dir = dir.string();
  auto r = scenario::Runner::Create(*sc, opts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  (*r)->RunAll();
  EXPECT_TRUE((*r)->passed()) << (*r)->failure();
  std::ifstream f(dir / "out/up.txt");
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_EQ(ss.str(), "1000\tA\n1000\tA\n");
  std::filesystem::remove_all(dir);
}

// A scenario's own crash step and verify's schedules together: the schedule that crashes
// where the step does is the clean run, and a schedule that crashes first, earlier in the
// same batch, leaves the step's crash armed for the batch that runs again.
TEST(Verify, StructuredScenarioWithItsOwnCrashStepKeepsItsVerdicts) {
  const std::string yaml = R"Y(tideline: 1
title: crash step and verify
api: structured
inputs:
  words: {type: memory, schema: "word STRING"}
query:
  from: words
  ops:
    - groupBy: [word]
    - agg: ["count(*) AS n"]
sink: {format: memory, outputMode: update}
steps:
  - addData: {words: [[a], [b]]}
  - processAllAvailable
  - crash: {at: afterSink}
  - addData: {words: [[a]]}
  - processAllAvailable
  - startStream
  - addData: {words: [[c]]}
  - checkAnswer: [[a, 1], [b, 1], [a, 2], [c, 1]]
)Y";
  auto sc = scenario::LoadScenarioText(yaml, kDir + "inline-crash.yaml");
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  auto r = Verify(*sc, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->failed_checks.empty());
  ASSERT_EQ(r->outputs.size(), 1u);
  EXPECT_EQ(r->outputs[0].verdict, Verdict::kExactlyOnce)
      << ScheduleText(r->outputs[0].failure ? r->outputs[0].failure->schedule : Schedule{}, false);
  // Every point of batch 1 is passed, the step's afterSink included, then again in the rerun.
  EXPECT_GE(r->schedules, 12);
}

TEST(Verify, DStreamScenarioWithItsOwnCrashStepStaysAtLeastOnce) {
  const std::string yaml = "tideline: 1\ntitle: crash step and verify\n" + std::string(kCrashStepPipeline) +
                           "  - addFile: {lines: {name: b.txt, lines: [b]}}\n  - runBatches: 1\n";
  auto sc = scenario::LoadScenarioText(yaml, kDir + "inline-crash.yaml");
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  auto r = Verify(*sc, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->outputs.size(), 1u);
  EXPECT_EQ(r->outputs[0].verdict, Verdict::kAtLeastOnce)
      << ScheduleText(r->outputs[0].failure ? r->outputs[0].failure->schedule : Schedule{}, true);
}

TEST(Verify, DStreamCrashStepRejectsAnUnknownPoint) {
  const std::string yaml = R"Y(tideline: 1
title: bad crash point
api: dstream
batchInterval: 1s
checkpoint: true
inputs:
  lines: {type: textFile, directory: in}
outputs:
  - {stream: lines, print: 10}
steps:
  - crash: {at: afterOutput2}
)Y";
  auto sc = scenario::LoadScenarioText(yaml, "inline.yaml");
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  auto r = scenario::Runner::Create(*sc, {});
  ASSERT_TRUE(r.ok());
  (*r)->RunAll();
  EXPECT_TRUE((*r)->scenario_error());
  EXPECT_NE((*r)->failure().find("unknown DStream crash point 'afterOutput2'"), std::string::npos) << (*r)->failure();
}

}  // namespace
}  // namespace tideline::verify
