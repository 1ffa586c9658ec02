// The state store of the stateful operators: one versioned snapshot file per operator and
// batch (Spark's HDFSBackedStateStoreProvider, with a snapshot per version instead of
// deltas). A file is a header line, the SHA-256 of the body in hex and a newline, then the
// body: for each of the operator's two maps its size and its entries in binary
// (value/binary.h), then the streaming limit's count. Written to a temporary file and
// renamed, so a crash leaves the previous version whole.
#include "core/structured/state_store.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "core/common/sha256.h"
#include "core/value/binary.h"

namespace tideline::structured {

namespace fs = std::filesystem;

namespace {

std::string CheckpointHeader() { return "tideline-state 1\n"; }

}  // namespace

Status SaveStateStores(const std::vector<OperatorState*>& operators, const std::string& dir, int64_t version) {
  for (OperatorState* s : operators) {
    fs::path d = fs::path(dir) / "state" / std::to_string(s->state_id);
    std::error_code ec;
    fs::create_directories(d, ec);
    std::string body;
    for (const auto& st : s->store) {
      PutU64(&body, st.size());
      for (const auto& [k, v] : st) {
        EncodeBinary(k, &body);
        EncodeBinary(v, &body);
      }
    }
    PutU64(&body, static_cast<uint64_t>(s->emitted));
    Sha256 h;
    h.Update(body);
    std::string file = CheckpointHeader() + h.HexDigest() + "\n" + body;
    fs::path p = d / (std::to_string(version) + ".snapshot");
    fs::path tmp = d / ("." + std::to_string(version) + ".tmp");
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f.write(file.data(), static_cast<std::streamsize>(file.size()));
      if (!f) return Status::Io("cannot write state file " + p.string());
    }
    fs::rename(tmp, p, ec);
    if (ec) return Status::Io("cannot write state file " + p.string() + ": " + ec.message());
    // Keep the two latest versions.
    fs::remove(d / (std::to_string(version - 2) + ".snapshot"), ec);
  }
  return Status::Ok();
}

Status LoadStateStores(const std::vector<OperatorState*>& operators, const std::string& dir, int64_t version) {
  for (OperatorState* s : operators) {
    for (auto& st : s->store) st.clear();
    s->emitted = 0;
    if (version <= 0) continue;
    fs::path p = fs::path(dir) / "state" / std::to_string(s->state_id) / (std::to_string(version) + ".snapshot");
    std::ifstream f(p, std::ios::binary);
    if (!f) return Status::Corruption(fmt::format("state store file {} is missing", p.string()));
    std::string file((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::string header = CheckpointHeader();
    if (file.compare(0, header.size(), header) != 0 || file.size() < header.size() + 65)
      return Status::Corruption(fmt::format("state store file {} is damaged (bad header)", p.string()));
    std::string digest = file.substr(header.size(), 64);
    std::string_view body(file.data() + header.size() + 65, file.size() - header.size() - 65);
    Sha256 h;
    h.Update(body);
    if (h.HexDigest() != digest) return Status::Corruption(fmt::format("state store file {} is damaged (checksum mismatch)", p.string()));
    for (auto& st : s->store) {
      uint64_t n;
      if (!GetU64(&body, &n)) return Status::Corruption("state store file " + p.string() + " is truncated");
      for (uint64_t i = 0; i < n; ++i) {
        Value k, v;
        TL_RETURN_IF_ERROR(DecodeBinary(&body, &k));
        TL_RETURN_IF_ERROR(DecodeBinary(&body, &v));
        st.emplace(std::move(k), std::move(v));
      }
    }
    uint64_t emitted = 0;
    GetU64(&body, &emitted);
    s->emitted = static_cast<int64_t>(emitted);
    s->metrics.total = 0;
    for (const auto& st : s->store) s->metrics.total += static_cast<int64_t>(st.size());
  }
  return Status::Ok();
}

}  // namespace tideline::structured
