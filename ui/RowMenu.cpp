#include "RowMenu.h"

#include <QAbstractItemView>
#include <QMenu>
#include <QShortcut>
#include <QTableWidgetItem>

namespace tollgate::ui {

RowMenu::RowMenu(QAbstractItemView* view, int column, Fill fill)
    : QObject(view)
    , m_view(view)
    , m_column(column)
    , m_fill(std::move(fill))
{
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QAbstractItemView::clicked, this, [this](const QModelIndex& index) {
        if (index.column() == m_column)
            open(index);
    });
    // The keyboard's menu key and Shift+F10, for the current row, whatever the platform
    // makes of them.
    for (const QKeySequence& keys :
         {QKeySequence(Qt::Key_Menu), QKeySequence(Qt::SHIFT | Qt::Key_F10)}) {
        auto* shortcut =
            new QShortcut(keys, view, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this] { open(m_view->currentIndex()); });
    }
    connect(view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        // A right-click names its row; the menu key means the current one.
        const QModelIndex at = m_view->indexAt(pos);
        open(at.isValid() ? at : m_view->currentIndex());
    });
}

QString RowMenu::ellipsis() { return QStringLiteral("\u22EF"); }

QString RowMenu::accessibleText() { return tr("Actions"); }

QTableWidgetItem* RowMenu::ellipsisItem()
{
    auto* item = new QTableWidgetItem(ellipsis());
    item->setTextAlignment(Qt::AlignCenter);
    item->setToolTip(accessibleText());
    item->setData(Qt::AccessibleTextRole, accessibleText());
    return item;
}

QMenu* RowMenu::open(const QModelIndex& index)
{
    if (!index.isValid())
        return nullptr;
    m_view->setCurrentIndex(index.siblingAtColumn(0));
    auto* menu = new QMenu(m_view);
    menu->setObjectName(QStringLiteral("rowMenu"));
    menu->setAccessibleName(accessibleText());
    menu->setAttribute(Qt::WA_DeleteOnClose);
    m_fill(*menu);
    const QRect cell = m_view->visualRect(index.siblingAtColumn(m_column));
    menu->popup(m_view->viewport()->mapToGlobal(cell.isValid() ? cell.bottomLeft() : QPoint()));
    return menu;
}

} // namespace tollgate::ui
