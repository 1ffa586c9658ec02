#pragma once
// NavigationActions: the Go menu's actions, which move time through the
// session and the player: start and end (Home, End), previous and next step
// (Left, Right) and batch (Shift+Left, Shift+Right), play/pause (Space), and
// previous and next record, window close and late record, and previous and
// next note (PageUp, PageDown), which move from scene to scene of a lesson. The shortcuts are
// application-wide, so they work whichever panel has focus (tables do not take
// Left/Right for themselves; text editors like the batch box do); modal dialogs
// block them. Each action is enabled only when it would move. Owned by the
// window; session and player must outlive it. GUI thread only.

#include <QIcon>
#include <QObject>
#include <array>

class QAction;
class QMenu;
class QToolBar;
class QWidget;

namespace tideline::studio {

class Player;
class StudioSession;

class NavigationActions : public QObject {
  Q_OBJECT

 public:
  enum Id {
    kStart, kPreviousBatch, kPreviousStep, kPlay, kNextStep, kNextBatch, kEnd,
    kPreviousRecord, kNextRecord, kPreviousWindow, kNextWindow, kPreviousLate, kNextLate,
    kPreviousNote, kNextNote,  // the lesson's scenes: from note to note (PageUp, PageDown)
    kJumpToBatch,  // asks for a batch number: connect to whatever shows the batch box
    kCount
  };

  NavigationActions(StudioSession& session, Player& player, QWidget* window);

  QAction* action(Id id) const { return actions_[id]; }
  // The whole Go menu, grouped.
  void addToMenu(QMenu* menu) const;
  // The transport buttons: start, batch, step, play, step, batch, end.
  void addToToolBar(QToolBar* bar) const;
  // Enables what can move from the current position; names Play or Pause.
  void update();
  // Draws the icons again in the window's palette (the theme changed).
  void updateIcons();

 private:
  QAction* make(Id id, const QString& text, const QKeySequence& shortcut, void (StudioSession::*slot)());

  StudioSession& session_;
  Player& player_;
  QWidget* window_;
  std::array<QAction*, kCount> actions_{};
  QIcon play_icon_, pause_icon_;
};

}  // namespace tideline::studio
