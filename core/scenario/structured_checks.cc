#include "core/scenario/structured_checks.h"

#include <fmt/format.h>

#include <optional>

#include "core/scenario/runner.h"

namespace tideline::scenario {

using structured::Progress;
using structured::Row;

namespace {

CheckOutcome Outcome(bool passed, std::string message, Value actual = Value()) {
  return CheckOutcome{passed, std::move(message), std::move(actual)};
}

Value ExpectedRow(const YNode& n) {
  Value v = n.ToValue();
  if (v.type() == ValueType::kArray) return v;
  return Value::Array({v});
}

Value ActualRow(const Row& r) { return Value::Array(r); }

std::optional<int64_t> MillisOf(const YNode& n) {
  Value v = n.ToValue();
  if (v.is_number()) return static_cast<int64_t>(v.num() * 1000);
  if (v.type() == ValueType::kString) {
    auto t = ParseTimestamp(v.str());
    if (t.ok()) return t->millis();
  }
  return std::nullopt;
}

}  // namespace

Result<CheckOutcome> CheckSinkRows(const StepDef& step, const structured::MemorySink& sink, structured::OutputMode mode,
                                   size_t* checked_batches) {
  const YNode* rows = &step.arg;
  bool ordered = false;
  if (step.arg.is_map()) {
    rows = step.arg.Get("rows");
    if (const YNode* o = step.arg.Get("ordered")) ordered = o->ToValue() == Value::Bool(true);
    if (!rows) return Status::Parse(fmt::format("'{}' takes a list of rows or {{rows: [...], ordered: true}}", step.kind), step.pos);
  }
  if (!rows->is_seq() && !rows->is_null()) return Status::Parse(fmt::format("'{}' takes a list of rows", step.kind), step.pos);
  std::vector<Value> expected;
  if (rows->is_seq()) for (const YNode& r : rows->seq) expected.push_back(ExpectedRow(r));
  std::vector<Value> actual;
  const auto& batches = sink.batches();
  if (step.kind == "checkAnswer") {
    for (const Row& r : sink.AllRows()) actual.push_back(ActualRow(r));
  } else if (step.kind == "checkLastBatch") {
    if (!batches.empty()) for (const Row& r : batches.back().rows) actual.push_back(ActualRow(r));
  } else {
    size_t from = *checked_batches;
    if (mode == structured::OutputMode::kComplete) {
      if (batches.size() > from) for (const Row& r : batches.back().rows) actual.push_back(ActualRow(r));
    } else {
      for (size_t i = from; i < batches.size(); ++i)
        for (const Row& r : batches[i].rows) actual.push_back(ActualRow(r));
    }
  }
  *checked_batches = batches.size();
  std::string diff = CompareRows(actual, expected, ordered);
  return Outcome(diff.empty(), diff, Value::Array(std::move(actual)));
}

Result<CheckOutcome> CheckWatermark(const StepDef& step, const structured::Progress* last) {
  auto want = MillisOf(step.arg);
  if (!want) return Status::Parse("'assertWatermark' takes a timestamp or seconds", step.pos);
  const structured::Progress* p = last;
  int64_t got = p ? p->watermark.millis() : 0;
  return Outcome(got == *want, fmt::format("expected watermark {} but it is {}", Timestamp::FromMillis(*want).ToString(),
                                        Timestamp::FromMillis(got).ToString()));
}

CheckOutcome CheckEventStats(const StepDef& step, const std::vector<structured::Progress>* recent) {
  const structured::Progress* p = nullptr;
  if (recent)
    for (auto it = recent->rbegin(); it != recent->rend(); ++it)
      if (it->num_input_rows > 0) { p = &*it; break; }
  if (!p) return Outcome(false, "no progress with input rows");
  std::string diff;
  auto cmp = [&](const char* key, int64_t got) {
    const YNode* n = step.arg.Get(key);
    if (!n || !diff.empty()) return;
    auto want = MillisOf(*n);
    if (!want || *want != got)
      diff = fmt::format("eventTime.{}: expected {} but got {}", key, n->scalar, Timestamp::FromMillis(got).ToString());
  };
  cmp("min", p->event_time_min.millis());
  cmp("max", p->event_time_max.millis());
  cmp("avg", static_cast<int64_t>(p->event_time_avg_ms));
  cmp("watermark", p->watermark.millis());
  return Outcome(diff.empty(), diff);
}

CheckOutcome CheckStateRows(const StepDef& step, const structured::Progress* last,
                            const std::vector<structured::Progress>* recent, size_t* progress_mark) {
  const structured::Progress* p = last;
  std::string diff;
  auto values = [](const YNode* n) {
    std::vector<int64_t> v;
    if (!n) return v;
    if (n->is_seq()) for (const YNode& x : n->seq) v.push_back(x.ToValue().as_int());
    else v.push_back(n->ToValue().as_int());
    return v;
  };
  std::vector<int64_t> total = values(step.arg.Get("total")), updated = values(step.arg.Get("updated")),
                       dropped = values(step.arg.Get("droppedByWatermark"));
  size_t nops = p ? p->state_ops.size() : 0;
  std::vector<int64_t> got_total(nops), got_updated(nops), got_dropped(nops);
  for (size_t i = 0; i < nops; ++i) got_total[i] = p->state_ops[i].total;
  if (recent) {
    const auto& all = *recent;
    for (size_t k = *progress_mark; k < all.size(); ++k)
      for (size_t i = 0; i < nops && i < all[k].state_ops.size(); ++i) {
        got_updated[i] += all[k].state_ops[i].updated;
        got_dropped[i] += all[k].state_ops[i].dropped;
      }
    *progress_mark = all.size();
  }
  auto cmp = [&](const char* what, const std::vector<int64_t>& want, const std::vector<int64_t>& got) {
    if (want.empty() || !diff.empty()) return;
    if (want != got) diff = fmt::format("{}: expected [{}] but got [{}]", what, fmt::join(want, ", "), fmt::join(got, ", "));
  };
  cmp("numRowsTotal", total, got_total);
  cmp("numRowsUpdated", updated, got_updated);
  cmp("numRowsDroppedByWatermark", dropped, got_dropped);
  return Outcome(diff.empty(), diff);
}

CheckOutcome CheckProgress(const StepDef& step, const structured::Progress* last) {
  const structured::Progress* p = last;
  if (!p) return Outcome(false, "no progress yet");
  std::string diff;
  for (const auto& [path, want] : step.arg.map) {
    auto got = p->Get(path);
    Value w = want.ToValue();
    if (!got) { diff = fmt::format("{}: no such field in the progress", path); break; }
    bool same = Value::Matches(*got, w);
    if (!same && got->type() == ValueType::kString && w.is_number()) {
      // Timestamps given as seconds.
      auto t = ParseTimestamp(got->str());
      same = t.ok() && t->millis() == static_cast<int64_t>(w.num() * 1000);
    }
    if (!same && got->type() == ValueType::kString && w.type() == ValueType::kString) {
      auto a = ParseTimestamp(got->str()), b = ParseTimestamp(w.str());
      same = a.ok() && b.ok() && *a == *b;
    }
    if (!same) { diff = fmt::format("{}: expected {} but got {}", path, w.ToJson(), got->ToJson()); break; }
  }
  return Outcome(diff.empty(), diff);
}

}  // namespace tideline::scenario
