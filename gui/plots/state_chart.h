#pragma once
// StateChart: a stateful stream's (or structured operator's) state over time,
// beside its table: each key's value after every batch that changed it, as a
// line per key (the keys with the largest values when there are many), from
// the session's trace prefix; a value that is not a number is charted by its
// first numeric field (a count in a tuple or struct), and a key that left the
// state ends its line. The changes of the current step are ringed. The x axis
// is the batch, labelled as every panel writes it. GUI thread only.

#include <QString>
#include <QWidget>

class QCustomPlot;

namespace tideline::studio {

class StudioSession;

class StateChart : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kMaxKeys = 5;
  StateChart(const StudioSession& session, const QString& stream, QWidget* parent = nullptr);
  void refresh();
  QCustomPlot* plot() const { return plot_; }
  // The keys charted, in the legend's order (tests).
  QStringList keys() const { return keys_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  const StudioSession& session_;
  QString stream_;
  QCustomPlot* plot_;
  QStringList keys_;
  QStringList styled_keys_;  // the keys when the look was last applied
};

}  // namespace tideline::studio
