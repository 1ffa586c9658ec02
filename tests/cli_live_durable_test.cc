// tideline run --live --checkpoint DIR (spec section 12): a live run over a directory of
// text files is killed with SIGKILL and started again on its DIR with more files written:
// the files read before the kill are not read again, those written while it was down and
// after are, and the outputs hold each line once, as Spark's FileInputDStream and
// FileStreamSource restarts give. Another pipeline's DIR is refused; without --checkpoint
// the run's temporary directory goes when it stops or fails.
//
// A live run reads the system clock, so these tests wait (up to kDeadline) for what the
// process writes before they act.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_util.h"

namespace {

namespace fs = std::filesystem;
using tideline::cli_test_util::Result;
using tideline::cli_test_util::Sh;

constexpr auto kDeadline = std::chrono::seconds(30);

struct Scratch {
  fs::path path;
  Scratch() {
    path = fs::temp_directory_path() / ("tideline-live-durable-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path / "in");
  }
  ~Scratch() { fs::remove_all(path); }
};

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Write(const fs::path& p, const std::string& text) {
  // Written beside and renamed, so that a watcher never reads half a file.
  fs::path tmp = p.parent_path() / ("." + p.filename().string());
  { std::ofstream(tmp) << text; }
  fs::rename(tmp, p);
}

// `tideline ARGS` started in the background, its output in `log`.
pid_t Start(const std::string& args, const fs::path& log, const std::string& tmpdir = "") {
  pid_t pid = ::fork();
  if (pid == 0) {
    if (!tmpdir.empty()) ::setenv("TMPDIR", tmpdir.c_str(), 1);
    std::string cmd = "exec " + std::string(TIDELINE_CLI) + " " + args + " > " + log.string() + " 2>&1";
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// Sends `sig` and returns the exit status as the shell gives it (128 + signal).
int Stop(pid_t pid, int sig) {
  ::kill(pid, sig);
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

bool WaitFor(const std::function<bool()>& done) {
  const auto end = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

std::vector<std::string> Lines(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

// The lines of every saveAsTextFiles part file under `out`, sorted.
std::vector<std::string> SavedLines(const fs::path& out) {
  std::vector<std::string> lines;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(out, ec); it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().filename().string().rfind("part-", 0) == 0)
      for (std::string& l : Lines(it->path())) lines.push_back(std::move(l));
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The rows a reader of a file sink sees: those of the files its _spark_metadata names, sorted.
std::vector<std::string> SinkRows(const fs::path& sink) {
  std::vector<std::string> rows;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(sink / "_spark_metadata", ec)) {
    std::string text = Read(e.path());
    for (size_t p = text.find("\"path\":\""); p != std::string::npos; p = text.find("\"path\":\"", p + 1)) {
      size_t q = text.find('"', p + 8);
      std::string name = fs::path(text.substr(p + 8, q - p - 8)).filename().string();
      for (std::string& l : Lines(sink / name)) rows.push_back(std::move(l));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::count(v.begin(), v.end(), s) > 0; }

// Whether a saveAsTextFiles batch under `out` holds `line` and a checkpoint of its time or a
// later one is written (Spark writes the checkpoint beside the batch's jobs: a driver killed
// before it restarts as a new context, which ignores the files already there).
bool CheckpointedBatchHolds(const fs::path& ck, const std::string& line) {
  std::error_code ec;
  int64_t batch = -1, checkpoint = -1;
  for (const auto& d : fs::directory_iterator(ck / "out", ec)) {
    const std::string name = d.path().filename().string();
    for (const auto& f : fs::directory_iterator(d.path(), ec))
      if (Has(Lines(f.path()), line)) batch = std::atoll(name.substr(name.rfind('-') + 1).c_str());
  }
  for (const auto& e : fs::directory_iterator(ck / "checkpoint", ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("checkpoint-", 0) == 0) checkpoint = std::max<int64_t>(checkpoint, std::atoll(name.c_str() + 11));
  }
  return batch >= 0 && checkpoint >= batch;
}

const char* kDStream =
    "tideline: 1\ntitle: live words\napi: dstream\nbatchInterval: 1s\n"
    "inputs:\n  lines: {type: textFile, directory: in}\n"
    "streams:\n  - name: words\n    from: lines\n    ops:\n      - map: \"upper(x)\"\n"
    "outputs:\n  - {stream: words, saveAsTextFiles: {prefix: out/words}}\n"
    "steps:\n  - runBatches: 1\n";

const char* kStructured =
    "tideline: 1\ntitle: live words\napi: structured\n"
    "inputs:\n  words: {type: file, format: text, path: in, schema: \"value STRING\"}\n"
    "query:\n  from: words\n  ops:\n    - select: [\"upper(value) AS w\"]\n"
    "sink:\n  format: json\n  outputMode: append\n  options: {path: out/words}\n"
    "steps:\n  - addData: {words: [x]}\n";

// textFileStream: a file there at the first start is ignored (newFilesOnly), and stays so;
// a.txt is in a checkpointed batch and is not read again; b.txt, written while the driver was
// down, goes to a regenerated batch; c.txt is read from the present.
TEST(CliLiveDurable, AFileStreamRestartReadsOnlyTheFilesItHadNotRead) {
  Scratch s;
  Write(s.path / "s.yaml", kDStream);
  Write(s.path / "in" / "old.txt", "old\n");
  const fs::path ck = s.path / "ck";
  const std::string args = "run --live --checkpoint " + ck.string() + " " + (s.path / "s.yaml").string();
  pid_t first = Start(args, s.path / "first.log");
  ASSERT_TRUE(WaitFor([&] { return fs::exists(ck / "live" / "input-0.files"); })) << Read(s.path / "first.log");
  Write(s.path / "in" / "a.txt", "a1\na2\n");
  ASSERT_TRUE(WaitFor([&] { return CheckpointedBatchHolds(ck, "A2"); })) << Read(s.path / "first.log");
  EXPECT_EQ(Stop(first, SIGKILL), 137);
  Write(s.path / "in" / "b.txt", "b1\n");
  pid_t second = Start(args, s.path / "second.log");
  ASSERT_TRUE(WaitFor([&] { return Has(SavedLines(ck / "out"), "B1"); })) << Read(s.path / "second.log");
  Write(s.path / "in" / "c.txt", "c1\n");
  ASSERT_TRUE(WaitFor([&] { return Has(SavedLines(ck / "out"), "C1"); })) << Read(s.path / "second.log");
  EXPECT_EQ(Stop(second, SIGTERM), 143);
  EXPECT_NE(Read(s.path / "second.log").find("resuming after the checkpoint of the batch at"), std::string::npos)
      << Read(s.path / "second.log");
  EXPECT_EQ(SavedLines(ck / "out"), (std::vector<std::string>{"A1", "A2", "B1", "C1"}));
}

// FileStreamSource: the files there at the start are read too; the seen-files log
// (checkpoint/sources/0) keeps old.txt and a.txt from being read again after the kill.
TEST(CliLiveDurable, AFileSourceRestartReadsOnlyTheFilesItsLogDoesNotName) {
  Scratch s;
  Write(s.path / "s.yaml", kStructured);
  Write(s.path / "in" / "old.txt", "old\n");
  const fs::path ck = s.path / "ck";
  const fs::path sink = ck / "out" / "words";
  const std::string args = "run --live --checkpoint " + ck.string() + " " + (s.path / "s.yaml").string();
  pid_t first = Start(args, s.path / "first.log");
  ASSERT_TRUE(WaitFor([&] { return Has(SinkRows(sink), "{\"w\":\"OLD\"}"); })) << Read(s.path / "first.log");
  Write(s.path / "in" / "a.txt", "a1\na2\n");
  ASSERT_TRUE(WaitFor([&] { return Has(SinkRows(sink), "{\"w\":\"A2\"}"); })) << Read(s.path / "first.log");
  EXPECT_EQ(Stop(first, SIGKILL), 137);
  Write(s.path / "in" / "b.txt", "b1\n");
  pid_t second = Start(args, s.path / "second.log");
  ASSERT_TRUE(WaitFor([&] { return Has(SinkRows(sink), "{\"w\":\"B1\"}"); })) << Read(s.path / "second.log");
  Write(s.path / "in" / "c.txt", "c1\n");
  ASSERT_TRUE(WaitFor([&] { return Has(SinkRows(sink), "{\"w\":\"C1\"}"); })) << Read(s.path / "second.log");
  EXPECT_EQ(Stop(second, SIGTERM), 143);
  EXPECT_EQ(SinkRows(sink), (std::vector<std::string>{"{\"w\":\"A1\"}", "{\"w\":\"A2\"}", "{\"w\":\"B1\"}",
                                                      "{\"w\":\"C1\"}", "{\"w\":\"OLD\"}"}));
  EXPECT_EQ(Lines(ck / "checkpoint" / "sources" / "0" / "3")[1].find("c.txt") != std::string::npos, true);
}

TEST(CliLiveDurable, AnotherPipelinesOrARunOfTheStepsDirIsRefused) {
  Scratch s;
  Write(s.path / "s.yaml", kDStream);
  Write(s.path / "t.yaml", kStructured);
  const fs::path ck = s.path / "ck";
  pid_t first = Start("run --live --checkpoint " + ck.string() + " " + (s.path / "s.yaml").string(), s.path / "first.log");
  ASSERT_TRUE(WaitFor([&] { return fs::exists(ck / "live" / "input-0.files"); })) << Read(s.path / "first.log");
  EXPECT_EQ(Stop(first, SIGTERM), 143);
  Result other = Sh("run --live --checkpoint " + ck.string() + " " + (s.path / "t.yaml").string());
  EXPECT_EQ(other.status, 2) << other.out;
  EXPECT_NE(other.out.find("holds the checkpoint of another scenario (from s.yaml)"), std::string::npos) << other.out;
  std::string changed = kDStream;
  changed.replace(changed.find("upper(x)"), 8, "lower(x)");
  Write(s.path / "s.yaml", changed);
  Result r = Sh("run --live --checkpoint " + ck.string() + " " + (s.path / "s.yaml").string());
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("holds the checkpoint of another pipeline"), std::string::npos) << r.out;
  // A run of the steps and a live run do not share a DIR, either way.
  const fs::path steps = s.path / "steps";
  ASSERT_EQ(Sh("run --checkpoint " + steps.string() + " " + (s.path / "s.yaml").string()).status, 0);
  Result live = Sh("run --live --checkpoint " + steps.string() + " " + (s.path / "s.yaml").string());
  EXPECT_EQ(live.status, 2) << live.out;
  EXPECT_NE(live.out.find("holds the checkpoint of a run of the scenario's steps, not of a live run"), std::string::npos)
      << live.out;
  Result run = Sh("run --checkpoint " + ck.string() + " " + (s.path / "s.yaml").string());
  EXPECT_EQ(run.status, 2) << run.out;
}

// Without --checkpoint the run's temporary directory goes when a signal stops it and when
// its query fails (a FAILFAST file that does not parse).
TEST(CliLiveDurable, ALiveRunRemovesItsTemporaryDirectoryWhenStoppedOrFailing) {
  Scratch s;
  const fs::path tmp = s.path / "tmp";
  fs::create_directories(tmp);
  Write(s.path / "s.yaml", kDStream);
  pid_t live = Start("run --live " + (s.path / "s.yaml").string(), s.path / "live.log", tmp.string());
  ASSERT_TRUE(WaitFor([&] { return !fs::is_empty(tmp); })) << Read(s.path / "live.log");
  EXPECT_EQ(Stop(live, SIGTERM), 143);
  EXPECT_TRUE(fs::is_empty(tmp));
  Write(s.path / "f.yaml",
        "tideline: 1\ntitle: failing\napi: structured\n"
        "inputs:\n  rows: {type: file, format: json, mode: FAILFAST, path: in, schema: \"a INT\"}\n"
        "query:\n  from: rows\n  ops:\n    - select: [\"a\"]\n"
        "sink:\n  format: json\n  outputMode: append\n  options: {path: out/rows}\n"
        "steps:\n  - addData: {rows: [x]}\n");
  Write(s.path / "in" / "bad.json", "{\"a\": oops\n");
  Result failed = Sh("run --live " + (s.path / "f.yaml").string(), "TMPDIR=" + tmp.string());
  EXPECT_EQ(failed.status, 1) << failed.out;
  EXPECT_TRUE(fs::is_empty(tmp));
}

}  // namespace
