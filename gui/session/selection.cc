#include "gui/session/selection.h"

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

void Selection::clear() {
  if (kind_ == Kind::kNone) return;
  kind_ = Kind::kNone;
  key_.clear();
  emit changed();
}

bool Selection::matches(const QString& key, std::optional<Timestamp> batch_time) const {
  switch (kind_) {
    case Kind::kNone: return false;
    case Kind::kKey: return !key.isEmpty() && key == key_;
    case Kind::kBatch: return batch_time && *batch_time == batch_time_;
  }
  return false;
}

QString Selection::keyOf(const Value& record) {
  const bool keyed = (record.type() == ValueType::kTuple || record.type() == ValueType::kArray) && record.size() >= 2;
  return QString::fromStdString(keyed ? record[0].ToDisplay() : record.ToDisplay());
}

}  // namespace tideline::studio
