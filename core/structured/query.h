#pragma once
// StreamingQuery: Spark's MicroBatchExecution on a virtual clock. A query reads
// its sources between offsets, runs the plan incrementally batch by batch with
// the watermark of spec section 7, writes the offset log before a batch and the
// commit log after the sink, keeps operator state in versioned stores on disk,
// and reports a StreamingQueryProgress per batch.
//
// Sources and sinks outlive a query (as MemoryStream and MemorySink outlive the
// query in Spark's tests): a restart is a new StreamingQuery on the same
// checkpoint directory, sources and sink, and recovers as Spark does. Not
// thread-safe; one thread drives a query.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/structured/dataframe.h"
#include "core/time/clock.h"
#include "core/trace/trace.h"
#include "core/value/schema.h"

namespace tideline::structured {

// The data of one input, fed by the caller; offsets count chunks (memory, socket,
// file, recording: one chunk per arrival; a latestFirst file source: entries of
// file_order) or whole seconds since the source was created (rate, as Spark's LongOffset).
struct SourceData {
  std::string name;
  std::string type;  // memory | socket | file | recording | rate | static
  Schema schema;
  struct Chunk {
    std::vector<Row> rows;
    Timestamp arrival;
    std::string file;  // for a file source, the file's name
    Status error;      // a file that failed to parse (FAILFAST): the batch reading it fails
    Timestamp modified;  // for a file source, its modification time (latestFirst's order)
  };
  std::vector<Chunk> chunks;
  int64_t max_files_per_trigger = 0;  // file sources: chunks per batch (0: all)
  bool latest_first = false;          // file sources: the newest unread files first
  std::vector<size_t> file_order;     // latestFirst: the chunks in the order batches read them
  int64_t rows_per_second = 0;        // rate sources
  int64_t ramp_up_seconds = 0;        // rate sources: rampUpTime in whole seconds
  int64_t num_partitions = 1;         // rate sources: rows are generated partition by partition
  bool include_timestamp = false;     // socket sources: a timestamp column (the line's arrival)
  Timestamp rate_start;               // creationTimeMs: set when a query first starts
  bool rate_started = false;
  int64_t malformed = 0;              // rows of files that did not parse
  std::vector<Row> static_rows;       // static tables
};

struct Sources {
  std::map<std::string, SourceData> inputs;
  SourceData* Find(const std::string& name) {
    auto it = inputs.find(name);
    return it == inputs.end() ? nullptr : &it->second;
  }
};

struct Trigger {
  enum class Kind { kDefault, kProcessingTime, kOnce, kAvailableNow, kContinuous } kind = Kind::kDefault;
  Duration interval;
  std::string ToString() const;
};
Result<Trigger> ParseTrigger(const std::string& kind, const std::string& interval);

// A batch as delivered to a sink.
struct SinkBatch {
  int64_t batch_id = 0;
  OutputMode mode = OutputMode::kAppend;
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

class Sink {
 public:
  virtual ~Sink() = default;
  // Adds a batch; a batch id at or below the last one added is skipped (idempotent sinks).
  virtual Status AddBatch(const SinkBatch& batch) = 0;
  virtual std::string Description() const = 0;
};

// Spark's MemorySink: append and update add rows; complete replaces the table.
class MemorySink final : public Sink {
 public:
  Status AddBatch(const SinkBatch& batch) override;
  std::string Description() const override { return "MemorySink"; }
  // Every row so far (append, update) or the latest table (complete).
  std::vector<Row> AllRows() const;
  const std::vector<SinkBatch>& batches() const { return batches_; }
  int64_t last_batch_id() const { return last_batch_id_; }

 private:
  std::vector<SinkBatch> batches_;
  int64_t last_batch_id_ = -1;
};

// A sink that hands each batch to a function (console, file, foreachBatch, noop are
// built on it by the scenario layer). Every call is passed on, a batch re-run after a
// restart included, as Spark's ConsoleSink and ForeachBatchSink do; a function that
// must see each batch once checks the batch id itself (as the file sink's log does).
class CallbackSink final : public Sink {
 public:
  CallbackSink(std::string description, std::function<Status(const SinkBatch&)> fn)
      : description_(std::move(description)), fn_(std::move(fn)) {}
  Status AddBatch(const SinkBatch& batch) override;
  std::string Description() const override { return description_; }

