// ExplainRow: a scenario run again with lineage on (explain_row.h).

#include "core/scenario/explain_row.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "core/dstream/dstream.h"
#include "core/dstream/lineage.h"
#include "core/scenario/runner.h"
#include "core/structured/lineage.h"
#include "core/trace/trace.h"

namespace tideline::scenario {

namespace {

// Ties each source record to the first arrival of an equal record on its input, at or
// before its batch, that no other record took. The arrivals are gathered by input once.
void TieArrivals(const std::vector<trace::Event>& events, std::vector<RowSource>* sources) {
  std::map<std::string, std::vector<const trace::Event*>> arrivals;
  for (const trace::Event& e : events)
    if (e.kind == trace::EventKind::kRecordArrived) arrivals[e.stream].push_back(&e);
  std::set<std::pair<uint64_t, size_t>> taken;
  for (RowSource& s : *sources) {
    for (const trace::Event* e : arrivals[s.input]) {
      if (e->time > s.batch_time) continue;
      for (size_t i = 0; i < e->values.size() && !s.has_arrival; ++i) {
        if (!(e->values[i] == s.record) || !taken.insert({e->seq, i}).second) continue;
        s.has_arrival = true;
        s.arrival = e->time;
      }
      if (s.has_arrival) break;
    }
  }
}

// A state's history of `key` from the trace's state changes of `op` (any op when empty).
void StateHistory(const std::vector<trace::Event>& events, const std::string& op, const Value& key, Timestamp upto,
                  std::vector<RowStateStep>* out) {
  for (const trace::Event& e : events) {
    if (e.kind != trace::EventKind::kStateChange || e.batch_time > upto) continue;
    if (!op.empty() && e.stream != op) continue;
    const bool same = e.key == key || (key.type() == ValueType::kArray && key.size() == 1 && e.key == key[0]);
    if (!same || e.change == trace::StateChange::kUnchanged) continue;
    out->push_back({e.index, e.batch_time, e.after, trace::StateChangeName(e.change)});
  }
}

}  // namespace

struct RowExplainer::Run {
  trace::Recorder recorder;
  structured::LineageCapture capture;
  std::unique_ptr<Runner> runner;
  dstream::GeneratedRdds generated;
  std::map<int64_t, Timestamp> batch_time;  // structured batch id -> its time
};

Result<RowExplanation> RowExplainer::ExplainStructured(const RowRequest& req) const {
  const Scenario& sc = sc_;
  const structured::LineageCapture& capture = run_->capture;
  const trace::Recorder& recorder = run_->recorder;
  if (req.batch < 0) return Status::InvalidArgument("explain-row: a structured query's row needs --batch ID");
  TL_ASSIGN_OR_RETURN(std::vector<structured::Row> rows, capture.OutputRows(req.batch));
  TL_ASSIGN_OR_RETURN(structured::RowLineage lineage, capture.Explain(req.batch, static_cast<size_t>(req.row - 1)));
  RowExplanation out;
  out.structured = true;
  const YNode* format = sc.sink.is_map() ? sc.sink.Get("format") : nullptr;
  out.output = format && format->is_scalar() ? format->scalar + " sink" : "the sink";
  out.batch = req.batch;
  out.row = req.row;
  out.rows_in_batch = static_cast<int64_t>(rows.size());
  out.value = Value::Array(lineage.row);
  out.path = lineage.path;
  auto time_of = [&](int64_t id) {
    auto it = run_->batch_time.find(id);
    return it == run_->batch_time.end() ? Timestamp() : it->second;
  };
  out.batch_time = time_of(req.batch);
  for (const structured::LineageInput& in : lineage.inputs)
    out.sources.push_back({in.source, in.batch, time_of(in.batch), Value::Array(in.row), in.role, false, Timestamp()});
  TieArrivals(recorder.events(), &out.sources);
  out.has_key = lineage.has_key;
  out.key = Value::Array(lineage.key);
  for (const structured::LineageState& h : lineage.history)
    out.history.push_back({h.batch, time_of(h.batch), Value::Array(h.value), ""});
  if (out.has_key && out.history.empty())
    StateHistory(recorder.events(), "", out.key, out.batch_time, &out.history);
  return out;
}

Result<RowExplanation> RowExplainer::ExplainDStream(const RowRequest& req) const {
  const Scenario& sc = sc_;
  const trace::Recorder& recorder = run_->recorder;
  if (sc.outputs.empty()) return Status::InvalidArgument("explain-row: the scenario has no output");
  const std::string name = req.output.empty() ? sc.outputs[0].stream : req.output;
  if (sc.FindStream(name) == nullptr && sc.FindInput(name) == nullptr)
    return Status::InvalidArgument(fmt::format("explain-row: no stream named '{}'", name));
  dstream::DStream* stream = run_->runner->FindDStream(name);
  if (stream == nullptr) return Status::InvalidArgument(fmt::format("explain-row: the stream '{}' did not run", name));
  Timestamp t = req.time ? sc.start_time + *req.time
                         : stream->zero_time() + sc.batch_interval * (req.batch + 1);
  const dstream::GeneratedRdds& generated = run_->generated;
  auto g = generated.find(name);
  auto it = g == generated.end() ? std::map<Timestamp, std::vector<Value>>::const_iterator() : g->second.find(t);
  if (g == generated.end() || it == g->second.end())
    return Status::InvalidArgument(fmt::format("explain-row: '{}' has no batch at {}", name, (t - sc.start_time).ToString()));
  const std::vector<Value>& rows = it->second;
  if (req.row < 1 || req.row > static_cast<int64_t>(rows.size()))
    return Status::InvalidArgument(fmt::format("explain-row: the batch at {} of '{}' has {} elements; there is no row {}",
                                               (t - sc.start_time).ToString(), name, rows.size(), req.row));
  const Value element = rows[static_cast<size_t>(req.row - 1)];
  TL_ASSIGN_OR_RETURN(dstream::ElementLineage lineage, dstream::ExplainElement(*stream, t, element, generated));
  RowExplanation out;
  out.output = name;
  out.batch = (t - stream->zero_time()) / sc.batch_interval - 1;
  out.batch_time = t;
  out.row = req.row;
  out.rows_in_batch = static_cast<int64_t>(rows.size());
  out.value = element;
  out.path = lineage.path;
  for (const dstream::LineageInput& in : lineage.inputs) out.sources.push_back({in.input, -1, in.batch_time, in.element, in.role, false, Timestamp()});
  TieArrivals(recorder.events(), &out.sources);
  out.has_key = lineage.has_key;
  out.key = lineage.key;
  if (out.has_key && !lineage.state_stream.empty())
    StateHistory(recorder.events(), lineage.state_stream, out.key, t, &out.history);
  return out;
}

RowExplainer::RowExplainer(const Scenario& sc) : sc_(sc), run_(std::make_unique<Run>()) {}
RowExplainer::~RowExplainer() = default;

Result<std::unique_ptr<RowExplainer>> RowExplainer::Create(const Scenario& sc) {
  std::unique_ptr<RowExplainer> e(new RowExplainer(sc));
  Run& run = *e->run_;
  RunnerOptions opts;
  opts.listeners.push_back(&run.recorder);
  opts.continue_after_failed_check = true;
  if (sc.api == Api::kStructured)
    opts.configure_query = [&run](structured::QueryOptions& qo) { run.capture.Install(qo); };
  TL_ASSIGN_OR_RETURN(run.runner, Runner::Create(sc, std::move(opts)));
  run.runner->RunAll();
  if (run.runner->scenario_error()) return Status::InvalidArgument(run.runner->failure());
  for (const trace::Event& ev : run.recorder.events()) {
    if (ev.kind == trace::EventKind::kStreamOutput) run.generated[ev.stream][ev.batch_time] = ev.values;
    if (ev.kind == trace::EventKind::kBatchStarted && sc.api == Api::kStructured) run.batch_time[ev.index] = ev.batch_time;
  }
  return e;
}

Result<RowExplanation> RowExplainer::Explain(const RowRequest& req) const {
  if (req.row < 1) return Status::InvalidArgument("explain-row: rows count from 1");
  if (sc_.api == Api::kStructured) return ExplainStructured(req);
  if (req.batch < 0 && !req.time) return Status::InvalidArgument("explain-row: give the batch (--batch N or --time T)");
  return ExplainDStream(req);
}

Result<RowExplanation> ExplainRow(const Scenario& sc, const RowRequest& req) {
  TL_ASSIGN_OR_RETURN(std::unique_ptr<RowExplainer> e, RowExplainer::Create(sc));
  return e->Explain(req);
}

std::string ExplanationText(const RowExplanation& e, Timestamp start) {
  std::string s;
  auto when = [&](Timestamp t) { return (t - start).ToString(); };
  const std::string batch = e.structured ? fmt::format("batch {}", e.batch) : fmt::format("the batch at {}", when(e.batch_time));
  s += fmt::format("Row {} of {} in {} of {}: {}\n", e.row, e.rows_in_batch, batch, e.output, e.value.ToDisplay());
  s += "  made by: ";
  for (size_t i = 0; i < e.path.size(); ++i) s += (i ? " <- " : "") + e.path[i];
  s += "\n";
  if (e.has_key) s += fmt::format("  key: {}\n", e.key.ToDisplay());
  s += fmt::format("  input records ({}):\n", e.sources.size());
  for (const RowSource& r : e.sources) {
    std::string where = e.structured ? fmt::format("batch {}", r.batch) : fmt::format("batch {}", when(r.batch_time));
    std::string arrived = r.has_arrival ? fmt::format(", arrived at {}", when(r.arrival)) : "";
    std::string role = r.role == "late" ? "  (late: dropped, not counted)" : r.role.empty() ? "" : "  (" + r.role + ")";
    s += fmt::format("    {}  {}{}  {}{}\n", r.input, where, arrived, r.record.ToDisplay(), role);
  }
  if (!e.history.empty()) {
    s += "  history of the key:\n";
    for (const RowStateStep& h : e.history) {
      std::string where = e.structured ? fmt::format("batch {}", h.batch) : fmt::format("batch {}", when(h.batch_time));
      s += fmt::format("    after {}: {}{}\n", where, h.value.ToDisplay(), h.change.empty() ? "" : " (" + h.change + ")");
    }
  }
  return s;
}

std::string ExplanationJson(const RowExplanation& e, Timestamp start) {
  std::string s = "{";
  auto field = [&](const char* name, const std::string& json) {
    if (s.size() > 1) s += ",";
    s += fmt::format("\"{}\":{}", name, json);
  };
  auto str = [](const std::string& v) { std::string o; AppendJsonString(&o, v); return o; };
  auto ms = [&](Timestamp t) { return std::to_string((t - start).millis()); };
  field("output", str(e.output));
  field("batch", std::to_string(e.batch));
  field("batchTimeMs", ms(e.batch_time));
  field("row", std::to_string(e.row));
  field("rowsInBatch", std::to_string(e.rows_in_batch));
  field("value", e.value.ToJson());
  std::string path = "[";
  for (size_t i = 0; i < e.path.size(); ++i) path += (i ? "," : "") + str(e.path[i]);
  field("path", path + "]");
  if (e.has_key) field("key", e.key.ToJson());
  std::string sources = "[";
  for (size_t i = 0; i < e.sources.size(); ++i) {
    const RowSource& r = e.sources[i];
    sources += fmt::format("{}{{\"input\":{},\"batch\":{},\"batchTimeMs\":{},\"record\":{},\"role\":{}{}}}", i ? "," : "",
                           str(r.input), r.batch, ms(r.batch_time), r.record.ToJson(), str(r.role),
                           r.has_arrival ? ",\"arrivalMs\":" + ms(r.arrival) : "");
  }
  field("inputs", sources + "]");
  std::string history = "[";
  for (size_t i = 0; i < e.history.size(); ++i) {
    const RowStateStep& h = e.history[i];
    history += fmt::format("{}{{\"batch\":{},\"batchTimeMs\":{},\"value\":{}{}}}", i ? "," : "", h.batch, ms(h.batch_time),
                           h.value.ToJson(), h.change.empty() ? "" : ",\"change\":" + str(h.change));
  }
  field("history", history + "]");
  return s + "}";
}

}  // namespace tideline::scenario
