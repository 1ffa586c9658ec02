// StreamingContext's checkpoints and recovery (Spark's Checkpoint, CheckpointWriter and
// StreamingContext.getOrCreate; see the section comment below).
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/common/atomic_file.h"
#include "core/dstream/streaming_context.h"
#include "core/expr/expr.h"
#include "core/value/binary.h"
#include "core/value/json.h"

namespace tideline::dstream {

namespace fs = std::filesystem;

namespace {
bool IsTrueJson(const Value& v) { return v.type() == ValueType::kBool && v.as_bool(); }
}  // namespace

// ---- Checkpoints
//
// After each batch the context appends to a data segment "rdd-<ms>.log" (a new one
// every 64 batches) the RDDs generated in that batch that a recovery needs, and the
// records that had arrived by the batch time but are in no batch yet (later ones are still
// in the source), each entry with its own checksum; then
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
// Appends one segment entry to `data` (which follows `segment_size` bytes already in the
// segment) and returns its offset in the segment. An entry: id u32, time u64 (INT64_MIN for
// a pending list), partitions u32, count u32, payload length u64, payload, then a checksum
// of all of it (u64).
uint64_t AppendSegmentEntry(std::string* data, uint64_t segment_size, int id, int64_t time_us, int parts, uint32_t n,
                            const std::string& payload) {
  uint64_t offset = segment_size + data->size();
  size_t start = data->size();
  PutU32(data, static_cast<uint32_t>(id));
  PutU64(data, static_cast<uint64_t>(time_us));
  PutU32(data, static_cast<uint32_t>(parts));
  PutU32(data, n);
  PutU64(data, payload.size());
  *data += payload;
  PutU64(data, Fnv64(std::string_view(*data).substr(start)));
  return offset;
}

// The names of the checkpoint metadata files in `dir`, oldest first.
std::vector<std::string> CheckpointNames(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (FileTime(name, "checkpoint-", "") >= 0) names.push_back(name);
  }
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return FileTime(a, "checkpoint-", "") < FileTime(b, "checkpoint-", "");
  });
  return names;
}

// One entry of a data segment: an RDD (its values) or a pending list (arrival times and
// values, time INT64_MIN).
struct SegmentEntry {
  int id;
  int64_t time;
  int partitions;
  std::vector<Value> values;
  std::vector<std::pair<Timestamp, Value>> pending;
};

// Reads entries of the data segments of a checkpoint folder, each file read once, each
// entry's checksum checked.
class SegmentReader {
 public:
  SegmentReader(fs::path dir, std::string prefix) : dir_(std::move(dir)), prefix_(std::move(prefix)) {}

  Status Load(const std::string& name, uint64_t offset, SegmentEntry* e) {
    auto damaged = [&](const char* what) {
      return Status::Corruption(prefix_ + fmt::format("checkpoint data file {} is {}", name, what));
    };
    auto fit = files_.find(name);
    if (fit == files_.end()) {
      std::string bytes;
      if (!ReadFile(dir_ / name, &bytes)) return damaged("missing");
      fit = files_.emplace(name, std::move(bytes)).first;
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
  }

 private:
  fs::path dir_;
  std::string prefix_;
  std::map<std::string, std::string> files_;
};

}  // namespace

bool StreamingContext::SavesInputData(const DStream* s) const {
  auto* in = dynamic_cast<const ArrivalInputDStream*>(s);
  if (!in) return false;
  return in->kind() == "textFile" || in->kind() == "recording" || write_ahead_log_ || replayable_inputs_;
}

bool StreamingContext::SavesRdds(const DStream* s) const {
  if (s->is_input()) return SavesInputData(s);
  return s->past_read() || s->must_checkpoint() || s->checkpoint_duration().has_value();
}

Status StreamingContext::EnsureCheckpointDir() {
  if (checkpoint_dir_made_) return Status::Ok();
  std::error_code ec;
  fs::create_directories(*checkpoint_dir_, ec);
  if (ec) return Status::Io(fmt::format("cannot create checkpoint directory: {}", ec.message()));
  checkpoint_dir_made_ = true;
  return Status::Ok();
}

