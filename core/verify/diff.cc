// tideline diff in process (diff.h).
#include "core/verify/diff.h"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <span>

#include "core/io/recording.h"
#include "core/scenario/pipeline_feed.h"
#include "core/scenario/runner.h"
#include "core/trace/trace.h"

namespace tideline::verify {

using trace::Event;
using trace::EventKind;

namespace {

// A run's trace reduced to the events the comparison reads, each with the batch it
// belongs to.
struct Traced {
  std::vector<Event> events;
  std::vector<std::string> batch;  // per event: "batch 3", "5000 ms" or "end of run"
};

bool Compared(EventKind k) {
  return k == EventKind::kRecordArrived || k == EventKind::kBatchStarted || k == EventKind::kBatchFinished ||
         k == EventKind::kStateChange || k == EventKind::kOutput;
}

std::string BatchLabel(const Event& e, bool structured) {
  return structured ? fmt::format("batch {}", e.index) : fmt::format("{} ms", e.batch_time.millis());
}

// Keeps the compared events and names each one's batch: a record arriving belongs to the
// next batch to start; a DStream event to its batch time; a structured batch's end and state
// changes to the batch that started before them; a sink's output to its batch id.
Traced Reduce(const std::vector<Event>& all, bool structured) {
  Traced t;
  for (const Event& e : all)
    if (Compared(e.kind)) t.events.push_back(e);
  t.batch.assign(t.events.size(), "end of run");
  std::string next = "end of run";
  for (size_t i = t.events.size(); i-- > 0;) {
    const Event& e = t.events[i];
    if (e.kind == EventKind::kBatchStarted) next = BatchLabel(e, structured);
    if (e.kind == EventKind::kRecordArrived || e.kind == EventKind::kBatchStarted) t.batch[i] = next;
    else if (!structured) t.batch[i] = BatchLabel(e, false);
  }
  std::string current = "end of run";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (!structured || e.kind == EventKind::kRecordArrived) continue;
    if (e.kind == EventKind::kBatchStarted) current = t.batch[i];
    else if (e.kind == EventKind::kOutput && e.index >= 0) t.batch[i] = fmt::format("batch {}", e.index);
    else t.batch[i] = current;
  }
  return t;
}

std::string Rows(const std::vector<Value>& values) {
  std::string o = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) o += ",";
    values[i].AppendJson(&o);
  }
  return o + "]";
}

std::string OutputName(const Event& e) {
  return e.stream.empty() ? e.op : fmt::format("{}({})", e.op, e.stream);
}

// What an event shows, for comparison and for the report.
std::string Content(const Event& e) {
  switch (e.kind) {
    case EventKind::kRecordArrived:
      return fmt::format("{} at {} ms: {}", e.stream, e.time.millis(), Rows(e.values));
    case EventKind::kBatchStarted:
    case EventKind::kBatchFinished:
      return e.has_watermark ? fmt::format("watermark {} ms", e.watermark.millis()) : std::string();
    case EventKind::kStateChange:
      return fmt::format("{} -> {}", e.before.ToJson(), e.after.ToJson());
    case EventKind::kOutput:
      return e.text.empty() ? Rows(e.values) : e.text;
    default:
      return {};
  }
}

// The identity of an event apart from its content: two runs that agree here and differ in
// Content() diverge in what that event shows.
std::string Identity(const Event& e, const std::string& batch) {
  std::string key = e.kind == EventKind::kStateChange ? e.key.ToJson() : std::string();
  return fmt::format("{}|{}|{}|{}|{}", static_cast<int>(e.kind), batch, e.stream, e.op, key);
}

