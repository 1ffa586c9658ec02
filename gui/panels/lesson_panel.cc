#include "gui/panels/lesson_panel.h"

#include <QTextBrowser>
#include <QVBoxLayout>

#include "gui/session/studio_session.h"

namespace tideline::studio {

LessonPanel::LessonPanel(const StudioSession& session, QWidget* parent)
    : QWidget(parent), session_(session), text_(new QTextBrowser(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  text_->setObjectName(QStringLiteral("lessonText"));
  text_->setOpenExternalLinks(true);
  layout->addWidget(text_);
}

void LessonPanel::refresh() {
  if (!session_.isOpen()) {
    text_->clear();
    return;
  }
  QString md;
  const QString note = session_.currentNote();
  if (!note.isEmpty()) md += tr("## Note") + QStringLiteral("\n\n") + note + QStringLiteral("\n\n---\n\n");
  md += QStringLiteral("# ") + session_.title() + QStringLiteral("\n\n") + session_.summary();
  text_->setMarkdown(md);
}

}  // namespace tideline::studio
