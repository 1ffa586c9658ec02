#pragma once
// TraceTableModel: the base of the Studio's table models. A model is a view of
// the session's trace prefix: refresh() rebuilds its rows from the events of
// the steps run so far, bracketed by beginResetModel()/endResetModel(). Cells
// are text; rows touched by the latest step are highlighted. Rows and cells
// linked to the session's Selection (same key or batch) are highlighted too,
// with dataChanged() when the selection changes; selectAt() says what
// selecting a cell selects. The session must outlive the model. GUI thread only.

#include <QAbstractTableModel>
#include <QStringList>
#include <optional>
#include <vector>

#include "core/time/time.h"
#include "core/value/value.h"

namespace tideline::studio {

class Selection;
class StudioSession;

class TraceTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  // True (bool) for cells linked to the selection; they also get a background.
  static constexpr int kLinkedRole = Qt::UserRole + 1;

  explicit TraceTableModel(const StudioSession& session, QObject* parent = nullptr);

  // Rebuilds the rows from the session's trace prefix.
  void refresh();

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  static QString valueText(const Value& v);
  // The first row changed by the latest step, or -1 (views scroll there).
  int firstCurrentRow() const;

  // Makes `index` the selection: by default the row's key, else its batch id, else its batch.
  // Returns false (and leaves the selection) when the cell links to nothing.
  virtual bool selectAt(const QModelIndex& index, Selection* selection) const;

 public:
  struct Row {
    QStringList cells;
    bool current = false;             // changed by the latest step
    QString key;                      // the key the row is about, or empty
    std::optional<Timestamp> batch;   // the batch the row belongs to, if any
    std::optional<int64_t> batch_id;  // the structured batch the row belongs to, if any
    // An output row ("why this row?", ExplainRowDialog): its output (a DStream stream; empty
    // for a structured sink) and its 0-based position among the rows that output got in its
    // batch; -1 for other rows.
    QString output;
    int64_t item = -1;
  };
  // Row `r` as built, or null past the end.
  const Row* rowAt(int r) const { return r >= 0 && r < static_cast<int>(rows_.size()) ? &rows_[static_cast<size_t>(r)] : nullptr; }

 protected:
  // Fills `rows` (and, when the columns depend on the trace, `columns`).
  virtual void build(std::vector<Row>* rows, QStringList* columns) const = 0;
  // Which cells are highlighted: by default whole rows of the latest step.
  virtual bool highlighted(int row, int column) const;
  // Which cells are linked to the selection: by default rows of its key or batch.
  virtual bool linked(int row, int column) const;

  // The selection changed: every cell may link differently.
  void highlightSelection();

  const StudioSession& session_;
  std::vector<Row> rows_;
  QStringList columns_;
};

}  // namespace tideline::studio
