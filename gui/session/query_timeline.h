#pragma once
// QueryTimeline: what a structured query's trace says happened, read back for
// the Studio's views (the space-time plot, the records table, the query
// metrics, late-record navigation). From a trace prefix, build() gives:
// - every input row with its arrival, its event time (kRecordArrived's
//   event_times), the batch that processed it (the first batch started after it
//   arrived; a batch that crashed hands its rows to the batch that re-runs it),
//   and what the watermark did to it: a row is dropped when a stateful operator
//   reported late rows (kLate) in that batch and the row is behind the
//   kLate's watermark: for time windows, each of its windows that ends at or
//   before that watermark is dropped (a row can be dropped from one sliding
//   window and counted in the next); without windows, its event time is at or
//   before it. A row kept although out of order (an earlier arrival had a
//   later event time) or behind the watermark is late but counted;
// - every batch with the watermark it ran with, the one it left for the next
//   batch, its late rows and its progress (the StreamingQueryProgress JSON of
//   kBatchFinished, read with QJsonDocument);
// - the windows held in state (keys with a {start, end} window, the sessions
//   of a session-window aggregation), each from where it opened to where the
//   watermark evicted it;
// - where the query stopped, crashed and restarted from its checkpoint.
// Positions on the x axis are arrival order (rows 1, 2, ...; a batch sits
// between the last row before it and the first after it) or, when arrival
// times differ across the run, seconds from the scenario's start. The same
// prefix always gives the same timeline. Plain data; any thread.

#include <QCoreApplication>
#include <QString>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/time/time.h"
#include "core/trace/trace.h"
#include "core/value/value.h"

namespace tideline::studio {

// One time-window specification of the query (kRecovered values).
struct WindowSpec {
  bool session = false;
  int64_t size_us = 0, slide_us = 0, start_us = 0;
  int64_t gap_us = 0;  // session windows: the gap, 0 when it is not a constant
};

enum class RecordFate {
  kWaiting,        // arrived; no batch has started since
  kOnTime,         // processed, in order and not behind the watermark
  kLate,           // processed although out of order or behind the watermark: counted
  kPartlyDropped,  // dropped by the watermark from some of its windows, counted in the others
  kDropped,        // dropped by the watermark
};

struct QueryRecord {
  size_t event = 0;  // its kRecordArrived event in the trace
  int order = 0;     // 1-based arrival order among the rows of the run
  QString input;
  Value row;
  QString key;    // Selection::rowKeyOf(row)
  QString name;   // its fields but the event time, e.g. "donkey"
  QString label;  // its event time and its other fields, e.g. "12:04 donkey"
  Timestamp arrival;
  std::optional<Timestamp> event_time;
  std::optional<Timestamp> latest_before;  // the latest event time of the rows that arrived before it
  double x = 0;
  std::optional<int64_t> batch;  // the batch that processed it, once one started
  int batch_index = -1;          // that batch in QueryTimeline::batches()
  RecordFate fate = RecordFate::kWaiting;
  QString why;  // what happened to it and why, one sentence (tooltips)
};

struct QueryBatch {
  int64_t id = -1;
  size_t started = 0;              // its kBatchStarted event
  std::optional<size_t> finished;  // its kBatchFinished event
  double x = 0;
  std::optional<Timestamp> watermark;       // the one it runs with
  std::optional<Timestamp> next_watermark;  // the one it leaves for the next batch
  int64_t late_rows = 0;                    // rows dropped as late (kLate counts)
  std::optional<Timestamp> late_watermark;  // the watermark that dropped them
  QString late_operators;
  // When finished: kBatchFinished and its progress.
  int64_t input_rows = 0, output_rows = 0, state_rows = 0;
  double input_rate = 0, process_rate = 0, duration_ms = 0;  // rows/s, rows/s, triggerExecution
  std::optional<Timestamp> max_event_time;                    // eventTime.max
};

// A window held in state: [start, end), from x_from to x_to.
struct QueryWindow {
  Timestamp start, end;
  QString key;  // session windows: the key whose session it is
  double x_from = 0;
  std::optional<double> x_to;     // where it left the state; none while it is held
  bool evicted = false;           // left because the watermark passed its end
  std::optional<int64_t> closed;  // the batch that evicted it
};

// The query stopped, crashed or (re)started from its checkpoint.
struct QueryLifeEvent {
  enum class Kind { kStop, kCrash, kRestart } kind = Kind::kStop;
  double x = 0;
  QString text;  // kFailure's message
};

class QueryTimeline {
  Q_DECLARE_TR_FUNCTIONS(tideline::studio::QueryTimeline)

 public:
  // How to lay out and write a run: fixed for the whole run, so every prefix agrees.
  struct Options {
    bool by_time = false;    // x is arrival time (seconds from `origin`), else arrival order
    bool with_date = false;  // times are written with their date
    Timestamp origin;        // the scenario's start
  };
  // The options for a run: by time when arrival times differ, with the date
  // when event times span more than one day.
  static Options optionsFor(std::span<const trace::Event> run, Timestamp origin);
  static QueryTimeline build(std::span<const trace::Event> events, const Options& options);

  const Options& options() const { return options_; }
  const std::vector<WindowSpec>& windowSpecs() const { return specs_; }
  const std::vector<QueryRecord>& records() const { return records_; }
  const std::vector<QueryBatch>& batches() const { return batches_; }
  const std::vector<QueryWindow>& windows() const { return windows_; }
  const std::vector<QueryLifeEvent>& lifeEvents() const { return life_; }
  // Whether some row has an event time (the query has a watermark).
  bool hasEventTime() const { return has_event_time_; }
  // The latest watermark known (for the next batch), if any.
  std::optional<Timestamp> watermark() const { return watermark_; }

  // "12:07", "12:07:30", "12:07:30.250", with the date when the run needs it.
  QString timeText(Timestamp t) const;
  // A watermark: "0" for Spark's initial one, else timeText().
  QString watermarkText(Timestamp t) const;
  // "[12:00, 12:10)".
  QString windowText(Timestamp start, Timestamp end) const;
  // The time windows (not sessions) that contain `t`, by start.
  std::vector<std::pair<Timestamp, Timestamp>> windowsOf(Timestamp t) const;
  // A value with its times written by timeText() and windows by windowText().
  QString valueText(const Value& v) const;
  // The y of a record: its event time, or its arrival when the query has no event time.
  std::optional<Timestamp> plotTime(const QueryRecord& r) const;

  static QString fateText(RecordFate fate);

 private:
  void decideFates();
  void decideFate(QueryRecord& r, const QueryBatch& b);
  void extendWindows();

  Options options_;
  std::vector<WindowSpec> specs_;
  std::vector<QueryRecord> records_;
  std::vector<QueryBatch> batches_;
  std::vector<QueryWindow> windows_;
  std::vector<QueryLifeEvent> life_;
  std::optional<Timestamp> watermark_;
  bool has_event_time_ = false;
};

}  // namespace tideline::studio
