// Reads a run's outputs as a reader sees them (output_reader.h).
#include "core/verify/output_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tideline::verify {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> Lines(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream f(p, std::ios::binary);
  std::string line;
  while (std::getline(f, line)) out.push_back(line);
  return out;
}

// Every line of the part files of each directory `prefix-TIME[.suffix]` (saveAsTextFiles),
// each as "DIR: LINE".
std::vector<std::string> TextFilesDirs(const fs::path& prefix) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::path parent = prefix.parent_path();
  const std::string stem = prefix.filename().string() + "-";
  for (const auto& d : fs::directory_iterator(parent, ec)) {
    std::string name = d.path().filename().string();
    if (!d.is_directory() || name.rfind(stem, 0) != 0) continue;
    std::vector<fs::path> parts;
    for (const auto& f : fs::directory_iterator(d.path(), ec))
      if (f.path().filename().string().rfind("part-", 0) == 0) parts.push_back(f.path());
    std::sort(parts.begin(), parts.end());
    for (const auto& p : parts)
      for (auto& l : Lines(p)) out.push_back(name + ": " + l);
  }
  return out;
}

// The rows of a file sink: the files that _spark_metadata names (FileStreamSinkLog), each
// line a row. Files the log does not name (a batch that died before its entry) are unseen.
std::vector<std::string> FileSinkRows(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  std::vector<fs::path> logs;
  for (const auto& e : fs::directory_iterator(dir / "_spark_metadata", ec)) {
    const std::string name = e.path().filename().string();  // a batch id; not a temporary file
    if (!name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
      logs.push_back(e.path());
  }
  std::sort(logs.begin(), logs.end());
  const std::string key = "\"path\":\"file://";
  for (const auto& log : logs) {
    for (const std::string& l : Lines(log)) {
      size_t at = l.find(key);
      if (at == std::string::npos) continue;
      size_t start = at + key.size();
      size_t end = l.find('"', start);
      if (end == std::string::npos) continue;
      for (auto& row : Lines(l.substr(start, end - start))) out.push_back(row);
    }
  }
  return out;
}

std::string Text(const scenario::YNode* n, const char* key, const std::string& def) {
  if (!n) return def;
  const scenario::YNode* v = n->Get(key);
  return v ? v->scalar : def;
}

}  // namespace

std::vector<OutputContent> ReadOutputs(const scenario::Scenario& sc, const std::string& dir,
                                       const std::vector<std::string>& printed,
                                       const std::vector<std::string>& memory_rows) {
  std::vector<OutputContent> out;
  if (sc.api == scenario::Api::kDStream) {
    std::vector<std::string> prints;
    for (const auto& o : sc.outputs)
      if (o.kind == "print") prints.push_back(o.stream);
    for (const auto& o : sc.outputs) {
      OutputContent c;
      if (o.kind == "print") {
        // print() blocks carry no stream name: several print outputs are read together.
        if (prints.size() > 1 && o.stream != prints.front()) continue;
        c.name = prints.size() > 1 ? "print" : fmt::format("print({})", o.stream);
        c.items = printed;
      } else if (o.kind == "saveAsTextFiles") {
        std::string prefix = Text(&o.arg, "prefix", "");
        c.name = fmt::format("saveAsTextFiles({})", prefix);
        c.items = TextFilesDirs(fs::path(dir) / prefix);
      } else if (o.kind == "foreachRDD") {
        std::string file = Text(&o.arg, "appendFile", "");
        c.name = fmt::format("appendFile({})", file);
        c.items = Lines(fs::path(dir) / file);
      } else {
        continue;  // collect
      }
      out.push_back(std::move(c));
    }
  } else {
    const scenario::YNode* sink = sc.sink.is_map() ? &sc.sink : nullptr;
    std::string format = Text(sink, "format", "memory");
    const scenario::YNode* options = sink ? sink->Get("options") : nullptr;
    std::string path = Text(options, "path", "out");
    OutputContent c;
    if (format == "memory") {
      c.name = "memory sink";
      c.items = memory_rows;
    } else if (format == "console") {
      c.name = "console sink";
      c.items = printed;
    } else if (format == "file" || format == "json" || format == "csv") {
      c.name = fmt::format("file sink({})", path);
      c.items = FileSinkRows(fs::path(dir) / path);
    } else if (format == "foreachBatch") {
      c.name = fmt::format("foreachBatch({})", path);
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(fs::path(dir) / path, ec))
        for (auto& l : Lines(e.path())) c.items.push_back(e.path().filename().string() + ": " + l);
    } else {
      return out;  // noop
    }
    out.push_back(std::move(c));
  }
  for (auto& c : out) std::sort(c.items.begin(), c.items.end());
  return out;
}

}  // namespace tideline::verify