// Data goes to an append-only segment; a new segment starts every kSegmentBatches.
void StreamingContext::RotateSegment(Timestamp t) {
  constexpr int kSegmentBatches = 64;
  if (segment_.empty() || segment_batches_ >= kSegmentBatches) {
    segment_ = fmt::format("rdd-{}.log", t.millis());
    // A recovered context may rerun the batch that began a segment: entries go after what
    // the file holds (even a half-written entry of a process that died), so the offsets
    // that metadata files name stay true.
    std::error_code ec;
    const auto existing = fs::file_size(fs::path(*checkpoint_dir_) / segment_, ec);
    segment_size_ = ec ? 0 : existing;
    segment_batches_ = 0;
  }
  ++segment_batches_;
}

// The segment stays open while it is appended to; each batch's data is flushed before the
// metadata that names it is written.
Status StreamingContext::AppendToSegment(const std::string& dir, const std::string& data) {
  const std::string& data_name = segment_;
  if (!segment_out_.is_open() || segment_out_name_ != data_name) {
    if (segment_out_.is_open()) segment_out_.close();
    segment_out_.clear();
    segment_out_.open(fs::path(dir) / data_name, std::ios::binary | std::ios::app);
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
  return Status::Ok();
}

// Keeps the two newest checkpoints: the oldest of two is recycled as the new one's file.
Status StreamingContext::WriteCheckpointMetadata(const std::string& dir, Timestamp t, const std::string& body) {
  std::string meta_name = fmt::format("checkpoint-{}", t.millis());
  std::optional<fs::path> recycle;
  if (metas_.size() >= 2 && std::find(metas_.begin(), metas_.end(), meta_name) == metas_.end()) {
    recycle = fs::path(dir) / metas_.front();
    metas_.erase(metas_.begin());
  }
  TL_RETURN_IF_ERROR(WriteFileAtomically(fs::path(dir) / meta_name, WithChecksumTrailer(body), recycle ? &*recycle : nullptr));
  if (std::find(metas_.begin(), metas_.end(), meta_name) == metas_.end()) metas_.push_back(meta_name);
  std::error_code ec;
  while (metas_.size() > 2) {
    fs::remove(fs::path(dir) / metas_.front(), ec);
    metas_.erase(metas_.begin());
  }
  return Status::Ok();
}

// The previous checkpoint may still name a file that the newest no longer needs, so a
// data file goes one batch after its last use.
void StreamingContext::DropUnusedSegments(const std::string& dir) {
  std::set<std::string> live;
  const std::string* last_live = nullptr;
  for (const auto& [k, v] : written_) {
    if (last_live && *last_live == v.segment) continue;  // runs of one segment are common
    live.insert(v.segment);
    last_live = &v.segment;
  }
  std::error_code ec;
  for (auto it = data_files_.begin(); it != data_files_.end();) {
    if (*it != segment_ && !live.count(*it) && !previous_live_.count(*it)) {
      fs::remove(fs::path(dir) / *it, ec);
      it = data_files_.erase(it);
    } else {
      ++it;
    }
  }
  previous_live_ = std::move(live);
}

// Forgets written RDDs that the streams no longer remember: for each stream, a walk of its
// written entries and its remembered RDDs, both in time order.
void StreamingContext::ForgetUnrememberedRdds() {
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
}

Status StreamingContext::WriteCheckpoint(Timestamp t) {
  TL_RETURN_IF_ERROR(EnsureCheckpointDir());
  const std::string dir = *checkpoint_dir_;
  bool has_queue = false;
  RotateSegment(t);
  const std::string& data_name = segment_;
  std::string data;
  auto add_entry = [&](int id, int64_t time_us, int parts, uint32_t n, const std::string& payload) {
    return AppendSegmentEntry(&data, segment_size_, id, time_us, parts, n, payload);
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
      auto pending = in->pending(t);
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
  if (!data.empty()) TL_RETURN_IF_ERROR(AppendToSegment(dir, data));
  std::string body = fmt::format(
      "{{\"tideline-checkpoint\":2,\"timeMicros\":{},\"zeroMicros\":{},\"intervalMicros\":{},\"queueStream\":{},"
      "\"rdds\":[{}],\"pending\":[{}]}}",
      t.micros(), zero_time_.micros(), batch_interval_.micros(), has_queue ? "true" : "false", entries, pending_refs);
  TL_RETURN_IF_ERROR(WriteCheckpointMetadata(dir, t, body));
  DropUnusedSegments(dir);
  ForgetUnrememberedRdds();
  if (tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kCheckpoint;
    e.batch_time = t;
    e.text = fmt::format("checkpoint-{}", t.millis());
    Emit(std::move(e));
  }
  return Status::Ok();
}

std::optional<Timestamp> StreamingContext::LatestCheckpointTime() const {
  if (!checkpoint_dir_) return std::nullopt;
  std::vector<std::string> names = CheckpointNames(*checkpoint_dir_);
  if (names.empty()) return std::nullopt;
  return Timestamp::FromMillis(FileTime(names.back(), "checkpoint-", ""));
}

bool StreamingContext::HasCheckpoint() const {
  if (!checkpoint_dir_) return false;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(*checkpoint_dir_, ec))
    if (FileTime(e.path().filename().string(), "checkpoint-", "") >= 0) return true;
  return false;
}

// What one checkpoint file holds, read and checked in full before any of it is used.
struct StreamingContext::CheckpointImage {
  std::string name;
  Timestamp time, zero;
  int64_t interval_micros = 0;
  bool queue_stream = false;
  struct Rdd {
    SegmentEntry entry;
    std::string file;
    uint64_t offset;
  };
  std::vector<Rdd> rdds;
  std::vector<SegmentEntry> pending;
};

Status StreamingContext::ReadCheckpoint(const std::string& dir_name, const std::string& name, CheckpointImage* image) const {
  const fs::path dir(dir_name);
  std::string content;
  if (!ReadFile(dir / name, &content)) return Status::Io("cannot read " + name);
  std::string_view body;
  if (SplitChecksumTrailer(content, &body) != ChecksumCheck::kOk)
    return Status::Corruption(fmt::format("checkpoint file {} is damaged (checksum mismatch)", name));
  auto parsed = ParseJson(body);
  if (!parsed.ok()) return Status::Corruption(fmt::format("checkpoint file {} is damaged: {}", name, parsed.status().message()));
  const Value& root = *parsed;
  auto field = [&](const char* n) -> const Value& {
    static const Value kNull;
    int i = root.struct_type() ? root.struct_type()->Find(n, false) : -1;
    return i >= 0 ? root[static_cast<size_t>(i)] : kNull;
  };
  image->name = name;
  image->queue_stream = IsTrueJson(field("queueStream"));
  image->interval_micros = field("intervalMicros").as_int();
  image->time = Timestamp::FromMicros(field("timeMicros").as_int());
  image->zero = Timestamp::FromMicros(field("zeroMicros").as_int());
  std::map<int, const DStream*> ids;
  for (const DStream* s : Reachable()) ids[s->id()] = s;
  // The entries the metadata names, (data file, offset), each checksum checked.
  SegmentReader segments(dir, "");
  for (const Value& ref : field("rdds").items()) {
    CheckpointImage::Rdd r{{}, std::string(ref[2].str()), static_cast<uint64_t>(ref[3].as_int())};
    TL_RETURN_IF_ERROR(segments.Load(r.file, r.offset, &r.entry));
    if (r.entry.id != ref[0].as_int() || !ids.count(r.entry.id))
      return Status::Corruption("the checkpoint does not match the pipeline");
    image->rdds.push_back(std::move(r));
  }
  for (const Value& ref : field("pending").items()) {
    SegmentEntry pe;
    TL_RETURN_IF_ERROR(segments.Load(std::string(ref[1].str()), static_cast<uint64_t>(ref[2].as_int()), &pe));
    if (pe.id != ref[0].as_int() || !ids.count(pe.id) || !dynamic_cast<const ArrivalInputDStream*>(ids[pe.id])) return Status::Corruption("the checkpoint does not match the pipeline");
    image->pending.push_back(std::move(pe));
  }
  return Status::Ok();
}

// CheckpointReader.read: the checkpoint files newest first; one that cannot be read is
// passed over for the one before it ("Error reading checkpoint from file ..."), and only
// when none can be read does recovery fail.
Status StreamingContext::RecoverAndStart(Timestamp now) {
  const std::string prefix = "Failed to read checkpoint from directory: ";
  const std::string dir = *checkpoint_dir_;
  std::vector<std::string> names = CheckpointNames(dir);
  if (names.empty()) return Start(now);
  CheckpointImage image;
  Status read_error;
  recovery_warnings_.clear();
  for (auto name = names.rbegin(); name != names.rend(); ++name) {
    image = CheckpointImage{};
    read_error = ReadCheckpoint(dir, *name, &image);
    if (read_error.ok()) break;
    recovery_warnings_.push_back(fmt::format("Error reading checkpoint from file {}: {}", *name, read_error.message()));
  }
  if (!read_error.ok()) return Status::Corruption(prefix + read_error.message());
  metas_.insert(metas_.end(), names.begin(), names.end());
  if (image.queue_stream)
    return Status::Runtime(prefix + "queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled.");
  TL_RETURN_IF_ERROR(build_status_);
  if (!outputs_.empty() && image.interval_micros != batch_interval_.micros())
    return Status::Corruption(prefix + "the checkpoint was written with another batch interval");
  TL_RETURN_IF_ERROR(PrepareGraph(image.zero));
  Restore(std::move(image));
  TL_RETURN_IF_ERROR(CheckNoOtherActive());
  Activate();
  now_ = now;
  return Status::Ok();
}

void StreamingContext::Restore(CheckpointImage image) {
  std::map<int, DStream*> by_id;
  for (DStream* s : order_) by_id[s->id()] = s;
  std::map<int, std::map<Timestamp, RddPtr>> restored;
  for (auto& r : image.rdds) {
    Timestamp t = Timestamp::FromMicros(r.entry.time);
    if (!by_id.at(r.entry.id)->is_input() && t >= image.time) continue;  // recomputed by the rerun
    const int id = r.entry.id;
    const int64_t time = r.entry.time;
    restored[id][t] = MakeRdd(std::move(r.entry.values), r.entry.partitions);
    written_[{id, time}] = Written{r.file, r.offset, WrittenRef(id, time, r.file, r.offset)};
    data_files_.insert(r.file);
  }
  for (DStream* s : order_) {
    auto it = restored.find(s->id());
    s->RestoreGenerated(it == restored.end() ? std::map<Timestamp, RddPtr>{} : std::move(it->second));
  }
  for (auto& pe : image.pending) {
    auto* in = static_cast<ArrivalInputDStream*>(by_id.at(pe.id));  // ReadCheckpoint checked the kind
    auto pending = std::move(pe.pending);
    auto arrived_since = in->pending();  // arrived while the context was down
    pending.insert(pending.end(), arrived_since.begin(), arrived_since.end());
    in->RestorePending(pending);
  }
  // JobGenerator.restart: the batches from the checkpoint time to now run again.
  next_batch_time_ = image.time;
  processing_free_at_ = image.time - batch_interval_;
  if (tracing()) {
    trace::Event e;
    e.kind = trace::EventKind::kRecovered;
    e.batch_time = image.time;
    e.text = image.name;
    for (const std::string& w : recovery_warnings_) e.text += "; " + w;
    Emit(std::move(e));
  }
}

}  // namespace tideline::dstream
