#include "core/dstream/streaming_context.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "core/expr/expr.h"
#include "core/value/json.h"

namespace tideline::dstream {

namespace fs = std::filesystem;

namespace {
StreamingContext* g_active = nullptr;  // Spark allows one active context per JVM
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

DStream* StreamingContext::Union(const std::vector<DStream*>& streams) {
  if (streams.empty()) {
    RecordError(Status::InvalidArgument("requirement failed: Empty array of parents"));
    return nullptr;
  }
  return Register(std::make_unique<MultiParentDStream>(streams, "UnionDStream", [](const std::vector<RddPtr>& r, Timestamp) {
    std::vector<Value> all;
    int parts = 0;
    for (const RddPtr& x : r) {
      all.insert(all.end(), x->data.begin(), x->data.end());
      parts += x->partitions;
    }
    return MakeRdd(std::move(all), std::max(1, parts));
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
  size_t n = rdd.data.size(), p = static_cast<size_t>(std::max(1, rdd.partitions));
  for (size_t i = 0; i < p; ++i) {
    std::ofstream out(d / fmt::format("part-{:05}", i), std::ios::binary | std::ios::trunc);
    if (!out) return Status::Io(fmt::format("cannot write {}/part-{:05}", dir, i));
    for (size_t k = i * n / p; k < (i + 1) * n / p; ++k) out << rdd.data[k].ToDisplay() << '\n';
  }
  std::ofstream(d / "_SUCCESS", std::ios::binary | std::ios::trunc);
  return Status::Ok();
}

void StreamingContext::Emit(trace::Event e) {
  if (!tracing()) return;
  if (e.time == Timestamp() && now_ != Timestamp()) e.time = now_;
  tracer_->Emit(std::move(e));
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

Status StreamingContext::Start(Timestamp now) {
  if (state_ == ContextState::kActive) return Status::Ok();  // Spark logs "already started"
  if (state_ == ContextState::kStopped) return Status::IllegalState("StreamingContext has already been stopped");
  TL_RETURN_IF_ERROR(build_status_);
  if (g_active != nullptr && g_active != this)
    return Status::IllegalState(
        "Only one StreamingContext may be started in this JVM. Currently running StreamingContext was started at");
  if (outputs_.empty())
    return Status::InvalidArgument("requirement failed: No output operations registered, so nothing to execute");
  now_ = now;
  zero_time_ = now.FloorTo(batch_interval_);
  for (ForEachDStream* o : outputs_) o->Initialize(zero_time_);
  for (ForEachDStream* o : outputs_) o->Remember(std::nullopt);
  for (ForEachDStream* o : outputs_) TL_RETURN_IF_ERROR(o->ValidateAtStart());
  order_ = Reachable();
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
  while (next_batch_time_ <= now) {
    Timestamp t = next_batch_time_;
    now_ = t;
    Status st = RunBatch(t);
    next_batch_time_ = t + batch_interval_;
    if (!st.ok()) {
      if (tracing()) {
        trace::Event e;
        e.kind = trace::EventKind::kFailure;
        e.text = st.message();
        Emit(std::move(e));
      }
      Stop();
      return st;
    }
  }
  if (now > now_) now_ = now;
  return Status::Ok();
}

Status StreamingContext::RunBatch(Timestamp t) {
  if (tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kBatchStarted;
    e.batch_time = t;
    Emit(std::move(e));
  }
  BatchInfo info;
  info.batch_time = t;
  try {
    for (DStream* s : order_) {
      if (!s->IsTimeValid(t)) continue;
      auto r = s->GetOrCompute(t);
      if (r && s->is_input()) info.input_rows += static_cast<int64_t>((*r)->data.size());
    }
    for (ForEachDStream* o : outputs_) {
      o->RunJob(t);
      auto it = o->parent()->generated().find(t);
      if (it != o->parent()->generated().end()) info.output_rows += static_cast<int64_t>(it->second->data.size());
    }
    for (DStream* s : order_) {
      auto it = s->generated().find(t);
      if (it == s->generated().end()) continue;
      if (dynamic_cast<StateDStream*>(s)) info.state_rows += static_cast<int64_t>(it->second->data.size());
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
// One file per batch, "checkpoint-<ms>", written to a temporary name and renamed, so a
// reader never sees half a file. Its last line is a checksum of the rest. It holds the
// zero time, the batch time, every reachable stream's remembered RDDs, and the records
// that arrived but are not in a batch yet. The ten newest files are kept.

Status StreamingContext::WriteCheckpoint(Timestamp t) {
  std::error_code ec;
  fs::create_directories(*checkpoint_dir_, ec);
  if (ec) return Status::Io(fmt::format("cannot create checkpoint directory: {}", ec.message()));
  bool has_queue = false;
  std::string body = fmt::format("{{\"tideline-checkpoint\":1,\"timeMicros\":{},\"zeroMicros\":{},\"intervalMicros\":{},",
                                 t.micros(), zero_time_.micros(), batch_interval_.micros());
  body += "\"streams\":[";
  bool first = true;
  for (DStream* s : order_) {
    if (dynamic_cast<QueueInputDStream*>(s)) has_queue = true;
    if (!first) body += ",";
    first = false;
    body += fmt::format("{{\"id\":{},\"class\":\"{}\",\"rdds\":[", s->id(), s->spark_class());
    bool f2 = true;
    for (const auto& [time, rdd] : s->generated()) {
      if (!f2) body += ",";
      f2 = false;
      body += fmt::format("{{\"t\":{},\"p\":{},\"data\":", time.micros(), rdd->partitions);
      AppendTypedJson(Value::Array(rdd->data), &body);
      body += "}";
    }
    body += "]";
    if (auto* in = dynamic_cast<ArrivalInputDStream*>(s)) {
      body += ",\"pending\":[";
      bool f3 = true;
      for (const auto& [arrival, v] : in->pending()) {
        if (!f3) body += ",";
        f3 = false;
        body += fmt::format("[{},", arrival.micros());
        AppendTypedJson(v, &body);
        body += "]";
      }
      body += "]";
    }
    body += "}";
  }
  body += fmt::format("],\"queueStream\":{}}}", has_queue ? "true" : "false");
  std::string file = (fs::path(*checkpoint_dir_) / fmt::format("checkpoint-{}", t.millis())).string();
  std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Io("cannot write checkpoint file");
    out << body << "\n" << Checksum64(body) << "\n";
  }
  fs::rename(tmp, file, ec);
  if (ec) return Status::Io(fmt::format("cannot write checkpoint file: {}", ec.message()));
  ++checkpoints_written_;
  // Keep the ten newest.
  std::vector<std::pair<int64_t, fs::path>> files;
  for (const auto& e : fs::directory_iterator(*checkpoint_dir_, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("checkpoint-", 0) == 0 && name.find('.') == std::string::npos)
      files.emplace_back(std::stoll(name.substr(11)), e.path());
  }
  std::sort(files.begin(), files.end());
  for (size_t i = 0; i + 10 < files.size(); ++i) fs::remove(files[i].second, ec);
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
  for (const auto& e : fs::directory_iterator(*checkpoint_dir_, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("checkpoint-", 0) == 0 && name.find('.') == std::string::npos) return true;
  }
  return false;
}

Status StreamingContext::RecoverAndStart(Timestamp now) {
  const std::string prefix = "Failed to read checkpoint from directory: ";
  std::error_code ec;
  int64_t best = -1;
  fs::path best_path;
  for (const auto& e : fs::directory_iterator(*checkpoint_dir_, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("checkpoint-", 0) == 0 && name.find('.') == std::string::npos) {
      int64_t ms = std::stoll(name.substr(11));
      if (ms > best) { best = ms; best_path = e.path(); }
    }
  }
  if (best < 0) return Start(now);
  std::ifstream in(best_path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string content = ss.str();
  size_t nl = content.find('\n');
  if (nl == std::string::npos || content.substr(nl + 1, 16) != Checksum64(content.substr(0, nl)))
    return Status::Corruption(prefix + fmt::format("checkpoint file {} is damaged (checksum mismatch)", best_path.filename().string()));
  auto parsed = ParseJson(std::string_view(content).substr(0, nl));
  if (!parsed.ok()) return Status::Corruption(prefix + "checkpoint file is damaged: " + parsed.status().message());
  const Value& root = *parsed;
  const StructType* st = root.struct_type();
  auto field = [&](const char* n) -> const Value& {
    static const Value kNull;
    int i = st ? st->Find(n, false) : -1;
    return i >= 0 ? root[static_cast<size_t>(i)] : kNull;
  };
  if (IsTrueJson(field("queueStream")))
    return Status::Runtime(prefix + "queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled.");
  TL_RETURN_IF_ERROR(build_status_);
  if (outputs_.empty())
    return Status::InvalidArgument("requirement failed: No output operations registered, so nothing to execute");
  if (field("intervalMicros").as_int() != batch_interval_.micros())
    return Status::Corruption(prefix + "the checkpoint was written with another batch interval");
  Timestamp checkpoint_time = Timestamp::FromMicros(field("timeMicros").as_int());
  zero_time_ = Timestamp::FromMicros(field("zeroMicros").as_int());
  for (ForEachDStream* o : outputs_) o->Initialize(zero_time_);
  for (ForEachDStream* o : outputs_) o->Remember(std::nullopt);
  for (ForEachDStream* o : outputs_) TL_RETURN_IF_ERROR(o->ValidateAtStart());
  order_ = Reachable();
  std::map<int, DStream*> by_id;
  for (DStream* s : order_) by_id[s->id()] = s;
  for (const Value& sv : field("streams").items()) {
    const StructType* sst = sv.struct_type();
    int id = static_cast<int>(sv[static_cast<size_t>(sst->Find("id", false))].as_int());
    std::string cls(sv[static_cast<size_t>(sst->Find("class", false))].str());
    auto it = by_id.find(id);
    if (it == by_id.end() || it->second->spark_class() != cls)
      return Status::Corruption(prefix + "the checkpoint does not match the pipeline");
    DStream* s = it->second;
    std::map<Timestamp, RddPtr> gen;
    for (const Value& rv : sv[static_cast<size_t>(sst->Find("rdds", false))].items()) {
      Timestamp t = Timestamp::FromMicros(rv[0].as_int());
      if (!s->is_input() && t >= checkpoint_time) continue;  // recomputed by the rerun
      TL_ASSIGN_OR_RETURN(Value data, DecodeTypedJson(rv[2]));
      gen[t] = MakeRdd(std::vector<Value>(data.items().begin(), data.items().end()), static_cast<int>(rv[1].as_int()));
    }
    s->RestoreGenerated(std::move(gen));
    int pi = sst->Find("pending", false);
    if (pi >= 0) {
      std::vector<std::pair<Timestamp, Value>> pending;
      for (const Value& pv : sv[static_cast<size_t>(pi)].items()) {
        TL_ASSIGN_OR_RETURN(Value v, DecodeTypedJson(pv[1]));
        pending.emplace_back(Timestamp::FromMicros(pv[0].as_int()), std::move(v));
      }
      if (auto* in = dynamic_cast<ArrivalInputDStream*>(s)) {
        auto now_pending = in->pending();  // arrived while the context was down
        pending.insert(pending.end(), now_pending.begin(), now_pending.end());
        in->RestorePending(pending);
      }
    }
  }
  if (g_active != nullptr && g_active != this)
    return Status::IllegalState(
        "Only one StreamingContext may be started in this JVM. Currently running StreamingContext was started at");
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
    e.text = fmt::format("checkpoint-{}", checkpoint_time.millis());
    Emit(std::move(e));
  }
  return Status::Ok();
}

}  // namespace tideline::dstream
