// DStream checkpoints: a stop and a recovery give the clean run's state, and a
// damaged checkpoint is reported, never used.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/dstream/streaming_context.h"
#include "test_util.h"

namespace tideline {
namespace {

namespace fs = std::filesystem;

const char* kRestart = R"yaml(tideline: 1
title: restart
api: dstream
batchInterval: 1s
checkpoint: true
inputs:
  words: {type: textFile, directory: in/}
streams:
  - name: totals
    from: words
    ops:
      - map: "(x, 1)"
      - updateStateByKey: "coalesce(state, 0) + sum(values)"
outputs:
  - {stream: totals, collect: true}
steps:
  - addData: {words: [a, b]}
  - runBatches: 1
  - addData: {words: [a]}
  - runBatches: 1
  - stopStream
  - addData: {words: [b]}
  - advanceClock: 1s
  - startStream
  - runBatches: 1
  - expectOutput:
      stream: totals
      batches:
        - [[a, 1], [b, 1]]
        - [[a, 2], [b, 1]]
        - [[a, 2], [b, 1]]
        - [[a, 2], [b, 2]]
        - [[a, 2], [b, 2]]
)yaml";

TEST(CheckpointTest, RecoveryRerunsTheLastBatchAndKeepsState) {
  // After the stop, recovery reruns the checkpointed batch (at 2 s), then runs 3 s with
  // the file that appeared while the context was down, then 4 s.
  auto o = testing_util::RunText(kRestart);
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

std::string SocketVariant(bool wal, const std::string& rerun, const std::string& later) {
  std::string text = kRestart;
  text.replace(text.find("{type: textFile, directory: in/}"), 32, "{type: socket, host: localhost, port: 9999}");
  if (wal) text.replace(text.find("checkpoint: true"), 16,
                        "checkpoint: true\nconfig: {spark.streaming.receiver.writeAheadLog.enable: true}");
  size_t at = text.find("        - [[a, 2], [b, 1]]\n        - [[a, 2], [b, 2]]");
  text.replace(at, std::string::npos, "        - " + rerun + "\n        - " + later + "\n        - " + later + "\n");
  return text;
}

TEST(CheckpointTest, SocketDataIsLostWithoutTheWriteAheadLog) {
  // The rerun of 2 s has no input (the receiver's block is gone), and the line sent while
  // the context was down reached nobody.
  auto o = testing_util::RunText(SocketVariant(false, "[[a, 1], [b, 1]]", "[[a, 1], [b, 1]]"));
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

TEST(CheckpointTest, TheWriteAheadLogKeepsReceivedData) {
  auto o = testing_util::RunText(SocketVariant(true, "[[a, 2], [b, 1]]", "[[a, 2], [b, 1]]"));
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

TEST(CheckpointTest, RestartWithoutCheckpointFailsAsSpark) {
  std::string text = kRestart;
  text.replace(text.find("checkpoint: true"), 16, "checkpoint: false");
  auto o = testing_util::RunText(text);
  EXPECT_FALSE(o.passed);
}

TEST(CheckpointTest, DamagedCheckpointIsPassedOverForTheOneBeforeOrRefused) {
  std::string dir = ::testing::TempDir() + "/damaged-cp";
  fs::remove_all(dir);
  auto build = [&](dstream::StreamingContext& ssc) {
    ssc.Checkpoint(dir);
    auto* in = ssc.SocketTextStream("", 0);
    in->Map([](const Value& v) { return Value::Pair(v, Value::Int(1)); })
        ->UpdateStateByKey([](std::span<const Value> vs, const Value& s) {
          return Value::Int((s.is_null() ? 0 : s.as_int()) + static_cast<int64_t>(vs.size()));
        })
        ->ForeachRDD([](const dstream::RddPtr&, Timestamp) {});
    return in;
  };
  {
    dstream::StreamingContext ssc(Duration::Seconds(1));
    auto* in = build(ssc);
    ASSERT_TRUE(ssc.Start(Timestamp()).ok());
    in->Arrive(Timestamp(), Value::String("a"));
    ASSERT_TRUE(ssc.AdvanceTo(Timestamp::FromSeconds(2)).ok());
    ssc.Stop();
  }
  auto damage = [](const std::string& file) {
    ASSERT_TRUE(fs::exists(file)) << file;
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(10);
    f.put('#');
  };
  // CheckpointReader.read: a newest file that cannot be read is passed over, with a
  // warning, for the one before it; the batches after that one run again.
  damage(dir + "/checkpoint-2000");
  {
    dstream::StreamingContext ssc(Duration::Seconds(1));
    build(ssc);
    Status st = ssc.RecoverAndStart(Timestamp::FromSeconds(3));
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_EQ(ssc.recovery_warnings().size(), 1u);
    EXPECT_NE(ssc.recovery_warnings()[0].find("Error reading checkpoint from file checkpoint-2000"), std::string::npos)
        << ssc.recovery_warnings()[0];
    EXPECT_NE(ssc.recovery_warnings()[0].find("damaged"), std::string::npos) << ssc.recovery_warnings()[0];
    EXPECT_EQ(ssc.next_batch_time(), Timestamp::FromSeconds(1));
    ssc.Stop();
  }
  // When no file can be read, recovery fails.
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("checkpoint-", 0) == 0) damage(e.path().string());
  dstream::StreamingContext ssc(Duration::Seconds(1));
  build(ssc);
  Status st = ssc.RecoverAndStart(Timestamp::FromSeconds(3));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("Failed to read checkpoint from directory"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("damaged"), std::string::npos) << st.message();
}

// A recovered context reruns the checkpoint's batch; when that batch began a data
// segment, its entries go after what the segment holds, so the next recovery reads them.
TEST(CheckpointTest, RecoveringTwiceReadsTheSegmentTheRerunAppendedTo) {
  std::string dir = ::testing::TempDir() + "/twice-cp";
  fs::remove_all(dir);
  std::vector<std::string> seen;
  auto build = [&](dstream::StreamingContext& ssc) {
    ssc.Checkpoint(dir);
    auto* in = ssc.SocketTextStream("", 0);
    ssc.SetWriteAheadLog(true);
    in->Map([](const Value& v) { return Value::Pair(v, Value::Int(1)); })
        ->UpdateStateByKey([](std::span<const Value> vs, const Value& s) {
          return Value::Int((s.is_null() ? 0 : s.as_int()) + static_cast<int64_t>(vs.size()));
        })
        ->ForeachRDD([&seen](const dstream::RddPtr& r, Timestamp t) {
          for (const Value& v : r->data) seen.push_back(std::to_string(t.millis()) + " " + v.ToDisplay());
        });
    return in;
  };
  {
    dstream::StreamingContext ssc(Duration::Seconds(1));
    auto* in = build(ssc);
    ASSERT_TRUE(ssc.Start(Timestamp()).ok());
    in->Arrive(Timestamp::FromMillis(500), Value::String("a"));
    ASSERT_TRUE(ssc.AdvanceTo(Timestamp::FromSeconds(1)).ok());
    ssc.Stop();
  }
  for (int restart = 0; restart < 2; ++restart) {
    dstream::StreamingContext ssc(Duration::Seconds(1));
    auto* in = build(ssc);
    ASSERT_TRUE(ssc.RecoverAndStart(Timestamp::FromSeconds(1)).ok());
    EXPECT_TRUE(ssc.recovery_warnings().empty()) << "restart " << restart << ": " << ssc.recovery_warnings()[0];
    in->Arrive(Timestamp::FromMillis(1500 + 1000 * restart), Value::String("a"));
    ASSERT_TRUE(ssc.AdvanceTo(Timestamp::FromSeconds(2 + restart)).ok());
    ssc.Stop();
  }
  // The state counts every "a" once: 1 at 1 s (and its reruns), 2 at 2 s, 3 at 3 s.
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), "3000 (a,3)");
}

// A checkpoint holds the records that had arrived by its batch time and are in no batch
// yet (the WAL's or the file source's), not those still to come: a recovered context
// gets the first from the checkpoint and only those.
TEST(CheckpointTest, PendingRecordsAreThoseArrivedByTheCheckpoint) {
  std::string dir = ::testing::TempDir() + "/pending-cp";
  fs::remove_all(dir);
  auto build = [&](dstream::StreamingContext& ssc, std::vector<std::string>* seen) {
    ssc.Checkpoint(dir);
    ssc.SetWriteAheadLog(true);
    auto* in = ssc.SocketTextStream("", 0);
    in->ForeachRDD([seen](const dstream::RddPtr& rdd, Timestamp) {
      for (const Value& v : rdd->data) seen->push_back(std::string(v.str()));
    });
    return in;
  };
  std::vector<std::string> first, second;
  {
    dstream::StreamingContext ssc(Duration::Seconds(1));
    auto* in = build(ssc, &first);
    ASSERT_TRUE(ssc.Start(Timestamp()).ok());
    in->Arrive(Timestamp::FromMillis(1000), Value::String("arrived"));   // after the batch at 1 s
    in->Arrive(Timestamp::FromMillis(1500), Value::String("to-come"));   // after the checkpoint at 1 s
    ASSERT_TRUE(ssc.AdvanceTo(Timestamp::FromSeconds(1)).ok());
    ssc.Stop();
  }
  EXPECT_TRUE(first.empty());
  dstream::StreamingContext ssc(Duration::Seconds(1));
  build(ssc, &second);
  ASSERT_TRUE(ssc.RecoverAndStart(Timestamp::FromSeconds(1)).ok());
  ASSERT_TRUE(ssc.AdvanceTo(Timestamp::FromSeconds(3)).ok());
  EXPECT_EQ(second, std::vector<std::string>{"arrived"});
}

}  // namespace
}  // namespace tideline
