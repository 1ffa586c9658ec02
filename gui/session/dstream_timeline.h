#pragma once
// DStreamTimeline: a DStream run at one position, drawn as Spark's programming
// guide draws it: the batch-time axis, one lane per input and stream holding
// the records it generated in each batch, and the window of every windowed
// operation at the current time (the batches it covers; for an incremental
// reduce, the batch that entered and the one that left). The axis holds every
// batch of the whole run, so the frame stands still while time moves; what
// has not happened yet at the position is empty. Built from the session's
// trace prefix only, so it is the same whether the position was reached
// forward or backward. A value type; GUI thread only.

#include <QString>
#include <QStringList>
#include <cstdint>
#include <span>
#include <vector>

#include "core/time/time.h"
#include "core/value/value.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

// The latest window of one windowed stream (a kWindow event).
struct LaneWindow {
  QString stream;        // the trace stream that computed it ("counts.countByWindow#1/WindowedDStream")
  QString spark_class;   // WindowedDStream, ReducedWindowedDStream
  Timestamp batch_time;  // when it was computed
  Timestamp begin, end;  // the window (begin, end]
  std::vector<Timestamp> covered, entered, left;
  // An incremental reduce (reduceByKeyAndWindow or reduceByWindow with an inverse
  // function): the previous window plus the batch that entered minus the one that left.
  bool incremental = false;
};

struct LaneBatch {
  std::vector<Value> records;  // the first kShownRecords records the lane's stream generated at this batch time
  int64_t count = 0;           // how many it generated
  bool computed = false;       // it generated an RDD at this batch time (a window lane only every slide)
  uint32_t event = UINT32_MAX;  // the trace event that brought it
  static constexpr size_t kShownRecords = 8;
};

struct Lane {
  StreamNode node;
  std::vector<LaneBatch> batches;   // parallel to DStreamTimeline::batchTimes()
  std::vector<Value> arriving;      // an input's first records that arrived by the clock and after the last batch
  int64_t arriving_count = 0;       // how many arrived by the clock and after the last batch
  std::vector<LaneWindow> windows;  // the latest window of each windowed stream of the lane
  // In a whole run's frame: every window of the lane with the trace event that brought it.
  std::vector<std::pair<uint32_t, LaneWindow>> all_windows;
};

class DStreamTimeline {
 public:
  // The whole run (the frame: every batch, every window with the event that brought it), built
  // once per scenario from the full trace.
  static DStreamTimeline frame(const StudioSession& session);
  // The run at the session's position, read from the whole run's frame: what a step costs
  // does not grow with the records of the run.
  static DStreamTimeline at(const DStreamTimeline& frame, const StudioSession& session);
  // at(frame(session), session).
  static DStreamTimeline build(const StudioSession& session);

  // Every batch time of the whole run, ascending.
  const std::vector<Timestamp>& batchTimes() const { return batch_times_; }
  // How many of batchTimes() have finished at the position.
  int finishedBatches() const { return finished_; }
  // Whether batch i finished during the current step.
  bool isCurrent(int i) const { return i >= 0 && i < static_cast<int>(current_.size()) && current_[static_cast<size_t>(i)]; }
  // The index of a batch time, or -1.
  int indexOf(Timestamp batch_time) const;
  const std::vector<Lane>& lanes() const { return lanes_; }
  // The lane of a scenario stream or input, or null.
  const Lane* lane(const QString& name) const;
  // Records a lane generated in the latest finished batch (the counts on the graph's edges),
  // or -1 when it generated nothing then.
  int64_t latestCount(const QString& name) const;

 private:
  // A kRecordArrived event of the run: when its records arrive and the lane of their input.
  struct Arrival {
    Timestamp time;
    uint32_t event;
    int lane;
  };
  // The virtual clock at `position`: the time at which the next step begins or the next
  // batch falls due, whichever comes first (the latest of them at the end of the run).
  Timestamp clockAt(size_t position) const;
  // Fills the lanes' arriving records: those that arrived in [last_batch, now] and whose
  // events come before `position` (a recording announces all its records at its first step).
  void addArrivals(const DStreamTimeline& frame, const StudioSession& session, size_t position, Timestamp last_batch);

  // The whole run's frame only: the arrivals in time order, and the (event, time) of every
  // kStep and kBatchScheduled, the marks of the clock.
  std::vector<Arrival> arrivals_;
  std::vector<std::pair<uint32_t, Timestamp>> clock_marks_;

  std::vector<Timestamp> batch_times_;
  std::vector<bool> current_;
  int finished_ = 0;
  std::vector<Lane> lanes_;
};

}  // namespace tideline::studio
