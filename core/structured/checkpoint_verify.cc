#include "core/structured/checkpoint_verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "core/structured/metadata_log.h"

namespace tideline::structured {

namespace fs = std::filesystem;

namespace {

Status Refused(const fs::path& dir, const std::string& what) {
  return Status::Corruption(fmt::format("checkpoint {} is inconsistent: {}", dir.string(), what));
}

// A gap in one log: an entry missing between two that exist.
Status CheckConsecutive(const fs::path& dir, const char* log, const std::vector<int64_t>& ids) {
  for (size_t i = 1; i < ids.size(); ++i)
    if (ids[i] != ids[i - 1] + 1)
      return Refused(dir, fmt::format("checkpoint file {}/{} is missing while {}/{} exists", log, ids[i - 1] + 1, log, ids[i]));
  return Status::Ok();
}

}  // namespace

Status VerifyLogSequence(const fs::path& dir) {
  std::error_code ec;
  for (const char* log : {"offsets", "commits"}) {
    fs::path p = dir / log;
    if (fs::exists(p, ec) && !fs::is_directory(p, ec))
      return Refused(dir, fmt::format("{} is a file where the {} log's directory was expected", p.string(), log));
  }
  std::vector<int64_t> offsets = LogIds(dir / "offsets");
  std::vector<int64_t> commits = LogIds(dir / "commits");
  // Entries ten or more batches before the latest are due for purging (PurgeLogs); a
  // process killed while it purged may have left one of a pair: they are not checked.
  const int64_t latest = std::max(offsets.empty() ? -1 : offsets.back(), commits.empty() ? -1 : commits.back());
  for (auto* ids : {&offsets, &commits})
    ids->erase(ids->begin(), std::upper_bound(ids->begin(), ids->end(), latest - 10));
  TL_RETURN_IF_ERROR(CheckConsecutive(dir, "offsets", offsets));
  TL_RETURN_IF_ERROR(CheckConsecutive(dir, "commits", commits));
  for (int64_t c : commits)
    if (!std::binary_search(offsets.begin(), offsets.end(), c) && (offsets.empty() || c >= offsets.front()))
      return Refused(dir, fmt::format("checkpoint file offsets/{} is missing while commits/{} exists", c, c));
  if (!commits.empty() && !offsets.empty() && commits.back() > offsets.back())
    return Refused(dir, fmt::format("checkpoint file offsets/{} is missing while commits/{} exists", commits.back(),
                                    commits.back()));
  if (!offsets.empty() && offsets.back() - (commits.empty() ? offsets.front() - 1 : commits.back()) > 1)
    return Refused(dir, fmt::format("checkpoint file commits/{} is missing while offsets/{} exists (only the latest "
                                    "batch may be uncommitted)",
                                    offsets.back() - 1, offsets.back()));
  return Status::Ok();
}

}  // namespace tideline::structured
