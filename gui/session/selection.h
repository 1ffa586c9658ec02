#pragma once
// Selection: what the user has picked to follow across the panels, one thing
// at a time: a key (a state key, or the key of a record), a batch (a DStream
// batch by its batch time, a structured query's batch by its id) or a DStream
// window (the batches it covers: every panel highlights each of them). Panels set
// it when a row (or a point of a plot) is selected; table models observe
// changed() and highlight their linked rows and cells
// (TraceTableModel::kLinkedRole), plots redraw their highlight. Keys are
// compared by their display text; a DStream record's key is its first field
// when it is a pair or tuple, the whole record otherwise (keyOf()); a
// structured row's key is its first string field (rowKeyOf()). Owned by the
// StudioSession, cleared when a scenario is opened. GUI thread only.

#include <QObject>
#include <QString>
#include <optional>
#include <vector>

#include "core/time/time.h"
#include "core/value/value.h"

namespace tideline::studio {

class Selection : public QObject {
  Q_OBJECT

 public:
  enum class Kind { kNone, kKey, kBatch, kBatchId, kWindow };

  explicit Selection(QObject* parent = nullptr);

  Kind kind() const { return kind_; }
  // REQUIRES: kind() == Kind::kKey.
  QString key() const { return key_; }
  // REQUIRES: kind() == Kind::kBatch.
  Timestamp batchTime() const { return batch_time_; }
  // REQUIRES: kind() == Kind::kBatchId.
  int64_t batchId() const { return batch_id_; }
  // REQUIRES: kind() == Kind::kWindow. The window's stream, its batch time (when it
  // was computed) and the batch times it covers, ascending.
  QString windowStream() const { return key_; }
  Timestamp windowTime() const { return batch_time_; }
  const std::vector<Timestamp>& windowBatches() const { return window_batches_; }

  // Each replaces the selection and emits changed() when it differs.
  void selectKey(const QString& key);
  void selectBatch(Timestamp batch_time);
  void selectBatchId(int64_t batch_id);
  void selectWindow(const QString& stream, Timestamp batch_time, std::vector<Timestamp> covered);
  void clear();

  // Whether an item with this key (empty: none), batch time and batch id is linked to the selection.
  bool matches(const QString& key, std::optional<Timestamp> batch_time,
               std::optional<int64_t> batch_id = std::nullopt) const;

  // The key of a DStream record, as display text.
  static QString keyOf(const Value& record);
  // The key of a structured row (an input row, a state key, a sink row): its
  // first string field; else its first field that is neither a timestamp nor a
  // window; else the whole value. So `[dog, 12:07]`, `[{window}, dog]` and
  // `[12:00, 12:10, dog, 1]` all have the key "dog".
  static QString rowKeyOf(const Value& row);

 signals:
  void changed();

 private:
  Kind kind_ = Kind::kNone;
  QString key_;
  Timestamp batch_time_;
  int64_t batch_id_ = -1;
  std::vector<Timestamp> window_batches_;
};

}  // namespace tideline::studio
