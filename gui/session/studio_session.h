#pragma once
// StudioSession: the Studio's only bridge to the engine. It owns the loaded
// Scenario, one Runner over it and a trace::Recorder that keeps every event of
// the run so far. Time moves only through goToStep(): forward runs the next
// steps; backward re-runs from the start up to the target step, which is exact
// because runs are deterministic. Views never see the Runner: they read the
// trace prefix (events()) and the small summaries below. Lives in the GUI
// thread; not thread-safe.

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "core/trace/trace.h"

namespace tideline::scenario {
struct Scenario;
class Runner;
}  // namespace tideline::scenario

namespace tideline::studio {

// What the gallery shows of one scenario file.
struct ScenarioInfo {
  QString path;
  QString title;
  QStringList tags;
  QString summary;
  QString error;  // FILE:LINE:COL text when the file does not load
};

class StudioSession : public QObject {
  Q_OBJECT

 public:
  explicit StudioSession(QObject* parent = nullptr);
  ~StudioSession() override;

  // Loads `path` and prepares a run at step 0. Returns false and keeps the
  // error text (FILE:LINE:COL: error: ...) when the file or its pipeline has
  // errors; the previous scenario is closed either way.
  bool open(const QString& path);
  bool isOpen() const { return runner_ != nullptr; }
  QString path() const { return path_; }
  QString errorText() const { return error_; }

  // REQUIRES: isOpen() for everything below that reads the scenario.
  QString title() const;
  QString summary() const;
  QStringList tags() const;
  int stepCount() const;
  // How many steps have run: 0 (nothing yet) to stepCount().
  int currentStep() const { return current_step_; }
  // The kind of step `n` (1-based), e.g. "addData".
  QString stepKind(int n) const;
  // The text of the latest `note` step that has run, or empty.
  QString currentNote() const;
  // Why the run failed, when it did (a failed check, a pipeline error).
  QString failure() const { return failure_; }
  int passedChecks() const;
  int failedChecks() const;

  // Input and stream names in the order of the file; stateful and windowed
  // streams as seen in the trace so far; streams with a `collect` output.
  QStringList streamNames() const;
  QStringList inputNames() const;
  QStringList collectedStreams() const;

  // The trace of the run so far, and where the events of the latest step begin.
  const std::vector<trace::Event>& events() const { return recorder_.events(); }
  size_t currentStepBegin() const { return step_begin_; }
  // A batch time as an offset from the scenario's start, e.g. "3s".
  QString timeLabel(Timestamp t) const;
  // Seconds from the scenario's start (the x axis of plots).
  double seconds(Timestamp t) const;

  // Moves time to `step` (clamped to 0..stepCount()). Emits stepChanged.
  void goToStep(int step);
  void nextStep() { goToStep(current_step_ + 1); }
  void previousStep() { goToStep(current_step_ - 1); }
  void goToStart() { goToStep(0); }
  void goToEnd() { goToStep(stepCount()); }

  // Reads title, tags and summary of every *.yaml under `dir`, sorted by path.
  static std::vector<ScenarioInfo> describeScenarios(const QString& dir);
  // The scenarios shipped with Tideline, or an empty string when not found.
  static QString bundledScenarioDir();

 signals:
  void scenarioOpened();
  void openFailed(const QString& error);
  void stepChanged(int step);

 private:
  bool restart();
  void close();

  QString path_;
  QString error_;
  QString failure_;
  std::unique_ptr<scenario::Scenario> scenario_;
  std::unique_ptr<scenario::Runner> runner_;
  trace::Recorder recorder_;
  int current_step_ = 0;
  size_t step_begin_ = 0;
};

}  // namespace tideline::studio
