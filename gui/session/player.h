#pragma once
// Player: plays a scenario forward, one step per tick of a QTimer, at a chosen
// speed in steps per second; it pauses by itself at the end of the run and
// when another scenario is opened. Playing from the end starts over. Time only
// moves through the session, so a played position is the same as a stepped one.
// The session must outlive the player. GUI thread only.

#include <QObject>

class QTimer;

namespace tideline::studio {

class StudioSession;

class Player : public QObject {
  Q_OBJECT

 public:
  // The speeds offered, in steps per second.
  static constexpr double kSpeeds[] = {0.5, 1.0, 2.0, 4.0};

  explicit Player(StudioSession& session, QObject* parent = nullptr);

  bool isPlaying() const;
  double speed() const { return speed_; }
  // Milliseconds between two steps at the current speed.
  int interval() const;
  // REQUIRES: steps_per_second > 0.
  void setSpeed(double steps_per_second);

  // Does nothing without a scenario.
  void play();
  void pause();
  void togglePlaying();
  // One tick: the next step; pauses at the end. The timer calls it.
  void advance();

 signals:
  void playingChanged(bool playing);
  void speedChanged(double steps_per_second);

 private:
  StudioSession& session_;
  QTimer* timer_;
  double speed_ = 1.0;
};

}  // namespace tideline::studio
