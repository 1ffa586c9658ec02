// Regression tests, one behaviour each, named after what they guard.
#include <gtest/gtest.h>

#include "test_util.h"

namespace tideline {
namespace {

TEST(RegressionsTest, WindowShorterThanItsSlideTakesQueueChunksAsSparkDoes) {
  // Spark computes a queue's batch only when a job asks for it: a window of 1 s sliding by
  // 2 s asks for the batches at 2 s and 4 s, which take the first two chunks.
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: gap
api: dstream
batchInterval: 1s
inputs:
  in: {type: queue}
streams:
  - name: w
    from: in
    ops:
      - window: {window: 1s, slide: 2s}
outputs:
  - {stream: w, collect: true}
steps:
  - addBatches: {in: [[1], [2], [3], [4]]}
  - runBatches: 4
  - expectOutput: {stream: w, batches: [[1], [2]]}
)yaml");
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

TEST(RegressionsTest, QueueDefaultIsUsedWhenTheQueueIsEmpty) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: default
api: dstream
batchInterval: 1s
inputs:
  in: {type: queue, oneAtATime: true, default: [7, 8]}
outputs:
  - {stream: in, collect: true}
steps:
  - addData: {in: [1]}
  - runBatches: 2
  - expectOutput: {stream: in, batches: [[1], [7, 8]]}
)yaml");
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

TEST(RegressionsTest, CsvFormatTypesQueuedChunksAndSkipsMalformedLines) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: csv queue
api: dstream
batchInterval: 1s
inputs:
  in:
    type: queue
    format: {type: csv, schema: "name STRING, n INT", validate: "x.n > 0"}
streams:
  - name: s
    from: in
    ops: [{map: "(x.name, x.n * 2)"}]
outputs:
  - {stream: s, collect: true}
steps:
  - addData: {in: ["a,1", "b,oops", "c,-1", "d,2"]}
  - runBatches: 1
  - expectOutput: {stream: s, batches: [[[a, 2], [d, 4]]]}
)yaml");
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

TEST(RegressionsTest, FileDataThatArrivedBeforeTheStopIsReadAfterRecovery) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: pending at stop
api: dstream
batchInterval: 1s
checkpoint: true
inputs:
  in: {type: textFile, directory: in/}
streams:
  - name: c
    from: in
    ops: [{map: "(x, 1)"}, {updateStateByKey: "coalesce(state, 0) + sum(values)"}]
outputs:
  - {stream: c, collect: true}
steps:
  - addData: {in: [a]}
  - runBatches: 1
  - advanceClock: 500ms
  - addData: {in: [a]}
  - stopStream
  - advanceClock: 1s
  - startStream
  - expectOutput: {stream: c, batches: [[[a, 1]], [[a, 1]], [[a, 2]]]}
)yaml");
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

}  // namespace
}  // namespace tideline
