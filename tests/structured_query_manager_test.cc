// StreamingQueryManager: Spark's checks when a query starts (one active query per name, one
// active run per query id), the list of active queries, driving several queries together,
// and awaitAnyTermination / resetTerminated on a virtual clock.

#include "core/structured/query_manager.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/structured/query.h"
#include "core/time/clock.h"
#include "core/value/schema.h"

namespace tideline::structured {
namespace {

namespace fs = std::filesystem;

class QueryManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tideline-query-manager-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    for (const char* name : {"a", "b", "c"}) {
      SourceData& in = sources_.inputs[name];
      in.name = name;
      in.type = "memory";
      in.schema = *ParseSchema("value INT");
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  // value * 10 for every row of `input`, in append mode.
  DataFrame TimesTen(const std::string& input) {
    return DataFrame::Source(input, sources_.inputs[input].schema, /*streaming=*/true).SelectExpr({"value * 10 AS v"});
  }
  // element_at(array(value), value): a 0 fails the batch with Spark's INVALID_INDEX_OF_ZERO.
  DataFrame FailsOnZero(const std::string& input) {
    return DataFrame::Source(input, sources_.inputs[input].schema, true)
        .SelectExpr({"element_at(array(value), value) AS v"});
  }
  QueryOptions Options(const std::string& checkpoint, const std::string& name = "") {
    QueryOptions opts;
    opts.checkpoint_dir = (dir_ / checkpoint).string();
    opts.name = name;
    return opts;
  }
  void Add(const std::string& input, const std::vector<int64_t>& values) {
    SourceData::Chunk chunk;
    chunk.arrival = clock_.Now();
    for (int64_t v : values) chunk.rows.push_back({Value::Int(v)});
    sources_.inputs[input].chunks.push_back(std::move(chunk));
  }
  StreamingQuery* Start(const DataFrame& df, const QueryOptions& opts, Sink* sink) {
    Result<StreamingQuery*> q = manager_.Start(df, opts, &sources_, sink, &clock_);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    return q.ok() ? *q : nullptr;
  }

  static std::vector<Value> Column(const MemorySink& sink) {
    std::vector<Value> out;
    for (const Row& r : sink.AllRows()) out.push_back(r.at(0));
    return out;
  }
  static std::vector<Value> Ints(const std::vector<int64_t>& values) {
    std::vector<Value> out;
    for (int64_t v : values) out.push_back(Value::Int(v));
    return out;
  }

  fs::path dir_;
  ManualClock clock_;
  Sources sources_;
  StreamingQueryManager manager_;
};

TEST_F(QueryManagerTest, TwoQueriesOnDifferentSourcesBothRun) {
  MemorySink sink_a, sink_b;
  StreamingQuery* qa = Start(TimesTen("a"), Options("qa"), &sink_a);
  StreamingQuery* qb = Start(TimesTen("b"), Options("qb"), &sink_b);
  ASSERT_TRUE(qa && qb);
  // Unnamed queries on new checkpoints get distinct ids, as Spark's random UUIDs are.
  EXPECT_NE(qa->id(), qb->id());

  Add("a", {1, 2});
  Add("b", {7});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());
  Add("a", {3});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());

  EXPECT_EQ(Column(sink_a), Ints({10, 20, 30}));
  EXPECT_EQ(Column(sink_b), Ints({70}));
  ASSERT_NE(qa->last_progress(), nullptr);
  EXPECT_EQ(qa->last_progress()->batch_id, 1);
  ASSERT_NE(qb->last_progress(), nullptr);
  EXPECT_EQ(qb->last_progress()->batch_id, 0);
}

TEST_F(QueryManagerTest, ActiveListsQueriesInStartOrderAndGetFindsThemById) {
  MemorySink s1, s2, s3;
  StreamingQuery* q1 = Start(TimesTen("a"), Options("q1", "first"), &s1);
  StreamingQuery* q2 = Start(TimesTen("b"), Options("q2", "second"), &s2);
  StreamingQuery* q3 = Start(TimesTen("c"), Options("q3", "third"), &s3);
  ASSERT_TRUE(q1 && q2 && q3);

  EXPECT_EQ(manager_.active(), (std::vector<StreamingQuery*>{q1, q2, q3}));
  EXPECT_EQ(manager_.get(q2->id()), q2);
  EXPECT_EQ(manager_.get(q3->id()), q3);
  EXPECT_EQ(manager_.get("00000000-0000-4000-0000-000000000000"), nullptr);
}

