#pragma once
// StudioSession: the Studio's only bridge to the engine. It owns the loaded
// Scenario, one Runner over it and a trace::Recorder that keeps every event of
// the run. open() runs every step at once (runs are deterministic and take
// milliseconds), so the whole trace is known; time is then a position in it.
// Views never see the Runner: they read the trace prefix before the position
// (events()) and the small summaries below. It also owns the Selection that
// links the panels. Lives in the GUI thread; not thread-safe.
//
// Invariants:
// - A position is a point in the trace: how many of its events have happened,
//   0..traceLength(). The view at a position depends on that prefix only, so it
//   is the same whether the position was reached forward or backward.
// - Step n ends where the event of step n+1 begins (or at the end of the
//   trace); currentStep() counts the step events in the prefix, so a position
//   inside a step belongs to that step.
// - Moving to an event of interest (a record, a batch, ...) stops just after
//   it: the event is in the prefix.

#include <QObject>
#include <QString>
#include <initializer_list>
#include <map>
#include <QStringList>
#include <array>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/trace/trace.h"
#include "gui/session/query_timeline.h"

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

// One input or stream of a DStream scenario, as the pipeline graph shows it.
struct StreamNode {
  QString name;
  bool input = false;
  QString type;         // an input's type (socket, queue, ...); empty for a stream
  QStringList parents;  // the inputs and streams it reads, in order
  QString combine;      // union, join, ... when it combines its parents; else empty
  QStringList ops;      // its operations, e.g. "flatMap", "reduceByKeyAndWindow(3s, 1s)"
  QStringList outputs;  // its output operations, e.g. "print", "collect"
};

class Selection;

// A crash the run is made to have (Tools > Verify Idempotence opens a schedule's run
// with it): the process dies at `point` of batch `batch` (a structured query's batch id,
// a DStream batch's time in ms), as `tideline verify` makes it, and recovers at once
// from its checkpoint.
struct CrashSchedule {
  long long batch = 0;
  QString point;  // e.g. "afterSink", "afterOutput1"
};

class StudioSession : public QObject {
  Q_OBJECT

 public:
  // The events time can move to, forward or backward.
  enum class Mark {
    kStep,         // the end of a scenario step
    kRecord,       // records arrived on an input (kRecordArrived)
    kBatch,        // a batch or trigger finished (kBatchFinished)
    kWindowClose,  // a window was computed (kWindow); for a structured query, a batch with output rows
    kLateRecord,   // records arrived that the watermark dropped (a structured query's kLate, by event time)
    kNote,         // a `note` step (kNote): the scenes of a lesson
  };
  static constexpr int kMarkCount = 6;

  explicit StudioSession(QObject* parent = nullptr);
  ~StudioSession() override;

  // Loads `path`, runs it to the end and moves to position 0. Returns false and
  // keeps the error text (FILE:LINE:COL: error: ...) when the file or its
  // pipeline has errors; the previous scenario is closed either way. A run that
  // fails part-way (a failed check, a pipeline error) opens, with the trace up
  // to where it stopped.
  bool open(const QString& path);
  // Loads `path` and takes `events` as its trace instead of running the steps (a batch of
  // a long replay replayed from a keyframe: BatchDetailView), at the end of it. Returns
  // false and keeps the error text when the file does not load.
  bool openTrace(const QString& path, const std::vector<trace::Event>& events);
  // Folders besides a scenario's own from which its inputs (recordings) may be read, as
  // `tideline run --allow-path` gives; applies to the scenarios opened after.
  void setAllowedPaths(const QStringList& dirs) { allowed_paths_ = dirs; }
  QStringList allowedPaths() const { return allowed_paths_; }
  // A crash for the scenarios opened after (unset: none). The first time the run passes
  // that crash point the process dies there.
  void setCrashSchedule(std::optional<CrashSchedule> crash) { crash_schedule_ = std::move(crash); }
  const std::optional<CrashSchedule>& crashSchedule() const { return crash_schedule_; }
  // Where the run crashed: how many trace events had happened when the process died
  // (the kRecovered event of its restart follows), or none (no crash asked for, or its
  // point was never passed).
  std::optional<size_t> crashPosition() const { return crash_position_; }
  // Closes the scenario (the gallery is shown): every panel empties. Emits scenarioClosed.
  void closeScenario();
  bool isOpen() const { return scenario_ != nullptr; }
  QString path() const { return path_; }
  QString errorText() const { return error_; }
  // The open scenario, or null.
  const scenario::Scenario* scenario() const { return isOpen() ? scenario_.get() : nullptr; }

