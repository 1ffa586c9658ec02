#include "cli/commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <unistd.h>

#include "core/io/live_source.h"
#include "core/io/recording.h"
#include "core/scenario/dstream_builder.h"
#include "core/scenario/model.h"
#include "core/scenario/runner.h"
#include "core/time/clock.h"
#include "core/value/json.h"

namespace tideline::cli {

namespace fs = std::filesystem;
using scenario::Scenario;

namespace {

std::string JsonString(std::string_view s) {
  std::string o;
  AppendJsonString(&o, s);
  return o;
}

// Feeds records into a scenario's pipeline outside of its steps (replay, live runs).
class Driver {
 public:
  ~Driver() {
    graph_.ctx.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  Status Open(const Scenario& sc, std::ostream& out, bool json) {
    sc_ = &sc;
    scenario::DStreamBuildOptions bo;
    bo.now = &now_;
    bo.all_inputs_as_arrivals = true;
    bo.output_dir = dir_ = (fs::temp_directory_path() / fmt::format("tideline-live-{}", ::getpid())).string();
    bo.checkpoint_dir = (fs::path(bo.output_dir) / "checkpoint").string();
    if (!json) bo.print_sink = [&out](const std::string& t) { out << t << std::flush; };
    else bo.print_sink = [&out](const std::string& t) { out << "{\"type\":\"print\",\"text\":" << JsonString(t) << "}\n"; };
    if (json) {
      reporter_ = std::make_unique<BatchLines>(out);
      tracer_.AddListener(reporter_.get());
      bo.tracer = &tracer_;
    }
    TL_ASSIGN_OR_RETURN(graph_, scenario::BuildDStreamGraph(sc, bo));
    return Status::Ok();
  }
  Status Start(Timestamp t) { now_ = t; return graph_.ctx->Start(t); }
  // One record of `input` arriving at `t`; batches due before it run first.
  Status Arrive(const std::string& input, Timestamp t, const Value& v) {
    if (t > now_) { now_ = t; TL_RETURN_IF_ERROR(graph_.ctx->AdvanceTo(t)); }
    auto it = graph_.arrivals.find(input);
    if (it == graph_.arrivals.end()) {
      if (graph_.arrivals.size() != 1) return Status::InvalidArgument(fmt::format("the pipeline has no input '{}'", input));
      it = graph_.arrivals.begin();
    }
    Value rec = v;
    auto f = graph_.formats.find(it->first);
    if (f != graph_.formats.end()) {
      if (!f->second.ParseRecord(v, &rec)) { it->second->CountMalformed(); ++malformed_; return Status::Ok(); }
    }
    it->second->Arrive(t, std::move(rec));
    ++records_;
    return Status::Ok();
  }
  Status AdvanceTo(Timestamp t) {
    if (t > now_) now_ = t;
    return graph_.ctx->AdvanceTo(t);
  }
  Duration interval() const { return graph_.ctx->batch_interval(); }
  int64_t records() const { return records_; }
  int64_t malformed() const { return malformed_; }
  size_t batches() const { return graph_.ctx->batches().size(); }
  std::vector<std::string> input_names() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : graph_.arrivals) out.push_back(k);
    return out;
  }

 private:
  class BatchLines final : public trace::Listener {
   public:
    explicit BatchLines(std::ostream& out) : out_(out) {}
    void OnEvent(const trace::Event& e) override {
      if (e.kind != trace::EventKind::kBatchFinished) return;
      out_ << fmt::format("{{\"type\":\"batch\",\"batchTimeMs\":{},\"inputRows\":{},\"outputRows\":{},\"stateRows\":{}}}\n",
                          e.batch_time.millis(), e.input_rows, e.output_rows, e.state_rows);
    }