TEST_F(QueryManagerTest, StopRemovesAQueryFromActiveAndGet) {
  MemorySink s1, s2, s3;
  StreamingQuery* q1 = Start(TimesTen("a"), Options("q1", "first"), &s1);
  StreamingQuery* q2 = Start(TimesTen("b"), Options("q2", "second"), &s2);
  StreamingQuery* q3 = Start(TimesTen("c"), Options("q3", "third"), &s3);
  ASSERT_TRUE(q1 && q2 && q3);

  q2->Stop();
  EXPECT_EQ(manager_.active(), (std::vector<StreamingQuery*>{q1, q3}));
  EXPECT_EQ(manager_.get(q2->id()), nullptr);
  // The handle stays valid.
  EXPECT_FALSE(q2->is_active());
  EXPECT_EQ(q2->name(), "second");

  // A stopped query is not driven any more.
  Add("b", {1});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());
  EXPECT_TRUE(s2.batches().empty());
}

TEST_F(QueryManagerTest, NameOfAnActiveQueryIsRefused) {
  MemorySink s1, s2;
  StreamingQuery* q1 = Start(TimesTen("a"), Options("q1", "counts"), &s1);
  ASSERT_NE(q1, nullptr);

  Result<StreamingQuery*> dup = manager_.Start(TimesTen("b"), Options("q2", "counts"), &sources_, &s2, &clock_);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(dup.status().message(),
            "Cannot start query with name counts as a query with that name is already active in this SparkSession");
  EXPECT_EQ(manager_.active(), (std::vector<StreamingQuery*>{q1}));

  // Once the first one stopped, the name is free again.
  q1->Stop();
  StreamingQuery* q2 = Start(TimesTen("b"), Options("q2", "counts"), &s2);
  ASSERT_NE(q2, nullptr);
  EXPECT_EQ(manager_.active(), (std::vector<StreamingQuery*>{q2}));
}

TEST_F(QueryManagerTest, ActiveCheckpointIsRefusedWhenStopActiveRunOnRestartIsOff) {
  MemorySink s1, s2;
  QueryOptions opts = Options("shared");
  opts.config["spark.sql.streaming.stopActiveRunOnRestart"] = "false";
  StreamingQuery* q1 = Start(TimesTen("a"), opts, &s1);
  ASSERT_NE(q1, nullptr);
  Add("a", {1});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());

  // The same checkpoint, spelled differently.
  QueryOptions again = opts;
  again.checkpoint_dir = (dir_ / "." / "shared" / "").string();
  Result<StreamingQuery*> dup = manager_.Start(TimesTen("a"), again, &sources_, &s2, &clock_);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kIllegalState);
  EXPECT_EQ(dup.status().message(),
            "Cannot start query with id " + q1->id() +
                " as another query with same id is already active. Perhaps you are attempting to restart a query "
                "from checkpoint that is already active. You may stop the old query by setting the SQL "
                "configuration: spark.conf.set(\"spark.sql.streaming.stopActiveRunOnRestart\", true) and retry.");

  // The running query is untouched and goes on.
  EXPECT_EQ(manager_.active(), (std::vector<StreamingQuery*>{q1}));
  Add("a", {2});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());
  EXPECT_EQ(Column(s1), Ints({10, 20}));
  EXPECT_TRUE(s2.batches().empty());
}

TEST_F(QueryManagerTest, CopiedCheckpointOfAnActiveQueryIsRefusedByItsId) {
  MemorySink s1, s2;
  QueryOptions opts = Options("original");
  opts.config["spark.sql.streaming.stopActiveRunOnRestart"] = "false";
  StreamingQuery* q1 = Start(TimesTen("a"), opts, &s1);
  ASSERT_NE(q1, nullptr);
  Add("a", {1});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());
  fs::copy(dir_ / "original", dir_ / "copy", fs::copy_options::recursive);

  QueryOptions copy = opts;
  copy.checkpoint_dir = (dir_ / "copy").string();
  Result<StreamingQuery*> dup = manager_.Start(TimesTen("a"), copy, &sources_, &s2, &clock_);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kIllegalState);
  EXPECT_NE(dup.status().message().find("Cannot start query with id " + q1->id()), std::string::npos)
      << dup.status().message();
  EXPECT_EQ(manager_.active(), (std::vector<StreamingQuery*>{q1}));
}

