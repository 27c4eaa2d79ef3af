#pragma once

#include "Domain.h"

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace tollgate::ui {

class SecureClipboard;

// Shown once after a profile is created or its key regenerated: the key in a
// read-only monospace field with Copy (through the secure clipboard), the
// warning that it will not be shown again, the limits, the endpoints it can
// call with their full URLs, and an example request. Closing before copying
// asks first. The key is wiped from the dialog when it closes. Without a key
// (an empty one) the same view is the profile's "View key & usage" page,
// showing the key hints and their last use instead.
class KeyRevealDialog : public QDialog {
    Q_OBJECT

public:
    struct EndpointLine {
        QString method;
        QString url;
        qint64 calls = 0;
    };
    // Asks "close without copying?"; a seam so tests never block on a message box.
    using Confirm = std::function<bool(QWidget* parent, const QString& question)>;

    KeyRevealDialog(const AccessProfile& profile, const QString& key,
                    const QList<EndpointLine>& endpoints, SecureClipboard& clipboard,
                    QWidget* parent = nullptr);
    ~KeyRevealDialog() override;

    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    // Shows "Export Postman collection…", which calls exporter with the key shown (so
    // that the exported file carries it as the apikey variable).
    void setPostmanExport(std::function<void(const QString& key)> exporter);
    // Shows "Try it…", which calls tryIt with the key shown.
    void setTryIt(std::function<void(const QString& key)> tryIt);
    // Adds a titled section (the profile's usage panel) below the example request.
    void addSection(const QString& title, QWidget* section);
    bool copied() const { return m_copied; }
    static QString limitsText(const AccessProfile& profile);

    void done(int result) override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void wipe();

    SecureClipboard& m_clipboard;
    QString m_key;
    bool m_copied = false;
    Confirm m_confirm;
    QLineEdit* m_keyEdit = nullptr;
    QPlainTextEdit* m_example = nullptr; // the curl example, with the key in it
    QLabel* m_countdownLabel = nullptr;
    QPushButton* m_exportButton = nullptr;
    QVBoxLayout* m_layout = nullptr;
    std::function<void(const QString&)> m_exporter;
    QPushButton* m_tryButton = nullptr;
    std::function<void(const QString&)> m_tryIt;
};

} // namespace tollgate::ui
