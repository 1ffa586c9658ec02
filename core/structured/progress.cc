// StreamingQueryProgress as JSON with Spark's field names and number formats
// (StreamingQueryProgress.json), and fields of it by path for the checks.
#include <fmt/format.h>

#include <cmath>

#include "core/structured/format_text.h"
#include "core/structured/query.h"
#include "core/value/json.h"

namespace tideline::structured {

namespace {

std::string JsonDouble(double d) {
  if (std::isnan(d)) return "\"NaN\"";
  if (std::isinf(d)) return d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  return JavaDoubleString(d);
}

}  // namespace

std::string Progress::ToJson() const {
  std::string s = "{\"id\":\"" + id + "\",\"runId\":\"" + run_id + "\",\"name\":";
  if (name.empty()) s += "null";
  else AppendJsonString(&s, name);
  s += fmt::format(",\"timestamp\":\"{}\",\"batchId\":{},\"batchDuration\":{},\"numInputRows\":{}", IsoMillis(timestamp),
                   batch_id, trigger_execution.millis(), num_input_rows);
  // StreamingQueryProgress.safeDoubleToJValue leaves out NaN and infinite rates.
  if (std::isfinite(input_rows_per_second)) s += ",\"inputRowsPerSecond\":" + JsonDouble(input_rows_per_second);
  if (std::isfinite(processed_rows_per_second)) s += ",\"processedRowsPerSecond\":" + JsonDouble(processed_rows_per_second);
  s += fmt::format(",\"durationMs\":{{\"addBatch\":{},\"getBatch\":0,\"latestOffset\":0,\"queryPlanning\":0,\"triggerExecution\":{},\"walCommit\":0}}",
                   trigger_execution.millis(), trigger_execution.millis());
  if (has_watermark || has_event_stats) {
    s += ",\"eventTime\":{";
    bool first = true;
    if (has_event_stats) {
      s += fmt::format("\"avg\":\"{}\",\"max\":\"{}\",\"min\":\"{}\"", IsoMillis(Timestamp::FromMillis(static_cast<int64_t>(std::llround(std::floor(event_time_avg_ms))))),
                       IsoMillis(event_time_max), IsoMillis(event_time_min));
      first = false;
    }
    if (has_watermark) s += fmt::format("{}\"watermark\":\"{}\"", first ? "" : ",", IsoMillis(watermark));
    s += "}";
  }
  s += ",\"stateOperators\":[";
  for (size_t i = 0; i < state_ops.size(); ++i) {
    const auto& o = state_ops[i];
    s += fmt::format("{}{{\"operatorName\":\"{}\",\"numRowsTotal\":{},\"numRowsUpdated\":{},\"allUpdatesTimeMs\":0,\"numRowsRemoved\":{},"
                     "\"allRemovalsTimeMs\":0,\"commitTimeMs\":0,\"memoryUsedBytes\":{},\"numRowsDroppedByWatermark\":{},"
                     "\"numShufflePartitions\":{},\"numStateStoreInstances\":{},\"customMetrics\":{{",
                     i ? "," : "", o.name, o.total, o.updated, o.removed, o.memory, o.dropped, o.partitions, o.instances);
    bool first = true;
    for (const auto& [k, v] : o.custom) {
      s += fmt::format("{}\"{}\":{}", first ? "" : ",", k, v);
      first = false;
    }
    s += "}}";
  }
  s += "],\"sources\":[";
  for (size_t i = 0; i < sources.size(); ++i) {
    s += i ? "," : "";
    s += "{\"description\":";
    AppendJsonString(&s, sources[i].first);
    s += fmt::format(",\"numInputRows\":{}}}", sources[i].second);
  }
  s += "],\"sink\":{\"description\":";
  AppendJsonString(&s, sink);
  s += fmt::format(",\"numOutputRows\":{}}}}}", sink_rows);
  return s;
}

std::optional<Value> Progress::Get(const std::string& path) const {
  auto parsed = ParseJson(ToJson());
  if (!parsed.ok()) return std::nullopt;
  Value cur = *parsed;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t dot = path.find('.', pos);
    std::string part = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (cur.type() == ValueType::kStruct) {
      int i = cur.struct_type()->Find(part, false);
      if (i < 0) return std::nullopt;
      cur = cur[static_cast<size_t>(i)];
    } else if (cur.type() == ValueType::kArray) {
      char* end = nullptr;
      long idx = std::strtol(part.c_str(), &end, 10);
      if (end == part.c_str() || *end || idx < 0 || static_cast<size_t>(idx) >= cur.size()) return std::nullopt;
      cur = cur[static_cast<size_t>(idx)];
    } else {
      return std::nullopt;
    }
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return cur;
}

}  // namespace tideline::structured
