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

// Lesson text in several languages (spec section 10): a language code ("en", "ko")
// to text. A plain string in the file is English.
struct LocalizedText {
  std::map<std::string, std::string> by_language;

  // The text in `language` ("ko"; a locale such as "ko_KR.UTF-8" counts as "ko"), else
  // the English text, else the alphabetically first language's, else empty.
  const std::string& In(std::string_view language) const;
  bool empty() const { return by_language.empty(); }
};

// The language code of a locale name or code: "ko_KR.UTF-8" -> "ko", "C" or "" -> "en".
std::string LanguageOf(std::string_view locale);

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
  LocalizedText text;  // a `note`'s text
};

struct Scenario {
  std::string path;
  // Folders besides the scenario's own from which its inputs may be read (the run's
  // directory, `tideline run --allow-path DIR`); see core/io/safe_path.h.
  std::vector<std::string> allowed_paths;
  std::string title;    // in English (or the first language given)
  std::string summary;  // likewise
  LocalizedText title_text;
  LocalizedText summary_text;
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
