// tideline verify (spec section 11) on purpose-built scenarios in tests/verify/: each
// verdict shown on purpose, and the DStream crash step.
#include <gtest/gtest.h>

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

// The crash step in a DStream scenario: the driver dies after the first output of the next
// batch; startStream recovers through the checkpoint and the batch runs again.
TEST(Verify, DStreamCrashStepRerunsTheBatch) {
  const std::string yaml = R"Y(tideline: 1
title: crash step
api: dstream
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
  - runBatches: 1
)Y";
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
  const std::string yaml = R"Y(tideline: 1
title: crash step and verify
api: dstream
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
  - addFile: {lines: {name: b.txt, lines: [b]}}
  - runBatches: 1
)Y";
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
