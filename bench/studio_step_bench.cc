// tideline-bench-studio-step: how long one step takes in the Studio on a scenario of
// 100,000 records. Generates the orders dashboard's pipeline over a recording of N
// orders (the book's generator, seed 2) with one `advanceClock: 5s` step per batch,
// opens it in a Studio window (offscreen unless QT_QPA_PLATFORM says otherwise), then
// moves step by step to the end, back to the start, batch by batch both ways, and to
// random steps, and prints the mean and maximum milliseconds per move. A move counts
// the session's move, every panel's refresh and the paint that follows (the events
// are processed before the clock stops). A benchmark, not a test: see bench/README.md.

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "core/io/record_source.h"
#include "core/io/recording.h"
#include "datasets/orders_generator.h"
#include "gui/session/studio_session.h"
#include "gui/windows/main_window.h"

namespace {

using tideline::studio::MainWindow;
using tideline::studio::StudioSession;

// Writes a recording of `orders` orders (the generator's lines, at their own times) and
// a scenario running the orders dashboard over it, one `advanceClock: 5s` step per batch.
// Returns the scenario's path, or an empty string.
std::string WriteScenario(const std::string& dir, int64_t orders, double rate, const std::string& dashboard) {
  const std::string recording = dir + "/orders.jsonl";
  auto w = tideline::io::RecordingWriter::Open(recording, {{"orders", "textFile"}});
  if (!w.ok()) return {};
  tideline::datasets::OrdersOptions o;
  o.lines = orders;
  o.seed = 2;
  o.rate = rate;
  tideline::datasets::OrdersGenerator g(o);
  tideline::io::LineTimes times(1);  // as `tideline record file` reads the orders' times
  std::string line;
  while (g.AppendNextLine(&line)) {
    line.pop_back();  // '\n'
    if (!(*w)->Append(times.Next(line), "orders", tideline::Value::String(line)).ok()) return {};
    line.clear();
  }
  if (!(*w)->Close().ok()) return {};
  // The dashboard's pipeline, reading the recording; new steps.
  QFile f(QString::fromStdString(dashboard));
  if (!f.open(QIODevice::ReadOnly)) return {};
  std::string text = f.readAll().toStdString();
  const size_t path = text.find("path: data/orders_sample.jsonl");
  const size_t steps = text.find("\nsteps:");
  if (path == std::string::npos || steps == std::string::npos) return {};
  text = text.substr(0, steps + 1);
  text.replace(path, std::string("path: data/orders_sample.jsonl").size(), "path: " + recording);
  text += "steps:\n";
  const int64_t seconds = orders / static_cast<int64_t>(rate) + 10;
  for (int64_t s = 0; s < seconds; s += 5) {
    if (s % 100 == 0) text += fmt::format("  - note: \"{} seconds of orders\"\n", s);
    text += "  - advanceClock: 5s\n";
  }
  const std::string scenario = dir + "/orders-100k.yaml";
  std::FILE* out = std::fopen(scenario.c_str(), "wb");
  if (!out) return {};
  std::fwrite(text.data(), 1, text.size(), out);
  std::fclose(out);
  return scenario;
}

// The process's CPU time in milliseconds (all its threads): on a machine shared with other
// work, wall times vary with the load and CPU times much less.
double CpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Moves {
  explicit Moves(std::string n) : name(std::move(n)) {}
  std::string name;
  std::vector<double> ms, cpu_ms;
  void print() const {
    if (ms.empty()) return;
    double sum = 0, max = 0, cpu = 0;
    for (double m : ms) {
      sum += m;
      max = std::max(max, m);
    }
    for (double c : cpu_ms) cpu += c;
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    const double n = static_cast<double>(ms.size());
    std::cout << fmt::format(
        "{:<26} {:>6} moves  mean {:>7.2f} ms  median {:>7.2f} ms  max {:>7.2f} ms  cpu mean {:>7.2f} ms\n", name,
        ms.size(), sum / n, sorted[sorted.size() / 2], max, cpu / n);
  }
};

// Times `move` until it returns false (or `limit` times), each with its events processed.
void Time(Moves* m, const std::function<bool()>& move, size_t limit = SIZE_MAX) {
  QElapsedTimer t;
  for (size_t i = 0; i < limit; ++i) {
    t.start();
    const double cpu = CpuMs();
    const bool moved = move();
    QApplication::processEvents();
    const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
    if (!moved) break;
    m->ms.push_back(ms);
    m->cpu_ms.push_back(CpuMs() - cpu);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  CLI::App app{"Time the Studio's steps on a generated scenario of N orders"};
  int64_t orders = 100000;
  double rate = 200;
  int jumps = 200;
  std::string keep;
  app.add_option("--records", orders, "orders in the scenario's recording (default 100000)");
  app.add_option("--rate", rate, "orders per second of event time (default 200: 1000 orders per 5-second batch)");
  app.add_option("--jumps", jumps, "random steps to jump to (default 200)");
  app.add_option("--keep", keep, "write the scenario and its recording into this directory and keep them");
  CLI11_PARSE(app, argc, argv);
  if (orders <= 0 || rate < 1) {
    std::cerr << "error: --records and --rate must be positive\n";
    return 2;
  }

  QApplication qapp(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("TidelineBench"));
  QTemporaryDir tmp;
  const std::string dir = keep.empty() ? tmp.path().toStdString() : keep;
  QDir().mkpath(QString::fromStdString(dir));
  const std::string scenario =
      WriteScenario(dir, orders, rate, TIDELINE_SOURCE_DIR "/scenarios/dstream/orders-dashboard.yaml");
  if (scenario.empty()) {
    std::cerr << "error: cannot write the scenario into " << dir << "\n";
    return 1;
  }

  MainWindow w;
  w.resize(1600, 1000);
  w.show();
  QApplication::processEvents();
  QElapsedTimer open;
  open.start();
  if (!w.openScenario(QString::fromStdString(scenario))) {
    std::cerr << w.session().errorText().toStdString() << "\n";
    return 1;
  }
  QApplication::processEvents();
  const double open_ms = static_cast<double>(open.nsecsElapsed()) / 1e6;
  StudioSession& s = w.session();
  std::cout << fmt::format("scenario: {} orders, {} steps, {} batches, {} trace events; opened in {:.0f} ms\n", orders,
                           s.stepCount(), s.batchCount(), s.traceLength(), open_ms);

  Moves forward{"step forward"}, backward{"step backward"}, batch_fwd{"next batch"}, batch_back{"previous batch"},
      jump{"jump to a random step"};
  s.goToStart();
  QApplication::processEvents();
  Time(&forward, [&] { return s.goToNext(StudioSession::Mark::kStep); });
  Time(&backward, [&] { return s.goToPrevious(StudioSession::Mark::kStep); });
  Time(&batch_fwd, [&] { return s.goToNext(StudioSession::Mark::kBatch); });
  Time(&batch_back, [&] { return s.goToPrevious(StudioSession::Mark::kBatch); });
  std::mt19937 rng(7);
  Time(&jump, [&] {
    s.goToStep(std::uniform_int_distribution<int>(0, s.stepCount())(rng));
    return true;
  }, static_cast<size_t>(jumps));

  Moves all{"all moves"};
  for (const Moves* m : {&forward, &backward, &batch_fwd, &batch_back, &jump}) {
    m->print();
    all.ms.insert(all.ms.end(), m->ms.begin(), m->ms.end());
    all.cpu_ms.insert(all.cpu_ms.end(), m->cpu_ms.begin(), m->cpu_ms.end());
  }
  all.print();
  return 0;
}