  // REQUIRES: isOpen() for everything below that reads the scenario.
  QString title() const;
  QString summary() const;
  QStringList tags() const;
  // Whether the scenario is a Structured Streaming query (else DStreams).
  bool isStructured() const;
  int stepCount() const;
  // How many steps have begun at the current position: 0 (nothing yet) to stepCount().
  int currentStep() const;
  // The kind of step `n` (1-based), e.g. "addData".
  QString stepKind(int n) const;
  // The line of step n (1-based) in the scenario file, or 0.
  int stepLine(int n) const;
  // The text of the latest `note` step that has run, or empty.
  QString currentNote() const;
  // The step of that note (0: none), and how many batches finished after it up to the
  // position: a note describes the run where it stands, so with batches after it the
  // view has moved on from what it says.
  int currentNoteStep() const;
  int batchesSinceNote() const;
  // Failed checks before the position, each "step N (kind): difference".
  QStringList failedCheckTexts() const;
  // Why the run failed, once the position has reached where it stopped; empty otherwise.
  QString failure() const;
  // Checks run before the current position.
  int passedChecks() const;
  int failedChecks() const;

  // Input and stream names in the order of the file; stateful and windowed
  // streams as seen in the trace so far; streams with a `collect` output.
  QStringList streamNames() const;
  QStringList inputNames() const;
  QStringList collectedStreams() const;
  // A DStream scenario's inputs then streams, in the order of the file.
  std::vector<StreamNode> streamGraph() const;
  // The scenario stream (or input) that a stream of the trace belongs to: itself, or
  // for an intermediate or internal stream ("words.map#1", "counts.countByWindow#2/
  // WindowedDStream") the scenario stream named before the first '.'.
  QString ownerOf(const std::string& trace_stream) const;

  // The trace before the current position, and where the events of the current step begin.
  std::span<const trace::Event> events() const;
  // The indices into fullTrace() of the events before the position whose kind is one of
  // `kinds`, in trace order. Views read these instead of scanning events(): a run of
  // 100,000 records has that many arrival events, which most views never look at.
  std::span<const uint32_t> eventsOf(std::initializer_list<trace::EventKind> kinds) const;
  const trace::Event& event(uint32_t index) const { return recorder_.events()[index]; }
  size_t currentStepBegin() const;
  // The whole run's trace (navigation and tests; views read events()).
  const std::vector<trace::Event>& fullTrace() const { return recorder_.events(); }
  size_t traceLength() const { return recorder_.events().size(); }
  size_t position() const { return position_; }
  // A time as every panel writes it: as Spark prints a batch time ("3000 ms") or, when the
  // scenario sets a wall-clock startTime, a time of day ("10:00:03").
  QString timeLabel(Timestamp t) const;
  // Seconds from the scenario's start (the x axis of plots).
  double seconds(Timestamp t) const;

  // Moves time to `position` (clamped to 0..traceLength()). Emits positionChanged
  // when it moves; does nothing without a scenario.
  void goToPosition(size_t position);
  // Moves to the end of step `step` (clamped to 0..stepCount(); a run that stopped
  // early ends where it stopped).
  void goToStep(int step);
  void goToStart() { goToPosition(0); }
  void goToEnd() { goToPosition(traceLength()); }

  // The nearest position after (before) the current one just after a `mark`, or none.
  std::optional<size_t> nextPosition(Mark mark) const;
  std::optional<size_t> previousPosition(Mark mark) const;
  // Move there and return true, or stay and return false when there is none.
  bool goToNext(Mark mark);
  bool goToPrevious(Mark mark);
  void nextStep() { goToNext(Mark::kStep); }
  void previousStep() { goToPrevious(Mark::kStep); }
  void nextBatch() { goToNext(Mark::kBatch); }
  void previousBatch() { goToPrevious(Mark::kBatch); }
  void nextRecord() { goToNext(Mark::kRecord); }
  void previousRecord() { goToPrevious(Mark::kRecord); }
  void nextWindowClose() { goToNext(Mark::kWindowClose); }
  void previousWindowClose() { goToPrevious(Mark::kWindowClose); }
  void nextLateRecord() { goToNext(Mark::kLateRecord); }
  void previousLateRecord() { goToPrevious(Mark::kLateRecord); }
  void nextNote() { goToNext(Mark::kNote); }
  void previousNote() { goToPrevious(Mark::kNote); }

