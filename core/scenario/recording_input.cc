#include "core/scenario/recording_input.h"

#include <fmt/format.h>

#include <filesystem>

namespace tideline::scenario {

Result<io::Recording> ReadRecordingInput(const Scenario& sc, const InputDef& in) {
  const YNode* p = in.spec.Get("path");
  if (!p) return Status::Parse(fmt::format("recording input '{}' needs 'path'", in.name), in.pos);
  std::filesystem::path path = p->scalar;
  if (path.is_relative()) path = std::filesystem::path(sc.path).parent_path() / path;
  auto rec = io::ReadRecording(path.string());
  if (!rec.ok()) return Status::Parse(rec.status().message(), p->TextPos());
  return rec;
}

}  // namespace tideline::scenario
