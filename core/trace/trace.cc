#include "core/trace/trace.h"

#include <fmt/format.h>

#include <algorithm>

namespace tideline::trace {

const char* EventKindName(EventKind k) {
  switch (k) {
    case EventKind::kStep: return "step";
    case EventKind::kNote: return "note";
    case EventKind::kRecordArrived: return "records";
    case EventKind::kBatchScheduled: return "batchScheduled";
    case EventKind::kBatchStarted: return "batchStarted";
    case EventKind::kBatchFinished: return "batch";
    case EventKind::kStreamOutput: return "streamOutput";
    case EventKind::kWindow: return "window";
    case EventKind::kStateChange: return "state";
    case EventKind::kOutput: return "output";
    case EventKind::kCheckpoint: return "checkpoint";
    case EventKind::kStop: return "stop";
    case EventKind::kRecovered: return "recovered";
    case EventKind::kFailure: return "failure";
    case EventKind::kCheck: return "check";
    case EventKind::kLate: return "late";
  }
  return "?";
}

const char* StateChangeName(StateChange c) {
  switch (c) {
    case StateChange::kNew: return "new";
    case StateChange::kUpdated: return "updated";
    case StateChange::kRemoved: return "removed";
    case StateChange::kTimedOut: return "timedOut";
    case StateChange::kUnchanged: return "unchanged";
    case StateChange::kEvicted: return "evicted";
  }
  return "?";
}

void Tracer::RemoveListener(Listener* l) {
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), l), listeners_.end());
}

void Tracer::Emit(Event e) {
  e.seq = next_seq_++;
  for (Listener* l : listeners_) l->OnEvent(e);
}

namespace {
void Key(std::string* o, const char* k) {
  o->push_back(',');
  AppendJsonString(o, k);
  o->push_back(':');
}
void Times(std::string* o, const char* k, const std::vector<Timestamp>& ts) {
  Key(o, k);
  o->push_back('[');
  for (size_t i = 0; i < ts.size(); ++i) {
    if (i) o->push_back(',');
    *o += std::to_string(ts[i].millis());
  }
  o->push_back(']');
}
}  // namespace

std::string Event::ToJson() const {
  std::string o = fmt::format("{{\"seq\":{},\"event\":\"{}\",\"timeMs\":{}", seq, EventKindName(kind), time.millis());
  if (kind == EventKind::kBatchScheduled || kind == EventKind::kBatchStarted || kind == EventKind::kBatchFinished ||
      kind == EventKind::kStreamOutput || kind == EventKind::kWindow || kind == EventKind::kStateChange ||
      kind == EventKind::kOutput || kind == EventKind::kCheckpoint || kind == EventKind::kRecovered) {
    Key(&o, "batchTimeMs");
    o += std::to_string(batch_time.millis());
  }
  if (!stream.empty()) { Key(&o, "stream"); AppendJsonString(&o, stream); }
  if (!op.empty()) { Key(&o, "op"); AppendJsonString(&o, op); }
  if (index >= 0) { Key(&o, "index"); o += std::to_string(index); }
  if (kind == EventKind::kBatchFinished) {
    Key(&o, "inputRows"); o += std::to_string(input_rows);
    Key(&o, "outputRows"); o += std::to_string(output_rows);
    Key(&o, "stateRows"); o += std::to_string(state_rows);
    Key(&o, "processingTimeMs"); o += std::to_string(processing_time.millis());
    Key(&o, "schedulingDelayMs"); o += std::to_string(scheduling_delay.millis());
    Key(&o, "totalDelayMs"); o += std::to_string(total_delay.millis());
  }
  if (kind == EventKind::kWindow) {
    Key(&o, "windowStartMs"); o += std::to_string(window_begin.millis());
    Key(&o, "windowEndMs"); o += std::to_string(window_end.millis());
    Times(&o, "batches", covered);
    Times(&o, "entered", entered);
    Times(&o, "left", left);
  }
  if (kind == EventKind::kStateChange) {
    Key(&o, "key"); key.AppendJson(&o);
    Key(&o, "before"); before.AppendJson(&o);
    Key(&o, "after"); after.AppendJson(&o);
    Key(&o, "change"); AppendJsonString(&o, StateChangeName(change));
    if (has_deadline) { Key(&o, "deadlineMs"); o += std::to_string(deadline.millis()); }
  }
  if (kind == EventKind::kCheck) { Key(&o, "passed"); o += passed ? "true" : "false"; }
  if (has_watermark) { Key(&o, "watermarkMs"); o += std::to_string(watermark.millis()); }
  if (count >= 0) { Key(&o, "count"); o += std::to_string(count); }
  if (!event_times.empty()) {
    Key(&o, "eventTimesMs");
    o.push_back('[');
    for (size_t i = 0; i < event_times.size(); ++i) {
      if (i) o.push_back(',');
      if (event_times[i].type() == ValueType::kTimestamp) o += std::to_string(event_times[i].as_ts().millis());
      else o += "null";
    }
    o.push_back(']');
  }
  if (!text.empty()) { Key(&o, "text"); AppendJsonString(&o, text); }
  if (!values.empty() || kind == EventKind::kStreamOutput || kind == EventKind::kRecordArrived) {
    Key(&o, "rows");
    o.push_back('[');
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) o.push_back(',');
      values[i].AppendJson(&o);
    }
    o.push_back(']');
  }
  o.push_back('}');
  return o;
}

}  // namespace tideline::trace
