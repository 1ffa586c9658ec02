#pragma once
// TimelinePanel: the time controls that are not buttons, for the time toolbar:
// the play speed, a slider over every position of the run's trace (scrubbing
// moves time there), a box to jump to batch N and where time stands. It
// follows the session's position; moving the slider or the box moves it.
// Session and player must outlive it. GUI thread only.

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace tideline::studio {

class Player;
class StudioSession;

class TimelinePanel : public QWidget {
  Q_OBJECT

 public:
  TimelinePanel(StudioSession& session, Player& player, QWidget* parent = nullptr);

  QSlider* slider() const { return slider_; }
  QSpinBox* batchBox() const { return batch_; }
  QComboBox* speedBox() const { return speed_; }
  // Puts the keyboard focus in the batch box, its text selected.
  void focusBatch();
  // Shows where time stands (the session moved or opened a scenario).
  void refresh();

 private:
  void batchEntered();

  StudioSession& session_;
  Player& player_;
  QComboBox* speed_;
  QSlider* slider_;
  QSpinBox* batch_;
  QLabel* batch_total_;
  QLabel* position_;
};

}  // namespace tideline::studio
