#include "gui/session/query_timeline.h"

#include <QDateTime>
#include <QStringList>
#include <algorithm>
#include <map>
#include <set>

#include "core/structured/time_windows.h"
#include "gui/session/selection.h"

namespace tideline::studio {

namespace {

using trace::EventKind;

QDateTime utc(Timestamp t) { return QDateTime::fromMSecsSinceEpoch(t.millis(), Qt::UTC); }

// A window struct {start, end} of timestamps, as in Spark's window column.
std::optional<std::pair<Timestamp, Timestamp>> windowOf(const Value& v) {
  const StructType* st = v.struct_type();
  if (!st) return std::nullopt;
  const int s = st->Find("start"), e = st->Find("end");
  if (s < 0 || e < 0 || v[static_cast<size_t>(s)].type() != ValueType::kTimestamp ||
      v[static_cast<size_t>(e)].type() != ValueType::kTimestamp)
    return std::nullopt;
  return std::make_pair(v[static_cast<size_t>(s)].as_ts(), v[static_cast<size_t>(e)].as_ts());
}

// The window in a state key ([{start, end}, word]), if any.
std::optional<std::pair<Timestamp, Timestamp>> keyWindow(const Value& key) {
  if (auto w = windowOf(key)) return w;
  for (const Value& v : key.items())
    if (auto w = windowOf(v)) return w;
  return std::nullopt;
}

// The sessions of a session-window aggregation's state value: [[startUs, endUs, aggs], ...].
std::set<std::pair<int64_t, int64_t>> sessionsOf(const Value& v) {
  std::set<std::pair<int64_t, int64_t>> out;
  if (v.type() != ValueType::kArray) return out;
  for (const Value& s : v.items())
    if (s.is_seq() && s.size() >= 2 && s[0].type() == ValueType::kInt && s[1].type() == ValueType::kInt)
      out.emplace(s[0].as_int(), s[1].as_int());
  return out;
}

}  // namespace

QueryTimeline::Options QueryTimeline::optionsFor(std::span<const trace::Event> run, Timestamp origin) {
  Options o;
  o.origin = origin;
  std::optional<Timestamp> first_arrival;
  std::optional<QDate> date;
  for (const trace::Event& e : run) {
    if (e.kind != EventKind::kRecordArrived) continue;
    if (!first_arrival) first_arrival = e.time;
    if (e.time != *first_arrival) o.by_time = true;
    for (const Value& t : e.event_times) {
      if (t.type() != ValueType::kTimestamp) continue;
      const QDate d = utc(t.as_ts()).date();
      if (date && d != *date) o.with_date = true;
      date = d;
    }
  }
  return o;
}

QString QueryTimeline::timeText(Timestamp t) const {
  const QDateTime d = utc(t);
  QString format = options_.with_date ? QStringLiteral("yyyy-MM-dd HH:mm") : QStringLiteral("HH:mm");
  if (t.micros() % 60'000'000 != 0) format += QStringLiteral(":ss");
  if (t.micros() % 1'000'000 != 0) format += QStringLiteral(".zzz");
  return d.toString(format);
}

QString QueryTimeline::watermarkText(Timestamp t) const {
  return t.micros() == 0 ? QStringLiteral("0") : timeText(t);
}

QString QueryTimeline::windowText(Timestamp start, Timestamp end) const {
  return QStringLiteral("[%1, %2)").arg(timeText(start), timeText(end));
}

std::vector<std::pair<Timestamp, Timestamp>> QueryTimeline::windowsOf(Timestamp t) const {
  std::vector<std::pair<Timestamp, Timestamp>> out;
  for (const WindowSpec& w : specs_) {
    if (w.session || w.size_us <= 0 || w.slide_us <= 0) continue;
    // The engine's own assignment (TimeWindowing's), oldest first.
    out = structured::TimeWindowBounds(t, Duration::Micros(w.size_us), Duration::Micros(w.slide_us),
                                       Duration::Micros(w.start_us));
    break;  // the first time window of the query
  }
  return out;
}

QString QueryTimeline::valueText(const Value& v) const {
  // Nested sequences keep their brackets; the top level is a plain list.
  struct Writer {
    const QueryTimeline& q;
    QString operator()(const Value& v, bool top) const {
      switch (v.type()) {
        case ValueType::kTimestamp: return q.timeText(v.as_ts());
        case ValueType::kStruct: {
          if (auto w = windowOf(v)) return q.windowText(w->first, w->second);
          QStringList fields;
          const auto& names = v.struct_type()->names();
          for (size_t i = 0; i < v.size(); ++i)
            fields << QString::fromStdString(names[i]) + QStringLiteral(": ") + (*this)(v[i], false);
          return QStringLiteral("{%1}").arg(fields.join(QStringLiteral(", ")));
        }
        case ValueType::kArray:
        case ValueType::kTuple: {
          if (v.size() == 1) return (*this)(v[0], top);
          QStringList items;
          for (const Value& i : v.items()) items << (*this)(i, false);
          const QString list = items.join(QStringLiteral(", "));
          if (top) return list;
          return v.type() == ValueType::kTuple ? QStringLiteral("(%1)").arg(list) : QStringLiteral("[%1]").arg(list);
        }
        default: return QString::fromStdString(v.ToDisplay());
      }
    }
  };
  return Writer{*this}(v, true);
}

std::optional<Timestamp> QueryTimeline::plotTime(const QueryRecord& r) const {
  if (has_event_time_) return r.event_time;
  return r.arrival;
}

QString QueryTimeline::fateText(RecordFate fate) {
  switch (fate) {
    case RecordFate::kWaiting: return tr("waiting");
    case RecordFate::kOnTime: return tr("on time");
    case RecordFate::kLate: return tr("late, counted");
    case RecordFate::kPartlyDropped: return tr("partly dropped");
    case RecordFate::kDropped: return tr("dropped");
  }
  return {};
}

QueryTimeline QueryTimeline::build(std::span<const trace::Event> events, const Options& options) {
  QueryTimeline q;
  q.options_ = options;
  auto x_of_time = [&options](Timestamp t) { return static_cast<double>((t - options.origin).micros()) / 1e6; };
  std::vector<size_t> pending;  // records that no batch has started on yet
  std::optional<Timestamp> latest;
  // Windows in state: the keys that hold each window, and its open QueryWindow.
  std::map<std::pair<int64_t, int64_t>, std::set<QString>> window_keys;
  std::map<std::tuple<QString, int64_t, int64_t>, size_t> open_windows;
  auto open_window = [&q](const QString& key, int64_t s, int64_t e, double x) {
    QueryWindow w;
    w.start = Timestamp::FromMicros(s);
    w.end = Timestamp::FromMicros(e);
    w.key = key;
    w.x_from = x;
    q.windows_.push_back(w);
    return q.windows_.size() - 1;
  };
  auto close_window = [&q](size_t i, double x, bool evicted, std::optional<int64_t> batch) {
    q.windows_[i].x_to = x;
    q.windows_[i].evicted = evicted;
    if (evicted) q.windows_[i].closed = batch;
  };

  for (size_t i = 0; i < events.size(); ++i) {
    const trace::Event& e = events[i];
    QueryBatch* current = q.batches_.empty() ? nullptr : &q.batches_.back();
    const double here = options.by_time ? x_of_time(e.time) : static_cast<double>(q.records_.size()) + 0.5;
    switch (e.kind) {
      case EventKind::kStop: q.life_.push_back({QueryLifeEvent::Kind::kStop, here, QString()}); break;
      case EventKind::kFailure:
        if (e.op == "crash") q.life_.push_back({QueryLifeEvent::Kind::kCrash, here, QString::fromStdString(e.text)});
        break;
      case EventKind::kRecovered: {
        if (e.op == "restart") q.life_.push_back({QueryLifeEvent::Kind::kRestart, here, QString()});
        q.specs_.clear();
        for (const Value& v : e.values) {
          const StructType* st = v.struct_type();
          if (!st) continue;
          auto field = [&](const char* name) -> const Value* {
            const int f = st->Find(name);
            return f < 0 ? nullptr : &v[static_cast<size_t>(f)];
          };
          auto ms = [&](const char* name) {
            const Value* f = field(name);
            return f && f->is_number() ? static_cast<int64_t>(f->num()) * 1000 : int64_t{0};
          };
          WindowSpec w;
          const Value* kind = field("kind");
          w.session = kind && kind->type() == ValueType::kString && kind->str() == "session";
          w.size_us = ms("sizeMs");
          w.slide_us = ms("slideMs");
          w.start_us = ms("startMs");
          w.gap_us = ms("gapMs");
          q.specs_.push_back(w);
        }
        break;
      }
      case EventKind::kRecordArrived:
        for (size_t j = 0; j < e.values.size(); ++j) {
          QueryRecord r;
          r.event = i;
          r.order = static_cast<int>(q.records_.size()) + 1;
          r.input = QString::fromStdString(e.stream);
          r.row = e.values[j];
          r.key = Selection::rowKeyOf(r.row);
          r.arrival = e.time;
          if (j < e.event_times.size() && e.event_times[j].type() == ValueType::kTimestamp) {
            r.event_time = e.event_times[j].as_ts();
            q.has_event_time_ = true;
          }
          r.latest_before = latest;
          if (r.event_time && (!latest || *r.event_time > *latest)) latest = r.event_time;
          r.x = options.by_time ? x_of_time(e.time) : r.order;
          pending.push_back(q.records_.size());
          q.records_.push_back(std::move(r));
        }
        break;
      case EventKind::kBatchStarted: {
        QueryBatch b;
        b.id = e.index;
        b.started = i;
        b.x = here;
        if (e.has_watermark) b.watermark = e.watermark;
        // A batch that never finished (the query crashed) is run again: its rows go to the new run.
        std::vector<size_t> rows;
        if (current && !current->finished)
          for (size_t r = 0; r < q.records_.size(); ++r)
            if (q.records_[r].batch_index == static_cast<int>(q.batches_.size()) - 1) rows.push_back(r);
        rows.insert(rows.end(), pending.begin(), pending.end());
        pending.clear();
        q.batches_.push_back(b);
        for (size_t r : rows) {
          q.records_[r].batch = b.id;
          q.records_[r].batch_index = static_cast<int>(q.batches_.size()) - 1;
        }
        break;
      }
      case EventKind::kLate:
        if (current) {
          current->late_rows += std::max<int64_t>(0, e.count);
          if (e.has_watermark && (!current->late_watermark || e.watermark > *current->late_watermark))
            current->late_watermark = e.watermark;
          if (!current->late_operators.isEmpty()) current->late_operators += QStringLiteral(", ");
          current->late_operators += QString::fromStdString(e.op);
        }
        break;
      case EventKind::kBatchFinished: {
        if (!current) break;
        current->finished = i;
        if (e.has_watermark) {
          current->next_watermark = e.watermark;
          q.watermark_ = e.watermark;
        }
        // The batch's progress, as the engine typed it (StreamingQueryProgress's numbers).
        current->input_rows = std::max<int64_t>(0, e.input_rows);
        current->output_rows = std::max<int64_t>(0, e.output_rows);
        current->state_rows = std::max<int64_t>(0, e.state_rows);  // the operators' numRowsTotal
        current->duration_ms = static_cast<double>(e.processing_time.millis());  // durationMs.triggerExecution
        current->input_rate = e.input_rate;
        current->process_rate = e.process_rate;
        if (e.has_max_event_time) current->max_event_time = e.max_event_time;
        break;
      }
      case EventKind::kStateChange: {
        const double x = current ? current->x : 0.0;
        const std::optional<int64_t> batch = current ? std::optional<int64_t>(current->id) : std::nullopt;
        const bool evicted = e.change == trace::StateChange::kEvicted;
        const bool gone = evicted || e.change == trace::StateChange::kRemoved || e.change == trace::StateChange::kTimedOut;
        if (auto w = keyWindow(e.key)) {
          const std::pair<int64_t, int64_t> span(w->first.micros(), w->second.micros());
          const std::tuple<QString, int64_t, int64_t> id(QString(), span.first, span.second);
          auto& keys = window_keys[span];
          const QString key = q.valueText(e.key);
          if (gone) {
            keys.erase(key);
            if (keys.empty() && open_windows.count(id)) {
              close_window(open_windows[id], x, evicted, batch);
              open_windows.erase(id);
            }
          } else {
            keys.insert(key);
            if (!open_windows.count(id)) open_windows[id] = open_window(QString(), span.first, span.second, x);
          }
        } else if (QString::fromStdString(e.stream).contains(QLatin1String("session"), Qt::CaseInsensitive)) {
          const QString key = Selection::rowKeyOf(e.key);
          const auto before = sessionsOf(e.before);
          const auto after = gone ? std::set<std::pair<int64_t, int64_t>>{} : sessionsOf(e.after);
          for (const auto& s : before)
            if (!after.count(s)) {
              const std::tuple<QString, int64_t, int64_t> id(key, s.first, s.second);
              if (open_windows.count(id)) {
                close_window(open_windows[id], x, evicted, batch);
                open_windows.erase(id);
              }
            }
          for (const auto& s : after) {
            const std::tuple<QString, int64_t, int64_t> id(key, s.first, s.second);
            if (!open_windows.count(id)) open_windows[id] = open_window(key, s.first, s.second, x);
          }
        }
        break;
      }
      default: break;
    }
  }
  q.decideFates();
  q.extendWindows();
  return q;
}

namespace {
// "A", "A and B", "A, B and C".
QString listText(const QStringList& items) {
  if (items.size() <= 1) return items.value(0);
  return QueryTimeline::tr("%1 and %2").arg(items.mid(0, items.size() - 1).join(QStringLiteral(", ")), items.back());
}
}  // namespace

void QueryTimeline::decideFates() {
  for (QueryRecord& r : records_) {
    // Its label: the event time first, then the other fields.
    QStringList fields;
    bool time_skipped = false;
    for (const Value& v : r.row.is_seq() && r.row.type() != ValueType::kStruct ? r.row.items() : std::span<const Value>(&r.row, 1)) {
      if (!time_skipped && r.event_time && v.type() == ValueType::kTimestamp && v.as_ts() == *r.event_time) {
        time_skipped = true;
        continue;
      }
      fields << valueText(v);
    }
    r.name = fields.join(QLatin1Char(' '));
    r.label = r.event_time ? timeText(*r.event_time) + QLatin1Char(' ') + r.name : r.name;
    if (r.batch_index < 0) {
      r.fate = RecordFate::kWaiting;
      r.why = tr("%1: arrived; waiting for the next batch").arg(r.label);
      if (r.event_time && watermark_ && watermark_->micros() > 0 && *r.event_time <= *watermark_)
        r.why += tr(", behind the watermark %1").arg(watermarkText(*watermark_));
      continue;
    }
    decideFate(r, batches_[static_cast<size_t>(r.batch_index)]);
  }
}

void QueryTimeline::decideFate(QueryRecord& r, const QueryBatch& b) {
  const QString batch = QString::number(b.id);
  if (!r.event_time) {
    r.fate = RecordFate::kOnTime;
    r.why = tr("%1: processed in batch %2").arg(r.label, batch);
    return;
  }
  const Timestamp t = *r.event_time;
  const WindowSpec* time_windows = nullptr;
  const WindowSpec* sessions = nullptr;
  for (const WindowSpec& w : specs_) {
    if (!w.session && !time_windows && w.size_us > 0) time_windows = &w;
    if (w.session && !sessions && w.gap_us > 0) sessions = &w;
  }
  const auto windows = time_windows ? windowsOf(t) : std::vector<std::pair<Timestamp, Timestamp>>{};
  auto windowList = [this](const std::vector<std::pair<Timestamp, Timestamp>>& ws) {
    QStringList out;
    for (const auto& [s, e] : ws) out << windowText(s, e);
    return listText(out);
  };
  if (b.late_watermark) {
    const Timestamp lw = *b.late_watermark;
    const QString wm = watermarkText(lw);
    if (time_windows) {
      std::vector<std::pair<Timestamp, Timestamp>> dropped, counted;
      for (const auto& w : windows) (w.second <= lw ? dropped : counted).push_back(w);
      if (!dropped.empty() && counted.empty()) {
        r.fate = RecordFate::kDropped;
        r.why = dropped.size() == 1
                    ? tr("%1: dropped in batch %2 — its window %3 ends at or before the watermark %4")
                          .arg(r.label, batch, windowList(dropped), wm)
                    : tr("%1: dropped in batch %2 — its windows %3 end at or before the watermark %4")
                          .arg(r.label, batch, windowList(dropped), wm);
        return;
      }
      if (!dropped.empty()) {
        r.fate = RecordFate::kPartlyDropped;
        r.why = (dropped.size() == 1 ? tr("%1: in batch %2, dropped from %3, which ends at or before the watermark %4, "
                                          "and counted in %5")
                                     : tr("%1: in batch %2, dropped from %3, which end at or before the watermark %4, "
                                          "and counted in %5"))
                    .arg(r.label, batch, windowList(dropped), wm, windowList(counted));
        return;
      }
    } else if (sessions) {
      const Timestamp end = t + Duration::Micros(sessions->gap_us);
      if (end <= lw) {
        r.fate = RecordFate::kDropped;
        r.why = tr("%1: dropped in batch %2 — its session window %3 ends at or before the watermark %4")
                    .arg(r.label, batch, windowText(t, end), wm);
        return;
      }
    } else if (t <= lw) {
      r.fate = RecordFate::kDropped;
      r.why = tr("%1: dropped in batch %2 by %3 — its event time is at or before the watermark %4")
                  .arg(r.label, batch, b.late_operators, wm);
      return;
    }
  }
  const bool has_wm = b.watermark && b.watermark->micros() > 0;
  const bool out_of_order = r.latest_before && t < *r.latest_before;
  const bool behind = has_wm && t <= *b.watermark;
  QString kept;
  if (!windows.empty() && has_wm)
    kept = windows.size() == 1 ? tr("its window %1 ends after the watermark %2")
                                     .arg(windowList(windows), watermarkText(*b.watermark))
                               : tr("its windows %1 end after the watermark %2")
                                     .arg(windowList(windows), watermarkText(*b.watermark));
  else if (!windows.empty())
    kept = tr("counted in %1").arg(windowList(windows));
  else if (has_wm)
    kept = tr("the watermark was %1").arg(watermarkText(*b.watermark));
  if (out_of_order || behind) {
    r.fate = RecordFate::kLate;
    const QString why = out_of_order ? tr("late (%1 had already arrived)").arg(timeText(*r.latest_before))
                                     : tr("behind the watermark %1").arg(watermarkText(*b.watermark));
    r.why = tr("%1: %2, but processed in batch %3").arg(r.label, why, batch);
  } else {
    r.fate = RecordFate::kOnTime;
    r.why = tr("%1: processed in batch %2").arg(r.label, batch);
  }
  if (!kept.isEmpty()) r.why += QStringLiteral(": ") + kept;
}

void QueryTimeline::extendWindows() {
  // A window's band starts at the first row counted in it, when that arrived before its batch.
  const double pad = options_.by_time ? 0.0 : 0.4;
  for (QueryWindow& w : windows_)
    for (const QueryRecord& r : records_) {
      if (!r.event_time || *r.event_time < w.start || *r.event_time >= w.end) continue;
      if (r.fate == RecordFate::kDropped || (!w.key.isEmpty() && r.key != w.key)) continue;
      w.x_from = std::min(w.x_from, r.x - pad);
    }
}

}  // namespace tideline::studio
