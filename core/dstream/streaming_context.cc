#include "core/dstream/streaming_context.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "core/common/atomic_file.h"
#include "core/common/limits.h"
#include "core/expr/expr.h"
#include "core/value/binary.h"
#include "core/value/json.h"

namespace tideline::dstream {

namespace fs = std::filesystem;

namespace {
// Spark allows one active context per JVM; here, one per driver thread, so that a run on
// a worker thread (the Studio's runs at full speed) is independent of the scenarios the
// main thread steps through.
thread_local StreamingContext* g_active = nullptr;
}

StreamingContext::StreamingContext(Duration batch_interval) : batch_interval_(batch_interval) {
  if (batch_interval.micros() <= 0) RecordError(Status::InvalidArgument("requirement failed: Batch duration must be positive"));
}

StreamingContext::~StreamingContext() {
  if (g_active == this) g_active = nullptr;
}

QueueInputDStream* StreamingContext::QueueStream(bool one_at_a_time, std::optional<RddPtr> default_rdd) {
  return Register(std::make_unique<QueueInputDStream>(this, one_at_a_time, std::move(default_rdd)));
}

ArrivalInputDStream* StreamingContext::SocketTextStream(const std::string&, int) {
  return Register(std::make_unique<ArrivalInputDStream>(this, "SocketInputDStream", "socket"));
}

ArrivalInputDStream* StreamingContext::TextFileStream(const std::string&) {
  return Register(std::make_unique<ArrivalInputDStream>(this, "FileInputDStream", "textFile"));
}

ArrivalInputDStream* StreamingContext::RecordingStream(const std::string&) {
  return Register(std::make_unique<ArrivalInputDStream>(this, "RecordingInputDStream", "recording"));
}

ArrivalInputDStream* StreamingContext::FeedStream() {
  return Register(std::make_unique<ArrivalInputDStream>(this, "ReceiverInputDStream", "feed"));
}

DStream* StreamingContext::Union(const std::vector<DStream*>& streams) {
  if (streams.empty()) {
    RecordError(Status::InvalidArgument("requirement failed: Empty array of parents"));
    return nullptr;
  }
  return Register(std::make_unique<MultiParentDStream>(streams, "UnionDStream", [](const std::vector<RddPtr>& r, Timestamp) {
    int parts = 0;
    for (const RddPtr& x : r) parts += x->partitions;
    return ConcatRdds(r, std::max(1, parts));
  }));
}

std::string StreamingContext::ResolveOutputPath(const std::string& path) const {
  if (output_dir_.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(output_dir_) / path).string();
}

void StreamingContext::PrintText(const std::string& text) {
  if (print_sink_) print_sink_(text);
  else std::cout << text << std::flush;
}

Status StreamingContext::WriteTextFiles(const std::string& dir, const Rdd& rdd) {
  std::error_code ec;
  fs::path d = ResolveOutputPath(dir);
  fs::create_directories(d, ec);
  if (ec) return Status::Io(fmt::format("cannot create directory {}: {}", dir, ec.message()));
  size_t n = rdd.size(), p = static_cast<size_t>(std::max(1, rdd.partitions));
  for (size_t i = 0; i < p; ++i) {
    std::ofstream out(d / fmt::format("part-{:05}", i), std::ios::binary | std::ios::trunc);
    if (!out) return Status::Io(fmt::format("cannot write {}/part-{:05}", dir, i));
    for (size_t k = i * n / p; k < (i + 1) * n / p; ++k) out << rdd.Element(k).ToDisplay() << '\n';
  }
  std::ofstream(d / "_SUCCESS", std::ios::binary | std::ios::trunc);
  return Status::Ok();
}

void StreamingContext::Emit(trace::Event e) {
  if (!tracing()) return;
  if (e.time == Timestamp() && now_ != Timestamp()) e.time = now_;
  tracer_->Emit(std::move(e));
}

void StreamingContext::MarkLazy() {
  // A queue hands over a chunk whenever it is asked, so what depends on a queue is
  // computed only on demand, as in Spark; a lazy stream may ask its parents for past
  // batches, so they keep what they remember.
  for (DStream* s : order_) {
    bool lazy = dynamic_cast<QueueInputDStream*>(s) != nullptr;
    for (DStream* d : s->dependencies()) lazy = lazy || d->lazy();
    s->set_lazy(lazy);
    if (lazy)
      for (DStream* d : s->dependencies()) d->set_keep_remembered();
  }
}

std::vector<DStream*> StreamingContext::Reachable() const {
  std::set<const DStream*> seen;
  std::vector<const DStream*> stack;
  for (ForEachDStream* o : outputs_) stack.push_back(o);
  while (!stack.empty()) {
    const DStream* s = stack.back();
    stack.pop_back();
    if (!seen.insert(s).second) continue;
    for (DStream* d : s->dependencies()) stack.push_back(d);
  }
  std::vector<DStream*> out;
  for (const auto& s : streams_)
    if (seen.count(s.get()) && dynamic_cast<ForEachDStream*>(s.get()) == nullptr) out.push_back(s.get());
  return out;
}

Status StreamingContext::CheckNoOtherActive() const {
  if (g_active != nullptr && g_active != this)
    return Status::IllegalState(
        "Only one StreamingContext may be started in this JVM. Currently running StreamingContext was started at");
  return Status::Ok();
}

Status StreamingContext::PrepareGraph(Timestamp zero) {
  if (outputs_.empty())
    return Status::InvalidArgument("requirement failed: No output operations registered, so nothing to execute");
  // DStreamGraph.start: initialize, remember, validate, from the output streams.
  zero_time_ = zero;
  for (ForEachDStream* o : outputs_) o->Initialize(zero_time_);
  for (ForEachDStream* o : outputs_) o->Remember(std::nullopt);
  for (ForEachDStream* o : outputs_) TL_RETURN_IF_ERROR(o->ValidateAtStart());
  order_ = Reachable();
  MarkLazy();
  return Status::Ok();
}

Status StreamingContext::Start(Timestamp now) {
  if (state_ == ContextState::kActive) return Status::Ok();  // Spark logs "already started"
  if (state_ == ContextState::kStopped) return Status::IllegalState("StreamingContext has already been stopped");
  TL_RETURN_IF_ERROR(build_status_);
  TL_RETURN_IF_ERROR(CheckNoOtherActive());
  now_ = now;
  // StreamingContext.start: a failure while the graph is validated and started marks the
  // context stopped ("Error starting the context, marking it as stopped").
  if (Status st = PrepareGraph(now.FloorTo(batch_interval_)); !st.ok()) {
    state_ = ContextState::kStopped;
    return st;
  }
  next_batch_time_ = zero_time_ + batch_interval_;
  processing_free_at_ = zero_time_;
  Activate();
  return Status::Ok();
}

void StreamingContext::Activate() {
  state_ = ContextState::kActive;
  g_active = this;
}

void StreamingContext::Stop() {
  if (state_ == ContextState::kActive && tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kStop;
    Emit(std::move(e));
  }
  state_ = ContextState::kStopped;
  if (g_active == this) g_active = nullptr;
}

Status StreamingContext::AdvanceTo(Timestamp now) {
  if (state_ != ContextState::kActive) { if (now > now_) now_ = now; return Status::Ok(); }
  // JobScheduler.handleJobCompletion: a failed job is reported (StreamingContext's waiter
  // keeps the error for awaitTermination) and the context goes on with the next batches.
  if (batches_.size() > kRetainedBatches) {
    const size_t drop = batches_.size() - kRetainedBatches;
    batches_.erase(batches_.begin(), batches_.begin() + static_cast<std::ptrdiff_t>(drop));
    batches_dropped_ += static_cast<int64_t>(drop);
  }
  // A clock jump over more batches than a step may run is refused before any runs:
  // 1 ms batches and a jump of ten years would otherwise run for hours.
  if (next_batch_time_ <= now) {
    const int64_t due = (now.micros() - next_batch_time_.micros()) / batch_interval_.micros() + 1;
    if (due > limits::kMaxBatchesPerStep)
      return Status::InvalidArgument(fmt::format(
          "moving the clock from {} ms to {} ms would run {} batches of {} ms; one step may run at most {} batches "
          "(limit kMaxBatchesPerStep)",
          next_batch_time_.millis() - batch_interval_.millis(), now.millis(), due, batch_interval_.millis(),
          limits::kMaxBatchesPerStep));
  }
  Status first_error;
  while (next_batch_time_ <= now) {
    Timestamp t = next_batch_time_;
    now_ = t;
    Status st = RunBatch(t);
    next_batch_time_ = t + batch_interval_;
    if (crashed_) return Status::Ok();  // the driver died: nothing more runs
    if (!st.ok()) {
      if (tracing()) {
        trace::Event e;
        e.kind = trace::EventKind::kFailure;
        e.time = t;
        e.batch_time = t;
        e.text = st.message();
        Emit(std::move(e));
      }
      if (first_error.ok()) first_error = st;
    }
  }
  if (now > now_) now_ = now;
  return first_error;
}

Status StreamingContext::RunBatch(Timestamp t) {
  if (tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kBatchScheduled;
    e.batch_time = t;
    e.time = t;
    Emit(std::move(e));
    trace::Event started;
    started.kind = trace::EventKind::kBatchStarted;
    started.batch_time = t;
    started.time = std::max(t, processing_free_at_);  // waits while an earlier batch runs
    Emit(std::move(started));
  }
  BatchInfo info;
  info.batch_time = t;
  const bool crash_points = crash_hook_ || !crash_at_.empty();
  try {
    for (DStream* s : order_)
      if (!s->lazy() && s->IsTimeValid(t)) s->GetOrCompute(t);
    if (crash_points) {
      if (checkpoint_dir_) TL_RETURN_IF_ERROR(WriteCheckpoint(t));
      if (CrashesAt(t, "afterGenerate")) return Status::Ok();
    }
    int k = 0;
    for (ForEachDStream* o : outputs_) {
      o->RunJob(t);
      auto it = o->parent()->generated().find(t);
      if (it != o->parent()->generated().end()) info.output_rows += static_cast<int64_t>(it->second->size());
      ++k;
      if (crash_points && CrashesAt(t, fmt::format("afterOutput{}", k))) return Status::Ok();
    }
    for (DStream* s : order_) {
      auto it = s->generated().find(t);
      if (it == s->generated().end()) continue;
      if (s->is_input()) info.input_rows += static_cast<int64_t>(it->second->size());
      if (dynamic_cast<StateDStream*>(s)) info.state_rows += static_cast<int64_t>(it->second->size());
      if (dynamic_cast<InternalMapWithStateDStream*>(s))
        info.state_rows += static_cast<int64_t>(InternalMapWithStateDStream::StatesOf(*it->second).size());
    }
  } catch (const expr::EvalError& e) {
    return Status::Runtime(fmt::format("Job aborted at batch {} ms: {}", t.millis(), e.what()));
  }
  info.processing_start = std::max(t, processing_free_at_);
  info.processing_end = info.processing_start + cost_per_batch_ + cost_per_record_ * info.input_rows;
  processing_free_at_ = info.processing_end;
  batches_.push_back(info);
  if (tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kBatchFinished;
    e.batch_time = t;
    e.time = info.processing_end;
    e.input_rows = info.input_rows;
    e.output_rows = info.output_rows;
    e.state_rows = info.state_rows;
    e.processing_time = info.processing_time();
    e.scheduling_delay = info.scheduling_delay();
    e.total_delay = info.total_delay();
    Emit(std::move(e));
  }
  for (ForEachDStream* o : outputs_) o->ClearOldMetadata(t);
  if (checkpoint_dir_) TL_RETURN_IF_ERROR(WriteCheckpoint(t));
  if (crash_points) CrashesAt(t, "afterComplete");
  return Status::Ok();
}

bool StreamingContext::CrashesAt(Timestamp t, const std::string& point) {
  // The hook is asked even where an armed point fires, so that it sees every point passed.
  const bool armed = crash_at_ == point;
  const bool hooked = crash_hook_ && crash_hook_(t, point);
  if (!armed && !hooked) return false;
  if (armed) crash_at_.clear();  // a crash the hook asked for leaves the armed point armed
  crashed_ = true;
  if (tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kFailure;
    e.time = t;
    e.batch_time = t;
    e.op = "crash";
    e.text = fmt::format("the driver crashed at {} of batch {} ms", point, t.millis());
    Emit(std::move(e));
  }
  state_ = ContextState::kStopped;  // killed: no stop event, nothing more runs
  if (g_active == this) g_active = nullptr;
  return true;
}

}  // namespace tideline::dstream
