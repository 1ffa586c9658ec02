#include "gui/windows/appearance.h"

#include <QApplication>
#include <QSettings>

namespace tideline::studio {

namespace {
const QString kThemeKey = QStringLiteral("theme");
}  // namespace

Appearance::Appearance(QObject* parent)
    : QObject(parent), base_font_(QApplication::font()), base_palette_(QApplication::palette()) {
  theme_ = QSettings().value(kThemeKey).toString() == QLatin1String("dark") ? Theme::kDark : Theme::kLight;
  if (theme_ != Theme::kLight) apply();
}

Appearance::~Appearance() {
  if (!presentation_ && theme_ == Theme::kLight) return;
  QApplication::setFont(base_font_);
  QApplication::setPalette(base_palette_);
}

void Appearance::setPresentation(bool on) {
  if (on == presentation_) return;
  presentation_ = on;
  apply();
}

void Appearance::setTheme(Theme theme) {
  if (theme == theme_) return;
  theme_ = theme;
  QSettings().setValue(kThemeKey, theme == Theme::kDark ? QStringLiteral("dark") : QStringLiteral("light"));
  apply();
}

QPalette Appearance::darkPalette() {
  QPalette p;
  const QColor window(45, 45, 48), base(30, 30, 30), text(230, 230, 230), disabled(130, 130, 130);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, window);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, disabled);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, QColor(255, 120, 120));
  p.setColor(QPalette::Light, QColor(80, 80, 84));
  p.setColor(QPalette::Midlight, QColor(64, 64, 68));
  p.setColor(QPalette::Mid, QColor(90, 90, 96));
  p.setColor(QPalette::Dark, QColor(20, 20, 22));
  p.setColor(QPalette::Shadow, QColor(0, 0, 0));
  p.setColor(QPalette::Highlight, QColor(42, 130, 218));
  p.setColor(QPalette::HighlightedText, QColor(255, 255, 255));
  p.setColor(QPalette::Link, QColor(110, 170, 255));
  p.setColor(QPalette::LinkVisited, QColor(170, 140, 255));
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, disabled);
  return p;
}

void Appearance::apply() {
  QFont f = base_font_;
  if (presentation_) {
    if (f.pointSizeF() > 0) {
      f.setPointSizeF(f.pointSizeF() * kPresentationScale);
    } else {
      f.setPixelSize(static_cast<int>(f.pixelSize() * kPresentationScale));
    }
  }
  QApplication::setFont(f);
  QApplication::setPalette(theme_ == Theme::kLight ? base_palette_ : darkPalette());
  // Widgets learn of the change through posted events: deliver them now, so
  // whoever observes changed() measures with the new font.
  QCoreApplication::sendPostedEvents(nullptr, QEvent::ApplicationFontChange);
  QCoreApplication::sendPostedEvents(nullptr, QEvent::ApplicationPaletteChange);
  emit changed();
}

}  // namespace tideline::studio
