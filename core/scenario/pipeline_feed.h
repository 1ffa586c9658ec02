#pragma once
// PipelineFeed: a scenario's pipeline (its inputs, streams or query, and outputs;
// not its steps) fed with records from outside: `tideline replay`, `tideline run
// --live` and the Studio's runs at full speed. For a DStream scenario every input
// becomes an arrival input (DStreamBuildOptions::all_inputs_as_arrivals) and each
// record arrives at its own time, the batches due before it running first; for a
// structured scenario it delegates to Runner::Feed and Runner::FeedClock, and the
// query's trigger decides when batches run.
//
// The caller moves time; the feed reads no clock but the optional wall clock that
// measures each batch. It owns the engine and its output directory (a fresh temporary
// one, removed on destruction, unless FeedOptions::output_dir names one). Not
// thread-safe: one thread drives it, which may be another than the one that opened
// it. The scenario must outlive the feed.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/scenario/model.h"
#include "core/time/clock.h"
#include "core/trace/trace.h"
#include "core/value/value.h"

namespace tideline::scenario {

// One batch (a structured trigger) that finished, in the engine's own figures.
struct FeedBatch {
  int64_t index = 0;             // DStream: 0-based position in the run; structured: the batch id
  Timestamp batch_time;
  int64_t input_rows = 0;
  int64_t output_rows = 0;
  int64_t state_rows = 0;
  Duration processing_time;      // virtual, from the cost model
  Duration wall_time;            // real time spent on it (zero without FeedOptions::wall_clock)
};

struct FeedOptions {
  // What Spark would print (print() blocks, console sinks), in order. Unset: dropped.
  std::function<void(const std::string&)> print_sink;
  // Structured scenarios: one JSON object per batch, as `tideline run --json` prints it.
  std::function<void(const std::string&)> report_sink;
  // Every trace event, in order. Costly at full speed: with a listener the engine
  // describes every stream's output of every batch.
  std::vector<trace::Listener*> listeners;
  // DStream outputs `collect: true`: the stream's name, the batch time and the RDD's rows.
  std::function<void(const std::string&, Timestamp, const std::vector<Value>&)> on_collect;
  // Each finished batch, in order, after its outputs. Costs nothing per record.
  std::function<void(const FeedBatch&)> on_batch;
  // Measures FeedBatch::wall_time when set (the system clock in live runs). Not owned.
  const Clock* wall_clock = nullptr;
  // Where outputs and checkpoints go; empty: a fresh temporary directory.
  std::string output_dir;
  // output_dir is a durable run's (--checkpoint DIR): the pipeline checkpoints there and
  // Start resumes from a checkpoint there. DStream: getOrCreate recovers the context, and
  // the caller gives only the records after resumed_at(). Structured: the caller gives
  // every record again; those within the offsets of the last logged batch go to the
  // sources before the query restarts on its checkpoint, and the rest are fed as usual.
  bool durable = false;
  // A live run (tideline run --live): DStream socket and textFile inputs keep their kind
  // (DStreamBuildOptions::live_inputs): with `durable`, a socket's records are lost on a
  // restart unless the write-ahead log is on, as in Spark, and a file stream's are kept.
  bool live = false;
};

class PipelineFeed {
 public:
  virtual ~PipelineFeed();
  // Builds the pipeline. Errors in the file come back here.
  static Result<std::unique_ptr<PipelineFeed>> Open(const Scenario& sc, FeedOptions opts);

  // Starts the pipeline at virtual time `t` (a DStream context's start; a structured
  // query starts with its first records or clock move, at the scenario's startTime).
  // REQUIRES: called once, before Arrive and AdvanceTo.
  virtual Status Start(Timestamp t) = 0;
  // `records` arrive on `input` at `t`, their arrival time; the clock moves to `t`,
  // never back. A record goes to the input of its name, or to the only input
  // when the pipeline has one; otherwise an error names it. DStream: the batches due by
  // `t` run first, and each record is typed by its input's `format` (malformed ones are
  // counted and skipped). Structured: the records are one chunk (one addData).
  virtual Status Arrive(const std::string& input, Timestamp t, std::span<const Value> records) = 0;
  // Moves time to `t`: what falls due runs.
  virtual Status AdvanceTo(Timestamp t) = 0;
  // The input ended at `last` (the time of the last record, or the clock's time): runs
  // the batch that holds the last records (DStream), or what the query waits for.
  virtual Status Finish(Timestamp last) = 0;

  bool structured() const { return structured_; }
  // After a Start that recovered from a durable run's checkpoint: the checkpoint's time
  // (DStream: records at or before it are in the checkpoint, in its batches or pending, so a
  // replay goes on with the records after it; structured: the last logged batch's time).
  std::optional<Timestamp> resumed_at() const { return resumed_at_; }
  // Structured, after a Start that found a durable run's offset log: per input, the chunks
  // (addData calls) within the offsets of the last logged batch, which the caller gives
  // again before anything new. Empty otherwise.
  virtual std::map<std::string, int64_t> resume_chunks() const { return {}; }
  // Records given to Arrive, those the input's format rejected, and finished batches.
  int64_t records() const { return records_; }
  int64_t malformed() const {
    int64_t n = 0;
    for (const auto& [input, count] : malformed_by_input()) n += count;
    return n;
  }
  // Malformed records per input (inputs with none are absent), and the first few of each
  // as text (Runner::kMalformedExamples).
  virtual std::map<std::string, int64_t> malformed_by_input() const = 0;
  virtual std::map<std::string, std::vector<std::string>> malformed_examples() const = 0;
  // What a recovery passed over (an unreadable newer checkpoint file), as warnings.
  virtual std::vector<std::string> warnings() const { return {}; }
  int64_t batches() const { return batches_; }
  // The pipeline's input names, in the file's order.
  std::vector<std::string> input_names() const;

 protected:
  PipelineFeed(const Scenario& sc, FeedOptions opts, bool structured)
      : sc_(sc), opts_(std::move(opts)), structured_(structured) {}
  // Counts the batch and hands it to on_batch.
  void BatchFinished(FeedBatch b) {
    ++batches_;
    if (opts_.on_batch) opts_.on_batch(b);
  }

  const Scenario& sc_;
  FeedOptions opts_;
  const bool structured_;
  int64_t records_ = 0;
  int64_t batches_ = 0;
  std::optional<Timestamp> resumed_at_;
};

}  // namespace tideline::scenario
