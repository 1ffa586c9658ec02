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
bool IsTrueJson(const Value& v) { return v.type() == ValueType::kBool && v.as_bool(); }
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
  state_ = ContextState::kActive;
  g_active = this;
  return Status::Ok();
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
  Status first_error;
  while (next_batch_time_ <= now) {
    Timestamp t = next_batch_time_;
    now_ = t;
    Status st = RunBatch(t);
    next_batch_time_ = t + batch_interval_;
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
  try {
    for (DStream* s : order_)
      if (!s->lazy() && s->IsTimeValid(t)) s->GetOrCompute(t);
    for (ForEachDStream* o : outputs_) {
      o->RunJob(t);
      auto it = o->parent()->generated().find(t);
      if (it != o->parent()->generated().end()) info.output_rows += static_cast<int64_t>(it->second->size());
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
  return Status::Ok();
}

// ---- Checkpoints
//
// After each batch the context appends to a data segment "rdd-<ms>.log" (a new one
// every 64 batches) the RDDs generated in that batch that a recovery needs, and the
// records that arrived but are in no batch yet, each entry with its own checksum; then
// it writes the metadata file "checkpoint-<ms>" (a checked file written atomically,
// common/atomic_file.h), which names every entry the recovery reads by segment and
// offset. Segment entries keep a 64-bit FNV checksum each: they are appended on the hot
// path of every batch. A damaged or half-written file is detected, never used. The two newest
// checkpoints are kept, with the segments they name.
//
// What is saved: every RDD a later batch reads (the remembered RDDs of windowed and
// stateful streams and of their parents), and the latest batch of an input whose
// data can be read again: a file or recording source, or a receiver with the write
// ahead log enabled (spark.streaming.receiver.writeAheadLog.enable). Without the log
// a receiver's data is lost on recovery, as in Spark.

namespace {

bool ReadFile(const fs::path& path, std::string* out) {
  auto content = ReadWholeFile(path);
  if (!content.ok()) return false;
  *out = std::move(*content);
  return true;
}

int64_t FileTime(const std::string& name, const char* prefix, const char* suffix) {
  size_t p = std::strlen(prefix), q = std::strlen(suffix);
  if (name.size() <= p + q || name.compare(0, p, prefix) != 0 || name.compare(name.size() - q, q, suffix) != 0) return -1;
  std::string mid = name.substr(p, name.size() - p - q);
  if (mid.empty() || mid.find_first_not_of("0123456789-") != std::string::npos) return -1;
  return std::stoll(mid);
}

}  // namespace

namespace {
std::string WrittenRef(int id, int64_t time_us, const std::string& file, uint64_t offset) {
  return fmt::format("[{},{},\"{}\",{}]", id, time_us, file, offset);
}
}  // namespace

bool StreamingContext::SavesInputData(const DStream* s) const {
  auto* in = dynamic_cast<const ArrivalInputDStream*>(s);
  if (!in) return false;
  return in->kind() == "textFile" || in->kind() == "recording" || write_ahead_log_;
}

bool StreamingContext::SavesRdds(const DStream* s) const {
  if (s->is_input()) return SavesInputData(s);
  return s->past_read() || s->must_checkpoint() || s->checkpoint_duration().has_value();
}

Status StreamingContext::WriteCheckpoint(Timestamp t) {
  std::error_code ec;
  fs::path dir = *checkpoint_dir_;
  if (!checkpoint_dir_made_) {
    fs::create_directories(dir, ec);
    if (ec) return Status::Io(fmt::format("cannot create checkpoint directory: {}", ec.message()));
    checkpoint_dir_made_ = true;
  }
  bool has_queue = false;
  // Data goes to an append-only segment; a new segment starts every kSegmentBatches.
  constexpr int kSegmentBatches = 64;
  if (segment_.empty() || segment_batches_ >= kSegmentBatches) {
    segment_ = fmt::format("rdd-{}.log", t.millis());
    segment_size_ = 0;
    segment_batches_ = 0;
  }
  ++segment_batches_;
  const std::string& data_name = segment_;
  std::string data;
  // One entry: id u32, time u64 (INT64_MIN for a pending list), partitions u32, count u32,
  // payload length u64, payload, then a checksum of all of it (u64).
  auto add_entry = [&](int id, int64_t time_us, int parts, uint32_t n, const std::string& payload) -> uint64_t {
    uint64_t offset = segment_size_ + data.size();
    size_t start = data.size();
    PutU32(&data, static_cast<uint32_t>(id));
    PutU64(&data, static_cast<uint64_t>(time_us));
    PutU32(&data, static_cast<uint32_t>(parts));
    PutU32(&data, n);
    PutU64(&data, payload.size());
    data += payload;
    PutU64(&data, Fnv64(std::string_view(data).substr(start)));
    return offset;
  };
  std::string entries;  // the metadata's list of [stream id, time, data file, offset]
  entries.reserve(written_.size() * 48 + 256);
  std::string pending_refs;
  std::string payload;
  for (DStream* s : order_) {
    if (dynamic_cast<QueueInputDStream*>(s)) has_queue = true;
    if (!SavesRdds(s)) continue;
    // The stream's written entries and its remembered RDDs, both in time order, walked together.
    auto it = written_.lower_bound(std::make_pair(s->id(), INT64_MIN));
    for (const auto& [time, rdd] : s->generated()) {
      auto key = std::make_pair(s->id(), time.micros());
      while (it != written_.end() && it->first < key) ++it;
      if (it == written_.end() || it->first != key) {
        payload.clear();
        for (const Value& v : rdd->data) EncodeBinary(v, &payload);
        uint64_t off = add_entry(s->id(), time.micros(), rdd->partitions, static_cast<uint32_t>(rdd->data.size()), payload);
        it = written_.emplace_hint(it, key, Written{data_name, off, WrittenRef(s->id(), time.micros(), data_name, off)});
      }
      if (!entries.empty()) entries += ',';
      entries += it->second.ref;
    }
    if (auto* in = dynamic_cast<ArrivalInputDStream*>(s); in && SavesInputData(s)) {
      auto pending = in->pending();
      if (pending.empty()) continue;
      payload.clear();
      for (const auto& [arrival, v] : pending) {
        PutU64(&payload, static_cast<uint64_t>(arrival.micros()));
        EncodeBinary(v, &payload);
      }
      uint64_t off = add_entry(s->id(), INT64_MIN, 0, static_cast<uint32_t>(pending.size()), payload);
      if (!pending_refs.empty()) pending_refs += ",";
      pending_refs += fmt::format("[{},\"{}\",{}]", s->id(), data_name, off);
    }
  }
  if (!data.empty()) {
    // The segment stays open while it is appended to; each batch's data is flushed before
    // the metadata that names it is written.
    if (!segment_out_.is_open() || segment_out_name_ != data_name) {
      if (segment_out_.is_open()) segment_out_.close();
      segment_out_.clear();
      segment_out_.open(dir / data_name, std::ios::binary | std::ios::app);
      segment_out_name_ = data_name;
    }
    std::ofstream& out = segment_out_;
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      out.close();
      segment_out_name_.clear();
      return Status::Io(fmt::format("cannot write checkpoint data file {}", data_name));
    }
    segment_size_ += data.size();
    data_files_.insert(data_name);
  }
  std::string body = fmt::format(
      "{{\"tideline-checkpoint\":2,\"timeMicros\":{},\"zeroMicros\":{},\"intervalMicros\":{},\"queueStream\":{},"
      "\"rdds\":[{}],\"pending\":[{}]}}",
      t.micros(), zero_time_.micros(), batch_interval_.micros(), has_queue ? "true" : "false", entries, pending_refs);
  // Keep the two newest checkpoints and the data files they name: the oldest of two
  // becomes the new one's file.
  std::string meta_name = fmt::format("checkpoint-{}", t.millis());
  std::optional<fs::path> recycle;
  if (metas_.size() >= 2 && std::find(metas_.begin(), metas_.end(), meta_name) == metas_.end()) {
    recycle = dir / metas_.front();
    metas_.erase(metas_.begin());
  }
  // The oldest checkpoint is recycled as the new one's file.
  TL_RETURN_IF_ERROR(WriteFileAtomically(dir / meta_name, WithChecksumTrailer(body), recycle ? &*recycle : nullptr));
  metas_.push_back(meta_name);
  while (metas_.size() > 2) {
    fs::remove(dir / metas_.front(), ec);
    metas_.erase(metas_.begin());
  }
  std::set<std::string> live;
  const std::string* last_live = nullptr;
  for (const auto& [k, v] : written_) {
    if (last_live && *last_live == v.segment) continue;  // runs of one segment are common
    live.insert(v.segment);
    last_live = &v.segment;
  }
  // The previous checkpoint may still name a file that the newest no longer needs, so a
  // data file goes one batch after its last use.
  for (auto it = data_files_.begin(); it != data_files_.end();) {
    if (*it != segment_ && !live.count(*it) && !previous_live_.count(*it)) {
      fs::remove(dir / *it, ec);
      it = data_files_.erase(it);
    } else {
      ++it;
    }
  }
  previous_live_ = std::move(live);
  // Forget written RDDs that the streams no longer remember: for each stream, a walk of
  // its written entries and its remembered RDDs, both in time order.
  std::map<int, const DStream*> by_id;
  for (DStream* s : order_) by_id[s->id()] = s;
  for (auto it = written_.begin(); it != written_.end();) {
    const int id = it->first.first;
    auto s = by_id.find(id);
    if (s == by_id.end()) {
      it = written_.erase(it);
      continue;
    }
    const auto& gen = s->second->generated();
    auto g = gen.begin();
    while (it != written_.end() && it->first.first == id) {
      Timestamp time = Timestamp::FromMicros(it->first.second);
      while (g != gen.end() && g->first < time) ++g;
      bool remembered = g != gen.end() && g->first == time;
      it = remembered ? std::next(it) : written_.erase(it);
    }
  }
  if (tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kCheckpoint;
    e.batch_time = t;
    e.text = fmt::format("checkpoint-{}", t.millis());
    Emit(std::move(e));
  }
  return Status::Ok();
}

bool StreamingContext::HasCheckpoint() const {
  if (!checkpoint_dir_) return false;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(*checkpoint_dir_, ec))
    if (FileTime(e.path().filename().string(), "checkpoint-", "") >= 0) return true;
  return false;
}

