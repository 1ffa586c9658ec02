#pragma once
// LessonPanel: the scenario's summary and the current `note`, rendered as
// markdown. GUI thread only.

#include <QWidget>

class QTextBrowser;

namespace tideline::studio {

class StudioSession;

class LessonPanel : public QWidget {
  Q_OBJECT

 public:
  LessonPanel(const StudioSession& session, QWidget* parent = nullptr);
  void refresh();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  const StudioSession& session_;
  QTextBrowser* text_;
};

}  // namespace tideline::studio
