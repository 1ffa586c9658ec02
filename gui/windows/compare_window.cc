#include "gui/windows/compare_window.h"

#include <QAction>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include "gui/models/compare_model.h"
#include "gui/session/compare_session.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {
// One side's heading: which run, and where it stands.
QString sideText(const QString& side, const StudioSession& s) {
  if (!s.isOpen()) return side;
  return CompareWindow::tr("%1: %2 (%3)\nstep %4 of %5, batch %6 of %7")
      .arg(side, s.title(), QFileInfo(s.path()).fileName())
      .arg(s.currentStep())
      .arg(s.stepCount())
      .arg(s.currentBatch())
      .arg(s.batchCount());
}
}  // namespace

CompareWindow::CompareWindow(QWidget* parent)
    : QMainWindow(parent),
      session_(new CompareSession(this)),
      outputs_(new CompareModel(*session_, CompareModel::Kind::kOutputs, this)),
      state_(new CompareModel(*session_, CompareModel::Kind::kState, this)),
      position_(new QLabel(this)),
      side_a_(new QLabel(this)),
      side_b_(new QLabel(this)),
      divergence_(new QLabel(this)) {
  setObjectName(QStringLiteral("compareWindow"));
  setWindowTitle(tr("Compare - Tideline Studio"));
  QToolBar* bar = addToolBar(tr("Lock step"));
  bar->setObjectName(QStringLiteral("compareToolBar"));
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  auto add = [&](Action id, const QString& text, const QKeySequence& key, auto slot) {
    QAction* a = bar->addAction(text, this, [this, slot] { (session_->*slot)(); });
    a->setShortcut(key);
    a->setToolTip(QStringLiteral("%1 (%2)").arg(text, key.toString(QKeySequence::NativeText)));
    actions_[id] = a;
  };
  add(kStart, tr("Start"), QKeySequence(Qt::ALT | Qt::Key_Home), &CompareSession::goToStart);
  add(kPrevious, tr("Previous batch"), QKeySequence(Qt::ALT | Qt::Key_Left), &CompareSession::previousBatch);
  add(kNext, tr("Next batch"), QKeySequence(Qt::ALT | Qt::Key_Right), &CompareSession::nextBatch);
  add(kEnd, tr("End"), QKeySequence(Qt::ALT | Qt::Key_End), &CompareSession::goToEnd);
  bar->addSeparator();
  add(kDivergence, tr("First divergence"), QKeySequence(Qt::CTRL | Qt::Key_D), &CompareSession::goToFirstDivergence);
  bar->addSeparator();
  position_->setObjectName(QStringLiteral("comparePosition"));
  position_->setMargin(4);
  bar->addWidget(position_);

  auto* centre = new QWidget(this);
  auto* column = new QVBoxLayout(centre);
  divergence_->setObjectName(QStringLiteral("compareDivergence"));
  divergence_->setWordWrap(true);
  divergence_->setTextFormat(Qt::PlainText);
  divergence_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  column->addWidget(divergence_);
  auto* sides = new QHBoxLayout;
  for (QLabel* l : {side_a_, side_b_}) {
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    sides->addWidget(l, 1);
  }
  side_a_->setObjectName(QStringLiteral("compareSideA"));
  side_b_->setObjectName(QStringLiteral("compareSideB"));
  column->addLayout(sides);
  auto* panels = new QSplitter(Qt::Vertical, centre);
  auto* out_box = new QWidget(panels);
  auto* out_layout = new QVBoxLayout(out_box);
  out_layout->setContentsMargins(0, 0, 0, 0);
  out_layout->addWidget(new QLabel(tr("Outputs so far (rows that differ are highlighted)"), out_box));
  outputs_view_ = table(outputs_, QStringLiteral("compareOutputsView"));
  out_layout->addWidget(outputs_view_);
  auto* state_box = new QWidget(panels);
  auto* state_layout = new QVBoxLayout(state_box);
  state_layout->setContentsMargins(0, 0, 0, 0);
  state_layout->addWidget(new QLabel(tr("State as it stands (keys that differ are highlighted)"), state_box));
  state_view_ = table(state_, QStringLiteral("compareStateView"));
  state_layout->addWidget(state_view_);
  panels->addWidget(out_box);
  panels->addWidget(state_box);
  column->addWidget(panels, 1);
  setCentralWidget(centre);
  connect(session_, &CompareSession::positionChanged, this, &CompareWindow::refresh);
  resize(1200, 800);
  refresh();
}

QTableView* CompareWindow::table(CompareModel* model, const QString& name) {
  auto* view = new QTableView(this);
  view->setObjectName(name);
  view->setModel(model);
  view->verticalHeader()->hide();
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setWordWrap(false);
  view->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  view->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  view->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
  view->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
  return view;
}

bool CompareWindow::open(const QString& a, const QString& b) {
  const bool ok = session_->open(a, b);
  if (!ok) divergence_->setText(tr("These runs cannot be compared:\n\n%1").arg(session_->errorText()));
  setWindowTitle(tr("Compare %1 and %2 - Tideline Studio").arg(QFileInfo(a).fileName(), QFileInfo(b).fileName()));
  refresh();
  return ok;
}

void CompareWindow::refresh() {
  outputs_->refresh();
  state_->refresh();
  const bool open = session_->isOpen();
  if (open) {
    QString text = session_->divergenceText();
    if (!session_->outputDifferences().isEmpty())
      text += QLatin1Char('\n') + tr("Outputs that differ: %1").arg(session_->outputDifferences().join(QStringLiteral("; ")));
    divergence_->setText(text);
  }
  side_a_->setText(sideText(tr("A"), session_->a()));
  side_b_->setText(sideText(tr("B"), session_->b()));
  const int k = session_->batch(), n = session_->batchCount();
  position_->setText(k == 0 ? tr("Start (batch 0 of %1)").arg(n) : tr("Batch %1 of %2").arg(k).arg(n));
  actions_[kStart]->setEnabled(open && k > 0);
  actions_[kPrevious]->setEnabled(open && k > 0);
  actions_[kNext]->setEnabled(open && k < n);
  actions_[kEnd]->setEnabled(open && k < n);
  actions_[kDivergence]->setEnabled(open && !session_->identical() && session_->divergenceBatch() != k);
  // The first row that differs in sight: the rows of the latest batch are at the bottom.
  for (auto [view, model] : {std::pair{outputs_view_, outputs_}, std::pair{state_view_, state_}}) {
    const int r = model->firstDifferingRow();
    view->scrollTo(model->index(r >= 0 ? r : model->rowCount() - 1, 0));
  }
}

}  // namespace tideline::studio
