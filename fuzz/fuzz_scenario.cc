// Fuzzes the scenario loader and the building of its pipeline: YAML (with aliases and
// nesting), every section of the format, the expressions inside. The steps are not run.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/scenario/model.h"
#include "core/scenario/runner.h"

using namespace tideline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto sc = scenario::LoadScenarioText(text, "/tmp/tideline-fuzz/fuzz.yaml");
  if (!sc.ok()) return 0;
  (void)scenario::AnalyzePipeline(*sc);
  return 0;
}
