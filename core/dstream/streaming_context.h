#pragma once
// StreamingContext: Spark Streaming's entry point, on a virtual clock. Owns the
// DStream graph, generates batches at zero time + k * interval (Spark's
// JobGenerator with a ManualClock: the first batch is one interval after the
// start time floored to the interval; a clock jump runs every batch that fell
// due, in order), runs the output operations of each batch in registration
// order, writes checkpoints and recovers from them (StreamingContext.getOrCreate).
// Not thread-safe: one driver thread moves it. Spark's rule of one active context per
// JVM holds per driver thread.
//
// Invariants:
//  - next_batch_time_ - zero_time_ is a positive multiple of batch_interval_.
//  - Batches run in increasing time order, each once per run of the context
//    (a recovery reruns the last checkpointed batch, as Spark's JobGenerator does).

#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/dstream/dstream.h"
#include "core/dstream/streams.h"
#include "core/time/time.h"
#include "core/trace/trace.h"

namespace tideline::dstream {

enum class ContextState { kInitialized, kActive, kStopped };

// Per-batch metrics, as Spark's Streaming tab reports them (virtual times).
struct BatchInfo {
  Timestamp batch_time;
  int64_t input_rows = 0;
  int64_t output_rows = 0;
  int64_t state_rows = 0;
  Timestamp processing_start, processing_end;
  Duration processing_time() const { return processing_end - processing_start; }
  Duration scheduling_delay() const { return processing_start - batch_time; }
  Duration total_delay() const { return processing_end - batch_time; }
};

class StreamingContext {
 public:
  explicit StreamingContext(Duration batch_interval);
  ~StreamingContext();
  StreamingContext(const StreamingContext&) = delete;
  StreamingContext& operator=(const StreamingContext&) = delete;

  // ---- Configuration (before Start)
  // Sets the checkpoint directory (ssc.checkpoint). Created when needed.
  void Checkpoint(std::string dir) { checkpoint_dir_ = std::move(dir); }
  const std::optional<std::string>& checkpoint_dir() const { return checkpoint_dir_; }
  // The virtual cost of processing: per input record and per batch.
  void SetCost(Duration per_record, Duration per_batch) { cost_per_record_ = per_record; cost_per_batch_ = per_batch; }
  void SetTracer(trace::Tracer* t) { tracer_ = t; }
  // spark.streaming.receiver.writeAheadLog.enable: receivers' data survives a recovery.
  void SetWriteAheadLog(bool on) { write_ahead_log_ = on; }
  // Inputs fed from a source that can be read again (a durable replay's recording): their
  // data goes into checkpoints as a file source's does.
  void SetReplayableInputs(bool on) { replayable_inputs_ = on; }
  // Crash points (tideline verify, the `crash` step; docs/verify.md): the driver passes
  // afterGenerate (the batch's jobs generated and, with a checkpoint directory, its
  // checkpoint written, as JobGenerator.generateJobs does), afterOutputK after the K-th
  // output operation (1-based) and afterComplete after the completion checkpoint. The hook
  // is asked at each; true (or a point armed with CrashAt for the next batch) kills the
  // driver there: the context stops where it is and crashed() is true. With a hook or an
  // armed point, each batch also writes the checkpoint of its generated jobs.
  void SetCrashHook(std::function<bool(Timestamp batch_time, const std::string& point)> hook) {
    crash_hook_ = std::move(hook);
  }
  void CrashAt(std::string point) { crash_at_ = std::move(point); }
  const std::string& armed_crash() const { return crash_at_; }  // empty once it fired
  bool crashed() const { return crashed_; }
  // Where print() output goes (standard output when unset).
  void SetPrintSink(std::function<void(const std::string&)> sink) { print_sink_ = std::move(sink); }
  // The directory that relative output paths (saveAsTextFiles, appendFile) resolve against.
  void SetOutputDir(std::string dir) { output_dir_ = std::move(dir); }
  std::string ResolveOutputPath(const std::string& path) const;
  void PrintText(const std::string& text);
  // Writes one part file per partition of `rdd` and _SUCCESS under `dir` (resolved).
  Status WriteTextFiles(const std::string& dir, const Rdd& rdd);
  trace::Tracer* tracer() const { return tracer_; }
  bool tracing() const { return tracer_ != nullptr && tracer_->enabled(); }
  Duration batch_interval() const { return batch_interval_; }

  QueueInputDStream* QueueStream(bool one_at_a_time = true, std::optional<RddPtr> default_rdd = std::nullopt);
  ArrivalInputDStream* SocketTextStream(const std::string& host, int port);
  ArrivalInputDStream* TextFileStream(const std::string& directory);
  ArrivalInputDStream* RecordingStream(const std::string& path);
  // An input fed record by record by the caller (replays, live runs, benchmarks).
  ArrivalInputDStream* FeedStream();
  // StreamingContext.union
  DStream* Union(const std::vector<DStream*>& streams);

