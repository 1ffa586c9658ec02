// Fuzzes the JSON reader (simdjson: JSON sources, recordings), the splitter the JSON file
// source keeps raw texts with, and the typed JSON decoder.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/value/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parts = tideline::SplitJson(text);
  if (parts.ok()) {
    for (std::string_view part : parts->values) (void)tideline::ParseJson(part);
  }
  auto v = tideline::ParseJson(text);
  if (v.ok()) {
    (void)tideline::DecodeTypedJson(*v);
    std::string out;
    v->AppendJson(&out);
  }
  return 0;
}