   private:
    std::ostream& out_;
  };
  const Scenario* sc_ = nullptr;
  std::string dir_;
  Timestamp now_;
  trace::Tracer tracer_;
  std::unique_ptr<BatchLines> reporter_;
  scenario::DStreamGraph graph_;
  int64_t records_ = 0, malformed_ = 0;
};

// A structured scenario's runner, fed from outside its steps; prints as `tideline run` does.
Result<std::unique_ptr<scenario::Runner>> OpenFedRunner(const Scenario& sc, std::ostream& out, bool json) {
  scenario::RunnerOptions opts;
  if (json) {
    opts.report_sink = [&out](const std::string& l) { out << l << "\n" << std::flush; };
    opts.print_sink = [&out](const std::string& t) { out << "{\"type\":\"print\",\"text\":" << JsonString(t) << "}\n"; };
  } else {
    opts.print_sink = [&out](const std::string& t) { out << t << std::flush; };
  }
  return scenario::Runner::Create(sc, std::move(opts));
}

int RunLive(const Scenario& sc, const RunArgs& a, std::ostream& out, std::ostream& err) {
  const bool structured = sc.api != scenario::Api::kDStream;
  std::vector<std::pair<std::string, std::unique_ptr<io::LiveSource>>> sources;
  for (const auto& in : sc.inputs) {
    Result<std::unique_ptr<io::LiveSource>> src = Status::InvalidArgument("");
    if (in.type == "socket") {
      const scenario::YNode* h = in.spec.Get("host");
      const scenario::YNode* p = in.spec.Get("port");
      int port = 9999;
      if (p) {
        Value pv = p->ToValue();
        if (pv.type() != ValueType::kInt) {
          err << fmt::format("{}:{}:{}: error: port must be a number\n", sc.path, p->pos.line, p->pos.column);
          return 2;
        }
        port = static_cast<int>(pv.as_int());
      }
      src = io::LiveSource::Socket(h ? h->scalar : "127.0.0.1", port);
    } else if (in.type == "textFile" || (structured && in.type == "file")) {
      const scenario::YNode* d = in.spec.Get(structured ? "path" : "directory");
      fs::path dir = d ? d->scalar : ".";
      if (dir.is_relative()) dir = fs::path(sc.path).parent_path() / dir;
      src = io::LiveSource::Directory(dir.string());
    } else {
      continue;
    }
    if (!src.ok()) {
      err << fmt::format("{}:{}:{}: error: input '{}': {}\n", sc.path, in.pos.line, in.pos.column, in.name, src.status().message());
      return 2;
    }
    sources.emplace_back(in.name, std::move(*src));
  }
  if (sources.empty()) {
    err << sc.path << (structured ? ": error: --live needs a socket or file input\n" : ": error: --live needs a socket or textFile input\n");
    return 2;
  }
  if (structured) {
    // The query runs on a virtual clock that follows the system clock.
    auto runner = OpenFedRunner(sc, out, a.json);
    if (!runner.ok()) { err << runner.status().ToString() << "\n"; return 2; }
    SystemClock clock;
    bool any_open = true;
    Status st;
    while (any_open && st.ok()) {
      any_open = false;
      for (auto& [name, src] : sources) {
        std::vector<std::string> lines;
        any_open = src->Poll(&lines, 20) || any_open;
        if (lines.empty()) continue;
        std::vector<Value> records;
        for (auto& l : lines) records.push_back(Value::String(l));
        st = (*runner)->Feed(name, clock.Now(), records);
        if (!st.ok()) break;
      }
      if (st.ok()) st = (*runner)->FeedClock(clock.Now(), false);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (st.ok()) st = (*runner)->FeedClock(clock.Now(), true);
    if (!st.ok()) { err << "error: " << st.message() << "\n"; return 1; }
    return 0;
  }
  Driver d;
  Status st = d.Open(sc, out, a.json);
  if (st.ok()) st = d.Start(SystemClock().Now());
  if (!st.ok()) { err << st.ToString() << "\n"; return 2; }
  SystemClock clock;
  bool any_open = true;
  while (any_open) {
    any_open = false;
    for (auto& [name, src] : sources) {
      std::vector<std::string> lines;
      bool open = src->Poll(&lines, 20);
      any_open = any_open || open;
      Timestamp now = clock.Now();
      for (const auto& l : lines) {
        st = d.Arrive(name, now, Value::String(l));
        if (!st.ok()) { err << "error: " << st.message() << "\n"; return 1; }
      }
    }
    st = d.AdvanceTo(clock.Now());
    if (!st.ok()) { err << "error: " << st.message() << "\n"; return 1; }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The sources ended: run the batch that holds the last records.
  (void)d.AdvanceTo(clock.Now() + d.interval());
  return 0;
}

std::vector<std::string> FindScenarios(const std::string& path, std::ostream& err, bool* bad) {
  std::vector<std::string> out;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_regular_file() && (it->path().extension() == ".yaml" || it->path().extension() == ".yml"))
        out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
  } else if (fs::exists(path, ec)) {
    out.push_back(path);
  } else {
    err << path << ": error: no such file or directory\n";
    *bad = true;
  }
  return out;
}

}  // namespace

