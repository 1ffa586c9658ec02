// The inputs of a live run and what a durable live run's restart reads again (live_inputs.h).
#include "cli/live_inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/io/safe_path.h"
#include "core/structured/metadata_log.h"
#include "core/value/json.h"

namespace tideline::cli {

namespace fs = std::filesystem;
using scenario::PipelineFeed;

namespace {

std::vector<Value> ToValues(std::vector<std::string>& lines) {
  std::vector<Value> out;
  out.reserve(lines.size());
  for (std::string& l : lines) out.push_back(Value::String(std::move(l)));
  return out;
}

// The lines of a file (none when it is gone).
std::vector<std::string> ReadLines(const fs::path& p) {
  std::vector<std::string> lines;
  std::ifstream in(p, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

// The string field `name` of a JSON object's text, or empty.
std::string JsonField(std::string_view text, const char* name) {
  auto v = ParseJson(text);
  if (!v.ok() || v->type() != ValueType::kStruct) return {};
  const int i = v->struct_type()->Find(name, false);
  if (i < 0 || (*v)[static_cast<size_t>(i)].type() != ValueType::kString) return {};
  return std::string((*v)[static_cast<size_t>(i)].str());
}

Status AppendLine(const std::string& path, const std::string& line) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << line << "\n";
  out.flush();
  if (!out) return Status::Io(fmt::format("cannot write {}", path));
  return Status::Ok();
}

// A DStream file stream's log line: the arrival time (µs) and the file's name, or
// "ignored" for a file there at the first start.
std::string FileLogLine(const std::string& when, const std::string& name) {
  std::string line = when + " ";
  AppendJsonString(&line, name);
  return line;
}

// Notes `file` before its lines are given: in the DStream file log with its arrival time,
// or as the next entry of the structured seen-files log (FileStreamSourceLog's format).
Status NoteFile(LiveInput& in, const io::LiveSource::File& file, Timestamp arrival) {
  if (in.log.empty()) return Status::Ok();
  if (!in.structured) return AppendLine(in.log, FileLogLine(std::to_string(arrival.micros()), file.name));
  std::string path = "file://" + (fs::absolute(in.src->directory()) / file.name).lexically_normal().string();
  std::string entry = "v1\n{\"path\":";
  AppendJsonString(&entry, path);
  entry += fmt::format(",\"timestamp\":{},\"batchId\":{}}}\n", file.mtime_micros / 1000, in.next_log_id);
  TL_RETURN_IF_ERROR(structured::WriteLogFile(fs::path(in.log) / std::to_string(in.next_log_id), entry));
  ++in.next_log_id;
  return Status::Ok();
}

// The names of the files of a seen-files log, by entry (0, 1, ...).
Result<std::vector<std::string>> ReadSeenFiles(const fs::path& folder) {
  std::vector<std::string> names;
  for (int64_t id : structured::LogIds(folder)) {
    if (id != static_cast<int64_t>(names.size()))
      return Status::Corruption(fmt::format("the seen-files log {} has no entry {}", folder.string(), names.size()));
    TL_ASSIGN_OR_RETURN(std::string text, structured::ReadLogFile(folder / std::to_string(id)));
    const size_t nl = text.find('\n');
    std::string path = nl == std::string::npos ? std::string() : JsonField(text.substr(nl + 1), "path");
    if (path.empty()) return Status::Corruption(fmt::format("checkpoint file {}/{} is damaged", folder.string(), id));
    names.push_back(fs::path(path).filename().string());
  }
  return names;
}

// FileInputDStream after StreamingContext.getOrCreate: the files that arrived before the
// checkpoint's time are in its batches (batchTimeToSelectedFiles, recentlySelectedFiles);
// the others, read by the process that died or written while it was down, are found by
// the regenerated batches, each by the first batch at or after its modification time.
Status ResumeFileStream(PipelineFeed& f, LiveInput& in, const std::string& dir, Timestamp now) {
  const fs::path log = fs::path(dir) / "live" / fmt::format("input-{}.files", in.index);
  in.log = log.string();
  std::error_code ec;
  fs::create_directories(log.parent_path(), ec);
  if (ec) return Status::Io(fmt::format("cannot create {}: {}", log.parent_path().string(), ec.message()));
  if (!f.resumed_at()) {
    // A new context: the files there now are ignored (newFilesOnly), whatever a process
    // that died before its first checkpoint read.
    std::ofstream fresh(log, std::ios::binary | std::ios::trunc);
    for (const std::string& name : in.src->seen()) fresh << FileLogLine("ignored", name) << "\n";
    fresh.flush();
    return fresh ? Status::Ok() : Status::Io(fmt::format("cannot write {}", in.log));
  }
  const Timestamp checkpoint = *f.resumed_at();
  std::map<std::string, bool> read;  // the last note of each file: whether the checkpoint holds it
  std::ifstream logged(log, std::ios::binary);
  for (std::string line; std::getline(logged, line);) {
    const size_t sp = line.find(' ');
    auto name = ParseJson(sp == std::string::npos ? std::string_view() : std::string_view(line).substr(sp + 1));
    if (!name.ok() || name->type() != ValueType::kString) continue;  // a line cut by a kill
    const std::string when = line.substr(0, sp);
    read[std::string(name->str())] =
        when == "ignored" || Timestamp::FromMicros(std::atoll(when.c_str())) < checkpoint;
  }
  const std::set<std::string> present = in.src->seen();
  for (const std::string& name : present)
    if (!read[name]) in.src->MarkSeen(name, false);
  std::vector<std::pair<Timestamp, io::LiveSource::File>> due;
  for (io::LiveSource::File& file : in.src->PollFiles()) {
    Timestamp at = std::min(now, std::max(checkpoint, Timestamp::FromMicros(file.mtime_micros)));
    due.emplace_back(at, std::move(file));
  }
  std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.name < b.second.name;
  });
  for (auto& [at, file] : due) {
    TL_RETURN_IF_ERROR(NoteFile(in, file, at));
    TL_RETURN_IF_ERROR(f.Arrive(in.name, at, ToValues(file.lines)));
  }
  return Status::Ok();
}

// MicroBatchExecution.populateStartOffsets over the sources as they are after a restart:
// a file source's log (FileStreamSourceLog) still names its files, so the chunks within the
// logged offsets are given again before the query restarts, and those logged after them
// come next; a socket's lines are gone (its chunks come back empty), and a socket that had
// read lines fails at its next commit (TextSocketMicroBatchStream.commit).
Status ResumeStructured(PipelineFeed& f, std::vector<LiveInput>* inputs, const std::string& dir, Timestamp now) {
  std::map<std::string, int64_t> chunks = f.resume_chunks();
  if (chunks.size() == 1 && inputs->size() == 1 && !chunks.count(inputs->front().name)) {
    const int64_t n = chunks.begin()->second;  // the only input, under the source's name
    chunks = {{inputs->front().name, n}};
  }
  const Timestamp at = f.resumed_at().value_or(now);
  std::vector<std::pair<LiveInput*, std::vector<std::string>>> logged_after;
  for (LiveInput& in : *inputs) {
    auto c = chunks.find(in.name);
    const int64_t given = c == chunks.end() ? 0 : c->second;
    if (c != chunks.end()) chunks.erase(c);
    if (!in.directory) {
      for (int64_t i = 0; i < given; ++i) TL_RETURN_IF_ERROR(f.Arrive(in.name, at, {}));
      if (given > 0) in.failure = fmt::format("Offsets committed out of order: {} followed by -1", given - 1);
      continue;
    }
    const fs::path folder = fs::path(dir) / "checkpoint" / "sources" / std::to_string(in.index);
    in.log = folder.string();
    TL_ASSIGN_OR_RETURN(std::vector<std::string> names, ReadSeenFiles(folder));
    if (static_cast<int64_t>(names.size()) < given)
      return Status::Corruption(fmt::format("the seen-files log {} names {} files, fewer than the {} of the offset log",
                                            folder.string(), names.size(), given));
    for (int64_t i = 0; i < static_cast<int64_t>(names.size()); ++i) {
      in.src->MarkSeen(names[i]);
      std::vector<std::string> lines = ReadLines(fs::path(in.src->directory()) / names[i]);
      if (i < given) TL_RETURN_IF_ERROR(f.Arrive(in.name, at, ToValues(lines)));
    }
    in.next_log_id = static_cast<int64_t>(names.size());
    logged_after.emplace_back(&in, std::vector<std::string>(names.begin() + given, names.end()));
  }
  // Other sources within the offsets (not read live) hold nothing any more.
  for (const auto& [name, n] : chunks)
    for (int64_t i = 0; i < n; ++i) TL_RETURN_IF_ERROR(f.Arrive(name, at, {}));
  if (f.resumed_at()) TL_RETURN_IF_ERROR(f.AdvanceTo(now));  // the query restarts on its checkpoint
  for (auto& [in, names] : logged_after)
    for (const std::string& name : names) {
      std::vector<std::string> lines = ReadLines(fs::path(in->src->directory()) / name);
      TL_RETURN_IF_ERROR(f.Arrive(in->name, now, ToValues(lines)));
    }
  return Status::Ok();
}

}  // namespace

