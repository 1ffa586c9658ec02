#pragma once
// Selection: what the user has picked to follow across the panels, one thing
// at a time: a key (a state key, or the key of a record) or a batch (by batch
// time). Panels set it when a row is selected; table models observe changed()
// and highlight their linked rows and cells (TraceTableModel::kLinkedRole).
// Keys are compared by their display text; a record's key is its first field
// when it is a pair or tuple, the whole record otherwise (keyOf()). Owned by
// the StudioSession, cleared when a scenario is opened. GUI thread only.

#include <QObject>
#include <QString>
#include <optional>

#include "core/time/time.h"
#include "core/value/value.h"

namespace tideline::studio {

class Selection : public QObject {
  Q_OBJECT

 public:
  enum class Kind { kNone, kKey, kBatch };

  explicit Selection(QObject* parent = nullptr);

  Kind kind() const { return kind_; }
  // REQUIRES: kind() == Kind::kKey.
  QString key() const { return key_; }
  // REQUIRES: kind() == Kind::kBatch.
  Timestamp batchTime() const { return batch_time_; }

  // Each replaces the selection and emits changed() when it differs.
  void selectKey(const QString& key);
  void selectBatch(Timestamp batch_time);
  void clear();

  // Whether an item with this key (empty: none) and batch is linked to the selection.
  bool matches(const QString& key, std::optional<Timestamp> batch_time) const;

  // The key of a record, as display text.
  static QString keyOf(const Value& record);

 signals:
  void changed();

 private:
  Kind kind_ = Kind::kNone;
  QString key_;
  Timestamp batch_time_;
};

}  // namespace tideline::studio
