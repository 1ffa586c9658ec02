#include "cli/commands.h"

#include "cli/live_inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "core/common/temp_dir.h"
#include "core/io/live_source.h"
#include "core/io/recording.h"
#include "core/io/record_source.h"
#include "core/io/safe_path.h"
#include "core/io/utf8.h"
#include "core/replay/batch_jump.h"
#include "core/replay/durable_dir.h"
#include "core/replay/keyframes.h"
#include "core/scenario/bless.h"
#include "core/scenario/model.h"
#include "core/scenario/pipeline_feed.h"
#include "core/scenario/runner.h"
#include "core/time/clock.h"
#include "core/value/csv.h"
#include "core/value/json.h"

namespace tideline::cli {

namespace fs = std::filesystem;
using replay::KeyframeWriter;
using replay::kLiveRun;
using replay::OpenCheckpointDir;
using replay::RecordSteps;
using scenario::Scenario;

namespace {

std::string JsonString(std::string_view s) {
  std::string o;
  AppendJsonString(&o, s);
  return o;
}

// A recorded line as valid UTF-8: invalid bytes become U+FFFD, as Java's decoder reads
// them, and are counted, so that a recording's JSON lines are always valid JSON.
std::string ValidText(const std::string& line, int64_t* replaced) {
  if (io::IsValidUtf8(line)) return line;
  ++*replaced;
  return io::ToValidUtf8(line);
}

void ReportReplaced(int64_t replaced, std::ostream& err) {
  if (replaced > 0)
    err << fmt::format("warning: {} line{} had invalid UTF-8; the invalid bytes were recorded as U+FFFD, as Spark's text "
                       "sources read them\n",
                       replaced, replaced == 1 ? "" : "s");
}

// One JSON line per finished DStream batch (`--json` of replay and live runs).
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

// Every trace event as a JSON line (`--json --trace`).
struct TraceLines final : trace::Listener {
  explicit TraceLines(std::ostream& o) : out(&o) {}
  std::ostream* out;
  void OnEvent(const trace::Event& e) override { *out << e.ToJson() << "\n"; }
};

// A DStream output `collect: true`, shown as it runs: in text a block per batch (the first
// rows), in JSON one object per batch with every row.
void PrintCollected(std::ostream& out, bool json, const std::string& stream, Timestamp t, const std::vector<Value>& rows) {
  if (json) {
    std::string line = fmt::format("{{\"type\":\"collect\",\"stream\":{},\"batchTimeMs\":{},\"rows\":[", JsonString(stream), t.millis());
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i) line += ',';
      rows[i].AppendJson(&line);
    }
    out << line << "]}\n";
    return;
  }
  constexpr size_t kShown = 10;
  out << fmt::format("collect {} at {} ms: {} row{}\n", stream, t.millis(), rows.size(), rows.size() == 1 ? "" : "s");
  for (size_t i = 0; i < rows.size() && i < kShown; ++i) out << "  " << rows[i].ToDisplay() << "\n";
  if (rows.size() > kShown) out << fmt::format("  ... {} more\n", rows.size() - kShown);
}

// A scenario's pipeline fed from outside its steps (replay, live runs), printing as
// `tideline run` does: Spark's text, or with `json` one object per print block and batch;
// with `trace` (and `json`) every trace event too.
// What a replay does beyond feeding the recording: keyframes after each batch, extra trace
// listeners, and a stop before the end (tideline replay --keyframes, core/replay/keyframes.h).
struct ReplayHooks {
  std::function<void(const scenario::FeedBatch&)> on_batch;
  trace::Listener* listener = nullptr;
  std::function<bool()> stop;
};

