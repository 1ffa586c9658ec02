// The DStream engine through its C++ API, one behaviour per test.
#include <gtest/gtest.h>

#include "core/dstream/streaming_context.h"

namespace tideline::dstream {
namespace {

Value P(const char* k, int64_t v) { return Value::Pair(Value::String(k), Value::Int(v)); }
Value Sum(const Value& a, const Value& b) { return Value::Int(a.as_int() + b.as_int()); }
Value Minus(const Value& a, const Value& b) { return Value::Int(a.as_int() - b.as_int()); }

// A context on a 1 s batch with one queue input and a collecting output.
struct Harness {
  StreamingContext ssc{Duration::Seconds(1)};
  QueueInputDStream* in = ssc.QueueStream(true);
  std::vector<std::vector<Value>> out;
  void Collect(DStream* s) {
    s->ForeachRDD([this](const RddPtr& r, Timestamp) { out.push_back(r->data); });
  }
  void Feed(std::vector<std::vector<Value>> batches) {
    for (auto& b : batches) in->Push(MakeRdd(std::move(b)));
  }
  Status Run(int batches) {
    TL_RETURN_IF_ERROR(ssc.Start(Timestamp()));
    return ssc.AdvanceTo(Timestamp() + Duration::Seconds(batches));
  }
};

TEST(DStreamTest, FirstBatchIsOneIntervalAfterTheFlooredStart) {
  StreamingContext ssc(Duration::Seconds(2));
  auto* in = ssc.QueueStream(true);
  std::vector<Timestamp> times;
  in->ForeachRDD([&](const RddPtr&, Timestamp t) { times.push_back(t); });
  ASSERT_TRUE(ssc.Start(Timestamp::FromMillis(3500)).ok());
  EXPECT_EQ(ssc.zero_time(), Timestamp::FromSeconds(2));
  ASSERT_TRUE(ssc.AdvanceTo(Timestamp::FromSeconds(9)).ok());  // catches up
  EXPECT_EQ(times, (std::vector<Timestamp>{Timestamp::FromSeconds(4), Timestamp::FromSeconds(6), Timestamp::FromSeconds(8)}));
}

TEST(DStreamTest, KeyLeavingWindowStaysAtZeroWithoutFilterFunc) {
  Harness h;
  h.ssc.Checkpoint(testing::TempDir() + "/kw");
  h.Collect(h.in->ReduceByKeyAndWindow(Sum, ReduceFn(Minus), Duration::Seconds(2)));
  h.Feed({{P("a", 1)}, {}, {}});
  ASSERT_TRUE(h.Run(3).ok());
  ASSERT_EQ(h.out.size(), 3u);
  EXPECT_EQ(h.out[2], (std::vector<Value>{P("a", 0)}));
}

TEST(DStreamTest, FilterFuncDropsZeroKeys) {
  Harness h;
  h.ssc.Checkpoint(testing::TempDir() + "/ff");
  h.Collect(h.in->ReduceByKeyAndWindow(Sum, ReduceFn(Minus), Duration::Seconds(2), std::nullopt,
                                       FilterFn([](const Value& x) { return x[1].as_int() != 0; })));
  h.Feed({{P("a", 1)}, {}, {}});
  ASSERT_TRUE(h.Run(3).ok());
  EXPECT_TRUE(h.out[2].empty());
}

TEST(DStreamTest, NullFromUpdateStateByKeyRemovesTheKey) {
  Harness h;
  h.ssc.Checkpoint(testing::TempDir() + "/us");
  h.Collect(h.in->UpdateStateByKey([](std::span<const Value> values, const Value& state) {
    int64_t n = (state.is_null() ? 0 : state.as_int()) + static_cast<int64_t>(values.size());
    return n >= 2 ? Value() : Value::Int(n);
  }));
  h.Feed({{P("a", 1)}, {P("a", 1)}, {}});
  ASSERT_TRUE(h.Run(3).ok());
  EXPECT_EQ(h.out[0], (std::vector<Value>{P("a", 1)}));
  EXPECT_TRUE(h.out[1].empty());
  EXPECT_TRUE(h.out[2].empty());
}

TEST(DStreamTest, UpdateFunctionRunsForEveryKeyWithState) {
  Harness h;
  h.ssc.Checkpoint(testing::TempDir() + "/ev");
  int calls = 0;
  h.Collect(h.in->UpdateStateByKey([&calls](std::span<const Value> values, const Value& state) {
    ++calls;
    return Value::Int((state.is_null() ? 0 : state.as_int()) + static_cast<int64_t>(values.size()));
  }));
  h.Feed({{P("a", 1), P("b", 1)}, {}});
  ASSERT_TRUE(h.Run(2).ok());
  EXPECT_EQ(calls, 4);  // a and b in both batches
}

TEST(DStreamTest, StatefulOpsNeedACheckpointDirectory) {
  Harness h;
  h.Collect(h.in->UpdateStateByKey([](std::span<const Value>, const Value& s) { return s; }));
  Status st = h.Run(1);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "requirement failed: The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint().");
}

TEST(DStreamTest, NoOutputOperationsIsAnError) {
  StreamingContext ssc(Duration::Seconds(1));
  ssc.QueueStream(true)->Map([](const Value& v) { return v; });
  Status st = ssc.Start(Timestamp());
  EXPECT_EQ(st.message(), "requirement failed: No output operations registered, so nothing to execute");
}

TEST(DStreamTest, AddingOpsAfterStartIsRejected) {
  Harness h;
  h.Collect(h.in);
  ASSERT_TRUE(h.Run(1).ok());
  h.in->Map([](const Value& v) { return v; });
  EXPECT_EQ(h.ssc.build_status().message(),
            "Adding new inputs, transformations, and output operations after starting a context is not supported");
}

TEST(DStreamTest, OnlyOneActiveContext) {
  Harness a, b;
  a.Collect(a.in);
  b.Collect(b.in);
  ASSERT_TRUE(a.Run(1).ok());
  Status st = b.Run(1);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("Only one StreamingContext may be started"), std::string::npos);
  a.ssc.Stop();
  EXPECT_EQ(a.ssc.Start(Timestamp()).message(), "StreamingContext has already been stopped");
}

