#include "core/dstream/dstream.h"

#include <fmt/format.h>

#include "core/dstream/streaming_context.h"
#include "core/dstream/streams.h"
#include "core/expr/expr.h"

namespace tideline::dstream {

DStream::DStream(StreamingContext* ssc, std::string spark_class)
    : ssc_(ssc), id_(ssc->NextId()), spark_class_(std::move(spark_class)) {
  name_ = fmt::format("{}#{}", spark_class_, id_);
}

Duration DStream::slide_duration() const {
  auto deps = dependencies();
  if (deps.empty()) return ssc_->batch_interval();
  return deps[0]->slide_duration();
}

bool DStream::IsTimeValid(Timestamp t) const {
  if (!initialized_) return false;
  if (t <= zero_time_) return false;
  return (t - zero_time_).IsMultipleOf(slide_duration());
}

bool DStream::should_checkpoint_at(Timestamp t) const {
  return checkpoint_duration_ && (t - zero_time_).IsMultipleOf(*checkpoint_duration_);
}

std::optional<RddPtr> DStream::GetOrCompute(Timestamp t) {
  auto it = generated_.find(t);
  if (it != generated_.end()) return it->second;
  if (!IsTimeValid(t)) return std::nullopt;
  std::optional<RddPtr> rdd = Compute(t);
  if (!rdd) return std::nullopt;
  generated_.emplace(t, *rdd);
  OnGenerated(t, *rdd);
  if (ssc_->tracing() && dynamic_cast<ForEachDStream*>(this) == nullptr) {
    trace::Event e;
    e.kind = trace::EventKind::kStreamOutput;
    e.batch_time = t;
    e.stream = name_;
    e.op = spark_class_;
    e.values = (*rdd)->data;
    if (spark_class_ == "InternalMapWithStateDStream") e.values.clear();
    ssc_->Emit(std::move(e));
  }
  return rdd;
}

std::vector<RddPtr> DStream::Slice(Timestamp from, Timestamp to) {
  std::vector<RddPtr> out;
  Duration slide = slide_duration();
  Timestamp aligned_to = (to - zero_time_).IsMultipleOf(slide) ? to : to.FloorTo(slide, zero_time_);
  Timestamp aligned_from = (from - zero_time_).IsMultipleOf(slide) ? from : from.FloorTo(slide, zero_time_);
  for (Timestamp t = aligned_from; t <= aligned_to; t += slide) {
    if (t >= zero_time_) {
      auto r = GetOrCompute(t);
      if (r) out.push_back(*r);
    }
  }
  return out;
}

void DStream::Initialize(Timestamp zero) {
  if (initialized_ && zero_time_ == zero) return;
  zero_time_ = zero;
  initialized_ = true;
  if (must_checkpoint() && !checkpoint_duration_) {
    Duration slide = slide_duration();
    int64_t k = (Duration::Seconds(10).micros() + slide.micros() - 1) / slide.micros();
    checkpoint_duration_ = slide * k;
  }
  Duration min_remember = slide_duration();
  if (checkpoint_duration_ && min_remember <= *checkpoint_duration_) min_remember = *checkpoint_duration_ * 2;
  if (!remember_set_ || remember_duration_ < min_remember) {
    remember_duration_ = min_remember;
    remember_set_ = true;
  }
  for (DStream* d : dependencies()) d->Initialize(zero);
}

void DStream::Remember(std::optional<Duration> d) {
  if (d && (!remember_set_ || *d > remember_duration_)) {
    remember_duration_ = *d;
    remember_set_ = true;
  }
  for (DStream* dep : dependencies()) dep->Remember(parent_remember_duration());
}

Status DStream::ValidateAtStart() const {
  std::string cls = spark_class_;
  if (checkpoint_duration_ && !ssc_->checkpoint_dir())
    return Status::InvalidArgument("requirement failed: The checkpoint directory has not been set. Please set it by StreamingContext.checkpoint().");
  if (checkpoint_duration_ && *checkpoint_duration_ < slide_duration())
    return Status::InvalidArgument(fmt::format(
        "requirement failed: The checkpoint interval for {} has been set to {} which is lower than its slide time ({}). Please set it to at least {}.",
        cls, checkpoint_duration_->ToSparkString(), slide_duration().ToSparkString(), slide_duration().ToSparkString()));
  if (checkpoint_duration_ && !checkpoint_duration_->IsMultipleOf(slide_duration()))
    return Status::InvalidArgument(fmt::format(
        "requirement failed: The checkpoint interval for {} has been set to  {} which not a multiple of its slide time ({}). Please set it to a multiple of {}.",
        cls, checkpoint_duration_->ToSparkString(), slide_duration().ToSparkString(), slide_duration().ToSparkString()));
  for (DStream* d : dependencies()) TL_RETURN_IF_ERROR(d->ValidateAtStart());
  return Status::Ok();
}

void DStream::ClearOldMetadata(Timestamp t) {
  if (past_read_ || lazy_ || keep_remembered_ || must_checkpoint() || checkpoint_duration_) {
    // Spark's clearMetadata: drop RDDs older than the remember duration.
    Timestamp limit = t - remember_duration_;
    while (!generated_.empty() && generated_.begin()->first <= limit) generated_.erase(generated_.begin());
  } else {
    // Nobody reads this stream's past: keep only the latest batch (needed to rerun it
    // after a recovery).
    while (generated_.size() > 1) generated_.erase(generated_.begin());
  }
  for (DStream* d : dependencies()) d->ClearOldMetadata(t);
}

DStream* DStream::Checkpoint(Duration interval) {
  checkpoint_duration_ = interval;
  return this;
}

// ---- Transformations

namespace {
PerBatchDStream* PerBatch(DStream* parent, const char* cls, PerBatchDStream::Fn fn) {
  return parent->context()->Register(std::make_unique<PerBatchDStream>(parent, cls, std::move(fn)));
}
}  // namespace

DStream* DStream::Map(MapFn f, ColumnFnPtr columnar) {
  return PerBatch(this, "MappedDStream", [f, columnar](const RddPtr& r, Timestamp) {
    if (columnar && r->columns()) {
      if (auto bound = columnar->Bind(*r->columns()))
        return MakeColumnarRdd(MapColumns(*bound, *r), r->partitions);
    }
    return MakeRdd(ForEachElement(*r, [&f](const Value& v, std::vector<Value>* out) { out->push_back(f(v)); }),
                   r->partitions);
  });
}

DStream* DStream::FlatMap(FlatMapFn f) {
  return PerBatch(this, "FlatMappedDStream", [f](const RddPtr& r, Timestamp) {
    return MakeRdd(ForEachElement(*r, [&f](const Value& v, std::vector<Value>* out) { f(v, out); }), r->partitions);
  });
}

DStream* DStream::Filter(FilterFn f, ColumnFnPtr columnar) {
  return PerBatch(this, "FilteredDStream", [f, columnar](const RddPtr& r, Timestamp) {
    if (columnar && r->columns()) {
      if (auto bound = columnar->Bind(*r->columns()))
        return MakeColumnarRdd(FilterColumns(*bound, *r), r->partitions);
    }
    return MakeRdd(ForEachElement(*r, [&f](const Value& v, std::vector<Value>* out) { if (f(v)) out->push_back(v); }),
                   r->partitions);
  });
}

DStream* DStream::MapValues(MapFn f) {
  return PerBatch(this, "MapValuedDStream", [f](const RddPtr& r, Timestamp) {
    return MakeRdd(ForEachElement(*r, [&f](const Value& v, std::vector<Value>* out) {
                     out->push_back(Value::Pair(KeyOf(v), f(ValOf(v))));
                   }),
                   r->partitions);
  });
}

DStream* DStream::FlatMapValues(FlatMapFn f) {
  return PerBatch(this, "FlatMapValuedDStream", [f](const RddPtr& r, Timestamp) {
    std::vector<Value> out, tmp;
    for (const Value& v : r->data) {
      tmp.clear();
      f(ValOf(v), &tmp);
      for (Value& x : tmp) out.push_back(Value::Pair(KeyOf(v), std::move(x)));
    }
    return MakeRdd(std::move(out), r->partitions);
  });
}

DStream* DStream::Glom() {
  return PerBatch(this, "GlommedDStream", [](const RddPtr& r, Timestamp) {
    // One array per simulated partition; elements spread in order, as parallelize slices them.
    std::vector<Value> out;
    size_t n = r->data.size(), p = static_cast<size_t>(std::max(1, r->partitions));
    for (size_t i = 0; i < p; ++i) {
      size_t from = i * n / p, to = (i + 1) * n / p;
      out.push_back(Value::Array(std::vector<Value>(r->data.begin() + static_cast<long>(from), r->data.begin() + static_cast<long>(to))));
    }
    return MakeRdd(std::move(out), r->partitions);
  });
}

DStream* DStream::Count() {
  // map(_ => (null, 1L)).transform(_.union(makeRDD(Seq((null, 0L))))).reduceByKey(_ + _).map(_._2)
  return PerBatch(this, "CountDStream", [](const RddPtr& r, Timestamp) {
    return MakeRdd({Value::Int(static_cast<int64_t>(r->size()))}, 1);
  });
}

DStream* DStream::CountByValue(int num_partitions) {
  return PerBatch(this, "CountByValueDStream", [num_partitions](const RddPtr& r, Timestamp) {
    std::vector<Value> pairs;
    pairs.reserve(r->data.size());
    for (const Value& v : r->data) pairs.push_back(Value::Pair(v, Value::Int(1)));
    auto out = dstream::ReduceByKey(pairs, [](const Value& a, const Value& b) { return Value::Int(a.as_int() + b.as_int()); });
    return MakeRdd(std::move(out), num_partitions > 0 ? num_partitions : r->partitions);
  });
}

DStream* DStream::Reduce(ReduceFn f) {
  return PerBatch(this, "ReducedDStream", [f](const RddPtr& r, Timestamp) { return MakeRdd(dstream::Reduce(r->data, f), 1); });
}

DStream* DStream::ReduceByKey(ReduceFn f, int num_partitions) {
  return PerBatch(this, "ShuffledDStream", [f, num_partitions](const RddPtr& r, Timestamp) {
    return MakeRdd(dstream::ReduceByKey(PairView(*r), f, r->partitions), num_partitions > 0 ? num_partitions : r->partitions);
  });
}

DStream* DStream::GroupByKey(int num_partitions) {
  return PerBatch(this, "ShuffledDStream", [num_partitions](const RddPtr& r, Timestamp) {
    return MakeRdd(dstream::GroupByKey(r->data), num_partitions > 0 ? num_partitions : r->partitions);
  });
}

DStream* DStream::Repartition(int n) {
  auto* s = PerBatch(this, "RepartitionedDStream", [n](const RddPtr& r, Timestamp) {
    if (r->columns()) {  // the same rows, shared
      auto shared = std::shared_ptr<const ColumnBatch>(r, r->columns());
      return MakeColumnarRdd(std::move(shared), r->first_row(), r->size(), n);
    }
    return MakeRdd(r->data, n);
  });
  s->partitions_ = n;
  return s;
}

DStream* DStream::Transform(std::function<RddPtr(const RddPtr&, Timestamp)> f) {
  return PerBatch(this, "TransformedDStream", std::move(f));
}

DStream* DStream::Window(Duration window, std::optional<Duration> slide) {
  return ssc_->Register(std::make_unique<WindowedDStream>(this, window, slide.value_or(slide_duration())));
}

DStream* DStream::CountByWindow(Duration window, Duration slide) {
  // map(_ => 1L).reduceByWindow(_ + _, _ - _, window, slide)
  DStream* ones = Map([](const Value&) { return Value::Int(1); });
  return ones->ReduceByWindow([](const Value& a, const Value& b) { return Value::Int(a.as_int() + b.as_int()); },
                              ReduceFn([](const Value& a, const Value& b) { return Value::Int(a.as_int() - b.as_int()); }),
                              window, slide);
}

DStream* DStream::CountByValueAndWindow(Duration window, Duration slide, int num_partitions) {
  // map((_, 1L)).reduceByKeyAndWindow(_ + _, _ - _, window, slide, numPartitions, (x) => x._2 != 0L)
  DStream* pairs = Map([](const Value& v) { return Value::Pair(v, Value::Int(1)); });
  return pairs->ReduceByKeyAndWindow(
      [](const Value& a, const Value& b) { return Value::Int(a.as_int() + b.as_int()); },
      ReduceFn([](const Value& a, const Value& b) { return Value::Int(a.as_int() - b.as_int()); }), window, slide,
      FilterFn([](const Value& x) { return !(x[1].type() == ValueType::kInt && x[1].as_int() == 0); }), num_partitions);
}

DStream* DStream::ReduceByWindow(ReduceFn f, std::optional<ReduceFn> inv, Duration window, Duration slide) {
  if (inv) {
    // map((1, _)).reduceByKeyAndWindow(f, inv, window, slide, 1).map(_._2)
    DStream* keyed = Map([](const Value& v) { return Value::Pair(Value::Int(1), v); });
    DStream* w = keyed->ReduceByKeyAndWindow(f, inv, window, slide, std::nullopt, 1);
    return w->Map([](const Value& p) { return p[1]; });
  }
  // reduce(f).window(window, slide).reduce(f)
  return Reduce(f)->Window(window, slide)->Reduce(f);
}

DStream* DStream::ReduceByKeyAndWindow(ReduceFn f, std::optional<ReduceFn> inv, Duration window,
                                       std::optional<Duration> slide, std::optional<FilterFn> filter,
                                       int num_partitions) {
  Duration s = slide.value_or(slide_duration());
  if (inv) {
    return ssc_->Register(std::make_unique<ReducedWindowedDStream>(this, f, *inv, filter, window, s, num_partitions));
  }
  // reduceByKey(f).window(window, slide).reduceByKey(f)
  DStream* out = ReduceByKey(f, num_partitions)->Window(window, s)->ReduceByKey(f, num_partitions);
  if (filter) out = out->Filter(*filter);
  return out;
}

DStream* DStream::GroupByKeyAndWindow(Duration window, std::optional<Duration> slide, int num_partitions) {
  // groupByKey().window(window, slide).combineByKey(concatenate groups)
  DStream* w = GroupByKey(num_partitions)->Window(window, slide.value_or(slide_duration()));
  return PerBatch(w, "ShuffledDStream", [num_partitions](const RddPtr& r, Timestamp) {
    std::vector<Value> groups = dstream::GroupByKey(r->data);
    std::vector<Value> out;
    out.reserve(groups.size());
    for (const Value& g : groups) {
      std::vector<Value> all;
      for (const Value& part : g[1].items())
        for (const Value& v : part.items()) all.push_back(v);
      out.push_back(Value::Pair(g[0], Value::Array(std::move(all))));
    }
    return MakeRdd(std::move(out), num_partitions > 0 ? num_partitions : r->partitions);
  });
}

DStream* DStream::UpdateStateByKey(UpdateFn f, std::optional<std::vector<Value>> initial, int num_partitions) {
  return ssc_->Register(std::make_unique<StateDStream>(this, std::move(f), std::move(initial), num_partitions));
}

MapWithStateDStream* DStream::MapWithState(StateSpec spec) {
  auto* internal = ssc_->Register(std::make_unique<InternalMapWithStateDStream>(this, std::move(spec)));
  return ssc_->Register(std::make_unique<MapWithStateDStream>(internal));
}

DStream* DStream::Union(DStream* other) { return ssc_->Union({this, other}); }

DStream* DStream::Join(DStream* other, JoinType type) {
  const char* cls = "TransformedDStream";
  return ssc_->Register(std::make_unique<MultiParentDStream>(
      std::vector<DStream*>{this, other}, cls, [type](const std::vector<RddPtr>& r, Timestamp) {
        return MakeRdd(dstream::Join(r[0]->data, r[1]->data, type), std::max(r[0]->partitions, r[1]->partitions));
      }));
}

DStream* DStream::Cogroup(DStream* other) {
  return ssc_->Register(std::make_unique<MultiParentDStream>(
      std::vector<DStream*>{this, other}, "TransformedDStream", [](const std::vector<RddPtr>& r, Timestamp) {
        return MakeRdd(dstream::Cogroup(r[0]->data, r[1]->data), std::max(r[0]->partitions, r[1]->partitions));
      }));
}

// ---- Outputs

void DStream::Print(int num) {
  ForeachRDD(
      [this, num](const RddPtr& r, Timestamp t) {
        // DStream.print: the header block, the first `num` elements, "..." when there are more.
        std::string text = "-------------------------------------------\n";
        text += fmt::format("Time: {} ms\n", t.millis());
        text += "-------------------------------------------\n";
        size_t n = std::min<size_t>(r->size(), static_cast<size_t>(num));
        for (size_t i = 0; i < n; ++i) text += r->Element(i).ToDisplay() + "\n";
        if (r->size() > static_cast<size_t>(num)) text += "...\n";
        text += "\n";
        ssc_->PrintText(text);
        if (ssc_->tracing()) {
          trace::Event e;
          e.kind = trace::EventKind::kOutput;
          e.batch_time = t;
          e.stream = name_;
          e.op = "print";
          e.text = std::move(text);
          ssc_->Emit(std::move(e));
        }
      },
      "print");
}

void DStream::SaveAsTextFiles(std::string prefix, std::string suffix) {
  ForeachRDD(
      [this, prefix, suffix](const RddPtr& r, Timestamp t) {
        // rddToFileName: prefix-<ms>[.suffix], one part file per partition, then _SUCCESS.
        std::string dir = suffix.empty() ? fmt::format("{}-{}", prefix, t.millis())
                                         : fmt::format("{}-{}.{}", prefix, t.millis(), suffix);
        Status st = ssc_->WriteTextFiles(dir, *r);
        if (!st.ok()) throw expr::EvalError(st.message());
        if (ssc_->tracing()) {
          trace::Event e;
          e.kind = trace::EventKind::kOutput;
          e.batch_time = t;
          e.stream = name_;
          e.op = "saveAsTextFiles";
          e.text = dir;
          e.values = r->data;
          ssc_->Emit(std::move(e));
        }
      },
      "saveAsTextFiles");
}

void DStream::ForeachRDD(std::function<void(const RddPtr&, Timestamp)> f, std::string label) {
  auto* out = ssc_->Register(std::make_unique<ForEachDStream>(this, std::move(label), std::move(f)));
  ssc_->RegisterOutput(out);
}

}  // namespace tideline::dstream
