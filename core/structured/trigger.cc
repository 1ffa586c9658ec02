// Triggers (Spark's Trigger.ProcessingTime, Once, AvailableNow, Continuous) and the crash
// points of the `crash` step.
#include <fmt/format.h>

#include "core/structured/query.h"

namespace tideline::structured {

std::string Trigger::ToString() const {
  switch (kind) {
    case Kind::kDefault: return "ProcessingTimeTrigger(0)";
    case Kind::kProcessingTime: return fmt::format("ProcessingTimeTrigger({})", interval.millis());
    case Kind::kOnce: return "OneTimeTrigger";
    case Kind::kAvailableNow: return "AvailableNowTrigger";
    case Kind::kContinuous: return fmt::format("ContinuousTrigger({})", interval.millis());
  }
  return "?";
}

Result<Trigger> ParseTrigger(const std::string& kind, const std::string& interval) {
  Trigger t;
  if (kind == "default" || kind.empty()) return t;
  if (kind == "once") { t.kind = Trigger::Kind::kOnce; return t; }
  if (kind == "availableNow") { t.kind = Trigger::Kind::kAvailableNow; return t; }
  if (kind == "processingTime" || kind == "continuous") {
    auto d = ParseDuration(interval);
    if (!d.ok()) return d.status();
    if (d->micros() < 0) return Status::InvalidArgument("requirement failed: Interval cannot be negative");
    t.kind = kind == "continuous" ? Trigger::Kind::kContinuous : Trigger::Kind::kProcessingTime;
    t.interval = *d;
    if (t.kind == Trigger::Kind::kProcessingTime && d->is_zero()) t.kind = Trigger::Kind::kDefault;
    return t;
  }
  return Status::InvalidArgument(fmt::format("unknown trigger '{}' (default, processingTime, once, availableNow or continuous)", kind));
}

const char* CrashPointName(CrashPoint p) {
  switch (p) {
    case CrashPoint::kAfterOffsetLog: return "afterOffsetLog";
    case CrashPoint::kAfterStateCommit: return "afterStateCommit";
    case CrashPoint::kAfterSink: return "afterSink";
    case CrashPoint::kBeforeCommitLog: return "beforeCommitLog";
    case CrashPoint::kNone: break;
  }
  return "none";
}

Result<CrashPoint> ParseCrashPoint(const std::string& s) {
  if (s == "afterOffsetLog") return CrashPoint::kAfterOffsetLog;
  if (s == "afterStateCommit") return CrashPoint::kAfterStateCommit;
  if (s == "afterSink") return CrashPoint::kAfterSink;
  if (s == "beforeCommitLog") return CrashPoint::kBeforeCommitLog;
  return Status::InvalidArgument(fmt::format("unknown crash point '{}' (afterOffsetLog, afterStateCommit, afterSink or beforeCommitLog)", s));
}

}  // namespace tideline::structured
