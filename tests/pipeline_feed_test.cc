// PipelineFeed: a scenario's pipeline fed from outside its steps, DStream and
// structured, with per-batch reports that match the trace's, on any thread.
#include "core/scenario/pipeline_feed.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/runtime/parallel.h"

#include "core/io/record_source.h"
#include "core/scenario/runner.h"

namespace tideline::scenario {
namespace {

const std::string kScenarios = TIDELINE_SOURCE_DIR "/scenarios";

// Feeds every run of `source` and finishes; returns the first error.
Status FeedAll(PipelineFeed& feed, io::RecordSource& source, Timestamp start) {
  std::vector<io::RecordRun> runs;
  Timestamp last = start;
  while (!source.ended()) {
    runs.clear();
    TL_RETURN_IF_ERROR(source.Read(&runs, 1000, 0));
    for (const auto& r : runs) {
      TL_RETURN_IF_ERROR(feed.Arrive(r.input, r.t, r.records));
      last = r.t;
    }
  }
  return feed.Finish(last);
}

TEST(PipelineFeedTest, OrdersSampleRunsThroughTheDashboardPipeline) {
  auto sc = LoadScenario(kScenarios + "/dstream/orders-dashboard.yaml");
  ASSERT_TRUE(sc.ok()) << sc.status().ToString();
  std::vector<FeedBatch> batches;
  std::vector<std::string> prints;
  FeedOptions o;
  o.on_batch = [&](const FeedBatch& b) { batches.push_back(b); };
  o.print_sink = [&](const std::string& t) { prints.push_back(t); };
  auto feed = PipelineFeed::Open(*sc, o);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_FALSE((*feed)->structured());
  ASSERT_TRUE((*feed)->Start(sc->start_time).ok());
  io::TextFileOptions to;
  to.start = sc->start_time;
  auto source = io::RecordSource::TextFile(TIDELINE_SOURCE_DIR "/datasets/orders_sample.txt", to);
  ASSERT_TRUE(source.ok());
  ASSERT_TRUE(FeedAll(**feed, **source, sc->start_time).ok());
  // The batches of the scenario's notes: 200 orders, five of 499 and one of 299.
  std::vector<int64_t> rows;
  for (const auto& b : batches) rows.push_back(b.input_rows);
  EXPECT_EQ(rows, (std::vector<int64_t>{200, 499, 499, 499, 499, 499, 299}));
  EXPECT_EQ((*feed)->batches(), 7);
  EXPECT_EQ((*feed)->records(), 3000);
  EXPECT_EQ((*feed)->malformed(), 6);
  ASSERT_EQ(prints.size(), 7u);
  EXPECT_NE(prints[0].find("Time: 1458678330000 ms"), std::string::npos) << prints[0];
  EXPECT_EQ(batches[0].batch_time, Timestamp::FromSeconds(1458678330));
  EXPECT_EQ(batches[6].index, 6);
}

TEST(PipelineFeedTest, BatchReportsMatchTheTrace) {
  auto sc = LoadScenario(kScenarios + "/dstream/orders-dashboard.yaml");
  ASSERT_TRUE(sc.ok());
  std::vector<FeedBatch> batches;
  trace::Recorder recorder;
  FeedOptions o;
  o.on_batch = [&](const FeedBatch& b) { batches.push_back(b); };
  o.listeners.push_back(&recorder);
  auto feed = PipelineFeed::Open(*sc, o);
  ASSERT_TRUE(feed.ok());
  ASSERT_TRUE((*feed)->Start(sc->start_time).ok());
  auto source = io::RecordSource::Recording(TIDELINE_SOURCE_DIR "/scenarios/dstream/data/orders_sample.jsonl", sc->start_time);
  ASSERT_TRUE(source.ok());
  ASSERT_TRUE(FeedAll(**feed, **source, sc->start_time).ok());
  std::vector<const trace::Event*> finished;
  for (const auto& e : recorder.events())
    if (e.kind == trace::EventKind::kBatchFinished) finished.push_back(&e);
  ASSERT_EQ(finished.size(), batches.size());
  for (size_t i = 0; i < batches.size(); ++i) {
    EXPECT_EQ(batches[i].batch_time, finished[i]->batch_time);
    EXPECT_EQ(batches[i].input_rows, finished[i]->input_rows);
    EXPECT_EQ(batches[i].output_rows, finished[i]->output_rows);
    EXPECT_EQ(batches[i].state_rows, finished[i]->state_rows);
  }
}

TEST(PipelineFeedTest, StructuredQueryRunsAChunkPerArrival) {
  auto sc = LoadScenario(kScenarios + "/structured/socket-word-count.yaml");
  ASSERT_TRUE(sc.ok());
  std::vector<FeedBatch> batches;
  std::string printed;
  FeedOptions o;
  o.on_batch = [&](const FeedBatch& b) { batches.push_back(b); };
  o.print_sink = [&](const std::string& t) { printed += t; };
  auto feed = PipelineFeed::Open(*sc, o);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_TRUE((*feed)->structured());
  PipelineFeed& f = **feed;
  ASSERT_TRUE(f.Start(sc->start_time).ok());
  const std::vector<Value> first = {Value::String("apache spark"), Value::String("apache hadoop")};
  const std::vector<Value> second = {Value::String("spark streaming")};
  ASSERT_TRUE(f.Arrive("", sc->start_time + Duration::Seconds(1), first).ok());
  ASSERT_TRUE(f.Arrive("lines", sc->start_time + Duration::Seconds(2), second).ok());
  ASSERT_TRUE(f.Finish(sc->start_time + Duration::Seconds(2)).ok());
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].index, 0);
  EXPECT_EQ(batches[0].input_rows, 2);
  EXPECT_EQ(batches[0].state_rows, 3);
  EXPECT_EQ(batches[1].state_rows, 4);
  EXPECT_EQ(f.batches(), 2);
  EXPECT_EQ(f.records(), 3);
  EXPECT_NE(printed.find("Batch: 1"), std::string::npos) << printed;
}

