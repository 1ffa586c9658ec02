#pragma once
// Appearance: how the whole application looks, for reading it from the back
// of a classroom: presentation mode scales every font by kPresentationScale
// from the font the application had when the Appearance was made (point
// sizes: correct on high-DPI screens), and the light or dark palette. Both
// are set on QApplication, so every widget follows (plots restyle on their
// FontChange and PaletteChange). The theme is kept in QSettings ("theme").
// One per application; GUI thread only.

#include <QFont>
#include <QObject>
#include <QPalette>

namespace tideline::studio {

class Appearance : public QObject {
  Q_OBJECT

 public:
  enum class Theme { kLight, kDark };
  static constexpr double kPresentationScale = 1.6;

  // Applies the stored theme.
  explicit Appearance(QObject* parent = nullptr);
  // Puts back the font and palette the application had.
  ~Appearance() override;

  bool presentation() const { return presentation_; }
  Theme theme() const { return theme_; }
  void setPresentation(bool on);
  void setTheme(Theme theme);

  // The palette of the dark theme (the light one is the style's own).
  static QPalette darkPalette();

 signals:
  void changed();

 private:
  void apply();

  QFont base_font_;
  QPalette base_palette_;
  bool presentation_ = false;
  Theme theme_ = Theme::kLight;
};

}  // namespace tideline::studio