Result<std::unique_ptr<scenario::PipelineFeed>> OpenFeed(const Scenario& sc, std::ostream& out, bool json,
                                                         BatchLines* batch_lines, TraceLines* trace = nullptr,
                                                         const std::string& durable_dir = "",
                                                         const ReplayHooks& hooks = {}, bool live = false) {
  scenario::FeedOptions opts;
  opts.live = live;
  opts.on_batch = hooks.on_batch;
  if (hooks.listener) opts.listeners.push_back(hooks.listener);
  opts.output_dir = durable_dir;
  opts.durable = !durable_dir.empty();
  if (trace) opts.listeners.push_back(trace);
  opts.on_collect = [&out, json](const std::string& stream, Timestamp t, const std::vector<Value>& rows) {
    PrintCollected(out, json, stream, t, rows);
  };
  if (json) {
    opts.print_sink = [&out](const std::string& t) { out << "{\"type\":\"print\",\"text\":" << JsonString(t) << "}\n"; };
    opts.report_sink = [&out](const std::string& l) { out << l << "\n" << std::flush; };  // structured batches
    if (batch_lines && sc.api == scenario::Api::kDStream) opts.listeners.push_back(batch_lines);
  } else {
    opts.print_sink = [&out](const std::string& t) { out << t << std::flush; };
  }
  return scenario::PipelineFeed::Open(sc, std::move(opts));
}

// SIGINT or SIGTERM received by a live run: it stops, removing its temporary directory.
volatile std::sig_atomic_t g_live_signal = 0;
extern "C" void OnLiveSignal(int sig) { g_live_signal = sig; }

