// tideline run --checkpoint DIR (spec section 12) and the temporary directory of a run
// without it: a run on the same DIR resumes, another scenario's or pipeline's DIR is refused,
// and a run's temporary directory is removed, also when it fails.
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include "cli_util.h"

namespace {

namespace fs = std::filesystem;

using tideline::cli_test_util::Result;
using tideline::cli_test_util::Sh;

const std::string kDir = TIDELINE_SOURCE_DIR "/tests/durable/";

// A fresh directory for one test, removed with it.
struct Scratch {
  fs::path path;
  Scratch() {
    path = fs::temp_directory_path() /
           ("tideline-durable-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() { fs::remove_all(path); }
};

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(CliDurable, ASecondRunOnTheSameDirResumesWithoutDoublingOutputs) {
  Scratch s;
  std::string dir = (s.path / "ck").string();
  Result first = Sh("run --checkpoint " + dir + " " + kDir + "append.yaml");
  EXPECT_EQ(first.status, 0) << first.out;
  EXPECT_EQ(Read(s.path / "ck/out/words.txt"), "1000\tA\n1000\tB\n2000\tC\n");
  EXPECT_TRUE(fs::exists(s.path / "ck/checkpoint"));
  Result again = Sh("run --checkpoint " + dir + " " + kDir + "append.yaml");
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("all 5 steps"), std::string::npos) << again.out;
  // No batch ran again: the file still has each line once, and no batch was printed.
  EXPECT_EQ(Read(s.path / "ck/out/words.txt"), "1000\tA\n1000\tB\n2000\tC\n");
  EXPECT_EQ(again.out.find("PASS"), std::string::npos) << again.out;
}

TEST(CliDurable, AnotherScenariosDirIsRefused) {
  Scratch s;
  std::string dir = (s.path / "ck").string();
  ASSERT_EQ(Sh("run --checkpoint " + dir + " " + kDir + "append.yaml").status, 0);
  Result other = Sh("run --checkpoint " + dir + " " + kDir + "failing-check.yaml");
  EXPECT_EQ(other.status, 2) << other.out;
  EXPECT_NE(other.out.find("holds the checkpoint of another scenario (from append.yaml)"), std::string::npos)
      << other.out;
  EXPECT_EQ(Read(s.path / "ck/out/words.txt"), "1000\tA\n1000\tB\n2000\tC\n");
}

TEST(CliDurable, AChangedPipelineIsRefused) {
  Scratch s;
  std::string file = (s.path / "counts.yaml").string();
  std::string text = Read(kDir + "append.yaml");
  { std::ofstream(file) << text; }
  std::string dir = (s.path / "ck").string();
  ASSERT_EQ(Sh("run --checkpoint " + dir + " " + file).status, 0);
  // A new title is no new pipeline: the run resumes (nothing is left to run).
  std::string retitled = text;
  retitled.replace(retitled.find("durable run:"), 12, "a durable run, renamed:");
  { std::ofstream(file) << retitled; }
  Result renamed = Sh("run --checkpoint " + dir + " " + file);
  EXPECT_EQ(renamed.status, 0) << renamed.out;
  std::string changed = retitled;
  changed.replace(changed.find("upper(x)"), 8, "lower(x)");
  { std::ofstream(file) << changed; }
  Result r = Sh("run --checkpoint " + dir + " " + file);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("holds the checkpoint of another pipeline"), std::string::npos) << r.out;
}

TEST(CliDurable, ANonEmptyDirWithoutACheckpointIsRefused) {
  Scratch s;
  { std::ofstream(s.path / "notes.txt") << "mine\n"; }
  Result r = Sh("run --checkpoint " + s.path.string() + " " + kDir + "append.yaml");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("not empty and holds no Tideline checkpoint"), std::string::npos) << r.out;
  EXPECT_EQ(Read(s.path / "notes.txt"), "mine\n");
}

TEST(CliDurable, ARunStoppedMidwayIsNotRunAgainFromTheStart) {
  Scratch s;
  std::string dir = (s.path / "ck").string();
  ASSERT_EQ(Sh("run --checkpoint " + dir + " " + kDir + "append.yaml").status, 0);
  // As a run killed after its second step leaves it.
  fs::path record = s.path / "ck/tideline-checkpoint.json";
  std::string text = Read(record);
  text.replace(text.find("\"stepsDone\":5"), 13, "\"stepsDone\":2");
  { std::ofstream(record) << text; }
  Result r = Sh("run --checkpoint " + dir + " " + kDir + "append.yaml");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("holds steps 1 to 2 of 5"), std::string::npos) << r.out;
  EXPECT_EQ(Read(s.path / "ck/out/words.txt"), "1000\tA\n1000\tB\n2000\tC\n");
}

TEST(CliDurable, TheTemporaryDirIsRemovedAfterAFailingRun) {
  Scratch s;
  std::string env = "TMPDIR=" + s.path.string();
  Result failed = Sh("run " + kDir + "failing-check.yaml", env);
  EXPECT_EQ(failed.status, 1) << failed.out;
  Result error = Sh("run " + std::string(TIDELINE_SOURCE_DIR) + "/tests/diff/counts-broken.yaml", env);
  EXPECT_EQ(error.status, 2) << error.out;
  Result passed = Sh("run " + kDir + "append.yaml", env);
  EXPECT_EQ(passed.status, 0) << passed.out;
  EXPECT_TRUE(fs::is_empty(s.path)) << fs::directory_iterator(s.path)->path();
}

}  // namespace
