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

}  // namespace
}  // namespace tideline
