// The analysis of a structured scenario's query before any step runs (structured_analysis.h).
#include "core/scenario/structured_analysis.h"

#include <functional>
#include <map>
#include <string>

#include "core/scenario/runner.h"
#include "core/scenario/sink_options.h"
#include "core/structured/watermark_tracker.h"
#include "core/structured/query.h"

namespace tideline::scenario {

using structured::PlanNode;
using structured::Trigger;

namespace {

SourcePos SinkPos(const Scenario& sc) {
  for (size_t i = 0; i < sc.root.map.size(); ++i)
    if (sc.root.map[i].first == "sink") return sc.root.key_pos[i];
  return {};
}

// The sink's outputMode, or the sink when the mode is the default.
SourcePos ModePos(const Scenario& sc) {
  if (const YNode* m = sc.sink.Get("outputMode")) return m->TextPos();
  return SinkPos(sc);
}

// Where a failed check of the whole plan is caused: the sink's outputMode when the
// message is about the mode, else the first op after which the plan fails it alike.
SourcePos CausePos(const StructuredAnalysisInput& in, const Status& st,
                   const std::function<Status(const PlanNode&)>& check) {
  const std::string& m = st.message();
  bool mode = m.rfind("[STREAMING_OUTPUT_MODE", 0) == 0 ||
              (m.rfind("Continuous processing does not support", 0) == 0 && m.find("output mode") != std::string::npos);
  if (mode && ModePos(in.sc).known()) return ModePos(in.sc);
  for (const auto& [pos, df] : in.stages)
    if (df.ok() && df.plan() && check(*df.plan()).message() == m) return pos;
  return in.stages.back().first;
}

// Where `key` is set in a `config:` map, or an unknown position.
SourcePos ConfigKeyPos(const YNode* config, const std::string& key) {
  if (config && config->is_map())
    for (size_t i = 0; i < config->map.size(); ++i)
      if (config->map[i].first == key) return config->map[i].second.TextPos();
  return {};
}

}  // namespace

Status StructuredSinkChecks(const Status& start_error, const SinkSpec& spec, const Trigger& trigger,
                            const std::map<std::string, std::string>& config) {
  // SQLConf rejects a bad setting as it is set, before any query.
  TL_RETURN_IF_ERROR(structured::CheckMultipleWatermarkPolicy(config));
  TL_RETURN_IF_ERROR(start_error);
  return CheckSinkSupports(spec, trigger);
}

Status AnalyzeStructuredQuery(const StructuredAnalysisInput& in) {
  // The configuration of the first start: the sink's trigger and the scenario's config,
  // or what the startStream step that starts the query first gives.
  Trigger trigger = in.spec.trigger;
  SourcePos trigger_pos = in.sc.sink.Get("trigger") ? in.sc.sink.Get("trigger")->pos : SinkPos(in.sc);
  std::map<std::string, std::string> config = in.sc.config;
  const std::string policy_key = "spark.sql.streaming.multipleWatermarkPolicy";
  SourcePos policy_pos = ConfigKeyPos(in.sc.root.Get("config"), policy_key);
  int first = FirstStartStep(in.sc);
  if (first >= 0 && in.sc.steps[static_cast<size_t>(first)].kind == "startStream") {
    const YNode& arg = in.sc.steps[static_cast<size_t>(first)].arg;
    if (const YNode* tr = arg.is_map() ? arg.Get("trigger") : nullptr) {
      auto parsed = TriggerOf(*tr);
      if (parsed.ok()) {
        trigger = *parsed;
        trigger_pos = tr->pos;
      }
    }
    if (const YNode* c = arg.is_map() ? arg.Get("config") : nullptr) {
      for (const auto& [ck, cv] : c->map) config[ck] = cv.scalar;
      if (ConfigKeyPos(c, policy_key).known()) policy_pos = ConfigKeyPos(c, policy_key);
    }
  }
  auto at = [](const Status& st, const SourcePos& pos) { return Status::Error(st.code(), st.message(), pos); };
  if (Status st = StructuredSinkChecks(in.start_error, in.spec, trigger, config); !st.ok()) {
    if (!structured::CheckMultipleWatermarkPolicy(config).ok()) return at(st, policy_pos);
    if (!in.start_error.ok()) return at(st, in.start_error_pos);
    SourcePos option_pos;
    if (in.spec.format == "console" && !ReadConsoleOptions(in.spec.options, &option_pos).ok()) return at(st, option_pos);
    return at(st, trigger.kind == Trigger::Kind::kContinuous && in.spec.format == "foreachBatch" ? trigger_pos : ModePos(in.sc));
  }
  // StreamingQuery::Start's analysis, in its order.
  if (!in.df.ok()) return at(in.df.status(), in.analysis_pos.known() ? in.analysis_pos : in.stages.front().first);
  if (!in.df.is_streaming())
    return at(Status::Analysis("'writeStream' can be called only on streaming Dataset/DataFrame"), in.stages.front().first);
  auto check = config.find("spark.sql.streaming.unsupportedOperationCheck");
  if (check == config.end() || check->second != "false") {
    auto streaming = [&](const PlanNode& plan) { return CheckForStreaming(plan, in.spec.mode, config); };
    if (Status st = streaming(*in.df.plan()); !st.ok()) return at(st, CausePos(in, st, streaming));
  }
  if (trigger.kind == Trigger::Kind::kContinuous) {
    auto continuous = [&](const PlanNode& plan) { return CheckForContinuous(plan, in.spec.mode); };
    if (Status st = continuous(*in.df.plan()); !st.ok()) return at(st, CausePos(in, st, continuous));
  }
  return Status::Ok();
}

}  // namespace tideline::scenario
