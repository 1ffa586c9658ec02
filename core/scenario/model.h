#pragma once
// The typed model of a scenario file (spec sections 2 to 5): what the loader
// produces from YAML, with the source position of every part so that later
// errors (an unknown stream, a bad expression) point into the file. Arguments
// whose shape depends on the operation stay as YNode and are read by the
// builders. A Scenario is immutable once loaded; thread-compatible.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/ynode.h"
#include "core/time/time.h"

namespace tideline::scenario {

enum class Api { kDStream, kStructured };

struct InputDef {
  std::string name;
  std::string type;  // queue | socket | textFile | recording | memory | rate | file | static
  YNode spec;        // the whole input map
  SourcePos pos;
};

struct OpDef {
  std::string name;  // the op's key (map, reduceByKeyAndWindow, ...)
  YNode arg;
  SourcePos pos;
};

struct StreamDef {
  std::string name;
  SourcePos pos;
  std::string from;  // empty when the stream is a combination
  SourcePos from_pos;
  std::string combine;  // union | join | leftOuterJoin | ... when the stream combines others
  std::vector<std::string> combine_of;
  std::vector<SourcePos> combine_pos;
  std::vector<OpDef> ops;
};

struct OutputDef {
  std::string stream;
  SourcePos stream_pos;
  std::string kind;  // print | saveAsTextFiles | foreachRDD | collect
  YNode arg;
  SourcePos pos;
};

struct StepDef {
  std::string kind;  // addData, advanceClock, expectOutput, ...
  YNode arg;         // null for bare words
  SourcePos pos;
  int index = 0;     // 1-based
};

struct Scenario {
  std::string path;
  std::string title;
  std::string summary;
  std::vector<std::string> tags;
  std::string origin;
  Api api = Api::kDStream;
  Timestamp start_time;
  std::map<std::string, std::string> config;
  // DStream
  Duration batch_interval;
  SourcePos batch_interval_pos;
  bool checkpoint = false;
  std::string checkpoint_path;  // empty: a fresh directory per run
  std::vector<InputDef> inputs;
  std::vector<StreamDef> streams;
  std::vector<OutputDef> outputs;
  // Structured
  YNode query;
  YNode sink;
  std::vector<StepDef> steps;
  YNode root;

  const InputDef* FindInput(std::string_view name) const;
  const StreamDef* FindStream(std::string_view name) const;
  // A config value, or `def`.
  std::string Config(const std::string& key, const std::string& def = "") const;
};

// Loads and validates a scenario file. Errors name FILE:LINE:COL.
Result<Scenario> LoadScenario(const std::string& path);
Result<Scenario> LoadScenarioText(const std::string& text, const std::string& path);

// "did you mean 'x'?" for `word` among `candidates`, or empty.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tideline::scenario
