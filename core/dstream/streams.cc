#include "core/dstream/streams.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "core/common/limits.h"
#include "core/dstream/streaming_context.h"
#include "core/expr/expr.h"

namespace tideline::dstream {

// ---- Inputs

Duration InputDStream::slide_duration() const { return ssc_->batch_interval(); }

QueueInputDStream::QueueInputDStream(StreamingContext* ssc, bool one_at_a_time, std::optional<RddPtr> default_rdd)
    : InputDStream(ssc, "QueueInputDStream"), one_at_a_time_(one_at_a_time), default_rdd_(std::move(default_rdd)) {}

std::optional<RddPtr> QueueInputDStream::Compute(Timestamp) {
  if (queue_.empty()) return default_rdd_ ? *default_rdd_ : EmptyRdd();
  if (one_at_a_time_) {
    RddPtr r = queue_.front();
    queue_.pop_front();
    return r;
  }
  int parts = 0;
  for (const RddPtr& r : queue_) parts += r->partitions;
  RddPtr all = ConcatRdds(std::vector<RddPtr>(queue_.begin(), queue_.end()), std::max(parts, 1));
  queue_.clear();
  return all;
}

ArrivalInputDStream::ArrivalInputDStream(StreamingContext* ssc, std::string spark_class, std::string kind)
    : InputDStream(ssc, std::move(spark_class)), kind_(std::move(kind)) {}

void ArrivalInputDStream::Arrive(Timestamp arrival, Value record) {
  Pending p;
  p.arrival = arrival;
  p.record = std::move(record);
  buffer_.push_back(std::move(p));
}

void ArrivalInputDStream::ArriveBlock(std::shared_ptr<const ArrivalBlock> block, size_t begin, size_t end) {
  if (begin >= end) return;
  Pending p;
  p.block = std::move(block);
  p.begin = begin;
  p.end = end;
  buffer_.push_back(std::move(p));
}

std::vector<std::pair<Timestamp, Value>> ArrivalInputDStream::pending(std::optional<Timestamp> arrived_by) const {
  std::vector<std::pair<Timestamp, Value>> out;
  auto arrived = [&](Timestamp at) { return !arrived_by || at <= *arrived_by; };
  for (const Pending& p : buffer_) {
    if (!p.block) {
      if (arrived(p.arrival)) out.emplace_back(p.arrival, p.record);
      continue;
    }
    for (size_t i = p.begin; i < p.end; ++i)
      if (arrived(p.block->arrivals[i])) out.emplace_back(p.block->arrivals[i], p.block->rows.Row(i));
  }
  return out;
}

void ArrivalInputDStream::RestorePending(const std::vector<std::pair<Timestamp, Value>>& p) {
  buffer_.clear();
  for (const auto& [arrival, v] : p) Arrive(arrival, v);
}

namespace {
// Holds a batch of structs of one type as columns too (the rows stay), so that compiled
// maps and filters downstream read fields without touching the structs.
std::optional<ColumnBatch> StructColumns(const std::vector<Value>& rows) {
  if (rows.empty() || rows[0].type() != ValueType::kStruct) return std::nullopt;
  const StructType* type = rows[0].struct_type();
  const size_t width = rows[0].size();
  for (const Value& r : rows)
    if (r.type() != ValueType::kStruct || r.struct_type() != type || r.size() != width) return std::nullopt;
  ColumnBatch b;
  b.kind = ColumnBatch::Kind::kStruct;
  b.type = type;
  b.columns.resize(width);
  for (auto& c : b.columns) c.reserve(rows.size());
  for (const Value& r : rows) {
    auto items = r.items();
    for (size_t c = 0; c < width; ++c) b.columns[c].push_back(items[c]);
  }
  return b;
}
}  // namespace

std::optional<RddPtr> ArrivalInputDStream::Compute(Timestamp t) {
  // Records that arrived before the batch time belong to it (received blocks are
  // allocated to the batch when it is generated), in arrival order.
  struct Range {
    std::shared_ptr<const ArrivalBlock> block;
    size_t begin, end;
  };
  std::vector<Range> ranges;
  std::vector<Value> singles;
  while (!buffer_.empty()) {
    Pending& p = buffer_.front();
    if (!p.block) {
      if (!(p.arrival < t)) break;
      if (!ranges.empty()) {  // a record after blocks: everything goes to rows
        for (const Range& r : ranges)
          for (size_t i = r.begin; i < r.end; ++i) singles.push_back(r.block->rows.Row(i));
        ranges.clear();
      }
      singles.push_back(std::move(p.record));
      buffer_.pop_front();
      continue;
    }
    size_t e = p.begin;
    while (e < p.end && p.block->arrivals[e] < t) ++e;
    if (e > p.begin) {
      if (singles.empty()) {
        if (!ranges.empty() && ranges.back().block == p.block && ranges.back().end == p.begin) ranges.back().end = e;
        else ranges.push_back({p.block, p.begin, e});
      } else {
        for (size_t i = p.begin; i < e; ++i) singles.push_back(p.block->rows.Row(i));
      }
    }
    if (e < p.end) {
      p.begin = e;
      break;
    }
    buffer_.pop_front();
  }
  if (ranges.size() == 1) {  // rows of one block: shared, not copied
    const Range& r = ranges[0];
    auto rows = std::shared_ptr<const ColumnBatch>(r.block, &r.block->rows);
    return MakeColumnarRdd(std::move(rows), r.begin, r.end - r.begin, partitions_);
  }
  if (!ranges.empty()) {
    bool same = true;
    for (const Range& r : ranges) same = same && r.block->rows.SameShape(ranges[0].block->rows);
    if (same) {
      size_t total = 0;
      for (const Range& r : ranges) total += r.end - r.begin;
      ColumnBatch out = ranges[0].block->rows.EmptyLike();
      for (auto& c : out.columns) c.reserve(total);
      for (const Range& r : ranges) out.Append(r.block->rows, r.begin, r.end);
      return MakeColumnarRdd(std::move(out), partitions_);
    }
    for (const Range& r : ranges)
      for (size_t i = r.begin; i < r.end; ++i) singles.push_back(r.block->rows.Row(i));
  }
  if (auto cols = StructColumns(singles)) return MakeColumnarRdd(std::move(singles), std::move(*cols), partitions_);
  return MakeRdd(std::move(singles), partitions_);
}

// ---- Per-batch transformations

PerBatchDStream::PerBatchDStream(DStream* parent, std::string spark_class, Fn fn)
    : DStream(parent->context(), std::move(spark_class)), parent_(parent), fn_(std::move(fn)) {
  partitions_ = parent->partitions();
}

std::optional<RddPtr> PerBatchDStream::Compute(Timestamp t) {
  auto r = parent_->GetOrCompute(t);
  if (!r) return std::nullopt;
  return fn_(*r, t);
}

MultiParentDStream::MultiParentDStream(std::vector<DStream*> parents, std::string spark_class, Fn fn)
    : DStream(parents[0]->context(), std::move(spark_class)), parents_(std::move(parents)), fn_(std::move(fn)) {
  Duration slide = parents_[0]->slide_duration();
  for (DStream* p : parents_) {
    if (p->context() != ssc_) {
      ssc_->RecordError(Status::InvalidArgument("requirement failed: Some of the DStreams have different contexts"));
    } else if (p->slide_duration() != slide) {
      ssc_->RecordError(Status::InvalidArgument("requirement failed: Some of the DStreams have different slide durations"));
    }
  }
}

std::optional<RddPtr> MultiParentDStream::Compute(Timestamp t) {
  std::vector<RddPtr> rdds;
  for (DStream* p : parents_) {
    auto r = p->GetOrCompute(t);
    if (!r) {
      throw expr::EvalError(spark_class_ == "UnionDStream"
                                ? fmt::format("Could not generate RDD from a parent for unifying at time {} ms", t.millis())
                                : fmt::format("Couldn't generate RDD from parent at time {} ms", t.millis()));
    }
    rdds.push_back(*r);
  }
  return fn_(rdds, t);
}

// ---- Windows

namespace {
void EmitWindow(StreamingContext* ssc, const DStream& s, Timestamp t, Duration window, Duration parent_slide,
                Duration slide) {
  if (!ssc->tracing()) return;
  trace::Event e;
  e.kind = trace::EventKind::kWindow;
  e.batch_time = t;
  e.stream = s.name();
  e.op = s.spark_class();
  e.window_begin = t - window;
  e.window_end = t;
  Timestamp zero = s.zero_time();
  for (Timestamp b = t - window + parent_slide; b <= t; b += parent_slide)
    if (b > zero) e.covered.push_back(b);
  for (Timestamp b = t - slide + parent_slide; b <= t; b += parent_slide)
    if (b > zero) e.entered.push_back(b);
  for (Timestamp b = t - window - slide + parent_slide; b <= t - window; b += parent_slide)
    if (b > zero) e.left.push_back(b);
  ssc->Emit(std::move(e));
}
}  // namespace

namespace {
// A window reads every batch of its parent in its range, at every slide: beyond
// limits::kMaxWindowPanes batches per window a run would crawl or exhaust memory.
void CheckWindowBatches(StreamingContext* ssc, const char* op, Duration window, Duration parent_slide) {
  const int64_t batches = window.micros() / parent_slide.micros();
  if (batches > limits::kMaxWindowPanes)
    ssc->RecordError(Status::InvalidArgument(fmt::format(
        "{}: a window of {} over batches of {} holds {} batches; a window may hold at most {} (limit kMaxWindowPanes)",
        op, window.ToSparkString(), parent_slide.ToSparkString(), batches, limits::kMaxWindowPanes)));
}
}  // namespace

WindowedDStream::WindowedDStream(DStream* parent, Duration window, Duration slide)
    : DStream(parent->context(), "WindowedDStream"), parent_(parent), window_(window), slide_(slide) {
  partitions_ = parent->partitions();
  Duration ps = parent->slide_duration();
  if (!window.IsMultipleOf(ps)) {
    ssc_->RecordError(Status::InvalidArgument(fmt::format(
        "The window duration of windowed DStream ({}) must be a multiple of the slide duration of parent DStream ({})",
        window.ToSparkString(), ps.ToSparkString())));
  } else if (!slide.IsMultipleOf(ps)) {
    ssc_->RecordError(Status::InvalidArgument(fmt::format(
        "The slide duration of windowed DStream ({}) must be a multiple of the slide duration of parent DStream ({})",
        slide.ToSparkString(), ps.ToSparkString())));
  } else {
    CheckWindowBatches(ssc_, "window", window, ps);
  }
  parent->set_past_read();
}

std::optional<RddPtr> WindowedDStream::Compute(Timestamp t) {
  Duration ps = parent_->slide_duration();
  auto rdds = parent_->Slice(t - window_ + ps, t);
  EmitWindow(ssc_, *this, t, window_, ps, slide_);
  int parts = 0;
  for (const RddPtr& r : rdds) parts += r->partitions;
  return ConcatRdds(rdds, std::max(1, parts));
}

ReducedWindowedDStream::ReducedWindowedDStream(DStream* parent, ReduceFn f, ReduceFn inv,
                                               std::optional<FilterFn> filter, Duration window, Duration slide,
                                               int num_partitions)
    : DStream(parent->context(), "ReducedWindowedDStream"), parent_(parent), f_(f), inv_(std::move(inv)),
      filter_(std::move(filter)), window_(window), slide_(slide) {
  Duration ps = parent->slide_duration();
  if (!window.IsMultipleOf(ps)) {
    ssc_->RecordError(Status::InvalidArgument(fmt::format(
        "requirement failed: The window duration of ReducedWindowedDStream ({}) must be multiple of the slide duration of parent DStream ({})",
        window.ToSparkString(), ps.ToSparkString())));
  } else if (!slide.IsMultipleOf(ps)) {
    ssc_->RecordError(Status::InvalidArgument(fmt::format(
        "requirement failed: The slide duration of ReducedWindowedDStream ({}) must be multiple of the slide duration of parent DStream ({})",
        slide.ToSparkString(), ps.ToSparkString())));
  } else {
    CheckWindowBatches(ssc_, "reduceByKeyAndWindow", window, ps);
  }
  reduced_ = parent->ReduceByKey(f, num_partitions);
  reduced_->set_past_read();
  partitions_ = num_partitions > 0 ? num_partitions : parent->partitions();
}

std::optional<RddPtr> ReducedWindowedDStream::Compute(Timestamp t) {
  Duration ps = parent_->slide_duration();
  // currentWindow = (t - window, t] as Interval(t - window + ps, t); previous = current - slide
  Timestamp cur_begin = t - window_ + ps, cur_end = t;
  Timestamp prev_begin = cur_begin - slide_, prev_end = cur_end - slide_;
  auto old_rdds = reduced_->Slice(prev_begin, cur_begin - ps);
  auto new_rdds = reduced_->Slice(prev_end + ps, cur_end);
  RddPtr prev = GetOrCompute(prev_end).value_or(EmptyRdd());
  EmitWindow(ssc_, *this, t, window_, ps, slide_);

  // Cogroup: for each key, the previous value, the old values and the new values.
  struct Merge {
    std::optional<Value> prev;
    std::vector<Value> olds, news;
  };
  KeyIndex index;
  std::vector<Merge> merges;
  auto slot = [&](const Value& k) -> Merge& {
    size_t i = index.Slot(k);
    if (i == merges.size()) merges.emplace_back();
    return merges[i];
  };
  for (const Value& p : prev->data) slot(KeyOf(p)).prev = ValOf(p);
  for (const RddPtr& r : old_rdds)
    for (const Value& p : r->data) slot(KeyOf(p)).olds.push_back(ValOf(p));
  for (const RddPtr& r : new_rdds)
    for (const Value& p : r->data) slot(KeyOf(p)).news.push_back(ValOf(p));

  const std::vector<Value>& keys = index.keys();
  std::vector<Value> out;
  out.reserve(keys.size());
  for (size_t i : index.CanonicalOrder()) {
    Merge& m = merges[i];
    auto reduce_all = [&](const std::vector<Value>& vs) {
      Value acc = vs[0];
      for (size_t k = 1; k < vs.size(); ++k) acc = f_(acc, vs[k]);
      return acc;
    };
    Value v;
    if (!m.prev) {
      if (m.news.empty())
        throw expr::EvalError("Neither previous window has value for key, nor new values found. Are you sure your key class hashes consistently?");
      v = reduce_all(m.news);
    } else {
      v = *m.prev;
      if (!m.olds.empty()) v = inv_(v, reduce_all(m.olds));
      if (!m.news.empty()) v = f_(v, reduce_all(m.news));
    }
    Value pair = Value::Pair(keys[i], std::move(v));
    if (filter_ && !(*filter_)(pair)) continue;
    out.push_back(std::move(pair));
  }
  return MakeRdd(std::move(out), partitions_);
}

// ---- State

namespace {
void EmitState(StreamingContext* ssc, const DStream& s, Timestamp t, const Value& key, const Value& before,
               const Value& after, trace::StateChange change, std::optional<Timestamp> deadline = std::nullopt) {
  trace::Event e;
  e.kind = trace::EventKind::kStateChange;
  e.batch_time = t;
  e.stream = s.name();
  e.op = s.spark_class();
  e.key = key;
  e.before = before;
  e.after = after;
  e.change = change;
  if (deadline) { e.deadline = *deadline; e.has_deadline = true; }
  ssc->Emit(std::move(e));
}
}  // namespace

StateDStream::StateDStream(DStream* parent, UpdateFn f, std::optional<std::vector<Value>> initial, int num_partitions)
    : DStream(parent->context(), "StateDStream"), parent_(parent), f_(std::move(f)), initial_(std::move(initial)) {
  partitions_ = num_partitions > 0 ? num_partitions : parent->partitions();
}

std::optional<RddPtr> StateDStream::Compute(Timestamp t) {
  std::optional<RddPtr> prev = GetOrCompute(t - slide_duration());
  std::optional<RddPtr> data = parent_->GetOrCompute(t);
  if (!prev) {
    if (!data) return std::nullopt;
    if (initial_) prev = MakeRdd(*initial_);
  }
  // cogroup(previous states, new values): the update runs for every key with either.
  // The new values are grouped by key with a counting sort: one flat array, each key's
  // values together in arrival order.
  KeyIndex index;
  std::vector<Value> states;  // the state of each key, or null
  std::vector<char> has_state;
  auto slot = [&](const Value& k) -> size_t {
    size_t i = index.Slot(k);
    if (i == states.size()) { states.emplace_back(); has_state.push_back(0); }
    return i;
  };
  if (prev)
    for (const Value& p : (*prev)->data) {
      size_t s = slot(KeyOf(p));
      states[s] = ValOf(p);
      has_state[s] = 1;
    }
  std::vector<uint32_t> row_slot;
  std::vector<size_t> begin;  // values of key s: grouped[begin[s], begin[s + 1])
  std::vector<Value> grouped;
  if (data) {
    PairView pairs(**data);
    row_slot.resize(pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i) row_slot[i] = static_cast<uint32_t>(slot(pairs.key(i)));
    begin.assign(states.size() + 1, 0);
    for (uint32_t s : row_slot) ++begin[s + 1];
    for (size_t s = 0; s < states.size(); ++s) begin[s + 1] += begin[s];
    std::vector<size_t> next(begin.begin(), begin.end() - 1);
    grouped.resize(pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i) grouped[next[row_slot[i]]++] = pairs.value(i);
  } else {
    begin.assign(states.size() + 1, 0);
  }
  const std::vector<Value>& keys = index.keys();
  std::vector<Value> out;
  out.reserve(keys.size());
  bool tracing = ssc_->tracing();
  for (size_t i : index.CanonicalOrder()) {
    const Value& before = states[i];
    std::span<const Value> values(grouped.data() + begin[i], begin[i + 1] - begin[i]);
    Value after = f_(values, has_state[i] ? before : Value());
    if (tracing) {
      trace::StateChange c = after.is_null() ? (has_state[i] ? trace::StateChange::kRemoved : trace::StateChange::kUnchanged)
                             : !has_state[i] ? trace::StateChange::kNew
                             : (after == before ? trace::StateChange::kUnchanged : trace::StateChange::kUpdated);
      if (c != trace::StateChange::kUnchanged || !values.empty())
        EmitState(ssc_, *this, t, keys[i], has_state[i] ? before : Value(), after, c);
    }
    if (!after.is_null()) out.push_back(Value::Pair(keys[i], std::move(after)));
  }
  return MakeRdd(std::move(out), partitions_);
}

InternalMapWithStateDStream::InternalMapWithStateDStream(DStream* parent, StateSpec spec)
    : DStream(parent->context(), "InternalMapWithStateDStream"), parent_(parent), spec_(std::move(spec)) {
  partitions_ = spec_.num_partitions > 0 ? spec_.num_partitions : parent->partitions();
  // DEFAULT_CHECKPOINT_DURATION_MULTIPLIER = 10
  checkpoint_duration_ = parent->slide_duration() * 10;
}

std::optional<RddPtr> InternalMapWithStateDStream::Compute(Timestamp t) {
  // The state map: key -> (state, last update time in micros), from the previous batch or
  // the initial states (stamped with this batch's time, as createFromPairRDD does).
  std::map<Value, std::pair<Value, int64_t>, ValueLess> states;
  std::optional<RddPtr> prev = GetOrCompute(t - slide_duration());
  if (prev) {
    for (const Value& e : StatesOf(**prev)) states[e[0]] = {e[1], e[2].as_int()};
  } else {
    for (const Value& p : spec_.initial_state) states[KeyOf(p)] = {ValOf(p), t.micros()};
  }
  RddPtr data = parent_->GetOrCompute(t).value_or(EmptyRdd());
  std::optional<int64_t> threshold;
  if (spec_.timeout) threshold = (t - *spec_.timeout).micros();
  bool tracing = ssc_->tracing();
  auto deadline_of = [&](int64_t update) -> std::optional<Timestamp> {
    if (!spec_.timeout) return std::nullopt;
    return Timestamp::FromMicros(update) + *spec_.timeout;
  };

  // Records are partitioned by key (partitionBy): process keys in canonical order, each
  // key's records in arrival order.
  std::vector<size_t> order(data->data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return Value::Compare(KeyOf(data->data[a]), KeyOf(data->data[b])) < 0;
  });
  std::vector<Value> mapped;
  for (size_t i : order) {
    const Value& key = KeyOf(data->data[i]);
    const Value& value = ValOf(data->data[i]);
    State st;
    auto it = states.find(key);
    Value before;
    if (it != states.end()) { st.value_ = it->second.first; st.exists_ = true; before = st.value_; }
    Value ret = spec_.function(t, key, &value, st);
    if (st.is_removed()) {
      if (it != states.end()) {
        if (tracing) EmitState(ssc_, *this, t, key, before, Value(), trace::StateChange::kRemoved);
        states.erase(it);
      }
    } else if (st.is_updated() || (st.exists() && threshold)) {
      if (tracing)
        EmitState(ssc_, *this, t, key, before, st.get(),
                  it == states.end() ? trace::StateChange::kNew
                                     : (st.is_updated() ? trace::StateChange::kUpdated : trace::StateChange::kUnchanged),
                  deadline_of(t.micros()));
      states[key] = {st.get(), t.micros()};
    }
    if (!ret.is_null()) mapped.push_back(std::move(ret));
  }
  // Full scan for timed-out keys only when this batch's RDD is checkpointed.
  if (threshold && should_checkpoint_at(t)) {
    for (auto it = states.begin(); it != states.end();) {
      if (it->second.second < *threshold) {
        State st;
        st.value_ = it->second.first;
        st.exists_ = true;
        st.timing_out_ = true;
        Value ret = spec_.function(t, it->first, nullptr, st);
        if (tracing) EmitState(ssc_, *this, t, it->first, it->second.first, Value(), trace::StateChange::kTimedOut);
        if (!ret.is_null()) mapped.push_back(std::move(ret));
        it = states.erase(it);
      } else {
        ++it;
      }
    }
  }
  std::vector<Value> state_list;
  state_list.reserve(states.size());
  for (auto& [k, sv] : states) state_list.push_back(Value::Tuple({k, sv.first, Value::Int(sv.second)}));
  return MakeRdd({Value::Array(std::move(mapped)), Value::Array(std::move(state_list))}, partitions_);
}

