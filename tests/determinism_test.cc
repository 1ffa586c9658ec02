// Same input, same steps: byte-identical output, every time.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace tideline {
namespace {

namespace fs = std::filesystem;

TEST(DeterminismTest, EveryBundledScenarioGivesIdenticalOutputTwice) {
  int n = 0;
  for (const auto& e : fs::recursive_directory_iterator(TIDELINE_SOURCE_DIR "/scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    auto a = testing_util::RunFile(e.path().string());
    auto b = testing_util::RunFile(e.path().string());
    ASSERT_TRUE(a.error.empty()) << a.error;
    EXPECT_FALSE(a.lines.empty()) << e.path();
    EXPECT_EQ(a.lines, b.lines) << e.path();
    ++n;
  }
  EXPECT_GE(n, 4);
}

}  // namespace
}  // namespace tideline