Divergence Describe(const Traced& a, const Traced& b, size_t i) {
  Divergence d;
  const Event* ea = i < a.events.size() ? &a.events[i] : nullptr;
  const Event* eb = i < b.events.size() ? &b.events[i] : nullptr;
  const Event& e = ea ? *ea : *eb;
  d.batch = ea ? a.batch[i] : b.batch[i];
  d.a = ea ? Content(*ea) : std::string();
  d.b = eb ? Content(*eb) : std::string();
  bool same_kind = ea && eb && ea->kind == eb->kind;
  bool boundary = !same_kind || (ea && eb && a.batch[i] != b.batch[i]);
  if (boundary && (e.kind == EventKind::kBatchStarted || e.kind == EventKind::kBatchFinished ||
                   (eb && (eb->kind == EventKind::kBatchStarted || eb->kind == EventKind::kBatchFinished)))) {
    d.kind = "batch boundary";
    if (ea && ea->kind == EventKind::kBatchStarted) d.a = a.batch[i] + " starts";
    if (eb && eb->kind == EventKind::kBatchStarted) d.b = b.batch[i] + " starts";
    return d;
  }
  d.where = e.kind == EventKind::kOutput ? OutputName(e) : e.stream;
  switch (e.kind) {
    case EventKind::kRecordArrived: {
      d.kind = "input row";
      // The first row that differs, as the key.
      const std::vector<Value> none;
      const auto& ra = ea ? ea->values : none;
      const auto& rb = eb && same_kind ? eb->values : none;
      for (size_t k = 0; k < std::max(ra.size(), rb.size()); ++k) {
        if (k < ra.size() && k < rb.size() && Value::Compare(ra[k], rb[k]) == 0) continue;
        d.key = k < ra.size() ? ra[k].ToJson() : rb[k].ToJson();
        d.a = k < ra.size() ? ra[k].ToJson() : std::string();
        d.b = k < rb.size() ? rb[k].ToJson() : std::string();
        break;
      }
      return d;
    }
    case EventKind::kStateChange:
      d.kind = "state";
      d.key = e.key.ToJson();
      // Different keys changed: say which on each side.
      if (ea && eb && same_kind && Value::Compare(ea->key, eb->key) != 0) {
        d.a = ea->key.ToJson() + ": " + d.a;
        d.b = eb->key.ToJson() + ": " + d.b;
      }
      return d;
    case EventKind::kOutput: d.kind = "output"; return d;
    default: d.kind = "watermark"; return d;
  }
}

// Per output: the batches in order of first appearance and what each showed.
struct OutputBatches {
  std::vector<std::string> order;
  std::map<std::string, std::string> content;
};

void CollectOutputs(const Traced& t, std::vector<std::string>* names, std::map<std::string, OutputBatches>* out) {
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (e.kind != EventKind::kOutput) continue;
    std::string name = OutputName(e);
    if (!out->count(name)) names->push_back(name);
    OutputBatches& ob = (*out)[name];
    if (!ob.content.count(t.batch[i])) ob.order.push_back(t.batch[i]);
    ob.content[t.batch[i]] += Content(e);
  }
}

std::vector<OutputDiff> CompareOutputs(const Traced& a, const Traced& b) {
  std::vector<std::string> names;
  std::map<std::string, OutputBatches> oa, ob;
  CollectOutputs(a, &names, &oa);
  std::vector<std::string> names_b;
  CollectOutputs(b, &names_b, &ob);
  for (const std::string& n : names_b)
    if (!oa.count(n)) names.push_back(n);
  std::vector<OutputDiff> result;
  for (const std::string& n : names) {
    OutputDiff d;
    d.output = n;
    OutputBatches& xa = oa[n];
    OutputBatches& xb = ob[n];
    for (size_t k = 0; k < std::max(xa.order.size(), xb.order.size()) && !d.differs; ++k) {
      std::string ba = k < xa.order.size() ? xa.order[k] : std::string();
      std::string bb = k < xb.order.size() ? xb.order[k] : std::string();
      for (const std::string& batch : {ba, bb}) {
        if (batch.empty() || xa.content[batch] == xb.content[batch]) continue;
        d.differs = true;
        d.batch = batch;
        d.a = xa.content[batch];
        d.b = xb.content[batch];
        break;
      }
    }
    result.push_back(std::move(d));
  }
  return result;
}

