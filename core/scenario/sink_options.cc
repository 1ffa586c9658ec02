#include "core/scenario/sink_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "core/common/strings.h"
#include "core/io/safe_path.h"
#include "core/scenario/operations.h"
#include "core/scenario/source_options.h"

namespace tideline::scenario {

namespace {

// The options each sink format reads.
const std::map<std::string, std::vector<std::string>>& SinkOptionKeys() {
  static const std::map<std::string, std::vector<std::string>> keys = {
      {"memory", {}},
      {"noop", {}},
      {"console", {"numRows", "truncate"}},
      {"file", {"path", "format"}},
      {"json", {"path"}},
      {"csv", {"path"}},
      {"foreachBatch", {"path", "format"}},
  };
  return keys;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : ", ") + w;
  return s.empty() ? "none" : s;
}

}  // namespace

Status CheckSinkSpec(const YNode& sink, const std::string& run_dir) {
  if (!sink.is_map()) return Status::Ok();
  for (const char* key : {"format", "outputMode", "queryName"}) {
    const YNode* n = sink.Get(key);
    if (n && !n->is_scalar() && !n->is_null())
      return Status::Parse(fmt::format("sink {} must be a single word, not {}", key, n->KindName()), n->pos);
  }
  const YNode* f = sink.Get("format");
  const std::string format = f && f->is_scalar() ? f->scalar : "memory";
  const YNode* options = sink.Get("options");
  if (!options || options->is_null()) return Status::Ok();
  if (!options->is_map()) return Status::Parse("sink options must be a map", options->pos);
  auto known = SinkOptionKeys().find(format);
  if (known == SinkOptionKeys().end()) return Status::Ok();  // an unknown format is reported by the runner
  for (size_t i = 0; i < options->map.size(); ++i) {
    const auto& [key, value] = options->map[i];
    const SourcePos& pos = options->key_pos[i];
    if (AsciiIEq(key, "checkpointLocation"))
      return Status::Parse(
          "sink option 'checkpointLocation' is not supported: Spark would keep the query's checkpoint there; a "
          "scenario's checkpoint is always in its run's directory (tideline run --out DIR keeps it)",
          pos);
    auto same = [&key = key](const std::string& k) { return AsciiIEq(k, key); };
    if (std::find_if(known->second.begin(), known->second.end(), same) == known->second.end())
      return Status::Parse(fmt::format("unknown option '{}' of the {} sink (it reads: {}); Spark would ignore it "
                                       "without a word",
                                       key, format, Joined(known->second)),
                           pos);
    if (!value.is_scalar())
      return Status::Parse(fmt::format("sink option '{}' must be a single value, not {}", key, value.KindName()),
                           value.pos);
    if (AsciiIEq(key, "path")) {
      Status st = io::CheckOutputPath(value.scalar, "sink path");
      if (st.ok() && !run_dir.empty()) st = io::CheckInsideDir(run_dir, value.scalar, "sink path");
      if (!st.ok()) return Status::Parse(st.message(), value.TextPos());
    }
  }
  return Status::Ok();
}

Result<ConsoleOptions> ReadConsoleOptions(const YNode& options, SourcePos* pos) {
  ConsoleOptions out;
  if (const YNode* n = OptionNode(options, "numRows")) {
    auto v = JavaParseInteger(n->scalar, INT32_MIN, INT32_MAX);
    if (!v) {
      *pos = n->TextPos();
      return Status::InvalidArgument(NumberFormatMessage(n->scalar));
    }
    out.num_rows = static_cast<int>(*v);
  }
  if (const YNode* n = OptionNode(options, "truncate")) {
    auto v = JavaParseBoolean(n->scalar);
    if (!v) {
      *pos = n->TextPos();
      return Status::InvalidArgument(n->scalar + " is not a boolean string.");
    }
    out.truncate = *v;
  }
  return out;
}

}  // namespace tideline::scenario
