#include "gui/panels/lesson_panel.h"

#include <QColor>
#include <QEvent>
#include <QFile>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
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
    : QWidget(parent),
      session_(session),
      tabs_(new QTabWidget(this)),
      text_(new QTextBrowser(this)),
      source_(new QPlainTextEdit(this)),
      stale_(new QLabel(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  text_->setObjectName(QStringLiteral("lessonText"));
  text_->setOpenExternalLinks(true);
  source_->setObjectName(QStringLiteral("lessonSource"));
  source_->setReadOnly(true);
  source_->setLineWrapMode(QPlainTextEdit::NoWrap);
  source_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  stale_->setObjectName(QStringLiteral("noteSince"));
  stale_->setWordWrap(true);
  stale_->hide();
  auto* lesson = new QWidget(this);
  auto* lesson_layout = new QVBoxLayout(lesson);
  lesson_layout->setContentsMargins(0, 0, 0, 0);
  lesson_layout->setSpacing(2);
  lesson_layout->addWidget(stale_);
  lesson_layout->addWidget(text_, 1);
  tabs_->addTab(lesson, tr("Lesson"));
  tabs_->addTab(source_, tr("Source"));
  layout->addWidget(tabs_);
}

// The scenario file, with the lines of the current step highlighted and in view.
void LessonPanel::showSource() {
  if (source_path_ != session_.path()) {
    source_path_ = session_.path();
    QFile f(source_path_);
    source_->setPlainText(f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString());
  }
  QList<QTextEdit::ExtraSelection> marks;
  const int step = session_.currentStep();
  const int first = session_.stepLine(step);
  highlighted_line_ = first;
  if (first > 0) {
    // The step runs from its line to the line before the next step (or to the end).
    int last = session_.stepLine(step + 1) - 1;
    if (last < first) last = source_->document()->blockCount();
    QTextEdit::ExtraSelection sel;
    sel.format.setBackground(palette().color(QPalette::Highlight).lighter(170));
    sel.format.setProperty(QTextFormat::FullWidthSelection, true);
    QTextCursor c(source_->document()->findBlockByNumber(first - 1));
    QTextBlock end = source_->document()->findBlockByNumber(std::min(last, source_->document()->blockCount()) - 1);
    while (end.isValid() && end.blockNumber() > first - 1 && end.text().trimmed().isEmpty()) end = end.previous();
    c.setPosition(end.isValid() ? end.position() + end.length() - 1 : c.position(), QTextCursor::KeepAnchor);
    sel.cursor = c;
    marks.push_back(sel);
    QTextCursor view(source_->document()->findBlockByNumber(first - 1));
    source_->setTextCursor(view);
    source_->centerCursor();
  }
  source_->setExtraSelections(marks);
}

void LessonPanel::showFileError(const QString& path, int line, const QString& error) {
  QFile f(path);
  source_path_ = path;
  source_->setPlainText(f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString());
  QList<QTextEdit::ExtraSelection> marks;
  highlighted_line_ = 0;
  if (line > 0 && line <= source_->document()->blockCount()) {
    QTextEdit::ExtraSelection sel;
    sel.format.setBackground(QColor(0xff, 0xc9, 0xc9));
    sel.format.setForeground(QColor(0x5c, 0x00, 0x00));
    sel.format.setProperty(QTextFormat::FullWidthSelection, true);
    sel.cursor = QTextCursor(source_->document()->findBlockByNumber(line - 1));
    marks.push_back(sel);
    source_->setTextCursor(sel.cursor);
    source_->centerCursor();
    highlighted_line_ = line;
  }
  source_->setExtraSelections(marks);
  shown_markdown_.clear();
  text_->setPlainText(error);
  tabs_->setCurrentWidget(source_);
  stale_->hide();
}

void LessonPanel::refresh() {
  if (!session_.isOpen()) {
    if (!session_.errorText().isEmpty()) return;  // showFileError() shows it
    text_->clear();
    shown_markdown_.clear();
    source_->clear();
    source_path_.clear();
    return;
  }
  showSource();
  QString md;
  const QStringList failed = session_.failedCheckTexts();
  for (const QString& f : failed) md += QStringLiteral("> **") + tr("Check failed") + QStringLiteral("** ") + f + QStringLiteral("\n\n");
  const QString note = session_.currentNote();
  if (!note.isEmpty()) {
    md += tr("## Note (step %1)").arg(session_.currentNoteStep()) + QStringLiteral("\n\n");
    md += note + QStringLiteral("\n\n---\n\n");
  }
  md += QStringLiteral("# ") + session_.title() + QStringLiteral("\n\n") + session_.summary();
  // A note speaks of the run where it stands: say so, over the text, when batches ran since.
  const int since = note.isEmpty() ? 0 : session_.batchesSinceNote();
  const bool next = session_.nextPosition(StudioSession::Mark::kNote).has_value();
  stale_->setVisible(since > 0);
  QString since_text;
  if (since == 1) {
    since_text = next ? tr("A batch ran after this note; the next note (PageDown) speaks of it.")
                      : tr("A batch ran after this note.");
  } else if (since > 1) {
    since_text = (next ? tr("%1 batches ran after this note; the next note (PageDown) speaks of them.")
                       : tr("%1 batches ran after this note."))
                     .arg(since);
  }
  stale_->setText(since_text);
  // Most moves keep the note: lay the text out again only when it changes (or the font did).
  if (md != shown_markdown_ || font() != shown_font_) {
    shown_markdown_ = md;
    shown_font_ = font();
    text_->setMarkdown(md);
    dropFixedPointSizes(text_->document());
  }
}

void LessonPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) refresh();
  QWidget::changeEvent(event);
}

}  // namespace tideline::studio
