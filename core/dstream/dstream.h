#pragma once
// DStream: Spark Streaming's discretized stream, simulated on a virtual clock.
// A DStream is a node of the graph owned by its StreamingContext; it generates
// one Rdd per valid batch time (Spark's DStream.getOrCompute) and remembers
// generated RDDs for its remember duration, computed as Spark computes it
// (streaming/src/main/scala/org/apache/spark/streaming/dstream/DStream.scala).
//
// The transformation methods carry Spark's names and take C++ functions where
// Spark takes closures; the scenario loader builds its graphs through them.
// Construction errors (Spark's require/exception in a constructor) are recorded
// on the context and surface when it starts. Not thread-safe: one driver thread.
//
// Invariants:
//  - generated_ holds RDDs only for valid times: t > zero_time and
//    (t - zero_time) a multiple of slide_duration().
//  - Streams are created after their dependencies, so creation order is a
//    topological order of the graph.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/dstream/column_fn.h"
#include "core/dstream/rdd.h"
#include "core/time/time.h"

namespace tideline::dstream {

class StreamingContext;
class MapWithStateDStream;

// The mapping function's view of a key's state (Spark's State[S]).
class State {
 public:
  bool exists() const { return exists_; }
  const Value& get() const { return value_; }
  void update(Value v) { value_ = std::move(v); exists_ = true; updated_ = true; removed_ = false; }
  void remove() { removed_ = true; exists_ = false; }
  bool is_timing_out() const { return timing_out_; }
  bool is_updated() const { return updated_; }
  bool is_removed() const { return removed_; }

 private:
  friend class InternalMapWithStateDStream;
  Value value_;
  bool exists_ = false, updated_ = false, removed_ = false, timing_out_ = false;
};

// updateStateByKey's function: (new values of the key, previous state or null) ->
// new state, or null to remove the key (Scala's None).
using UpdateFn = std::function<Value(std::span<const Value> values, const Value& state)>;
// mapWithState's function: (batch time, key, value or nullptr when timing out, state) ->
// the mapped element, or null for none (Scala's None).
using MappingFn = std::function<Value(Timestamp batch_time, const Value& key, const Value* value, State& state)>;

struct StateSpec {
  MappingFn function;
  std::vector<Value> initial_state;  // (key, state) pairs
  std::optional<Duration> timeout;
  int num_partitions = 0;
};

class DStream {
 public:
  DStream(StreamingContext* ssc, std::string spark_class);
  virtual ~DStream() = default;
  DStream(const DStream&) = delete;
  DStream& operator=(const DStream&) = delete;

  // ---- Configuration
  int id() const { return id_; }
  const std::string& spark_class() const { return spark_class_; }
  // The name shown in traces: the scenario's stream name, or "<class>#<id>".
  const std::string& name() const { return name_; }
  void set_name(std::string n) { name_ = std::move(n); }
  StreamingContext* context() const { return ssc_; }
  virtual Duration slide_duration() const;
  virtual std::vector<DStream*> dependencies() const = 0;
  int partitions() const { return partitions_; }

