#pragma once
// CompareSession: File > Compare. Two runs side by side in lock step: it owns a
// StudioSession for each scenario (A, the open one, and B) and one position for both, a
// batch number k from 0 (the start) to batchCount() (the end of both runs). At k each
// run stands just after its k-th batch finished; a run with fewer batches stands at its
// end. Runs of different lengths thus stay comparable batch by batch, and a position
// depends on k only, however it was reached. open() also runs verify::DiffScenarios on
// the pair to find the first divergence and the batch that shows it. GUI thread only.

#include <QObject>
#include <QString>
#include <QStringList>

namespace tideline::studio {

class StudioSession;

class CompareSession : public QObject {
  Q_OBJECT

 public:
  explicit CompareSession(QObject* parent = nullptr);

  // Loads and runs both scenarios and compares them; moves to the start. Returns false
  // with errorText() when either does not load (the other stays closed too).
  bool open(const QString& a, const QString& b);
  bool isOpen() const;
  QString errorText() const { return error_; }

  StudioSession& a() const { return *a_; }
  StudioSession& b() const { return *b_; }

  // The lock-step position: 0..batchCount(), where batchCount() is the larger run's.
  int batchCount() const;
  int batch() const { return batch_; }
  // Moves both runs to batch `k` (clamped); emits positionChanged when it moves.
  void goToBatch(int k);
  bool nextBatch();
  bool previousBatch();
  void goToStart() { goToBatch(0); }
  void goToEnd() { goToBatch(batchCount()); }

  // The first divergence of the two runs (docs/diff.md), as text, and the batch number
  // that shows it (the batch it belongs to, or the end for "end of run"); -1 when the runs
  // are identical.
  bool identical() const { return divergence_batch_ < 0; }
  QString divergenceText() const { return divergence_; }
  int divergenceBatch() const { return divergence_batch_; }
  // Each output that differs, with its first differing batch ("print(totals): 2000 ms").
  QStringList outputDifferences() const { return output_differences_; }
  // Moves to divergenceBatch(); returns false (and stays) when the runs are identical.
  bool goToFirstDivergence();

 signals:
  void opened();
  void positionChanged(int batch);

 private:
  // The batch number of a batch named as the diff names it ("batch 3", "5000 ms") in
  // run `s`, or -1.
  static int batchNumber(const StudioSession& s, const QString& label);
  void place();

  StudioSession* a_;
  StudioSession* b_;
  QString error_;
  int batch_ = 0;
  QString divergence_;
  int divergence_batch_ = -1;
  QStringList output_differences_;
};

}  // namespace tideline::studio
