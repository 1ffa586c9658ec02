// The command line under hostile and careless input (issue 12): errors, not crashes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include "cli_util.h"

namespace {

namespace fs = std::filesystem;

using tideline::cli_test_util::Result;
using tideline::cli_test_util::Sh;

fs::path TempDir(const std::string& name) { return tideline::cli_test_util::FreshDir("tideline-cli-hardening-" + name); }

void Write(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(CliHardeningTest, CheckReportsEveryFileWhenOneIsHostile) {
  fs::path d = TempDir("check");
  Write(d / "a-deep.yaml", "tideline: 1\ntitle: deep\napi: dstream\nbatchInterval: 1s\ninputs:\n  in: {type: queue}\n"
                           "streams:\n  - name: s\n    from: in\n    ops:\n      - map: \"" + Repeat("(", 5000) + "x" +
                           Repeat(")", 5000) + "\"\noutputs:\n  - {stream: s, collect: true}\nsteps:\n  - runBatches: 1\n");
  Write(d / "b-fine.yaml", "tideline: 1\ntitle: fine\napi: dstream\nbatchInterval: 1s\ninputs:\n  in: {type: queue}\n"
                           "outputs:\n  - {stream: in, collect: true}\nsteps:\n  - addData: {in: [1]}\n  - runBatches: 1\n"
                           "  - expectOutput: {stream: in, batches: [[1]]}\n");
  Result r = Sh("check " + d.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("nested too deeply"), std::string::npos) << r.out.substr(0, 500);
  EXPECT_NE(r.out.find("PASS  fine"), std::string::npos) << r.out.substr(0, 500);
  EXPECT_NE(r.out.find("1 passed, 1 failed"), std::string::npos) << r.out.substr(0, 500);
  fs::remove_all(d);
}

TEST(CliHardeningTest, RunWithAParentPathOutputWritesNothingOutside) {
  fs::path d = TempDir("escape");
  Write(d / "s.yaml", "tideline: 1\ntitle: escape\napi: dstream\nbatchInterval: 1s\ninputs:\n  in: {type: queue}\n"
                      "outputs:\n  - {stream: in, foreachRDD: {appendFile: ../escaped.txt}}\nsteps:\n  - addData: {in: [1]}\n"
                      "  - runBatches: 1\n");
  fs::create_directories(d / "out");
  Result r = Sh("run --out " + (d / "out").string() + " " + (d / "s.yaml").string());
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("s.yaml:8:"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(d / "escaped.txt"));
  fs::remove_all(d);
}

TEST(CliHardeningTest, LiveRunWatchesOnlyAllowedDirectories) {
  fs::path d = TempDir("live-dir");
  fs::create_directories(d / "lesson");
  fs::create_directories(d / "elsewhere");
  Write(d / "lesson" / "s.yaml", "tideline: 1\ntitle: live\napi: dstream\nbatchInterval: 1s\ninputs:\n"
                                 "  in: {type: textFile, directory: ../elsewhere}\n"
                                 "outputs:\n  - {stream: in, print: 10}\nsteps:\n  - runBatches: 1\n");
  Result r = Sh("run --live " + (d / "lesson" / "s.yaml").string());
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("s.yaml:6:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--allow-path"), std::string::npos) << r.out;
  fs::remove_all(d);
}

TEST(CliHardeningTest, ReplayRefusesDevicesAndDirectories) {
  const std::string sc = std::string(TIDELINE_SOURCE_DIR) + "/scenarios/dstream/word-count.yaml";
  Result dev = Sh("replay /dev/zero " + sc);
  EXPECT_EQ(dev.status, 2) << dev.out;
  EXPECT_NE(dev.out.find("not a regular file"), std::string::npos) << dev.out;
  Result dir = Sh("replay /tmp " + sc);
  EXPECT_EQ(dir.status, 2) << dir.out;
  EXPECT_NE(dir.out.find("is a directory"), std::string::npos) << dir.out;
}

TEST(CliHardeningTest, RecordRefusesTimeColumnsThatAreNotColumns) {
  fs::path d = TempDir("timecol");
  Write(d / "in.csv", "2024-01-01 00:00:00,a\n2024-01-01 00:00:01,b\n");
  for (const char* col : {"0", "-5"}) {
    Result r = Sh("record file --file " + (d / "in.csv").string() + " --time-column " + col + " -o " + (d / "r.jsonl").string());
    EXPECT_EQ(r.status, 2) << col << ": " << r.out;
  }
  Result beyond = Sh("record file --file " + (d / "in.csv").string() + " --time-column 99 -o " + (d / "r.jsonl").string());
  EXPECT_EQ(beyond.status, 2) << beyond.out;
  EXPECT_NE(beyond.out.find("beyond the 2 columns"), std::string::npos) << beyond.out;
  fs::remove_all(d);
}

TEST(CliHardeningTest, RecordWritesValidUtf8AndCountsTheLinesItRepaired) {
  fs::path d = TempDir("utf8");
  Write(d / "in.csv", "2024-01-01 00:00:00,ok\n2024-01-01 00:00:01,bad\xff\xfe\n");
  Result r = Sh("record file --file " + (d / "in.csv").string() + " -o " + (d / "r.jsonl").string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("1 line had invalid UTF-8"), std::string::npos) << r.out;
  std::ifstream f(d / "r.jsonl", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all.find('\xff'), std::string::npos);
  EXPECT_NE(all.find("bad\xEF\xBF\xBD"), std::string::npos);
  fs::remove_all(d);
}

}  // namespace