int Run(const RunArgs& a, std::ostream& out, std::ostream& err) {
  int64_t wall_start = SystemClock::MonotonicMicros();
  auto sc = scenario::LoadScenario(a.file);
  if (!sc.ok()) {
    err << sc.status().ToString() << "\n";
    return 2;
  }
  if (a.live) return RunLive(*sc, a, out, err);
  scenario::RunnerOptions opts;
  opts.output_dir = a.out_dir;
  trace::Recorder recorder;
  if (a.json) {
    opts.print_sink = [&out](const std::string& t) { out << "{\"type\":\"print\",\"text\":" << JsonString(t) << "}\n"; };
    opts.report_sink = [&out](const std::string& line) { out << line << "\n"; };
  } else {
    opts.print_sink = [&out](const std::string& t) { out << t; };
  }
  struct TraceLines final : trace::Listener {
    std::ostream* out;
    void OnEvent(const trace::Event& e) override { *out << e.ToJson() << "\n"; }
  } trace_lines;
  trace_lines.out = &out;
  if (a.json && a.trace) opts.listeners.push_back(&trace_lines);
  auto runner = scenario::Runner::Create(*sc, opts);
  if (!runner.ok()) {
    err << runner.status().ToString() << "\n";
    return 2;
  }
  scenario::Runner& r = **runner;
  r.RunAll();
  if (r.scenario_error()) {
    err << r.failure().substr(r.failure().find(": ") + 2) << "\n";
    return 2;
  }
  size_t passed = 0;
  for (const auto& c : r.checks()) passed += c.passed ? 1 : 0;
  if (a.json) {
    std::string s = fmt::format("{{\"type\":\"summary\",\"title\":{},\"passed\":{},\"checks\":{},\"checksPassed\":{}",
                                JsonString(sc->title), r.passed() ? "true" : "false", r.checks().size(), passed);
    if (!r.failure().empty()) s += ",\"failure\":" + JsonString(r.failure());
    if (!r.malformed().empty()) {
      s += ",\"malformed\":{";
      bool first = true;
      for (const auto& [input, n] : r.malformed()) {
        s += fmt::format("{}{}:{}", first ? "" : ",", JsonString(input), n);
        first = false;
      }
      s += "}";
    }
    if (!a.no_wall) s += fmt::format(",\"wall\":{{\"elapsedMs\":{}}}", (SystemClock::MonotonicMicros() - wall_start) / 1000);
    out << s << "}\n";
  } else {
    for (const auto& c : r.checks())
      out << fmt::format("{} step {} ({}){}\n", c.passed ? "ok    " : "FAILED", c.step, c.kind, c.passed ? "" : ": " + c.message);
    if (!r.failure().empty() && (r.checks().empty() || r.checks().back().passed)) out << "FAILED " << r.failure() << "\n";
    for (const auto& [input, n] : r.malformed())
      out << fmt::format("input '{}': {} malformed record{} {}\n", input, n, n == 1 ? "" : "s", r.malformed_action(input));
    out << fmt::format("{}: {} of {} checks passed\n", r.passed() ? "PASS" : "FAIL", passed, r.checks().size());
  }
  return r.passed() ? 0 : 1;
}