// tideline run --live [--checkpoint DIR]: the pipeline on the system clock, fed from the
// scenario's sockets and directories (cli/live_inputs.h). A durable live run resumes from
// DIR as Spark's sources and StreamingContext.getOrCreate or a query's checkpointLocation
// do, then reads the inputs from the present.
int RunLive(const Scenario& sc, const RunArgs& a, std::ostream& out, std::ostream& err) {
  if (Status an = scenario::AnalyzePipeline(sc); !an.ok()) { err << an.ToString() << "\n"; return 2; }
  if (!a.kill_at.empty()) {
    err << "tideline run: --kill-at does not go with --live: stop a live run with a signal (SIGKILL to try a crash)\n";
    return 2;
  }
  if (!a.checkpoint.empty()) {
    if (!a.out_dir.empty() || a.bless) {
      err << "tideline run: --checkpoint does not go with --out or --bless (not available yet)\n";
      return 2;
    }
    auto dir = OpenCheckpointDir(a.checkpoint, sc, a.file, kLiveRun);
    if (!dir.ok()) { err << dir.status().message() << "\n"; return 2; }
  }
  auto inputs = OpenLiveInputs(sc);
  if (!inputs.ok()) { err << inputs.status().message() << "\n"; return 2; }
  // A structured query runs on a virtual clock that follows the system clock; a DStream
  // context starts at the system clock's time.
  BatchLines batch_lines(out);
  auto feed = OpenFeed(sc, out, a.json, &batch_lines, nullptr, a.checkpoint, {}, /*live=*/true);
  if (!feed.ok()) { err << feed.status().ToString() << "\n"; return 2; }
  scenario::PipelineFeed& f = **feed;
  SystemClock clock;
  Status st = f.Start(clock.Now());
  if (!st.ok()) { err << st.ToString() << "\n"; return 2; }
  for (const std::string& w : f.warnings()) err << "warning: " << w << "\n";
  if (!a.checkpoint.empty()) {
    if (f.resumed_at())
      err << fmt::format("{}: resuming after the checkpoint of the batch at {} ms\n", a.checkpoint, f.resumed_at()->millis());
    st = ResumeLiveInputs(f, &*inputs, a.checkpoint, clock.Now());
  }
  g_live_signal = 0;
  auto old_int = std::signal(SIGINT, OnLiveSignal);
  auto old_term = std::signal(SIGTERM, OnLiveSignal);
  bool any_open = true;
  while (any_open && st.ok() && g_live_signal == 0) {
    st = PollLiveInputs(f, &*inputs, clock.Now(), 20, &any_open);
    if (st.ok()) st = f.AdvanceTo(clock.Now());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  if (!st.ok()) { err << "error: " << st.message() << "\n"; return 1; }
  // Stopped by a signal: as a driver stopped with Ctrl-C, nothing more runs.
  if (g_live_signal != 0) return 128 + g_live_signal;
  // The sources ended: run the batch that holds the last records (DStream), or what
  // the query waits for.
  st = f.Finish(clock.Now());
  if (sc.api != scenario::Api::kDStream && !st.ok()) { err << "error: " << st.message() << "\n"; return 1; }
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

// tideline run --bless: runs every step (a failed check does not stop the run), rewrites
// the value of each failed row check in the file with what it found, then runs the file
// again as `tideline run` does.
// Creates the runner and runs every step. On an error in the scenario it prints it and
// returns null (exit status 2).
// `after_step`, when set, is told the number of steps run after each step.
std::unique_ptr<scenario::Runner> CreateAndRun(const Scenario& sc, scenario::RunnerOptions opts, std::ostream& err,
                                               const std::function<void(int)>& after_step = nullptr) {
  auto runner = scenario::Runner::Create(sc, std::move(opts));
  if (!runner.ok()) {
    err << runner.status().ToString() << "\n";
    return nullptr;
  }
  while (!(*runner)->Done()) {
    (*runner)->RunStep();
    if (after_step && !(*runner)->scenario_error()) after_step((*runner)->next_step());
  }
  if ((*runner)->scenario_error()) {
    err << (*runner)->failure().substr((*runner)->failure().find(": ") + 2) << "\n";
    return nullptr;
  }
  return std::move(runner).value();
}

int Bless(const Scenario& sc, const RunArgs& a, std::ostream& out, std::ostream& err) {
  std::string text;
  {
    std::ifstream in(a.file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  scenario::RunnerOptions opts;
  opts.output_dir = a.out_dir;
  opts.continue_after_failed_check = true;
  std::unique_ptr<scenario::Runner> runner = CreateAndRun(sc, opts, err);
  if (!runner) return 2;
  scenario::Runner& r = *runner;
  int blessed = 0;
  auto updated = scenario::BlessText(text, sc, r.checks(), &blessed);
  runner.reset();  // the run below starts its own context
  if (!updated.ok()) {
    err << updated.status().ToString() << "\n";
    return 2;
  }
  if (blessed > 0) {
    std::string tmp = a.file + ".bless";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << *updated;
      if (!f) {
        err << a.file << ": error: cannot write the blessed file\n";
        return 2;
      }
    }
    std::error_code ec;
    fs::rename(tmp, a.file, ec);
    if (ec) {
      err << a.file << ": error: cannot replace the file: " << ec.message() << "\n";
      return 2;
    }
  }
  err << fmt::format("blessed {} check{} in {}\n", blessed, blessed == 1 ? "" : "s", a.file);
  RunArgs again = a;
  again.bless = false;
  return Run(again, out, err);
}

}  // namespace

int RunScenarioFile(const RunArgs& a, std::ostream& out, std::ostream& err);

int Run(const RunArgs& a, std::ostream& out, std::ostream& err) {
  try {
    return RunScenarioFile(a, out, err);
  } catch (const std::bad_alloc&) {
    err << a.file << ": error: out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    err << a.file << ": error: " << e.what() << "\n";
    return 2;
  }
}

// --checkpoint DIR (cli/durable.h): refuses another scenario's or pipeline's DIR, and sets
// `after_step` to record each step run. Returns an exit status to stop with, or -1 to run.
static int OpenDurable(const Scenario& sc, const RunArgs& a, std::ostream& err, std::function<void(int)>* after_step,
                       int* resume_steps) {
  if (!a.out_dir.empty() || a.bless) {
    err << "tideline run: --checkpoint does not go with --out or --bless (not available yet)\n";
    return 2;
  }
  auto st = OpenCheckpointDir(a.checkpoint, sc, a.file);
  if (!st.ok()) { err << st.status().message() << "\n"; return 2; }
  const int total = static_cast<int>(sc.steps.size());
  if (!st->fresh && st->steps_done >= total) {
    err << fmt::format("{}: all {} steps of {} already ran; nothing to resume\n", a.checkpoint, total, a.file);
    return 0;
  }
  if (!st->fresh && st->steps_done > 0) {
    // The process died in the step after those it recorded: that step's inputs are given
    // again and the pipeline recovers, then the run goes on (RunnerOptions::resume_steps).
    *resume_steps = std::min(st->steps_done + 1, total);
    err << fmt::format("{}: resuming after step {} of {} (the run died in step {})\n", a.checkpoint, *resume_steps,
                       total, *resume_steps);
  }
  *after_step = [&sc, &a, &err](int done) {
    Status st = RecordSteps(a.checkpoint, sc, a.file, done);
    if (!st.ok()) err << st.message() << "\n";
  };
  return -1;
}

// --kill-at BATCH:POINT,...: a crash hook that notes the first listed point passed in
// DIR/tideline-killed and kills the process there with SIGKILL.
static Result<std::function<bool(int64_t, const std::string&)>> KillHook(const std::string& spec, const std::string& dir) {
  std::vector<std::pair<int64_t, std::string>> points;
  std::stringstream ss(spec);
  for (std::string item; std::getline(ss, item, ',');) {
    size_t colon = item.find(':');
    char* end = nullptr;
    long long batch = colon == std::string::npos ? 0 : std::strtoll(item.c_str(), &end, 10);
    if (colon == std::string::npos || end != item.c_str() + colon || colon + 1 == item.size())
      return Status::InvalidArgument(fmt::format("--kill-at takes BATCH:POINT,... (got '{}')", item));
    points.emplace_back(batch, item.substr(colon + 1));
  }
  return std::function<bool(int64_t, const std::string&)>(
      [points, marker = (fs::path(dir) / "tideline-killed").string()](int64_t batch, const std::string& point) {
        for (const auto& [b, p] : points) {
          if (b != batch || p != point) continue;
          {
            std::ofstream f(marker, std::ios::app);
            f << batch << ":" << point << "\n";
          }
          std::fflush(nullptr);
          ::raise(SIGKILL);
        }
        return false;
      });
}

int RunScenarioFile(const RunArgs& a, std::ostream& out, std::ostream& err) {
  int64_t wall_start = SystemClock::MonotonicMicros();
  auto sc = scenario::LoadScenario(a.file);
  if (!sc.ok()) {
    err << sc.status().ToString() << "\n";
    return 2;
  }
  sc->allowed_paths = a.allow_paths;
  if (!a.out_dir.empty()) sc->allowed_paths.push_back(a.out_dir);
  if (a.bless && !a.live) return Bless(*sc, a, out, err);
  if (a.live) return RunLive(*sc, a, out, err);
  std::function<void(int)> after_step;
  scenario::RunnerOptions opts;
  if (!a.checkpoint.empty()) {
    int st = OpenDurable(*sc, a, err, &after_step, &opts.resume_steps);
    if (st >= 0) return st;
    opts.durable = true;
    if (!a.kill_at.empty()) {
      auto hook = KillHook(a.kill_at, a.checkpoint);
      if (!hook.ok()) { err << "tideline run: " << hook.status().message() << "\n"; return 2; }
      opts.crash_hook = *hook;
    }
  } else if (!a.kill_at.empty()) {
    err << "tideline run: --kill-at needs --checkpoint DIR\n";
    return 2;
  }
  opts.output_dir = a.checkpoint.empty() ? a.out_dir : a.checkpoint;
  const char* env_lang = std::getenv("LANG");
  opts.language = scenario::LanguageOf(!a.lang.empty() ? a.lang : env_lang ? env_lang : "");
  trace::Recorder recorder;
  if (a.json) {
    opts.print_sink = [&out](const std::string& t) { out << "{\"type\":\"print\",\"text\":" << JsonString(t) << "}\n"; };
    opts.report_sink = [&out](const std::string& line) { out << line << "\n"; };
  } else {
    opts.print_sink = [&out](const std::string& t) { out << t; };
  }
  TraceLines trace_lines(out);
  if (a.json && a.trace) opts.listeners.push_back(&trace_lines);
  std::unique_ptr<scenario::Runner> runner = CreateAndRun(*sc, opts, err, after_step);
  if (!runner) return 2;
  scenario::Runner& r = *runner;
  size_t passed = 0;
  for (const auto& c : r.checks()) passed += c.passed ? 1 : 0;
  if (a.json) {
    std::string s = fmt::format("{{\"type\":\"summary\",\"title\":{},\"passed\":{},\"checks\":{},\"checksPassed\":{}",
                                JsonString(sc->title_text.In(opts.language)), r.passed() ? "true" : "false", r.checks().size(), passed);
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
    if (!r.warnings().empty()) {
      s += ",\"warnings\":[";
      for (size_t i = 0; i < r.warnings().size(); ++i) s += (i ? "," : "") + JsonString(r.warnings()[i]);
      s += "]";
    }
    if (!a.no_wall) s += fmt::format(",\"wall\":{{\"elapsedMs\":{}}}", (SystemClock::MonotonicMicros() - wall_start) / 1000);
    out << s << "}\n";
  } else {
    for (const auto& c : r.checks())
      out << fmt::format("{} step {} ({}){}\n", c.passed ? "ok    " : "FAILED", c.step, c.kind, c.passed ? "" : ": " + c.message);
    if (!r.failure().empty() && (r.checks().empty() || r.checks().back().passed)) out << "FAILED " << r.failure() << "\n";
    for (const auto& [input, n] : r.malformed())
      out << fmt::format("input '{}': {} malformed record{} {}\n", input, n, n == 1 ? "" : "s", r.malformed_action(input));
    for (const std::string& w : r.warnings()) err << "warning: " << w << "\n";
    out << fmt::format("{}: {} of {} checks passed\n", r.passed() ? "PASS" : "FAIL", passed, r.checks().size());
  }
  return r.passed() ? 0 : 1;
}

void CheckOne(const std::string& file, const CheckArgs& a, std::ostream& out, int* passed, int* failed);

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
    // One file failing badly (running out of memory, a library's exception) is that
    // file's failure; the others are still checked and reported.
    try {
      CheckOne(file, a, out, &passed, &failed);
    } catch (const std::bad_alloc&) {
      ++failed;
      out << fmt::format("FAIL  {}  error: out of memory\n", file);
    } catch (const std::exception& e) {
      ++failed;
      out << fmt::format("FAIL  {}  error: {}\n", file, e.what());
    }
  }
  out << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

void CheckOne(const std::string& file, const CheckArgs& a, std::ostream& out, int* passed_count, int* failed_count) {
  int& passed = *passed_count;
  int& failed = *failed_count;
  {
    auto loaded = scenario::LoadScenario(file);
    if (loaded.ok()) loaded->allowed_paths = a.allow_paths;
    const auto& sc = loaded;
    if (!sc.ok()) {
      ++failed;
      out << fmt::format("FAIL  {}  {}\n", file, sc.status().ToString());
      return;
    }
    auto runner = scenario::Runner::Create(*sc, {});
    if (!runner.ok()) {
      ++failed;
      out << fmt::format("FAIL  {}  ({})  {}\n", sc->title, file, runner.status().ToString());
      return;
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
}

// Records a CSV file whose lines carry their time: each line arrives at its own time,
// relative to the first line's; a line whose time does not parse arrives with the
// line before it (it is still recorded: the pipeline decides what is malformed).
int RecordFile(const RecordArgs& a, std::ostream& out, std::ostream& err) {
  if (a.time_column < 1) {
    err << fmt::format("error: --time-column {} is not a column: columns are numbered from 1\n", a.time_column);
    return 2;
  }
  if (Status st = io::CheckRegularFile(a.file, "input file"); !st.ok()) { err << a.file << ": error: " << st.message() << "\n"; return 2; }
  std::ifstream in(a.file, std::ios::binary);
  if (!in) { err << a.file << ": error: cannot open file\n"; return 2; }
  {
    // The time column must exist: a column beyond the first line's would give every
    // line the time 0.
    std::string first;
    std::getline(in, first);
    std::vector<std::string_view> fields;
    std::string storage;
    SplitCsvLine(first, ',', &fields, &storage);
    if (!first.empty() && a.time_column > static_cast<int>(fields.size())) {
      err << fmt::format("{}:1:1: error: --time-column {} is beyond the {} column{} of the first line\n", a.file,
                         a.time_column, fields.size(), fields.size() == 1 ? "" : "s");
      return 2;
    }
    in.clear();
    in.seekg(0);
  }
  auto w = io::RecordingWriter::Open(a.output, {{a.input, "textFile"}});
  if (!w.ok()) { err << "error: " << w.status().message() << "\n"; return 2; }
  std::string line;
  io::LineTimes times(a.time_column);
  int64_t n = 0, replaced = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const int64_t t = times.Next(line);
    Status st = (*w)->Append(t, a.input, Value::String(ValidText(line, &replaced)));
    if (!st.ok()) { err << "error: " << st.message() << "\n"; return 1; }
    if (a.max_records > 0 && ++n >= a.max_records) break;
    if (a.max_records <= 0) ++n;
  }
  (void)(*w)->Close();
  ReportReplaced(replaced, err);
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
  int64_t n = 0, replaced = 0;
  int64_t last_progress = SystemClock::MonotonicMicros();
  while (true) {
    std::vector<std::string> lines;
    bool open = (*src)->Poll(&lines, 50);
    int64_t t = (clock.Now() - start).millis();
    for (const auto& l : lines) {
      Status st = (*w)->Append(t, a.input, Value::String(ValidText(l, &replaced)));
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
  ReportReplaced(replaced, err);
  out << fmt::format("recorded {} records into {}\n", n, a.output);
  return 0;
}

// The end of a replay: how many records and batches, and the malformed records per input
// with examples (standard error; with --json also a summary object on standard output).
void ReplaySummary(const scenario::PipelineFeed& f, const io::Recording& rec, const ReplayArgs& a, std::ostream& out,
                   std::ostream& err) {
  const auto counts = f.malformed_by_input();
  const auto examples = f.malformed_examples();
  auto examples_of = [&](const std::string& input) {
    auto it = examples.find(input);
    return it == examples.end() ? std::vector<std::string>{} : it->second;
  };
  if (a.json) {
    std::string s = fmt::format("{{\"type\":\"summary\",\"records\":{},\"batches\":{},\"malformedInRecordingFile\":{},\"malformed\":{{",
                                rec.arrivals.size(), f.batches(), rec.malformed);
    bool first = true;
    for (const auto& [input, n] : counts) {
      s += fmt::format("{}{}:{{\"count\":{},\"examples\":[", first ? "" : ",", JsonString(input), n);
      const auto ex = examples_of(input);
      for (size_t k = 0; k < ex.size(); ++k) s += (k ? "," : "") + JsonString(ex[k]);
      s += "]}";
      first = false;
    }
    out << s << "}}\n";
  }
  if (a.quiet) return;
  err << fmt::format("\rreplayed {} records in {} batches ({} malformed line{} in the recording file)\n", rec.arrivals.size(),
                     f.batches(), rec.malformed, rec.malformed == 1 ? "" : "s");
  for (const auto& [input, n] : counts) {
    std::string quoted;
    for (const std::string& e : examples_of(input)) quoted += (quoted.empty() ? "" : ", ") + JsonString(e);
    err << fmt::format("input '{}': {} malformed record{}, e.g. {}\n", input, n, n == 1 ? "" : "s", quoted);
  }
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
int ReplayStructured(const Scenario& sc, const io::Recording& rec, const ReplayArgs& a, const ReplayHooks& hooks,
                     std::ostream& out, std::ostream& err) {
  TraceLines trace_lines(out);
  auto feed = OpenFeed(sc, out, a.json, nullptr, a.json && a.trace ? &trace_lines : nullptr, a.checkpoint, hooks);
  if (!feed.ok()) { err << feed.status().ToString() << "\n"; return 2; }
  scenario::PipelineFeed& f = **feed;
  Status st = f.Start(sc.start_time);
  if (!st.ok()) { err << st.ToString() << "\n"; return 2; }
  // A durable replay that resumes is given every record again: those within the offsets
  // its checkpoint logged go back to the sources before the query restarts. The pacing
  // starts at the last logged batch.
  int64_t resume_ms = -1;
  if (f.resumed_at()) {
    resume_ms = (*f.resumed_at() - sc.start_time).millis();
    if (!a.quiet) err << fmt::format("{}: resuming after the checkpoint of the batch at {} ms\n", a.checkpoint, resume_ms);
  }
  int64_t wall0 = SystemClock::MonotonicMicros(), last_progress = wall0;
  size_t total = rec.arrivals.size(), i = 0;
  while (i < total && st.ok() && !(hooks.stop && hooks.stop())) {
    const io::Arrival& first = rec.arrivals[i];
    std::vector<Value> records;
    size_t j = i;
    for (; j < total && rec.arrivals[j].t_ms == first.t_ms && rec.arrivals[j].input == first.input; ++j)
      records.push_back(rec.arrivals[j].data);
    Pace(a.speed, wall0, first.t_ms - std::max<int64_t>(0, resume_ms));
    st = f.Arrive(first.input, sc.start_time + Duration::Millis(first.t_ms), records);
    i = j;
    if (!a.quiet && SystemClock::MonotonicMicros() - last_progress > 500000) {
      last_progress = SystemClock::MonotonicMicros();
      err << fmt::format("\rreplayed {}/{} records ({:.0f}%)", i, total, 100.0 * static_cast<double>(i) / static_cast<double>(total))
          << std::flush;
    }
  }
  if (st.ok() && !(hooks.stop && hooks.stop()))
    st = f.Finish(sc.start_time + Duration::Millis(total ? rec.arrivals.back().t_ms : 0));
  if (!st.ok()) { err << "\nerror: " << st.message() << "\n"; return 1; }
  ReplaySummary(f, rec, a, out, err);
  return 0;
}

int ReplayWith(const ReplayArgs& a, const ReplayHooks& hooks, std::ostream& out, std::ostream& err);

// --keyframes KDIR: a durable replay in KDIR/run that keeps a keyframe every K batches.
int ReplayKeepingKeyframes(const ReplayArgs& a, std::ostream& out, std::ostream& err) {
  ReplayArgs run = a;
  run.checkpoint = (fs::path(a.keyframes) / "run").string();
  KeyframeWriter writer(a.keyframes, a.keyframe_every);
  Status failed;
  ReplayHooks hooks;
  int64_t done = 0;  // batches run by this process, counted from 0
  hooks.on_batch = [&](const scenario::FeedBatch& b) {
    if (Status st = writer.AfterBatch(done++, b.batch_time); !st.ok() && failed.ok()) failed = st;
  };
  int rc = ReplayWith(run, hooks, out, err);
  if (!failed.ok()) {
    err << a.keyframes << ": error: " << failed.message() << "\n";
    return 2;
  }
  if (rc == 0 && !a.quiet)
    err << fmt::format("{}: {} keyframes, one every {} batches\n", a.keyframes, writer.kept(), writer.every());
  return rc;
}

// --keyframes KDIR --batch N: batch N in full, replayed from the nearest keyframe before it
// (core/replay/batch_jump.h), its events printed as `replay --json --trace` prints them.
int ReplayBatch(const ReplayArgs& a, std::ostream& out, std::ostream& err) {
  TraceLines lines(out);
  replay::JumpRequest r;
  r.scenario = a.scenario;
  r.recording = a.recording;
  r.keyframes = a.keyframes;
  r.batch = a.batch;
  const replay::JumpResult jump = replay::JumpToBatch(r, &lines);
  if (!jump.status.ok()) {
    err << jump.status.message() << "\n";
    return jump.bad_input ? 2 : 1;
  }
  if (!a.quiet)
    err << fmt::format("batch {} replayed from {}\n", a.batch, jump.from ? "keyframe " + jump.from->dir : std::string("the start"));
  return 0;
}

int Replay(const ReplayArgs& a, std::ostream& out, std::ostream& err) {
  if (a.keyframes.empty()) {
    if (a.batch >= 0 || a.keyframe_every > 0) {
      err << "tideline replay: --batch and --every go with --keyframes KDIR\n";
      return 2;
    }
    return ReplayWith(a, {}, out, err);
  }
  if (!a.checkpoint.empty()) {
    err << "tideline replay: --keyframes keeps its own checkpoint (KDIR/run); it does not go with --checkpoint\n";
    return 2;
  }
  return a.batch >= 0 ? ReplayBatch(a, out, err) : ReplayKeepingKeyframes(a, out, err);
}

int ReplayWith(const ReplayArgs& a, const ReplayHooks& hooks, std::ostream& out, std::ostream& err) {
  auto sc = scenario::LoadScenario(a.scenario);
  if (!sc.ok()) { err << sc.status().ToString() << "\n"; return 2; }
  auto rec = io::ReadRecording(a.recording);
  if (!rec.ok()) {
    if (rec.status().pos().known()) err << rec.status().ToString() << "\n";
    else err << a.recording << ": error: " << rec.status().message() << "\n";
    return 2;
  }
  // The steps are not run, so no expectFailure step expects an error of the pipeline.
  if (Status an = scenario::AnalyzePipeline(*sc); !an.ok()) { err << an.ToString() << "\n"; return 2; }
  if (!a.checkpoint.empty()) {
    auto dir = OpenCheckpointDir(a.checkpoint, *sc, a.scenario, a.recording);
    if (!dir.ok()) { err << dir.status().message() << "\n"; return 2; }
  }
  if (sc->api != scenario::Api::kDStream) return ReplayStructured(*sc, *rec, a, hooks, out, err);
  BatchLines batch_lines(out);
  TraceLines trace_lines(out);
  auto feed = OpenFeed(*sc, out, a.json, &batch_lines, a.json && a.trace ? &trace_lines : nullptr, a.checkpoint, hooks);
  if (!feed.ok()) { err << feed.status().ToString() << "\n"; return 2; }
  scenario::PipelineFeed& f = **feed;
  Status st = f.Start(sc->start_time);
  if (!st.ok()) { err << st.ToString() << "\n"; return 2; }
  for (const std::string& w : f.warnings()) err << "warning: " << w << "\n";
  // A durable replay goes on after the records its checkpoint holds.
  // Records at or before resume_ms are in the checkpoint; the pacing starts there too.
  const std::optional<Timestamp> resumed = f.resumed_at();
  const int64_t resume_ms = resumed ? (*resumed - sc->start_time).millis() : -1;
  if (resumed && !a.quiet)
    err << fmt::format("{}: resuming after the checkpoint of the batch at {} ms\n", a.checkpoint, resume_ms);
  int64_t wall0 = SystemClock::MonotonicMicros(), last_progress = wall0;
  size_t total = rec->arrivals.size(), i = 0;
  int64_t last_t = 0;
  for (const io::Arrival& arr : rec->arrivals) {
    if (hooks.stop && hooks.stop()) break;
    if (arr.t_ms <= resume_ms) {
      ++i;
      last_t = arr.t_ms;
      continue;
    }
    Pace(a.speed, wall0, arr.t_ms - std::max<int64_t>(0, resume_ms));
    st = f.Arrive(arr.input, sc->start_time + Duration::Millis(arr.t_ms), std::span<const Value>(&arr.data, 1));
    if (!st.ok()) { err << "\nerror: " << st.message() << "\n"; return 1; }
    last_t = arr.t_ms;
    ++i;
    if (!a.quiet && (i & 0xFFF) == 0 && SystemClock::MonotonicMicros() - last_progress > 500000) {
      last_progress = SystemClock::MonotonicMicros();
      err << fmt::format("\rreplayed {}/{} records ({:.0f}%), {} batches", i, total, 100.0 * static_cast<double>(i) / static_cast<double>(total), f.batches()) << std::flush;
    }
  }
  if (!(hooks.stop && hooks.stop())) st = f.Finish(sc->start_time + Duration::Millis(last_t));
  if (!st.ok()) { err << "\nerror: " << st.message() << "\n"; return 1; }
  ReplaySummary(f, *rec, a, out, err);
  return 0;
}

}  // namespace tideline::cli
