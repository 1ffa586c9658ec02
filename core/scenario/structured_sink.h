#pragma once
// The sink of a Structured scenario, built from its `sink:` map (format, outputMode,
// trigger, queryName, options) as DataStreamWriter is configured: building, apart from
// the runner that starts the query. The sinks themselves are core/structured/sinks.h.
// Plain values and free functions; the caller owns what they make.

#include <functional>
#include <memory>
#include <string>

#include "core/common/status.h"
#include "core/scenario/ynode.h"
#include "core/structured/query.h"
#include "core/structured/sinks.h"
#include "core/time/clock.h"
#include "core/trace/trace.h"

namespace tideline::scenario {

struct SinkSpec {
  std::string format = "memory";
  structured::OutputMode mode = structured::OutputMode::kAppend;
  structured::Trigger trigger;
  std::string query_name;
  YNode options;

  // The scalar text of an option, or `def` when it is absent.
  std::string OptionText(const char* key, const std::string& def) const;
};

// Reads the `sink:` map (null: a memory sink in append mode); a parse error at the key
// that is malformed or unknown.
Result<SinkSpec> ParseSinkSpec(const YNode& sink);

// A trigger written as a word (default, once, availableNow) or a one-key map
// ({processingTime: D}, {continuous: D}).
Result<structured::Trigger> TriggerOf(const YNode& t);

// DataStreamWriter.start's checks of the sink against the trigger: foreachBatch runs
// micro-batches only, and a file format writes in append mode only.
Status CheckSinkSupports(const SinkSpec& spec, const structured::Trigger& trigger);

// The sink of a format other than memory (console, file, json, csv, foreachBatch, noop),
// writing under `dir`; the console prints through `print` and traces through `tracer`.
std::unique_ptr<structured::Sink> MakeFormatSink(const SinkSpec& spec, const std::string& dir,
                                                 std::function<void(const std::string&)> print, trace::Tracer* tracer,
                                                 const Clock* clock);

}  // namespace tideline::scenario
