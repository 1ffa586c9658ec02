#include "gui/models/compare_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>
#include <map>
#include <tuple>

#include "core/value/value.h"
#include "gui/session/compare_session.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Rows are ordered by a sort key, then the side's text goes in its column.
using OutputKey = std::tuple<long long, QString, int>;  // batch, output, line in that batch's output
using StateKey = std::tuple<QString, Value>;            // stream, key

struct Cell {
  QString label;  // the batch as the run names it
  QString a, b;
  bool in_a = false, in_b = false;
};

void addOutputs(const StudioSession& s, bool side_b, std::map<OutputKey, Cell>* rows) {
  const bool structured = s.isStructured();
  std::map<std::pair<long long, QString>, int> lines;  // lines so far per (batch, output)
  for (uint32_t i : s.eventsOf({trace::EventKind::kOutput})) {
    const trace::Event& e = s.event(i);
    if (structured && e.op == "console") continue;  // the sink's own event carries the rows
    const long long batch = structured ? e.index : e.batch_time.micros();
    const QString output = QStringLiteral("%1(%2)").arg(qs(e.op), qs(e.stream));
    QStringList texts;
    for (const Value& v : e.values) texts << (structured ? s.query().valueText(v) : qs(v.ToDisplay()));
    if (e.values.empty()) {
      // A print() block: its elements, without Spark's header (the batch column says it).
      for (const QString& line : qs(e.text).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!line.startsWith(QStringLiteral("-----")) && !line.startsWith(QStringLiteral("Time: "))) texts << line;
    }
    int& n = lines[{batch, output}];
    for (const QString& t : texts) {
      Cell& c = (*rows)[{batch, output, n++}];
      c.label = structured ? CompareModel::tr("batch %1").arg(e.index) : s.timeLabel(e.batch_time);
      (side_b ? c.b : c.a) = t;
      (side_b ? c.in_b : c.in_a) = true;
    }
  }
}

void addState(const StudioSession& s, bool side_b, std::map<StateKey, Cell>* rows) {
  std::map<StateKey, const trace::Event*> latest;
  for (uint32_t i : s.eventsOf({trace::EventKind::kStateChange})) {
    const trace::Event& e = s.event(i);
    latest[{qs(e.stream), e.key}] = &e;
  }
  for (const auto& [key, e] : latest) {
    const bool gone = e->change == trace::StateChange::kRemoved || e->change == trace::StateChange::kTimedOut ||
                      e->change == trace::StateChange::kEvicted;
    if (gone) continue;
    Cell& c = (*rows)[key];
    c.label = qs(std::get<1>(key).ToDisplay());
    (side_b ? c.b : c.a) = qs(e->after.ToDisplay());
    (side_b ? c.in_b : c.in_a) = true;
  }
}

}  // namespace

CompareModel::CompareModel(const CompareSession& session, Kind kind, QObject* parent)
    : QAbstractTableModel(parent), session_(session), kind_(kind) {}

QColor CompareModel::differsColor() { return {255, 214, 153}; }

void CompareModel::refresh() {
  beginResetModel();
  rows_.clear();
  if (session_.isOpen()) {
    if (kind_ == Kind::kOutputs) {
      std::map<OutputKey, Cell> cells;
      addOutputs(session_.a(), false, &cells);
      addOutputs(session_.b(), true, &cells);
      for (const auto& [key, c] : cells) rows_.push_back({c.label, std::get<1>(key), c.a, c.b, c.in_a, c.in_b});
    } else {
      std::map<StateKey, Cell> cells;
      addState(session_.a(), false, &cells);
      addState(session_.b(), true, &cells);
      for (const auto& [key, c] : cells) rows_.push_back({std::get<0>(key), c.label, c.a, c.b, c.in_a, c.in_b});
    }
  }
  endResetModel();
}

int CompareModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }

int CompareModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : 4; }

int CompareModel::differingRows() const {
  return static_cast<int>(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.differs(); }));
}

int CompareModel::firstDifferingRow() const {
  for (size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].differs()) return static_cast<int>(i);
  return -1;
}

QVariant CompareModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& r = rows_[static_cast<size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
      switch (index.column()) {
        case 0: return r.key1;
        case 1: return r.key2;
        case 2: return r.in_a ? r.a : tr("(none)");
        default: return r.in_b ? r.b : tr("(none)");
      }
    case kDiffersRole: return r.differs();
    case Qt::BackgroundRole:
      return r.differs() && index.column() >= 2 ? QVariant(QBrush(differsColor())) : QVariant();
    case Qt::ForegroundRole:
      if (r.differs() && index.column() >= 2) return QBrush(QColor(0, 0, 0));
      if ((index.column() == 2 && !r.in_a) || (index.column() == 3 && !r.in_b)) return QBrush(QColor(0x80, 0x80, 0x80));
      return {};
    default: return {};
  }
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Vertical) return section + 1;
  switch (section) {
    case 0: return kind_ == Kind::kOutputs ? tr("Batch") : tr("Stream");
    case 1: return kind_ == Kind::kOutputs ? tr("Output") : tr("Key");
    case 2: return tr("A");
    case 3: return tr("B");
    default: return {};
  }
}

}  // namespace tideline::studio
