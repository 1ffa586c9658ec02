#include "gui/panels/lesson_panel.h"

#include <QEvent>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>
#include <tuple>
#include <vector>

#include "gui/session/studio_session.h"

namespace tideline::studio {

namespace {
// Markdown code comes in at the fixed font's point size; let it follow the
// widget's font instead, so presentation mode enlarges it with the prose.
void dropFixedPointSizes(QTextDocument* doc) {
  std::vector<std::tuple<int, int, QTextCharFormat>> fixed;
  for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
    for (auto it = b.begin(); !it.atEnd(); ++it) {
      const QTextFragment f = it.fragment();
      if (!f.isValid() || !f.charFormat().hasProperty(QTextFormat::FontPointSize)) continue;
      QTextCharFormat format = f.charFormat();
      format.clearProperty(QTextFormat::FontPointSize);
      fixed.emplace_back(f.position(), f.length(), format);
    }
  QTextCursor cursor(doc);
  for (const auto& [position, length, format] : fixed) {
    cursor.setPosition(position);
    cursor.setPosition(position + length, QTextCursor::KeepAnchor);
    cursor.setCharFormat(format);
  }
}
}  // namespace

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
  dropFixedPointSizes(text_->document());
}

void LessonPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) refresh();
  QWidget::changeEvent(event);
}

}  // namespace tideline::studio
