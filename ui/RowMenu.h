#pragma once

#include <QObject>

#include <functional>

class QAbstractItemView;
class QMenu;
class QModelIndex;
class QTableWidgetItem;

namespace tollgate::ui {

// A table's row menu: its last column shows a horizontal ellipsis, and a click
// on it opens the menu for that row. The same menu opens on a right-click and,
// for the current row, on the keyboard's menu key or Shift+F10. The row is
// made current first, so the actions work on it like the buttons do.
class RowMenu : public QObject {
    Q_OBJECT

public:
    // fill adds the actions for the (now current) row to the menu.
    using Fill = std::function<void(QMenu& menu)>;

    RowMenu(QAbstractItemView* view, int column, Fill fill);

    // The ellipsis shown in the column, and its accessible name.
    static QString ellipsis();
    static QString accessibleText();
    // The cell of the ellipsis column in a QTableWidget.
    static QTableWidgetItem* ellipsisItem();

    // Opens the menu for the row of index (as a click on its ellipsis does); returns it.
    QMenu* open(const QModelIndex& index);

private:
    QAbstractItemView* m_view;
    int m_column;
    Fill m_fill;
};

} // namespace tollgate::ui