Result<std::vector<LiveInput>> OpenLiveInputs(const scenario::Scenario& sc) {
  const bool structured = sc.api != scenario::Api::kDStream;
  std::vector<LiveInput> inputs;
  for (size_t k = 0; k < sc.inputs.size(); ++k) {
    const scenario::InputDef& in = sc.inputs[k];
    LiveInput live;
    live.name = in.name;
    live.index = static_cast<int>(k);
    live.structured = structured;
    Result<std::unique_ptr<io::LiveSource>> src = Status::InvalidArgument("");
    if (in.type == "socket") {
      const scenario::YNode* h = in.spec.Get("host");
      const scenario::YNode* p = in.spec.Get("port");
      int port = 9999;
      if (p) {
        Value pv = p->ToValue();
        if (pv.type() != ValueType::kInt)
          return Status::InvalidArgument(fmt::format("{}:{}:{}: error: port must be a number", sc.path, p->pos.line, p->pos.column));
        port = static_cast<int>(pv.as_int());
      }
      src = io::LiveSource::Socket(h ? h->scalar : "127.0.0.1", port);
    } else if (in.type == "textFile" || (structured && in.type == "file")) {
      const scenario::YNode* d = in.spec.Get(structured ? "path" : "directory");
      fs::path dir = d ? d->scalar : ".";
      const fs::path folder = fs::path(sc.path).parent_path();
      if (dir.is_relative()) dir = folder / dir;
      // A watched directory is an input like a recording: inside the scenario's folder or
      // a folder the user allowed (core/io/safe_path.h).
      std::vector<fs::path> roots{folder.empty() ? fs::path(".") : folder};
      for (const std::string& r : sc.allowed_paths) roots.emplace_back(r);
      if (Status in_root = io::CheckInputPath(dir, roots, "watched directory"); !in_root.ok()) {
        const auto pos = d ? d->TextPos() : in.pos;
        return Status::InvalidArgument(
            fmt::format("{}:{}:{}: error: input '{}': {}", sc.path, pos.line, pos.column, in.name, in_root.message()));
      }
      // A structured file source reads the files there at the start too (FileStreamSource);
      // textFileStream only new ones.
      src = io::LiveSource::Directory(dir.string(), structured);
      live.directory = true;
    } else {
      continue;
    }
    if (!src.ok())
      return Status::InvalidArgument(fmt::format("{}:{}:{}: error: input '{}': {}", sc.path, in.pos.line, in.pos.column,
                                                 in.name, src.status().message()));
    live.src = std::move(*src);
    inputs.push_back(std::move(live));
  }
  if (inputs.empty())
    return Status::InvalidArgument(sc.path + (structured ? ": error: --live needs a socket or file input"
                                                         : ": error: --live needs a socket or textFile input"));
  return inputs;
}

