// A durable replay (`tideline replay --checkpoint DIR`, spec section 12) killed with
// SIGKILL at random moments and restarted on the same DIR each time ends with the same
// outputs, byte for byte, as a replay that was never interrupted: a DStream pipeline's
// saveAsTextFiles directories and a structured query's file sink.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "replay_lessons.h"

namespace {

namespace fs = std::filesystem;

using tideline::cli_test_util::Result;
using tideline::cli_test_util::Sh;

fs::path Dir(const std::string& name) { return tideline::cli_test_util::FreshDir("tideline-durable-replay-" + name); }

// A word count with state across batches (updateStateByKey) and per batch, both saved
// as text files, over `seconds` seconds of a seeded recording of a few lines a second.
void WriteLesson(const fs::path& dir, int seconds) {
  std::ofstream(dir / "s.yaml") << "tideline: 1\ntitle: durable word count\napi: dstream\nbatchInterval: 1s\n"
                                   "inputs:\n  lines: {type: socket, host: localhost, port: 9999}\n"
                                   "streams:\n"
                                   "  - name: pairs\n    from: lines\n    ops:\n"
                                   "      - flatMap: \"split(x, ' ')\"\n      - map: \"(x, 1)\"\n"
                                   "  - name: batch\n    from: pairs\n    ops:\n      - reduceByKey: \"a + b\"\n"
                                   "  - name: totals\n    from: pairs\n    ops:\n"
                                   "      - updateStateByKey: \"coalesce(state, 0) + sum(values)\"\n"
                                   "outputs:\n"
                                   "  - {stream: batch, saveAsTextFiles: {prefix: out/batch}}\n"
                                   "  - {stream: totals, saveAsTextFiles: {prefix: out/totals}}\n"
                                   "steps: []\n";
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<int> word(0, 40), per_second(1, 6), ms(0, 999);
  std::ofstream rec(dir / "r.jsonl");
  rec << "{\"tideline-recording\": 1, \"inputs\": {\"lines\": {\"type\": \"socket\"}}}\n";
  for (int s = 0; s < seconds; ++s) {
    std::vector<int> times;
    for (int k = per_second(rng); k > 0; --k) times.push_back(s * 1000 + ms(rng));
    std::sort(times.begin(), times.end());
    for (int t : times)
      rec << "{\"t\": " << t << ", \"input\": \"lines\", \"data\": \"w" << word(rng) << " w" << word(rng) << "\"}\n";
  }
}

void WriteStructuredLesson(const fs::path& dir, int seconds) {
  tideline::test_lessons::WriteWindowedCountLesson(dir, seconds, 20261208);
}

// Every file under dir/out, by relative path, with its content. A file sink's log names
// its files by absolute path, as Spark's does: the run's directory reads as DIR there, so
// that runs in two directories compare.
std::map<std::string, std::string> Outputs(const fs::path& dir) {
  std::map<std::string, std::string> files;
  const std::string prefix = dir.string();
  for (const auto& e : fs::recursive_directory_iterator(dir / "out")) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string content = ss.str();
    for (size_t at = content.find(prefix); at != std::string::npos; at = content.find(prefix, at + 3))
      content.replace(at, prefix.size(), "DIR");
    files[fs::relative(e.path(), dir).string()] = content;
  }
  return files;
}

