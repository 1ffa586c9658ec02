#include "gui/session/dstream_timeline.h"

#include <algorithm>
#include <map>
#include <string>

namespace tideline::studio {

namespace {
void append(LaneBatch* b, const std::vector<Value>& values) {
  b->computed = true;
  b->count += static_cast<int64_t>(values.size());
  for (const Value& v : values) {
    if (b->records.size() >= LaneBatch::kShownRecords) break;
    b->records.push_back(v);
  }
}
}  // namespace

Timestamp DStreamTimeline::clockAt(size_t position) const {
  const auto next = std::lower_bound(clock_marks_.begin(), clock_marks_.end(), position,
                                     [](const auto& mark, size_t p) { return mark.first < p; });
  if (next != clock_marks_.end()) return next->second;
  Timestamp latest = Timestamp::FromMicros(INT64_MIN);
  for (const auto& mark : clock_marks_) latest = std::max(latest, mark.second);
  return latest;
}

void DStreamTimeline::addArrivals(const DStreamTimeline& frame, const StudioSession& session, size_t position,
                                  Timestamp last_batch) {
  const Timestamp now = frame.clockAt(position);
  const auto by_time = [](const Arrival& a, Timestamp t) { return a.time < t; };
  auto it = std::lower_bound(frame.arrivals_.begin(), frame.arrivals_.end(), last_batch, by_time);
  for (; it != frame.arrivals_.end() && it->time <= now; ++it) {
    if (it->event >= position || it->lane < 0) continue;
    Lane& lane = lanes_[static_cast<size_t>(it->lane)];
    const trace::Event& e = session.event(it->event);
    lane.arriving_count += static_cast<int64_t>(e.values.size());
    for (const Value& v : e.values)
      if (lane.arriving.size() < LaneBatch::kShownRecords) lane.arriving.push_back(v);
  }
}

DStreamTimeline DStreamTimeline::frame(const StudioSession& session) {
  using trace::EventKind;
  DStreamTimeline t;
  if (!session.isOpen() || session.isStructured()) return t;
  // The run's batch times; a batch may finish twice (a rerun after recovery): keep one.
  t.batch_times_ = session.batchTimes();
  std::sort(t.batch_times_.begin(), t.batch_times_.end());
  t.batch_times_.erase(std::unique(t.batch_times_.begin(), t.batch_times_.end()), t.batch_times_.end());
  t.current_.assign(t.batch_times_.size(), false);
  t.finished_ = static_cast<int>(t.batch_times_.size());

  std::map<QString, size_t> lane_of;
  for (StreamNode& node : session.streamGraph()) {
    Lane lane;
    lane.node = std::move(node);
    lane.batches.resize(t.batch_times_.size());
    lane_of[lane.node.name] = t.lanes_.size();
    t.lanes_.push_back(std::move(lane));
  }
  const auto& run = session.fullTrace();
  std::map<std::pair<size_t, QString>, LaneWindow> windows;  // (lane, trace stream) -> latest window
  for (uint32_t i = 0; i < run.size(); ++i) {
    const trace::Event& e = run[i];
    if (e.kind == EventKind::kStep || e.kind == EventKind::kBatchScheduled) t.clock_marks_.emplace_back(i, e.time);
    if (e.kind == EventKind::kRecordArrived) {
      const auto lane = lane_of.find(QString::fromStdString(e.stream));
      t.arrivals_.push_back({e.time, i, lane == lane_of.end() ? -1 : static_cast<int>(lane->second)});
    }
    if (e.kind != EventKind::kStreamOutput && e.kind != EventKind::kWindow) continue;
    const auto owner = lane_of.find(session.ownerOf(e.stream));
    if (owner == lane_of.end()) continue;
    Lane& lane = t.lanes_[owner->second];
    if (e.kind == EventKind::kStreamOutput) {
      // A lane shows its scenario stream's own output, not that of its intermediate streams.
      const int b = t.indexOf(e.batch_time);
      if (b >= 0 && QString::fromStdString(e.stream) == lane.node.name) {
        LaneBatch& lb = lane.batches[static_cast<size_t>(b)];
        if (lb.computed) lb = LaneBatch();  // a batch computed again after a recovery: the rerun counts
        append(&lb, e.values);
        lb.event = i;
      }
      continue;
    }
    LaneWindow w;
    w.stream = QString::fromStdString(e.stream);
    w.spark_class = QString::fromStdString(e.op);
    w.batch_time = e.batch_time;
    w.begin = e.window_begin;
    w.end = e.window_end;
    w.covered = e.covered;
    w.entered = e.entered;
    w.left = e.left;
    w.incremental = e.op == "ReducedWindowedDStream";
    lane.all_windows.emplace_back(i, w);
    windows[{owner->second, w.stream}] = std::move(w);
  }
  for (auto& [where, w] : windows) t.lanes_[where.first].windows.push_back(std::move(w));
  std::stable_sort(t.arrivals_.begin(), t.arrivals_.end(),
                   [](const Arrival& a, const Arrival& b) { return a.time < b.time; });
  t.addArrivals(t, session, run.size(),
                t.batch_times_.empty() ? Timestamp::FromMicros(INT64_MIN) : t.batch_times_.back());
  return t;
}

DStreamTimeline DStreamTimeline::build(const StudioSession& session) { return at(frame(session), session); }

DStreamTimeline DStreamTimeline::at(const DStreamTimeline& frame, const StudioSession& session) {
  using trace::EventKind;
  DStreamTimeline t;
  t.batch_times_ = frame.batch_times_;
  t.current_.assign(t.batch_times_.size(), false);
  const size_t position = session.position();
  const size_t step_begin = session.currentStepBegin();
  Timestamp last_batch = Timestamp::FromMicros(INT64_MIN);
  for (uint32_t i : session.eventsOf({EventKind::kBatchFinished})) {
    const trace::Event& e = session.event(i);
    const int b = t.indexOf(e.batch_time);
    if (b >= 0 && i >= step_begin) t.current_[static_cast<size_t>(b)] = true;
    t.finished_ = std::max(t.finished_, b + 1);
    last_batch = std::max(last_batch, e.batch_time);
  }
  t.lanes_.reserve(frame.lanes_.size());
  for (const Lane& whole : frame.lanes_) {
    Lane lane;
    lane.node = whole.node;
    lane.batches.resize(whole.batches.size());
    for (size_t b = 0; b < whole.batches.size(); ++b)
      if (whole.batches[b].event < position) lane.batches[b] = whole.batches[b];
    // The latest window of each windowed stream before the position, in the order of their names.
    std::map<QString, const LaneWindow*> latest;
    for (const auto& [event, w] : whole.all_windows)
      if (event < position) latest[w.stream] = &w;
    for (const auto& [stream, w] : latest) lane.windows.push_back(*w);
    t.lanes_.push_back(std::move(lane));
  }
  t.addArrivals(frame, session, position, last_batch);
  return t;
}

int DStreamTimeline::indexOf(Timestamp batch_time) const {
  const auto it = std::lower_bound(batch_times_.begin(), batch_times_.end(), batch_time);
  return it != batch_times_.end() && *it == batch_time ? static_cast<int>(it - batch_times_.begin()) : -1;
}

const Lane* DStreamTimeline::lane(const QString& name) const {
  for (const Lane& l : lanes_)
    if (l.node.name == name) return &l;
  return nullptr;
}

int64_t DStreamTimeline::latestCount(const QString& name) const {
  const Lane* l = lane(name);
  if (!l || finished_ == 0) return -1;
  const LaneBatch& b = l->batches[static_cast<size_t>(finished_ - 1)];
  return b.computed ? b.count : -1;
}

}  // namespace tideline::studio
