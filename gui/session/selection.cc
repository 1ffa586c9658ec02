#include "gui/session/selection.h"

#include <algorithm>

namespace tideline::studio {

Selection::Selection(QObject* parent) : QObject(parent) {}

void Selection::selectKey(const QString& key) {
  if (kind_ == Kind::kKey && key_ == key) return;
  kind_ = Kind::kKey;
  key_ = key;
  emit changed();
}

void Selection::selectBatch(Timestamp batch_time) {
  if (kind_ == Kind::kBatch && batch_time_ == batch_time) return;
  kind_ = Kind::kBatch;
  key_.clear();
  batch_time_ = batch_time;
  emit changed();
}

void Selection::selectBatchId(int64_t batch_id) {
  if (kind_ == Kind::kBatchId && batch_id_ == batch_id) return;
  kind_ = Kind::kBatchId;
  key_.clear();
  batch_id_ = batch_id;
  emit changed();
}

void Selection::selectWindow(const QString& stream, Timestamp batch_time, std::vector<Timestamp> covered) {
  std::sort(covered.begin(), covered.end());
  if (kind_ == Kind::kWindow && key_ == stream && batch_time_ == batch_time && window_batches_ == covered) return;
  kind_ = Kind::kWindow;
  key_ = stream;
  batch_time_ = batch_time;
  window_batches_ = std::move(covered);
  emit changed();
}

void Selection::clear() {
  if (kind_ == Kind::kNone) return;
  kind_ = Kind::kNone;
  key_.clear();
  emit changed();
}

bool Selection::matches(const QString& key, std::optional<Timestamp> batch_time,
                        std::optional<int64_t> batch_id) const {
  switch (kind_) {
    case Kind::kNone: return false;
    case Kind::kKey: return !key.isEmpty() && key == key_;
    case Kind::kBatch: return batch_time && *batch_time == batch_time_;
    case Kind::kBatchId: return batch_id && *batch_id == batch_id_;
    case Kind::kWindow:
      return batch_time && std::binary_search(window_batches_.begin(), window_batches_.end(), *batch_time);
  }
  return false;
}

QString Selection::keyOf(const Value& record) {
  const bool keyed = (record.type() == ValueType::kTuple || record.type() == ValueType::kArray) && record.size() >= 2;
  return QString::fromStdString(keyed ? record[0].ToDisplay() : record.ToDisplay());
}

QString Selection::rowKeyOf(const Value& row) {
  if (!row.is_seq()) return QString::fromStdString(row.ToDisplay());
  for (const Value& v : row.items())
    if (v.type() == ValueType::kString) return QString::fromStdString(v.ToDisplay());
  for (const Value& v : row.items())
    if (!v.is_null() && v.type() != ValueType::kTimestamp && v.type() != ValueType::kStruct)
      return QString::fromStdString(v.ToDisplay());
  return QString::fromStdString(row.ToDisplay());
}

}  // namespace tideline::studio
