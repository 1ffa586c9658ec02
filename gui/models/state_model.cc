#include "gui/models/state_model.h"

#include <QBrush>
#include <QColor>
#include <map>

#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {
using trace::StateChange;

bool isGroupsWithState(const trace::Event& e) {
  return e.stream.find("GroupsWithState") != std::string::npos;
}
bool isSessionWindows(const trace::Event& e) {
  return QString::fromStdString(e.stream).contains(QLatin1String("session"), Qt::CaseInsensitive);
}
// A structured (flat)MapGroupsWithState keeps [state, timeout (microseconds, or null)].
std::optional<Timestamp> groupStateTimeout(const Value& stored) {
  if (stored.type() != ValueType::kArray || stored.size() != 2 || stored[1].type() != ValueType::kInt)
    return std::nullopt;
  return Timestamp::FromMicros(stored[1].as_int());
}
}  // namespace

StateModel::StateModel(const StudioSession& session, QObject* parent) : TraceTableModel(session, parent) {
  columns_ = {tr("Key"), tr("Value"), tr("Change")};
}

void StateModel::setStream(const QString& stream) {
  stream_ = stream;
  // The deadline column is there for the whole run or not at all.
  deadlines_ = false;
  const std::string s = stream.toStdString();
  if (session_.isOpen())
    for (const trace::Event& e : session_.fullTrace())
      if (e.kind == trace::EventKind::kStateChange && e.stream == s &&
          (e.has_deadline || (isGroupsWithState(e) && groupStateTimeout(e.after))))
        deadlines_ = true;
  refresh();
}

QColor StateModel::changeColor(StateChange change) {
  switch (change) {
    case StateChange::kNew: return {199, 233, 192};       // green
    case StateChange::kRemoved: return {252, 187, 161};   // red
    case StateChange::kTimedOut: return {253, 208, 162};  // orange
    case StateChange::kEvicted: return {218, 218, 235};   // grey-violet: the watermark passed
    default: return {255, 236, 179};                      // amber: updated
  }
}

void StateModel::build(std::vector<Row>* rows, QStringList* columns) const {
  *columns = deadlines_ ? QStringList{tr("Key"), tr("Value"), tr("Deadline"), tr("Change")}
                        : QStringList{tr("Key"), tr("Value"), tr("Change")};
  struct Entry {
    QString text;  // the key as shown
    QString value;
    QString deadline;
    QString key;  // what selecting it selects
    std::optional<StateChange> change;  // set when the latest step changed the key
    QString change_text;
    bool present = true;
  };
  changes_.clear();
  const std::string stream = stream_.toStdString();
  const size_t step_begin = session_.currentStepBegin();
  const bool structured = session_.isStructured();
  const QueryTimeline& q = session_.query();
  // The latest change of each key (and the watermark of its batch), then the text of those
  // only: a step's cost follows the keys, not every change the run made.
  struct Latest {
    uint32_t event;
    std::optional<Timestamp> watermark;  // of the structured batch that changed it
  };
  std::optional<Timestamp> batch_watermark;  // the watermark of the structured batch running
  std::map<Value, Latest> latest;  // in the keys' canonical order: numbers by value, then strings, ...
  for (uint32_t i : session_.eventsOf({trace::EventKind::kBatchStarted, trace::EventKind::kStateChange})) {
    const trace::Event& e = session_.event(i);
    if (e.kind == trace::EventKind::kBatchStarted) {
      batch_watermark = e.has_watermark ? std::optional<Timestamp>(e.watermark) : std::nullopt;
      continue;
    }
    if (e.kind != trace::EventKind::kStateChange || e.stream != stream) continue;
    if (structured && isSessionWindows(e) && e.key.type() == ValueType::kArray) {
      // The key holds a null where the session goes: leave it out.
      std::vector<Value> fields;
      for (const Value& v : e.key.items())
        if (!v.is_null()) fields.push_back(v);
      latest.insert_or_assign(Value::Array(std::move(fields)), Latest{i, batch_watermark});
    } else {
      latest.insert_or_assign(e.key, Latest{i, batch_watermark});
    }
  }
  std::vector<std::pair<const Value*, Entry>> state;
  state.reserve(latest.size());
  for (const auto& [key_value, last] : latest) {
    const trace::Event& e = session_.event(last.event);
    const bool current = last.event >= step_begin;
    Entry entry;
    entry.text = structured ? q.valueText(key_value) : valueText(key_value);
    entry.key = structured ? Selection::rowKeyOf(e.key) : entry.text;
    const bool gone = e.change == StateChange::kRemoved || e.change == StateChange::kTimedOut ||
                      e.change == StateChange::kEvicted;
    entry.present = !gone;
    if (gone && !current) continue;  // left the table before this step: nothing to show
    const Value& stored = gone ? e.before : e.after;
    if (!structured) {
      entry.value = valueText(stored);
      if (e.has_deadline) entry.deadline = session_.timeLabel(e.deadline);
    } else if (isGroupsWithState(e) && stored.type() == ValueType::kArray && stored.size() == 2) {
      entry.value = q.valueText(stored[0]);
      const auto timeout = groupStateTimeout(stored);
      entry.deadline = timeout ? q.timeText(*timeout) : QString();
    } else if (isSessionWindows(e) && stored.type() == ValueType::kArray) {
      QStringList sessions;
      for (const Value& s : stored.items())
        if (s.is_seq() && s.size() >= 3 && s[0].type() == ValueType::kInt && s[1].type() == ValueType::kInt)
          sessions << q.windowText(Timestamp::FromMicros(s[0].as_int()), Timestamp::FromMicros(s[1].as_int())) +
                          QStringLiteral(": ") + q.valueText(s[2]);
      entry.value = sessions.join(QStringLiteral("; "));
    } else {
      entry.value = stored.is_null() ? QString() : q.valueText(stored);
    }
    entry.change = current ? std::optional<StateChange>(e.change) : std::nullopt;
    entry.change_text = QString::fromLatin1(trace::StateChangeName(e.change));
    if (structured && e.change == StateChange::kEvicted && last.watermark)
      entry.change_text = tr("evicted (watermark %1)").arg(q.watermarkText(*last.watermark));
    state.emplace_back(&key_value, std::move(entry));
  }
  for (const auto& [key, entry] : state) {
    if (!entry.present && !entry.change) continue;
    Row row;
    row.cells << entry.text << entry.value;
    if (deadlines_) row.cells << entry.deadline;
    row.cells << (entry.change ? entry.change_text : QString());
    row.current = entry.change.has_value();
    row.key = entry.key;
    rows->push_back(std::move(row));
    changes_.push_back(entry.change);
  }
}

QVariant StateModel::data(const QModelIndex& index, int role) const {
  if (role == Qt::BackgroundRole && checkIndex(index, CheckIndexOption::IndexIsValid) &&
      !index.data(kLinkedRole).toBool()) {
    const auto r = static_cast<size_t>(index.row());
    if (r < changes_.size() && changes_[r]) return QBrush(changeColor(*changes_[r]));
  }
  return TraceTableModel::data(index, role);
}

}  // namespace tideline::studio
