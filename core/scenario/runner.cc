#include "core/scenario/runner.h"

#include <fmt/format.h>

#include "core/value/value.h"

namespace tideline::scenario {

std::unique_ptr<Runner> MakeDStreamRunner(const Scenario& sc, RunnerOptions opts, Status* st);
std::unique_ptr<Runner> MakeStructuredRunner(const Scenario& sc, RunnerOptions opts, Status* st);

Result<std::unique_ptr<Runner>> Runner::Create(const Scenario& sc, RunnerOptions opts) {
  Status st;
  auto r = sc.api == Api::kStructured ? MakeStructuredRunner(sc, std::move(opts), &st) : MakeDStreamRunner(sc, std::move(opts), &st);
  if (!st.ok()) return st;
  return r;
}

void Runner::Check(const StepDef& step, bool passed, std::string message) {
  CheckResult c{step.index, step.kind, passed, passed ? "" : message, step.pos};
  checks_.push_back(c);
  if (tracer_.enabled()) {
    trace::Event e;
    e.kind = trace::EventKind::kCheck;
    e.time = now();
    e.index = step.index;
    e.op = step.kind;
    e.passed = passed;
    e.text = c.message;
    tracer_.Emit(std::move(e));
  }
  std::string json = fmt::format("{{\"type\":\"check\",\"step\":{},\"kind\":\"{}\",\"passed\":{}", step.index, step.kind,
                                 passed ? "true" : "false");
  if (!passed) {
    json += ",\"message\":";
    AppendJsonString(&json, c.message);
  }
  json += "}";
  Report(json);
  if (!passed && failed_.empty()) {
    failed_ = fmt::format("step {} ({}): {}", step.index, step.kind, message);
    failed_step_ = step.index;
    stopped_ = true;
  }
}

void Runner::Fail(const StepDef& step, std::string message) {
  if (!failed_.empty()) return;
  failed_ = fmt::format("step {} ({}): {}", step.index, step.kind, message);
  failed_step_ = step.index;
  stopped_ = true;
  std::string json = fmt::format("{{\"type\":\"failure\",\"step\":{},\"kind\":\"{}\",\"message\":", step.index, step.kind);
  AppendJsonString(&json, message);
  json += "}";
  Report(json);
}

std::string RowsToText(const std::vector<Value>& rows) {
  std::string s = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) s += ", ";
    rows[i].AppendJson(&s);
  }
  return s + "]";
}

std::string CompareRows(const std::vector<Value>& actual, const std::vector<Value>& expected, bool ordered) {
  auto diff = [&]() { return fmt::format("expected {} but got {}", RowsToText(expected), RowsToText(actual)); };
  if (actual.size() != expected.size()) return diff();
  if (ordered) {
    for (size_t i = 0; i < actual.size(); ++i)
      if (!Value::Matches(actual[i], expected[i])) return diff();
    return "";
  }
  std::vector<bool> used(actual.size(), false);
  for (const Value& e : expected) {
    bool found = false;
    for (size_t i = 0; i < actual.size(); ++i) {
      if (!used[i] && Value::Matches(actual[i], e)) { used[i] = true; found = true; break; }
    }
    if (!found) return diff();
  }
  return "";
}

}  // namespace tideline::scenario
