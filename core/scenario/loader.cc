// Loads a scenario file into the typed model and checks its shape: required
// keys, known keys (with a "did you mean" hint), known ops, inputs and steps.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/io/safe_path.h"
#include "core/scenario/model.h"
#include "core/scenario/operations.h"

namespace tideline::scenario {

std::string LanguageOf(std::string_view locale) {
  size_t end = locale.find_first_of("_.@-");
  std::string code(locale.substr(0, end));
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (code.empty() || code == "c" || code == "posix") return "en";
  return code;
}

const std::string& LocalizedText::In(std::string_view language) const {
  static const std::string kEmpty;
  if (by_language.empty()) return kEmpty;
  if (auto it = by_language.find(LanguageOf(language)); it != by_language.end()) return it->second;
  if (auto it = by_language.find("en"); it != by_language.end()) return it->second;
  return by_language.begin()->second;
}

const InputDef* Scenario::FindInput(std::string_view name) const {
  for (const auto& i : inputs) if (i.name == name) return &i;
  return nullptr;
}

const StreamDef* Scenario::FindStream(std::string_view name) const {
  for (const auto& s : streams) if (s.name == name) return &s;
  return nullptr;
}

std::string Scenario::Config(const std::string& key, const std::string& def) const {
  auto it = config.find(key);
  return it == config.end() ? def : it->second;
}

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
      char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x == y ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const std::vector<std::string> kTopKeys = {"tideline", "title", "summary", "tags", "origin", "api", "startTime",
                                           "config", "batchInterval", "checkpoint", "inputs", "streams", "outputs",
                                           "query", "sink", "steps"};
Status Err(const SourcePos& p, const std::string& m) { return Status::Parse(m, p); }

Status Unknown(const SourcePos& p, const char* what, const std::string& word, const std::vector<std::string>& known) {
  std::string hint = DidYouMean(word, known);
  return Err(p, fmt::format("unknown {} '{}'{}", what, word, hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
}

Status ScalarString(const YNode& n, const char* what, std::string* out) {
  if (!n.is_scalar()) return Err(n.pos, fmt::format("{} must be a string, not {}", what, n.KindName()));
  *out = n.scalar;
  return Status::Ok();
}

// A string (English) or a map from language code to string (spec section 10).
Status ReadLocalized(const YNode& n, const char* what, LocalizedText* out) {
  out->by_language.clear();
  if (n.is_null()) return Status::Ok();
  if (n.is_scalar()) {
    out->by_language["en"] = n.scalar;
    return Status::Ok();
  }
  if (!n.is_map())
    return Err(n.pos, fmt::format("{} must be a string or a map from a language code to a string", what));
  for (size_t k = 0; k < n.map.size(); ++k) {
    const auto& [lang, text] = n.map[k];
    bool code = lang.size() >= 2 && lang.size() <= 8 &&
                std::all_of(lang.begin(), lang.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
    if (!code)
      return Err(n.key_pos[k], fmt::format("'{}' is not a language code (such as en or ko) in {}", lang, what));
    if (!text.is_scalar())
      return Err(text.pos, fmt::format("the {} text of {} must be a string, not {}", lang, what, text.KindName()));
    out->by_language[lang] = text.scalar;
  }
  return Status::Ok();
}

// A one-key map ("op: arg") or a bare word.
Status OneKey(const YNode& n, const char* what, std::string* key, YNode* arg, SourcePos* pos) {
  if (n.is_scalar() && !n.quoted) {
    *key = n.scalar;
    *arg = YNode();
    *pos = n.pos;
    return Status::Ok();
  }
  if (!n.is_map() || n.map.size() != 1)
    return Err(n.pos, fmt::format("each {} must be a map with exactly one key", what));
  *key = n.map[0].first;
  *arg = n.map[0].second;
  *pos = n.key_pos[0];
  return Status::Ok();
}

Status LoadInputs(const YNode& root, Scenario* sc, const std::vector<std::string>& types, const char* what) {
  if (const YNode* ins = root.Get("inputs")) {
    if (!ins->is_map() && !ins->is_null()) return Err(ins->pos, "inputs must be a map from name to input");
    for (size_t i = 0; i < ins->map.size(); ++i) {
      const auto& [name, spec] = ins->map[i];
      InputDef def{name, "", spec, ins->key_pos[i]};
      const YNode* t = spec.Get("type");
      if (!spec.is_map() || !t) return Err(ins->key_pos[i], fmt::format("input '{}' needs a 'type'", name));
      def.type = t->scalar;
      if (std::find(types.begin(), types.end(), def.type) == types.end()) return Unknown(t->pos, what, def.type, types);
      sc->inputs.push_back(std::move(def));
    }
  }
  return Status::Ok();
}

// One stream of `streams:`: a name, and `from` with its ops or a combination of streams.
Status LoadStream(const YNode& s, Scenario* sc) {
  if (!s.is_map()) return Err(s.pos, "each stream must be a map with 'name' and 'from' or a combination");
  StreamDef def;
  def.pos = s.pos;
  for (size_t k = 0; k < s.map.size(); ++k) {
    const std::string& key = s.map[k].first;
    const YNode& v = s.map[k].second;
    if (key == "name") {
      TL_RETURN_IF_ERROR(ScalarString(v, "a stream's name", &def.name));
    } else if (key == "from") {
      TL_RETURN_IF_ERROR(ScalarString(v, "'from'", &def.from));
      def.from_pos = v.TextPos();
    } else if (key == "ops") {
      if (!v.is_seq()) return Err(v.pos, "ops must be a list");
      for (const YNode& o : v.seq) {
        OpDef op;
        TL_RETURN_IF_ERROR(OneKey(o, "op", &op.name, &op.arg, &op.pos));
        if (std::find(DStreamOps().begin(), DStreamOps().end(), op.name) == DStreamOps().end())
          return Unknown(op.pos, "op", op.name, DStreamOps());
        def.ops.push_back(std::move(op));
      }
    } else if (std::find(DStreamCombineOps().begin(), DStreamCombineOps().end(), key) != DStreamCombineOps().end()) {
      if (!v.is_seq() || v.seq.size() < 2) return Err(v.pos, fmt::format("'{}' takes a list of two or more streams", key));
      if (key != "union" && v.seq.size() != 2) return Err(v.pos, fmt::format("'{}' takes exactly two streams", key));
      def.combine = key;
      for (const YNode& n : v.seq) {
        std::string nm;
        TL_RETURN_IF_ERROR(ScalarString(n, "a stream name", &nm));
        def.combine_of.push_back(nm);
        def.combine_pos.push_back(n.TextPos());
      }
    } else {
      std::vector<std::string> known = {"name", "from", "ops"};
      known.insert(known.end(), DStreamCombineOps().begin(), DStreamCombineOps().end());
      return Unknown(s.key_pos[k], "stream key", key, known);
    }
  }
  if (def.name.empty()) return Err(s.pos, "a stream needs a 'name'");
  if (def.from.empty() && def.combine.empty())
    return Err(s.pos, fmt::format("stream '{}' needs 'from' (an input or an earlier stream) or 'union'/'join'", def.name));
  if (sc->FindStream(def.name) || sc->FindInput(def.name))
    return Err(s.pos, fmt::format("the name '{}' is used twice", def.name));
  sc->streams.push_back(std::move(def));
  return Status::Ok();
}

// One output of `outputs:`: a stream and exactly one output operation.
Status LoadOutput(const YNode& o, Scenario* sc) {
  if (!o.is_map()) return Err(o.pos, "each output must be a map such as {stream: s, print: 10}");
  OutputDef def;
  def.pos = o.pos;
  for (size_t k = 0; k < o.map.size(); ++k) {
    const std::string& key = o.map[k].first;
    if (key == "stream") {
      TL_RETURN_IF_ERROR(ScalarString(o.map[k].second, "an output's stream", &def.stream));
      def.stream_pos = o.map[k].second.TextPos();
    } else if (std::find(DStreamOutputs().begin(), DStreamOutputs().end(), key) != DStreamOutputs().end()) {
      if (!def.kind.empty()) return Err(o.key_pos[k], "an output has exactly one operation");
      def.kind = key;
      def.arg = o.map[k].second;
    } else {
      std::vector<std::string> known = DStreamOutputs();
      known.push_back("stream");
      return Unknown(o.key_pos[k], "output key", key, known);
    }
  }
  if (def.stream.empty()) return Err(o.pos, "an output needs 'stream'");
  if (def.kind.empty()) return Err(o.pos, "an output needs an operation: print, saveAsTextFiles, foreachRDD or collect");
  sc->outputs.push_back(std::move(def));
  return Status::Ok();
}

Status LoadDStream(const YNode& root, Scenario* sc) {
  const YNode* bi = root.Get("batchInterval");
  if (!bi) return Err(SourcePos{sc->path, 1, 1}, "a dstream scenario needs 'batchInterval'");
  if (!bi->is_scalar()) return Err(bi->pos, "batchInterval must be a duration such as 1s");
  auto d = ParseDuration(bi->scalar);
  if (!d.ok()) return Err(bi->TextPos(), d.status().message());
  if (d->micros() <= 0) return Err(bi->TextPos(), "batchInterval must be positive");
  sc->batch_interval = *d;
  sc->batch_interval_pos = bi->TextPos();
  if (const YNode* cp = root.Get("checkpoint")) {
    Value v = cp->ToValue();
    if (v.type() == ValueType::kBool) sc->checkpoint = v.as_bool();
    else if (v.type() == ValueType::kString) {
      if (Status st = io::CheckOutputPath(v.str(), "checkpoint directory"); !st.ok()) return Err(cp->TextPos(), st.message());
      sc->checkpoint = true;
      sc->checkpoint_path = std::string(v.str());
    }
    else if (!v.is_null()) return Err(cp->pos, "checkpoint must be true, false or a directory");
  }
  TL_RETURN_IF_ERROR(LoadInputs(root, sc, DStreamInputTypes(), "dstream input type"));
  if (const YNode* ss = root.Get("streams")) {
    if (!ss->is_seq()) return Err(ss->pos, "streams must be a list");
    for (const YNode& s : ss->seq) TL_RETURN_IF_ERROR(LoadStream(s, sc));
  }
  if (const YNode* os = root.Get("outputs")) {
    if (!os->is_seq()) return Err(os->pos, "outputs must be a list");
    for (const YNode& o : os->seq) TL_RETURN_IF_ERROR(LoadOutput(o, sc));
  }
  return Status::Ok();
}

}  // namespace

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_d) { best_d = d; best = c; }
  }
  size_t limit = std::max<size_t>(2, word.size() / 3);
  return best_d <= limit ? best : "";
}