MapWithStateDStream::MapWithStateDStream(InternalMapWithStateDStream* internal)
    : DStream(internal->context(), "MapWithStateDStreamImpl"), internal_(internal) {
  partitions_ = internal->partitions();
}

std::optional<RddPtr> MapWithStateDStream::Compute(Timestamp t) {
  auto r = internal_->GetOrCompute(t);
  if (!r) return std::nullopt;
  auto m = InternalMapWithStateDStream::MappedOf(**r);
  return MakeRdd(std::vector<Value>(m.begin(), m.end()), partitions_);
}

DStream* MapWithStateDStream::StateSnapshots() {
  auto* s = ssc_->Register(std::make_unique<PerBatchDStream>(internal_, "FlatMappedDStream", [](const RddPtr& r, Timestamp) {
    std::vector<Value> out;
    for (const Value& e : InternalMapWithStateDStream::StatesOf(*r)) out.push_back(Value::Pair(e[0], e[1]));
    return MakeRdd(std::move(out), r->partitions);
  }));
  return s;
}

DStream* MapWithStateDStream::Checkpoint(Duration interval) {
  internal_->Checkpoint(interval);
  return this;
}

// ---- Outputs

ForEachDStream::ForEachDStream(DStream* parent, std::string label, Fn fn)
    : DStream(parent->context(), "ForEachDStream"), parent_(parent), label_(std::move(label)), fn_(std::move(fn)) {}

void ForEachDStream::RunJob(Timestamp t) {
  auto r = parent_->GetOrCompute(t);
  if (r) fn_(*r, t);
}

}  // namespace tideline::dstream
