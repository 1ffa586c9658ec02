#include "gui/windows/navigation_actions.h"

#include <QAction>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QToolBar>
#include <QWidget>

#include "gui/session/player.h"
#include "gui/session/studio_session.h"

namespace tideline::studio {

using Mark = StudioSession::Mark;

namespace {
// Transport icons drawn in the palette's text colour, so they read on light and dark themes;
// drawn large, QIcon scales them down (and greys them when disabled).
enum class Glyph { kStart, kBackBatch, kBackStep, kPlay, kPause, kStep, kBatch, kEnd };

QIcon glyphIcon(Glyph glyph, const QColor& color) {
  constexpr int kSize = 64;
  QPixmap pixmap(kSize, kSize);
  pixmap.fill(Qt::transparent);
  QPainter p(&pixmap);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(Qt::NoPen);
  p.setBrush(color);
  // Shapes on a 64x64 grid, pointing right; mirrored for the backward ones.
  auto triangle = [&p](double x, double w) {
    QPainterPath path;
    path.moveTo(x, 14);
    path.lineTo(x + w, 32);
    path.lineTo(x, 50);
    path.closeSubpath();
    p.drawPath(path);
  };
  auto bar = [&p](double x) { p.drawRect(QRectF(x, 14, 7, 36)); };
  const bool backward = glyph == Glyph::kStart || glyph == Glyph::kBackBatch || glyph == Glyph::kBackStep;
  if (backward) p.setTransform(QTransform(-1, 0, 0, 1, kSize, 0));
  switch (glyph) {
    case Glyph::kPlay: triangle(18, 32); break;
    case Glyph::kPause: bar(19); bar(38); break;
    case Glyph::kStep: case Glyph::kBackStep: triangle(16, 26); bar(43); break;
    case Glyph::kBatch: case Glyph::kBackBatch: triangle(8, 24); triangle(32, 24); break;
    case Glyph::kEnd: case Glyph::kStart: triangle(4, 22); triangle(26, 22); bar(50); break;
  }
  return QIcon(pixmap);
}
}  // namespace

NavigationActions::NavigationActions(StudioSession& session, Player& player, QWidget* window)
    : QObject(window), session_(session), player_(player), window_(window) {
  make(kStart, tr("&Start"), QKeySequence(Qt::Key_Home), &StudioSession::goToStart);
  make(kPreviousBatch, tr("Previous &batch"), QKeySequence(Qt::SHIFT | Qt::Key_Left), &StudioSession::previousBatch);
  make(kPreviousStep, tr("&Previous step"), QKeySequence(Qt::Key_Left), &StudioSession::previousStep);
  make(kPlay, tr("Pl&ay"), QKeySequence(Qt::Key_Space), nullptr);
  make(kNextStep, tr("&Next step"), QKeySequence(Qt::Key_Right), &StudioSession::nextStep);
  make(kNextBatch, tr("Next b&atch"), QKeySequence(Qt::SHIFT | Qt::Key_Right), &StudioSession::nextBatch);
  make(kEnd, tr("&End"), QKeySequence(Qt::Key_End), &StudioSession::goToEnd);
  make(kPreviousRecord, tr("Previous record"), {}, &StudioSession::previousRecord);
  make(kNextRecord, tr("Next &record"), {}, &StudioSession::nextRecord);
  make(kPreviousWindow, tr("Previous window close"), {}, &StudioSession::previousWindowClose);
  make(kNextWindow, tr("Next &window close"), {}, &StudioSession::nextWindowClose);
  make(kPreviousLate, tr("Previous late record"), {}, &StudioSession::previousLateRecord);
  make(kNextLate, tr("Next &late record"), {}, &StudioSession::nextLateRecord);
  make(kPreviousNote, tr("Previous n&ote"), QKeySequence(Qt::Key_PageUp), &StudioSession::previousNote);
  make(kNextNote, tr("Next n&ote"), QKeySequence(Qt::Key_PageDown), &StudioSession::nextNote);
  make(kJumpToBatch, tr("&Go to batch..."), QKeySequence(Qt::CTRL | Qt::Key_G), nullptr);
  connect(actions_[kPlay], &QAction::triggered, &player_, &Player::togglePlaying);

  connect(&session_, &StudioSession::positionChanged, this, &NavigationActions::update);
  connect(&session_, &StudioSession::openFailed, this, &NavigationActions::update);
  connect(&player_, &Player::playingChanged, this, &NavigationActions::update);
  updateIcons();
}

void NavigationActions::updateIcons() {
  const QColor color = window_->palette().color(QPalette::ButtonText);
  actions_[kStart]->setIcon(glyphIcon(Glyph::kStart, color));
  actions_[kPreviousBatch]->setIcon(glyphIcon(Glyph::kBackBatch, color));
  actions_[kPreviousStep]->setIcon(glyphIcon(Glyph::kBackStep, color));
  actions_[kNextStep]->setIcon(glyphIcon(Glyph::kStep, color));
  actions_[kNextBatch]->setIcon(glyphIcon(Glyph::kBatch, color));
  actions_[kEnd]->setIcon(glyphIcon(Glyph::kEnd, color));
  play_icon_ = glyphIcon(Glyph::kPlay, color);
  pause_icon_ = glyphIcon(Glyph::kPause, color);
  update();
}

QAction* NavigationActions::make(Id id, const QString& text, const QKeySequence& shortcut,
                                 void (StudioSession::*slot)()) {
  auto* a = new QAction(text, this);
  if (!shortcut.isEmpty()) {
    a->setShortcut(shortcut);
    a->setShortcutContext(Qt::ApplicationShortcut);
    a->setToolTip(tr("%1 (%2)").arg(a->iconText(), shortcut.toString(QKeySequence::NativeText)));
  }
  if (slot) connect(a, &QAction::triggered, &session_, slot);
  actions_[id] = a;
  return a;
}

void NavigationActions::addToMenu(QMenu* menu) const {
  menu->addAction(actions_[kPlay]);
  menu->addSeparator();
  for (Id id : {kPreviousNote, kNextNote}) menu->addAction(actions_[id]);
  menu->addSeparator();
  for (Id id : {kStart, kPreviousStep, kNextStep, kEnd}) menu->addAction(actions_[id]);
  menu->addSeparator();
  for (Id id : {kPreviousBatch, kNextBatch, kJumpToBatch}) menu->addAction(actions_[id]);
  menu->addSeparator();
  for (Id id : {kPreviousRecord, kNextRecord, kPreviousWindow, kNextWindow, kPreviousLate, kNextLate})
    menu->addAction(actions_[id]);
}

void NavigationActions::addToToolBar(QToolBar* bar) const {
  for (Id id : {kStart, kPreviousBatch, kPreviousStep, kPlay, kNextStep, kNextBatch, kEnd}) bar->addAction(actions_[id]);
}

void NavigationActions::update() {
  const bool open = session_.isOpen();
  const bool at_start = session_.position() == 0;
  const bool at_end = session_.position() == session_.traceLength();
  auto can = [this, open](Id id, bool ok) { actions_[id]->setEnabled(open && ok); };
  can(kStart, !at_start);
  can(kEnd, !at_end);
  can(kPreviousStep, session_.previousPosition(Mark::kStep).has_value());
  can(kNextStep, session_.nextPosition(Mark::kStep).has_value());
  can(kPreviousBatch, session_.previousPosition(Mark::kBatch).has_value());
  can(kNextBatch, session_.nextPosition(Mark::kBatch).has_value());
  can(kPreviousRecord, session_.previousPosition(Mark::kRecord).has_value());
  can(kNextRecord, session_.nextPosition(Mark::kRecord).has_value());
  can(kPreviousWindow, session_.previousPosition(Mark::kWindowClose).has_value());
  can(kNextWindow, session_.nextPosition(Mark::kWindowClose).has_value());
  can(kPreviousLate, session_.previousPosition(Mark::kLateRecord).has_value());
  can(kNextLate, session_.nextPosition(Mark::kLateRecord).has_value());
  can(kPreviousNote, session_.previousPosition(Mark::kNote).has_value());
  can(kNextNote, session_.nextPosition(Mark::kNote).has_value());
  can(kJumpToBatch, session_.batchCount() > 0);
  can(kPlay, true);
  QAction* play = actions_[kPlay];
  const bool playing = player_.isPlaying();
  play->setText(playing ? tr("P&ause") : tr("Pl&ay"));
  play->setIcon(playing ? pause_icon_ : play_icon_);
  play->setToolTip(tr("%1 (%2)").arg(play->iconText(), play->shortcut().toString(QKeySequence::NativeText)));
}

}  // namespace tideline::studio
