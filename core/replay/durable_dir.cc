// The directory of a durable run or replay (durable_dir.h).
#include "core/replay/durable_dir.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/sha256.h"
#include "core/scenario/ynode.h"

namespace tideline::replay {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRecord = "tideline-checkpoint.json";

// The parts of a scenario file that are not its pipeline.
bool NotPipeline(const std::string& key) {
  return key == "steps" || key == "title" || key == "summary" || key == "tags" || key == "origin";
}

void Dump(const scenario::YNode& n, std::string* o) {
  using K = scenario::YNode::Kind;
  switch (n.kind) {
    case K::kNull: *o += "~"; return;
    case K::kScalar: *o += fmt::format("{}{}:{}", n.quoted ? "q" : "s", n.scalar.size(), n.scalar); return;
    case K::kSeq:
      *o += fmt::format("[{}", n.seq.size());
      for (const auto& c : n.seq) Dump(c, o);
      *o += "]";
      return;
    case K::kMap:
      *o += fmt::format("{{{}", n.map.size());
      for (const auto& [k, v] : n.map) {
        *o += fmt::format("{}:{}=", k.size(), k);
        Dump(v, o);
      }
      *o += "}";
      return;
  }
}

std::string Hash(std::string_view s) {
  Sha256 h;
  h.Update(s);
  return h.HexDigest();
}

// A field of the record ("scenario", "pipeline", "stepsDone"), or empty.
std::string Field(const std::string& text, const std::string& name) {
  std::string key = "\"" + name + "\":";
  size_t p = text.find(key);
  if (p == std::string::npos) return {};
  p += key.size();
  if (p < text.size() && text[p] == '"') {
    size_t e = text.find('"', p + 1);
    return e == std::string::npos ? std::string() : text.substr(p + 1, e - p - 1);
  }
  size_t e = text.find_first_of(",}", p);
  return text.substr(p, e == std::string::npos ? std::string::npos : e - p);
}

}  // namespace

std::string ScenarioIdentity(const scenario::Scenario& sc, const std::string& file) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(file, ec), ec);
  std::string pipeline;
  for (const auto& [k, v] : sc.root.map) {
    if (NotPipeline(k)) continue;
    pipeline += k + "=";
    Dump(v, &pipeline);
  }
  return Hash(abs.string()) + " " + Hash(pipeline);
}

// The identity of a replay's recording (a hash of its absolute path), or "" for a run.
std::string RecordingIdentity(const std::string& recording) {
  if (recording.empty()) return {};
  if (recording == kLiveRun) return "live";
  std::error_code ec;
  return Hash(fs::weakly_canonical(fs::absolute(recording, ec), ec).string());
}

Result<DurableState> OpenCheckpointDir(const std::string& dir, const scenario::Scenario& sc, const std::string& file,
                                       const std::string& recording) {
  std::error_code ec;
  DurableState st;
  fs::path record = fs::path(dir) / kRecord;
  if (!fs::exists(record, ec)) {
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
      return Status::InvalidArgument(fmt::format("{}: error: --checkpoint names a file, not a directory", dir));
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
      return Status::InvalidArgument(fmt::format(
          "{}: error: the directory is not empty and holds no Tideline checkpoint; give an empty or new directory", dir));
    fs::create_directories(dir, ec);
    if (ec) return Status::Io(fmt::format("{}: error: cannot create the directory: {}", dir, ec.message()));
    TL_RETURN_IF_ERROR(RecordSteps(dir, sc, file, 0, recording));
    return st;
  }
  std::ifstream in(record, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  std::string id = ScenarioIdentity(sc, file);
  std::string scenario_hash = id.substr(0, id.find(' ')), pipeline_hash = id.substr(id.find(' ') + 1);
  if (Field(text, "scenario") != scenario_hash)
    return Status::InvalidArgument(fmt::format(
        "{}: error: the directory holds the checkpoint of another scenario (from {}), not of {}", dir,
        Field(text, "file").empty() ? "an unknown file" : Field(text, "file"), file));
  if (Field(text, "pipeline") != pipeline_hash)
    return Status::InvalidArgument(fmt::format(
        "{}: error: the directory holds the checkpoint of another pipeline: {} changed since the checkpoint was "
        "written (inputs, streams, query or outputs)", dir, file));
  const std::string held = Field(text, "recording");
  if (held != RecordingIdentity(recording))
    return Status::InvalidArgument(fmt::format(
        "{}: error: the directory holds the checkpoint of {}, not of {}", dir,
        held.empty() ? "a run of the scenario's steps" : held == "live" ? "a live run" : "a replay of another recording",
        recording.empty() ? "a run of the scenario's steps" : recording == kLiveRun ? "a live run" : "a replay of " + recording));
  st.fresh = false;
  st.steps_done = std::atoi(Field(text, "stepsDone").c_str());
  return st;
}

Status RecordSteps(const std::string& dir, const scenario::Scenario& sc, const std::string& file, int steps_done,
                   const std::string& recording) {
  std::string id = ScenarioIdentity(sc, file);
  std::string name = fs::path(file).filename().string();
  for (char& c : name)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
  std::string text = fmt::format(
      "{{\"scenario\":\"{}\",\"pipeline\":\"{}\",\"recording\":\"{}\",\"file\":\"{}\",\"stepsDone\":{},\"steps\":{}}}\n",
      id.substr(0, id.find(' ')), id.substr(id.find(' ') + 1), RecordingIdentity(recording), name, steps_done,
      sc.steps.size());
  fs::path tmp = fs::path(dir) / (std::string(kRecord) + ".tmp");
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) return Status::Io(fmt::format("{}: error: cannot write {}", dir, kRecord));
  }
  std::error_code ec;
  fs::rename(tmp, fs::path(dir) / kRecord, ec);
  if (ec) return Status::Io(fmt::format("{}: error: cannot write {}: {}", dir, kRecord, ec.message()));
  return Status::Ok();
}

}  // namespace tideline::replay
