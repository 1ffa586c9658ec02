#pragma once
// The trace: an ordered stream of typed events that says everything a run did
// (records arriving, batches scheduled/started/finished with virtual durations,
// each stream's output per batch, windows, state changes, outputs, checks). The
// CLI's --json output, the tests and the Studio all read it. Events carry a
// sequence number and the virtual time at which they happened, in a
// deterministic order.
//
// Cost: the engine asks Tracer::enabled() before building an event, so a run
// without listeners pays one branch per site. A Tracer is used by one thread.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/time/time.h"
#include "core/value/value.h"

namespace tideline::trace {

enum class EventKind {
  kStep,            // a scenario step begins (text: its kind; index: its number)
  kNote,            // a `note` step (text)
  kRecordArrived,   // records arrived on an input (stream: input; values; time: arrival)
  kBatchScheduled,  // a batch time fell due (batch_time)
  kBatchStarted,    // processing began (batch_time; time: start)
  kBatchFinished,   // processing ended (batch_time; input_rows, durations)
  kStreamOutput,    // a stream generated its RDD for batch_time (stream, op, values)
  kWindow,          // a windowed stream's window at batch_time (window_begin, window_end, covered/entered/left)
  kStateChange,     // a stateful stream's key changed (stream, key, before, after, change)
  kOutput,          // an output operation ran (stream, op: print/saveAsTextFiles/..., text or values)
  kCheckpoint,      // checkpoint written (batch_time, text: path)
  kStop,            // the context/query stopped
  kRecovered,       // restarted from a checkpoint (batch_time: checkpoint time)
  kFailure,         // the pipeline failed (text: message)
  kCheck,           // a check step ran (passed, text: difference)
  kLate,            // a stateful operator dropped late rows (op; count; watermark: the one that dropped them)
};

const char* EventKindName(EventKind k);

enum class StateChange { kNew, kUpdated, kRemoved, kTimedOut, kUnchanged, kEvicted };
const char* StateChangeName(StateChange c);

struct Event {
  uint64_t seq = 0;
  EventKind kind = EventKind::kStep;
  Timestamp time;            // virtual time when it happened
  Timestamp batch_time;      // the batch it belongs to, when any
  std::string stream;        // stream or input name
  std::string op;            // the Spark class or operation
  std::string text;
  int64_t index = -1;        // step number, or other index
  std::vector<Value> values; // rows
  // Structured inputs (kRecordArrived): each row's event time as the query's watermark
  // reads it, or null (no watermark on that input, or a filter drops the row before it).
  std::vector<Value> event_times;
  // Structured batches: the watermark a batch runs with (kBatchStarted), the one the
  // next batch will use (kBatchFinished), the one that dropped late rows (kLate).
  bool has_watermark = false;
  Timestamp watermark;
  int64_t count = -1;        // kLate: rows (or groups) dropped
  // Batches
  int64_t input_rows = -1;
  int64_t output_rows = -1;
  int64_t state_rows = -1;
  Duration processing_time, scheduling_delay, total_delay;
  // Structured batches (kBatchFinished), from the batch's progress (whose JSON is `text`):
  // its input and processing rates in rows per second (0 where Spark leaves them out), and
  // its latest event time to the millisecond, when its rows had event times. Not in ToJson,
  // which prints the progress itself.
  double input_rate = 0, process_rate = 0;
  bool has_max_event_time = false;
  Timestamp max_event_time;
  // Windows: the batch times covered, and which entered and left since the last window
  Timestamp window_begin, window_end;  // (begin, end]
  std::vector<Timestamp> covered, entered, left;
  // State
  Value key, before, after;
  StateChange change = StateChange::kUnchanged;
  Timestamp deadline;        // timeout deadline, when set
  bool has_deadline = false;
  // Checks
  bool passed = false;

  // One JSON object on one line, with fields in a fixed order.
  std::string ToJson() const;
};

class Listener {
 public:
  virtual ~Listener() = default;
  virtual void OnEvent(const Event& e) = 0;
};

// Keeps every event (tests, the Studio, the CLI).
class Recorder final : public Listener {
 public:
  void OnEvent(const Event& e) override { events_.push_back(e); }
  const std::vector<Event>& events() const { return events_; }
  void Clear() { events_.clear(); }

 private:
  std::vector<Event> events_;
};

class Tracer {
 public:
  bool enabled() const { return !listeners_.empty(); }
  void AddListener(Listener* l) { listeners_.push_back(l); }
  void RemoveListener(Listener* l);
  // Assigns the sequence number and delivers the event. REQUIRES: enabled().
  void Emit(Event e);

 private:
  std::vector<Listener*> listeners_;
  uint64_t next_seq_ = 1;
};

}  // namespace tideline::trace
