#pragma once
// The DStream classes, each named after its Spark counterpart in
// streaming/src/main/scala/org/apache/spark/streaming/dstream/. Owned by the
// StreamingContext; built through the methods of DStream and StreamingContext.

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/dstream/dstream.h"

namespace tideline::dstream {

// ---- Inputs

class InputDStream : public DStream {
 public:
  using DStream::DStream;
  std::vector<DStream*> dependencies() const override { return {}; }
  Duration slide_duration() const override;
  bool is_input() const override { return true; }
};

// QueueInputDStream: one queued RDD per batch (oneAtATime) or all of them.
class QueueInputDStream final : public InputDStream {
 public:
  QueueInputDStream(StreamingContext* ssc, bool one_at_a_time, std::optional<RddPtr> default_rdd);
  void Push(RddPtr rdd) { queue_.push_back(std::move(rdd)); }
  size_t queued() const { return queue_.size(); }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;

 private:
  bool one_at_a_time_;
  std::optional<RddPtr> default_rdd_;
  std::deque<RddPtr> queue_;
};

// Typed records delivered together, held as columns: row i arrived at arrivals[i].
struct ArrivalBlock {
  ColumnBatch rows;
  std::vector<Timestamp> arrivals;
};

// Records that arrive at virtual times (SocketInputDStream and other receivers,
// FileInputDStream, recordings): the batch at T holds what arrived in [T - interval, T),
// in arrival order. A batch whose records all came in blocks of one shape, or are all
// structs of one type, is held as columns (see Rdd).
class ArrivalInputDStream final : public InputDStream {
 public:
  ArrivalInputDStream(StreamingContext* ssc, std::string spark_class, std::string kind);
  const std::string& kind() const { return kind_; }
  void Arrive(Timestamp arrival, Value record);
  // Rows [begin, end) of `block` arrive, in order (the same as Arrive of each row).
  void ArriveBlock(std::shared_ptr<const ArrivalBlock> block, size_t begin, size_t end);
  // Records that arrived but are not in a generated batch yet, or only those that arrived
  // by `arrived_by` (a checkpoint holds what had arrived when it was written; later records
  // are still in the source).
  std::vector<std::pair<Timestamp, Value>> pending(std::optional<Timestamp> arrived_by = std::nullopt) const;
  void RestorePending(const std::vector<std::pair<Timestamp, Value>>& p);
  int64_t malformed() const { return malformed_; }
  void CountMalformed(int64_t n = 1) { malformed_ += n; }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;

 private:
  // One record, or rows [begin, end) of a block.
  struct Pending {
    Timestamp arrival;
    Value record;
    std::shared_ptr<const ArrivalBlock> block;
    size_t begin = 0, end = 0;
  };
  std::string kind_;
  std::deque<Pending> buffer_;
  int64_t malformed_ = 0;
};

// ---- One-parent, per-batch transformations (MappedDStream, FilteredDStream, ...)

class PerBatchDStream final : public DStream {
 public:
  using Fn = std::function<RddPtr(const RddPtr&, Timestamp)>;
  PerBatchDStream(DStream* parent, std::string spark_class, Fn fn);
  std::vector<DStream*> dependencies() const override { return {parent_}; }
  // The transformation on an RDD of the parent's (lineage.h runs it on single elements).
  RddPtr Apply(const RddPtr& in, Timestamp t) const { return fn_(in, t); }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;

 private:
  DStream* parent_;
  Fn fn_;
};

// UnionDStream and TransformedDStream over several parents (joins, cogroup).
class MultiParentDStream final : public DStream {
 public:
  using Fn = std::function<RddPtr(const std::vector<RddPtr>&, Timestamp)>;
  MultiParentDStream(std::vector<DStream*> parents, std::string spark_class, Fn fn);
  std::vector<DStream*> dependencies() const override { return parents_; }
  RddPtr Apply(const std::vector<RddPtr>& in, Timestamp t) const { return fn_(in, t); }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;

