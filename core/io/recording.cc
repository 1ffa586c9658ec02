#include "core/io/recording.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "core/io/line_reader.h"
#include "core/io/safe_path.h"
#include "core/value/json.h"

namespace tideline::io {

namespace {

// The header line: the recording's inputs, or an error.
Status ParseHeader(const std::string& line, const std::string& path, std::map<std::string, std::string>* inputs) {
  auto v = ParseJson(line);
  if (!v.ok() || v->type() != ValueType::kStruct || v->struct_type()->Find("tideline-recording", false) < 0)
    return Status::Parse("not a recording: the first line must be {\"tideline-recording\": 1, \"inputs\": {...}}",
                         SourcePos{path, 1, 1});
  int ii = v->struct_type()->Find("inputs", false);
  if (ii >= 0 && (*v)[static_cast<size_t>(ii)].type() == ValueType::kStruct) {
    const Value& ins = (*v)[static_cast<size_t>(ii)];
    for (size_t k = 0; k < ins.size(); ++k) {
      std::string type = "socket";
      if (ins[k].type() == ValueType::kStruct) {
        int ti = ins[k].struct_type()->Find("type", false);
        if (ti >= 0) type = std::string(ins[k][static_cast<size_t>(ti)].str());
      }
      (*inputs)[ins.struct_type()->names()[k]] = type;
    }
  }
  return Status::Ok();
}

// The latest arrival time a recording may hold: 2^53 - 1 ms (exact in a JSON number),
// about 285,000 years, which start + t keeps within the range of a timestamp.
constexpr double kMaxArrivalMillis = 9007199254740991.0;

// One arrival line: kMalformed when it is not an arrival (counted and skipped), kBadTime
// when its `t` cannot be a time of the recording (an error: records would be lost).
enum class ArrivalParse { kOk, kMalformed, kBadTime };

ArrivalParse ParseArrival(const std::string& line, Arrival* a, std::string* why) {
  auto v = ParseJson(line);
  if (!v.ok() || v->type() != ValueType::kStruct) return ArrivalParse::kMalformed;
  const StructType* st = v->struct_type();
  int ti = st->Find("t", false), ii = st->Find("input", false), di = st->Find("data", false);
  if (ti < 0 || ii < 0 || di < 0 || !(*v)[static_cast<size_t>(ti)].is_number() ||
      (*v)[static_cast<size_t>(ii)].type() != ValueType::kString)
    return ArrivalParse::kMalformed;
  const Value& t = (*v)[static_cast<size_t>(ti)];
  const double ms = t.num();
  if (!(ms >= 0)) {
    *why = fmt::format("arrival time t = {} is negative: a recording's times are milliseconds from its start", t.ToDisplay());
    return ArrivalParse::kBadTime;
  }
  if (ms > kMaxArrivalMillis || ms != static_cast<double>(static_cast<int64_t>(ms))) {
    *why = fmt::format("arrival time t = {} is not a whole number of milliseconds from 0 to {}", t.ToDisplay(),
                       static_cast<int64_t>(kMaxArrivalMillis));
    return ArrivalParse::kBadTime;
  }
  a->t_ms = t.type() == ValueType::kInt ? t.as_int() : static_cast<int64_t>(ms);
  a->input = std::string((*v)[static_cast<size_t>(ii)].str());
  a->data = (*v)[static_cast<size_t>(di)];
  return ArrivalParse::kOk;
}

// Checks an arrival's time against the one before it; false (with `why`) when it goes back.
bool InOrder(const Arrival& a, int64_t previous_ms, std::string* why) {
  if (a.t_ms >= previous_ms) return true;
  *why = fmt::format("arrival time t = {} goes back from {} on an earlier line: a recording's times never decrease "
                     "(a record arriving in the past would belong to a batch already run)", a.t_ms, previous_ms);
  return false;
}

}  // namespace

Result<Recording> ReadRecording(const std::string& path) {
  TL_RETURN_IF_ERROR(CheckRegularFile(path, "recording"));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io(fmt::format("cannot open recording {}: {}", path, std::strerror(errno)));
  Recording rec;
  std::string line;
  int lineno = 0;
  for (LineRead read; (read = ReadBoundedLine(in, &line)) != LineRead::kEnd;) {
    ++lineno;
    if (read == LineRead::kTooLong) {
      if (lineno == 1) return Status::Corruption(fmt::format("recording {}: its header line is too long", path));
      ++rec.malformed;  // longer than limits::kMaxLineBytes
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (lineno == 1) {
      TL_RETURN_IF_ERROR(ParseHeader(line, path, &rec.inputs));
      continue;
    }
    Arrival a;
    std::string why;
    ArrivalParse parsed = ParseArrival(line, &a, &why);
    if (parsed == ArrivalParse::kMalformed) { ++rec.malformed; continue; }
    if (parsed == ArrivalParse::kBadTime || !InOrder(a, rec.arrivals.empty() ? 0 : rec.arrivals.back().t_ms, &why))
      return Status::Parse(why, SourcePos{path, lineno, 1});
    rec.arrivals.push_back(std::move(a));
  }
  return rec;
}

Result<std::unique_ptr<RecordingReader>> RecordingReader::Open(const std::string& path) {
  TL_RETURN_IF_ERROR(CheckRegularFile(path, "recording"));
  auto r = std::unique_ptr<RecordingReader>(new RecordingReader());
  r->in_.open(path, std::ios::binary | std::ios::ate);
  if (!r->in_) return Status::Io(fmt::format("cannot open recording {}: {}", path, std::strerror(errno)));
  r->bytes_total_ = static_cast<int64_t>(r->in_.tellg());
  r->in_.seekg(0);
  std::string line;
  // The header is the first line, even when it is empty (ReadRecording's rule).
  if (ReadBoundedLine(r->in_, &line) != LineRead::kLine) line.clear();
  r->bytes_read_ = std::min<int64_t>(r->bytes_total_, static_cast<int64_t>(line.size()) + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!line.empty()) TL_RETURN_IF_ERROR(ParseHeader(line, path, &r->inputs_));
  r->path_ = path;
  r->line_number_ = 1;
  return r;
}

int64_t RecordingReader::TimeAfter(int64_t offset, int64_t* line_start) {
  in_.clear();
  in_.seekg(offset);
  std::string line;
  if (offset > 0 && ReadBoundedLine(in_, &line) == LineRead::kEnd) return INT64_MAX;  // the partial line
  for (;;) {
    const int64_t at = static_cast<int64_t>(in_.tellg());
    if (at < 0) return INT64_MAX;
    LineRead read = ReadBoundedLine(in_, &line);
    if (read == LineRead::kEnd) return INT64_MAX;
    if (read == LineRead::kTooLong) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Arrival a;
    std::string why;
    if (line.empty() || ParseArrival(line, &a, &why) != ArrivalParse::kOk) continue;
    *line_start = at;
    return a.t_ms;
  }
}

Status RecordingReader::SkipTo(int64_t t_ms) {
  const int64_t first = bytes_read_;  // after the header
  int64_t lo = first, hi = bytes_total_, start = 0;
  // Invariant: every arrival starting before `lo` is earlier than t_ms; the first one at
  // or after t_ms starts before `hi` (or there is none).
  while (hi - lo > 4096) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (TimeAfter(mid, &start) < t_ms) lo = mid;
    else hi = mid;
  }
  in_.clear();
  in_.seekg(lo);
  std::string line;
  if (lo > first && ReadBoundedLine(in_, &line) == LineRead::kEnd) return Status::Ok();
  bytes_read_ = static_cast<int64_t>(in_.tellg());
  line_number_ = 1;
  for (Arrival a; Next(&a);) {
    if (a.t_ms < t_ms) continue;
    pending_ = std::move(a);
    return Status::Ok();
  }
  return error_;
}

bool RecordingReader::Next(Arrival* out) {
  if (pending_) {
    *out = std::move(*pending_);
    pending_.reset();
    return true;
  }
  for (LineRead read; (read = ReadBoundedLine(in_, &line_)) != LineRead::kEnd;) {
    ++line_number_;  // the header was line 1
    bytes_read_ = std::min(bytes_total_, bytes_read_ + static_cast<int64_t>(line_.size()) + 1);
    if (read == LineRead::kTooLong) {
      ++malformed_;  // longer than limits::kMaxLineBytes
      continue;
    }
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.empty()) continue;
    std::string why;
    ArrivalParse parsed = ParseArrival(line_, out, &why);
    if (parsed == ArrivalParse::kMalformed) {
      ++malformed_;
      continue;
    }
    if (parsed == ArrivalParse::kBadTime || !InOrder(*out, last_t_ms_, &why)) {
      error_ = Status::Parse(why, SourcePos{path_, line_number_, 1});
      return false;
    }
    last_t_ms_ = out->t_ms;
    return true;
  }
  bytes_read_ = bytes_total_;
  return false;
}