int Check(const CheckArgs& a, std::ostream& out, std::ostream& err) {
  bool bad = false;
  std::vector<std::string> files;
  for (const auto& p : a.paths) {
    auto f = FindScenarios(p, err, &bad);
    files.insert(files.end(), f.begin(), f.end());
  }
  if (bad) return 2;
  int passed = 0, failed = 0;
  for (const auto& file : files) {
    auto sc = scenario::LoadScenario(file);
    if (!sc.ok()) {
      ++failed;
      out << fmt::format("FAIL  {}  {}\n", file, sc.status().ToString());
      continue;
    }
    auto runner = scenario::Runner::Create(*sc, {});
    if (!runner.ok()) {
      ++failed;
      out << fmt::format("FAIL  {}  ({})  {}\n", sc->title, file, runner.status().ToString());
      continue;
    }
    (*runner)->RunAll();
    if ((*runner)->passed()) {
      ++passed;
      out << fmt::format("PASS  {}  ({})\n", sc->title, file);
    } else {
      ++failed;
      out << fmt::format("FAIL  {}  ({})  {}\n", sc->title, file, (*runner)->failure());
    }
    if (a.verbose)
      for (const auto& c : (*runner)->checks())
        out << fmt::format("      step {} ({}): {}\n", c.step, c.kind, c.passed ? "ok" : c.message);
  }
  out << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

// Records a CSV file whose lines carry their time: each line arrives at its own time,
// relative to the first line's; a line whose time does not parse arrives with the
// line before it (it is still recorded: the pipeline decides what is malformed).
int RecordFile(const RecordArgs& a, std::ostream& out, std::ostream& err) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) { err << a.file << ": error: cannot open file\n"; return 2; }
  auto w = io::RecordingWriter::Open(a.output, {{a.input, "textFile"}});
  if (!w.ok()) { err << "error: " << w.status().message() << "\n"; return 2; }
  std::string line;
  int64_t n = 0, first = INT64_MIN, t = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t start = 0;
    for (int c = 1; c < a.time_column && start != std::string::npos; ++c) {
      start = line.find(',', start);
      if (start != std::string::npos) ++start;
    }
    if (start != std::string::npos) {
      size_t end = line.find(',', start);
      auto ts = ParseTimestamp(std::string_view(line).substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (ts.ok()) {
        if (first == INT64_MIN) first = ts->millis();
        t = std::max(t, ts->millis() - first);
      }
    }
    Status st = (*w)->Append(t, a.input, Value::String(line));
    if (!st.ok()) { err << "error: " << st.message() << "\n"; return 1; }
    if (a.max_records > 0 && ++n >= a.max_records) break;
    if (a.max_records <= 0) ++n;
  }
  (void)(*w)->Close();
  out << fmt::format("recorded {} records into {}\n", n, a.output);
  return 0;
}

int Record(const RecordArgs& a, std::ostream& out, std::ostream& err) {
  if (a.source == "file") return RecordFile(a, out, err);
  Result<std::unique_ptr<io::LiveSource>> src = Status::InvalidArgument("unknown source");
  std::string type = "socket";
  if (a.source == "socket") src = io::LiveSource::Socket(a.host, a.port);
  else if (a.source == "directory") { src = io::LiveSource::Directory(a.directory); type = "textFile"; }
  else src = io::LiveSource::Stdin();
  if (!src.ok()) { err << "error: " << src.status().message() << "\n"; return 2; }
  auto w = io::RecordingWriter::Open(a.output, {{a.input, type}});
  if (!w.ok()) { err << "error: " << w.status().message() << "\n"; return 2; }
  SystemClock clock;
  Timestamp start = clock.Now();
  int64_t n = 0;
  int64_t last_progress = SystemClock::MonotonicMicros();
  while (true) {
    std::vector<std::string> lines;
    bool open = (*src)->Poll(&lines, 50);
    int64_t t = (clock.Now() - start).millis();
    for (const auto& l : lines) {
      Status st = (*w)->Append(t, a.input, Value::String(l));
      if (!st.ok()) { err << "error: " << st.message() << "\n"; return 1; }
      if (a.max_records > 0 && ++n >= a.max_records) break;
      if (a.max_records <= 0) ++n;
    }
    if (SystemClock::MonotonicMicros() - last_progress > 1000000) {
      err << fmt::format("\rrecorded {} records ({} bytes) in {:.1f} s", n, (*src)->bytes_read(), t / 1000.0) << std::flush;
      last_progress = SystemClock::MonotonicMicros();
    }
    if (!open || (a.max_records > 0 && n >= a.max_records) || (a.seconds > 0 && t >= a.seconds * 1000)) break;
    if (a.source == "directory") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  (void)(*w)->Close();
  out << fmt::format("recorded {} records into {}\n", n, a.output);
  return 0;
}

// Waits until an arrival at `t_ms` into the recording is due at `speed` times real time.
void Pace(double speed, int64_t wall0, int64_t t_ms) {
  if (speed <= 0) return;
  int64_t due = wall0 + static_cast<int64_t>(static_cast<double>(t_ms) * 1000.0 / speed);
  int64_t wait = due - SystemClock::MonotonicMicros();
  if (wait > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait));
}