 private:
  std::string description_;
  std::function<Status(const SinkBatch&)> fn_;
};

// Where the next batch stops the process (the `crash` step).
enum class CrashPoint { kNone, kAfterOffsetLog, kAfterStateCommit, kAfterSink, kBeforeCommitLog };
Result<CrashPoint> ParseCrashPoint(const std::string& s);
const char* CrashPointName(CrashPoint p);

struct BatchContext;
struct QueryOptions {
  OutputMode mode = OutputMode::kAppend;
  Trigger trigger;
  std::string name;            // queryName
  std::string checkpoint_dir;  // required
  std::string id_seed;         // makes the query's id and run ids deterministic
  std::map<std::string, std::string> config;
  Duration cost_per_batch, cost_per_record;
  trace::Tracer* tracer = nullptr;
  // tideline verify: asked at each crash point of each batch; true makes the process die
  // there, as the `crash` step does.
  std::function<bool(int64_t batch_id, CrashPoint point)> crash_hook;
  // Lineage (lineage.h): told of every plan node's output rows in each batch, children
  // before their parent, with a stateful node's late watermark. Unset: nothing is kept.
  std::function<void(const PlanNode& node, const BatchContext& batch, const std::vector<Row>& rows,
                     std::optional<Timestamp> late_watermark)>
      on_node_output;
};

// One StreamingQueryProgress, with Spark's field names.
struct StateOperatorProgress {
  std::string name;
  int64_t total = 0, updated = 0, removed = 0, dropped = 0, memory = 0;
  int64_t partitions = 0, instances = 0;
  std::map<std::string, int64_t> custom;  // customMetrics, by name
  std::optional<Timestamp> late_watermark;  // the watermark late rows were dropped by (not reported)
};
struct Progress {
  std::string id, run_id, name;
  int64_t batch_id = 0;
  Timestamp timestamp;
  int64_t num_input_rows = 0;
  double input_rows_per_second = 0, processed_rows_per_second = 0;
  Duration trigger_execution;  // durationMs.triggerExecution, the batch's virtual cost
  bool has_watermark = false;
  Timestamp watermark;
  bool has_event_stats = false;
  Timestamp event_time_min, event_time_max;
  double event_time_avg_ms = 0;  // Spark averages event times as a double of milliseconds
  std::vector<StateOperatorProgress> state_ops;
  std::vector<std::pair<std::string, int64_t>> sources;  // description, numInputRows
  std::string sink;
  int64_t sink_rows = 0;
  std::string ToJson() const;
  // A field by dotted path (numInputRows, eventTime.watermark, stateOperators.0.numRowsTotal).
  std::optional<Value> Get(const std::string& path) const;
};

class Executor;
class WatermarkTracker;
struct BatchContext;
struct EventStats;

class StreamingQuery {
 public:
  ~StreamingQuery();
  // Analyses the query (UnsupportedOperationChecker for the mode), then recovers from the
  // checkpoint directory if it holds one. Fails with Spark's message.
  static Result<std::unique_ptr<StreamingQuery>> Start(const DataFrame& df, QueryOptions opts, Sources* sources,
                                                       Sink* sink, const Clock* clock);

  // Default trigger: runs batches until no data is left and no no-data batch is due.
  Status ProcessAllAvailable();
  // Processing-time trigger: the clock moved to `now`; runs one batch if a trigger time was reached.
  Status OnClockAdvanced();
  // Once / availableNow: runs until the query stops by itself.
  Status AwaitTermination();
  void Stop();
  // Arms a crash at `point` in the next batch.
  void CrashAt(CrashPoint point) { crash_ = point; }
  CrashPoint armed_crash() const { return crash_; }  // kNone once it fired

  bool is_active() const { return active_; }
  bool crashed() const { return crashed_; }
  const std::string& id() const { return id_; }
  const std::string& run_id() const { return run_id_; }
  const std::string& name() const { return opts_.name; }
  const Status& exception() const { return exception_; }
  std::string Explain() const;
  const std::vector<Progress>& recent_progress() const { return progress_; }
  const Progress* last_progress() const { return progress_.empty() ? nullptr : &progress_.back(); }
  // The event-time watermark the next batch will use.
  Timestamp current_watermark() const;

