// Keyframes of a long replay (keyframes.h).
#include "core/replay/keyframes.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <system_error>
#include <vector>

namespace tideline::replay {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPrefix = "keyframe-";

// The keyframes under `root`, by batch; their time is in the name's second part.
std::map<int64_t, Keyframe> List(const std::string& root) {
  std::map<int64_t, Keyframe> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    const std::string name = e.path().filename().string();
    long long batch = 0, time_ms = 0;
    if (name.rfind(kPrefix, 0) != 0 || std::sscanf(name.c_str() + 9, "%lld-%lld", &batch, &time_ms) != 2) continue;
    out[batch] = Keyframe{batch, time_ms, e.path().string()};
  }
  return out;
}

// Copies the regular files of `from` into `to`, hard-linking the DStream data segments
// (rdd-*.log): the engine only appends to those, while it rewrites some other files in
// place (the oldest checkpoint-* file is recycled as the newest one's).
Status LinkTree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path rel = fs::relative(it->path(), from, ec);
    if (it->is_directory()) {
      fs::create_directories(to / rel, ec);
    } else if (it->is_regular_file()) {
      const std::string name = it->path().filename().string();
      const bool segment = name.rfind("rdd-", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".log";
      if (segment) fs::create_hard_link(it->path(), to / rel, ec);
      if (!segment || ec) {
        ec.clear();
        fs::copy_file(it->path(), to / rel, fs::copy_options::overwrite_existing, ec);
      }
    }
    if (ec) return Status::Io(fmt::format("cannot keep a keyframe of {}: {}", from.string(), ec.message()));
  }
  return ec ? Status::Io(fmt::format("cannot keep a keyframe of {}: {}", from.string(), ec.message())) : Status::Ok();
}

}  // namespace

Status KeyframeWriter::AfterBatch(int64_t index, Timestamp batch_time) {
  if ((index + 1) % every_ != 0) return Status::Ok();
  const fs::path run = fs::path(root_) / "run";
  const fs::path dir = fs::path(root_) / fmt::format("{}{}-{}", kPrefix, index, batch_time.millis());
  std::error_code ec;
  fs::remove_all(dir, ec);
  TL_RETURN_IF_ERROR(LinkTree(run / "checkpoint", dir / "checkpoint"));
  fs::copy_file(run / "tideline-checkpoint.json", dir / "tideline-checkpoint.json", ec);
  if (ec) return Status::Io(fmt::format("cannot keep a keyframe: {}", ec.message()));
  std::map<int64_t, Keyframe> all = List(root_);
  if (static_cast<int>(all.size()) > kMaxKeyframes) {
    // Thinning: keep the keyframes at multiples of twice the spacing.
    every_ *= 2;
    for (const auto& [batch, k] : all)
      if ((batch + 1) % every_ != 0) fs::remove_all(k.dir, ec);
    all = List(root_);
  }
  kept_ = static_cast<int>(all.size());
  return Status::Ok();
}

std::optional<Keyframe> KeyframeBefore(const std::string& root, int64_t batch) {
  std::map<int64_t, Keyframe> all = List(root);
  auto it = all.lower_bound(batch);  // the first taken at or after `batch`
  if (it == all.begin()) return std::nullopt;
  return std::prev(it)->second;
}

Status CopyKeyframe(const Keyframe& k, const std::string& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  fs::copy(k.dir, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Io(fmt::format("cannot copy keyframe {}: {}", k.dir, ec.message()));
  return Status::Ok();
}

}  // namespace tideline::replay
