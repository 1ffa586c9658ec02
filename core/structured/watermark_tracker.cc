#include "core/structured/watermark_tracker.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "core/common/strings.h"

namespace tideline::structured {

namespace {
constexpr const char* kPolicyKey = "spark.sql.streaming.multipleWatermarkPolicy";
}  // namespace

Status CheckMultipleWatermarkPolicy(const std::map<std::string, std::string>& config) {
  auto it = config.find(kPolicyKey);
  if (it == config.end()) return Status::Ok();
  const std::string policy = AsciiLower(it->second);  // the conf's transform(_.toLowerCase)
  if (policy == "min" || policy == "max") return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "'{}' in {} is invalid. Invalid value for '{}'. Valid values are 'min' and 'max'", policy, kPolicyKey, kPolicyKey));
}

WatermarkTracker::WatermarkTracker(const std::map<std::string, std::string>& config) {
  if (auto it = config.find(kPolicyKey); it != config.end()) max_policy_ = AsciiLower(it->second) == "max";
}

void WatermarkTracker::UpdateFromBatch(const std::vector<std::pair<Duration, EventStats>>& stats) {
  per_operator_.resize(stats.size());
  for (size_t i = 0; i < stats.size(); ++i) {
    if (stats[i].second.count == 0) continue;
    int64_t w = stats[i].second.max.millis() - stats[i].first.millis();
    if (!per_operator_[i] || w > *per_operator_[i]) per_operator_[i] = w;
  }
  if (stats.empty()) return;
  int64_t chosen = max_policy_ ? INT64_MIN : INT64_MAX;
  for (const auto& w : per_operator_) {
    int64_t v = w.value_or(0);
    chosen = max_policy_ ? std::max(chosen, v) : std::min(chosen, v);
  }
  if (chosen > watermark_ms_) watermark_ms_ = chosen;
}

EventStats MergeEventStats(const std::vector<std::pair<Duration, EventStats>>& stats) {
  EventStats all;
  for (const auto& [delay, s] : stats) {
    if (s.count == 0) continue;
    if (all.count == 0) {
      all = s;
    } else {
      all.avg_ms = (all.avg_ms * static_cast<double>(all.count) + s.avg_ms * static_cast<double>(s.count)) /
                   static_cast<double>(all.count + s.count);
      all.min = std::min(all.min, s.min);
      all.max = std::max(all.max, s.max);
      all.count += s.count;
    }
  }
  return all;
}

}  // namespace tideline::structured
