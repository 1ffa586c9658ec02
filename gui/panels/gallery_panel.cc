#include "gui/panels/gallery_panel.h"

#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

#include "gui/models/gallery_model.h"
#include "gui/session/course.h"

namespace tideline::studio {

namespace {
QString levelText(const QString& level) {
  if (level == QLatin1String("beginner")) return GalleryPanel::tr("Beginner");
  if (level == QLatin1String("intermediate")) return GalleryPanel::tr("Intermediate");
  if (level == QLatin1String("advanced")) return GalleryPanel::tr("Advanced");
  return level;
}
// A level reads by its marks as well as its colour: one, two or three dots.
QString levelMarks(const QString& level) {
  if (level == QLatin1String("beginner")) return QStringLiteral("●○○");
  if (level == QLatin1String("intermediate")) return QStringLiteral("●●○");
  if (level == QLatin1String("advanced")) return QStringLiteral("●●●");
  return {};
}
}  // namespace

GalleryPanel::GalleryPanel(QWidget* parent)
    : QWidget(parent), model_(new GalleryModel(this)), scroll_(new QScrollArea(this)) {
  auto* layout = new QVBoxLayout(this);
  auto* heading = new QLabel(tr("<h2>Lessons</h2><p>Click a lesson to open it. File &gt; Add Lesson Folder adds your "
                                "own; File &gt; Open opens any scenario.</p>"),
                             this);
  heading->setWordWrap(true);
  layout->addWidget(heading);
  scroll_->setObjectName(QStringLiteral("galleryView"));
  scroll_->setWidgetResizable(true);
  scroll_->setFrameShape(QFrame::NoFrame);
  layout->addWidget(scroll_, 1);
}

void GalleryPanel::load(const QStringList& dirs, const QString& language) {
  std::vector<CourseModule> modules;
  errors_.clear();
  for (const QString& dir : dirs) {
    if (dir.isEmpty()) continue;
    QString error;
    for (CourseModule& m : readCourse(dir, language, &error)) modules.push_back(std::move(m));
    if (!error.isEmpty()) errors_ += error + QLatin1Char('\n');
  }
  model_->reset(std::move(modules));
  columns_ = 0;
  rebuild();
}

int GalleryPanel::columnsForWidth() const {
  const int card = fontMetrics().averageCharWidth() * 34;
  return std::max(1, (scroll_->viewport()->width() - 16) / std::max(1, card));
}

void GalleryPanel::rebuild() {
  columns_ = columnsForWidth();
  cards_.clear();
  page_ = new QWidget;
  auto* grid = new QGridLayout(page_);
  grid->setSpacing(10);
  int row = 0;
  if (!errors_.isEmpty()) {
    auto* e = new QLabel(errors_.trimmed(), page_);
    e->setWordWrap(true);
    grid->addWidget(e, row++, 0, 1, columns_);
  }
  for (const CourseModule& module : model_->modules()) {
    auto* title = new QLabel(QStringLiteral("<h3>%1</h3>").arg(module.title.toHtmlEscaped()), page_);
    title->setObjectName(QStringLiteral("galleryModule"));
    grid->addWidget(title, row++, 0, 1, columns_);
    int col = 0;
    for (const CourseLesson& lesson : module.lessons) {
      auto* card = new QFrame(page_);
      card->setObjectName(QStringLiteral("lessonCard"));
      card->setProperty("path", lesson.info.path);
      card->setFrameShape(QFrame::StyledPanel);
      card->setFocusPolicy(Qt::StrongFocus);
      card->setCursor(Qt::PointingHandCursor);
      card->setToolTip(lesson.info.error.isEmpty() ? lesson.info.path : lesson.info.error);
      card->setAutoFillBackground(true);
      card->setBackgroundRole(QPalette::Base);
      auto* v = new QVBoxLayout(card);
      auto* t = new QLabel(QStringLiteral("<b>%1</b>").arg(lesson.info.title.toHtmlEscaped()), card);
      t->setWordWrap(true);
      v->addWidget(t);
      if (!lesson.level.isEmpty()) {
        auto* level = new QLabel(levelMarks(lesson.level) + QLatin1Char(' ') + levelText(lesson.level), card);
        level->setObjectName(QStringLiteral("lessonLevel"));
        v->addWidget(level);
      }
      const QString summary = lesson.info.error.isEmpty() ? GalleryModel::shortSummary(lesson.info.summary)
                                                          : lesson.info.error;
      auto* s = new QLabel(summary, card);
      s->setWordWrap(true);
      s->setAlignment(Qt::AlignLeft | Qt::AlignTop);
      // About four lines of summary: the card stays a card.
      s->setMaximumHeight(s->fontMetrics().lineSpacing() * 4 + 2);
      v->addWidget(s, 1);
      card->installEventFilter(this);
      grid->addWidget(card, row, col);
      cards_ << card;
      if (++col == columns_) {
        col = 0;
        ++row;
      }
    }
    if (col != 0) ++row;
  }
  for (int c = 0; c < columns_; ++c) grid->setColumnStretch(c, 1);
  grid->setRowStretch(row, 1);
  scroll_->setWidget(page_);  // deletes the previous page
}

bool GalleryPanel::eventFilter(QObject* watched, QEvent* event) {
  auto* card = qobject_cast<QWidget*>(watched);
  if (card && cards_.contains(card)) {
    const QString path = card->property("path").toString();
    if (event->type() == QEvent::MouseButtonRelease &&
        static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
      emit openRequested(path);
      return true;
    }
    if (event->type() == QEvent::KeyPress) {
      const int key = static_cast<QKeyEvent*>(event)->key();
      if (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Space) {
        emit openRequested(path);
        return true;
      }
    }
  }
  return QWidget::eventFilter(watched, event);
}

void GalleryPanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (columns_ != 0 && columnsForWidth() != columns_) rebuild();
}

void GalleryPanel::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::FontChange && columns_ != 0) rebuild();
}

}  // namespace tideline::studio
