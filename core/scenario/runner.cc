#include "core/scenario/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/common/temp_dir.h"
#include "core/value/value.h"

namespace tideline::scenario {

std::unique_ptr<Runner> MakeDStreamRunner(const Scenario& sc, RunnerOptions opts, Status* st);
std::unique_ptr<Runner> MakeStructuredRunner(const Scenario& sc, RunnerOptions opts, Status* st);

namespace {

std::unique_ptr<Runner> MakeRunner(const Scenario& sc, RunnerOptions opts, Status* st) {
  return sc.api == Api::kStructured ? MakeStructuredRunner(sc, std::move(opts), st) : MakeDStreamRunner(sc, std::move(opts), st);
}

// Steps that never start a structured query: data arrives, a note, a stop (of nothing).
bool StartsQuery(const std::string& kind) {
  return kind != "note" && kind != "addData" && kind != "addBatches" && kind != "addFile" && kind != "stopStream" &&
         kind != "runBatches" && kind != "expectOutput";
}

}  // namespace

Result<std::unique_ptr<Runner>> Runner::Create(const Scenario& sc, RunnerOptions opts) {
  Status st;
  auto r = MakeRunner(sc, std::move(opts), &st);
  if (!st.ok()) return st;
  if (Status a = r->Analyze(); !a.ok() && !FailureExpectedAtStart(sc)) return a;
  return r;
}

int FirstStartStep(const Scenario& sc) {
  for (size_t i = 0; i < sc.steps.size(); ++i) {
    const std::string& k = sc.steps[i].kind;
    if (sc.api == Api::kDStream ? k != "note" : StartsQuery(k)) return static_cast<int>(i);
  }
  return -1;
}

bool FailureExpectedAtStart(const Scenario& sc) {
  int i = FirstStartStep(sc);
  if (i < 0) return false;
  auto expects = [&](size_t k) { return k < sc.steps.size() && sc.steps[k].kind == "expectFailure"; };
  return expects(static_cast<size_t>(i)) || expects(static_cast<size_t>(i) + 1);
}

Status AnalyzePipeline(const Scenario& sc) {
  Status st;
  auto r = MakeRunner(sc, {}, &st);
  if (!st.ok()) return st;
  return r->Analyze();
}

Runner::~Runner() {
  if (owns_dir_) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void Runner::RunStep() {
  if (next_step_ == 0 && opts_.resume_steps > 0) {
    ResumeAfterRestart();
    return;
  }
  const StepDef& step = sc_.steps[static_cast<size_t>(next_step_)];
  ++next_step_;
  TraceStep(step, now());
  if (!pending_.ok() && step.kind != "expectFailure") {
    Unexpected(sc_.steps[static_cast<size_t>(pending_step_ - 1)]);
    return;
  }
  Status st = Execute(step);
  while (st.ok() && crash_pending_) {  // tideline verify: recover at once, maybe crash again
    crash_pending_ = false;
    st = RecoverFromCrash();
  }
  if (!st.ok() && st.code() == StatusCode::kParseError) {
    scenario_error_ = true;
    Fail(step, st.ToString());
    return;
  }
  if (!st.ok()) {
    pending_ = st;
    pending_step_ = step.index;
    PipelineFailed(st);
    if (next_step_ >= steps_total_) Unexpected(step);
  }
}

void Runner::ResumeAfterRestart() {
  const int n = std::min(opts_.resume_steps, steps_total_);
  Status st;
  while (next_step_ < n && st.ok()) st = Reapply(sc_.steps[static_cast<size_t>(next_step_++)]);
  if (st.ok()) st = RecoverAfterRestart();
  const StepDef& last = sc_.steps[static_cast<size_t>(next_step_ - 1)];
  if (!st.ok() && st.code() == StatusCode::kParseError) {
    scenario_error_ = true;
    Fail(last, st.ToString());
  } else if (!st.ok()) {
    pending_ = st;
    pending_step_ = last.index;
    PipelineFailed(st);
    if (next_step_ >= steps_total_) Unexpected(last);
  }
}

Status Runner::Feed(const std::string&, Timestamp, const std::vector<Value>&) {
  return Status::InvalidArgument("this scenario's pipeline cannot be fed from outside its steps");
}

Status Runner::FeedClock(Timestamp, bool) {
  return Status::InvalidArgument("this scenario's pipeline cannot be fed from outside its steps");
}

Status Runner::Preload(const std::string&, Timestamp, const std::vector<Value>&) {
  return Status::InvalidArgument("this scenario's pipeline cannot be fed from outside its steps");
}

Status Runner::PrepareOutputDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!opts_.output_dir.empty()) {
    dir_ = opts_.output_dir;
    fs::create_directories(dir_, ec);
    return Status::Ok();
  }
  TL_ASSIGN_OR_RETURN(dir_, MakeTempDir("tideline"));
  owns_dir_ = true;
  return Status::Ok();
}

void Runner::TraceStep(const StepDef& step, Timestamp now) {
  if (!tracer_.enabled()) return;
  trace::Event e;
  e.kind = step.kind == "note" ? trace::EventKind::kNote : trace::EventKind::kStep;
  e.time = now;
  e.index = step.index;
  e.op = step.kind;
  if (step.kind == "note") e.text = step.text.In(opts_.language);
  tracer_.Emit(std::move(e));
}

void Runner::CheckFailure(const StepDef& step, const Status& failure, const char* what) {
  std::vector<std::string> wanted;
  if (const YNode* c = step.arg.Get("contains")) {
    if (c->is_seq()) for (const YNode& n : c->seq) wanted.push_back(n.scalar);
    else wanted.push_back(c->scalar);
  }
  if (failure.ok()) {
    Check(step, false, fmt::format("expected a failure, but the {} did not fail", what));
    return;
  }
  auto lower = [](std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  std::string msg = lower(failure.message());
  for (const auto& w : wanted)
    if (msg.find(lower(w)) == std::string::npos) {
      Check(step, false, fmt::format("the failure \"{}\" does not contain \"{}\"", failure.message(), w));
      return;
    }
  Check(step, true, "");
}

void Runner::Check(const StepDef& step, bool passed, std::string message, Value actual) {
  CheckResult c{step.index, step.kind, passed, passed ? "" : message, step.pos, std::move(actual)};
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
    stopped_ = !opts_.continue_after_failed_check;
  }
}

void Runner::Fail(const StepDef& step, std::string message) {
  if (!failed_.empty()) {  // after a failed check the Studio played on; this failure ends the run
    stopped_ = true;
    return;
  }
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

void Runner::NoteMalformed(const std::string& input, const Value& record) {
  ++malformed_[input];
  auto& examples = malformed_examples_[input];
  if (examples.size() < kMalformedExamples) examples.push_back(MalformedExample(record));
}

std::string MalformedExample(const Value& record) {
  std::string text = record.type() == ValueType::kString ? std::string(record.str()) : record.ToDisplay();
  if (text.size() <= 80) return text;
  size_t cut = 77;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return text.substr(0, cut) + "...";
}

}  // namespace tideline::scenario
