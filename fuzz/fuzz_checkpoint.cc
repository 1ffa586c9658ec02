// Fuzzes the readers of checkpoint files: the checksum trailer of every checked file,
// the binary values of state and DStream checkpoints, and the offset and commit log
// entries of a query's checkpoint.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/common/atomic_file.h"
#include "core/structured/metadata_log.h"
#include "core/value/binary.h"

using namespace tideline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view body;
  (void)SplitChecksumTrailer(bytes, &body);
  std::string_view in = bytes;
  while (!in.empty()) {
    Value v;
    if (!DecodeBinary(&in, &v).ok()) break;
  }
  std::string text(bytes);
  (void)structured::ParseOffsetText(text, "offsets/0");
  (void)structured::ParseCommitText(text, "commits/0");
  return 0;
}
