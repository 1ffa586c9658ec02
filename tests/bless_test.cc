// tideline run --bless: the expected values of failed row checks are filled in from a
// run; every other byte of the file stays.
#include "core/scenario/bless.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace tideline::scenario {
namespace {

// Runs `text` to the end (a failed check does not stop it) and blesses it.
std::string Blessed(const std::string& text, int* n) {
  auto sc = LoadScenarioText(text, "b.yaml");
  EXPECT_TRUE(sc.ok()) << sc.status().ToString();
  if (!sc.ok()) return "";
  RunnerOptions opts;
  opts.continue_after_failed_check = true;
  auto r = Runner::Create(*sc, opts);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return "";
  (*r)->RunAll();
  auto out = BlessText(text, *sc, (*r)->checks(), n);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : "";
}

const char* kHead = R"y(tideline: 1
title: bless
api: structured
# the words
inputs:
  words: {type: memory, schema: "word STRING"}
query:
  from: words
  ops:
    - groupBy: [word]
    - agg: ["count(*) AS n"]   # a comment that stays
sink: {format: memory, outputMode: complete}
steps:
)y";

TEST(BlessTest, WrongAndEmptyRowChecksAreFilledInAndNothingElseChanges) {
  std::string steps = R"y(  - addData: {words: [to, be, to]}
  - checkAnswer: []            # fill me in
  - addData: {words: [be]}
  - checkLastBatch: [[be, 1]]  # wrong
  - checkAnswer:
      - [to, 0]
      - [be, 0]
  # a comment between steps
  - addData: {words: [or, "not to"]}
  - checkNewAnswer:
  - checkAnswer: {rows: [], ordered: false}
  - checkLastBatch: [[be, 2], [not to, 1], [or, 1], [to, 2]]   # passes: kept as written
)y";
  int n = 0;
  std::string out = Blessed(std::string(kHead) + steps, &n);
  EXPECT_EQ(n, 5);
  EXPECT_EQ(out, std::string(kHead) + R"y(  - addData: {words: [to, be, to]}
  - checkAnswer: [[be, 1], [to, 2]]            # fill me in
  - addData: {words: [be]}
  - checkLastBatch: [[be, 2], [to, 2]]  # wrong
  - checkAnswer:
      - [be, 2]
      - [to, 2]
  # a comment between steps
  - addData: {words: [or, "not to"]}
  - checkNewAnswer: [[be, 2], ["not to", 1], [or, 1], [to, 2]]
  - checkAnswer: {rows: [[be, 2], ["not to", 1], [or, 1], [to, 2]], ordered: false}
  - checkLastBatch: [[be, 2], [not to, 1], [or, 1], [to, 2]]   # passes: kept as written
)y");
  auto again = testing_util::RunText(out, "b.yaml");
  EXPECT_TRUE(again.passed) << again.error << again.failure;
}

TEST(BlessTest, ExpectOutputBatchesAreFilledInFlowOrBlock) {
  std::string head = R"y(tideline: 1
title: bless dstream
api: dstream
batchInterval: 1s
inputs:
  in: {type: queue}
streams:
  - name: c
    from: in
    ops: [{map: "(x, 1)"}, {reduceByKey: "a + b"}]
outputs:
  - {stream: c, collect: true}
steps:
  - addData: {in: [a, b, a]}
  - runBatches: 1
)y";
  int n = 0;
  std::string out = Blessed(head + R"y(  - expectOutput: {stream: c, batches: []}   # to fill in
  - addData: {in: [c]}
  - runBatches: 2
  - expectOutput:
      stream: c
      batches:
        - [[a, 1]]
      # the end
)y", &n);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(out, head + R"y(  - expectOutput: {stream: c, batches: [[[a, 2], [b, 1]]]}   # to fill in
  - addData: {in: [c]}
  - runBatches: 2
  - expectOutput:
      stream: c
      batches:
        - [[a, 2], [b, 1]]
        - [[c, 1]]
        - []
      # the end
)y");
  auto again = testing_util::RunText(out, "b.yaml");
  EXPECT_TRUE(again.passed) << again.error << again.failure;
}

TEST(BlessTest, ValuesAreWrittenSoThatTheLoaderReadsThemBack) {
  EXPECT_EQ(YamlFlow(Value::String("to")), "to");
  EXPECT_EQ(YamlFlow(Value::String("not to")), "\"not to\"");
  EXPECT_EQ(YamlFlow(Value::String("true")), "\"true\"");
  EXPECT_EQ(YamlFlow(Value::String("12")), "\"12\"");
  EXPECT_EQ(YamlFlow(Value::String("")), "\"\"");
  EXPECT_EQ(YamlFlow(Value()), "null");
  EXPECT_EQ(YamlFlow(Value::Int(-3)), "-3");
  EXPECT_EQ(YamlFlow(Value::Double(2.0)), "2.0");
  EXPECT_EQ(YamlFlow(Value::Double(2.5)), "2.5");
  EXPECT_EQ(YamlFlow(Value::Ts(Timestamp::FromSeconds(10))), "\"1970-01-01 00:00:10\"");
  EXPECT_EQ(YamlFlow(Value::Array({Value::String("a"), Value::Array({Value::Int(1), Value::Bool(false)})})),
            "[a, [1, false]]");
  // A bare word with nothing after it, or a null value, gets its rows after the key.
  int n = 0;
  std::string out = Blessed(std::string(kHead) + "  - addData: {words: [x]}\n  - checkAnswer: null # x\n", &n);
  EXPECT_EQ(out, std::string(kHead) + "  - addData: {words: [x]}\n  - checkAnswer: [[x, 1]] # x\n");
}

}  // namespace
}  // namespace tideline::scenario