// A structured scenario's query over a recording: arrivals at the same time and input
// come as one chunk; the query's trigger decides when batches run.
int ReplayStructured(const Scenario& sc, const io::Recording& rec, const ReplayArgs& a, std::ostream& out,
                     std::ostream& err) {
  auto runner = OpenFedRunner(sc, out, a.json);
  if (!runner.ok()) { err << runner.status().ToString() << "\n"; return 2; }
  int64_t wall0 = SystemClock::MonotonicMicros(), last_progress = wall0;
  size_t total = rec.arrivals.size(), i = 0;
  Status st;
  while (i < total && st.ok()) {
    const io::Arrival& first = rec.arrivals[i];
    std::vector<Value> records;
    size_t j = i;
    for (; j < total && rec.arrivals[j].t_ms == first.t_ms && rec.arrivals[j].input == first.input; ++j)
      records.push_back(rec.arrivals[j].data);
    Pace(a.speed, wall0, first.t_ms);
    st = (*runner)->Feed(first.input, sc.start_time + Duration::Millis(first.t_ms), records);
    i = j;
    if (!a.quiet && SystemClock::MonotonicMicros() - last_progress > 500000) {
      last_progress = SystemClock::MonotonicMicros();
      err << fmt::format("\rreplayed {}/{} records ({:.0f}%)", i, total, 100.0 * static_cast<double>(i) / static_cast<double>(total))
          << std::flush;
    }
  }
  if (st.ok()) st = (*runner)->FeedClock(sc.start_time + Duration::Millis(total ? rec.arrivals.back().t_ms : 0), true);
  if (!st.ok()) { err << "\nerror: " << st.message() << "\n"; return 1; }
  if (!a.quiet) err << fmt::format("\rreplayed {} records ({} malformed in the recording file)\n", i, rec.malformed);
  return 0;
}

int Replay(const ReplayArgs& a, std::ostream& out, std::ostream& err) {
  auto sc = scenario::LoadScenario(a.scenario);
  if (!sc.ok()) { err << sc.status().ToString() << "\n"; return 2; }
  auto rec = io::ReadRecording(a.recording);
  if (!rec.ok()) { err << a.recording << ": error: " << rec.status().message() << "\n"; return 2; }
  if (sc->api != scenario::Api::kDStream) return ReplayStructured(*sc, *rec, a, out, err);
  Driver d;
  Status st = d.Open(*sc, out, a.json);
  if (st.ok()) st = d.Start(sc->start_time);
  if (!st.ok()) { err << st.ToString() << "\n"; return 2; }
  int64_t wall0 = SystemClock::MonotonicMicros(), last_progress = wall0;
  size_t total = rec->arrivals.size(), i = 0;
  int64_t last_t = 0;
  for (const io::Arrival& arr : rec->arrivals) {
    Pace(a.speed, wall0, arr.t_ms);
    st = d.Arrive(arr.input, sc->start_time + Duration::Millis(arr.t_ms), arr.data);
    if (!st.ok()) { err << "\nerror: " << st.message() << "\n"; return 1; }
    last_t = arr.t_ms;
    ++i;
    if (!a.quiet && (i & 0xFFF) == 0 && SystemClock::MonotonicMicros() - last_progress > 500000) {
      last_progress = SystemClock::MonotonicMicros();
      err << fmt::format("\rreplayed {}/{} records ({:.0f}%), {} batches", i, total, 100.0 * static_cast<double>(i) / static_cast<double>(total), d.batches()) << std::flush;
    }
  }
  st = d.AdvanceTo(sc->start_time + Duration::Millis(last_t) + d.interval());
  if (!st.ok()) { err << "\nerror: " << st.message() << "\n"; return 1; }
  if (!a.quiet)
    err << fmt::format("\rreplayed {} records in {} batches ({} malformed, {} malformed in the recording file)\n", i, d.batches(),
                       d.malformed(), rec->malformed);
  return 0;
}

}  // namespace tideline::cli