  // Batches (or triggers) in the whole run, and how many have finished at the current position.
  int batchCount() const { return static_cast<int>(marks_[static_cast<int>(Mark::kBatch)].size()); }
  int currentBatch() const;
  // The batch time of every batch of the whole run, in order (DStreams; for a query, its triggers).
  const std::vector<Timestamp>& batchTimes() const { return batch_times_; }
  // Moves to just after batch `n` finished (1-based; 0 is the start; clamped to batchCount()).
  void goToBatch(int n);

  // Whether the event at `index` of the run's trace brought records that the
  // watermark dropped: a structured query's rows that the batch processing
  // them dropped as late (its kLate events, the rows' event times and windows;
  // see QueryTimeline), wholly or from some of their windows.
  bool isLateRecord(size_t index) const;

  // A structured query's rows, batches and windows at the current position,
  // and over the whole run (both empty for DStreams).
  const QueryTimeline& query() const { return query_; }
  const QueryTimeline& fullQuery() const { return full_query_; }

  // What the user follows across panels. Never null; owned by the session.
  Selection* selection() const { return selection_; }

  // A structured query's rows by arrival order on the space-time plot's x axis, even when
  // the virtual clock moves (then x is arrival time by default). Rebuilds the timeline and
  // emits positionChanged.
  bool arrivalOrder() const { return arrival_order_; }
  void setArrivalOrder(bool on);

  // The language of lesson texts (title, summary, notes; spec section 10), e.g. "en" or
  // "ko"; a text missing in it falls back to English. Emits languageChanged.
  QString language() const { return language_; }
  // The language code of a locale name or code: "ko_KR" -> "ko"; "C" -> "en".
  static QString languageCode(const QString& locale);
  void setLanguage(const QString& language);

  // Reads title, tags and summary (in `language`) of every *.yaml under `dir`, sorted by path.
  static std::vector<ScenarioInfo> describeScenarios(const QString& dir, const QString& language = QStringLiteral("en"));
  // The scenarios shipped with Tideline, or an empty string when not found.
  static QString bundledScenarioDir();

 signals:
  void scenarioOpened();
  void openFailed(const QString& error);
  void positionChanged(size_t position);
  void languageChanged();
  void scenarioClosed();

 private:
  // Closes what is open and loads the scenario file `path` (openFailed() on an error).
  bool load(const QString& path);
  bool run();
  // The indices of the trace once it is complete: query timelines, late records, marks.
  void indexTrace();
  void close();
  // A structured query's timelines, of the whole run and at the position, with the x axis chosen.
  void buildQueryTimelines();
  void indexMarks();

  // Configuration: the file and its scenario.
  QString path_;
  QStringList allowed_paths_;
  std::optional<CrashSchedule> crash_schedule_;
  QString error_;
  std::unique_ptr<scenario::Scenario> scenario_;
  // The run, done once by open().
  std::unique_ptr<scenario::Runner> runner_;
  trace::Recorder recorder_;
  QString failure_;                                // why the run stopped early, or empty
  std::optional<size_t> crash_position_;           // where crash_schedule_ fired
  std::vector<size_t> step_starts_;                // index of each step's event (kStep, kNote)
  std::array<std::vector<size_t>, kMarkCount> marks_;  // positions just after each mark, ascending
  QueryTimeline full_query_;                           // the whole run, read once
  std::vector<bool> late_records_;                     // per event of the run: isLateRecord()
  std::vector<Timestamp> batch_times_;                 // of each kBatchFinished of the run
  mutable std::map<uint32_t, std::vector<uint32_t>> by_kinds_;  // eventsOf(), by a mask of kinds
  QString language_ = QStringLiteral("en");
  bool arrival_order_ = false;
  // Transient: where time stands and what is selected.
  size_t position_ = 0;
  QueryTimeline query_;  // the trace before position_, rebuilt when it moves
  Selection* selection_;
};

}  // namespace tideline::studio