// Replays the lesson in `lesson` once uninterrupted and once killed ten times, and
// compares what each leaves under out/.
void KillTenTimesAndCompare(const fs::path& lesson, const std::string& name, size_t min_files) {
  const std::string args = (lesson / "r.jsonl").string() + " " + (lesson / "s.yaml").string();

  fs::path whole = Dir(name + "-whole");
  Result clean = Sh("replay -q --checkpoint " + whole.string() + " " + args);
  ASSERT_EQ(clean.status, 0) << clean.out;
  const auto expected = Outputs(whole);
  ASSERT_GE(expected.size(), min_files);

  // Ten real processes killed with SIGKILL at seeded moments, each one resuming the
  // directory the one before it left. They replay at 200 times real time (the output is
  // the same at every speed), so a process lives through at most 0.45 s x 200 = 90 s of
  // the recording's 1,000 and all ten are killed before the replay is done, however fast
  // the machine.
  fs::path killed = Dir(name + "-killed");
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> when(0.2, 0.45);
  int killed_runs = 0, resumed_runs = 0;
  for (int k = 0; k < 10; ++k) {
    Result r = Sh("replay --speed 200 --checkpoint " + killed.string() + " " + args,
                  "timeout -s KILL " + std::to_string(when(rng)));
    if (r.status == 137) ++killed_runs;  // timeout -s KILL: 128 + SIGKILL
    // Each run after the first goes on from the checkpoint, not from the start.
    if (r.out.find("resuming after the checkpoint of the batch at") != std::string::npos) ++resumed_runs;
    ASSERT_TRUE(r.status == 0 || r.status == 137) << "run " << k << " exited " << r.status << ": " << r.out;
  }
  EXPECT_EQ(killed_runs, 10);
  EXPECT_GE(resumed_runs, 8);
  Result last = Sh("replay --checkpoint " + killed.string() + " " + args);
  ASSERT_EQ(last.status, 0) << last.out;
  EXPECT_NE(last.out.find("resuming after the checkpoint of the batch at"), std::string::npos) << last.out;
  const auto got = Outputs(killed);
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [path, content] : expected) {
    auto it = got.find(path);
    ASSERT_NE(it, got.end()) << path;
    EXPECT_EQ(it->second, content) << path;
  }
  fs::remove_all(whole);
  fs::remove_all(killed);
}

TEST(CliDurableReplayTest, KilledTenTimesADStreamReplayEndsWithTheOutputsOfAnUninterruptedOne) {
  fs::path lesson = Dir("lesson");
  WriteLesson(lesson, 1000);
  KillTenTimesAndCompare(lesson, "dstream", 2u * 1000 * 2);  // part files and _SUCCESS per batch and output
  fs::remove_all(lesson);
}

TEST(CliDurableReplayTest, KilledTenTimesAStructuredReplayEndsWithTheFileSinkOfAnUninterruptedOne) {
  fs::path lesson = Dir("structured");
  WriteStructuredLesson(lesson, 1000);
  // A part file per batch that closed a window and a _spark_metadata entry per batch.
  KillTenTimesAndCompare(lesson, "structured", 2u * 90);
  fs::remove_all(lesson);
}

// The events of one batch in a trace (JSON lines): from its batchStarted to its batch
// event, each without its sequence number (and, structured, the progress text, whose
// runId is the run's own).
std::vector<std::string> BatchEvents(const std::string& trace, const std::string& key) {
  std::vector<std::string> out;
  std::istringstream in(trace);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"event\":\"batchStarted\"") != std::string::npos && line.find(key) != std::string::npos) inside = true;
    if (!inside || line.find("\"event\":") == std::string::npos) continue;
    std::string e = line.substr(line.find(",\"event\":") + 1);
    if (size_t t = e.find(",\"text\":\"{\\\"id\\\""); t != std::string::npos) e = e.substr(0, t);
    out.push_back(e);
    if (line.find("\"event\":\"batch\",") != std::string::npos) break;
  }
  return out;
}

// Keyframes of a long replay: a jump to a batch replays from the nearest keyframe before
// it and prints that batch's events, the same as a replay from the start traces them.
void JumpsMatchTheFullTrace(const fs::path& lesson, const std::string& name, const std::vector<std::pair<int, std::string>>& batches) {
  const std::string args = (lesson / "r.jsonl").string() + " " + (lesson / "s.yaml").string();
  fs::path kdir = Dir(name + "-keyframes");
  Result kept = Sh("replay --keyframes " + kdir.string() + " --every 50 " + args);
  ASSERT_EQ(kept.status, 0) << kept.out;
  EXPECT_NE(kept.out.find("keyframes, one every 50 batches"), std::string::npos) << kept.out;
  fs::path full_dir = Dir(name + "-full");
  Result full = Sh("replay -q --json --trace --checkpoint " + full_dir.string() + " " + args);
  ASSERT_EQ(full.status, 0);
  for (const auto& [batch, key] : batches) {
    Result jump = Sh("replay -q --keyframes " + kdir.string() + " --batch " + std::to_string(batch) + " " + args);
    ASSERT_EQ(jump.status, 0) << jump.out;
    std::vector<std::string> expected = BatchEvents(full.out, key);
    ASSERT_GE(expected.size(), 2u) << key;
    EXPECT_EQ(BatchEvents(jump.out, key), expected) << "batch " << batch;
  }
  fs::remove_all(kdir);
  fs::remove_all(full_dir);
}