  // ---- Lifecycle
  // Validates the graph and starts at virtual time `now`. Fails with Spark's message
  // when the graph is invalid or a construction step failed.
  Status Start(Timestamp now);
  // Runs every batch whose time is <= now, in order. A failing batch stops the context
  // and returns the failure.
  Status AdvanceTo(Timestamp now);
  void Stop();
  // Recovers the graph's state from the latest checkpoint in checkpoint_dir() and
  // starts at `now` (getOrCreate on an existing checkpoint). REQUIRES: the same graph
  // was built on this context as on the one that wrote the checkpoint.
  Status RecoverAndStart(Timestamp now);
  // Whether checkpoint_dir() holds a checkpoint.
  bool HasCheckpoint() const;
  // The time of the newest checkpoint file there (a durable run that resumes), or nullopt.
  std::optional<Timestamp> LatestCheckpointTime() const;
  // What the last recovery passed over: a newer checkpoint file that could not be read, for
  // which it fell back to the one before, as Spark's CheckpointReader does. Empty when the
  // newest file was read.
  const std::vector<std::string>& recovery_warnings() const { return recovery_warnings_; }

  ContextState state() const { return state_; }
  Timestamp zero_time() const { return zero_time_; }
  Timestamp next_batch_time() const { return next_batch_time_; }
  // The latest batches: those of the latest AdvanceTo, and at least the last
  // kRetainedBatches (as Spark's UI keeps spark.streaming.ui.retainedBatches), so that
  // a long run's memory stays flat. batches()[i] is batch number first_batch_index() + i.
  const std::vector<BatchInfo>& batches() const { return batches_; }
  int64_t first_batch_index() const { return batches_dropped_; }
  static constexpr size_t kRetainedBatches = 1000;
  const std::vector<std::unique_ptr<DStream>>& streams() const { return streams_; }

  // ---- Used by streams
  template <typename T>
  T* Register(std::unique_ptr<T> s) {
    T* p = s.get();
    streams_.push_back(std::move(s));
    if (state_ != ContextState::kInitialized) {
      RecordError(Status::IllegalState(state_ == ContextState::kActive
          ? "Adding new inputs, transformations, and output operations after starting a context is not supported"
          : "Adding new inputs, transformations, and output operations after stopping a context is not supported"));
    }
    return p;
  }
  int NextId() { return next_id_++; }
  void RegisterOutput(ForEachDStream* out) { outputs_.push_back(out); }
  // Records the first error raised while the graph is built; Start returns it.
  void RecordError(Status s) { if (build_status_.ok()) build_status_ = std::move(s); }
  const Status& build_status() const { return build_status_; }
  // Emits a trace event stamped with the current virtual time.
  void Emit(trace::Event e);
  Timestamp now() const { return now_; }

 private:
  Status RunBatch(Timestamp t);
  // Whether the driver dies at `point` of batch `t`; if so, stops the context.
  bool CrashesAt(Timestamp t, const std::string& point);
  Status WriteCheckpoint(Timestamp t);
  // The steps of WriteCheckpoint (checkpoint.cc).
  Status EnsureCheckpointDir();
  void RotateSegment(Timestamp t);
  Status AppendToSegment(const std::string& dir, const std::string& data);
  Status WriteCheckpointMetadata(const std::string& dir, Timestamp t, const std::string& body);
  void DropUnusedSegments(const std::string& dir);
  void ForgetUnrememberedRdds();
  bool SavesInputData(const DStream* s) const;
  bool SavesRdds(const DStream* s) const;
  std::vector<DStream*> Reachable() const;
  struct CheckpointImage;
  Status ReadCheckpoint(const std::string& dir, const std::string& name, CheckpointImage* image) const;
  void Restore(CheckpointImage image);
  void MarkLazy();
  // Initializes, remembers and validates the graph from its outputs at `zero`.
  Status PrepareGraph(Timestamp zero);
  Status CheckNoOtherActive() const;
  // Marks the context active, the one of its driver thread.
  void Activate();

  // Configuration
  Duration batch_interval_;
  std::optional<std::string> checkpoint_dir_;
  Duration cost_per_record_, cost_per_batch_;
  trace::Tracer* tracer_ = nullptr;
  std::function<void(const std::string&)> print_sink_;
  std::string output_dir_;
  std::vector<std::unique_ptr<DStream>> streams_;
  std::vector<ForEachDStream*> outputs_;
  int next_id_ = 0;
  Status build_status_;
  // Transient
  ContextState state_ = ContextState::kInitialized;
  Timestamp zero_time_, next_batch_time_, now_;
  Timestamp processing_free_at_;  // when the previous batch's processing ends (cost model)
  std::vector<DStream*> order_;   // reachable streams in topological order
  std::vector<BatchInfo> batches_;
  int64_t batches_dropped_ = 0;  // batches no longer in batches_
  // Checkpointed RDDs already on disk: (stream id, time) -> where, and the metadata's
  // reference to it, [id,time,"segment",offset], formatted once.
  struct Written {
    std::string segment;
    uint64_t offset = 0;
    std::string ref;
  };
  std::map<std::pair<int, int64_t>, Written> written_;
  std::string segment_;          // the data segment being appended to
  std::ofstream segment_out_;    // open on segment_out_name_ while it is appended to
  std::string segment_out_name_;
  bool checkpoint_dir_made_ = false;
  uint64_t segment_size_ = 0;
  int segment_batches_ = 0;
  std::set<std::string> previous_live_;
  std::vector<std::string> metas_;      // metadata files on disk, oldest first
  std::vector<std::string> recovery_warnings_;
  std::set<std::string> data_files_;    // data files on disk
  bool write_ahead_log_ = false;
  bool replayable_inputs_ = false;
  std::function<bool(Timestamp, const std::string&)> crash_hook_;
  std::string crash_at_;  // armed by CrashAt for the next batch
  bool crashed_ = false;
};

}  // namespace tideline::dstream
