#pragma once

class QLabel;
class QPalette;
class QWidget;

namespace tollgate::ui {

// Colours that follow the light or dark palette in use, so that every screen
// stays readable in both.
namespace Theme {

bool isDark(const QPalette& palette);
// Shows the label's text as a problem: red that keeps its contrast on the palette.
void markAsError(QLabel* label);
// The bold, red-tinted look of a warning banner (a failure reported by the core).
void markAsBanner(QWidget* widget);

} // namespace Theme
} // namespace tollgate::ui
