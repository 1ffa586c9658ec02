// tideline diff on the command line (spec section 13): exit statuses and output shapes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include "cli_util.h"

namespace {

using tideline::cli_test_util::Result;
using tideline::cli_test_util::Sh;

const std::string kDir = TIDELINE_SOURCE_DIR "/tests/diff/";

std::string LastLine(const std::string& s) {
  size_t end = s.size() - (s.ends_with('\n') ? 1 : 0);
  size_t start = s.rfind('\n', end - 1);
  return s.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1));
}

TEST(CliDiff, IdenticalRunsExitZero) {
  Result r = Sh("diff " + kDir + "counts.yaml " + kDir + "counts.yaml");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "print(totals): identical\nidentical\n");
}

TEST(CliDiff, RecordingsThatDifferExitOneAndNameTheRowsBatch) {
  Result r = Sh("diff " + kDir + "counts.yaml --replay " + kDir + "r1.jsonl " + kDir + "r2.jsonl");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_EQ(r.out.find("print(totals): differs from 3000 ms"), 0u) << r.out;
  EXPECT_EQ(LastLine(r.out).find("first divergence: input row in lines at 3000 ms key \"c\": A \"c\" | B \"d\""), 0u)
      << r.out;
}

TEST(CliDiff, JsonPrintsAnObjectPerOutputThenTheSummary) {
  Result r = Sh("diff --json " + kDir + "counts.yaml " + kDir + "counts-doubled.yaml");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_EQ(r.out.find("{\"output\":\"print(totals)\",\"differs\":true,\"batch\":\"1000 ms\","), 0u) << r.out;
  EXPECT_EQ(LastLine(r.out),
            "{\"identical\":false,\"outputsDiffering\":1,\"divergence\":{\"kind\":\"state\",\"batch\":\"1000 ms\","
            "\"where\":\"totals\",\"key\":\"\\\"a\\\"\",\"a\":\"null -> 1\",\"b\":\"null -> 2\"}}");
}

TEST(CliDiff, AnErrorInAScenarioExitsTwoWithItsPosition) {
  Result r = Sh("diff " + kDir + "counts.yaml " + kDir + "counts-broken.yaml");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("counts-broken.yaml:9:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": error: "), std::string::npos) << r.out;
}

TEST(CliDiff, WrongNumberOfFilesIsAUsageError) {
  EXPECT_EQ(Sh("diff " + kDir + "counts.yaml").status, 2);
  EXPECT_EQ(Sh("diff " + kDir + "counts.yaml --replay " + kDir + "r1.jsonl").status, 2);
}

}  // namespace
