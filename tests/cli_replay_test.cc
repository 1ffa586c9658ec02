// `tideline replay` never loses records silently (issue: verify, replay, compare): times
// that go back, are negative or out of range are errors naming the recording's line;
// records that do not fit their input are counted per input with examples; collected
// outputs and trace events are shown.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_util.h"

namespace {

namespace fs = std::filesystem;

using tideline::cli_test_util::Result;
using tideline::cli_test_util::Sh;

const std::string kScenarios = TIDELINE_SOURCE_DIR "/scenarios";
const std::string kHeader = "{\"tideline-recording\": 1, \"inputs\": {\"lines\": {\"type\": \"socket\"}}}\n";

std::string WriteRecording(const std::string& name, const std::string& arrivals) {
  fs::path dir = fs::temp_directory_path() / "tideline-cli-replay";
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << kHeader << arrivals;
  return p.string();
}

std::string Arrival(int64_t t, const std::string& data) {
  return "{\"t\": " + std::to_string(t) + ", \"input\": \"lines\", \"data\": \"" + data + "\"}\n";
}

TEST(CliReplayTest, TimesThatGoBackAreAnErrorNamingTheLine) {
  std::string rec = WriteRecording("back.jsonl", Arrival(2000, "a b") + Arrival(1000, "c"));
  Result r = Sh("replay " + rec + " " + kScenarios + "/dstream/word-count.yaml");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("back.jsonl:3:1: error: arrival time t = 1000 goes back from 2000"), std::string::npos) << r.out;
}

TEST(CliReplayTest, NegativeAndOutOfRangeTimesAreErrors) {
  std::string neg = WriteRecording("neg.jsonl", Arrival(5, "a") + "{\"t\": -5, \"input\": \"lines\", \"data\": \"b\"}\n");
  Result n = Sh("replay " + neg + " " + kScenarios + "/dstream/word-count.yaml");
  EXPECT_EQ(n.status, 2) << n.out;
  EXPECT_NE(n.out.find("neg.jsonl:3:1: error: arrival time t = -5 is negative"), std::string::npos) << n.out;
  for (const char* t : {"1e300", "9007199254740992", "1.5"}) {
    std::string big = WriteRecording("big.jsonl", std::string("{\"t\": ") + t + ", \"input\": \"lines\", \"data\": \"b\"}\n");
    Result b = Sh("replay " + big + " " + kScenarios + "/dstream/word-count.yaml");
    EXPECT_EQ(b.status, 2) << t << ": " << b.out;
    EXPECT_NE(b.out.find("big.jsonl:2:1: error: arrival time t = "), std::string::npos) << b.out;
    EXPECT_NE(b.out.find("is not a whole number of milliseconds"), std::string::npos) << b.out;
  }
}

TEST(CliReplayTest, ARecordingInputWhoseTimesGoBackFailsTheScenarioAtThatLine) {
  fs::path dir = fs::temp_directory_path() / "tideline-cli-replay-input";
  fs::create_directories(dir);
  std::ofstream(dir / "r.jsonl") << kHeader << Arrival(2000, "a") << Arrival(1000, "b");
  std::ofstream(dir / "s.yaml") << "tideline: 1\ntitle: rec\napi: dstream\nbatchInterval: 1s\ninputs:\n"
                                   "  lines: {type: recording, path: r.jsonl}\noutputs:\n  - {stream: lines, collect: true}\n"
                                   "steps:\n  - runBatches: 3\n";
  Result r = Sh("run " + (dir / "s.yaml").string());
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("r.jsonl:3:1: error: arrival time t = 1000 goes back"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(CliReplayTest, TextIntoAnInputWithASchemaIsCountedAsMalformedWithExamples) {
  // session-windows.yaml reads rows (userId STRING, ts TIMESTAMP): a text line is not one.
  std::string rec = "{\"tideline-recording\": 1, \"inputs\": {\"events\": {\"type\": \"socket\"}}}\n"
                    "{\"t\": 1000, \"input\": \"events\", \"data\": \"hello world\"}\n"
                    "{\"t\": 2000, \"input\": \"events\", \"data\": \"x\"}\n";
  fs::path p = fs::temp_directory_path() / "tideline-cli-replay" / "text.jsonl";
  fs::create_directories(p.parent_path());
  std::ofstream(p) << rec;
  const std::string sc = kScenarios + "/structured/session-windows.yaml";
  Result text = Sh("replay " + p.string() + " " + sc);
  EXPECT_EQ(text.status, 0) << text.out;
  EXPECT_NE(text.out.find("input 'events': 2 malformed records, e.g. \"hello world\", \"x\""), std::string::npos) << text.out;
  Result json = Sh("replay -q --json " + p.string() + " " + sc);
  EXPECT_NE(json.out.find("\"malformed\":{\"events\":{\"count\":2,\"examples\":[\"hello world\",\"x\"]}}"), std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("{\"type\":\"summary\",\"records\":2,"), std::string::npos) << json.out;
}

TEST(CliReplayTest, CollectedOutputsAndTraceEventsAreShown) {
  std::string rec = WriteRecording("wc.jsonl", Arrival(100, "a b a") + Arrival(1500, "c"));
  const std::string sc = kScenarios + "/dstream/word-count.yaml";
  Result text = Sh("replay -q " + rec + " " + sc);
  EXPECT_EQ(text.status, 0) << text.out;
  EXPECT_NE(text.out.find("collect counts at 1000 ms: 2 rows\n  (a,2)\n  (b,1)\n"), std::string::npos) << text.out;
  Result json = Sh("replay -q --json --trace " + rec + " " + sc);
  EXPECT_EQ(json.status, 0) << json.out;
  EXPECT_NE(json.out.find("{\"type\":\"collect\",\"stream\":\"counts\",\"batchTimeMs\":2000,\"rows\":[[\"c\",1]]}"),
            std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"event\":\"batchScheduled\""), std::string::npos) << json.out;
  // Without --trace, no trace events.
  Result plain = Sh("replay -q --json " + rec + " " + sc);
  EXPECT_EQ(plain.out.find("\"event\":"), std::string::npos) << plain.out;
}

}  // namespace
