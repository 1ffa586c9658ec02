// The state store of the stateful operators: one versioned snapshot file per operator and
// batch (Spark's HDFSBackedStateStoreProvider, with a snapshot per version instead of
// deltas). A file is a checked file (common/atomic_file.h) whose body is a header line,
// then two maps, each as its size and its entries in binary (value/binary.h), then a
// count: an operator's checkpointed maps in order (an operator with one map writes an
// empty second one) and its count (zero but for a streaming limit).
#include "core/structured/state_store.h"

#include <fmt/format.h>

#include <cassert>
#include <filesystem>

#include "core/common/atomic_file.h"
#include "core/common/bound_checksum.h"
#include "core/value/binary.h"

namespace tideline::structured {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStateHeader = "tideline-state 2\n";
constexpr size_t kMapsPerFile = 2;

// What a snapshot's checksum is bound to: its operator and version.
std::string StateIdentity(int state_id, int64_t version) { return fmt::format("state/{}/{}.snapshot", state_id, version); }

}  // namespace

Status SaveStateStores(const std::vector<StatefulState*>& operators, const std::string& dir, int64_t version) {
  for (StatefulState* s : operators) {
    fs::path d = fs::path(dir) / "state" / std::to_string(s->state_id);
    std::error_code ec;
    fs::create_directories(d, ec);
    std::string body(kStateHeader);
    const CheckpointedParts parts = s->checkpointed();
    assert(parts.maps.size() <= kMapsPerFile);
    for (size_t i = 0; i < kMapsPerFile; ++i) {
      if (i >= parts.maps.size()) {
        PutU64(&body, 0);
        continue;
      }
      PutU64(&body, parts.maps[i]->size());
      for (const auto& [k, v] : *parts.maps[i]) {
        EncodeBinary(k, &body);
        EncodeBinary(v, &body);
      }
    }
    PutU64(&body, static_cast<uint64_t>(parts.count ? *parts.count : 0));
    fs::path p = d / (std::to_string(version) + ".snapshot");
    Status written = WriteFileAtomically(p, WithBoundChecksumTrailer(StateIdentity(s->state_id, version), body));
    if (!written.ok()) return Status::Io("cannot write state file " + p.string());
    // Keep the two latest versions.
    fs::remove(d / (std::to_string(version - 2) + ".snapshot"), ec);
  }
  return Status::Ok();
}

Status LoadStateStores(const std::vector<StatefulState*>& operators, const std::string& dir, int64_t version) {
  for (StatefulState* s : operators) {
    const CheckpointedParts parts = s->checkpointed();
    for (StateMap* m : parts.maps) m->clear();
    if (parts.count) *parts.count = 0;
    if (version <= 0) continue;
    fs::path p = fs::path(dir) / "state" / std::to_string(s->state_id) / (std::to_string(version) + ".snapshot");
    std::error_code ec;
    if (!fs::exists(p, ec)) return Status::Corruption(fmt::format("state store file {} is missing", p.string()));
    auto file = ReadWholeFile(p);
    if (!file.ok())
      return Status::Corruption(fmt::format("state store file {} cannot be read: {}", p.string(), file.status().message()));
    std::string_view body;
    ChecksumCheck check = SplitBoundChecksumTrailer(StateIdentity(s->state_id, version), *file, &body);
    if (check == ChecksumCheck::kMismatch)
      return Status::Corruption(fmt::format(
          "state store file {} is damaged or holds another version's state (checksum mismatch for {})", p.string(),
          StateIdentity(s->state_id, version)));
    if (check == ChecksumCheck::kMissing || body.substr(0, kStateHeader.size()) != kStateHeader)
      return Status::Corruption(fmt::format("state store file {} is damaged (bad header)", p.string()));
    body.remove_prefix(kStateHeader.size());
    StateMap unused;  // the second map of an operator that keeps one, empty when it wrote it
    for (size_t m = 0; m < kMapsPerFile; ++m) {
      StateMap& st = m < parts.maps.size() ? *parts.maps[m] : unused;
      uint64_t n;
      if (!GetU64(&body, &n)) return Status::Corruption("state store file " + p.string() + " is truncated");
      for (uint64_t i = 0; i < n; ++i) {
        Value k, v;
        TL_RETURN_IF_ERROR(DecodeBinary(&body, &k));
        TL_RETURN_IF_ERROR(DecodeBinary(&body, &v));
        st.emplace(std::move(k), std::move(v));
      }
    }
    uint64_t count = 0;
    GetU64(&body, &count);
    if (parts.count) *parts.count = static_cast<int64_t>(count);
    s->metrics.total = 0;
    for (const StateMap* st : parts.maps) s->metrics.total += static_cast<int64_t>(st->size());
  }
  return Status::Ok();
}

}  // namespace tideline::structured
