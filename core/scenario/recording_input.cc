#include "core/scenario/recording_input.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/io/safe_path.h"

namespace tideline::scenario {

Result<io::Recording> ReadRecordingInput(const Scenario& sc, const InputDef& in) {
  const YNode* p = in.spec.Get("path");
  if (!p) return Status::Parse(fmt::format("recording input '{}' needs 'path'", in.name), in.pos);
  std::filesystem::path path = p->scalar;
  const std::filesystem::path folder = std::filesystem::path(sc.path).parent_path();
  if (path.is_relative()) path = folder / path;
  std::vector<std::filesystem::path> roots{folder.empty() ? std::filesystem::path(".") : folder};
  for (const std::string& d : sc.allowed_paths) roots.emplace_back(d);
  if (Status st = io::CheckInputPath(path, roots, "recording"); !st.ok()) return Status::Parse(st.message(), p->TextPos());
  auto rec = io::ReadRecording(path.string());
  // An error inside the recording (a time that goes back) names the recording's line.
  if (!rec.ok()) return rec.status().pos().known() ? rec.status() : Status::Parse(rec.status().message(), p->TextPos());
  return rec;
}

}  // namespace tideline::scenario
