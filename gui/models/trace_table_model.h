#pragma once
// TraceTableModel: the base of the Studio's table models. A model is a view of
// the session's trace prefix: refresh() rebuilds its rows from the events of
// the steps run so far, bracketed by beginResetModel()/endResetModel(). Cells
// are text; rows touched by the latest step are highlighted. The session must
// outlive the model. GUI thread only.

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "core/value/value.h"

namespace tideline::studio {

class StudioSession;

class TraceTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  explicit TraceTableModel(const StudioSession& session, QObject* parent = nullptr);

  // Rebuilds the rows from the session's trace prefix.
  void refresh();

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  static QString valueText(const Value& v);

 protected:
  struct Row {
    QStringList cells;
    bool current = false;  // changed by the latest step
  };
  // Fills `rows` (and, when the columns depend on the trace, `columns`).
  virtual void build(std::vector<Row>* rows, QStringList* columns) const = 0;
  // Which cells are highlighted: by default whole rows of the latest step.
  virtual bool highlighted(int row, int column) const;

  const StudioSession& session_;
  std::vector<Row> rows_;
  QStringList columns_;
};

}  // namespace tideline::studio
