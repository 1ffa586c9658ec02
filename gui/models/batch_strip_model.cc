#include "gui/models/batch_strip_model.h"

#include <map>

#include "gui/session/selection.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

BatchStripModel::BatchStripModel(const StudioSession& session, QObject* parent)
    : TraceTableModel(session, parent) {}

void BatchStripModel::build(std::vector<Row>* rows, QStringList* columns) const {
  using trace::EventKind;
  const std::string stream = stream_.toStdString();
  const size_t step_begin = session_.currentStepBegin();
  // Batches in order of batch time; each with the records of this stream.
  std::map<int64_t, std::vector<Value>> batches;
  std::map<int64_t, bool> current;
  int64_t last_batch = INT64_MIN;
  for (uint32_t i : session_.eventsOf({EventKind::kBatchFinished, EventKind::kStreamOutput})) {
    const trace::Event& e = session_.event(i);
    if (e.kind == EventKind::kBatchFinished) {
      batches[e.batch_time.micros()];
      if (i >= step_begin) current[e.batch_time.micros()] = true;
      last_batch = std::max(last_batch, e.batch_time.micros());
    } else if (e.kind == EventKind::kStreamOutput && e.stream == stream) {
      auto& b = batches[e.batch_time.micros()];
      b.insert(b.end(), e.values.begin(), e.values.end());
    }
  }
  std::vector<Value> pending;
  const bool is_input = session_.inputNames().contains(stream_);
  if (is_input) {
    // The arrivals after the last batch, read back from the newest.
    const auto arrivals = session_.eventsOf({EventKind::kRecordArrived});
    size_t first = arrivals.size();
    while (first > 0 && session_.event(arrivals[first - 1]).time.micros() > last_batch) --first;
    for (size_t k = first; k < arrivals.size(); ++k) {
      const trace::Event& e = session_.event(arrivals[k]);
      if (e.stream == stream) pending.insert(pending.end(), e.values.begin(), e.values.end());
    }
  }

  columns->clear();
  current_columns_.clear();
  column_batches_.clear();
  cell_keys_.clear();
  std::vector<const std::vector<Value>*> cols;
  size_t height = 0;
  for (const auto& [t, values] : batches) {
    *columns << session_.timeLabel(Timestamp::FromMicros(t));
    current_columns_.push_back(current.count(t) > 0);
    column_batches_.push_back(Timestamp::FromMicros(t));
    cols.push_back(&values);
    height = std::max(height, values.size());
  }
  if (is_input) {
    *columns << tr("arrived");
    current_columns_.push_back(false);
    column_batches_.push_back(std::nullopt);
    cols.push_back(&pending);
    height = std::max(height, pending.size());
  }
  for (size_t r = 0; r < height; ++r) {
    Row row;
    QStringList keys;
    for (const auto* c : cols) {
      row.cells << (r < c->size() ? valueText((*c)[r]) : QString());
      keys << (r < c->size() ? Selection::keyOf((*c)[r]) : QString());
    }
    rows->push_back(std::move(row));
    cell_keys_.push_back(std::move(keys));
  }
}

int BatchStripModel::lastCurrentColumn() const {
  for (int c = static_cast<int>(current_columns_.size()) - 1; c >= 0; --c)
    if (current_columns_[static_cast<size_t>(c)]) return c;
  return -1;
}

bool BatchStripModel::highlighted(int row, int column) const {
  return column < static_cast<int>(current_columns_.size()) && current_columns_[static_cast<size_t>(column)] &&
         !rows_[static_cast<size_t>(row)].cells.value(column).isEmpty();
}

bool BatchStripModel::linked(int row, int column) const {
  const auto r = static_cast<size_t>(row);
  const auto c = static_cast<size_t>(column);
  if (r >= cell_keys_.size() || c >= column_batches_.size() || cell_keys_[r].value(column).isEmpty()) return false;
  return session_.selection()->matches(cell_keys_[r][column], column_batches_[c]);
}

bool BatchStripModel::selectAt(const QModelIndex& index, Selection* selection) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return false;
  const QString key = cell_keys_[static_cast<size_t>(index.row())].value(index.column());
  if (key.isEmpty()) return false;
  selection->selectKey(key);
  return true;
}

}  // namespace tideline::studio