Result<std::unique_ptr<RecordingWriter>> RecordingWriter::Open(const std::string& path,
                                                               const std::map<std::string, std::string>& inputs) {
  auto w = std::unique_ptr<RecordingWriter>(new RecordingWriter());
  w->out_.open(path, std::ios::binary | std::ios::trunc);
  if (!w->out_) return Status::Io(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  std::string header = "{\"tideline-recording\":1,\"inputs\":{";
  bool first = true;
  for (const auto& [name, type] : inputs) {
    if (!first) header += ",";
    first = false;
    AppendJsonString(&header, name);
    header += ":{\"type\":";
    AppendJsonString(&header, type);
    header += "}";
  }
  header += "}}\n";
  w->out_ << header;
  return w;
}

Status RecordingWriter::Append(int64_t t_ms, const std::string& input, const Value& data) {
  std::string line = fmt::format("{{\"t\":{},\"input\":", t_ms);
  AppendJsonString(&line, input);
  line += ",\"data\":";
  data.AppendJson(&line);
  line += "}\n";
  out_ << line;
  if (!out_) return Status::Io("write failed");
  return Status::Ok();
}

Status RecordingWriter::Close() {
  out_.close();
  return out_ ? Status::Ok() : Status::Io("close failed");
}

}  // namespace tideline::io
