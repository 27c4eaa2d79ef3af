#pragma once

#include "Database.h"
#include "ExportFile.h"
#include "KeyRevealDialog.h"

#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTableWidget;
class QDialog;

namespace tollgate::ui {

class ClientTableModel;
class SecureClipboard;

// The Clients tab: the searchable list (or, with no clients, the way to
// create the first one), and the selected client's access profiles with the
// actions an administrator takes on them. Everything goes through the core.
class ClientsPage : public QWidget {
    Q_OBJECT

public:
    // Seams so tests drive dialogs and confirmations without blocking.
    using ExecDialog = std::function<int(QDialog*)>;
    using Confirm = std::function<bool(QWidget*, const QString& title, const QString& text)>;
    // Picks one of the choices (index), or -1 when cancelled.
    using Choose = std::function<int(QWidget*, const QString& title, const QString& label,
                                     const QStringList& choices)>;

    ClientsPage(Database& db, SecureClipboard& clipboard, QWidget* parent = nullptr);
    ~ClientsPage() override;

    void setExecDialog(ExecDialog exec) { m_exec = std::move(exec); }
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setChoose(Choose choose) { m_choose = std::move(choose); }
    void setSavePath(SavePath savePath) { m_savePath = std::move(savePath); }
    ClientTableModel* model() const { return m_model; }

public slots:
    void reload();
    void createClient();
    void createProfile();
    void focusSearch();

signals:
    void statusMessage(const QString& text);

private:
    void showClient(qint64 clientId);
    void editClient();
    void deleteClient();
    void viewProfile();
    void editProfile();
    void markReviewed();
    void markClientReviewed();
    void regenerateKey();
    void toggleSuspended();
    void deleteProfile();
    // key: the key just revealed (it fills the apikey variable), or empty.
    void exportPostman(qint64 profileId, const QString& key);
    void showReveal(const AccessProfile& profile, const QString& key);
    // key: the key just revealed, or empty (to be pasted).
    void tryIt(const AccessProfile& profile, const QString& key);
    qint64 selectedProfileId() const;
    QList<KeyRevealDialog::EndpointLine> endpointLines(const AccessProfile& profile) const;
    void showError(const QString& text);

    Database& m_db;
    SecureClipboard& m_clipboard;
    ClientTableModel* m_model;
    QLineEdit* m_search;
    QStackedWidget* m_stack;
    QTableView* m_table;
    QLabel* m_errorBanner;
    QLabel* m_clientTitle;
    QLabel* m_clientDescription;
    QTableWidget* m_profiles;
    QWidget* m_details;
    qint64 m_clientId = 0;
    ExecDialog m_exec;
    Confirm m_confirm;
    Choose m_choose;
    SavePath m_savePath;
};

} // namespace tollgate::ui
