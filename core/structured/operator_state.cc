#include "core/structured/operator_state.h"

#include <algorithm>

namespace tideline::structured {

std::vector<std::pair<Value, Value>> StatefulState::StateRows() {
  std::vector<std::pair<Value, Value>> rows;
  for (const StateMap* m : checkpointed().maps)
    for (const auto& [k, v] : *m) rows.emplace_back(k, v);
  return rows;
}

void EventStats::Add(Timestamp event_time) {
  const int64_t ms = event_time.micros() / 1000;  // EventTimeStatsAccum reads whole milliseconds
  const Timestamp t = Timestamp::FromMillis(ms);
  if (count == 0) {
    min = max = t;
  } else {
    min = std::min(min, t);
    max = std::max(max, t);
  }
  ++count;
  avg_ms += (static_cast<double>(ms) - avg_ms) / static_cast<double>(count);
}

namespace {

const StructType* WindowType() {
  static const StructType* t = StructType::Get({"start", "end"});
  return t;
}

}  // namespace

Value MakeWindow(int64_t start_us, int64_t end_us) {
  return Value::Struct(WindowType(), {Value::Ts(Timestamp::FromMicros(start_us)), Value::Ts(Timestamp::FromMicros(end_us))});
}

std::optional<int64_t> EventTimeOf(const Value& v) {
  if (v.type() == ValueType::kTimestamp) return v.as_int();
  if (v.type() == ValueType::kStruct && v.size() == 2 && v[1].type() == ValueType::kTimestamp) return v[1].as_int();
  return std::nullopt;
}

bool IsLate(const std::optional<int64_t>& event_us, const std::optional<Timestamp>& watermark) {
  return event_us && watermark && *event_us <= watermark->micros();
}

std::optional<Timestamp> WatermarkFromMillis(const std::optional<int64_t>& watermark_ms) {
  if (!watermark_ms) return std::nullopt;
  return Timestamp::FromMillis(*watermark_ms);
}

Timestamp NonNegativeWatermark(const std::optional<Timestamp>& watermark) {
  return Timestamp::FromMicros(std::max<int64_t>(watermark.value_or(Timestamp()).micros(), 0));
}

std::vector<std::pair<Timestamp, Timestamp>> TimeWindowBounds(Timestamp t, Duration size, Duration slide,
                                                              Duration start) {
  const int64_t ts_us = t.micros(), size_us = size.micros(), slide_us = slide.micros();
  const int64_t last_start = ts_us - ((ts_us - start.micros()) % slide_us + slide_us) % slide_us;
  std::vector<std::pair<Timestamp, Timestamp>> out;
  for (int64_t s = last_start; s > ts_us - size_us; s -= slide_us)
    out.emplace_back(Timestamp::FromMicros(s), Timestamp::FromMicros(s + size_us));
  std::reverse(out.begin(), out.end());
  return out;
}

void TimeWindows(const WindowKey& w, int64_t ts_us, std::vector<Value>* out) {
  for (const auto& [s, e] : TimeWindowBounds(Timestamp::FromMicros(ts_us), w.size, w.slide, w.start))
    out->push_back(MakeWindow(s.micros(), e.micros()));
}

}  // namespace tideline::structured