DiffResult Compare(const Traced& a, const Traced& b) {
  DiffResult r;
  r.outputs = CompareOutputs(a, b);
  size_t n = std::max(a.events.size(), b.events.size());
  for (size_t i = 0; i < n; ++i) {
    bool same = i < a.events.size() && i < b.events.size() &&
                Identity(a.events[i], a.batch[i]) == Identity(b.events[i], b.batch[i]) &&
                Content(a.events[i]) == Content(b.events[i]);
    if (same) continue;
    r.divergence = Describe(a, b, i);
    break;
  }
  return r;
}

Result<Traced> RunScenario(const scenario::Scenario& sc) {
  trace::Recorder rec;
  scenario::RunnerOptions opts;
  opts.listeners.push_back(&rec);
  opts.print_sink = [](const std::string&) {};
  opts.continue_after_failed_check = true;
  TL_ASSIGN_OR_RETURN(std::unique_ptr<scenario::Runner> runner, scenario::Runner::Create(sc, std::move(opts)));
  runner->RunAll();
  if (runner->scenario_error()) return Status::InvalidArgument(runner->failure());
  return Reduce(rec.events(), sc.api != scenario::Api::kDStream);
}

Event ArrivalEvent(const std::string& input, Timestamp t, const std::vector<Value>& records) {
  Event e;
  e.kind = EventKind::kRecordArrived;
  e.time = t;
  e.stream = input;
  e.values = records;
  return e;
}

// The pipeline of `sc` over a recording, fed as `tideline replay` feeds it.
Result<Traced> RunReplay(const scenario::Scenario& sc, const std::string& path) {
  auto recording = io::ReadRecording(path);
  if (!recording.ok())
    return recording.status().pos().known() ? recording.status()
                                            : Status::InvalidArgument(path + ": error: " + recording.status().message());
  trace::Recorder rec;
  scenario::FeedOptions opts;
  opts.listeners.push_back(&rec);
  opts.print_sink = [](const std::string&) {};
  TL_ASSIGN_OR_RETURN(std::unique_ptr<scenario::PipelineFeed> feed, scenario::PipelineFeed::Open(sc, std::move(opts)));
  TL_RETURN_IF_ERROR(feed->Start(sc.start_time));
  const auto& arr = recording->arrivals;
  for (size_t i = 0; i < arr.size();) {
    size_t j = i + 1;
    // Structured: arrivals at one time on one input are one chunk (one addData).
    if (feed->structured())
      while (j < arr.size() && arr[j].t_ms == arr[i].t_ms && arr[j].input == arr[i].input) ++j;
    std::vector<Value> records;
    for (size_t k = i; k < j; ++k) records.push_back(arr[k].data);
    Timestamp t = sc.start_time + Duration::Millis(arr[i].t_ms);
    // The DStream feed traces no arrivals (a scenario's steps do): trace them here, before
    // the batches their arrival makes due, as the runner would.
    if (!feed->structured()) TL_RETURN_IF_ERROR(feed->AdvanceTo(t));
    if (!feed->structured()) rec.OnEvent(ArrivalEvent(arr[i].input, t, records));
    TL_RETURN_IF_ERROR(feed->Arrive(arr[i].input, t, records));
    i = j;
  }
  TL_RETURN_IF_ERROR(feed->Finish(sc.start_time + Duration::Millis(arr.empty() ? 0 : arr.back().t_ms)));
  return Reduce(rec.events(), sc.api != scenario::Api::kDStream);
}

}  // namespace

Result<DiffResult> DiffScenarios(const scenario::Scenario& a, const scenario::Scenario& b) {
  TL_ASSIGN_OR_RETURN(Traced ta, RunScenario(a));
  TL_ASSIGN_OR_RETURN(Traced tb, RunScenario(b));
  return Compare(ta, tb);
}

Result<DiffResult> DiffReplays(const scenario::Scenario& sc, const std::string& r1, const std::string& r2) {
  TL_RETURN_IF_ERROR(scenario::AnalyzePipeline(sc));
  TL_ASSIGN_OR_RETURN(Traced ta, RunReplay(sc, r1));
  TL_ASSIGN_OR_RETURN(Traced tb, RunReplay(sc, r2));
  return Compare(ta, tb);
}

}  // namespace tideline::verify