Result<Scenario> LoadScenarioText(const std::string& text, const std::string& path) {
  TL_ASSIGN_OR_RETURN(YNode root, ParseYaml(text, path));
  Scenario sc;
  sc.path = path;
  if (!root.is_map()) return Err(root.pos.known() ? root.pos : SourcePos{path, 1, 1}, "a scenario must be a YAML map");
  for (size_t k = 0; k < root.map.size(); ++k)
    if (std::find(kTopKeys.begin(), kTopKeys.end(), root.map[k].first) == kTopKeys.end())
      return Unknown(root.key_pos[k], "key", root.map[k].first, kTopKeys);
  const YNode* version = root.Get("tideline");
  if (!version) return Err(SourcePos{path, 1, 1}, "missing 'tideline: 1' (the format version)");
  if (version->ToValue() != Value::Int(1))
    return Err(version->pos, fmt::format("unsupported format version '{}' (this build reads version 1)", version->scalar));
  const YNode* title = root.Get("title");
  if (!title) return Err(SourcePos{path, 1, 1}, "missing 'title'");
  TL_RETURN_IF_ERROR(ReadLocalized(*title, "title", &sc.title_text));
  if (sc.title_text.empty()) return Err(title->pos, "title must not be empty");
  sc.title = sc.title_text.In("en");
  if (const YNode* s = root.Get("summary")) {
    TL_RETURN_IF_ERROR(ReadLocalized(*s, "summary", &sc.summary_text));
    sc.summary = sc.summary_text.In("en");
  }
  if (const YNode* o = root.Get("origin")) sc.origin = o->scalar;
  if (const YNode* t = root.Get("tags")) {
    if (!t->is_seq()) return Err(t->pos, "tags must be a list");
    for (const YNode& n : t->seq) sc.tags.push_back(n.scalar);
  }
  const YNode* api = root.Get("api");
  if (!api) return Err(SourcePos{path, 1, 1}, "missing 'api' (dstream or structured)");
  if (api->scalar == "dstream") sc.api = Api::kDStream;
  else if (api->scalar == "structured") sc.api = Api::kStructured;
  else return Unknown(api->TextPos(), "api", api->scalar, {"dstream", "structured"});
  if (const YNode* st = root.Get("startTime")) {
    Value v = st->ToValue();
    if (v.type() == ValueType::kInt) sc.start_time = Timestamp::FromSeconds(v.as_int());
    else {
      auto ts = ParseTimestamp(st->scalar);
      if (!ts.ok()) return Err(st->TextPos(), ts.status().message());
      sc.start_time = *ts;
    }
  }
  if (const YNode* c = root.Get("config")) {
    if (!c->is_map()) return Err(c->pos, "config must be a map");
    for (const auto& [k, v] : c->map) sc.config[k] = v.scalar;
  }
  if (sc.api == Api::kDStream) {
    TL_RETURN_IF_ERROR(LoadDStream(root, &sc));
  } else {
    TL_RETURN_IF_ERROR(LoadInputs(root, &sc, StructuredInputTypes(), "structured input type"));
    if (const YNode* q = root.Get("query")) sc.query = *q;
    if (const YNode* s = root.Get("sink")) sc.sink = *s;
  }
  if (const YNode* steps = root.Get("steps")) {
    if (!steps->is_seq()) return Err(steps->pos, "steps must be a list");
    int i = 0;
    for (const YNode& s : steps->seq) {
      StepDef def;
      TL_RETURN_IF_ERROR(OneKey(s, "step", &def.kind, &def.arg, &def.pos));
      if (std::find(StepKinds().begin(), StepKinds().end(), def.kind) == StepKinds().end())
        return Unknown(def.pos, "step", def.kind, StepKinds());
      def.index = ++i;
      if (def.kind == "note") TL_RETURN_IF_ERROR(ReadLocalized(def.arg, "a note", &def.text));
      sc.steps.push_back(std::move(def));
    }
  }
  sc.root = std::move(root);
  return sc;
}

Result<Scenario> LoadScenario(const std::string& path) {
  if (Status st = io::CheckRegularFile(path, "scenario file"); !st.ok() && st.code() != StatusCode::kIoError)
    return Status::Error(StatusCode::kIoError, st.message(), SourcePos{path, 1, 1});
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::Error(StatusCode::kIoError, fmt::format("cannot open scenario file: {}", std::strerror(errno)),
                         SourcePos{path, 1, 1});
  std::stringstream ss;
  ss << in.rdbuf();
  return LoadScenarioText(ss.str(), path);
}

}  // namespace tideline::scenario