TEST(CliDurableReplayTest, AJumpToABatchShowsItAsAReplayFromTheStartDoes) {
  fs::path lesson = Dir("jump-dstream");
  WriteLesson(lesson, 600);
  // Batch N of a 1-second DStream pipeline is the one at (N + 1) s.
  JumpsMatchTheFullTrace(lesson, "jump-dstream", {{0, "\"batchTimeMs\":1000}"}, {137, "\"batchTimeMs\":138000}"},
                                                  {599, "\"batchTimeMs\":600000}"}});
  fs::remove_all(lesson);
  fs::path structured = Dir("jump-structured");
  WriteStructuredLesson(structured, 300);
  JumpsMatchTheFullTrace(structured, "jump-structured", {{3, "\"index\":3,"}, {149, "\"index\":149,"}});
  fs::remove_all(structured);
}

TEST(CliDurableReplayTest, KeyframesStayBoundedOnALongReplay) {
  fs::path lesson = Dir("bounded");
  WriteLesson(lesson, 1000);
  fs::path kdir = Dir("bounded-keyframes");
  Result kept = Sh("replay --keyframes " + kdir.string() + " --every 10 " + (lesson / "r.jsonl").string() + " " +
                   (lesson / "s.yaml").string());
  ASSERT_EQ(kept.status, 0) << kept.out;
  int n = 0;
  for (const auto& e : fs::directory_iterator(kdir)) n += e.path().filename().string().rfind("keyframe-", 0) == 0;
  EXPECT_LE(n, 32);
  EXPECT_GE(n, 16);
  // 100 keyframes at one every 10 batches thin out twice, to one every 40.
  EXPECT_NE(kept.out.find("one every 40 batches"), std::string::npos) << kept.out;
  fs::remove_all(lesson);
  fs::remove_all(kdir);
}

TEST(CliDurableReplayTest, ADirectoryOfAnotherRecordingOrOfARunIsRefused) {
  fs::path lesson = Dir("refuse");
  WriteLesson(lesson, 3);
  std::ofstream(lesson / "other.jsonl") << "{\"tideline-recording\": 1, \"inputs\": {\"lines\": {\"type\": \"socket\"}}}\n";
  const std::string sc = (lesson / "s.yaml").string();
  fs::path dir = lesson / "ckpt";
  ASSERT_EQ(Sh("replay -q --checkpoint " + dir.string() + " " + (lesson / "r.jsonl").string() + " " + sc).status, 0);
  Result other = Sh("replay -q --checkpoint " + dir.string() + " " + (lesson / "other.jsonl").string() + " " + sc);
  EXPECT_EQ(other.status, 2) << other.out;
  EXPECT_NE(other.out.find("a replay of another recording"), std::string::npos) << other.out;
  Result run = Sh("run --checkpoint " + dir.string() + " " + sc);
  EXPECT_EQ(run.status, 2) << run.out;
  EXPECT_NE(run.out.find("not of a run of the scenario's steps"), std::string::npos) << run.out;
  // The same replay again resumes after its last checkpoint and changes no output.
  const auto before = Outputs(dir);
  Result again = Sh("replay --checkpoint " + dir.string() + " " + (lesson / "r.jsonl").string() + " " + sc);
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("resuming after the checkpoint of the batch at"), std::string::npos) << again.out;
  EXPECT_EQ(Outputs(dir), before);
  fs::remove_all(lesson);
}

}  // namespace