Status StreamingContext::RecoverAndStart(Timestamp now) {
  const std::string prefix = "Failed to read checkpoint from directory: ";
  std::error_code ec;
  int64_t best = -1;
  fs::path dir = *checkpoint_dir_;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    int64_t ms = FileTime(e.path().filename().string(), "checkpoint-", "");
    if (ms > best) best = ms;
  }
  if (best < 0) return Start(now);
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (FileTime(name, "checkpoint-", "") >= 0) metas_.push_back(name);
  }
  std::sort(metas_.begin(), metas_.end(), [](const std::string& a, const std::string& b) {
    return FileTime(a, "checkpoint-", "") < FileTime(b, "checkpoint-", "");
  });
  std::string content;
  std::string meta_name = fmt::format("checkpoint-{}", best);
  if (!ReadFile(dir / meta_name, &content)) return Status::Io(prefix + "cannot read " + meta_name);
  std::string_view meta_body;
  if (SplitChecksumTrailer(content, &meta_body) != ChecksumCheck::kOk)
    return Status::Corruption(prefix + fmt::format("checkpoint file {} is damaged (checksum mismatch)", meta_name));
  auto parsed = ParseJson(meta_body);
  if (!parsed.ok()) return Status::Corruption(prefix + "checkpoint file is damaged: " + parsed.status().message());
  const Value& root = *parsed;
  auto field = [&](const char* n) -> const Value& {
    static const Value kNull;
    int i = root.struct_type() ? root.struct_type()->Find(n, false) : -1;
    return i >= 0 ? root[static_cast<size_t>(i)] : kNull;
  };
  if (IsTrueJson(field("queueStream")))
    return Status::Runtime(prefix + "queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled.");
  TL_RETURN_IF_ERROR(build_status_);
  if (!outputs_.empty() && field("intervalMicros").as_int() != batch_interval_.micros())
    return Status::Corruption(prefix + "the checkpoint was written with another batch interval");
  Timestamp checkpoint_time = Timestamp::FromMicros(field("timeMicros").as_int());
  TL_RETURN_IF_ERROR(PrepareGraph(Timestamp::FromMicros(field("zeroMicros").as_int())));
  std::map<int, DStream*> by_id;
  for (DStream* s : order_) by_id[s->id()] = s;

  // Read the entries the metadata names, (data file, offset), checking each checksum.
  struct Entry {
    int id;
    int64_t time;
    int partitions;
    std::vector<Value> values;
    std::vector<std::pair<Timestamp, Value>> pending;
  };
  std::map<std::string, std::string> files;
  auto load = [&](const std::string& name, uint64_t offset, Entry* e) -> Status {
    auto damaged = [&](const char* what) {
      return Status::Corruption(prefix + fmt::format("checkpoint data file {} is {}", name, what));
    };
    auto fit = files.find(name);
    if (fit == files.end()) {
      std::string bytes;
      if (!ReadFile(dir / name, &bytes)) return damaged("missing");
      fit = files.emplace(name, std::move(bytes)).first;
    }
    const std::string& bytes = fit->second;
    if (offset > bytes.size()) return damaged("truncated");
    std::string_view in(bytes.data() + offset, bytes.size() - offset);
    std::string_view start = in;
    uint32_t id, parts, n;
    uint64_t time, len;
    if (!GetU32(&in, &id) || !GetU64(&in, &time) || !GetU32(&in, &parts) || !GetU32(&in, &n) || !GetU64(&in, &len) ||
        in.size() < len + 8)
      return damaged("truncated");
    std::string_view payload = in.substr(0, len);
    uint64_t sum;
    std::memcpy(&sum, in.data() + len, 8);
    if (fmt::format("{:016x}", sum) != Checksum64(start.substr(0, 28 + len))) return damaged("damaged (checksum mismatch)");
    e->id = static_cast<int>(id);
    e->time = static_cast<int64_t>(time);
    e->partitions = static_cast<int>(parts);
    for (uint32_t k = 0; k < n; ++k) {
      if (e->time == INT64_MIN) {
        uint64_t at;
        if (!GetU64(&payload, &at)) return damaged("truncated");
        Value v;
        TL_RETURN_IF_ERROR(DecodeBinary(&payload, &v));
        e->pending.emplace_back(Timestamp::FromMicros(static_cast<int64_t>(at)), std::move(v));
      } else {
        Value v;
        TL_RETURN_IF_ERROR(DecodeBinary(&payload, &v));
        e->values.push_back(std::move(v));
      }
    }
    return Status::Ok();
  };
  std::map<int, std::map<Timestamp, RddPtr>> restored;
  for (const Value& ref : field("rdds").items()) {
    std::string file(ref[2].str());
    uint64_t offset = static_cast<uint64_t>(ref[3].as_int());
    Entry e;
    TL_RETURN_IF_ERROR(load(file, offset, &e));
    auto it = by_id.find(static_cast<int>(ref[0].as_int()));
    if (it == by_id.end() || e.id != it->second->id()) return Status::Corruption(prefix + "the checkpoint does not match the pipeline");
    Timestamp t = Timestamp::FromMicros(e.time);
    if (!it->second->is_input() && t >= checkpoint_time) continue;  // recomputed by the rerun
    restored[e.id][t] = MakeRdd(std::move(e.values), e.partitions);
    written_[{e.id, e.time}] = Written{file, offset, WrittenRef(e.id, e.time, file, offset)};
    data_files_.insert(file);
  }
  for (DStream* s : order_) {
    auto it = restored.find(s->id());
    s->RestoreGenerated(it == restored.end() ? std::map<Timestamp, RddPtr>{} : std::move(it->second));
  }
  for (const Value& ref : field("pending").items()) {
    std::string file(ref[1].str());
    Entry pe;
    TL_RETURN_IF_ERROR(load(file, static_cast<uint64_t>(ref[2].as_int()), &pe));
    auto it = by_id.find(static_cast<int>(ref[0].as_int()));
    auto* in = it == by_id.end() ? nullptr : dynamic_cast<ArrivalInputDStream*>(it->second);
    if (!in) return Status::Corruption(prefix + "the checkpoint does not match the pipeline");
    auto pending = std::move(pe.pending);
    auto arrived_since = in->pending();  // arrived while the context was down
    pending.insert(pending.end(), arrived_since.begin(), arrived_since.end());
    in->RestorePending(pending);
  }
  TL_RETURN_IF_ERROR(CheckNoOtherActive());
  state_ = ContextState::kActive;
  g_active = this;
  now_ = now;
  // JobGenerator.restart: the batches from the checkpoint time to now run again.
  next_batch_time_ = checkpoint_time;
  processing_free_at_ = checkpoint_time - batch_interval_;
  if (tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kRecovered;
    e.batch_time = checkpoint_time;
    e.text = meta_name;
    Emit(std::move(e));
  }
  return Status::Ok();
}

}  // namespace tideline::dstream