TEST_F(QueryManagerTest, ActiveCheckpointStopsTheActiveRunByDefault) {
  MemorySink sink;
  StreamingQuery* q1 = Start(TimesTen("a"), Options("shared", "words"), &sink);
  ASSERT_NE(q1, nullptr);
  Add("a", {1});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());

  // The name is checked first, as in Spark: the same name is refused even on the same checkpoint.
  Result<StreamingQuery*> named = manager_.Start(TimesTen("a"), Options("shared", "words"), &sources_, &sink, &clock_);
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(q1->is_active());

  // spark.sql.streaming.stopActiveRunOnRestart is true by default: the old run stops and
  // the new one recovers from the checkpoint.
  StreamingQuery* q2 = Start(TimesTen("a"), Options("shared"), &sink);
  ASSERT_NE(q2, nullptr);
  EXPECT_FALSE(q1->is_active());
  EXPECT_EQ(manager_.active(), (std::vector<StreamingQuery*>{q2}));
  EXPECT_EQ(q2->id(), q1->id());
  EXPECT_NE(q2->run_id(), q1->run_id());
  // The stop is a termination without an exception.
  EXPECT_TRUE(manager_.AwaitAnyTermination().ok());

  Add("a", {2});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());
  ASSERT_NE(q2->last_progress(), nullptr);
  EXPECT_EQ(q2->last_progress()->batch_id, 1);
  EXPECT_EQ(Column(sink), Ints({10, 20}));
}

TEST_F(QueryManagerTest, RestartOnTheCheckpointOfAStoppedQueryContinuesIt) {
  MemorySink sink;
  StreamingQuery* q1 = Start(TimesTen("a"), Options("ckpt", "words"), &sink);
  ASSERT_NE(q1, nullptr);
  Add("a", {1});
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());
  q1->Stop();
  Add("a", {2, 3});

  StreamingQuery* q2 = Start(TimesTen("a"), Options("ckpt", "words"), &sink);
  ASSERT_NE(q2, nullptr);
  EXPECT_EQ(q2->id(), q1->id());
  ASSERT_TRUE(manager_.ProcessAllAvailable().ok());
  EXPECT_EQ(Column(sink), Ints({10, 20, 30}));
  ASSERT_NE(q2->last_progress(), nullptr);
  EXPECT_EQ(q2->last_progress()->batch_id, 1);
  EXPECT_EQ(q2->last_progress()->num_input_rows, 2);
}

TEST_F(QueryManagerTest, CheckpointLocationIsRequired) {
  MemorySink sink;
  QueryOptions opts;
  Result<StreamingQuery*> q = manager_.Start(TimesTen("a"), opts, &sources_, &sink, &clock_);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().code(), StatusCode::kAnalysisError);
  EXPECT_EQ(q.status().message(),
            "checkpointLocation must be specified either through option(\"checkpointLocation\", ...) or "
            "SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...)");
  EXPECT_TRUE(manager_.active().empty());
}

TEST_F(QueryManagerTest, AwaitAnyTerminationWithoutATerminationIsAnIllegalState) {
  MemorySink sink;
  ASSERT_NE(Start(TimesTen("a"), Options("q"), &sink), nullptr);
  Status st = manager_.AwaitAnyTermination();
  EXPECT_EQ(st.code(), StatusCode::kIllegalState);
  EXPECT_NE(st.message().find("no query has terminated"), std::string::npos) << st.message();
}

TEST_F(QueryManagerTest, AwaitAnyTerminationReturnsTheExceptionOfAFailedQuery) {
  MemorySink bad_sink, good_sink;
  StreamingQuery* bad = Start(FailsOnZero("a"), Options("bad", "bad"), &bad_sink);
  StreamingQuery* good = Start(TimesTen("b"), Options("good", "good"), &good_sink);
  ASSERT_TRUE(bad && good);

  Add("a", {1, 0});
  Add("b", {4});
  Status st = manager_.ProcessAllAvailable();
  // The failure comes back; the query started after the failed one still ran.
  EXPECT_EQ(st.code(), StatusCode::kRuntimeError);
  EXPECT_NE(st.message().find("INVALID_INDEX_OF_ZERO"), std::string::npos) << st.message();
  EXPECT_EQ(Column(good_sink), Ints({40}));
  EXPECT_FALSE(bad->is_active());
  EXPECT_EQ(bad->exception().message(), st.message());
  EXPECT_EQ(manager_.active(), (std::vector<StreamingQuery*>{good}));

  // The exception comes back at every call until resetTerminated.
  for (int i = 0; i < 2; ++i) {
    Status await = manager_.AwaitAnyTermination();
    EXPECT_EQ(await.code(), StatusCode::kRuntimeError);
    EXPECT_EQ(await.message(), bad->exception().message());
  }
  manager_.ResetTerminated();
  EXPECT_EQ(manager_.AwaitAnyTermination().code(), StatusCode::kIllegalState);

  // A query stopped afterwards is a termination without an exception.
  good->Stop();
  EXPECT_TRUE(manager_.AwaitAnyTermination().ok());
  EXPECT_TRUE(manager_.active().empty());
}

