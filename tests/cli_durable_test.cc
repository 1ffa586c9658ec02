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

// A process killed with SIGKILL in its fourth step (at batch 2 s, after the appendFile
// output ran) resumes in that step: its inputs are given again, the driver recovers from
// the checkpoint, and batch 2 s runs again, so its line is appended twice (at least once).
TEST(CliDurable, AKilledRunResumesInTheStepItDiedIn) {
  Scratch s;
  std::string dir = (s.path / "ck").string();
  Result killed = Sh("run --checkpoint " + dir + " --kill-at 2000:afterOutput1 " + kDir + "append.yaml");
  EXPECT_EQ(killed.status, 137) << killed.out;  // 128 + SIGKILL
  EXPECT_EQ(Read(s.path / "ck/tideline-killed"), "2000:afterOutput1\n");
  EXPECT_NE(Read(s.path / "ck/tideline-checkpoint.json").find("\"stepsDone\":3"), std::string::npos);
  EXPECT_EQ(Read(s.path / "ck/out/words.txt"), "1000\tA\n1000\tB\n2000\tC\n");
  Result resumed = Sh("run --checkpoint " + dir + " " + kDir + "append.yaml");
  EXPECT_NE(resumed.out.find("resuming after step 4 of 5 (the run died in step 4)"), std::string::npos) << resumed.out;
  EXPECT_EQ(Read(s.path / "ck/out/words.txt"), "1000\tA\n1000\tB\n2000\tC\n2000\tC\n");
  // The collected batches are the resumed process's own: its check sees batch 2 s again.
  EXPECT_EQ(resumed.status, 1) << resumed.out;
  EXPECT_NE(Read(s.path / "ck/tideline-checkpoint.json").find("\"stepsDone\":5"), std::string::npos);
}

// A structured query killed after its file sink wrote batch 1 and before the commit log:
// the resumed process runs batch 1 again, the sink sees it in _spark_metadata and skips it,
// and the files the log names are those of a run never killed.
TEST(CliDurable, AKilledStructuredRunEndsWithTheFileSinkOfACleanOne) {
  Scratch s;
  const std::string sc = std::string(TIDELINE_SOURCE_DIR) + "/tests/verify/structured-file-sink.yaml";
  ASSERT_EQ(Sh("run --checkpoint " + (s.path / "clean").string() + " " + sc).status, 0);
  const std::string dir = (s.path / "ck").string();
  EXPECT_EQ(Sh("run --checkpoint " + dir + " --kill-at 1:afterSink " + sc).status, 137);
  Result resumed = Sh("run --checkpoint " + dir + " " + sc);
  EXPECT_NE(resumed.out.find("resuming after step"), std::string::npos) << resumed.out;
  for (const char* f : {"part-00000-batch0.json", "part-00000-batch1.json", "part-00000-batch2.json"})
    EXPECT_EQ(Read(s.path / "ck/out/words" / f), Read(s.path / "clean/out/words" / f)) << f;
  EXPECT_TRUE(fs::exists(s.path / "ck/out/words/_spark_metadata/2"));
  EXPECT_FALSE(fs::exists(s.path / "ck/out/words/part-00000-batch3.json"));
}

TEST(CliDurable, KillAtIsCheckedAndNeedsACheckpoint) {
  Scratch s;
  Result no_dir = Sh("run --kill-at 1:afterSink " + kDir + "append.yaml");
  EXPECT_EQ(no_dir.status, 2);
  EXPECT_NE(no_dir.out.find("--kill-at needs --checkpoint DIR"), std::string::npos) << no_dir.out;
  Result bad = Sh("run --checkpoint " + (s.path / "ck").string() + " --kill-at afterSink " + kDir + "append.yaml");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("--kill-at takes BATCH:POINT"), std::string::npos) << bad.out;
}

// verify --kill runs each schedule as real processes killed with SIGKILL and started
// again on their directory; on the purpose-built scenarios (every verdict, both APIs) it
// finds what the runs in process find, batch for batch: each single-crash schedule's
// verdict and extra and missing items per output (--matrix), then the same verdicts and
// smallest failing schedules.
TEST(CliDurable, VerifyKillAgreesWithVerifyInProcess) {
  const std::string dir = std::string(TIDELINE_SOURCE_DIR) + "/tests/verify/";
  int compared = 0;
  for (const char* name : {"dstream-save-as-text-files.yaml", "dstream-append-and-print.yaml", "dstream-socket-no-wal.yaml",
                           "dstream-socket-wal.yaml", "structured-file-sink.yaml", "structured-console-sink.yaml"}) {
    Result in_process = Sh("verify --json --matrix " + dir + name);
    Result killed = Sh("verify --kill --json --matrix " + dir + name);
    EXPECT_NE(in_process.out.find("{\"crash\":{\"batch\":"), std::string::npos) << in_process.out;
    EXPECT_EQ(killed.status, in_process.status) << name << "\n" << killed.out;
    EXPECT_EQ(killed.out, in_process.out) << name;
    compared += in_process.out.find("\"verdict\":\"exactly-once\",\"schedules\"") == std::string::npos;
  }
  EXPECT_EQ(compared, 3);  // at-least-once twice, at-most-once once: differences found both ways
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
