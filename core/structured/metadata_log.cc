#include "core/structured/metadata_log.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/common/atomic_file.h"
#include "core/common/bound_checksum.h"
#include "core/value/json.h"

namespace tideline::structured {

namespace fs = std::filesystem;

namespace {

// What a log file's checksum is bound to: its log and batch ("offsets/5"), so that a file
// copied over another one is refused (core/common/bound_checksum.h).
std::string Identity(const fs::path& p) {
  const std::string name = p.filename().string();
  const bool numbered = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  return numbered ? p.parent_path().filename().string() + "/" + name : name;
}

}  // namespace

Status WriteLogFile(const fs::path& p, const std::string& text) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  return WriteFileAtomically(p, WithBoundChecksumTrailer(Identity(p), text));
}

Result<std::string> ReadLogFile(const fs::path& p) {
  auto file = ReadWholeFile(p);
  if (!file.ok()) return Status::Corruption(fmt::format("checkpoint file {} cannot be read: {}", p.string(), file.status().message()));
  std::string_view text;
  switch (SplitBoundChecksumTrailer(Identity(p), *file, &text)) {
    case ChecksumCheck::kMissing:
      return Status::Corruption(fmt::format("checkpoint file {} is damaged: its checksum line is missing", p.string()));
    case ChecksumCheck::kMismatch:
      return Status::Corruption(fmt::format(
          "checkpoint file {} is damaged or holds another file's content: its checksum does not match {}", p.string(),
          Identity(p)));
    case ChecksumCheck::kOk: break;
  }
  return std::string(text);
}

std::vector<int64_t> LogIds(const fs::path& dir) {
  std::vector<int64_t> ids;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return ids;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    if (n.empty() || !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    ids.push_back(std::stoll(n));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

const std::vector<std::pair<std::string, std::string>>& RelevantConfs() {
  static const std::vector<std::pair<std::string, std::string>> confs = {
      {"spark.sql.shuffle.partitions", "200"},
      {"spark.sql.streaming.multipleWatermarkPolicy", "min"},
  };
  return confs;
}

std::string OffsetText(const OffsetSeq& e, const std::map<std::string, std::string>& conf) {
  std::string s = fmt::format("v1\n{{\"batchWatermarkMs\":{},\"batchTimestampMs\":{},\"conf\":{{", e.batch_watermark.millis(), e.batch_timestamp.millis());
  bool first = true;
  for (const auto& [k, def] : RelevantConfs()) {
    auto it = conf.find(k);
    s += first ? "" : ",";
    first = false;
    AppendJsonString(&s, k);
    s += ":";
    AppendJsonString(&s, it == conf.end() ? def : it->second);
  }
  s += "}}\n";
  for (const auto& [name, off] : e.offsets) s += fmt::format("{{\"{}\":{}}}\n", name, off);
  return s;
}

namespace {
// A time field of a log entry, in milliseconds as Spark writes it: an integer whose time
// in microseconds fits, else the file is damaged.
Result<Timestamp> MillisField(const Value& v, const std::string& file, const char* name) {
  constexpr int64_t kMostMillis = INT64_MAX / 1000;
  if (v.type() != ValueType::kInt || v.as_int() > kMostMillis || v.as_int() < -kMostMillis)
    return Status::Corruption(fmt::format("checkpoint file {} is damaged: {} is not a time in milliseconds", file, name));
  return Timestamp::FromMillis(v.as_int());
}
}  // namespace

Result<OffsetSeq> ParseOffsetText(const std::string& text, const std::string& file) {
  OffsetSeq e;
  size_t nl = text.find('\n');
  if (nl == std::string::npos || text.substr(0, nl) != "v1")
    return Status::Corruption(fmt::format("checkpoint file {} is damaged: unsupported log version", file));
  size_t pos = nl + 1;
  bool meta = true;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    auto v = ParseJson(line);
    if (!v.ok() || v->type() != ValueType::kStruct)
      return Status::Corruption(fmt::format("checkpoint file {} is damaged: {}", file, line));
    if (meta) {
      int w = v->struct_type()->Find("batchWatermarkMs", false);
      int t = v->struct_type()->Find("batchTimestampMs", false);
      if (w >= 0) {
        TL_ASSIGN_OR_RETURN(e.batch_watermark, MillisField((*v)[static_cast<size_t>(w)], file, "batchWatermarkMs"));
      }
      if (t >= 0) {
        TL_ASSIGN_OR_RETURN(e.batch_timestamp, MillisField((*v)[static_cast<size_t>(t)], file, "batchTimestampMs"));
      }
      int c = v->struct_type()->Find("conf", false);
      if (c >= 0 && (*v)[static_cast<size_t>(c)].type() == ValueType::kStruct) {
        const Value& cv = (*v)[static_cast<size_t>(c)];
        for (size_t i = 0; i < cv.size(); ++i)
          if (cv[i].type() == ValueType::kString) e.conf[cv.struct_type()->names()[i]] = std::string(cv[i].str());
      }
      meta = false;
      continue;
    }
    for (size_t i = 0; i < v->size(); ++i) e.offsets[v->struct_type()->names()[i]] = (*v)[i].as_int();
  }
  return e;
}

std::string CommitText(Timestamp next_batch_watermark) {
  return fmt::format("v1\n{{\"nextBatchWatermarkMs\":{}}}\n", next_batch_watermark.millis());
}

Result<std::optional<Timestamp>> ParseCommitText(const std::string& text, const std::string& file) {
  auto v = ParseJson(text.substr(text.find('\n') + 1));
  if (!v.ok() || v->type() != ValueType::kStruct) return Status::Corruption("checkpoint file " + file + " is damaged");
  int w = v->struct_type()->Find("nextBatchWatermarkMs", false);
  if (w < 0) return std::optional<Timestamp>();
  TL_ASSIGN_OR_RETURN(Timestamp next, MillisField((*v)[static_cast<size_t>(w)], file, "nextBatchWatermarkMs"));
  return std::optional<Timestamp>(next);
}

void PurgeLogs(const fs::path& checkpoint_dir, int64_t batch_id) {
  // HDFSMetadataLog.purge: every entry below the threshold, oldest first, offsets before
  // commits, so that a process killed midway leaves both logs consecutive and the next
  // purge takes what it left.
  std::error_code ec;
  for (const char* d : {"offsets", "commits"})
    for (int64_t id : LogIds(checkpoint_dir / d)) {
      if (id > batch_id - 10) break;
      fs::remove(checkpoint_dir / d / std::to_string(id), ec);
    }
}

}  // namespace tideline::structured