TEST_F(QueryManagerTest, AnExceptionOutranksAnEarlierCleanStop) {
  MemorySink s1, s2;
  StreamingQuery* stopped = Start(TimesTen("a"), Options("stopped"), &s1);
  StreamingQuery* failing = Start(FailsOnZero("b"), Options("failing"), &s2);
  ASSERT_TRUE(stopped && failing);

  stopped->Stop();
  EXPECT_TRUE(manager_.AwaitAnyTermination().ok());
  Add("b", {0});
  EXPECT_FALSE(manager_.ProcessAllAvailable().ok());
  Status await = manager_.AwaitAnyTermination();
  EXPECT_EQ(await.code(), StatusCode::kRuntimeError);
  EXPECT_EQ(await.message(), failing->exception().message());
}

TEST_F(QueryManagerTest, ResetTerminatedForgetsAStopMadeThroughTheHandle) {
  MemorySink s1, s2;
  StreamingQuery* q1 = Start(TimesTen("a"), Options("q1"), &s1);
  StreamingQuery* q2 = Start(TimesTen("b"), Options("q2"), &s2);
  ASSERT_TRUE(q1 && q2);

  // The manager has not looked since the stop; the reset still covers it.
  q1->Stop();
  manager_.ResetTerminated();
  EXPECT_EQ(manager_.AwaitAnyTermination().code(), StatusCode::kIllegalState);
  q2->Stop();
  EXPECT_TRUE(manager_.AwaitAnyTermination().ok());
}

TEST_F(QueryManagerTest, ACrashIsATerminationWithTheCrash) {
  MemorySink sink;
  StreamingQuery* q = Start(TimesTen("a"), Options("q"), &sink);
  ASSERT_NE(q, nullptr);
  q->CrashAt(CrashPoint::kAfterOffsetLog);
  Add("a", {1});
  Status st = manager_.ProcessAllAvailable();
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(q->crashed());
  EXPECT_TRUE(manager_.active().empty());
  Status await = manager_.AwaitAnyTermination();
  EXPECT_EQ(await.code(), st.code());
  EXPECT_EQ(await.message(), st.message());
}

TEST_F(QueryManagerTest, OnClockAdvancedRunsEachQueryByItsTrigger) {
  MemorySink timed_sink, default_sink;
  QueryOptions timed = Options("timed");
  timed.trigger.kind = Trigger::Kind::kProcessingTime;
  timed.trigger.interval = Duration::Seconds(10);
  StreamingQuery* q_timed = Start(TimesTen("a"), timed, &timed_sink);
  StreamingQuery* q_default = Start(TimesTen("b"), Options("default"), &default_sink);
  ASSERT_TRUE(q_timed && q_default);

  // The first processing-time trigger fires at the start time.
  Add("a", {1});
  Add("b", {1});
  ASSERT_TRUE(manager_.OnClockAdvanced().ok());
  EXPECT_EQ(timed_sink.batches().size(), 1u);
  EXPECT_EQ(default_sink.batches().size(), 1u);

  // At 5 s the default trigger runs what arrived; the 10-second trigger waits.
  clock_.Advance(Duration::Seconds(5));
  Add("a", {2});
  Add("b", {2});
  ASSERT_TRUE(manager_.OnClockAdvanced().ok());
  EXPECT_EQ(timed_sink.batches().size(), 1u);
  EXPECT_EQ(default_sink.batches().size(), 2u);

  clock_.Advance(Duration::Seconds(5));
  ASSERT_TRUE(manager_.OnClockAdvanced().ok());
  ASSERT_EQ(timed_sink.batches().size(), 2u);
  EXPECT_EQ(timed_sink.batches()[1].batch_id, 1);
  EXPECT_EQ(Column(timed_sink), Ints({10, 20}));
}

}  // namespace
}  // namespace tideline::structured