 private:
  StreamingQuery() = default;
  Status Recover();
  // Builds and runs the next batch when there is new data or a no-data batch is due.
  // Returns whether a batch ran.
  Result<bool> RunNextBatch(bool allow_no_data, bool limit_files);
  Status RunBatch(int64_t batch_id, const std::map<std::string, int64_t>& start,
                  const std::map<std::string, int64_t>& end, Timestamp watermark, Timestamp batch_ts);
  // The steps of RunBatch.
  struct BatchInput {
    int64_t rows = 0;                                           // numInputRows
    std::vector<std::pair<std::string, int64_t>> source_rows;   // description, rows
  };
  Status ReadBatchInput(const std::map<std::string, int64_t>& start, const std::map<std::string, int64_t>& end,
                        BatchContext* ctx, BatchInput* input);
  Status ExecuteBatch(BatchContext& ctx, std::vector<Row>* out);
  Status WriteSink(int64_t batch_id, Timestamp batch_ts, std::vector<Row> rows);
  void ReportProgress(int64_t batch_id, Timestamp batch_ts, Timestamp watermark, const BatchInput& input,
                      int64_t out_rows, const std::vector<std::pair<Duration, EventStats>>& stats);
  std::map<std::string, int64_t> AvailableOffsets(bool limit_files) const;
  void Fail(const Status& st);
  Status FailIfError(Status st);
  void CountScans();
  void ReportIdleTrigger();
  // ProcessingTimeExecutor.nextBatchTime: the first multiple of the interval after `now`.
  Timestamp NextTriggerAfter(Timestamp now) const {
    const int64_t iv = std::max<int64_t>(1, opts_.trigger.interval.micros());
    return Timestamp::FromMicros((Timestamp::FloorDiv(now.micros(), iv) + 1) * iv);
  }
  Status Crash(CrashPoint point, std::string what);
  // Whether the process dies at `point` of batch `batch_id`: the armed crash or the hook.
  // The hook is asked even where the armed crash fires, so that it sees every point passed.
  bool CrashesAt(int64_t batch_id, CrashPoint point) const {
    const bool hooked = opts_.crash_hook && opts_.crash_hook(batch_id, point);
    return crash_ == point || hooked;
  }
  void TraceCheckpoint(const char* kind, int64_t n, Timestamp at);
  void TraceBatchEffects(int64_t batch_id, Timestamp batch_ts,
                         const std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>>& before);

  DataFrame df_;
  QueryOptions opts_;
  Sources* sources_ = nullptr;
  Sink* sink_ = nullptr;
  const Clock* clock_ = nullptr;
  std::unique_ptr<Executor> exec_;
  std::string id_, run_id_;
  bool active_ = false;
  bool crashed_ = false;
  Status exception_;
  CrashPoint crash_ = CrashPoint::kNone;
  int64_t next_batch_ = 0;                    // the id of the next batch to construct
  std::map<std::string, int64_t> committed_;  // offsets processed by committed batches
  std::unique_ptr<WatermarkTracker> watermark_;  // the watermark for the next batch
  Timestamp prev_watermark_;                  // the watermark used by the last batch
  bool has_prev_batch_ = false;
  bool ran_batch_ = false;                    // a batch ran since this query started
  std::map<std::string, int> scans_;          // scans of each streaming source in the plan
  // The state after the last traced batch (TraceBatchEffects), the next one's "before".
  std::optional<std::vector<std::pair<std::string, std::vector<std::pair<Value, Value>>>>> traced_state_;
  int64_t last_trigger_start_ms_ = -1, current_trigger_start_ms_ = -1;  // ProgressReporter
  int64_t last_no_execution_progress_ms_ = INT64_MIN;
  Timestamp next_trigger_;
  std::vector<Progress> progress_;
};

// Spark's UnsupportedOperationChecker.checkForStreaming: the first rule the plan breaks
// in `mode`, with Spark 4.0's message.
Status CheckForStreaming(const PlanNode& root, OutputMode mode, const std::map<std::string, std::string>& config);
// UnsupportedOperationChecker.checkForContinuous: only map-like queries.
Status CheckForContinuous(const PlanNode& root, OutputMode mode);

}  // namespace tideline::structured
