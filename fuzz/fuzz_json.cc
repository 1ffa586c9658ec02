// Fuzzes the JSON reader (JSON sources, recordings) and the typed JSON decoder.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/value/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = tideline::ParseJson(text);
  if (v.ok()) {
    (void)tideline::DecodeTypedJson(*v);
    std::string out;
    v->AppendJson(&out);
  }
  return 0;
}
