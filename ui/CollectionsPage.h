#pragma once

#include "Database.h"
#include "ExportFile.h"

#include <QWidget>

#include <functional>

class QDialog;
class QLabel;
class QTableWidget;

namespace tollgate::ui {

// The API Collections tab: the collections with + Create new API Collection,
// Edit and Delete (the confirmation says which endpoints and profiles are
// affected), and the selected collection's endpoints with their full URLs.
class CollectionsPage : public QWidget {
    Q_OBJECT

public:
    using ExecDialog = std::function<int(QDialog*)>;
    using Confirm = std::function<bool(QWidget*, const QString& title, const QString& text)>;

    explicit CollectionsPage(Database& db, QWidget* parent = nullptr);
    void setExecDialog(ExecDialog exec) { m_exec = std::move(exec); }
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setSavePath(SavePath savePath) { m_savePath = std::move(savePath); }

public slots:
    void reload();
    void createCollection();
    void createEndpoint();

signals:
    void statusMessage(const QString& text);

private:
    void showEndpoints();
    void editCollection();
    void deleteCollection();
    void editEndpoint();
    void deleteEndpoint();
    void copyUrl();
    void copyCurl();
    void exportPostman();
    qint64 currentId(QTableWidget* table) const;
    QString urlBase(qint64 collectionId) const;
    void showError(const QString& text);

    Database& m_db;
    QTableWidget* m_collections;
    QTableWidget* m_endpoints;
    QLabel* m_errorBanner;
    ExecDialog m_exec;
    Confirm m_confirm;
    SavePath m_savePath;
};

} // namespace tollgate::ui