  // ---- Transformations (Spark's names)
  // `columnar` (optional) is a compiled form of `f` used on RDDs held as columns.
  DStream* Map(MapFn f, ColumnFnPtr columnar = nullptr);
  DStream* FlatMap(FlatMapFn f);
  DStream* Filter(FilterFn f, ColumnFnPtr columnar = nullptr);
  DStream* MapValues(MapFn f);
  DStream* FlatMapValues(FlatMapFn f);
  DStream* Glom();
  DStream* Count();
  DStream* CountByValue(int num_partitions = 0);
  DStream* Reduce(ReduceFn f);
  DStream* ReduceByKey(ReduceFn f, int num_partitions = 0);
  DStream* GroupByKey(int num_partitions = 0);
  DStream* Repartition(int n);
  DStream* Cache() { return this; }
  DStream* Persist() { return this; }
  DStream* Transform(std::function<RddPtr(const RddPtr&, Timestamp)> f);
  DStream* Window(Duration window, std::optional<Duration> slide = std::nullopt);
  DStream* CountByWindow(Duration window, Duration slide);
  DStream* CountByValueAndWindow(Duration window, Duration slide, int num_partitions = 0);
  DStream* ReduceByWindow(ReduceFn f, std::optional<ReduceFn> inv, Duration window, Duration slide);
  DStream* ReduceByKeyAndWindow(ReduceFn f, std::optional<ReduceFn> inv, Duration window,
                                std::optional<Duration> slide = std::nullopt,
                                std::optional<FilterFn> filter = std::nullopt, int num_partitions = 0);
  DStream* GroupByKeyAndWindow(Duration window, std::optional<Duration> slide = std::nullopt,
                               int num_partitions = 0);
  DStream* UpdateStateByKey(UpdateFn f, std::optional<std::vector<Value>> initial = std::nullopt,
                            int num_partitions = 0);
  MapWithStateDStream* MapWithState(StateSpec spec);
  DStream* Union(DStream* other);
  DStream* Join(DStream* other, JoinType type = JoinType::kInner);
  DStream* Cogroup(DStream* other);
  // Sets the RDD checkpoint interval of this stream (DStream.checkpoint).
  virtual DStream* Checkpoint(Duration interval);

  // ---- Output operations
  void Print(int num = 10);
  void SaveAsTextFiles(std::string prefix, std::string suffix = "");
  void ForeachRDD(std::function<void(const RddPtr&, Timestamp)> f, std::string label = "foreachRDD");

  // ---- Engine (used by the context and by other streams)
  std::optional<RddPtr> GetOrCompute(Timestamp t);
  std::vector<RddPtr> Slice(Timestamp from, Timestamp to);
  bool IsTimeValid(Timestamp t) const;
  Timestamp zero_time() const { return zero_time_; }
  bool initialized() const { return initialized_; }
  void Initialize(Timestamp zero);
  void Remember(std::optional<Duration> d);
  Duration remember_duration() const { return remember_duration_; }
  std::optional<Duration> checkpoint_duration() const { return checkpoint_duration_; }
  virtual bool must_checkpoint() const { return false; }
  virtual Status ValidateAtStart() const;
  // Drops RDDs no longer needed after the batch at `t` (Spark's clearMetadata).
  void ClearOldMetadata(Timestamp t);
  // Whether a consumer reads this stream's past batches (windows, state).
  void set_past_read() { past_read_ = true; }
  // Lazy streams are computed only when an output job or a consumer asks (all of Spark's
  // streams are); the context computes the others eagerly at each batch time, which gives
  // the same data for time-driven inputs and lets it free their batches early.
  void set_lazy(bool lazy) { lazy_ = lazy; }
  bool lazy() const { return lazy_; }
  void set_keep_remembered() { keep_remembered_ = true; }
  bool past_read() const { return past_read_; }
  const std::map<Timestamp, RddPtr>& generated() const { return generated_; }
  void RestoreGenerated(std::map<Timestamp, RddPtr> g) { generated_ = std::move(g); }
  virtual bool is_input() const { return false; }

 protected:
  virtual std::optional<RddPtr> Compute(Timestamp t) = 0;
  virtual Duration parent_remember_duration() const { return remember_duration_; }
  // Hook after an RDD is generated (trace events, full scans).
  virtual void OnGenerated(Timestamp t, const RddPtr& rdd) {}
  bool should_checkpoint_at(Timestamp t) const;

  // Configuration
  StreamingContext* ssc_;
  int id_;
  std::string spark_class_;
  std::string name_;
  int partitions_ = 2;
  std::optional<Duration> checkpoint_duration_;
  // Transient: set at start
  Timestamp zero_time_;
  bool initialized_ = false;
  Duration remember_duration_;
  bool remember_set_ = false;
  bool past_read_ = false;
  bool lazy_ = false;
  bool keep_remembered_ = false;
  // Checkpointed: the generated RDDs still remembered
  std::map<Timestamp, RddPtr> generated_;
};

}  // namespace tideline::dstream
