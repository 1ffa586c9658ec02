#include "core/scenario/structured_sink.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/scenario/model.h"
#include "core/scenario/operations.h"
#include "core/scenario/sink_options.h"
#include "core/scenario/source_options.h"

namespace tideline::scenario {

namespace fs = std::filesystem;
using structured::OutputMode;
using structured::Trigger;

std::string SinkSpec::OptionText(const char* key, const std::string& def) const {
  const YNode* n = OptionNode(options, key);
  return n ? n->scalar : def;
}

Result<SinkSpec> ParseSinkSpec(const YNode& s) {
  if (!s.is_null() && !s.is_map()) return Status::Parse("'sink' must be a map", s.pos);
  auto get = [&](const char* k) -> std::string { const YNode* n = s.Get(k); return n ? n->scalar : ""; };
  SinkSpec spec;
  spec.format = get("format");
  if (spec.format.empty()) spec.format = "memory";
  std::string mode = get("outputMode");
  if (mode.empty() || mode == "append") spec.mode = OutputMode::kAppend;
  else if (mode == "update") spec.mode = OutputMode::kUpdate;
  else if (mode == "complete") spec.mode = OutputMode::kComplete;
  else return Status::Parse(fmt::format("unknown outputMode '{}' (append, update or complete)", mode), s.Get("outputMode")->TextPos());
  if (const YNode* t = s.Get("trigger")) {
    auto tr = TriggerOf(*t);
    if (!tr.ok()) return Status::Parse(tr.status().message(), t->pos);
    spec.trigger = *tr;
  }
  spec.query_name = get("queryName");
  if (const YNode* o = s.Get("options")) spec.options = *o;
  const std::vector<std::string>& formats = SinkFormats();
  if (std::find(formats.begin(), formats.end(), spec.format) == formats.end()) {
    std::string hint = DidYouMean(spec.format, formats);
    return Status::Parse(fmt::format("unknown sink format '{}'{}", spec.format, hint.empty() ? "" : " (did you mean '" + hint + "'?)"),
                         s.Get("format")->TextPos());
  }
  return spec;
}

Result<Trigger> TriggerOf(const YNode& t) {
  if (t.is_scalar()) return structured::ParseTrigger(t.scalar, "");
  if (t.is_map() && t.map.size() == 1) return structured::ParseTrigger(t.map[0].first, t.map[0].second.scalar);
  return Status::InvalidArgument("a trigger is default, once, availableNow, {processingTime: D} or {continuous: D}");
}

Status CheckSinkSupports(const SinkSpec& spec, const Trigger& trigger) {
  // ConsoleWrite reads its options when the query starts.
  SourcePos option_pos;
  if (spec.format == "console")
    if (auto console = ReadConsoleOptions(spec.options, &option_pos); !console.ok()) return console.status();
  // DataStreamWriter.start: foreachBatch runs micro-batches only.
  if (spec.format == "foreachBatch" && trigger.kind == Trigger::Kind::kContinuous)
    return Status::Analysis("'foreachBatch' is not supported with continuous trigger");
  // DataSource.createSink: a file format writes in append mode only.
  if ((spec.format == "file" || spec.format == "json" || spec.format == "csv") && spec.mode != OutputMode::kAppend)
    return Status::Analysis(fmt::format(
        "[STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE] Invalid streaming output mode: {}. This output mode is not "
        "supported in Data Source {}.",
        structured::OutputModeName(spec.mode), spec.format == "file" ? spec.OptionText("format", "json") : spec.format));
  return Status::Ok();
}

std::unique_ptr<structured::Sink> MakeFormatSink(const SinkSpec& spec, const std::string& dir,
                                                 std::function<void(const std::string&)> print, trace::Tracer* tracer,
                                                 const Clock* clock) {
  if (spec.format == "noop") return std::make_unique<structured::NoopSink>();
  if (spec.format == "console") {
    SourcePos unused;
    auto read = ReadConsoleOptions(spec.options, &unused);  // an error fails the start first
    ConsoleOptions o = read.ok() ? *read : ConsoleOptions{};
    const int num_rows = o.num_rows;
    const int truncate = o.truncate ? 20 : 0;
    return std::make_unique<structured::ConsoleSink>(num_rows, truncate, std::move(print), tracer, clock);
  }
  fs::path out = fs::path(dir) / spec.OptionText("path", "out");
  if (spec.format == "foreachBatch")
    return std::make_unique<structured::ForeachBatchSink>(out, spec.OptionText("format", "json"));
  std::string file_format = spec.format == "file" ? spec.OptionText("format", "json") : spec.format;
  return std::make_unique<structured::FileSink>(out, spec.OptionText("path", "out"), file_format, clock);
}

}  // namespace tideline::scenario