TEST(PipelineFeedTest, UnknownInputAndArrivalBeforeStartAreErrors) {
  auto sc = LoadScenario(kScenarios + "/dstream/orders-dashboard.yaml");
  ASSERT_TRUE(sc.ok());
  auto feed = PipelineFeed::Open(*sc, {});
  ASSERT_TRUE(feed.ok());
  const Value v = Value::String("x");
  EXPECT_EQ((*feed)->Arrive("orders", sc->start_time, {&v, 1}).code(), StatusCode::kIllegalState);
  ASSERT_TRUE((*feed)->Start(sc->start_time).ok());
  // One input: any name goes to it, as in `tideline replay`.
  EXPECT_TRUE((*feed)->Arrive("other", sc->start_time, {&v, 1}).ok());
  EXPECT_EQ((*feed)->malformed(), 1);
  feed->reset();  // one active context per thread

  auto two = LoadScenarioText(R"(tideline: 1
title: two inputs
api: dstream
batchInterval: 1s
inputs:
  a: {type: queue}
  b: {type: queue}
streams:
  - name: both
    union: [a, b]
outputs:
  - {stream: both, print: 10}
steps: []
)", "two.yaml");
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  auto f2 = PipelineFeed::Open(*two, {});
  ASSERT_TRUE(f2.ok()) << f2.status().ToString();
  Status started = (*f2)->Start(two->start_time);
  ASSERT_TRUE(started.ok()) << started.ToString();
  Status st = (*f2)->Arrive("c", two->start_time, {&v, 1});
  EXPECT_EQ(st.message(), "the pipeline has no input 'c'");
  EXPECT_TRUE((*f2)->Arrive("b", two->start_time, {&v, 1}).ok());
}

// One active StreamingContext per driver thread: a feed on a worker thread starts while
// the main thread's scenario still holds an active context.
TEST(PipelineFeedTest, RunsOnAWorkerThreadBesideAnActiveContext) {
  auto sc = LoadScenario(kScenarios + "/dstream/word-count.yaml");
  ASSERT_TRUE(sc.ok());
  auto runner = Runner::Create(*sc, {});
  ASSERT_TRUE(runner.ok());
  (*runner)->RunAll();
  ASSERT_TRUE((*runner)->passed()) << (*runner)->failure();
  Status worker_status;
  int64_t batches = 0;
  std::thread worker([&] {
    auto feed = PipelineFeed::Open(*sc, {});
    if (!feed.ok()) { worker_status = feed.status(); return; }
    worker_status = (*feed)->Start(sc->start_time);
    const Value v = Value::String("to be or not to be");
    if (worker_status.ok()) worker_status = (*feed)->Arrive("lines", sc->start_time, {&v, 1});
    if (worker_status.ok()) worker_status = (*feed)->Finish(sc->start_time);
    batches = (*feed)->batches();
  });
  worker.join();
  EXPECT_TRUE(worker_status.ok()) << worker_status.ToString();
  EXPECT_EQ(batches, 1);
}

// Two driver threads share the pool: the one that finds it busy runs its pieces itself
// rather than waiting, with the same results.
TEST(PipelineFeedTest, TwoDriverThreadsShareTheParallelPool) {
  runtime::SetParallelism(2);
  std::atomic<int> failures{0};
  auto drive = [&](int salt) {
    for (int round = 0; round < 2000; ++round) {
      std::vector<int> out(64, 0);
      runtime::ParallelFor(64, [&](size_t i) { out[i] = static_cast<int>(i) * salt + round; });
      for (size_t i = 0; i < out.size(); ++i)
        if (out[i] != static_cast<int>(i) * salt + round) ++failures;
    }
  };
  std::thread a(drive, 3), b(drive, 7);
  a.join();
  b.join();
  runtime::SetParallelism(0);
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace tideline::scenario