TEST(DStreamTest, MapWithStateFindsTimeoutsOnlyOnCheckpointedBatches) {
  Harness h;
  h.ssc.Checkpoint(testing::TempDir() + "/mws");
  StateSpec spec;
  spec.timeout = Duration::Seconds(2);
  spec.function = [](Timestamp, const Value& key, const Value* value, State& st) -> Value {
    if (value == nullptr) return Value::String("timeout:" + std::string(key.str()));
    st.update(*value);
    return Value();
  };
  h.Collect(h.in->MapWithState(spec));
  h.Feed({{P("a", 1)}});
  ASSERT_TRUE(h.Run(12).ok());
  // The key is idle from batch 2, but the scan runs only at batch 10 (10 x the interval).
  for (size_t i = 0; i < 12; ++i) {
    if (i == 9) EXPECT_EQ(h.out[i], (std::vector<Value>{Value::String("timeout:a")}));
    else EXPECT_TRUE(h.out[i].empty()) << "batch " << i + 1;
  }
}

TEST(DStreamTest, UnionKeepsTheFirstStreamFirst) {
  StreamingContext ssc(Duration::Seconds(1));
  auto* a = ssc.QueueStream(true);
  auto* b = ssc.QueueStream(true);
  std::vector<Value> got;
  a->Union(b)->ForeachRDD([&](const RddPtr& r, Timestamp) { got = r->data; });
  a->Push(MakeRdd({Value::Int(1), Value::Int(2)}));
  b->Push(MakeRdd({Value::Int(0)}));
  ASSERT_TRUE(ssc.Start(Timestamp()).ok());
  ASSERT_TRUE(ssc.AdvanceTo(Timestamp::FromSeconds(1)).ok());
  EXPECT_EQ(got, (std::vector<Value>{Value::Int(1), Value::Int(2), Value::Int(0)}));
}

TEST(DStreamTest, CostModelShowsSchedulingDelay) {
  Harness h;
  h.ssc.SetCost(Duration::Millis(600), Duration::Millis(0));
  h.Collect(h.in);
  h.Feed({{Value::Int(1), Value::Int(2)}, {Value::Int(3)}});
  ASSERT_TRUE(h.Run(2).ok());
  const auto& b = h.ssc.batches();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].processing_time(), Duration::Millis(1200));
  EXPECT_EQ(b[1].scheduling_delay(), Duration::Millis(200));
  EXPECT_EQ(b[1].total_delay(), Duration::Millis(800));
}

}  // namespace
}  // namespace tideline::dstream