 private:
  std::vector<DStream*> parents_;
  Fn fn_;
};

// ---- Windows

// WindowedDStream: the union of the parent's RDDs in (t - window, t].
class WindowedDStream final : public DStream {
 public:
  WindowedDStream(DStream* parent, Duration window, Duration slide);
  std::vector<DStream*> dependencies() const override { return {parent_}; }
  Duration slide_duration() const override { return slide_; }
  Duration window_duration() const { return window_; }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;
  Duration parent_remember_duration() const override { return remember_duration_ + window_; }

 private:
  DStream* parent_;
  Duration window_, slide_;
};

// ReducedWindowedDStream: reduceByKeyAndWindow with an inverse function: the previous
// window's values, minus the batches that left, plus the batches that entered.
class ReducedWindowedDStream final : public DStream {
 public:
  ReducedWindowedDStream(DStream* parent, ReduceFn f, ReduceFn inv, std::optional<FilterFn> filter,
                         Duration window, Duration slide, int num_partitions);
  std::vector<DStream*> dependencies() const override { return {reduced_}; }
  Duration slide_duration() const override { return slide_; }
  Duration window_duration() const { return window_; }
  bool must_checkpoint() const override { return true; }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;
  Duration parent_remember_duration() const override { return remember_duration_ + window_; }

 private:
  DStream* parent_;
  DStream* reduced_;
  ReduceFn f_, inv_;
  std::optional<FilterFn> filter_;
  Duration window_, slide_;
};

// ---- State

// StateDStream: updateStateByKey; the update function runs for every key with state
// or new values.
class StateDStream final : public DStream {
 public:
  StateDStream(DStream* parent, UpdateFn f, std::optional<std::vector<Value>> initial, int num_partitions);
  std::vector<DStream*> dependencies() const override { return {parent_}; }
  bool must_checkpoint() const override { return true; }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;

 private:
  DStream* parent_;
  UpdateFn f_;
  std::optional<std::vector<Value>> initial_;
};

// InternalMapWithStateDStream: one RDD per batch holding the state map (key ->
// (state, last update time)) and the mapped data. Timeouts are found only on
// batches whose RDD is checkpointed, as MapWithStateRDD does a full scan only then.
class InternalMapWithStateDStream final : public DStream {
 public:
  InternalMapWithStateDStream(DStream* parent, StateSpec spec);
  std::vector<DStream*> dependencies() const override { return {parent_}; }
  bool must_checkpoint() const override { return true; }
  // RDD layout: data[0] = array of mapped elements; data[1] = array of (key, state, updateMicros).
  static std::span<const Value> MappedOf(const Rdd& r) { return r.data[0].items(); }
  static std::span<const Value> StatesOf(const Rdd& r) { return r.data[1].items(); }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;

 private:
  DStream* parent_;
  StateSpec spec_;
};

// MapWithStateDStreamImpl: the mapped elements of the internal stream.
class MapWithStateDStream final : public DStream {
 public:
  MapWithStateDStream(InternalMapWithStateDStream* internal);
  std::vector<DStream*> dependencies() const override { return {internal_}; }
  DStream* StateSnapshots();
  DStream* Checkpoint(Duration interval) override;
  InternalMapWithStateDStream* internal() const { return internal_; }

 protected:
  std::optional<RddPtr> Compute(Timestamp t) override;

 private:
  InternalMapWithStateDStream* internal_;
};

// ---- Outputs

// ForEachDStream: an output operation; runs its function on each generated RDD.
class ForEachDStream final : public DStream {
 public:
  using Fn = std::function<void(const RddPtr&, Timestamp)>;
  ForEachDStream(DStream* parent, std::string label, Fn fn);
  std::vector<DStream*> dependencies() const override { return {parent_}; }
  // Runs the job for batch time t (Spark's generateJob + run).
  void RunJob(Timestamp t);
  DStream* parent() const { return parent_; }
  const std::string& label() const { return label_; }

 protected:
  std::optional<RddPtr> Compute(Timestamp) override { return std::nullopt; }

 private:
  DStream* parent_;
  std::string label_;
  Fn fn_;
};

}  // namespace tideline::dstream