Status ResumeLiveInputs(PipelineFeed& f, std::vector<LiveInput>* inputs, const std::string& dir, Timestamp now) {
  if (f.structured()) return ResumeStructured(f, inputs, dir, now);
  for (LiveInput& in : *inputs)
    if (in.directory) TL_RETURN_IF_ERROR(ResumeFileStream(f, in, dir, now));
  return Status::Ok();
}

Status PollLiveInputs(PipelineFeed& f, std::vector<LiveInput>* inputs, Timestamp now, int timeout_ms, bool* any_open) {
  *any_open = false;
  for (LiveInput& in : *inputs) {
    if (in.directory) {
      *any_open = true;  // a directory never closes
      for (io::LiveSource::File& file : in.src->PollFiles()) {
        TL_RETURN_IF_ERROR(NoteFile(in, file, now));
        TL_RETURN_IF_ERROR(f.Arrive(in.name, now, ToValues(file.lines)));
      }
      continue;
    }
    std::vector<std::string> lines;
    *any_open = in.src->Poll(&lines, timeout_ms) || *any_open;
    if (lines.empty()) continue;
    if (!in.failure.empty()) return Status::IllegalState(in.failure);
    TL_RETURN_IF_ERROR(f.Arrive(in.name, now, ToValues(lines)));
  }
  return Status::Ok();
}

}  // namespace tideline::cli
