// Exactly-once recovery of Structured Streaming queries: for each crash point of
// the `crash` step (spec section 5), a query with a memory sink and one with a
// file sink crash in the middle of a run, restart from their checkpoint, and must
// end with exactly the results of the same run without the crash.
//
// Spark's rules (MicroBatchExecution.populateStartOffsets, WatermarkTracker,
// MemorySink, FileStreamSink with FileStreamSinkLog): a batch in the offset log
// without a commit is run again with its logged offsets and watermark, from the
// state its predecessor left; a sink that already holds the batch id skips it;
// the watermark never moves back.
//
// The memory sink runs through the C++ API (StreamingQuery, as Spark's StreamTest
// drives a MemoryStream and a MemorySink); the file sink run is a scenario stepped
// through the Runner (the sink itself is core/structured/sinks.h, tested through the
// C++ API in structured_sinks_test.cc).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/scenario/model.h"
#include "core/scenario/runner.h"
#include "core/structured/dataframe.h"
#include "core/structured/formats.h"
#include "core/structured/query.h"
#include "core/time/clock.h"
#include "core/value/schema.h"
#include "test_util.h"

namespace tideline::structured {
namespace {

namespace fs = std::filesystem;

// --- The stream -------------------------------------------------------------------

// One arrival of (word, event time in seconds) rows.
using Chunk = std::vector<std::pair<std::string, int64_t>>;

// Counts per 5-second window and word with a 10-second watermark. The crash is armed
// before chunk kCrashChunk; by then state holds open windows and the watermark (17 s)
// has already closed [0, 5) and [5, 10), so a recovery that lost state, counted a
// batch twice or dropped one would change the results.
const std::vector<Chunk> kChunks = {
    {{"a", 1}, {"b", 2}},
    {{"a", 5}, {"c", 27}},   // watermark 17 s: a no-data batch closes [0, 5) and [5, 10)
    {{"a", 14}, {"c", 21}},  // the crashed batch; a@14 is late (its window ends at 15 <= 17)
    {{"a", 12}, {"b", 33}},  // a@12 is late too; watermark 23 s
    {{"b", 45}},             // watermark 35 s
};

// The same until the crash; then the arrival after the crashed one keeps the maximum
// event time minus the delay below 17 s, so the watermark stays 17 s, and a@13 (window
// [10, 15)) in the last arrival is late. Whether it is counted depends on the watermark
// the recovered query goes on with.
const std::vector<Chunk> kLateChunks = {
    {{"a", 1}, {"b", 2}},
    {{"a", 5}, {"c", 27}},
    {{"a", 14}, {"c", 21}},  // the crashed batch: max event time 21 s, 11 s < 17 s
    {{"a", 12}, {"c", 22}},  // max 22 s: the watermark stays 17 s
    {{"a", 13}, {"b", 45}},  // a@13 is late: dropped by the watermark of the previous batch
};

constexpr size_t kCrashChunk = 2;

struct CrashCase {
  CrashPoint point;
  const char* name;         // as the `crash` step spells it
  bool state_saved;         // the state of the crashed batch was committed
  bool sink_has_the_batch;  // the sink received the crashed batch
};

// Names the parameter in test listings.
void PrintTo(const CrashCase& c, std::ostream* os) { *os << c.name; }

const CrashCase kCrashCases[] = {
    {CrashPoint::kAfterOffsetLog, "afterOffsetLog", false, false},
    {CrashPoint::kAfterStateCommit, "afterStateCommit", true, false},
    {CrashPoint::kAfterSink, "afterSink", true, true},
    {CrashPoint::kBeforeCommitLog, "beforeCommitLog", true, true},
};

// --- Checkpoint inspection -------------------------------------------------------

std::vector<int64_t> NumberedFiles(const fs::path& dir) {
  std::vector<int64_t> ids;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return ids;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (!n.empty() && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
      ids.push_back(std::stoll(n));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool HasNumberedFile(const fs::path& dir, int64_t id) {
  const std::vector<int64_t> ids = NumberedFiles(dir);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Whether some state store under checkpoint/state holds `version`.
bool HasStateVersion(const fs::path& checkpoint, int64_t version) {
  std::error_code ec;
  if (!fs::is_directory(checkpoint / "state", ec)) return false;
  for (const auto& op : fs::directory_iterator(checkpoint / "state"))
    for (const auto& f : fs::directory_iterator(op.path()))
      if (f.path().filename().string() == std::to_string(version) + ".snapshot") return true;
  return false;
}

// What a process finds after the crash: the crashed batch is the latest one in the
// offset log, without a commit; its state and output are there or not by crash point.
// Returns the crashed batch's id.
int64_t ExpectCrashedBatch(const fs::path& checkpoint, const CrashCase& c) {
  const std::vector<int64_t> offsets = NumberedFiles(checkpoint / "offsets");
  if (offsets.empty()) {
    ADD_FAILURE() << "no offset log after the crash";
    return -1;
  }
  const int64_t crashed = offsets.back();
  EXPECT_GT(crashed, 0) << "the crash should hit a batch in the middle of the run";
  EXPECT_FALSE(HasNumberedFile(checkpoint / "commits", crashed)) << "batch " << crashed << " was committed";
  EXPECT_TRUE(HasNumberedFile(checkpoint / "commits", crashed - 1)) << "batch " << crashed - 1 << " was not committed";
  // The state store version written by batch N is N + 1.
  EXPECT_EQ(HasStateVersion(checkpoint, crashed + 1), c.state_saved) << "state of batch " << crashed;
  return crashed;
}

// Rows of a batch in canonical order, so that batches compare as multisets.
std::vector<Row> Sorted(std::vector<Row> rows) {
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return Value::Compare(Value::Array(a), Value::Array(b)) < 0;
  });
  return rows;
}

std::string RowsText(const std::vector<Row>& rows) {
  std::vector<Value> values;
  for (const Row& r : rows) values.push_back(Value::Array(r));
  return scenario::RowsToText(values);
}

// An empty directory for one run, removed afterwards: a temporary around the call that
// runs in it (RunMemorySink(..., RunDir("x").path())).
class RunDir {
 public:
  explicit RunDir(const std::string& name)
      : path_((fs::path(::testing::TempDir()) / ("tideline-recovery-" + name)).string()) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~RunDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// --- Memory sink: the C++ API ---------------------------------------------------------

struct MemoryRun {
  std::vector<SinkBatch> batches;  // what the memory sink holds, batch by batch
  bool crashed = false;
};

// Feeds `chunks` one by one, processing all available data after each (as StreamTest's
// AddData + CheckAnswer do). With a crash case, arms the crash before chunk kCrashChunk,
// checks what the crash left, restarts a new query on the same checkpoint, sources and
// sink, and goes on.
MemoryRun RunMemorySink(const std::vector<Chunk>& chunks, const CrashCase* crash, const std::string& dir) {
  MemoryRun run;
  Result<Schema> schema = ParseSchema("word STRING, ts TIMESTAMP");
  if (!schema.ok()) {
    ADD_FAILURE() << schema.status().ToString();
    return run;
  }
  Sources sources;
  SourceData& in = sources.inputs["words"];
  in.name = "words";
  in.type = "memory";
  in.schema = *schema;
  const DataFrame df = DataFrame::Source("words", *schema, /*streaming=*/true)
                           .WithWatermark("ts", "10 seconds")
                           .GroupBy({"window(ts, '5 seconds') AS window", "word"})
                           .Agg({"count(*) AS count"})
                           .SelectExpr({"CAST(window.start AS BIGINT) AS start", "word", "count"});
  QueryOptions opts;
  opts.mode = OutputMode::kUpdate;
  opts.checkpoint_dir = (fs::path(dir) / "checkpoint").string();
  opts.id_seed = "recovery";
  ManualClock clock;
  MemorySink sink;
  auto start = [&]() -> std::unique_ptr<StreamingQuery> {
    auto q = StreamingQuery::Start(df, opts, &sources, &sink, &clock);
    if (!q.ok()) {
      ADD_FAILURE() << "start: " << q.status().ToString();
      return nullptr;
    }
    return std::move(*q);
  };
  std::unique_ptr<StreamingQuery> query = start();
  if (!query) return run;
  for (size_t i = 0; i < chunks.size(); ++i) {
    clock.Advance(Duration::Seconds(1));
    const bool crash_here = crash && i == kCrashChunk;
    if (crash_here) query->CrashAt(crash->point);
    SourceData::Chunk chunk;
    chunk.arrival = clock.Now();
    for (const auto& [word, ts] : chunks[i])
      chunk.rows.push_back({Value::String(word), Value::Ts(Timestamp::FromSeconds(ts))});
    in.chunks.push_back(std::move(chunk));
    Status st = query->ProcessAllAvailable();
    if (crash_here) {
      // The process died: the batch did not finish and the query is gone.
      EXPECT_FALSE(st.ok());
      EXPECT_TRUE(query->crashed());
      EXPECT_FALSE(query->is_active());
      run.crashed = query->crashed() && !query->is_active();
      const int64_t crashed = ExpectCrashedBatch(opts.checkpoint_dir, *crash);
      EXPECT_EQ(sink.last_batch_id(), crash->sink_has_the_batch ? crashed : crashed - 1);
      query = start();  // recovery reruns the crashed batch
      if (!query) return run;
      st = query->ProcessAllAvailable();
    }
    if (!st.ok()) {
      ADD_FAILURE() << "chunk " << i << ": " << st.ToString();
      return run;
    }
  }
  run.batches = sink.batches();
  return run;
}

std::vector<Row> AllRows(const std::vector<SinkBatch>& batches) {
  std::vector<Row> all;
  for (const auto& b : batches) all.insert(all.end(), b.rows.begin(), b.rows.end());
  return Sorted(all);
}

// The same rows overall, and batch by batch the same ids and rows.
void ExpectSameBatches(const std::vector<SinkBatch>& clean, const std::vector<SinkBatch>& recovered) {
  EXPECT_EQ(RowsText(AllRows(recovered)), RowsText(AllRows(clean)));
  ASSERT_EQ(recovered.size(), clean.size());
  for (size_t i = 0; i < clean.size(); ++i) {
    EXPECT_EQ(recovered[i].batch_id, clean[i].batch_id);
    EXPECT_EQ(recovered[i].columns, clean[i].columns);
    EXPECT_EQ(RowsText(Sorted(recovered[i].rows)), RowsText(Sorted(clean[i].rows)))
        << "batch " << clean[i].batch_id;
  }
}

// --- File sink: a scenario through the Runner ----------------------------------------

// The same query in append mode (Spark's file sink accepts only append) writing JSON
// files. With a crash point, a `crash` step before the crashed chunk and a `startStream`
// after it; *restart_step receives the 0-based index of that startStream step.
std::string FileSinkScenario(const std::vector<Chunk>& chunks, const char* crash, int* restart_step) {
  std::string text = R"yaml(tideline: 1
title: file sink recovery
api: structured
inputs:
  words: {type: memory, schema: "word STRING, ts TIMESTAMP"}
query:
  from: words
  ops:
    - withWatermark: {column: ts, delay: 10 seconds}
    - groupBy: ["window(ts, '5 seconds') AS window", word]
    - agg: ["count(*) AS count"]
    - select: ["CAST(window.start AS BIGINT) AS start", word, count]
sink:
  format: file
  outputMode: append
  options: {path: out, format: json}
steps:
)yaml";
  int step = 0;
  auto add = [&](const std::string& s) {
    text += "  - " + s + "\n";
    ++step;
  };
  for (size_t i = 0; i < chunks.size(); ++i) {
    if (crash && i == kCrashChunk) add(std::string("crash: {at: ") + crash + "}");
    std::string rows;
    for (const auto& [word, ts] : chunks[i])
      rows += (rows.empty() ? "[" : ", [") + word + ", " + std::to_string(ts) + "]";
    add("addData: {words: [" + rows + "]}");
    add("processAllAvailable");
    if (i == kCrashChunk) {
      if (crash) {
        *restart_step = step;
        add("startStream");
      }
      add("processAllAvailable");  // in both runs, so that their batches line up
    }
  }
  return text;
}

// What a reader of the sink's directory sees: the files the `_spark_metadata` log
// lists, batch by batch, as (batch id, file content).
std::vector<std::pair<int64_t, std::string>> ReadFileSink(const fs::path& out) {
  std::vector<std::pair<int64_t, std::string>> files;
  for (int64_t id : NumberedFiles(out / "_spark_metadata")) {
    const fs::path log = out / "_spark_metadata" / std::to_string(id);
    std::ifstream f(log, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    Result<std::vector<SinkFileEntry>> entries = ParseSinkLogBatch(text, log.string());
    if (!entries.ok()) {
      ADD_FAILURE() << entries.status().ToString();
      continue;
    }
    for (const SinkFileEntry& e : *entries) {
      if (e.action != "add") continue;
      const std::string prefix = "file://";
      const std::string path = e.path.rfind(prefix, 0) == 0 ? e.path.substr(prefix.size()) : e.path;
      std::ifstream data(path, std::ios::binary);
      EXPECT_TRUE(data.good()) << "the log lists " << e.path << ", which cannot be read";
      files.emplace_back(id, std::string((std::istreambuf_iterator<char>(data)), std::istreambuf_iterator<char>()));
    }
  }
  return files;
}

struct FileRun {
  std::vector<std::pair<int64_t, std::string>> files;
  bool crashed = false;
};

FileRun RunFileSink(const std::vector<Chunk>& chunks, const CrashCase* crash, const std::string& dir) {
  FileRun run;
  int restart_step = -1;
  const std::string text = FileSinkScenario(chunks, crash ? crash->name : nullptr, &restart_step);
  Result<scenario::Scenario> sc = scenario::LoadScenarioText(text, "file-sink.yaml");
  if (!sc.ok()) {
    ADD_FAILURE() << sc.status().ToString();
    return run;
  }
  scenario::RunnerOptions opts;
  opts.output_dir = dir;
  auto runner = scenario::Runner::Create(*sc, opts);
  if (!runner.ok()) {
    ADD_FAILURE() << runner.status().ToString();
    return run;
  }
  scenario::Runner& r = **runner;
  while (!r.Done()) {
    if (r.next_step() == restart_step) {
      // Between the crash and the restart: the checkpoint and the sink's log as the
      // dead process left them.
      const int64_t crashed = ExpectCrashedBatch(fs::path(dir) / "checkpoint", *crash);
      const fs::path log = fs::path(dir) / "out" / "_spark_metadata";
      EXPECT_EQ(HasNumberedFile(log, crashed), crash->sink_has_the_batch) << "sink log of batch " << crashed;
      EXPECT_TRUE(HasNumberedFile(log, crashed - 1));
      run.crashed = crashed >= 0 && !HasNumberedFile(fs::path(dir) / "checkpoint" / "commits", crashed);
    }
    r.RunStep();
  }
  EXPECT_TRUE(r.passed()) << r.failure();
  run.files = ReadFileSink(fs::path(dir) / "out");
  return run;
}

std::string AllLines(const std::vector<std::pair<int64_t, std::string>>& files) {
  std::vector<std::string> lines;
  for (const auto& [id, content] : files) {
    size_t pos = 0;
    while (pos < content.size()) {
      size_t nl = content.find('\n', pos);
      if (nl == std::string::npos) nl = content.size();
      lines.push_back(content.substr(pos, nl - pos));
      pos = nl + 1;
    }
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// --- The clean runs, against Spark's rules -----------------------------------------------

// Update mode: each batch emits the windows it changed; late rows (window end <= the
// previous batch's watermark) are dropped; no-data batches emit nothing.
TEST(StructuredRecoveryTest, CleanRunWithMemorySinkFollowsSparksRules) {
  MemoryRun clean = RunMemorySink(kChunks, nullptr, RunDir("clean-memory").path());
  auto row = [](int64_t start, const char* word, int64_t count) {
    return Row{Value::Int(start), Value::String(word), Value::Int(count)};
  };
  const std::vector<Row> expected = {row(0, "a", 1),  row(0, "b", 1),  row(5, "a", 1), row(25, "c", 1),
                                     row(20, "c", 1), row(30, "b", 1), row(45, "b", 1)};
  EXPECT_EQ(RowsText(AllRows(clean.batches)), RowsText(Sorted(expected)));
}

// Append mode: a window is written once, when the watermark passes its end (35 s at the
// end: [30, 35) is closed, [45, 50) is not).
TEST(StructuredRecoveryTest, CleanRunWithFileSinkFollowsSparksRules) {
  FileRun clean = RunFileSink(kChunks, nullptr, RunDir("clean-file").path());
  EXPECT_EQ(AllLines(clean.files),
            "{\"start\":0,\"word\":\"a\",\"count\":1}\n"
            "{\"start\":0,\"word\":\"b\",\"count\":1}\n"
            "{\"start\":20,\"word\":\"c\",\"count\":1}\n"
            "{\"start\":25,\"word\":\"c\",\"count\":1}\n"
            "{\"start\":30,\"word\":\"b\",\"count\":1}\n"
            "{\"start\":5,\"word\":\"a\",\"count\":1}\n");
}

// --- A crash at each point -------------------------------------------------------------

class CrashRecoveryTest : public ::testing::TestWithParam<CrashCase> {};

TEST_P(CrashRecoveryTest, MemorySinkEndsWithTheCleanRunsRows) {
  const CrashCase& c = GetParam();
  MemoryRun clean = RunMemorySink(kChunks, nullptr, RunDir(std::string("memory-clean-") + c.name).path());
  ASSERT_FALSE(AllRows(clean.batches).empty());
  MemoryRun recovered = RunMemorySink(kChunks, &c, RunDir(std::string("memory-crash-") + c.name).path());
  EXPECT_TRUE(recovered.crashed);
  ExpectSameBatches(clean.batches, recovered.batches);
}

TEST_P(CrashRecoveryTest, FileSinkEndsWithTheCleanRunsFiles) {
  const CrashCase& c = GetParam();
  FileRun clean = RunFileSink(kChunks, nullptr, RunDir(std::string("file-clean-") + c.name).path());
  ASSERT_FALSE(AllLines(clean.files).empty());
  FileRun recovered = RunFileSink(kChunks, &c, RunDir(std::string("file-crash-") + c.name).path());
  EXPECT_TRUE(recovered.crashed);
  EXPECT_EQ(recovered.files, clean.files);
}

// A rerun batch starts from its logged watermark (Spark's populateStartOffsets calls
// watermarkTracker.setWatermark(batchWatermarkMs), and WatermarkTracker never moves
// back): the watermark stays at 17 s after the rerun instead of falling to 11 s (max
// event time 21 s - 10 s), so a@13 (window [10, 15)) is late after the restart too.
TEST_P(CrashRecoveryTest, MemorySinkWithLateDataAfterTheRestart) {
  const CrashCase& c = GetParam();
  MemoryRun clean = RunMemorySink(kLateChunks, nullptr, RunDir(std::string("late-memory-clean-") + c.name).path());
  MemoryRun recovered = RunMemorySink(kLateChunks, &c, RunDir(std::string("late-memory-crash-") + c.name).path());
  EXPECT_TRUE(recovered.crashed);
  ExpectSameBatches(clean.batches, recovered.batches);
}

TEST_P(CrashRecoveryTest, FileSinkWithLateDataAfterTheRestart) {
  const CrashCase& c = GetParam();
  FileRun clean = RunFileSink(kLateChunks, nullptr, RunDir(std::string("late-file-clean-") + c.name).path());
  FileRun recovered = RunFileSink(kLateChunks, &c, RunDir(std::string("late-file-crash-") + c.name).path());
  EXPECT_TRUE(recovered.crashed);
  EXPECT_EQ(recovered.files, clean.files);
}

INSTANTIATE_TEST_SUITE_P(CrashPoints, CrashRecoveryTest, ::testing::ValuesIn(kCrashCases),
                         [](const ::testing::TestParamInfo<CrashCase>& info) { return std::string(info.param.name); });

// --- The file sink's output modes ---------------------------------------------------------

// Spark's DataSource.createSink accepts only append for a file format
// (QueryCompilationErrors.dataSourceOutputModeUnsupportedError: 4.0's
// "[STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: update.
// This output mode is not supported in Data Source json. SQLSTATE: 42KDE"; 3.5: "Data
// source json does not support Update output mode").
TEST(StructuredRecoveryTest, FileSinkRejectsUpdateMode) {
  auto o = testing_util::RunText(R"yaml(tideline: 1
title: file sink in update mode
api: structured
inputs:
  words: {type: memory, schema: "word STRING, ts TIMESTAMP"}
query:
  from: words
  ops:
    - withWatermark: {column: ts, delay: 10 seconds}
    - groupBy: ["window(ts, '5 seconds') AS window", word]
    - agg: ["count(*) AS count"]
sink:
  format: file
  outputMode: update
  options: {path: out, format: json}
steps:
  - addData: {words: [[a, 1]]}
  - expectFailure: {contains: ["output mode", "update", "json"]}
)yaml");
  EXPECT_TRUE(o.passed) << o.failure << o.error;
}

}  // namespace
}  // namespace tideline::structured
