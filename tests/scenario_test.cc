// Semantics as data: every bundled scenario, the tests transcribed from Spark's suites
// (tests/spark), and Spark's conformance scenarios when they are beside the project, must
// pass their own checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "test_util.h"

namespace tideline {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> out;
  for (const char* dir : {TIDELINE_SOURCE_DIR "/scenarios", TIDELINE_SOURCE_DIR "/tests/spark", TIDELINE_SOURCE_DIR "/../shared/conformance"}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.path().extension() == ".yaml") out.push_back(fs::weakly_canonical(e.path()).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, PassesItsChecks) {
  auto o = testing_util::RunFile(GetParam());
  ASSERT_TRUE(o.error.empty()) << o.error;
  EXPECT_TRUE(o.passed) << o.failure;
}

std::string Name(const ::testing::TestParamInfo<std::string>& info) {
  // The folder (dstream, structured, spark) and the file, marked when it is a conformance scenario.
  std::string n = fs::path(info.param).parent_path().filename().string() + "_" + fs::path(info.param).stem().string();
  if (info.param.find("/conformance/") != std::string::npos) n = "conformance_" + n;
  for (char& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Files, ScenarioTest, ::testing::ValuesIn(ScenarioFiles()), Name);

}  // namespace
}  // namespace tideline
