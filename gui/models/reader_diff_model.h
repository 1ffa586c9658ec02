#pragma once
// ReaderDiffModel: what a reader of one output finally sees after a crash run, against
// the clean run (Tools > Verify Idempotence, a cell opened). One row per item of the
// crash run's output and per item it lost: the item (a file's line, a sink's row, a
// printed block) and whether it is as in the clean run, an extra copy or missing. Rows
// are in the items' order, an extra copy next to its original; extra and missing rows are
// highlighted in their verdict's colour. set() resets the model. GUI thread only.

#include <QAbstractTableModel>
#include <QString>
#include <string>
#include <vector>

namespace tideline::studio {

class ReaderDiffModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum class Status { kSame, kExtra, kMissing };
  // The row's Status as an int.
  static constexpr int kStatusRole = Qt::UserRole + 1;

  explicit ReaderDiffModel(QObject* parent = nullptr);

  // The clean run's items and how the crash run differs (all sorted, as verify gives them).
  void set(const std::vector<std::string>& clean, const std::vector<std::string>& extra,
           const std::vector<std::string>& missing);
  void clear();

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  int extraCount() const;
  int missingCount() const;

 private:
  struct Row {
    QString item;
    Status status = Status::kSame;
  };
  std::vector<Row> rows_;
};

}  // namespace tideline::studio
