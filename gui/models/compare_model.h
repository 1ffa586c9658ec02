#pragma once
// CompareModel: one panel of File > Compare, both runs in one table at the lock-step
// position (CompareSession). kOutputs: what each output wrote so far, a row per line (a
// printed element, a saved or sink row) keyed by batch, output and place in that batch's
// output. kState: each stateful stream's keys as they stand, a row per (stream, key).
// Columns: the key columns, then A and B. A row whose A and B differ (or that one run
// lacks) is highlighted and has kDiffersRole true. Rebuilt from the two sessions' trace
// prefixes by refresh(), bracketed by a model reset. GUI thread only.

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>
#include <vector>

namespace tideline::studio {

class CompareSession;

class CompareModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum class Kind { kOutputs, kState };
  static constexpr int kDiffersRole = Qt::UserRole + 1;

  CompareModel(const CompareSession& session, Kind kind, QObject* parent = nullptr);

  void refresh();
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // Rows that differ, and the first of them (-1: none).
  int differingRows() const;
  int firstDifferingRow() const;
  // The colour of a differing row.
  static QColor differsColor();

 private:
  struct Row {
    QString key1, key2;  // batch and output, or stream and key
    QString a, b;
    bool in_a = false, in_b = false;
    bool differs() const { return in_a != in_b || a != b; }
  };

  const CompareSession& session_;
  const Kind kind_;
  std::vector<Row> rows_;
};

}  // namespace tideline::studio
