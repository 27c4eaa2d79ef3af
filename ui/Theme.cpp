#include "Theme.h"

#include <QLabel>
#include <QPalette>

namespace tollgate::ui::Theme {

namespace {

QColor errorColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xef, 0x9a, 0x9a) : QColor(0xb7, 0x1c, 0x1c);
}

} // namespace

bool isDark(const QPalette& palette) { return palette.color(QPalette::Window).lightness() < 128; }

void markAsError(QLabel* label)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, errorColor(palette));
    label->setPalette(palette);
}

void markAsBanner(QWidget* widget)
{
    QPalette palette = widget->palette();
    const bool dark = isDark(palette);
    palette.setColor(QPalette::Window, dark ? QColor(0x4a, 0x1f, 0x1f) : QColor(0xfd, 0xec, 0xea));
    palette.setColor(QPalette::WindowText, errorColor(palette));
    widget->setPalette(palette);
    widget->setAutoFillBackground(true);
}

} // namespace tollgate::ui::Theme
